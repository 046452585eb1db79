/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The FIFO event ABI: a 32-bit event word per port in guest array pages
 * (PENDING, MASKED, LINKED, BUSY, LINK) and per-vCPU control blocks holding
 * one queue head per priority plus a READY bitmap. A raised, unmasked port
 * is appended to the queue of its vCPU and priority; the guest consumes
 * from the head. Guest frames are named by gfn (= mfn for PV) and held
 * with a general and a writable type reference while mapped.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/mm.h>
#include "event_channel.h"

#define WORDS_PER_PAGE  (PAGE_SIZE / sizeof(event_word_t))
#define MAX_ARRAY_PAGES (EVTCHN_FIFO_NR_CHANNELS / WORDS_PER_PAGE)

struct fifo_vcpu {
    struct evtchn_fifo_control_block *cb;   /* NULL: not registered */
    mfn_t cb_mfn;
    uint32_t tail[EVTCHN_FIFO_MAX_QUEUES];  /* last port linked, 0 = none */
};

struct evtchn_fifo_domain {
    unsigned int nr_pages;
    event_word_t *array[MAX_ARRAY_PAGES];
    mfn_t array_mfn[MAX_ARRAY_PAGES];
    unsigned int nr_vcpus;
    struct fifo_vcpu vcpu[];
};

#define W_PENDING (1U << EVTCHN_FIFO_PENDING)
#define W_MASKED  (1U << EVTCHN_FIFO_MASKED)
#define W_LINKED  (1U << EVTCHN_FIFO_LINKED)
#define W_BUSY    (1U << EVTCHN_FIFO_BUSY)

static volatile event_word_t *fifo_word(const struct evtchn_fifo_domain *fd,
                                        uint32_t port)
{
    if ( port >= fd->nr_pages * WORDS_PER_PAGE )
        return NULL;
    return &fd->array[port / WORDS_PER_PAGE][port % WORDS_PER_PAGE];
}

static bool word_test_and_set(volatile event_word_t *w, event_word_t bit)
{
    return __atomic_fetch_or(w, bit, __ATOMIC_SEQ_CST) & bit;
}

static void word_clear(volatile event_word_t *w, event_word_t bit)
{
    __atomic_fetch_and(w, ~bit, __ATOMIC_SEQ_CST);
}

static bool word_test(volatile event_word_t *w, event_word_t bit)
{
    return __atomic_load_n(w, __ATOMIC_SEQ_CST) & bit;
}

/*
 * Point the tail's LINK at port, but only while the tail is still LINKED
 * (the guest unlinks an event when it consumes it; then the queue is empty
 * and port must become the head instead). The guest may concurrently set
 * or clear MASKED, clear PENDING or unlink; BUSY holds off its unmasking,
 * so a few compare-and-swap attempts always suffice for a well-behaved
 * guest. A guest that keeps changing the word loses the event.
 */
static bool fifo_set_link(struct domain *d, volatile event_word_t *tail,
                          uint32_t port)
{
    event_word_t old = __atomic_load_n(tail, __ATOMIC_SEQ_CST), new;
    unsigned int try;

    for ( try = 0; try < 5; try++ )
    {
        if ( !(old & W_LINKED) )
        {
            if ( try )
                word_clear(tail, W_BUSY);
            return false;
        }
        new = (old & ~(W_BUSY | EVTCHN_FIFO_LINK_MASK)) | port;
        if ( __atomic_compare_exchange_n(tail, &old, new, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) )
            return true;
        if ( !try )
            old = __atomic_or_fetch(tail, W_BUSY, __ATOMIC_SEQ_CST);
    }
    word_clear(tail, W_BUSY);
    gprintk_ratelimited(XENLOG_WARNING "d%u: event port %u not linked\n",
                        d->domain_id, port);
    return true;
}

/* Put an unmasked, pending, unlinked port at the tail of its queue. */
static void fifo_link(struct domain *d, struct vcpu *v, uint32_t port,
                      struct evtchn *chn, volatile event_word_t *word)
{
    struct evtchn_fifo_domain *fd = d->evtchn->fifo;
    struct fifo_vcpu *fv = &fd->vcpu[v->vcpu_id];
    struct fifo_vcpu *old = &fd->vcpu[chn->last_vcpu];
    unsigned int prio = chn->priority;
    volatile event_word_t *tail;
    bool linked = false;

    if ( word_test(word, W_MASKED) || word_test_and_set(word, W_LINKED) )
        return;

    /*
     * If the port was the tail of the queue it was last on, the guest has
     * consumed it since, so that queue is empty: forget it as a tail, or
     * the next event there would be linked after this (re-queued) port.
     */
    if ( old->tail[chn->last_priority] == port )
        old->tail[chn->last_priority] = 0;
    chn->last_vcpu = v->vcpu_id;
    chn->last_priority = prio;

    if ( fv->tail[prio] && (tail = fifo_word(fd, fv->tail[prio])) != NULL )
        linked = fifo_set_link(d, tail, port);
    if ( !linked )
        __atomic_store_n(&fv->cb->head[prio], port, __ATOMIC_SEQ_CST);
    fv->tail[prio] = port;

    /* A new head makes the queue ready; upcall if it was not already. */
    if ( !linked &&
         !(__atomic_fetch_or(&fv->cb->ready, 1U << prio, __ATOMIC_SEQ_CST) &
           (1U << prio)) )
        vcpu_mark_events_pending(v);
}

static void evtchn_fifo_set_pending(struct domain *d, struct vcpu *v,
                                    uint32_t port, struct evtchn *chn)
{
    struct evtchn_fifo_domain *fd = d->evtchn->fifo;
    volatile event_word_t *word = fifo_word(fd, port);
    bool was_pending;

    if ( !word )
    {
        /* No array page yet: raised when expand_array adds it. */
        chn->fifo_pending = true;
        return;
    }

    was_pending = word_test_and_set(word, W_PENDING);
    /* Without a control block the guest cannot have unmasked it yet. */
    if ( v && v->vcpu_id < fd->nr_vcpus && fd->vcpu[v->vcpu_id].cb )
        fifo_link(d, v, port, chn, word);
    if ( !was_pending )
        evtchn_check_pollers(d, port);
}

static void evtchn_fifo_clear_pending(struct domain *d, uint32_t port)
{
    volatile event_word_t *word = fifo_word(d->evtchn->fifo, port);

    /* A still-linked word is skipped by the guest as spurious. */
    if ( word )
        word_clear(word, W_PENDING);
}

/* EVTCHNOP_unmask: clear MASKED; a pending port is linked as if new. */
static void evtchn_fifo_unmask(struct domain *d, struct vcpu *v, uint32_t port,
                               struct evtchn *chn)
{
    volatile event_word_t *word = fifo_word(d->evtchn->fifo, port);

    if ( !word )
        return;
    word_clear(word, W_MASKED);
    if ( word_test(word, W_PENDING) )
        evtchn_fifo_set_pending(d, v, port, chn);
}

static bool evtchn_fifo_is_pending(const struct domain *d, uint32_t port)
{
    volatile event_word_t *word = fifo_word(d->evtchn->fifo, port);

    return word && word_test(word, W_PENDING);
}

static void evtchn_fifo_init(struct domain *d, uint32_t port,
                             struct evtchn *chn)
{
    chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
    chn->fifo_pending = false;
}

static int evtchn_fifo_set_priority(struct domain *d, struct evtchn *chn,
                                    unsigned int priority)
{
    if ( priority > EVTCHN_FIFO_PRIORITY_MIN )
        return -EINVAL;
    /* Takes effect the next time the port is linked. */
    chn->priority = priority;
    return 0;
}

const struct evtchn_port_ops evtchn_fifo_ops = {
    .name          = "FIFO",
    .max_ports     = EVTCHN_FIFO_NR_CHANNELS,
    .init          = evtchn_fifo_init,
    .set_pending   = evtchn_fifo_set_pending,
    .clear_pending = evtchn_fifo_clear_pending,
    .unmask        = evtchn_fifo_unmask,
    .is_pending    = evtchn_fifo_is_pending,
    .set_priority  = evtchn_fifo_set_priority,
};

/*
 * A guest frame for hypervisor use: owned by d, not a page table (a
 * writable type reference keeps it so). -EINVAL for anything else.
 */
static int fifo_get_frame(struct domain *d, uint64_t gfn, mfn_t *mfn)
{
    struct page_info *pg;

    *mfn = _mfn(gfn);                   /* PV: the gfn is the mfn */
    if ( gfn != mfn_x(*mfn) || !mfn_valid(*mfn) )
        return -EINVAL;
    pg = mfn_to_page(*mfn);
    if ( !get_page(pg, d) )
        return -EINVAL;
    if ( get_page_type(pg, PGT_writable_page) )
    {
        put_page(pg);
        return -EINVAL;
    }
    return 0;
}

static void fifo_put_frame(mfn_t mfn)
{
    put_page_and_type(mfn_to_page(mfn));
}

void evtchn_fifo_destroy(struct domain *d)
{
    struct evtchn_domain *ed = d->evtchn;
    struct evtchn_fifo_domain *fd = ed->fifo;
    unsigned int i;

    ed->ops = &evtchn_2l_ops;
    ed->fifo = NULL;
    if ( !fd )
        return;
    for ( i = 0; i < fd->nr_vcpus; i++ )
        if ( fd->vcpu[i].cb )
            fifo_put_frame(fd->vcpu[i].cb_mfn);
    for ( i = 0; i < fd->nr_pages; i++ )
        fifo_put_frame(fd->array_mfn[i]);
    xfree(fd);
}

/*
 * First control block: switch the domain to FIFO. Ports already in use
 * get the default priority; those pending in the 2-level bitmap are
 * raised again once their array page exists.
 */
static void fifo_switch(struct domain *d, struct evtchn_fifo_domain *fd)
{
    struct evtchn_domain *ed = d->evtchn;
    uint32_t port;

    for ( port = 1; evtchn_port_has_storage(ed, port); port++ )
    {
        struct evtchn *chn = evtchn_from_port(ed, port);

        chn->priority = chn->last_priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
        chn->last_vcpu = chn->notify_vcpu;
        chn->fifo_pending = chn->state != EVTCHNSTAT_closed &&
                            evtchn_2l_ops.is_pending(d, port);
    }
    ed->fifo = fd;
    ed->ops = &evtchn_fifo_ops;
}

int evtchn_fifo_init_control(struct domain *d, struct evtchn_init_control *ic)
{
    struct evtchn_domain *ed = d->evtchn;
    struct evtchn_fifo_domain *fd, *new = NULL;
    unsigned long flags, pflags;
    mfn_t mfn;
    int rc;

    ic->link_bits = EVTCHN_FIFO_LINK_BITS;
    if ( !evtchn_vcpu(d, ic->vcpu) )
        return -ENOENT;
    if ( ic->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block) ||
         (ic->offset & 7) )
        return -EINVAL;

    spin_lock_irqsave(&ed->lock, flags);
    spin_lock_irqsave(&ed->pend_lock, pflags);
    fd = ed->fifo;
    if ( !fd )
    {
        rc = -ENOMEM;
        fd = new = xmalloc_bytes(sizeof(*new) +
                                 d->max_vcpus * sizeof(new->vcpu[0]));
        if ( !new )
            goto out;
        new->nr_vcpus = d->max_vcpus;
    }
    rc = -EINVAL;                       /* this vCPU already has one */
    if ( fd->vcpu[ic->vcpu].cb )
        goto out;
    rc = fifo_get_frame(d, ic->control_gfn, &mfn);
    if ( rc )
        goto out;

    fd->vcpu[ic->vcpu].cb_mfn = mfn;
    fd->vcpu[ic->vcpu].cb = (void *)((char *)mfn_to_virt(mfn) + ic->offset);
    if ( fd == new )
    {
        fifo_switch(d, fd);
        new = NULL;
    }
 out:
    spin_unlock_irqrestore(&ed->pend_lock, pflags);
    spin_unlock_irqrestore(&ed->lock, flags);
    xfree(new);
    return rc;
}

/* Raise the ports of the page just added that were raised without it. */
static void fifo_replay_page(struct domain *d, unsigned int page)
{
    struct evtchn_domain *ed = d->evtchn;
    uint32_t port = page * WORDS_PER_PAGE;

    for ( ; port < (page + 1) * WORDS_PER_PAGE; port++ )
    {
        struct evtchn *chn;

        if ( !evtchn_port_has_storage(ed, port) )
            break;
        chn = evtchn_from_port(ed, port);
        if ( !chn->fifo_pending )
            continue;
        chn->fifo_pending = false;
        evtchn_fifo_set_pending(d, evtchn_vcpu(d, chn->notify_vcpu), port,
                                chn);
    }
}

int evtchn_fifo_expand_array(struct domain *d, uint64_t array_gfn)
{
    struct evtchn_domain *ed = d->evtchn;
    struct evtchn_fifo_domain *fd;
    unsigned long flags, pflags;
    mfn_t mfn;
    int rc;

    spin_lock_irqsave(&ed->lock, flags);
    spin_lock_irqsave(&ed->pend_lock, pflags);
    fd = ed->fifo;
    rc = -EOPNOTSUPP;
    if ( !fd )
        goto out;
    rc = -ENOSPC;
    if ( fd->nr_pages >= MAX_ARRAY_PAGES )
        goto out;
    rc = fifo_get_frame(d, array_gfn, &mfn);
    if ( rc )
        goto out;

    fd->array_mfn[fd->nr_pages] = mfn;
    fd->array[fd->nr_pages] = mfn_to_virt(mfn);
    fd->nr_pages++;
    fifo_replay_page(d, fd->nr_pages - 1);
 out:
    spin_unlock_irqrestore(&ed->pend_lock, pflags);
    spin_unlock_irqrestore(&ed->lock, flags);
    return rc;
}
