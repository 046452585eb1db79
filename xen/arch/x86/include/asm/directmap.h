/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical <-> hypervisor virtual addresses: the direct map of all RAM at
 * DIRECTMAP_VIRT_START, and the image itself at XEN_VIRT_START (asm/config.h).
 * Frame-number forms: mfn_to_virt() and virt_to_mfn() in asm/mm.h.
 */
#ifndef ASM_DIRECTMAP_H
#define ASM_DIRECTMAP_H

#include <asm/config.h>

#define __va(pa) ((void *)((unsigned long)(pa) + DIRECTMAP_VIRT_START))
#define __pa(va) ((paddr_t)((unsigned long)(va) >= XEN_VIRT_START && \
                            (unsigned long)(va) < DIRECTMAP_VIRT_START ? \
                            (unsigned long)(va) - XEN_VIRT_START :      \
                            (unsigned long)(va) - DIRECTMAP_VIRT_START))

#endif /* ASM_DIRECTMAP_H */
