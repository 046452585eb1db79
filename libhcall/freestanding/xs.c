/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libhcall for guest kernels: the xenstore client over the domain's store
 * ring, one request at a time. Framing and the ring copy loops are the
 * shared wire core (xs_msg.c); this file adds request/reply matching, the
 * watch-event queue and waiting through the kernel's hooks.
 */
#include "hcall_guest.h"

#if __STDC_HOSTED__
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
size_t strlen(const char *s);
#endif

static void xs_kick(struct hcall_xs *xs)
{
    struct evtchn_send op = { .port = xs->port };

    hcall_guest_event_channel_op(xs->env, EVTCHNOP_send, &op);
}

static int xs_wait(struct hcall_xs *xs)
{
    if (xs->intf->error != XENSTORE_ERROR_NONE)
        return -XEN_EIO;        /* the server stalled our ring */
    return xs->env->wait ? xs->env->wait(xs->env->ctx, xs->port) : 0;
}

static int ring_write_all(struct hcall_xs *xs, const char *p, size_t n)
{
    while (n) {
        size_t k = xs_ring_put_req(xs->intf, p, n);
        int rc;

        if (k) {
            p += k;
            n -= k;
            xs_kick(xs);
        } else if ((rc = xs_wait(xs)) != 0) {
            return rc;
        }
    }
    return 0;
}

static int ring_read_all(struct hcall_xs *xs, void *buf, size_t n)
{
    char *p = buf;

    while (n) {
        size_t k = xs_ring_get_rsp(xs->intf, p, n);
        int rc;

        if (k) {
            p += k;
            n -= k;
            xs_kick(xs);        /* the server may wait for room */
        } else if ((rc = xs_wait(xs)) != 0) {
            return rc;
        }
    }
    return 0;
}

static void queue_event(struct hcall_xs *xs)
{
    unsigned int slot;

    if (xs->ev_count == HCALL_XS_GUEST_EVENTS ||
        xs->len > HCALL_XS_GUEST_EVENT_MAX) {
        xs->events_lost++;
        return;
    }
    slot = (xs->ev_head + xs->ev_count) % HCALL_XS_GUEST_EVENTS;
    memcpy(xs->ev[slot], xs->rsp, xs->len);
    xs->ev_len[slot] = (uint16_t)xs->len;
    xs->ev_count++;
}

/* One whole message into xs->rsp; watch events are also queued. */
static int xs_recv(struct hcall_xs *xs, struct xsd_sockmsg *h)
{
    int rc = ring_read_all(xs, h, sizeof(*h));

    if (rc)
        return rc;
    if (h->len > XENSTORE_PAYLOAD_MAX)
        return -XEN_EIO;
    rc = ring_read_all(xs, xs->rsp, h->len);
    if (rc)
        return rc;
    xs->rsp[h->len] = '\0';
    xs->len = h->len;
    if (h->type == XS_WATCH_EVENT)
        queue_event(xs);
    return 0;
}

static int xs_request(struct hcall_xs *xs, uint32_t type, hcall_xs_tx_t tx,
                      const struct xs_frag *frags, unsigned int nr)
{
    struct xsd_sockmsg h;
    size_t n;
    int rc;

    n = xs_msg_build(xs->msg, sizeof(xs->msg), type, ++xs->req_id, tx,
                     frags, nr);
    if (!n)
        return -XEN_E2BIG;
    rc = ring_write_all(xs, xs->msg, n);
    /* Skip events and stale replies (from a request whose wait gave up). */
    do {
        if (!rc)
            rc = xs_recv(xs, &h);
    } while (!rc && (h.type == XS_WATCH_EVENT || h.req_id != xs->req_id));
    if (rc)
        return rc;
    if (h.type == XS_ERROR)
        return -xs_errno_from_name(xs->rsp);
    return h.type == type ? 0 : -XEN_EIO;
}

static struct xs_frag str_frag(const char *s)
{
    return (struct xs_frag){ s, (uint32_t)strlen(s) + 1 };
}

int hcall_xs_init(struct hcall_xs *xs, const struct hcall_guest_env *env,
                  struct xenstore_domain_interface *intf, hcall_port_t port)
{
    if (!env || !env->hypercall || !intf)
        return -XEN_EINVAL;
    xs->env = env;
    xs->intf = intf;
    xs->port = port;
    xs->req_id = 0;
    xs->events_lost = xs->ev_head = xs->ev_count = 0;
    return 0;
}

static int path_op(struct hcall_xs *xs, uint32_t type, hcall_xs_tx_t tx,
                   const char *path)
{
    struct xs_frag f;

    if (!xs_path_check(path, XS_PATH_NODE))
        return -XEN_EINVAL;
    f = str_frag(path);
    return xs_request(xs, type, tx, &f, 1);
}

int hcall_xs_read(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                  char **value, size_t *len)
{
    int rc = path_op(xs, XS_READ, tx, path);

    if (rc)
        return rc;
    *value = xs->rsp;
    if (len)
        *len = xs->len;
    return 0;
}

int hcall_xs_write(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                   const void *value, size_t len)
{
    struct xs_frag f[2];

    if (!xs_path_check(path, XS_PATH_NODE))
        return -XEN_EINVAL;
    if (len > XENSTORE_PAYLOAD_MAX)
        return -XEN_E2BIG;
    f[0] = str_frag(path);
    f[1] = (struct xs_frag){ value, (uint32_t)len };
    return xs_request(xs, XS_WRITE, tx, f, 2);
}

int hcall_xs_mkdir(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path)
{
    return path_op(xs, XS_MKDIR, tx, path);
}

int hcall_xs_rm(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path)
{
    return path_op(xs, XS_RM, tx, path);
}

int hcall_xs_directory(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                       char ***names, unsigned int *count)
{
    unsigned int max = sizeof(xs->names) / sizeof(xs->names[0]) - 1;
    int rc = path_op(xs, XS_DIRECTORY, tx, path);
    unsigned int n;

    if (rc)
        return rc;
    n = xs_msg_split(xs->rsp, xs->len, (const char **)xs->names, max);
    xs->names[n] = NULL;
    *names = xs->names;
    *count = n;
    return 0;
}

int hcall_xs_transaction_start(struct hcall_xs *xs, hcall_xs_tx_t *tx)
{
    struct xs_frag f = { "", 1 };
    uint32_t id = 0;
    int rc = xs_request(xs, XS_TRANSACTION_START, HCALL_XS_NO_TX, &f, 1);

    if (rc)
        return rc;
    for (const char *p = xs->rsp; *p; p++) {
        if (*p < '0' || *p > '9')
            return -XEN_EIO;
        id = id * 10 + (uint32_t)(*p - '0');
    }
    *tx = id;
    return 0;
}

int hcall_xs_transaction_end(struct hcall_xs *xs, hcall_xs_tx_t tx, int abort)
{
    struct xs_frag f = { abort ? "F" : "T", 2 };

    return xs_request(xs, XS_TRANSACTION_END, tx, &f, 1);
}

static int watch_op(struct hcall_xs *xs, uint32_t type, const char *path,
                    const char *token)
{
    struct xs_frag f[2];

    if (!xs_path_check(path, XS_PATH_NODE | XS_PATH_SPECIAL))
        return -XEN_EINVAL;
    f[0] = str_frag(path);
    f[1] = str_frag(token);
    return xs_request(xs, type, HCALL_XS_NO_TX, f, 2);
}

int hcall_xs_watch(struct hcall_xs *xs, const char *path, const char *token)
{
    return watch_op(xs, XS_WATCH, path, token);
}

int hcall_xs_unwatch(struct hcall_xs *xs, const char *path, const char *token)
{
    return watch_op(xs, XS_UNWATCH, path, token);
}

int hcall_xs_read_watch(struct hcall_xs *xs, char **path, char **token,
                        int nonblock)
{
    struct xsd_sockmsg h;
    const char *f[2];
    unsigned int len;
    int rc;

    while (!xs->ev_count) {
        /* Without blocking, only take what is already in the ring. */
        if (nonblock && xs->intf->rsp_prod - xs->intf->rsp_cons < sizeof(h))
            return -XEN_EAGAIN;
        rc = xs_recv(xs, &h);
        if (rc)
            return rc;
    }
    len = xs->ev_len[xs->ev_head];
    memcpy(xs->cur_ev, xs->ev[xs->ev_head], len);
    xs->ev_head = (xs->ev_head + 1) % HCALL_XS_GUEST_EVENTS;
    xs->ev_count--;
    if (xs_msg_split(xs->cur_ev, len, f, 2) != 2)
        return -XEN_EIO;
    *path = (char *)f[0];
    *token = (char *)f[1];
    return 0;
}
