/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored: connections. Whatever the transport (Unix socket or a domain's
 * shared ring), a connection assembles requests from the byte stream, hands
 * each whole request to the dispatcher and queues replies and watch events
 * in order. The queue is bounded: while it is full no request is read
 * from the connection and watch events for it are dropped (and counted),
 * so a peer that never reads costs a fixed amount of memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

struct conn *xsd_conns;

struct conn *conn_new(const struct conn_ops *ops, void *priv, uint16_t domid,
                      int privileged)
{
    struct conn *c = calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    c->in_buf = malloc(XENSTORE_PAYLOAD_MAX + 1);
    if (!c->in_buf || ht_init(&c->txs)) {
        free(c->in_buf);
        free(c);
        return NULL;
    }
    c->ops = ops;
    c->priv = priv;
    c->domid = domid;
    c->target = XSD_NO_DOMID;
    c->privileged = privileged;
    c->next_conn = xsd_conns;
    if (xsd_conns)
        xsd_conns->prev_conn = c;
    xsd_conns = c;
    return c;
}

/* Frees whatever waits to be sent. */
static void drop_output(struct conn *c)
{
    while (c->out_head) {
        struct outbuf *o = c->out_head;

        c->out_head = o->next;
        free(o);
    }
    c->out_tail = NULL;
    c->out_bytes = 0;
    c->out_msgs = 0;
    c->dropping = 0;
}

void conn_free(struct conn *c)
{
    if (c->next_conn)
        c->next_conn->prev_conn = c->prev_conn;
    if (c->prev_conn)
        c->prev_conn->next_conn = c->next_conn;
    else
        xsd_conns = c->next_conn;
    watch_remove_all(c);
    tx_destroy_all(c);
    ht_destroy(&c->txs);
    drop_output(c);
    if (c->ops->destroy)
        c->ops->destroy(c);
    free(c->in_buf);
    free(c);
}

void conn_reset(struct conn *c)
{
    watch_remove_all(c);
    tx_destroy_all(c);
    drop_output(c);
    c->in_used = 0;
    c->dead = 0;
}

int conn_stalled(const struct conn *c)
{
    const struct quota *q = &xsd_store.quota;

    return (q->outstanding && c->out_msgs >= q->outstanding) ||
           (q->output_bytes && c->out_bytes >= q->output_bytes);
}

int conn_flush(struct conn *c)
{
    int moved = 0;

    while (c->out_head && !c->dead) {
        struct outbuf *o = c->out_head;
        long n = c->ops->write(c, o->data + o->off, o->len - o->off);

        if (n < 0) {
            c->dead = 1;
            break;
        }
        if (n == 0)
            break;
        moved = 1;
        o->off += (size_t)n;
        if (o->off < o->len)
            continue;
        c->out_head = o->next;
        if (!c->out_head)
            c->out_tail = NULL;
        c->out_bytes -= o->len;
        c->out_msgs--;
        free(o);
    }
    if (!c->out_head)
        c->dropping = 0;
    if (moved && c->ops->kick)
        c->ops->kick(c);
    return c->dead ? -1 : 0;
}

/* Size of the message the fragments make, or 0 if over the maximum. */
static size_t msg_size(const struct xs_frag *frags, unsigned int nr)
{
    size_t size = sizeof(struct xsd_sockmsg);

    for (unsigned int i = 0; i < nr; i++)
        size += frags[i].len;
    return size > XS_MSG_MAX ? 0 : size;
}

int conn_send(struct conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
              const struct xs_frag *frags, unsigned int nr)
{
    size_t size = msg_size(frags, nr);
    struct outbuf *o;

    if (!size)
        return -E2BIG;
    o = malloc(sizeof(*o) + size);
    if (!o)
        return -ENOMEM;
    o->len = xs_msg_build(o->data, size, type, req_id, tx_id, frags, nr);
    o->off = 0;
    o->next = NULL;
    if (!o->len) {
        free(o);
        return -E2BIG;
    }
    if (c->out_tail)
        c->out_tail->next = o;
    else
        c->out_head = o;
    c->out_tail = o;
    c->out_bytes += o->len;
    c->out_msgs++;
    return conn_flush(c);
}

int conn_send_event(struct conn *c, const struct xs_frag *frags,
                    unsigned int nr)
{
    unsigned int limit = xsd_store.quota.output_bytes;
    size_t size = msg_size(frags, nr);

    /*
     * Replies are bounded by not reading requests; events are not, as
     * other connections cause them. Like Xen's memory quota, drop them.
     */
    if (size && limit && c->out_bytes + size > limit) {
        if (!c->dropping)
            xsd_log("dom%u: output queue full (%zu bytes), dropping watch "
                    "events", c->domid, c->out_bytes);
        c->dropping = 1;
        c->events_dropped++;
        return -ENOSPC;
    }
    return conn_send(c, XS_WATCH_EVENT, 0, 0, frags, nr);
}

/* Reads what is available; returns 1 when a whole request is buffered. */
static int read_request(struct conn *c)
{
    size_t hdr = sizeof(c->in_hdr);
    long n;

    if (c->in_used < hdr) {
        n = c->ops->read(c, (char *)&c->in_hdr + c->in_used,
                         hdr - c->in_used);
        if (n < 0)
            return -1;
        c->in_used += (size_t)n;
        if (c->in_used < hdr)
            return 0;
        /* A request longer than the protocol allows cannot be resynced. */
        if (c->in_hdr.len > XENSTORE_PAYLOAD_MAX)
            return -1;
    }
    if (c->in_used < hdr + c->in_hdr.len) {
        n = c->ops->read(c, c->in_buf + (c->in_used - hdr),
                         hdr + c->in_hdr.len - c->in_used);
        if (n < 0)
            return -1;
        c->in_used += (size_t)n;
    }
    return c->in_used == hdr + c->in_hdr.len;
}

int conn_process(struct conn *c)
{
    /* Make room first: the peer may have read since the last event. */
    conn_flush(c);
    /*
     * Rings only signal on new data: consume everything that is there,
     * unless the replies are not being read.
     */
    while (!c->dead && !conn_stalled(c)) {
        int rc = read_request(c);

        if (rc < 0) {
            c->dead = 1;
            break;
        }
        if (rc == 0)
            break;
        c->in_buf[c->in_hdr.len] = '\0';
        c->in_used = 0;
        xsd_dispatch(c, &c->in_hdr, c->in_buf);
    }
    conn_flush(c);
    return c->dead ? -1 : 0;
}
