/* SPDX-License-Identifier: GPL-2.0-only */
/* GDT/IDT/TSS layouts and per-CPU descriptor-table setup. */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#include <xen/types.h>
#include <public/xen.h>

/* Xen's reserved selectors (ladder 1.9). */
#define __HYPERVISOR_CS   0xe008
#define __HYPERVISOR_DS   0xe010
#define TSS_SELECTOR      0xe040
#define LDT_SELECTOR      0xe050
#define PER_CPU_SELECTOR  0xe060

/* IST slots: each of these vectors runs on its own known-good stack. */
#define IST_DF   1
#define IST_NMI  2
#define IST_MCE  3
#define IST_DB   4
#define IST_MAX  4

struct tss64 {
    uint32_t _rsvd0;
    uint64_t rsp0, rsp1, rsp2;
    uint64_t _rsvd1;
    uint64_t ist[7];
    uint64_t _rsvd2;
    uint16_t _rsvd3;
    uint16_t iomap_base;
} __attribute__((packed, aligned(16)));

struct idt_entry {
    uint16_t offset_lo, selector;
    uint8_t ist, type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi, _rsvd;
};

void cpu_desc_init(unsigned int cpu);
void idt_set_dpl(unsigned int vec, unsigned int dpl);

#endif /* ASM_DESC_H */
