/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Loading a checked vcpu_guest_context into a new vCPU (VCPUOP_initialise,
 * pv-abi-ladder 3.8): the references it needs are taken first (debug
 * register rules, GDT frames as seg_desc, CR3s as L4 tables) and undone on
 * failure; only then is the rest copied in. A loaded vCPU may be given new
 * registers by the toolstack (XEN_DOMCTL_setvcpucontext) while it keeps
 * its references.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/pv/traps.h>
#include <asm/pv/vcpu_context.h>
#include <public/callback.h>

static int load_debugregs(struct vcpu *v, const struct vcpu_guest_context *c)
{
    unsigned long saved[8];
    static const unsigned int order[] = { 0, 1, 2, 3, 6, 7 };
    unsigned int i;

    memcpy(saved, v->arch.pv.debugreg, sizeof(saved));
    for ( i = 0; i < ARRAY_SIZE(order); i++ )
        if ( set_debugreg(v, order[i], c->debugreg[order[i]]) )
        {
            memcpy(v->arch.pv.debugreg, saved, sizeof(saved));
            return -EINVAL;
        }
    return 0;
}

static void drop_root(mfn_t *root)
{
    if ( !mfn_eq(*root, INVALID_MFN) && mfn_x(*root) )
        put_page_and_type(mfn_to_page(*root));
    *root = INVALID_MFN;
}

/* GDT and page tables: everything that takes a reference. */
static int load_references(struct vcpu *v, const struct vcpu_guest_context *c)
{
    int rc;

    rc = pv_set_gdt(v, (const unsigned long *)c->gdt_frames, c->gdt_ents);
    if ( rc )
        return rc;
    rc = pv_new_guest_cr3(v, _mfn(xen_cr3_to_pfn(c->ctrlreg[3])));
    if ( rc )
        goto fail_gdt;
    if ( c->ctrlreg[1] )
    {
        rc = pv_new_user_cr3(v, _mfn(xen_cr3_to_pfn(c->ctrlreg[1])));
        if ( rc )
            goto fail_cr3;
    }
    return 0;

 fail_cr3:
    drop_root(&v->arch.pv.guest_table);
 fail_gdt:
    pv_destroy_gdt(v);
    return rc;
}

static void load_callbacks(struct pv_vcpu *pv, const struct vcpu_guest_context *c)
{
    pv->event_callback.eip = c->event_callback_eip;
    pv->event_callback.flags = CALLBACKF_mask_events;
    pv->failsafe_callback.eip = c->failsafe_callback_eip;
    pv->failsafe_callback.flags = c->flags & VGCF_failsafe_disables_events
                                  ? CALLBACKF_mask_events : 0;
    pv->syscall_callback.eip = c->syscall_callback_eip;
    pv->syscall_callback.flags = c->flags & VGCF_syscall_disables_events
                                 ? CALLBACKF_mask_events : 0;
}

static void load_registers(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct pv_vcpu *pv = &v->arch.pv;
    struct cpu_user_regs *regs = &v->arch.user_regs;

    *regs = c->user_regs;
    regs->error_code = 0;
    regs->entry_vector = 0;
    /* IOPL is virtual; real interrupts are always on in a guest. */
    pv->iopl = regs->rflags & X86_EFLAGS_IOPL;
    regs->rflags = (regs->rflags & ~X86_EFLAGS_IOPL) | X86_EFLAGS_IF;
    pv->ds = c->user_regs.ds;
    pv->es = c->user_regs.es;
    pv->fs = c->user_regs.fs;
    pv->gs = c->user_regs.gs;
    pv->fs_base = c->fs_base;
    pv->gs_base_kernel = c->gs_base_kernel;
    pv->gs_base_user = c->gs_base_user;

    memcpy(pv->trap_ctxt, c->trap_ctxt, sizeof(pv->trap_ctxt));
    pv->kernel_ss = c->kernel_ss;
    pv->kernel_sp = c->kernel_sp;
    pv->ldt_base = c->ldt_base;
    pv->ldt_ents = c->ldt_ents;
    pv->ctrlreg[0] = c->ctrlreg[0] & X86_CR0_TS;
    pv->kernel_mode = c->flags & VGCF_in_kernel;
    pv->vgc_flags = c->flags;

    pv->fpu_initialised = c->flags & VGCF_i387_valid;
    if ( pv->fpu_initialised )
        memcpy(pv->fpu_ctxt, c->fpu_ctxt.x, sizeof(pv->fpu_ctxt));
}

int pv_vcpu_context_load(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct domain *d = v->domain;
    int rc;

    rc = load_debugregs(v, c);
    if ( rc )
        return rc;
    rc = load_references(v, c);
    if ( rc )
        return rc;

    load_registers(v, c);
    load_callbacks(&v->arch.pv, c);
    if ( v->vcpu_id == 0 )
    {
        d->arch.pv.vm_assist = c->vm_assist;
        update_domain_wallclock_time(d);
    }
    v->is_initialised = true;
    /* VGCF_online (domctl) brings it up; otherwise VCPUOP_up does. */
    if ( c->flags & VGCF_online )
        vcpu_wake(v, VPF_down);
    return 0;
}

/* The root table as a context names it: 0 when there is none. */
static uint64_t root_cr3(mfn_t root)
{
    return mfn_eq(root, INVALID_MFN) || !mfn_x(root)
           ? 0 : xen_pfn_to_cr3(mfn_x(root));
}

/*
 * Does c name the references v already holds (kernel and user L4, the GDT
 * frames in use, the LDT)? A loaded vCPU keeps them: Xen refuses a context
 * that would change them with -EOPNOTSUPP rather than retake references.
 */
static bool same_references(const struct vcpu *v,
                            const struct vcpu_guest_context *c)
{
    const struct pv_vcpu *pv = &v->arch.pv;
    unsigned int frames = (c->gdt_ents + 511) / 512;

    if ( root_cr3(pv->guest_table) != c->ctrlreg[3] ||
         root_cr3(pv->guest_table_user) != c->ctrlreg[1] )
        return false;
    if ( pv->gdt_ents != c->gdt_ents || frames > PV_GDT_GUEST_FRAMES )
        return false;
    for ( unsigned int i = 0; i < frames; i++ )
        if ( pv->gdt_frames[i] != c->gdt_frames[i] )
            return false;
    return pv->ldt_ents == c->ldt_ents &&
           (!c->ldt_ents || pv->ldt_base == c->ldt_base);
}

/*
 * XEN_DOMCTL_setvcpucontext on an initialised, paused vCPU (a cancelled
 * suspend sets rax = 1, a restore rewrites registers): same references
 * (-EOPNOTSUPP otherwise), new debug registers (-EINVAL, nothing changed),
 * then registers, callbacks and the online state.
 */
static int pv_vcpu_context_reload(struct vcpu *v,
                                  const struct vcpu_guest_context *c)
{
    int rc;

    if ( !same_references(v, c) )
        return -EOPNOTSUPP;
    rc = load_debugregs(v, c);
    if ( rc )
        return rc;
    load_registers(v, c);
    load_callbacks(&v->arch.pv, c);
    if ( v->vcpu_id == 0 )
        v->domain->arch.pv.vm_assist = c->vm_assist;
    if ( c->flags & VGCF_online )
        vcpu_wake(v, VPF_down);
    else
        vcpu_sleep(v, VPF_down);
    return 0;
}

int arch_set_vcpu_context(struct vcpu *v, struct vcpu_guest_context *c)
{
    int rc = pv_vcpu_context_check(c, v->vcpu_id, XEN_VMASST_VALID_PV64);

    if ( rc )
        return rc;
    return v->is_initialised ? pv_vcpu_context_reload(v, c)
                             : pv_vcpu_context_load(v, c);
}
