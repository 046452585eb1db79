/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Putting a vCPU on this CPU: its registers into guest_cpu_user_regs, its
 * page tables into CR3, its GDT into the descriptor window, FS/GS bases
 * and FPU state into the hardware; and taking the previous one off. Its
 * time info and runstate area are rewritten on the way in and out. Also
 * the x86 defaults of a new domain and vCPU.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/schedule.h>
#include <asm/current.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/pv/extstate.h>
#include <asm/pv/traps.h>
#include <asm/pv/vcpu_context.h>
#include <asm/uaccess.h>

void pv_load_gdt(struct vcpu *v);

void arch_domain_init(struct domain *d)
{
    d->arch.pv.physaddr_bitsize = 64;
    spin_lock_init(&d->arch.logdirty_lock);
}

void arch_vcpu_init(struct vcpu *v)
{
    v->arch.pv.guest_table = INVALID_MFN;
    v->arch.pv.guest_table_user = INVALID_MFN;
    v->arch.pv.kernel_mode = true;
    v->arch.pv.kernel_ss = FLAT_KERNEL_SS;
    /* Architectural reset values of the debug registers. */
    v->arch.pv.debugreg[6] = 0xffff0ff0;
    v->arch.pv.debugreg[7] = 0x400;
}

int vcpu_copy_to_guest_kernel(struct vcpu *v, unsigned long va,
                              const void *src, size_t len)
{
    int rc;

    if ( v->arch.pv.kernel_mode || mfn_eq(v->arch.pv.guest_table, INVALID_MFN) )
        return copy_to_guest_va(va, src, len);
    /* Guest user mode: its L4 need not map the kernel; borrow the kernel's. */
    write_cr3(mfn_x(v->arch.pv.guest_table) << PAGE_SHIFT);
    rc = copy_to_guest_va(va, src, len);
    pv_update_cr3(v);
    return rc;
}

static void save_vcpu(struct vcpu *v)
{
    struct pv_vcpu *pv = &v->arch.pv;

    /* Still on v's page tables: its runstate copy is written now. */
    vcpu_stop_running(v);

    v->arch.user_regs = *guest_cpu_user_regs();
    pv->fs_base = rdmsr(MSR_FS_BASE);
    if ( pv->kernel_mode )
    {
        pv->gs_base_kernel = rdmsr(MSR_GS_BASE);
        pv->gs_base_user = rdmsr(MSR_SHADOW_GS_BASE);
    }
    else
    {
        pv->gs_base_user = rdmsr(MSR_GS_BASE);
        pv->gs_base_kernel = rdmsr(MSR_SHADOW_GS_BASE);
    }
    asm volatile ( "clts; fxsave %0" : "=m" (pv->fpu_ctxt) );
    /* is_running stays set until sched_context_saved(). */
}

/* Byte offsets in an FXSAVE image. */
#define FXSAVE_MXCSR      24
#define FXSAVE_MXCSR_MASK 28

/*
 * FNINIT's state, MXCSR 0x1f80, every XMM register zero (also what
 * getvcpuextstate returns for a vCPU that has no FPU state yet).
 */
const uint8_t pv_fpu_default[512] __attribute__((aligned(16))) = {
    [0] = 0x7f, [1] = 0x03,             /* FCW 0x037f */
    [24] = 0x80, [25] = 0x1f,           /* MXCSR 0x1f80 */
};

/*
 * The FPU state of a vCPU that has none yet (or a bad one), in the
 * hardware and in pv: nothing of the previous vCPU's registers survives.
 */
static void reset_fpu(struct pv_vcpu *pv)
{
    memcpy(pv->fpu_ctxt, pv_fpu_default, sizeof(pv->fpu_ctxt));
    asm volatile ( "fxrstor %0" :: "m" (pv_fpu_default) );
    pv->fpu_initialised = true;
}

/*
 * The guest's FXSAVE image into the hardware. Images are checked when a
 * context is loaded (pv_vcpu_context_check), but should one still hold
 * reserved bits, the #GP must not be the hypervisor's: false, and the
 * guest is crashed.
 */
static bool load_fpu(struct pv_vcpu *pv)
{
    bool ok = true;
    uint32_t mxcsr;

    asm volatile ( "1: fxrstor %1\n"
                   "2:\n"
                   "   .pushsection .fixup, \"ax\"\n"
                   "3: movb $0, %0\n"
                   "   jmp 2b\n"
                   "   .popsection\n"
                   _ASM_EXTABLE(1b, 3b)
                   : "+qm" (ok) : "m" (pv->fpu_ctxt) );
    if ( !ok )
    {
        memcpy(&mxcsr, &pv->fpu_ctxt[FXSAVE_MXCSR], sizeof(mxcsr));
        domain_crash(current->domain, "bad FXSAVE image (MXCSR %#x)", mxcsr);
    }
    return ok;
}

/* MXCSR_MASK of this CPU (boot CPU, before any guest runs). */
static void init_mxcsr_mask(void)
{
    static uint8_t image[512] __attribute__((aligned(16)));
    uint32_t mask;

    asm volatile ( "clts; fxsave %0" : "=m" (image) );
    memcpy(&mask, &image[FXSAVE_MXCSR_MASK], sizeof(mask));
    mxcsr_mask = mask ?: MXCSR_MASK_DEFAULT;
}

static void load_vcpu(struct vcpu *v)
{
    struct pv_vcpu *pv = &v->arch.pv;

    /* The scheduler claimed v for this CPU (is_running, processor). */
    ASSERT(v->is_running && v->processor == smp_processor_id());
    *guest_cpu_user_regs() = v->arch.user_regs;
    get_cpu_info()->current_vcpu = v;

    /* Flushes of v's domain reach this CPU from before CR3 is loaded. */
    __atomic_fetch_or(&guest_tables_cpumask, 1UL << smp_processor_id(),
                      __ATOMIC_SEQ_CST);
    __atomic_fetch_or(&v->domain->dirty_cpumask,
                      1UL << smp_processor_id(), __ATOMIC_SEQ_CST);
    tlb_note_flush();
    if ( mfn_eq(v->arch.pv.guest_table, INVALID_MFN) )
        write_cr3(__pa(idle_pg_table));
    pv_update_cr3(v);
    pv_load_gdt(v);
    vcpu_runstate_change(v, RUNSTATE_running, NOW());
    update_vcpu_system_time(v);
    vcpu_update_runstate_area(v);
    vcpu_timers_scheduled(v);
    pv_load_ldt(v);

    /* Null data selectors; bases come from the MSRs (64-bit mode). */
    asm volatile ( "mov %w0, %%ds; mov %w0, %%es; mov %w0, %%fs"
                   :: "r" (0) );
    wrmsr(MSR_FS_BASE, pv->fs_base);
    wrmsr(MSR_GS_BASE, pv->kernel_mode ? pv->gs_base_kernel : pv->gs_base_user);
    wrmsr(MSR_SHADOW_GS_BASE,
          pv->kernel_mode ? pv->gs_base_user : pv->gs_base_kernel);

    asm volatile ( "clts" );
    if ( !pv->fpu_initialised || !load_fpu(pv) )
        reset_fpu(pv);
    if ( pv->ctrlreg[0] & X86_CR0_TS )
        write_cr0(read_cr0() | X86_CR0_TS);
    write_cr4(pv_make_cr4(v));
    pv_load_debugregs(v);
}

/* Continue at ret_to_guest on a fresh stack: never returns. */
noreturn void reset_stack_and_return_to_guest(void)
{
    asm volatile ( "mov %0, %%rsp; jmp ret_to_guest"
                   :: "r" (guest_cpu_user_regs()) : "memory" );
    __builtin_unreachable();
}

/* No vCPU on this CPU: the hypervisor's own page tables and GDT. */
static void load_idle(void)
{
    unsigned int cpu = smp_processor_id();
    struct { uint16_t limit; uint64_t base; } __packed gdtr = {
        .limit = FIRST_RESERVED_GDT_BYTE + 0x70 - 1,
        .base = (unsigned long)percpu_reserved_gdt(cpu) - FIRST_RESERVED_GDT_BYTE,
    };

    get_cpu_info()->current_vcpu = NULL;
    tlb_note_flush();
    write_cr3(__pa(idle_pg_table));
    __atomic_fetch_and(&guest_tables_cpumask, ~(1UL << cpu), __ATOMIC_SEQ_CST);
    asm volatile ( "lgdt %0; lldt %w1" :: "m" (gdtr), "r" (0) );
    asm volatile ( "mov %0, %%db7" :: "r" (0UL) );
}

/* Continue in the idle loop on a fresh stack: never returns. */
static noreturn void reset_stack_and_idle(void)
{
    unsigned long sp = ((unsigned long)guest_cpu_user_regs() & ~15UL) - 8;

    asm volatile ( "mov %0, %%rsp; jmp idle_loop" :: "r" (sp) : "memory" );
    __builtin_unreachable();
}

/*
 * prev (NULL: idle) off this CPU, next (NULL: idle) on. prev is handed
 * back to the scheduler only once it is saved and its page tables are no
 * longer loaded here.
 */
void context_switch(struct vcpu *prev, struct vcpu *next)
{
    unsigned int cpu = smp_processor_id();

    if ( prev )
        save_vcpu(prev);
    if ( next )
        load_vcpu(next);
    else
        load_idle();
    if ( prev )
    {
        if ( !next || next->domain != prev->domain )
            __atomic_fetch_and(&prev->domain->dirty_cpumask, ~(1UL << cpu),
                               __ATOMIC_SEQ_CST);
        sched_context_saved(prev);
    }
    if ( next )
        reset_stack_and_return_to_guest();
    reset_stack_and_idle();
}

/* First entry into the guest world on the boot CPU. */
noreturn void startup_guests(struct vcpu *first)
{
    init_mxcsr_mask();
    vcpu_kick(first);
    sched_start_guests();
    reset_stack_and_idle();
}

/* The iretq back to the guest faulted: its context is unusable. */
void pv_iret_fault(struct cpu_user_regs *regs)
{
    domain_crash(current->domain,
                 "cannot return to %04x:%016lx (bad selector or frame)",
                 regs->cs, (unsigned long)regs->rip);
}
