/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * m2p-strict: VMASST_TYPE_m2p_strict (32) and the read-only M2P in L4 slot
 * 256 (pv-abi-ladder 1.5, 2.2.3). Without it, guest user mode reads the M2P
 * at 0xffff800000000000 (here through the kernel L4, which the runtime also
 * uses as the user L4). With it, an L4 that becomes the user L4
 * (MMUEXT_NEW_USER_BASEPTR) loses slot 256: a user read faults (#PF, U
 * bit, not present) while the kernel still reads the M2P. Without it
 * again, NEW_BASEPTR puts the slot back into that L4 (Xen's fill_ro_mpt)
 * and user mode reads the M2P through it. The L4 used is a copy of the
 * kernel L4's guest slots; it is unpinned and mapped writable at the end
 * (every reference released).
 */
#include <xt-mm.h>

const char test_title[] = "m2p_strict: RO M2P out of user L4s";

#define WIN 3
#define M2P_VA 0xffff800000000000UL

static unsigned long user_read_m2p(void)
{
    unsigned long v = 0x5a5a5a5a;

    asm volatile ("1: mov (%[p]), %[v]\n\t"
                  "2:\n\t" XT_EXTABLE(1b, 2b)
                  : [v] "+r" (v) : [p] "r" (M2P_VA) : "memory");
    return v;
}

/* A user read of M2P[0]: true if it worked (and saw the kernel's value). */
static bool user_reads_m2p(const char *when)
{
    unsigned long v;

    xt_trap_reset();
    v = xt_exec_user(user_read_m2p);
    printk("%s: user read of the M2P: %s (vector %d error %#lx cr2 %#lx)\n",
           when, xt_last_trap.count ? "fault" : "ok",
           (int)xt_last_trap.vector, xt_last_trap.error_code,
           xt_last_trap.cr2);
    if ( !xt_last_trap.count )
        xt_check(v == M2P[0], "%s: user read %#lx, kernel %#lx", when, v,
                 M2P[0]);
    return !xt_last_trap.count;
}

static uint64_t slot256(void)
{
    return ((volatile uint64_t *)xt_scratch(WIN))[256];
}

/* A copy of the kernel L4's guest slots in spare frame 0, pinned. */
static unsigned long make_l4_copy(void)
{
    const uint64_t *k = (const uint64_t *)xt_start_info->pt_base;
    unsigned long l4 = xt_spare_mfn(0);
    uint64_t *t = xt_scratch(WIN);
    long rc;

    if ( xt_mmuext1(MMUEXT_CLEAR_PAGE, l4, 0) || xt_map(WIN, l4, PTE_P | PTE_RW) )
        panic("cannot prepare the L4 copy");
    for ( unsigned int i = 0; i < 512; i++ )
        if ( i < 256 || i > 271 )
            t[i] = k[i];
    xt_map(WIN, l4, PTE_P);             /* read-only view from now on */
    rc = xt_mmuext1(MMUEXT_PIN_L4_TABLE, l4, 0);
    if ( rc )
        panic("PIN_L4 of the copy = %ld", rc);
    return l4;
}

void test_main(void)
{
    unsigned long kl4 = xt_l4_mfn(), l4;
    long rc;

    xt_check(((const uint64_t *)xt_start_info->pt_base)[256] != 0,
             "kernel L4 has no RO M2P");
    xt_check(user_reads_m2p("default"), "user mode cannot read the M2P "
             "without m2p_strict");

    rc = hc_vm_assist(VMASST_CMD_enable, VMASST_TYPE_m2p_strict);
    if ( rc )
    {
        xt_skip("vm_assist(enable, m2p_strict) = %ld", rc);
        return;
    }
    l4 = make_l4_copy();
    xt_check(slot256() != 0, "strict: new L4 lacks slot 256");
    rc = xt_mmuext1(MMUEXT_NEW_USER_BASEPTR, l4, 0);
    xt_check(rc == 0, "NEW_USER_BASEPTR = %ld", rc);
    xt_check(slot256() == 0, "strict: user L4 keeps slot 256 (%#lx)",
             (unsigned long)slot256());
    xt_check(!user_reads_m2p("strict"), "strict: user mode reads the M2P");
    xt_check(xt_last_trap.vector == X86_EXC_PF &&
             xt_last_trap.error_code == X86_PFEC_USER &&
             xt_last_trap.cr2 == M2P_VA,
             "strict: want #PF[U] at the M2P, got vector %u error %#lx",
             xt_last_trap.vector, xt_last_trap.error_code);
    xt_check(((const uint64_t *)xt_start_info->pt_base)[256] != 0 &&
             M2P[kl4] == xt_start_info->pt_base >> 12,
             "strict: the kernel lost the M2P");

    /* Not strict: becoming the kernel L4 puts the slot back. */
    hc_vm_assist(VMASST_CMD_disable, VMASST_TYPE_m2p_strict);
    rc = xt_mmuext1(MMUEXT_NEW_BASEPTR, l4, 0);
    xt_check(rc == 0 && slot256() != 0,
             "NEW_BASEPTR = %ld, slot 256 %#lx", rc, (unsigned long)slot256());
    xt_check(M2P[kl4] == xt_start_info->pt_base >> 12,
             "kernel M2P read on the copy");
    rc = xt_mmuext1(MMUEXT_NEW_BASEPTR, kl4, 0);
    xt_check(rc == 0, "NEW_BASEPTR back = %ld", rc);
    xt_check(user_reads_m2p("not strict, copy as user L4"),
             "not strict: user mode cannot read the M2P");

    rc = xt_mmuext1(MMUEXT_NEW_USER_BASEPTR, kl4, 0);
    xt_check(rc == 0, "NEW_USER_BASEPTR back = %ld", rc);
    xt_check(user_reads_m2p("back"), "user read after restoring");
    rc = xt_mmuext1(MMUEXT_UNPIN_TABLE, l4, 0);
    xt_check(rc == 0, "UNPIN = %ld", rc);
    rc = xt_map(WIN, l4, PTE_P | PTE_RW);
    xt_check(rc == 0, "RW mapping of the former L4 = %ld", rc);
    xt_restore(WIN);
}
