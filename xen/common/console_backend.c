/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor as console back end for the domains started at boot
 * (pv-abi-ladder 3.9): their xencons_interface rings are polled from a
 * timer, the `out` bytes go to COM1 through console_guest_write ("(dN) "
 * prefix), out_cons moves on and the guest's console port is raised so a
 * writer waiting for room continues. The guest's EVTCHNOP_send on that
 * port reaches nobody (unbound for DOMID_XEN); polling bounds the latency.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/console.h>
#include <xen/event.h>
#include <xen/timer.h>
#include <xen/dom0less.h>
#include <asm/mm.h>
#include <public/io/console.h>

#define POLL_PERIOD MILLISECS(5)
#define MAX_SERVED  8

static domid_t served[MAX_SERVED];
static unsigned int nr_served;
static struct timer poll_timer;
static bool started;

void console_backend_add(struct domain *d)
{
    if ( nr_served < MAX_SERVED )
        served[nr_served++] = d->domain_id;
}

/* Copy out what the guest wrote; called with domlist_lock held (d alive). */
static void drain_ring(struct domain *d)
{
    struct xencons_interface *intf;
    uint32_t cons, prod;
    char buf[64];
    size_t n;

    if ( d->is_dying || !mfn_valid(d->console_mfn) ||
         page_get_owner(mfn_to_page(d->console_mfn)) != d )
        return;                         /* gone, or the guest gave it away */
    intf = mfn_to_virt(d->console_mfn);
    cons = ACCESS_ONCE(intf->out_cons);
    prod = ACCESS_ONCE(intf->out_prod);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if ( prod == cons )
        return;
    if ( prod - cons > sizeof(intf->out) )
        cons = prod - sizeof(intf->out);   /* bogus indexes: resync */
    while ( cons != prod )
    {
        for ( n = 0; n < sizeof(buf) && cons != prod; n++, cons++ )
            buf[n] = intf->out[cons & (sizeof(intf->out) - 1)];
        console_guest_write(d, buf, n);
    }
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    ACCESS_ONCE(intf->out_cons) = cons;
    evtchn_raise(d, d->console_evtchn);
}

/* Drain every served ring; false when none of those domains is left. */
static bool drain_all(void)
{
    bool any = false;
    struct domain *d;

    spin_lock(&domlist_lock);
    for ( unsigned int i = 0; i < nr_served; i++ )
        for_each_domain ( d )
            if ( d->domain_id == served[i] )
            {
                drain_ring(d);
                any = true;
            }
    spin_unlock(&domlist_lock);
    return any;
}

static void poll_fn(void *unused)
{
    if ( drain_all() )
        set_timer(&poll_timer, NOW() + POLL_PERIOD);
}

void console_backend_start(void)
{
    if ( started || !nr_served )
        return;
    started = true;
    init_timer(&poll_timer, poll_fn, NULL, 0);
    set_timer(&poll_timer, NOW() + POLL_PERIOD);
}

void console_backend_flush(void)
{
    if ( started )
        drain_all();
}
