/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels on the 2-level ABI, then a FIFO smoke test:
 *  - alloc_unbound to ourselves + bind_interdomain loopback; status of
 *    both ends; the bind leaves the new local port pending (Xen raises it
 *    for notifications lost while unbound);
 *  - send sets the peer's pending bit, selector and upcall_pending; with
 *    upcalls unmasked in vcpu_info the event callback runs on the next exit
 *    from the hypervisor;
 *  - a masked port stays quiet until EVTCHNOP_unmask re-raises it;
 *  - close turns the peer unbound (send then drops silently), IPI send,
 *    bind_virq rules (-EEXIST twice, global VIRQ on vCPU 1 and out-of-range
 *    VIRQ -EINVAL, missing vCPU -ENOENT), port exhaustion -ENOSPC at 4096,
 *    the compat form (hc 16);
 *  - init_control with gfn -2 fails -EINVAL and leaves 2-level in place
 *    (XSA-188), then a real control block + array page: an IPI sent at
 *    priority 4 appears as head[4] with READY bit 4, PENDING|LINKED set.
 */
#include <xt.h>
#include <public/event_channel.h>

const char test_title[] = "event channels: 2-level, loopback, errors, FIFO";


/* Our event callback counts upcalls, then joins the runtime's entry. */
volatile unsigned int evt_upcalls;
extern const uint8_t evt_upcall_entry[], xt_entry_event[];
asm (".pushsection .text, \"ax\", @progbits\n\t"
     ".p2align 4\n"
     "evt_upcall_entry:\n\t"
     "lock incl evt_upcalls(%rip)\n\t"
     "jmp   xt_entry_event\n\t"
     ".popsection\n");

static uint8_t fifo_cb_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t fifo_array_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static vcpu_info_t *vi(void)
{
    return &xt_shared_info->vcpu_info[0];
}

static bool pending(uint32_t p)
{
    return (xt_shared_info->evtchn_pending[p / 64] >> (p % 64)) & 1;
}

static void set_bit64(xen_ulong_t *w, uint32_t p, bool on)
{
    if ( on )
        __atomic_fetch_or(&w[p / 64], 1UL << (p % 64), __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&w[p / 64], ~(1UL << (p % 64)), __ATOMIC_SEQ_CST);
}

/* Forget everything raised so far (the guest side of handling events). */
static void ack_all(void)
{
    memset(xt_shared_info->evtchn_pending, 0,
           sizeof(xt_shared_info->evtchn_pending));
    vi()->evtchn_pending_sel = 0;
    vi()->evtchn_upcall_pending = 0;
}

static long alloc_unbound(domid_t remote)
{
    struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = remote };
    long rc = hc_event_channel_op(EVTCHNOP_alloc_unbound, &op);

    return rc ? rc : (long)op.port;
}

static long port_op(unsigned int cmd, uint32_t port)
{
    uint32_t p = port;

    return hc_event_channel_op(cmd, &p);
}

static long bind_virq(uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };
    long rc = hc_event_channel_op(EVTCHNOP_bind_virq, &op);

    return rc ? rc : (long)op.port;
}

static long status(uint32_t port, struct evtchn_status *st)
{
    memset(st, 0, sizeof(*st));
    st->dom = DOMID_SELF;
    st->port = port;
    return hc_event_channel_op(EVTCHNOP_status, st);
}

/* Open the upcall window: any hypercall exit may now deliver. */
static void upcall_window(void)
{
    vi()->evtchn_upcall_mask = 0;
    hc_xen_version(XENVER_version, 0);
    vi()->evtchn_upcall_mask = 1;
}

static void loopback(uint32_t *lp1, uint32_t *lp2)
{
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };
    struct evtchn_status st;
    long p1, rc;

    p1 = alloc_unbound(DOMID_SELF);
    xt_check(p1 > 0, "alloc_unbound(self) = %ld", p1);
    rc = status(p1, &st);
    xt_check(rc == 0 && st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0,
             "status(unbound) rc %ld status %u dom %#x", rc, st.status,
             st.u.unbound.dom);

    bi.remote_port = p1;
    rc = hc_event_channel_op(EVTCHNOP_bind_interdomain, &bi);
    xt_check(rc == 0 && bi.local_port > 0 && bi.local_port != (uint32_t)p1,
             "bind_interdomain(self, %ld) = %ld port %u", p1, rc, bi.local_port);
    xt_check(pending(bi.local_port), "new interdomain port %u not pending",
             bi.local_port);
    rc = status(bi.local_port, &st);
    xt_check(rc == 0 && st.status == EVTCHNSTAT_interdomain &&
             st.u.interdomain.dom == 0 && st.u.interdomain.port == (uint32_t)p1,
             "status(local) rc %ld status %u peer %u:%u", rc, st.status,
             st.u.interdomain.dom, st.u.interdomain.port);
    rc = hc_event_channel_op(EVTCHNOP_bind_interdomain, &bi);
    xt_check(rc == -XEN_EINVAL, "second bind_interdomain = %ld", rc);
    *lp1 = p1;
    *lp2 = bi.local_port;
}

static void send_and_upcall(uint32_t p1, uint32_t p2)
{
    long rc;

    set_bit64(xt_shared_info->evtchn_mask, p1, false);
    set_bit64(xt_shared_info->evtchn_mask, p2, false);
    ack_all();
    evt_upcalls = 0;

    rc = port_op(EVTCHNOP_send, p2);
    xt_check(rc == 0, "send(%u) = %ld", p2, rc);
    xt_check(pending(p1) && !pending(p2), "send: pending p1 %d p2 %d",
             pending(p1), pending(p2));
    xt_check(vi()->evtchn_pending_sel & (1UL << (p1 / 64)),
             "send: selector %#lx", (unsigned long)vi()->evtchn_pending_sel);
    xt_check(vi()->evtchn_upcall_pending == 1, "send: upcall_pending %u",
             vi()->evtchn_upcall_pending);
    xt_check(evt_upcalls == 0, "upcall while masked");
    upcall_window();
    xt_check(evt_upcalls == 1, "%u upcalls after unmasking, want 1",
             evt_upcalls);

    /* Masked port: pending, but no selector/upcall until unmask. */
    ack_all();
    set_bit64(xt_shared_info->evtchn_mask, p1, true);
    rc = port_op(EVTCHNOP_send, p2);
    xt_check(rc == 0 && pending(p1), "masked send = %ld pending %d", rc,
             pending(p1));
    xt_check(!vi()->evtchn_pending_sel && !vi()->evtchn_upcall_pending,
             "masked port raised selector %#lx / upcall %u",
             (unsigned long)vi()->evtchn_pending_sel,
             vi()->evtchn_upcall_pending);
    rc = port_op(EVTCHNOP_unmask, p1);
    xt_check(rc == 0, "unmask = %ld", rc);
    xt_check(!(xt_shared_info->evtchn_mask[p1 / 64] & (1UL << (p1 % 64))),
             "unmask left the mask bit set");
    xt_check(vi()->evtchn_upcall_pending && vi()->evtchn_pending_sel,
             "unmask of a pending port did not re-raise");
    upcall_window();
    xt_check(evt_upcalls == 2, "%u upcalls after unmask, want 2", evt_upcalls);
    ack_all();
}

static void close_and_ipi(uint32_t p1, uint32_t p2)
{
    struct evtchn_status st;
    struct evtchn_bind_ipi ipi = { .vcpu = 0 };
    long rc;

    rc = port_op(EVTCHNOP_close, p1);
    xt_check(rc == 0, "close(%u) = %ld", p1, rc);
    rc = status(p2, &st);
    xt_check(rc == 0 && st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0,
             "peer after close: rc %ld status %u dom %#x", rc, st.status,
             st.u.unbound.dom);
    rc = status(p1, &st);
    xt_check(rc == 0 && st.status == EVTCHNSTAT_closed,
             "closed port: rc %ld status %u", rc, st.status);
    rc = port_op(EVTCHNOP_send, p2);
    xt_check(rc == 0 && !pending(p1), "send on unbound = %ld", rc);
    rc = port_op(EVTCHNOP_send, p1);
    xt_check(rc == -XEN_EINVAL, "send on closed = %ld", rc);
    xt_check(port_op(EVTCHNOP_close, p2) == 0, "close(%u)", p2);
    rc = port_op(EVTCHNOP_close, p2);
    xt_check(rc == -XEN_EINVAL, "second close = %ld", rc);
    rc = port_op(EVTCHNOP_close, 0);
    xt_check(rc == -XEN_EINVAL, "close(0) = %ld", rc);

    rc = hc_event_channel_op(EVTCHNOP_bind_ipi, &ipi);
    xt_check(rc == 0 && ipi.port > 0, "bind_ipi = %ld", rc);
    rc = status(ipi.port, &st);
    xt_check(rc == 0 && st.status == EVTCHNSTAT_ipi && st.vcpu == 0,
             "status(ipi) rc %ld status %u", rc, st.status);
    rc = port_op(EVTCHNOP_send, ipi.port);
    xt_check(rc == 0 && pending(ipi.port), "send(ipi) = %ld", rc);
    xt_check(port_op(EVTCHNOP_close, ipi.port) == 0, "close(ipi)");
    ack_all();
}

static void virqs(void)
{
    struct evtchn_status st;
    long p, rc;

    p = bind_virq(VIRQ_DEBUG, 0);
    xt_check(p > 0, "bind_virq(DEBUG) = %ld", p);
    rc = bind_virq(VIRQ_DEBUG, 0);
    xt_check(rc == -XEN_EEXIST, "second bind_virq(DEBUG) = %ld", rc);
    rc = status(p, &st);
    xt_check(rc == 0 && st.status == EVTCHNSTAT_virq && st.u.virq == VIRQ_DEBUG,
             "status(virq) rc %ld status %u virq %u", rc, st.status, st.u.virq);
    rc = port_op(EVTCHNOP_send, p);
    xt_check(rc == -XEN_EINVAL, "send on a VIRQ port = %ld", rc);
    xt_check(port_op(EVTCHNOP_close, p) == 0, "close(virq)");
    rc = bind_virq(VIRQ_DOM_EXC, 1);
    xt_check(rc == -XEN_EINVAL, "global VIRQ on vCPU 1 = %ld", rc);
    rc = bind_virq(NR_VIRQS, 0);
    xt_check(rc == -XEN_EINVAL, "bind_virq(NR_VIRQS) = %ld", rc);
    rc = bind_virq(VIRQ_DEBUG, 1000);
    xt_check(rc == -XEN_ENOENT, "bind_virq(vCPU 1000) = %ld", rc);
}

static void exhaustion(void)
{
    long p, last = 0, n = 0;

    while ( (p = alloc_unbound(DOMID_SELF)) > 0 )
    {
        if ( p <= last || p >= (long)EVTCHN_2L_NR_CHANNELS )
        {
            xt_fail("alloc_unbound gave port %ld after %ld", p, last);
            break;
        }
        last = p;
        n++;
    }
    xt_check(p == -XEN_ENOSPC, "exhaustion: %ld, want -ENOSPC", p);
    xt_check(last == (long)EVTCHN_2L_NR_CHANNELS - 1, "last port %ld after %ld "
             "allocations", last, n);
    for ( p = last - n + 1; p <= last; p++ )
        if ( port_op(EVTCHNOP_close, p) )
            xt_fail("close(%ld) failed", p);
    printk("exhaustion: %ld ports, last %ld\n", n, last);
}

static void compat_form(void)
{
    struct evtchn_op op = { .cmd = EVTCHNOP_alloc_unbound };
    long rc;

    op.u.alloc_unbound.dom = DOMID_SELF;
    op.u.alloc_unbound.remote_dom = DOMID_SELF;
    rc = hc_event_channel_op_compat(&op);
    xt_check(rc == 0 && op.u.alloc_unbound.port > 0,
             "compat alloc_unbound = %ld port %u", rc, op.u.alloc_unbound.port);
    if ( !rc )
        port_op(EVTCHNOP_close, op.u.alloc_unbound.port);
}

static unsigned long va_to_mfn(const void *va)
{
    const xen_pfn_t *p2m = (const xen_pfn_t *)xt_start_info->mfn_list;

    return p2m[(unsigned long)va >> 12];        /* VA == PFN << 12 */
}

static void fifo(void)
{
    struct evtchn_init_control ic = { .control_gfn = (uint64_t)-2 };
    struct evtchn_expand_array ea = { .array_gfn = va_to_mfn(fifo_array_page) };
    struct evtchn_set_priority sp = { .priority = 4 };
    struct evtchn_bind_ipi ipi = { .vcpu = 0 };
    struct evtchn_fifo_control_block *cb = (void *)fifo_cb_page;
    volatile event_word_t *w = (volatile event_word_t *)fifo_array_page;
    long rc;

    /* XSA-188: a bad control gfn fails and leaves no FIFO state behind. */
    rc = hc_event_channel_op(EVTCHNOP_init_control, &ic);
    xt_check(rc == -XEN_EINVAL, "init_control(gfn -2) = %ld", rc);
    rc = hc_event_channel_op(EVTCHNOP_expand_array, &ea);
    xt_check(rc == -XEN_EOPNOTSUPP, "expand_array before FIFO = %ld", rc);

    ic.control_gfn = va_to_mfn(fifo_cb_page);
    ic.offset = 4;
    rc = hc_event_channel_op(EVTCHNOP_init_control, &ic);
    xt_check(rc == -XEN_EINVAL, "init_control(offset 4) = %ld", rc);
    ic.offset = 0;
    rc = hc_event_channel_op(EVTCHNOP_init_control, &ic);
    if ( rc == -XEN_ENOSYS )
    {
        xt_skip("no FIFO event ABI here");
        return;
    }
    xt_check(rc == 0 && ic.link_bits == EVTCHN_FIFO_LINK_BITS,
             "init_control = %ld link_bits %u", rc, ic.link_bits);
    if ( rc )
        return;
    rc = hc_event_channel_op(EVTCHNOP_init_control, &ic);
    xt_check(rc == -XEN_EINVAL, "second init_control = %ld", rc);
    rc = hc_event_channel_op(EVTCHNOP_expand_array, &ea);
    xt_check(rc == 0, "expand_array = %ld", rc);

    rc = hc_event_channel_op(EVTCHNOP_bind_ipi, &ipi);
    xt_check(rc == 0 && ipi.port > 0 && ipi.port < 1024, "bind_ipi = %ld", rc);
    sp.port = ipi.port;
    rc = hc_event_channel_op(EVTCHNOP_set_priority, &sp);
    xt_check(rc == 0, "set_priority = %ld", rc);
    sp.priority = EVTCHN_FIFO_PRIORITY_MIN + 1;
    rc = hc_event_channel_op(EVTCHNOP_set_priority, &sp);
    xt_check(rc == -XEN_EINVAL, "set_priority(16) = %ld", rc);

    vi()->evtchn_upcall_pending = 0;
    rc = port_op(EVTCHNOP_send, ipi.port);
    xt_check(rc == 0, "send(ipi) = %ld", rc);
    xt_check(w[ipi.port] == ((1U << EVTCHN_FIFO_PENDING) |
                             (1U << EVTCHN_FIFO_LINKED)),
             "event word %#x", w[ipi.port]);
    xt_check(cb->head[4] == ipi.port && (cb->ready & (1U << 4)),
             "head[4] %u ready %#x", cb->head[4], cb->ready);
    xt_check(vi()->evtchn_upcall_pending, "FIFO send: no upcall_pending");

    /* Back to 2-level for whoever runs next. */
    rc = hc_event_channel_op(EVTCHNOP_reset, &(struct evtchn_reset){ .dom = DOMID_SELF });
    xt_check(rc == 0, "reset = %ld", rc);
    rc = hc_event_channel_op(EVTCHNOP_expand_array, &ea);
    xt_check(rc == -XEN_EOPNOTSUPP, "expand_array after reset = %ld", rc);
}

void test_main(void)
{
    struct callback_register cb = {
        .type = CALLBACKTYPE_event, .address = (uint64_t)evt_upcall_entry,
    };
    uint32_t p1, p2;
    long rc;

    rc = hc_callback_op(CALLBACKOP_register, &cb);
    if ( rc )
        panic("callback_op(register event) = %ld", rc);
    vi()->evtchn_upcall_mask = 1;
    ack_all();

    loopback(&p1, &p2);
    send_and_upcall(p1, p2);
    close_and_ipi(p1, p2);
    exhaustion();
    compat_form();
    virqs();
    fifo();
}
