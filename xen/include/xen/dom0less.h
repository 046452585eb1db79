/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains started at boot without a toolstack (arch/x86/dom0less.c) and the
 * hypervisor's console back end for them (common/console_backend.c).
 * docs/boot.md describes the `domu=` option.
 */
#ifndef XEN_DOM0LESS_H
#define XEN_DOM0LESS_H

#include <xen/types.h>

struct boot_info;
struct domain;

/*
 * Build and unpause one unprivileged domain per `domu=` option (ids from
 * 1), before domain 0 takes its memory. Bad options are reported (naming
 * the key) and that domain is left out; the boot goes on.
 */
void create_boot_domus(const struct boot_info *bi);
/* Is module idx a domU's kernel or ramdisk (so not domain 0's initrd)? */
bool boot_module_claimed(unsigned int idx);

/*
 * Console back end: d's console ring (start_info.console.domU) is drained
 * to COM1 with the "(dN) " prefix every few milliseconds; the guest's port
 * is raised when room was made. console_backend_flush drains every ring
 * now (before the machine goes down).
 */
void console_backend_add(struct domain *d);
void console_backend_start(void);
void console_backend_flush(void);

#endif /* XEN_DOM0LESS_H */
