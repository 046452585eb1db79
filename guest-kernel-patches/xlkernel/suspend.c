/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlkernel suspend and resume (control/shutdown = suspend): quiesce the
 * frontends through their hooks, leave nothing in the page tables or the
 * start info that names a frame a toolstack cannot translate, suspend with
 * SCHEDOP_shutdown(SHUTDOWN_suspend), then bring everything back, in the
 * same domain (cancelled) or in a new one. docs/pv-kernel.md, "Suspend".
 */
#include <xlk.h>
#include <xt-mm.h>

static struct xlk_suspend_hook hooks[XLK_SUSPEND_HOOKS];
static unsigned int nr_hooks;
unsigned int xlk_suspend_count;

int xlk_suspend_hook_register(const struct xlk_suspend_hook *h)
{
    if ( nr_hooks == XLK_SUSPEND_HOOKS )
        return -XEN_ENOSPC;
    hooks[nr_hooks++] = *h;
    return 0;
}

/*
 * shared_info is a hypervisor frame mapped over a page of our .bss: while
 * suspended that page maps its own frame again (a dummy with events
 * masked), so that no page-table entry names a frame outside our P2M.
 */
static void shared_info_map(uint64_t maddr)
{
    long rc = hc_update_va_mapping(xt_shared_info,
                                   maddr | PTE_P | PTE_RW | PTE_A | PTE_D,
                                   UVMF_INVLPG);

    if ( rc )
        panic("update_va_mapping(shared_info at %#lx) = %ld",
              (unsigned long)maddr, rc);
}

static void shared_info_detach(void)
{
    shared_info_map(xlk_virt_to_mfn(xt_shared_info) << XLK_PAGE_SHIFT);
    xt_shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
    xt_shared_info->vcpu_info[0].evtchn_upcall_pending = 0;
}

/*
 * A toolstack saves the store and console rings by PFN and writes the new
 * domain's MFNs back (Linux's xen_pv_pre_suspend does the same).
 */
static void start_info_canonicalise(start_info_t *si)
{
    si->store_mfn = M2P[si->store_mfn];
    si->console.domU.mfn = M2P[si->console.domU.mfn];
}

static void start_info_localise(start_info_t *si)
{
    si->store_mfn = xt_p2m()[si->store_mfn];
    si->console.domU.mfn = xt_p2m()[si->console.domU.mfn];
}

int xlk_suspend(void)
{
    start_info_t *si = xt_start_info;
    struct sched_shutdown s = { .reason = SHUTDOWN_suspend };
    unsigned long si_mfn = xlk_virt_to_mfn(si);
    uint64_t then;
    bool cancelled;
    long rc;

    if ( xlk_is_initial_domain() || !xlk_xs || !si->console.domU.mfn )
        return -XEN_EOPNOTSUPP;
    printk("xlkernel: suspending\n");
    for ( unsigned int i = nr_hooks; i-- > 0; )
        if ( hooks[i].suspend )
            hooks[i].suspend(hooks[i].arg);
    xlk_gnttab_suspend();
    then = xlk_events_suspend();
    start_info_canonicalise(si);
    xt_console_flush();
    shared_info_detach();

    /* The start info's MFN goes in the third argument (rdx), as Xen's. */
    rc = hypercall(__HYPERVISOR_sched_op, SCHEDOP_shutdown, (unsigned long)&s,
                   si_mfn, 0, 0);

    /* A new domain's toolstack wrote the new shared_info address here. */
    shared_info_map(si->shared_info);
    xt_shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
    cancelled = rc != 0;
    if ( cancelled )
        start_info_localise(si);
    else
    {
        /*
         * Xen's restore loads the saved trap table and callbacks with the
         * vCPU context; a toolstack that does not loses nothing either.
         */
        xt_traps_init();
    }
    xlk_suspend_count++;
    xlk_p2m_publish();
    xlk_events_resume(!cancelled, then);
    xlk_gnttab_resume();
    xlk_xenbus_resume(!cancelled);
    if ( rc < 0 )
        printk("xlkernel: suspend refused (%ld)\n", rc);
    else
        printk("xlkernel: resumed (%s), domain %u\n",
               cancelled ? "cancelled" : "new domain", xlk_domid);
    for ( unsigned int i = 0; i < nr_hooks; i++ )
        if ( hooks[i].resume )
            hooks[i].resume(hooks[i].arg, cancelled);
    return cancelled ? 1 : 0;
}
