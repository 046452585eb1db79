/* SPDX-License-Identifier: GPL-2.0-only */
/* Included first by every hypervisor source (see xen/xen.mk). */
#ifndef XEN_CONFIG_H
#define XEN_CONFIG_H

#include <asm/config.h>

/*
 * The image lives at 0xffff82d040000000, outside the top 2 GiB, so
 * -mcmodel=kernel cannot be used. Code is compiled position-independent with
 * every symbol hidden: references become RIP-relative, with no GOT.
 */
#ifndef __ASSEMBLY__
#pragma GCC visibility push(hidden)
#endif

#endif /* XEN_CONFIG_H */
