/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hostile-hypercalls: every hypercall number 0..63 (and a selection above)
 * with garbage arguments; the hypervisor must survive, refuse with a
 * negative error, and answer unknown numbers with -ENOSYS.
 *
 * Argument patterns (all six argument registers):
 *   hole      0xffff830000000000 + 0x1000 * (i + 1): hypervisor-hole pointers
 *   noncanon  0x8000000000000000 + 0x1000 * (i + 1): non-canonical pointers
 *   ones      ~0: huge counts, pointer at the top of the address space
 *   beef      0xdeadbeefdeadbeef + i
 * The low 32 bits double as sub-op numbers, and none of them is a valid
 * sub-op of a multiplexed hypercall (0x1000.., 0xffffffff, 0xdeadbeef..),
 * so each call reaches an argument check and must fail.
 *
 * Choices (what is not fuzzed, or is allowed to succeed):
 *   23 iret            not called: it would "return" to a garbage frame.
 *   3 stack_switch, 4 set_callbacks, 5 fpu_taskswitch, 15 set_timer_op
 *                      accept any value by design (the ABI does not check
 *                      them); the result is only printed and the runtime's
 *                      state is restored after each call.
 *   37 kexec_op        any result: Xen 4.17 answers 0 to sub-ops it does not
 *                      know; only survival is checked.
 *   12 memory_op       cmd bits 6+ are the continuation start extent, and
 *                      the reservation sub-ops (cmd & 0x3f = 0) return the
 *                      extents done so far even when the argument cannot be
 *                      read: rc must be negative or exactly cmd >> 6.
 *   0 set_trap_table   never called with NULL (that legitimately clears the
 *                      virtual IDT); garbage pointers must give -EFAULT.
 * A second pass sweeps the small sub-op numbers of the multiplexed calls
 * with hypervisor-hole pointers, leaving out the sub-ops that are
 * destructive whatever the pointer: sched_op block/shutdown/
 * remote_shutdown, sched_op_compat entirely, vcpu_op down/send_nmi, and
 * (not swept at all) kexec, platform_op, domctl/sysctl. Only survival is
 * checked there; non-negative results are printed.
 */
#include <xt.h>

const char test_title[] = "hostile hypercall arguments and unknown numbers";

#define HOLE 0xffff830000000000UL

struct pattern { const char *name; unsigned long base, step; };
static const struct pattern patterns[] = {
    { "hole",     HOLE,                  0x1000 },
    { "noncanon", 0x8000000000000000UL,  0x1000 },
    { "ones",     ~0UL,                  0 },
    { "beef",     0xdeadbeefdeadbeefUL,  1 },
};

static bool any_result(unsigned int nr)
{
    return nr == __HYPERVISOR_stack_switch || nr == __HYPERVISOR_set_callbacks ||
           nr == __HYPERVISOR_fpu_taskswitch || nr == __HYPERVISOR_set_timer_op ||
           nr == __HYPERVISOR_kexec_op;
}

/* Numbers with no hypercall in the ABI: must be -ENOSYS. */
static bool unused(unsigned long nr)
{
    return nr == 11 || (nr >= 43 && nr <= 47) || nr >= 50;
}

static void restore_state(void)
{
    xt_install_callbacks();
    hc_fpu_taskswitch(0);
    HC(__HYPERVISOR_set_timer_op, 0, 0, 0, 0, 0);
}

static void fuzz_numbers(void)
{
    unsigned int failures = 0;

    for ( unsigned int p = 0; p < ARRAY_SIZE(patterns); p++ )
    {
        const struct pattern *pt = &patterns[p];
        unsigned long a[6];

        for ( unsigned int i = 0; i < 6; i++ )
            a[i] = pt->base + pt->step * (pt->step == 1 ? i : i + 1);

        /* Alternate transports: odd patterns through a raw syscall. */
        xt_raw_hypercalls = p & 1;
        for ( unsigned int nr = 0; nr < 64; nr++ )
        {
            long rc;

            if ( nr == __HYPERVISOR_iret )
                continue;
            rc = hypercall(nr, a[0], a[1], a[2], a[3], a[4]);
            if ( any_result(nr) )
            {
                xt_raw_hypercalls = false;
                restore_state();
                xt_raw_hypercalls = p & 1;
                printk("%s: hypercall %u = %ld (accepted by design)\n",
                       pt->name, nr, rc);
                continue;
            }
            if ( nr == __HYPERVISOR_memory_op && rc == (long)(a[0] >> 6) )
                continue;
            if ( unused(nr) ? rc != -XEN_ENOSYS : rc >= 0 )
            {
                if ( failures++ < 20 )
                    xt_fail("%s: hypercall %u returned %ld%s", pt->name, nr, rc,
                            unused(nr) ? ", want -ENOSYS" : "");
            }
        }
        xt_raw_hypercalls = false;
        printk("pattern %s: numbers 0..63 done\n", pt->name);
    }
}

static void fuzz_high_numbers(void)
{
    static const unsigned long nrs[] = {
        64, 65, 100, 127, 128, 255, 256, 0x1000, 0xffff, 0x7fffffff,
        0x80000000, 0xffffffff, 0x100000000UL, 0x100000011UL, ~0UL,
    };

    for ( unsigned int i = 0; i < ARRAY_SIZE(nrs); i++ )
    {
        long raw = hypercall_raw(nrs[i], HOLE, ~0UL, HOLE, 0, 0);

        xt_check(raw == -XEN_ENOSYS, "raw hypercall %#lx = %ld, want -ENOSYS",
                 nrs[i], raw);
        if ( nrs[i] < 128 )
        {
            long page = hypercall_page_call(nrs[i], HOLE, ~0UL, HOLE, 0, 0);

            xt_check(page == -XEN_ENOSYS, "page hypercall %lu = %ld, want "
                     "-ENOSYS", nrs[i], page);
        }
    }
    printk("high numbers done\n");
}

struct sweep { unsigned int nr, max_sub; unsigned long deny; };
static const struct sweep sweeps[] = {
    { __HYPERVISOR_xen_version,      12, 0 },
    { __HYPERVISOR_console_io,        1, 0 },
    { __HYPERVISOR_memory_op,        31, 0 },
    { __HYPERVISOR_event_channel_op, 15, 0 },
    { __HYPERVISOR_grant_table_op,   14, 0 },
    { __HYPERVISOR_physdev_op,       31, 0 },
    { __HYPERVISOR_callback_op,       3, 0 },
    { __HYPERVISOR_vm_assist,         1, 0 },
    /* vcpu_op: 2 = down, 11 = send_nmi. */
    { __HYPERVISOR_vcpu_op,          15, (1UL << 2) | (1UL << 11) },
    /* sched_op: 1 = block, 2 = shutdown, 4 = remote_shutdown. */
    { __HYPERVISOR_sched_op,          7, (1UL << 1) | (1UL << 2) | (1UL << 4) },
};

static void sweep_subops(void)
{
    for ( unsigned int s = 0; s < ARRAY_SIZE(sweeps); s++ )
    {
        const struct sweep *sw = &sweeps[s];

        for ( unsigned int sub = 0; sub <= sw->max_sub; sub++ )
        {
            unsigned long arg2 = HOLE + 0x2000;
            long rc;

            if ( sw->deny & (1UL << sub) )
                continue;
            /* vcpu_op(cmd, vcpuid, arg): vcpu 0; grant ops: count 1. */
            if ( sw->nr == __HYPERVISOR_vcpu_op )
                rc = HC(sw->nr, sub, 0, HOLE, 0, 0);
            else if ( sw->nr == __HYPERVISOR_grant_table_op )
                rc = HC(sw->nr, sub, HOLE, 1, 0, 0);
            else if ( sw->nr == __HYPERVISOR_console_io )
                rc = HC(sw->nr, sub, 16, HOLE, 0, 0);
            else if ( sw->nr == __HYPERVISOR_vm_assist )
                rc = HC(sw->nr, sub, 31, 0, 0, 0);  /* no such type */
            else
                rc = HC(sw->nr, sub, HOLE, arg2, 0, 0);
            if ( rc >= 0 )
                printk("sweep: hypercall %u sub-op %u = %ld\n", sw->nr, sub, rc);
        }
    }
    printk("sub-op sweep done\n");
}

/* The hypervisor and our setup survived: a few calls and a trap. */
static unsigned long user_answer(void) { return 42; }

static void check_alive(void)
{
    long ver = hc_xen_version(XENVER_version, 0);

    xt_check(ver > 0, "xen_version after fuzzing = %ld", ver);
    xt_trap_reset();
    asm volatile ("int3" ::: "memory");
    xt_check(xt_last_trap.count == 1 && xt_last_trap.vector == X86_EXC_BP,
             "int3 after fuzzing: count %u vector %u", xt_last_trap.count,
             xt_last_trap.vector);
    xt_check(xt_exec_user(user_answer) == 42, "user mode after fuzzing");
}

void test_main(void)
{
    fuzz_numbers();
    fuzz_high_numbers();
    sweep_subops();
    check_alive();
}
