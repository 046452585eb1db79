/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor virtual memory layout (all inside the PV-reserved L4 slots
 * 256-271, 0xffff800000000000-0xffff880000000000) and boot constants.
 * Usable from assembly.
 *
 *  slot 256  0xffff800000000000  read-only M2P, guest-visible (ABI-fixed)
 *  slot 257  0xffff808000000000  read-write M2P (hypervisor's view)
 *  slot 260  0xffff820000000000  per-domain area: per-vCPU GDT/LDT windows
 *  slot 261  0xffff82d040000000  hypervisor image (phys 0 maps here)
 *  slot 262+ 0xffff830000000000  direct map of all RAM
 */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#ifdef __ASSEMBLY__
#define _AC(x, s) x
#else
#define _AC(x, s) x##s
#endif

#define XEN_VERSION_MAJOR   4
#define XEN_VERSION_MINOR   17
#define XENOLITE_VERSION    "0.1"

#define XEN_LOAD_PHYS       _AC(0x200000, UL)          /* image load address */
#define XEN_VIRT_START      _AC(0xffff82d040000000, UL) /* maps phys 0 */
#define XEN_VIRT_PHYS_DELTA XEN_VIRT_START

#define HYPERVISOR_VIRT_START_ _AC(0xffff800000000000, UL)
#define HYPERVISOR_VIRT_END_   _AC(0xffff880000000000, UL)
#define RO_MPT_VIRT_START   _AC(0xffff800000000000, UL)
#define RO_MPT_VIRT_END     _AC(0xffff804000000000, UL)
#define RDWR_MPT_VIRT_START _AC(0xffff808000000000, UL)
#define RDWR_MPT_VIRT_END   _AC(0xffff80c000000000, UL)
#define PERDOMAIN_VIRT_START _AC(0xffff820000000000, UL)
#define DIRECTMAP_VIRT_START _AC(0xffff830000000000, UL)
#define DIRECTMAP_VIRT_END  _AC(0xffff880000000000, UL)

#define FIRST_HV_L4_SLOT    256
#define LAST_HV_L4_SLOT     271

#define NR_CPUS             8
#define STACK_ORDER         3                   /* 32 KiB per-CPU stacks */
#define STACK_SIZE          (_AC(4096, UL) << STACK_ORDER)

#endif /* ASM_CONFIG_H */
