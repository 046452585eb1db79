/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writable page tables (VMASST_TYPE_writable_pagetables, pv-abi-ladder
 * 2.2.4): with the assist enabled, the guest kernel writes entries of one
 * of its L1 tables through the table's read-only mapping, as Linux does
 * (mov, xchg, lock cmpxchg, lock bts/btr, 4-byte halves), and each write
 * is validated and installed. For an invalid new entry, a misaligned
 * write, or a write to the L4 the guest gets the #PF.
 */
#include <xt-mm.h>

const char test_title[] = "writable page tables: mov/xchg/cmpxchg/bts/btr";

#define WIN 4

static volatile uint64_t *pte;       /* entry mapping WIN, via the RO L1 */
static uint64_t orig;

/* Store v into *p with a plain mov; true if it faulted (#PF). */
static bool mov_faults(volatile uint64_t *p, uint64_t v)
{
    xt_trap_reset();
    asm volatile ("1: movq %[v], (%[p])\n\t"
                  "2:\n\t" XT_EXTABLE(1b, 2b)
                  :: [p] "r" (p), [v] "r" (v) : "memory");
    return xt_last_trap.count && xt_last_trap.vector == X86_EXC_PF;
}

static uint64_t addr_of(uint64_t e)
{
    return e & PTE_ADDR;
}

/*
 * Xen 4.17 emulates the write even with the assist disabled (observed);
 * Xenolite requires it, as older Xen did. Both are fine for guests, which
 * enable it (Linux does): only report what happens.
 */
static void without_assist(void)
{
    long rc = hc_vm_assist(VMASST_CMD_disable, VMASST_TYPE_writable_pagetables);

    xt_check(rc == 0, "vm_assist(disable) = %ld", rc);
    printk("write to an RO L1 without the assist: %s\n",
           mov_faults(pte, orig) ? "#PF" : "emulated");
    rc = hc_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables);
    xt_check(rc == 0, "vm_assist(enable) = %ld", rc);
}

static void forms(void)
{
    unsigned long mfn = xt_spare_mfn(0);
    uint64_t want = (mfn << 12) | PTE_P | PTE_RW | PTE_A | PTE_D, old;
    volatile uint64_t *w = xt_scratch(WIN);
    uint32_t lo;
    bool zf, cf;

    /* mov */
    xt_check(!mov_faults(pte, want), "mov of a PTE faulted");
    xt_check(addr_of(*pte) == mfn << 12 && (*pte & PTE_RW), "mov: entry %#lx",
             (unsigned long)*pte);
    xt_mmuext1(MMUEXT_INVLPG_LOCAL, (unsigned long)w, 0);
    w[0] = 0xabcdef;
    xt_check(w[0] == 0xabcdef, "mov: write through the new mapping lost");

    /* xchg: back to the original frame, old value returned */
    old = orig;
    asm volatile ("xchg %[v], (%[p])" : [v] "+r" (old) : [p] "r" (pte)
                  : "memory");
    xt_check(addr_of(old) == mfn << 12, "xchg returned %#lx", (unsigned long)old);
    xt_check(addr_of(*pte) == addr_of(orig), "xchg: entry %#lx",
             (unsigned long)*pte);

    /* lock cmpxchg: a mismatch changes nothing, a match installs */
    old = 0x1234000;
    asm volatile ("lock cmpxchg %[n], (%[p])" : "+a" (old), "=@ccz" (zf)
                  : [n] "r" (want), [p] "r" (pte) : "memory");
    xt_check(!zf && addr_of(old) == addr_of(orig), "cmpxchg mismatch: zf %d",
             zf);
    asm volatile ("lock cmpxchg %[n], (%[p])" : "+a" (old), "=@ccz" (zf)
                  : [n] "r" (want), [p] "r" (pte) : "memory");
    xt_check(zf && addr_of(*pte) == mfn << 12, "cmpxchg match: zf %d entry "
             "%#lx", zf, (unsigned long)*pte);

    /* lock btr/bts on the RW bit, as ptep_set_wrprotect does */
    asm volatile ("lock btrq $1, (%[p])" : "=@ccc" (cf) : [p] "r" (pte)
                  : "memory");
    xt_check(cf && !(*pte & PTE_RW), "btr: cf %d entry %#lx", cf,
             (unsigned long)*pte);
    asm volatile ("lock btsq $1, (%[p])" : "=@ccc" (cf) : [p] "r" (pte)
                  : "memory");
    xt_check(!cf && (*pte & PTE_RW), "bts: cf %d entry %#lx", cf,
             (unsigned long)*pte);

    /* lock and: clear A (ptep_test_and_clear_young style) */
    asm volatile ("lock andq %[m], (%[p])" :: [m] "r" (~PTE_A), [p] "r" (pte)
                  : "memory");
    xt_check(!(*pte & PTE_A) && addr_of(*pte) == mfn << 12, "and: entry %#lx",
             (unsigned long)*pte);

    /* A 4-byte store of the low half (naturally aligned) is merged. */
    lo = (uint32_t)orig;
    asm volatile ("movl %[v], (%[p])" :: [v] "r" (lo), [p] "r" (pte)
                  : "memory");
    xt_check((uint32_t)*pte == lo, "4-byte store: entry %#lx",
             (unsigned long)*pte);
    xt_check(!mov_faults(pte, orig), "restoring the entry faulted");
    xt_mmuext1(MMUEXT_INVLPG_LOCAL, (unsigned long)w, 0);
}

static void refusals(void)
{
    unsigned long l1 = (unsigned long)pte & ~0xfffUL;
    uint64_t *l4 = (uint64_t *)xt_start_info->pt_base;

    /* Mapping the L1 itself writable is not a valid entry. */
    xt_check(mov_faults(pte, (xt_virt_to_mfn((void *)l1) << 12) | PTE_P |
                        PTE_RW), "writable mapping of an L1 was installed");
    xt_check(*pte == orig, "entry changed by a refused write");
    /* Misaligned 8-byte store across two entries. */
    xt_check(mov_faults((volatile uint64_t *)((uintptr_t)pte + 4), 0),
             "misaligned PTE write was emulated");
    /* Higher levels are never emulated. */
    xt_check(mov_faults(&l4[45], 0), "write to the L4 did not "
             "fault");
}

void test_main(void)
{
    uint64_t *p = NULL;

    xt_pte_maddr((unsigned long)xt_scratch(WIN), 1, &p);
    pte = p;
    orig = *pte;
    printk("entry for %#lx at %#lx: %#lx\n",
           (unsigned long)xt_scratch(WIN), (unsigned long)pte,
           (unsigned long)orig);

    without_assist();
    forms();
    refusals();
}
