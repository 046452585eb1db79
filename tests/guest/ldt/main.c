/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ldt: MMUEXT_SET_LDT (pv-abi-ladder 2.2.3, 3.7). An LDT page holding a
 * flat data segment whose base is a variable of ours is mapped read-only
 * and set as the LDT; loading its selector (index 1, TI, RPL 3) into %fs
 * and reading %fs:0 returns the variable, from guest kernel and guest user
 * mode (the hypervisor maps the page on the first use). While in use the
 * page cannot be mapped writable; after SET_LDT(0, 0) it can. An LDT page
 * holding a system descriptor (a TSS) cannot be used: the load faults
 * with #PF at the LDT's linear address (cr2 = base + 8), as on Xen.
 */
#include <xt-mm.h>

const char test_title[] = "MMUEXT_SET_LDT: a data segment through the LDT";

#define WIN     4               /* RW window to write the LDT page */
#define LDT_WIN 5               /* the LDT's linear address */
#define SEL     ((1 << 3) | 4 | 3)

static volatile uint64_t target = 0x0123456789abcdefUL;

/* Present, DPL 3, data read/write accessed, 4 GiB, 32-bit. */
static uint64_t data_desc(uint32_t base)
{
    return 0xffffUL | ((uint64_t)(base & 0xffffff) << 16) |
           (0xf3UL << 40) | (0xcfUL << 48) | ((uint64_t)(base >> 24) << 56);
}

static unsigned long fs_read(void)
{
    unsigned long v = 0;

    asm volatile ("1: mov %w[s], %%fs\n\t"
                  "mov %%fs:0, %[v]\n\t"
                  "2:\n\t" XT_EXTABLE(1b, 2b)
                  : [v] "+r" (v) : [s] "r" (SEL) : "memory");
    return v;
}

static void fs_reset(void)
{
    asm volatile ("mov %w0, %%fs" :: "r" (0));
    hc_set_segment_base(SEGBASE_FS, 0);
}

/* Spare frame 0 as an LDT with desc at index 1, mapped RO at LDT_WIN. */
static unsigned long ldt_page(uint64_t desc)
{
    unsigned long mfn = xt_spare_mfn(0);
    uint64_t *t = xt_scratch(WIN);

    if ( xt_mmuext1(MMUEXT_CLEAR_PAGE, mfn, 0) || xt_map(WIN, mfn, PTE_P | PTE_RW) )
        panic("cannot prepare the LDT page");
    t[1] = desc;
    xt_restore(WIN);
    if ( xt_map(LDT_WIN, mfn, PTE_P) )
        panic("cannot map the LDT page read-only");
    return mfn;
}

static long set_ldt(unsigned long base, unsigned int ents)
{
    mmuext_op_t op;

    memset(&op, 0, sizeof(op));
    op.cmd = MMUEXT_SET_LDT;
    op.arg1.linear_addr = base;
    op.arg2.nr_ents = ents;
    return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void good_ldt(void)
{
    unsigned long mfn = ldt_page(data_desc((uint32_t)(unsigned long)&target));
    unsigned long v;
    long rc;

    rc = set_ldt((unsigned long)xt_scratch(LDT_WIN), 3);
    xt_check(rc == 0, "SET_LDT = %ld", rc);

    xt_trap_reset();
    v = fs_read();
    xt_check(xt_last_trap.count == 0 && v == target,
             "kernel %%fs:0 through the LDT = %#lx (traps %u vector %d)", v,
             xt_last_trap.count, (int)xt_last_trap.vector);
    fs_reset();

    xt_trap_reset();
    v = xt_exec_user(fs_read);
    xt_check(xt_last_trap.count == 0 && v == target,
             "user %%fs:0 through the LDT = %#lx (traps %u vector %d)", v,
             xt_last_trap.count, (int)xt_last_trap.vector);
    fs_reset();

    rc = xt_map(WIN, mfn, PTE_P | PTE_RW);
    printk("RW mapping of the LDT page in use: %ld\n", rc);
    xt_check(rc == -XEN_EBUSY, "RW mapping of the LDT page in use = %ld", rc);
    xt_restore(WIN);

    rc = set_ldt(0, 0);
    xt_check(rc == 0, "SET_LDT(0, 0) = %ld", rc);
    rc = xt_map(WIN, mfn, PTE_P | PTE_RW);
    xt_check(rc == 0, "RW mapping of the former LDT page = %ld", rc);
    xt_restore(WIN);
}

static void bad_ldt(void)
{
    unsigned long base = (unsigned long)xt_scratch(LDT_WIN), mfn;
    /* A present 64-bit TSS descriptor (system type 9). */
    unsigned long v;
    long rc;

    mfn = ldt_page((0x89UL << 40) | 0x67);
    rc = set_ldt(base, 3);
    xt_check(rc == 0, "SET_LDT (bad page) = %ld", rc);
    xt_trap_reset();
    v = fs_read();
    printk("load through a bad LDT page: traps %u vector %d error %#lx "
           "cr2 %#lx\n", xt_last_trap.count, (int)xt_last_trap.vector,
           xt_last_trap.error_code, xt_last_trap.cr2);
    xt_check(xt_last_trap.count == 1 && xt_last_trap.vector == X86_EXC_PF &&
             xt_last_trap.cr2 == base + 8,
             "bad LDT page: want #PF at %#lx, got vector %d cr2 %#lx (v %#lx)",
             base + 8, (int)xt_last_trap.vector, xt_last_trap.cr2, v);
    fs_reset();
    set_ldt(0, 0);
    rc = xt_map(WIN, mfn, PTE_P | PTE_RW);
    xt_check(rc == 0, "RW mapping of the bad LDT page = %ld", rc);
    xt_restore(WIN);
}

static void arg_checks(void)
{
    xt_check(set_ldt(0x1001, 3) == -XEN_EINVAL, "misaligned base accepted");
    xt_check(set_ldt(0x1000, 8193) == -XEN_EINVAL, "8193 entries accepted");
    xt_check(set_ldt(0xffff800000000000UL, 1) == -XEN_EINVAL,
             "base in the hypervisor hole accepted");
}

void test_main(void)
{
    arg_checks();
    good_ldt();
    bad_ldt();
    xt_restore(LDT_WIN);
}
