/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV domain builder (arch/x86/pv/dom0_build.c) as used for the initial
 * domain and for the unprivileged domains started at boot (dom0less,
 * common/dom0less.c).
 */
#ifndef ASM_PV_BUILD_H
#define ASM_PV_BUILD_H

#include <xen/types.h>

struct domain;
struct boot_module;

struct pv_build_info {
    const struct boot_module *kernel;   /* ELF or bzImage; its string = cmdline */
    const struct boot_module *initrd;   /* NULL: none */
    unsigned long nr_pages;             /* memory of the domain */
    /*
     * true: the initial domain (SIF_PRIVILEGED|SIF_INITDOMAIN, magic with
     * the PAE "p", no console/xenstore pages). false: a domU with a console
     * ring and a xenstore page after start_info (pv-abi-ladder 1.3 step 5),
     * their ports (console served by the hypervisor, xenstore waiting for
     * domain 0) and grant refs 0/1 seeded for domain 0.
     */
    bool initial;
};

/*
 * Build d (created, vCPU 0 present, no frames yet) from info: frames,
 * page tables validated and pinned, ELF loaded, P2M/M2P, start_info,
 * vCPU 0 ready to run. 0 or a negative errno (the reason is printed).
 */
int pv_build_domain(struct domain *d, const struct pv_build_info *info);

#endif /* ASM_PV_BUILD_H */
