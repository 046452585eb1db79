/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake machine of FM_FRAMES frames for the frame-table tests
 * (test_page_type.c, test_pt_validate.c) and the page-type fuzz harness:
 * frame memory, a frame table, three domains and mm_ops that count maps,
 * flushes and frees.
 */
#ifndef UNIT_FAKE_MM_H
#define UNIT_FAKE_MM_H

#include <xen/types.h>
#include <asm/page.h>
#include <asm/page_info.h>

#define FM_FRAMES   64          /* RAM frames 0..63; 64.. are MMIO */
#define FM_DOM_B    56          /* frames 56..63 belong to dom_b */

/* What the fake fills into the hypervisor slots of a guest L4. */
#define FM_XEN_SLOT(i) pte_from_mfn(_mfn(0x100000 + (i)), _PAGE_PRESENT | _PAGE_RW)

struct domain { int id; bool io; };
extern struct domain dom_a, dom_b, dom_io;
extern unsigned int fm_flushes, fm_freed, fm_maps;
/* mm_ops->mark_dirty calls (log-dirty) and the frame of the last one. */
extern unsigned long fm_dirty, fm_dirty_last;
/*
 * hypercall_preempt_check() says yes on every fm_preempt_every-th call
 * (0: never; fm_reset sets 0); fm_preempt_checks counts the calls.
 */
extern unsigned int fm_preempt_every, fm_preempt_checks;

/* Fresh machine: frames 0..55 owned by dom_a, 56..63 by dom_b, all zero. */
void fm_reset(void);
struct page_info *fm_pg(unsigned long mfn);
intpte_t *fm_table(unsigned long mfn);
intpte_t fm_pte(unsigned long mfn, unsigned long flags);
/* Exact audit of the whole machine: 0 problems expected. */
unsigned long fm_audit(void);
/*
 * Relinquish every frame; returns the number of problems found (a count
 * left non-zero, a frame not freed, a mapping not released).
 */
unsigned long fm_release_all(void);

#endif /* UNIT_FAKE_MM_H */
