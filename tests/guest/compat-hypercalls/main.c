/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * compat-hypercalls: the pre-3.0.2 forms, and numbers nobody handles.
 *  - sched_op_compat (6): SCHEDOP_yield returns 0; SCHEDOP_block returns
 *    once the armed timer's event is pending; other commands are -ENOSYS.
 *    (Its SCHEDOP_shutdown takes the reason itself; not run: it would end
 *    the test.)
 *  - physdev_op_compat (19): a struct physdev_op {cmd, u}; set_iopl through
 *    it takes effect (cli in kernel mode faults at IOPL 0, not at 1), a bad
 *    IOPL is -EINVAL, an unknown command -ENOSYS, an unreadable struct
 *    -EFAULT.
 *  - numbers outside Xen's ABI (11, 43..47, 56..64, high bits set) are
 *    -ENOSYS through both transports and as multicall entries, and the
 *    rest of the batch still runs.
 * Both compat calls were once in the handler list but not the table.
 */
#include <xt.h>
#include <public/physdev.h>

const char test_title[] = "sched_op_compat, physdev_op_compat, unknown numbers";

#define HOLE 0xffff830000000000UL
#define MS   1000000ULL

static void check_sched_op_compat(void)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 0 };
    uint64_t t0;
    long rc;

    for ( int raw = 0; raw < 2; raw++ )
    {
        xt_raw_hypercalls = raw;
        rc = hc_sched_op_compat(SCHEDOP_yield, 0);
        xt_check(rc == 0, "%s: sched_op_compat(yield) = %ld",
                 raw ? "raw" : "page", rc);
        rc = hc_sched_op_compat(99, 0);
        xt_check(rc == -XEN_ENOSYS, "sched_op_compat(99) = %ld, want -ENOSYS",
                 rc);
    }
    xt_raw_hypercalls = false;

    rc = hc_event_channel_op(EVTCHNOP_bind_virq, &bv);
    if ( rc )
    {
        xt_error("bind_virq(VIRQ_TIMER) = %ld", rc);
        return;
    }
    __atomic_fetch_and(&xt_shared_info->evtchn_mask[bv.port / 64],
                       ~(1UL << (bv.port % 64)), __ATOMIC_SEQ_CST);
    t0 = xt_now_ns();
    rc = hc_set_timer_op(t0 + 5 * MS);
    xt_check(rc == 0, "set_timer_op = %ld", rc);
    rc = hc_sched_op_compat(SCHEDOP_block, 0);  /* unmasks events itself */
    xt_shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
    xt_check(rc == 0, "sched_op_compat(block) = %ld", rc);
    xt_check((xt_shared_info->evtchn_pending[bv.port / 64] >> (bv.port % 64)) & 1,
             "sched_op_compat(block) returned without a timer event");
    printk("sched_op_compat: block returned after %lu us\n",
           (unsigned long)((xt_now_ns() - t0) / 1000));
}

static unsigned int cli_traps(void)
{
    xt_trap_reset();
    asm volatile ("1: cli; 2:\n\t" XT_EXTABLE(1b, 2b));
    asm volatile ("3: sti; 4:\n\t" XT_EXTABLE(3b, 4b));
    return xt_last_trap.count;
}

static long compat_set_iopl(unsigned int iopl)
{
    struct physdev_op op = { .cmd = PHYSDEVOP_set_iopl };

    op.u.set_iopl.iopl = iopl;
    return hc_physdev_op_compat(&op);
}

static void check_physdev_op_compat(void)
{
    struct physdev_op op = { .cmd = 0x7fff };
    long rc;

    rc = compat_set_iopl(1);
    xt_check(rc == 0, "physdev_op_compat(set_iopl 1) = %ld", rc);
    xt_check(cli_traps() == 0, "cli at IOPL 1 faulted");
    rc = compat_set_iopl(0);
    xt_check(rc == 0, "physdev_op_compat(set_iopl 0) = %ld", rc);
    xt_check(cli_traps() >= 1 && xt_last_trap.vector == X86_EXC_GP,
             "cli at IOPL 0: %u traps, vector %u", xt_last_trap.count,
             xt_last_trap.vector);

    rc = compat_set_iopl(4);
    xt_check(rc == -XEN_EINVAL, "physdev_op_compat(set_iopl 4) = %ld", rc);
    rc = hc_physdev_op_compat(&op);
    xt_check(rc == -XEN_ENOSYS, "physdev_op_compat(cmd %#x) = %ld, want "
             "-ENOSYS", op.cmd, rc);
    rc = hc_physdev_op_compat((void *)HOLE);
    xt_check(rc == -XEN_EFAULT, "physdev_op_compat(hole) = %ld", rc);
}

static const unsigned long unknown[] = {
    11, 43, 47, 56, 63, 64, 127, 0x100000000UL | __HYPERVISOR_multicall,
};

static void check_unknown_numbers(void)
{
    struct multicall_entry mc[ARRAY_SIZE(unknown) + 1];
    long rc;

    for ( unsigned int i = 0; i < ARRAY_SIZE(unknown); i++ )
    {
        rc = hypercall_raw(unknown[i], 0, 0, 0, 0, 0);
        xt_check(rc == -XEN_ENOSYS, "raw hypercall %#lx = %ld, want -ENOSYS",
                 unknown[i], rc);
        if ( unknown[i] < 128 )
        {
            rc = hypercall_page_call(unknown[i], 0, 0, 0, 0, 0);
            xt_check(rc == -XEN_ENOSYS, "page hypercall %lu = %ld, want "
                     "-ENOSYS", unknown[i], rc);
        }
    }

    memset(mc, 0, sizeof(mc));
    for ( unsigned int i = 0; i < ARRAY_SIZE(unknown); i++ )
        mc[i].op = unknown[i];
    mc[ARRAY_SIZE(unknown)].op = __HYPERVISOR_xen_version;  /* XENVER_version */
    rc = hc_multicall(mc, ARRAY_SIZE(mc));
    xt_check(rc == 0, "multicall = %ld", rc);
    for ( unsigned int i = 0; i < ARRAY_SIZE(unknown); i++ )
        xt_check(mc[i].result == (xen_ulong_t)-XEN_ENOSYS,
                 "multicall entry op %#lx = %ld, want -ENOSYS", unknown[i],
                 (long)mc[i].result);
    xt_check((long)mc[ARRAY_SIZE(unknown)].result > 0,
             "xen_version after the unknown entries = %ld",
             (long)mc[ARRAY_SIZE(unknown)].result);
}

void test_main(void)
{
    check_sched_op_compat();
    check_physdev_op_compat();
    check_unknown_numbers();
}
