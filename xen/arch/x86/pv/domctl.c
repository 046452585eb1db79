/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 PV domctls (pv-abi-ladder 4.4): set/getvcpucontext (set loads
 * through vcpu_set_context_from_guest, as VCPUOP_initialise does, and may
 * give a loaded vCPU new registers),
 * hypercall_init (writes the hypercall page), getpageframeinfo3,
 * shadow_op (log-dirty, pv/logdirty.c), get/set_cpu_policy (the PV
 * CPUID leaves of pv/cpuid.c; a set is accepted and ignored),
 * get/setvcpuextstate (pv/extstate.c).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/current.h>
#include <asm/ioport.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/uaccess.h>
#include <asm/pv/extstate.h>
#include <asm/pv/logdirty.h>
#include <asm/pv/traps.h>
#include <asm/pv/vcpu_context.h>
#include <public/domctl.h>

long arch_do_domctl(struct xen_domctl *op, struct domain *d, bool *copyback);

/*
 * The vCPU a vcpucontext domctl names: -EINVAL past max_vcpus, -ESRCH if
 * not created yet (Xen's codes).
 */
static struct vcpu *domctl_vcpu(struct domain *d, uint32_t id, long *rc)
{
    if ( id >= d->max_vcpus )
    {
        *rc = -EINVAL;
        return NULL;
    }
    *rc = d->vcpu[id] ? 0 : -ESRCH;
    return d->vcpu[id];
}

/*
 * As Xen: the domain is paused around the load (a suspended or running
 * domain may be the target: xc_domain_resume sets rax = 1 in a suspended
 * one), so never the caller's own (-EINVAL). A NULL context would reset
 * the vCPU, which Xenolite does not do (-EOPNOTSUPP).
 */
static long setvcpucontext(struct domain *d, struct xen_domctl_vcpucontext *vc)
{
    struct vcpu *v;
    long rc;

    if ( d == current->domain )
        return -EINVAL;
    v = domctl_vcpu(d, vc->vcpu, &rc);
    if ( !v )
        return rc == -ESRCH ? -EINVAL : rc;
    if ( !guest_handle_va(vc->ctxt) )
        return -EOPNOTSUPP;
    if ( d->is_dying )
        return -EINVAL;                 /* its tables would outlive it */
    domain_pause(d);
    rc = vcpu_set_context_from_guest(v, guest_handle_va(vc->ctxt), true);
    domain_unpause(d);
    return rc;
}

static void save_context(const struct vcpu *v, struct vcpu_guest_context *c)
{
    const struct pv_vcpu *pv = &v->arch.pv;

    memset(c, 0, sizeof(*c));
    if ( pv->fpu_initialised )
    {
        memcpy(c->fpu_ctxt.x, pv->fpu_ctxt, sizeof(c->fpu_ctxt.x));
        c->flags |= VGCF_i387_valid;
    }
    c->flags |= (pv->kernel_mode ? VGCF_in_kernel : 0) |
                (v->pause_flags & VPF_down ? 0 : VGCF_online) |
                (pv->vgc_flags & (VGCF_failsafe_disables_events |
                                  VGCF_syscall_disables_events));
    c->user_regs = v->arch.user_regs;
    c->user_regs.rflags = (c->user_regs.rflags & ~X86_EFLAGS_IOPL) | pv->iopl;
    c->user_regs.ds = pv->ds;
    c->user_regs.es = pv->es;
    c->user_regs.fs = pv->fs;
    c->user_regs.gs = pv->gs;
    memcpy(c->trap_ctxt, pv->trap_ctxt, sizeof(c->trap_ctxt));
    c->ldt_base = pv->ldt_base;
    c->ldt_ents = pv->ldt_ents;
    for ( unsigned int i = 0; i < PV_GDT_GUEST_FRAMES && i < 16; i++ )
        c->gdt_frames[i] = pv->gdt_frames[i];
    c->gdt_ents = pv->gdt_ents;
    c->kernel_ss = pv->kernel_ss;
    c->kernel_sp = pv->kernel_sp;
    memcpy(c->ctrlreg, pv->ctrlreg, sizeof(c->ctrlreg));
    if ( !mfn_eq(pv->guest_table, INVALID_MFN) )
        c->ctrlreg[3] = xen_pfn_to_cr3(mfn_x(pv->guest_table));
    c->ctrlreg[1] = mfn_eq(pv->guest_table_user, INVALID_MFN) ? 0
                    : xen_pfn_to_cr3(mfn_x(pv->guest_table_user));
    memcpy(c->debugreg, pv->debugreg, sizeof(c->debugreg));
    c->event_callback_eip = pv->event_callback.eip;
    c->failsafe_callback_eip = pv->failsafe_callback.eip;
    c->syscall_callback_eip = pv->syscall_callback.eip;
    c->vm_assist = v->domain->arch.pv.vm_assist;
    c->fs_base = pv->fs_base;
    c->gs_base_kernel = pv->gs_base_kernel;
    c->gs_base_user = pv->gs_base_user;
}

/*
 * Another domain is paused for the copy (Xen pauses the vCPU); a vCPU of
 * the caller's own domain other than itself must not be running (-EBUSY).
 */
static long getvcpucontext(struct domain *d, struct xen_domctl_vcpucontext *vc)
{
    struct vcpu_guest_context *c;
    struct vcpu *v;
    bool paused = d != current->domain;
    long rc;

    v = domctl_vcpu(d, vc->vcpu, &rc);
    if ( !v )
        return rc;
    if ( !guest_handle_va(vc->ctxt) )
        return 0;
    c = xmalloc(struct vcpu_guest_context);
    if ( !c )
        return -ENOMEM;
    if ( paused )
        domain_pause(d);
    if ( !paused && v != current && v->is_running )
        rc = -EBUSY;
    else
        save_context(v, c);
    if ( paused )
        domain_unpause(d);
    if ( !rc && copy_to_guest_va(guest_handle_va(vc->ctxt), c, sizeof(*c)) )
        rc = -EFAULT;
    xfree(c);
    return rc;
}

/* The leaves of the PV policy, in order; returns how many there are. */
static unsigned int policy_leaves(const struct vcpu *v, xen_cpuid_leaf_t *out,
                                  unsigned int max)
{
    struct cpuid_leaf r;
    unsigned int n = 0;
    uint32_t ranges[] = { 0, 0x80000000U };

    for ( unsigned int i = 0; i < ARRAY_SIZE(ranges); i++ )
    {
        uint32_t top;

        guest_cpuid(v, ranges[i], 0, &r);
        top = min(r.a, ranges[i] + 0x40);
        for ( uint32_t leaf = ranges[i]; leaf <= top; leaf++ )
        {
            bool sub = leaf == 4 || leaf == 7 || leaf == 0xb || leaf == 0xd;

            for ( uint32_t s = 0; s < (sub ? 2 : 1); s++, n++ )
            {
                if ( n >= max )
                    continue;
                guest_cpuid(v, leaf, s, &r);
                out[n] = (xen_cpuid_leaf_t){
                    .leaf = leaf, .subleaf = sub ? s : XEN_CPUID_NO_SUBLEAF,
                    .a = r.a, .b = r.b, .c = r.c, .d = r.d,
                };
            }
        }
    }
    return n;
}

static long get_cpu_policy(struct domain *d, struct xen_domctl_cpu_policy *p)
{
    const struct vcpu *v = d->vcpu[0] ? d->vcpu[0] : current;
    unsigned int need = policy_leaves(v, NULL, 0);
    xen_cpuid_leaf_t *leaves;
    long rc = 0;

    if ( guest_handle_va(p->leaves) )
    {
        if ( p->nr_leaves < need )
            return -ENOBUFS;
        leaves = xmalloc_array(xen_cpuid_leaf_t, need);
        if ( !leaves )
            return -ENOMEM;
        policy_leaves(v, leaves, need);
        if ( copy_to_guest_va(guest_handle_va(p->leaves), leaves,
                              need * sizeof(*leaves)) )
            rc = -EFAULT;
        xfree(leaves);
    }
    p->nr_leaves = need;
    p->nr_msrs = 0;                     /* no MSR policy */
    return rc;
}

static long hypercall_init(struct domain *d, uint64_t gmfn)
{
    mfn_t mfn = _mfn(gmfn);
    struct page_info *pg;

    if ( !mfn_valid(mfn) )
        return -EINVAL;
    pg = mfn_to_page(mfn);
    if ( get_page_and_type(pg, d, PGT_writable_page) )
        return -EINVAL;
    write_hypercall_page(mfn_to_virt(mfn));
    put_page_and_type(pg);
    return 0;
}

/* Xen's codes: -ESRCH for a vCPU that does not exist. */
static struct vcpu *ext_vcpu(struct domain *d, uint32_t id)
{
    return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

/*
 * A NULL buffer, or size and xfeature_mask both 0, asks for the size (the
 * largest ever returned); otherwise size must hold it and xfeature_mask
 * be the one the query returned (-EINVAL). The domain is paused for the
 * copy, so it is never the caller's own (-EINVAL).
 */
static long getvcpuextstate(struct domain *d, struct xen_domctl_vcpuextstate *e)
{
    static uint8_t buf[PV_EXTSTATE_SIZE];   /* under the domctl lock */
    struct vcpu *v = ext_vcpu(d, e->vcpu);
    const struct pv_vcpu *pv;

    if ( !v )
        return -ESRCH;
    if ( d == current->domain )
        return -EINVAL;
    if ( !guest_handle_va(e->buffer) || (!e->size && !e->xfeature_mask) )
    {
        e->xfeature_mask = PV_XFEATURE_MASK;
        e->size = PV_EXTSTATE_SIZE;
        return 0;
    }
    if ( e->size < PV_EXTSTATE_SIZE || e->xfeature_mask != PV_XFEATURE_MASK )
        return -EINVAL;
    pv = &v->arch.pv;
    domain_pause(d);
    pv_extstate_from_fxsave(pv->fpu_initialised ? pv->fpu_ctxt
                                                : pv_fpu_default, buf);
    domain_unpause(d);
    if ( copy_to_guest_va(guest_handle_va(e->buffer), buf, sizeof(buf)) )
        return -EFAULT;
    e->size = PV_EXTSTATE_SIZE;
    return 0;
}

/*
 * Everything is checked (pv_extstate_check) before the vCPU's FPU image
 * changes, with the domain paused (so never the caller's own: -EINVAL).
 * The header alone (xcr0_accum 0) restores nothing.
 */
static long setvcpuextstate(struct domain *d, struct xen_domctl_vcpuextstate *e)
{
    static uint8_t buf[PV_EXTSTATE_SIZE];   /* under the domctl lock */
    struct vcpu *v = ext_vcpu(d, e->vcpu);
    int rc;

    if ( !v )
        return -ESRCH;
    if ( d == current->domain || d->is_dying )
        return -EINVAL;
    if ( e->size < PV_EXTSTATE_HDR || e->size > PV_EXTSTATE_SIZE )
        return -EINVAL;
    if ( copy_from_guest_va(buf, guest_handle_va(e->buffer), e->size) )
        return -EFAULT;
    rc = pv_extstate_check(buf, e->size, mxcsr_mask);
    if ( rc || e->size == PV_EXTSTATE_HDR )
        return rc;
    domain_pause(d);
    pv_extstate_to_fxsave(buf, v->arch.pv.fpu_ctxt);
    v->arch.pv.fpu_initialised = true;
    domain_unpause(d);
    return 0;
}

#define PFINFO_MAX 1024                 /* frames per call, as Xen */

/*
 * The PFINFO type of frame mfn of d: XTAB when it is not d's (or is a
 * hypervisor page shared with it); L1TAB..L4TAB for a page table in use
 * (type references held), with LPINTAB when pinned; NOTAB otherwise.
 */
static uint64_t pfinfo_type(struct domain *d, mfn_t mfn)
{
    struct page_info *pg;
    unsigned long t;
    uint64_t type = XEN_DOMCTL_PFINFO_NOTAB;

    if ( !mfn_valid(mfn) )
        return XEN_DOMCTL_PFINFO_XTAB;
    pg = mfn_to_page(mfn);
    if ( !get_page(pg, d) )
        return XEN_DOMCTL_PFINFO_XTAB;
    t = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);
    if ( pg->count_info & PGC_xen_heap )
        type = XEN_DOMCTL_PFINFO_XTAB;
    else if ( pgt_is_page_table(t) && (t & PGT_count_mask) &&
              (t & PGT_validated) )
        type = (uint64_t)pgt_level(t) << XEN_DOMCTL_PFINFO_LTAB_SHIFT |
               (t & PGT_pinned ? XEN_DOMCTL_PFINFO_LPINTAB : 0);
    put_page(pg);
    return type;
}

/*
 * XEN_DOMCTL_getpageframeinfo3: each of `num` (<= 1024, else -E2BIG)
 * frame numbers in the caller's array (MFNs for PV) is replaced by its
 * type, for the save side to know which frames are page tables.
 */
static long getpageframeinfo3(struct domain *d,
                              struct xen_domctl_getpageframeinfo3 *pf)
{
    unsigned long va = guest_handle_va(pf->array);

    if ( pf->num > PFINFO_MAX )
        return -E2BIG;
    for ( uint64_t i = 0; i < pf->num; i++ )
    {
        xen_pfn_t f;

        if ( copy_from_guest_va(&f, va + i * sizeof(f), sizeof(f)) )
            return -EFAULT;
        f = pfinfo_type(d, _mfn(f));    /* the type alone, as Xen 4.17 */
        if ( copy_to_guest_va(va + i * sizeof(f), &f, sizeof(f)) )
            return -EFAULT;
    }
    return 0;
}

long arch_do_domctl(struct xen_domctl *op, struct domain *d, bool *copyback)
{
    switch ( op->cmd )
    {
    case XEN_DOMCTL_setvcpucontext:
        return setvcpucontext(d, &op->u.vcpucontext);
    case XEN_DOMCTL_getvcpucontext:
        return getvcpucontext(d, &op->u.vcpucontext);
    case XEN_DOMCTL_getpageframeinfo3:
        return getpageframeinfo3(d, &op->u.getpageframeinfo3);
    case XEN_DOMCTL_hypercall_init:
        return hypercall_init(d, op->u.hypercall_init.gmfn);
    case XEN_DOMCTL_shadow_op:
        *copyback = true;
        return pv_shadow_op(d, &op->u.shadow_op);
    case XEN_DOMCTL_getvcpuextstate:
        *copyback = true;
        return getvcpuextstate(d, &op->u.vcpuextstate);
    case XEN_DOMCTL_setvcpuextstate:
        return setvcpuextstate(d, &op->u.vcpuextstate);
    case XEN_DOMCTL_get_cpu_policy:
        *copyback = true;
        return get_cpu_policy(d, &op->u.cpu_policy);
    case XEN_DOMCTL_set_cpu_policy:
        op->u.cpu_policy.err_leaf = op->u.cpu_policy.err_subleaf =
            op->u.cpu_policy.err_msr = ~0U;
        *copyback = true;
        return 0;
    case XEN_DOMCTL_ioport_permission:
    case XEN_DOMCTL_iomem_permission:
    case XEN_DOMCTL_irq_permission:
        return ioport_permission_domctl(d, op);
    default:
        return -ENOSYS;
    }
}
