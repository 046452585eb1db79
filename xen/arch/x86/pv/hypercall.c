/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypercall table and the 64-bit PV entry: `syscall` in guest kernel
 * mode with the number in rax and arguments in rdi, rsi, rdx, r10, r8
 * (pv-abi-ladder 0.1). The table is expanded from XEN_HYPERCALL_LIST
 * (public/hypercall-defs.h); numbers without a handler and numbers outside
 * the table return -ENOSYS. Continuations rewind RIP over the 2-byte
 * `syscall` so the guest re-issues the call with updated arguments (after
 * any event upcall or another vCPU's turn); inside a multicall they go to
 * common/multicall.c instead.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <xen/param.h>

/* Debug aid: log the first N hypercalls with their arguments and result. */
static unsigned int opt_hypercall_trace;
integer_param("hypercall_trace", opt_hypercall_trace);

typedef long hypercall_fn_t(const unsigned long *a);
typedef long hypercall_regs_fn_t(const struct cpu_user_regs *r);

/*
 * Two wrappers per handler, converting the raw arguments to the handler's
 * own parameter types (its prototype from the same list): hc_<name> reads
 * six slots of an array (multicall entries), hcr_<name> the guest's saved
 * argument registers directly (the guest's `syscall`: no copy on the hot
 * path).
 */
#define HC_CALL0 ()
#define HC_CALL1 (a[0])
#define HC_CALL2 (a[0], a[1])
#define HC_CALL3 (a[0], a[1], a[2])
#define HC_CALL4 (a[0], a[1], a[2], a[3])
#define HC_CALL5 (a[0], a[1], a[2], a[3], a[4])
#define HC_RCALL0 ()
#define HC_RCALL1 (r->rdi)
#define HC_RCALL2 (r->rdi, r->rsi)
#define HC_RCALL3 (r->rdi, r->rsi, r->rdx)
#define HC_RCALL4 (r->rdi, r->rsi, r->rdx, r->r10)
#define HC_RCALL5 (r->rdi, r->rsi, r->rdx, r->r10, r->r8)
#define HC_WRAPPER(name, nr, nargs, types)                          \
    static long hc_##name(const unsigned long *a)                   \
    {                                                               \
        (void)a;                                                    \
        return do_##name HC_CALL##nargs;                            \
    }                                                               \
    static long hcr_##name(const struct cpu_user_regs *r)           \
    {                                                               \
        (void)r;                                                    \
        return do_##name HC_RCALL##nargs;                           \
    }
XEN_HYPERCALL_LIST(HC_WRAPPER, XEN_HC_SKIP_N)

#define HC_ENTRY(name, nr, nargs, types) [nr] = hc_##name,
static hypercall_fn_t *const hypercall_table[XEN_NR_HYPERCALLS] = {
    XEN_HYPERCALL_LIST(HC_ENTRY, XEN_HC_SKIP_N)
};

#define HC_REGS_ENTRY(name, nr, nargs, types) [nr] = hcr_##name,
static hypercall_regs_fn_t *const hypercall_regs_table[XEN_NR_HYPERCALLS] = {
    XEN_HYPERCALL_LIST(HC_REGS_ENTRY, XEN_HC_SKIP_N)
};

/* Names for the trace, handled or not. */
#define HC_NAME_H(name, nr, nargs, types) [nr] = #name,
#define HC_NAME_N(name, nr) [nr] = #name,
static const char *const hypercall_names[XEN_NR_HYPERCALLS] = {
    XEN_HYPERCALL_LIST(HC_NAME_H, HC_NAME_N)
};

/* All 64 bits name the hypercall: 0x100000011 is not xen_version. */
long hypercall_dispatch(unsigned long nr, const unsigned long args[6])
{
    if ( nr >= ARRAY_SIZE(hypercall_table) || !hypercall_table[nr] )
        return -ENOSYS;
    return hypercall_table[nr](args);
}

/* Make the guest issue hypercall nr(a) again: RIP back over `syscall`. */
/*
 * Only the first nargs argument registers change, as on Xen: a guest may
 * keep live values in the others across a hypercall (Linux's wrappers do
 * not list r9 as clobbered; zeroing it crashed dom0 in gntdev).
 */
static void restart_in_guest(unsigned long nr, const unsigned long a[6],
                             unsigned int nargs)
{
    struct cpu_user_regs *regs = guest_cpu_user_regs();
    unsigned long *reg[6] = {
        &regs->rdi, &regs->rsi, &regs->rdx, &regs->r10, &regs->r8, &regs->r9,
    };

    regs->rax = nr;
    for ( unsigned int i = 0; i < nargs && i < 6; i++ )
        *reg[i] = a[i];
    regs->rip -= 2;
    hc_state[smp_processor_id()].continued = true;
}

static void trace_hypercall(unsigned long nr, const unsigned long args[6],
                            long rc)
{
    const char *name = nr < ARRAY_SIZE(hypercall_names) ? hypercall_names[nr]
                                                         : NULL;

    if ( opt_hypercall_trace )         /* another CPU may have used the last */
        opt_hypercall_trace--;
    if ( name )
        printk("d%u %s(%#lx, %#lx, %#lx, %#lx, %#lx) = %ld\n",
               current->domain->domain_id, name, args[0], args[1], args[2],
               args[3], args[4], rc);
    else
        printk("d%u hypercall %lu(%#lx, %#lx, %#lx, %#lx, %#lx) = %ld\n",
               current->domain->domain_id, nr, args[0], args[1], args[2],
               args[3], args[4], rc);
}

/*
 * Run the guest's hypercall regs->rax and put its result in regs->rax;
 * returns the handler's result. The handler reads its arguments from the
 * saved registers (hcr_<name>), so nothing is copied on the way in. A
 * handler changes the argument registers only through a continuation
 * (restart_in_guest, which notes it in hc_state.continued); iret replaces
 * other registers only. So a bare -ERESTART finds the call's own
 * arguments still in rdi..r9 and only needs rax and RIP rewound.
 */
static always_inline long hypercall_run(struct cpu_user_regs *regs)
{
    struct hc_state *hs = &hc_state[smp_processor_id()];
    unsigned long nr = regs->rax;
    long rc;

    hypercall_begin(hs);
    if ( likely(nr < ARRAY_SIZE(hypercall_regs_table)) &&
         likely(hypercall_regs_table[nr]) )
        rc = hypercall_regs_table[nr](regs);
    else
        rc = -ENOSYS;
    /* The vCPU leaves this CPU only on the way out: hs is still ours. */
    hypercall_end(hs);
    /*
     * -ERESTART: a continuation rewrote the registers, or the handler wants
     * the same call again (destroydomain). iret replaced the whole register
     * frame and returns the frame's rax.
     */
    if ( likely(rc != -ERESTART) )
        regs->rax = rc;
    else if ( !hs->continued )
    {
        regs->rax = nr;
        regs->rip -= 2;
    }
    return rc;
}

/* hypercall_run() with the call logged (hypercall_trace=N). */
static noinline void pv_hypercall_traced(struct cpu_user_regs *regs)
{
    unsigned long nr = regs->rax;
    unsigned long args[6] = {
        regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, regs->r9,
    };

    trace_hypercall(nr, args, hypercall_run(regs));
}

void pv_hypercall(struct cpu_user_regs *regs)
{
    if ( unlikely(opt_hypercall_trace) )
        pv_hypercall_traced(regs);
    else
        hypercall_run(regs);
}

long hypercall_create_continuation(unsigned int nr, unsigned int nargs, ...)
{
    unsigned long a[6] = { 0 };
    va_list ap;

    va_start(ap, nargs);
    for ( unsigned int i = 0; i < nargs && i < 6; i++ )
        a[i] = va_arg(ap, unsigned long);
    va_end(ap);

    if ( multicall_save_continuation(nr, a, nargs) )
        return nr;
    restart_in_guest(nr, a, nargs);
    return -ERESTART;
}
