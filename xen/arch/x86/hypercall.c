/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypercall table and the 64-bit PV entry: `syscall` in guest kernel
 * mode with the number in rax and arguments in rdi, rsi, rdx, r10, r8
 * (pv-abi-ladder 0.1). Numbers without a handler return -ENOSYS; so do
 * numbers outside the table. Long hypercalls poll hypercall_preempt_check()
 * and stop early; continuations rewind RIP over the 2-byte `syscall` so the
 * guest re-issues the call with updated arguments (after any event upcall
 * or another vCPU's turn), and multicall continues from the entry it was at.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/current.h>
#include <asm/uaccess.h>
#include <xen/param.h>

/* Debug aid: log the first N hypercalls with their arguments and result. */
static unsigned int opt_hypercall_trace;
integer_param("hypercall_trace", opt_hypercall_trace);

typedef long hypercall_fn_t(const unsigned long *a);

/*
 * One wrapper per handler, converting the six raw argument slots to the
 * handler's own parameter types. HC<n>(name) for a handler of n arguments.
 */
#define HC0(n) static long hc_##n(const unsigned long *a) { return do_##n(); }
#define HC1(n) static long hc_##n(const unsigned long *a) { return do_##n(a[0]); }
#define HC2(n) static long hc_##n(const unsigned long *a) \
    { return do_##n(a[0], a[1]); }
#define HC3(n) static long hc_##n(const unsigned long *a) \
    { return do_##n(a[0], a[1], a[2]); }
#define HC4(n) static long hc_##n(const unsigned long *a) \
    { return do_##n(a[0], a[1], a[2], a[3]); }
#define HC5(n) static long hc_##n(const unsigned long *a) \
    { return do_##n(a[0], a[1], a[2], a[3], a[4]); }

/* Handlers, in hypercall-number order. Add a line here and to the table. */
HC1(set_trap_table)
HC4(mmu_update)
HC2(set_gdt)
HC2(stack_switch)
HC3(set_callbacks)
HC1(fpu_taskswitch)
HC2(set_debugreg)
HC1(get_debugreg)
HC2(update_descriptor)
HC2(memory_op)
HC2(multicall)
HC3(update_va_mapping)
HC1(set_timer_op)
HC1(event_channel_op_compat)
HC3(console_io)
HC2(xen_version)
HC2(vm_assist)
HC3(grant_table_op)
HC4(update_va_mapping_otherdomain)
HC0(iret)
HC3(vcpu_op)
HC2(set_segment_base)
HC4(mmuext_op)
HC2(sched_op)
HC2(callback_op)
HC2(nmi_op)
HC2(event_channel_op)
HC2(physdev_op)
HC1(sysctl)
HC1(domctl)

#define ENTRY(n) [__HYPERVISOR_##n] = hc_##n

static hypercall_fn_t *const hypercall_table[64] = {
    ENTRY(set_trap_table),
    ENTRY(mmu_update),
    ENTRY(set_gdt),
    ENTRY(stack_switch),
    ENTRY(set_callbacks),
    ENTRY(fpu_taskswitch),
    ENTRY(set_debugreg),
    ENTRY(get_debugreg),
    ENTRY(update_descriptor),
    ENTRY(memory_op),
    ENTRY(multicall),
    ENTRY(update_va_mapping),
    ENTRY(set_timer_op),
    ENTRY(event_channel_op_compat),
    ENTRY(console_io),
    ENTRY(xen_version),
    ENTRY(vm_assist),
    ENTRY(grant_table_op),
    ENTRY(update_va_mapping_otherdomain),
    ENTRY(iret),
    ENTRY(vcpu_op),
    ENTRY(set_segment_base),
    ENTRY(mmuext_op),
    ENTRY(sched_op),
    ENTRY(callback_op),
    ENTRY(nmi_op),
    ENTRY(event_channel_op),
    ENTRY(physdev_op),
    ENTRY(sysctl),
    ENTRY(domctl),
};

long hypercall_dispatch(unsigned int nr, const unsigned long args[6])
{
    if ( nr >= ARRAY_SIZE(hypercall_table) || !hypercall_table[nr] )
        return -ENOSYS;
    return hypercall_table[nr](args);
}

/*
 * Per-CPU state of the hypercall being run (a vCPU leaves its pCPU only on
 * the way out, so it stays on this CPU throughout): whether one is running,
 * whether it already rewrote the guest's registers for a continuation, and
 * when it first asked whether to stop (0: not yet).
 */
struct hc_state {
    bool active;
    bool continued;
    s_time_t start;
};
static struct hc_state hc_state[NR_CPUS];

/* Per-CPU: the multicall entry being run, if any. */
struct mc_state {
    bool active;
    bool stop;
    bool continuation;
    unsigned int nr;
    unsigned long args[6];
};
static struct mc_state mc_state[NR_CPUS];

bool in_multicall(void)
{
    return mc_state[smp_processor_id()].active;
}

void multicall_stop(void)
{
    mc_state[smp_processor_id()].stop = true;
}

/* Make the guest issue hypercall nr(a) again: RIP back over `syscall`. */
static void restart_in_guest(unsigned long nr, const unsigned long a[6])
{
    struct cpu_user_regs *regs = guest_cpu_user_regs();

    regs->rax = nr;
    regs->rdi = a[0];
    regs->rsi = a[1];
    regs->rdx = a[2];
    regs->r10 = a[3];
    regs->r8 = a[4];
    regs->r9 = a[5];
    regs->rip -= 2;
    hc_state[smp_processor_id()].continued = true;
}

void pv_hypercall(struct cpu_user_regs *regs)
{
    struct hc_state *hs = &hc_state[smp_processor_id()];
    unsigned long nr = regs->rax;
    unsigned long args[6] = {
        regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, regs->r9,
    };
    long rc;

    hs->active = true;
    hs->continued = false;
    hs->start = 0;
    /* All 64 bits name the hypercall: 0x100000011 is not xen_version. */
    rc = nr >= ARRAY_SIZE(hypercall_table) ? -ENOSYS
                                           : hypercall_dispatch(nr, args);
    hs->active = false;
    if ( opt_hypercall_trace )
    {
        opt_hypercall_trace--;
        printk("d%u hypercall %lu(%#lx, %#lx, %#lx, %#lx, %#lx) = %ld\n",
               current->domain->domain_id, nr, args[0], args[1], args[2],
               args[3], args[4], rc);
    }
    /*
     * -ERESTART: a continuation rewrote the registers, or the handler wants
     * the same call again (destroydomain). iret replaced the whole register
     * frame and returns the frame's rax.
     */
    if ( rc == -ERESTART && !hs->continued )
        restart_in_guest(nr, args);
    else if ( rc != -ERESTART )
        regs->rax = rc;
}

long hypercall_create_continuation(unsigned int nr, unsigned int nargs, ...)
{
    unsigned long a[6] = { 0 };
    va_list ap;

    va_start(ap, nargs);
    for ( unsigned int i = 0; i < nargs && i < 6; i++ )
        a[i] = va_arg(ap, unsigned long);
    va_end(ap);

    if ( in_multicall() )
    {
        /* do_multicall saves the entry and continues the batch from it. */
        struct mc_state *mc = &mc_state[smp_processor_id()];

        mc->continuation = true;
        mc->nr = nr;
        memcpy(mc->args, a, sizeof(a));
        return nr;
    }
    restart_in_guest(nr, a);
    return -ERESTART;
}

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

/* Run one entry; a bare -ERESTART means "the same arguments again". */
static void run_entry(struct mc_state *mc, struct multicall_entry *ent)
{
    mc->active = true;
    mc->stop = false;
    mc->continuation = false;
    ent->result = ent->op >= ARRAY_SIZE(hypercall_table) ? -ENOSYS
                  : hypercall_dispatch(ent->op, (unsigned long *)ent->args);
    mc->active = false;
    if ( ent->result == (xen_ulong_t)-ERESTART && !mc->continuation )
    {
        mc->continuation = true;
        mc->nr = ent->op;
        memcpy(mc->args, ent->args, sizeof(mc->args));
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

    if ( mc->active )
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
            /* iret took over the registers: the batch ends here (XSA-213). */
            return guest_cpu_user_regs()->rax;

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
