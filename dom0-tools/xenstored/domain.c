/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored: domains and their ring connections. Domains are found by domid
 * (a flat array) or by local event-channel port (a hash), so an event or an
 * introduce costs the same with 1 or 10000 domains. Only VIRQ_DOM_EXC,
 * which does not say which domain changed, has to look at every domain.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

struct domain {
    uint16_t domid;
    uint32_t local_port;
    void *ring;                 /* struct xenstore_domain_interface */
    int mapped;                 /* ring came from backend->map_ring */
    int shutdown;               /* @releaseDomain already fired for it */
    unsigned long rescued;      /* times the rescue sweep found work */
    struct conn *conn;
    struct domain *prev, *next;         /* all domains, for VIRQ_DOM_EXC */
};

static struct xsd_backend *backend;
static struct domain **domains;          /* [domid] */
static struct ht ports;                  /* local port -> domain */
static struct domain *all_domains;

static struct xenstore_domain_interface *intf(struct conn *c)
{
    return ((struct domain *)c->priv)->ring;
}

static long ring_read(struct conn *c, void *buf, size_t len)
{
    return (long)xs_ring_get_req(intf(c), buf, len);
}

static long ring_write(struct conn *c, const void *buf, size_t len)
{
    return (long)xs_ring_put_rsp(intf(c), buf, len);
}

static void ring_kick(struct conn *c)
{
    struct domain *d = c->priv;

    if (backend && backend->notify)
        backend->notify(backend, d->local_port);
}

static void ring_destroy(struct conn *c)
{
    struct domain *d = c->priv;

    d->conn = NULL;
}

static const struct conn_ops ring_ops = {
    .read = ring_read, .write = ring_write, .kick = ring_kick,
    .destroy = ring_destroy,
};

void domain_init(struct xsd_backend *b)
{
    backend = b;
    if (!domains)
        domains = calloc(XSD_NR_DOMIDS, sizeof(*domains));
    ht_init(&ports);
}

static void domain_free(struct domain *d)
{
    if (d->conn)
        conn_free(d->conn);
    if (d->local_port) {
        ht_remove(&ports, &d->local_port, sizeof(d->local_port));
        if (backend && backend->unbind)
            backend->unbind(backend, d->local_port);
    }
    if (d->mapped && backend && backend->unmap_ring)
        backend->unmap_ring(backend, d->domid, d->ring);
    domains[d->domid] = NULL;
    if (d->prev)
        d->prev->next = d->next;
    else
        all_domains = d->next;
    if (d->next)
        d->next->prev = d->prev;
    free(d);
}

static int domain_add(uint16_t domid, void *ring, int mapped,
                      uint32_t local_port, int privileged)
{
    struct domain *d = calloc(1, sizeof(*d));
    struct xenstore_domain_interface *i = ring;

    if (!d)
        return -ENOMEM;
    *d = (struct domain){ .domid = domid, .ring = ring, .mapped = mapped,
                          .local_port = local_port };
    d->conn = conn_new(&ring_ops, d, domid, privileged || domid == 0);
    if (!d->conn ||
        ht_insert(&ports, &d->local_port, sizeof(d->local_port), d)) {
        if (d->conn)
            conn_free(d->conn);
        free(d);
        return -ENOMEM;
    }
    domains[domid] = d;
    d->next = all_domains;
    if (all_domains)
        all_domains->prev = d;
    all_domains = d;
    /* We support reconnection: the guest may reset the ring and retry. */
    i->server_features |= XENSTORE_SERVER_FEATURE_RECONNECTION |
                          XENSTORE_SERVER_FEATURE_ERROR;
    i->connection = XENSTORE_CONNECTED;
    /* Requests may already be waiting (local xenstore, restarts). */
    conn_process(d->conn);
    /*
     * Always signal once: Linux with a local xenstore only starts probing
     * xenbus after the first event on the store port.
     */
    ring_kick(d->conn);
    return 0;
}

int domain_introduce_ring(uint16_t domid, void *ring, uint32_t local_port,
                          int privileged)
{
    if (domid >= XSD_NR_DOMIDS)
        return -EINVAL;
    if (domains[domid])
        return -EEXIST;
    return domain_add(domid, ring, 0, local_port, privileged);
}

int domain_introduce(uint16_t domid, uint64_t mfn, uint32_t port,
                     int privileged)
{
    void *ring;
    int lport, rc;

    if (domid >= XSD_NR_DOMIDS)
        return -EINVAL;
    if (domains[domid])
        /* Re-introducing a known domain is how a toolstack resyncs. */
        return 0;
    if (!backend)
        return -ENOSYS;
    ring = backend->map_ring(backend, domid, mfn);
    if (!ring)
        return -EINVAL;
    lport = backend->bind(backend, domid, port);
    if (lport < 0) {
        backend->unmap_ring(backend, domid, ring);
        return -EINVAL;
    }
    rc = domain_add(domid, ring, 1, (uint32_t)lport, privileged);
    if (rc) {
        backend->unbind(backend, (uint32_t)lport);
        backend->unmap_ring(backend, domid, ring);
        return rc;
    }
    watch_fire_special("@introduceDomain");
    return 0;
}

/*
 * domid is gone for good (released, or vanished): nothing of it may pass
 * to the next domain given the same id. Its connection, watches and
 * transactions went with domain_free(); here its nodes and quota (removed
 * through a view, so watchers learn of it), its permission entries, and
 * the rights lent to others with SET_TARGET.
 */
static void domain_forget(uint16_t domid)
{
    struct view *v;
    char **owned = NULL;
    unsigned int nr = 0;
    int err = 0;

    if (store_forget_domain(domid, &owned, &nr))
        xsd_log("dom%u: out of memory forgetting its nodes", domid);
    v = view_open(NULL, 0, &err);
    for (unsigned int i = 0; i < nr; i++) {
        /* An ancestor's removal may have taken it already. */
        if (v && store_lookup(owned[i]))
            view_rm(v, owned[i]);
        free(owned[i]);
    }
    free(owned);
    if (v)
        view_close(v);
    for (struct domain *d = all_domains; d; d = d->next)
        if (d->conn && d->conn->target == domid)
            d->conn->target = XSD_NO_DOMID;
}

int domain_release(uint16_t domid)
{
    if (domid >= XSD_NR_DOMIDS || !domains[domid])
        return -ENOENT;
    domain_free(domains[domid]);
    domain_forget(domid);
    watch_fire_special("@releaseDomain");
    return 0;
}

int domain_is_introduced(uint16_t domid)
{
    return domid < XSD_NR_DOMIDS && domains[domid];
}

int domain_resume(uint16_t domid)
{
    if (domid >= XSD_NR_DOMIDS || !domains[domid])
        return -ENOENT;
    domains[domid]->shutdown = 0;
    return 0;
}

int domain_set_target(uint16_t domid, uint16_t target)
{
    if (domid >= XSD_NR_DOMIDS || !domains[domid] || !domains[target])
        return -ENOENT;
    domains[domid]->conn->target = target;
    return 0;
}

void domain_event(uint32_t local_port)
{
    struct domain *d = ht_find(&ports, &local_port, sizeof(local_port));

    if (!d || !d->conn)
        return;
    /* The guest may ask for a fresh ring after a restart of either side. */
    if (((struct xenstore_domain_interface *)d->ring)->connection ==
        XENSTORE_RECONNECT) {
        struct xenstore_domain_interface *i = d->ring;

        conn_reset(d->conn);
        i->error = XENSTORE_ERROR_NONE;
        i->req_cons = i->req_prod = i->rsp_cons = i->rsp_prod = 0;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        i->connection = XENSTORE_CONNECTED;
        ring_kick(d->conn);
        return;
    }
    if (conn_process(d->conn)) {
        /* Tell the guest why we stopped listening; it may reconnect. */
        ((struct xenstore_domain_interface *)d->ring)->error =
            XENSTORE_ERROR_COMM;
        xsd_log("dom%u: ring protocol error, connection stalled", d->domid);
    }
}

void domain_check_all(void)
{
    struct domain *d, *next;
    int fired = 0;

    if (!backend || !backend->domain_state)
        return;
    for (d = all_domains; d; d = next) {
        int st;

        next = d->next;
        if (d->domid == 0)
            continue;
        st = backend->domain_state(backend, d->domid);
        if (st == 1 || (st == 0 && d->shutdown))
            continue;
        d->shutdown = 1;
        fired = 1;
        if (st < 0) {
            uint16_t domid = d->domid;

            domain_free(d);     /* gone: the toolstack will not RELEASE */
            domain_forget(domid);
        }
    }
    if (fired)
        watch_fire_special("@releaseDomain");
}

/*
 * Work a ring has without an event: unread requests, or queued replies and
 * the peer has made room. An event is only a hint; if one is lost (a peer
 * that notifies only when it thinks we wait), this finds the work anyway.
 */
static int ring_has_work(const struct domain *d)
{
    const struct xenstore_domain_interface *i = d->ring;
    uint32_t req_prod = __atomic_load_n(&i->req_prod, __ATOMIC_ACQUIRE);
    uint32_t rsp_cons = __atomic_load_n(&i->rsp_cons, __ATOMIC_ACQUIRE);

    if (i->connection == XENSTORE_RECONNECT)
        return 1;
    if (req_prod != i->req_cons && !conn_stalled(d->conn))
        return 1;
    return d->conn->out_head &&
           i->rsp_prod - rsp_cons < XENSTORE_RING_SIZE;
}

unsigned int domain_rescue(void)
{
    struct domain *d, *next;
    unsigned int found = 0;

    for (d = all_domains; d; d = next) {
        next = d->next;
        if (!d->conn || d->conn->dead || !ring_has_work(d))
            continue;
        if (!d->rescued)
            xsd_log("dom%u: ring work found without an event (port %u); "
                    "served by the 1 s rescue sweep", d->domid,
                    d->local_port);
        d->rescued++;
        found++;
        domain_event(d->local_port);
    }
    return found;
}

void domain_fini(void)
{
    if (!domains)
        return;
    while (all_domains)
        domain_free(all_domains);
    free(domains);
    domains = NULL;
    ht_destroy(&ports);
}
