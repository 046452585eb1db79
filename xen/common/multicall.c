/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The arch-neutral half of hypercall handling: when a long hypercall should
 * stop (hypercall_preempt_check), and multicall (hc 13), which runs a batch
 * of hypercalls through hypercall_dispatch and continues a preempted batch
 * from the entry it was at. The guest entry and the register side of
 * continuations are in arch/x86/pv/hypercall.c.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/current.h>
#include <asm/uaccess.h>

/* Per CPU: the guest hypercall being run (xen/hypercall.h). */
struct hc_state hc_state[NR_CPUS];

/*
 * Per-CPU: the multicall entry being run, if any (whether one is running
 * is hc_state's `multicall`, which iret reads inline).
 */
struct mc_state {
    bool stop;
    bool continuation;
    unsigned long nr;
    unsigned long args[6];
};
static struct mc_state mc_state[NR_CPUS];

/*
 * Interrupts are off in the hypervisor, so nothing interrupts a long
 * hypercall: it polls instead. Stop when a timer of this CPU is due (a
 * guest timer, the time slice, accounting), when an event waits for the
 * calling vCPU, or after HYPERCALL_SLICE in this call (covers a peer asking
 * this CPU to reschedule). Outside a guest's hypercall (boot-time callers)
 * never: nobody would continue the work.
 */
#define HYPERCALL_SLICE MILLISECS(1)

bool hypercall_preempt_check(void)
{
    struct hc_state *hs = &hc_state[smp_processor_id()];
    s_time_t now;

    if ( !hs->active )
        return false;
    if ( timer_softirq_pending() || vcpu_event_deliverable(current) )
        return true;
    now = NOW();
    if ( !hs->start )
        hs->start = now;
    return now - hs->start >= HYPERCALL_SLICE;
}

void multicall_stop(void)
{
    mc_state[smp_processor_id()].stop = true;
}

bool multicall_save_continuation(unsigned long nr, const unsigned long a[6],
                                 unsigned int nargs)
{
    struct mc_state *mc = &mc_state[smp_processor_id()];

    if ( !in_multicall() )
        return false;
    /*
     * do_multicall writes the entry back and continues the batch from it.
     * Arguments past nargs keep the entry's values (run_entry loaded them).
     */
    mc->continuation = true;
    mc->nr = nr;
    memcpy(mc->args, a, nargs * sizeof(a[0]));
    return true;
}

/* Run one entry; a bare -ERESTART means "the same arguments again". */
static void run_entry(struct mc_state *mc, struct multicall_entry *ent)
{
    hc_state[smp_processor_id()].multicall = true;
    mc->stop = false;
    mc->continuation = false;
    memcpy(mc->args, ent->args, sizeof(mc->args));
    ent->result = hypercall_dispatch(ent->op, (unsigned long *)ent->args);
    hc_state[smp_processor_id()].multicall = false;
    if ( ent->result == (xen_ulong_t)-ERESTART && !mc->continuation )
    {
        mc->continuation = true;
        mc->nr = ent->op;
    }
}

/* Continue the multicall at entry va (n entries left). */
static long multicall_continue(unsigned long va, unsigned int n)
{
    return hypercall_create_continuation(__HYPERVISOR_multicall, 2, va,
                                         (unsigned long)n);
}

/*
 * multicall: run each 64-byte entry {op, result, args[6]} in turn, writing
 * back only `result`. A failing entry does not stop the batch; iret does.
 * Preempted between entries, the multicall continues at the next one;
 * preempted inside one, that entry is written back with its continued
 * arguments (the guest sees them, as on Xen) and the multicall continues
 * at it.
 */
long do_multicall(unsigned long call_list, unsigned int nr_calls)
{
    struct mc_state *mc = &mc_state[smp_processor_id()];
    struct multicall_entry ent;
    unsigned int i;

    if ( in_multicall() )
        return -EINVAL;                 /* no nesting */

    for ( i = 0; i < nr_calls; i++ )
    {
        unsigned long va = call_list + (unsigned long)i * sizeof(ent);

        if ( i && hypercall_preempt_check() )
            return multicall_continue(va, nr_calls - i);
        if ( copy_from_guest_va(&ent, va, sizeof(ent)) )
            return -EFAULT;

        run_entry(mc, &ent);
        if ( mc->stop )
            /*
             * iret took over the registers: the batch ends here (XSA-213)
             * and the multicall returns what iret did, the frame's rax.
             */
            return ent.result;

        if ( mc->continuation )
        {
            ent.op = mc->nr;
            memcpy(ent.args, mc->args, sizeof(ent.args));
            if ( copy_to_guest_va(va, &ent, sizeof(ent)) )
                return -EFAULT;
            return multicall_continue(va, nr_calls - i);
        }
        if ( copy_to_guest_va(va + offsetof(struct multicall_entry, result),
                              &ent.result, sizeof(ent.result)) )
            return -EFAULT;
    }
    return 0;
}
