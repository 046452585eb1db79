/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fake machine of the event-channel suites (evtchn_fake.h): the hooks
 * xen/common/event_*.c calls (kicks, pollers, domain lookup, page references)
 * and the domains and frames the cases run on.
 */
#include "evtchn_fake.h"

/* No PIRQ is mapped here (the arch side, arch/x86/irq.c, is not built). */
int pirq_guest_check(struct domain *d, unsigned int pirq)
{
    return -EPERM;
}

int pirq_guest_bind(struct domain *d, unsigned int pirq, uint32_t port,
                    bool will_share)
{
    return -EPERM;
}

void pirq_guest_unbind(struct domain *d, unsigned int pirq, uint32_t port)
{
}

void pirq_guest_set_cpu(struct domain *d, unsigned int pirq, uint32_t port,
                        unsigned int cpu)
{
}

/* ---- fake machine ------------------------------------------------------ */

struct vcpu *unit_current_vcpu;
struct page_info *frame_table;
unsigned long max_page;
uint8_t *unit_frame_mem;

struct domain *doms[3];
unsigned int nr_kicks, nr_polls;
unsigned int fake_errors;        /* reference counts gone negative */
struct vcpu *last_kick;

void vcpu_mark_events_pending(struct vcpu *v)
{
    nr_kicks++;
    last_kick = v;
    v->vcpu_info->evtchn_upcall_pending = 1;
}

void evtchn_check_pollers(struct domain *d, uint32_t port)
{
    (void)d;
    (void)port;
    nr_polls++;
}

struct domain *domain_by_id(domid_t id)
{
    if ( id == DOMID_SELF )
        return current->domain;
    for ( unsigned int i = 0; i < ARRAY_SIZE(doms); i++ )
        if ( doms[i] && doms[i]->domain_id == id )
            return doms[i];
    return NULL;
}

bool get_page(struct page_info *pg, const struct domain *d)
{
    if ( pg->owner != d )
        return false;
    pg->count_info++;
    return true;
}

void put_page(struct page_info *pg)
{
    if ( !(pg->count_info & PGC_count_mask) )
        fake_errors++;
    pg->count_info--;
}

int get_page_type(struct page_info *pg, unsigned long type)
{
    if ( (pg->type_info & PGT_count_mask) &&
         (pg->type_info & PGT_type_mask) != type )
        return -EINVAL;
    pg->type_info = type | ((pg->type_info & PGT_count_mask) + 1);
    return 0;
}

void put_page_type(struct page_info *pg)
{
    if ( !(pg->type_info & PGT_count_mask) )
        fake_errors++;
    pg->type_info--;
}

void put_page_and_type(struct page_info *pg)
{
    put_page_type(pg);
    put_page(pg);
}

struct domain *mkdom(domid_t id, unsigned int nr_vcpus, bool priv)
{
    struct domain *d = calloc(1, sizeof(*d));

    d->domain_id = id;
    d->is_privileged = priv;
    d->max_vcpus = 3;                   /* vCPU 2 is never created */
    d->vcpu = calloc(d->max_vcpus, sizeof(*d->vcpu));
    d->shared_info = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
    memset(d->shared_info, 0, PAGE_SIZE);
    for ( unsigned int i = 0; i < nr_vcpus; i++ )
    {
        struct vcpu *v = calloc(1, sizeof(*v));

        v->vcpu_id = i;
        v->domain = d;
        v->vcpu_info = &d->shared_info->vcpu_info[i];
        d->vcpu[i] = v;
    }
    if ( evtchn_domain_init(d) )
        abort();
    return d;
}

void rmdom(struct domain *d)
{
    evtchn_domain_destroy(d);
    evtchn_domain_free(d);
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        free(d->vcpu[i]);
    free(d->vcpu);
    free(d->shared_info);
    free(d);
}

/* Frames 0-7 belong to A, 8-15 to B; frame 7 is an L1 page table. */
int evtchn_fake_setup(void)
{
    doms[0] = mkdom(DOM_A, 2, false);
    doms[1] = mkdom(DOM_B, 2, false);
    doms[2] = mkdom(DOM_CTL, 1, true);
    unit_current_vcpu = doms[0]->vcpu[0];
    max_page = NR_FRAMES;
    frame_table = calloc(NR_FRAMES, sizeof(*frame_table));
    unit_frame_mem = aligned_alloc(PAGE_SIZE, NR_FRAMES * PAGE_SIZE);
    memset(unit_frame_mem, 0, NR_FRAMES * PAGE_SIZE);
    for ( unsigned int i = 0; i < NR_FRAMES; i++ )
        frame_table[i].owner = i < 8 ? doms[0] : doms[1];
    frame_table[7].type_info = PGT_l1_page_table | 1;
    nr_kicks = nr_polls = 0;
    return 0;
}

int evtchn_fake_teardown(void)
{
    for ( unsigned int i = 0; i < ARRAY_SIZE(doms); i++ )
        if ( doms[i] )
            rmdom(doms[i]);
    memset(doms, 0, sizeof(doms));
    free(frame_table);
    free(unit_frame_mem);
    return 0;
}

/* Each case starts from fresh domains. */
void reset_world(void)
{
    evtchn_fake_teardown();
    CU_ASSERT_EQUAL(fake_errors, 0);
    evtchn_fake_setup();
}


long evop(struct domain *d, unsigned int cmd, void *arg)
{
    unit_current_vcpu = d->vcpu[0];
    return do_event_channel_op(cmd, (unsigned long)arg);
}

int alloc_unbound(struct domain *d, domid_t dom, domid_t remote)
{
    struct evtchn_alloc_unbound op = { .dom = dom, .remote_dom = remote };
    long rc = evop(d, EVTCHNOP_alloc_unbound, &op);

    return rc ? rc : (int)op.port;
}

int bind_interdomain(struct domain *d, domid_t remote, uint32_t rport)
{
    struct evtchn_bind_interdomain op = {
        .remote_dom = remote, .remote_port = rport,
    };
    long rc = evop(d, EVTCHNOP_bind_interdomain, &op);

    return rc ? rc : (int)op.local_port;
}

int bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };
    long rc = evop(d, EVTCHNOP_bind_virq, &op);

    return rc ? rc : (int)op.port;
}

int bind_ipi(struct domain *d, uint32_t vcpu)
{
    struct evtchn_bind_ipi op = { .vcpu = vcpu };
    long rc = evop(d, EVTCHNOP_bind_ipi, &op);

    return rc ? rc : (int)op.port;
}

long port_op(struct domain *d, unsigned int cmd, uint32_t port)
{
    uint32_t p = port;                  /* close, send, unmask: {port} */

    return evop(d, cmd, &p);
}

long status(struct domain *d, domid_t dom, uint32_t port,
            struct evtchn_status *st)
{
    memset(st, 0xa5, sizeof(*st));
    st->dom = dom;
    st->port = port;
    return evop(d, EVTCHNOP_status, st);
}

bool pending(struct domain *d, uint32_t port)
{
    return (d->shared_info->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

void set_mask(struct domain *d, uint32_t port, bool on)
{
    if ( on )
        d->shared_info->evtchn_mask[port / 64] |= 1UL << (port % 64);
    else
        d->shared_info->evtchn_mask[port / 64] &= ~(1UL << (port % 64));
}

void clear_guest_state(struct domain *d)
{
    memset(d->shared_info->evtchn_pending, 0,
           sizeof(d->shared_info->evtchn_pending));
    for ( unsigned int i = 0; i < 2; i++ )
    {
        d->shared_info->vcpu_info[i].evtchn_upcall_pending = 0;
        d->shared_info->vcpu_info[i].evtchn_pending_sel = 0;
    }
    nr_kicks = nr_polls = 0;
    last_kick = NULL;
}
