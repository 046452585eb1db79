/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlkernel events and time: the 2-level event-channel upcall dispatching
 * to per-port handlers, blocking with SCHEDOP_block and a one-shot timer
 * (set_timer_op, VIRQ_TIMER), and the hypercall environment libhcall's
 * freestanding code runs on. vCPU 0 takes every event.
 */
#include <xlk.h>
#include <public/vcpu.h>

/* Ports that may have handlers (events on others are only counted). */
#define NR_PORTS 1024

static struct {
    xlk_evtchn_handler_t fn;
    void *arg;
} handlers[NR_PORTS];
static volatile unsigned long event_count;
static struct hcall_evtchn evtchn;
static evtchn_port_t timer_port;
/*
 * xlk_now_ns() = system time + time_offset: a new domain (another host)
 * has another system time; the kernel's clock goes on from where it
 * stopped (time spent suspended is not counted, as a monotonic clock).
 */
static int64_t time_offset;

static struct vcpu_info *vcpu0(void)
{
    return &xt_shared_info->vcpu_info[0];
}

static void irq_disable(void)
{
    vcpu0()->evtchn_upcall_mask = 1;
    asm volatile ( "" ::: "memory" );
}

static void irq_enable(void)
{
    struct vcpu_info *vi = vcpu0();

    asm volatile ( "" ::: "memory" );
    vi->evtchn_upcall_mask = 0;
    asm volatile ( "mfence" ::: "memory" );
    /* An event that came while masked: any hypercall delivers it. */
    if ( vi->evtchn_upcall_pending )
        hc_xen_version(XENVER_version, NULL);
}

static void dispatch(unsigned int port)
{
    event_count++;
    if ( port < NR_PORTS && handlers[port].fn )
        handlers[port].fn(port, handlers[port].arg);
}

/* The upcall (xt_event_hook), events masked. */
static void upcall(void)
{
    struct vcpu_info *vi = vcpu0();
    shared_info_t *s = xt_shared_info;

    while ( vi->evtchn_upcall_pending )
    {
        xen_ulong_t sel;

        vi->evtchn_upcall_pending = 0;
        sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
        while ( sel )
        {
            unsigned int w = __builtin_ctzl(sel);
            xen_ulong_t pend;

            sel &= sel - 1;
            pend = s->evtchn_pending[w] & ~s->evtchn_mask[w];
            while ( pend )
            {
                unsigned int b = __builtin_ctzl(pend);

                pend &= pend - 1;
                __atomic_fetch_and(&s->evtchn_pending[w], ~(1UL << b),
                                   __ATOMIC_SEQ_CST);
                dispatch(w * sizeof(xen_ulong_t) * 8 + b);
            }
        }
    }
}

unsigned long xlk_events(void) { return event_count; }
uint64_t xlk_now_ns(void) { return xt_now_ns() + time_offset; }

void xlk_wait(unsigned long seen, uint64_t deadline)
{
    irq_disable();
    if ( event_count != seen || (deadline && xlk_now_ns() >= deadline) )
    {
        irq_enable();
        return;
    }
    if ( deadline )
        hc_set_timer_op(deadline - time_offset);
    /* Unmasks events and sleeps unless one is pending. */
    hc_sched_op(SCHEDOP_block, NULL);
    irq_enable();
}

void xlk_sleep_ns(uint64_t ns)
{
    uint64_t deadline = xlk_now_ns() + ns;

    while ( xlk_now_ns() < deadline )
        xlk_wait(xlk_events(), deadline);
}

int xlk_evtchn_bind(evtchn_port_t port, xlk_evtchn_handler_t fn, void *arg)
{
    if ( port >= NR_PORTS )
        return -XEN_EINVAL;
    handlers[port].fn = fn;
    handlers[port].arg = arg;
    return hcall_evtchn_unmask(&evtchn, port);
}

void xlk_evtchn_unbind(evtchn_port_t port)
{
    if ( port >= NR_PORTS )
        return;
    handlers[port].fn = NULL;
    hcall_evtchn_unbind(&evtchn, port);
}

int xlk_evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port)
{
    int rc = hcall_evtchn_bind_unbound(&evtchn, remote);

    if ( rc >= 0 )
        *port = rc;
    return rc < 0 ? rc : 0;
}

int xlk_evtchn_bind_interdomain(domid_t remote, evtchn_port_t rport,
                                evtchn_port_t *port)
{
    int rc = hcall_evtchn_bind_interdomain(&evtchn, remote, rport);

    if ( rc >= 0 )
        *port = rc;
    return rc < 0 ? rc : 0;
}

int xlk_evtchn_notify(evtchn_port_t port)
{
    return hcall_evtchn_notify(&evtchn, port);
}

/* ---- the environment of libhcall's freestanding code -------------------- */
static long env_hypercall(void *ctx, unsigned int op, unsigned long a1,
                          unsigned long a2, unsigned long a3,
                          unsigned long a4, unsigned long a5)
{
    (void)ctx;
    return hypercall(op, a1, a2, a3, a4, a5);
}

/*
 * The caller looked at its ring before calling: an event since the last
 * return from here may already be what it waits for, so only block if
 * none came. The deadline is a safety net, not a protocol.
 */
static int env_wait(void *ctx, hcall_port_t port)
{
    static unsigned long seen;

    (void)ctx, (void)port;
    xlk_wait(seen, xlk_now_ns() + 100 * XLK_MS);
    seen = xlk_events();
    return 0;
}

const struct hcall_guest_env xlk_env = {
    .hypercall = env_hypercall,
    .wait = env_wait,
};

/* The timer: only our one-shot deadlines wake us (Xen starts a 100 Hz tick). */
static void timer_init(void)
{
    int rc;

    hc_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
    rc = hcall_evtchn_bind_virq(&evtchn, VIRQ_TIMER);
    /* Bound already: a toolstack resumed this domain as if it were new. */
    if ( rc == -XEN_EEXIST && timer_port )
        rc = timer_port;
    if ( rc < 0 )
        panic("bind_virq(VIRQ_TIMER) = %d", rc);
    timer_port = rc;
    rc = xlk_evtchn_bind(timer_port, NULL, NULL);
    if ( rc < 0 )
        panic("unmask(VIRQ_TIMER) = %d", rc);
}

void xlk_events_init(void)
{
    hcall_evtchn_init(&evtchn, &xlk_env);
    xt_event_hook = upcall;
    timer_init();
    irq_enable();
}

/* Events off for the suspend; the kernel's time then. */
uint64_t xlk_events_suspend(void)
{
    irq_disable();
    return xlk_now_ns();
}

/*
 * After the suspend. In a new domain every port is gone (the hooks closed
 * theirs, the store's is rebound by xenbus), the timer is bound again and
 * the clock goes on from then_ns.
 */
void xlk_events_resume(bool new_domain, uint64_t then_ns)
{
    if ( new_domain )
    {
        memset(handlers, 0, sizeof(handlers));
        time_offset = (int64_t)(then_ns - xt_now_ns());
        timer_init();
    }
    irq_enable();
}
