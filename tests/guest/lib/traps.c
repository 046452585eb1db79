/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trap dispatch for the guest test kernels: exception-table fixups, the
 * trap record tests inspect, the user-mode return path, virtual IDT setup.
 */
#include <xt.h>

/* Saved by handle_trap (entry.c), lowest address first. */
struct xt_regs {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;     /* from the bounce frame */
};

struct extable_entry { uint64_t fault, fixup; };
extern const struct extable_entry __start_xt_extable[], __stop_xt_extable[];

extern const uint8_t xt_exec_user_resume[], xt_user_return[];
extern uint64_t xt_user_saved_rsp;
extern const uint8_t xt_entry_event[], xt_entry_syscall[], xt_entry_failsafe[];
extern uint8_t xt_user_entry_stack[];

volatile struct xt_trap xt_last_trap;
void (*xt_event_hook)(void);

void xt_trap_reset(void)
{
    memset((void *)&xt_last_trap, 0, sizeof(xt_last_trap));
    xt_last_trap.vector = ~0U;
}

static const struct extable_entry *extable_find(uint64_t rip)
{
    const struct extable_entry *e;

    for ( e = __start_xt_extable; e < __stop_xt_extable; e++ )
        if ( e->fault == rip )
            return e;
    return NULL;
}

static void record(const struct xt_regs *regs)
{
    xt_last_trap.vector = regs->vector;
    xt_last_trap.error_code = regs->error_code;
    xt_last_trap.rip = regs->rip;
    xt_last_trap.cs = regs->cs;
    xt_last_trap.cr2 = xt_shared_info ? xt_shared_info->vcpu_info[0].arch.cr2 : 0;
    xt_last_trap.count++;
}

void xt_do_trap(struct xt_regs *regs);
void xt_do_trap(struct xt_regs *regs)
{
    const struct extable_entry *e;
    bool from_user = (regs->cs & 3) == 3;

    if ( regs->vector == XT_VEC_EVENT )
    {
        if ( xt_event_hook )
            xt_event_hook();
        /* Events stay masked in these tests; acknowledge a stray upcall. */
        else if ( xt_shared_info )
            xt_shared_info->vcpu_info[0].evtchn_upcall_pending = 0;
        return;
    }

    if ( regs->vector == X86_EXC_BP && from_user &&
         regs->rip == (uint64_t)xt_user_return )
    {
        /* Back to kernel mode (RPL 0 CS) in xt_exec_user(); rax = result. */
        regs->rip = (uint64_t)xt_exec_user_resume;
        regs->cs = FLAT_KERNEL_CS & ~3;
        regs->ss = FLAT_KERNEL_SS;
        regs->rsp = xt_user_saved_rsp;
        return;
    }

    e = extable_find(regs->rip);
    if ( e )
    {
        record(regs);
        regs->rip = e->fixup;
        return;
    }

    /* Traps (RIP already after the instruction): record and carry on. */
    if ( regs->vector == X86_EXC_BP || regs->vector == X86_EXC_OF ||
         (regs->vector >= 32 && regs->vector < 256) ||
         regs->vector == XT_VEC_SYSCALL )
    {
        record(regs);
        return;
    }

    panic("unhandled exception: vector %lu error %#lx at %#lx (cs %#lx, "
          "%s mode) cr2 %#lx rsp %#lx rflags %#lx",
          regs->vector, regs->error_code, regs->rip, regs->cs,
          from_user ? "user" : "kernel",
          xt_shared_info ? xt_shared_info->vcpu_info[0].arch.cr2 : 0,
          regs->rsp, regs->rflags);
}

void xt_failsafe(void);
void xt_failsafe(void)
{
    panic("failsafe callback: the hypervisor could not load a segment");
}

long xt_set_trap(unsigned int vector, unsigned int dpl)
{
    trap_info_t t[2];

    memset(t, 0, sizeof(t));
    t[0].vector = vector;
    t[0].flags = dpl & 3;
    t[0].cs = FLAT_KERNEL_CS;
    t[0].address = xt_entry_stub(vector);
    return hc_set_trap_table(t);
}

/* Exceptions the runtime handles from the start (not NMI, #DF, #MC). */
static const uint8_t default_vectors[] = {
    X86_EXC_DE, X86_EXC_DB, X86_EXC_BP, X86_EXC_OF, X86_EXC_BR, X86_EXC_UD,
    X86_EXC_NM, X86_EXC_TS, X86_EXC_NP, X86_EXC_SS, X86_EXC_GP, X86_EXC_PF,
    X86_EXC_MF, X86_EXC_AC, X86_EXC_XM,
};

static void register_callback(unsigned int type, unsigned int flags,
                              const void *addr)
{
    struct callback_register cb = {
        .type = type, .flags = flags, .address = (uint64_t)addr,
    };
    long rc = hc_callback_op(CALLBACKOP_register, &cb);

    if ( rc )
        panic("callback_op(register, type %u) = %ld", type, rc);
}

/* (Re)install the runtime's callbacks and user->kernel stack. */
void xt_install_callbacks(void)
{
    long rc;

    register_callback(CALLBACKTYPE_event, 0, xt_entry_event);
    register_callback(CALLBACKTYPE_failsafe, 0, xt_entry_failsafe);
    register_callback(CALLBACKTYPE_syscall, CALLBACKF_mask_events,
                      xt_entry_syscall);
    rc = hc_stack_switch(FLAT_KERNEL_SS,
                         (uint64_t)xt_user_entry_stack + 0x4000);
    if ( rc )
        panic("stack_switch = %ld", rc);
}

void xt_traps_init(void)
{
    trap_info_t t[ARRAY_SIZE(default_vectors) + 1];
    unsigned int i, n = 0;
    long rc;

    memset(t, 0, sizeof(t));
    for ( i = 0; i < ARRAY_SIZE(default_vectors); i++, n++ )
    {
        t[n].vector = default_vectors[i];
        /* #BP and #OF may be raised by int3/into from user mode. */
        t[n].flags = (t[n].vector == X86_EXC_BP || t[n].vector == X86_EXC_OF)
                     ? 3 : 0;
        t[n].cs = FLAT_KERNEL_CS;
        t[n].address = xt_entry_stub(t[n].vector);
    }
    rc = hc_set_trap_table(t);
    if ( rc )
        panic("set_trap_table = %ld", rc);
    xt_trap_reset();
    xt_install_callbacks();
}

int rdmsr_safe(uint32_t msr, uint64_t *val)
{
    uint32_t lo = 0, hi = 0;

    xt_trap_reset();
    asm volatile ("1: rdmsr; 2:\n\t" XT_EXTABLE(1b, 2b)
                  : "+a" (lo), "+d" (hi) : "c" (msr));
    *val = ((uint64_t)hi << 32) | lo;
    return xt_last_trap.count ? (int)xt_last_trap.vector : -1;
}

int wrmsr_safe(uint32_t msr, uint64_t val)
{
    xt_trap_reset();
    asm volatile ("1: wrmsr; 2:\n\t" XT_EXTABLE(1b, 2b)
                  :: "a" ((uint32_t)val), "d" ((uint32_t)(val >> 32)),
                     "c" (msr));
    return xt_last_trap.count ? (int)xt_last_trap.vector : -1;
}

void xt_expect_trap(const char *what, unsigned int vec, uint64_t ec,
                    uint64_t rip, bool user)
{
    volatile struct xt_trap *t = &xt_last_trap;

    printk("%s: count %u vector %#x error %#lx rip %#lx cs %#lx\n", what,
           t->count, t->vector, t->error_code, t->rip, t->cs);
    if ( t->count != 1 )
    {
        xt_fail("%s: %u traps recorded, want 1", what, t->count);
        return;
    }
    xt_check(t->vector == vec, "%s: vector %#x, want %#x", what, t->vector, vec);
    xt_check(t->error_code == ec, "%s: error %#lx, want %#lx", what,
             t->error_code, ec);
    xt_check(t->rip == rip, "%s: rip %#lx, want %#lx", what, t->rip, rip);
    xt_check(((t->cs & 3) == 3) == user, "%s: frame cs %#lx, want %s RPL",
             what, t->cs, user ? "user" : "kernel");
}
