/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-domain console state: find domains with a console in the store,
 * map their ring (grant ref 0 through gntdev, else the ring MFN through
 * privcmd), bind the port, and drain output to the log, the history and
 * the attached clients. A domain that is dying or gone is dropped at once
 * so its pages can be freed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <public/domctl.h>
#include <public/grant_table.h>

#include "dom0_daemon.h"
#include "xenconsoled.h"

void xc_log(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    dom0_vlog("xenconsoled", fmt, ap);
    va_end(ap);
}

static char *xs_get(struct xc_state *s, uint32_t domid, const char *node)
{
    char path[96], *v = NULL;
    size_t len;

    snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, node);
    if (hcall_xs_read(s->xs, HCALL_XS_NO_TX, path, &v, &len) < 0)
        return NULL;
    return v;
}

/* 1: exists and not dying, 0: dying or gone, -1: cannot tell. */
static int alive(struct xc_state *s, uint32_t domid)
{
    struct xen_domctl d;

    if (!s->privcmd)
        return -1;
    memset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_getdomaininfo;
    d.domain = (domid_t)domid;
    if (hcall_domctl(s->privcmd, &d) < 0)
        return errno == ESRCH ? 0 : -1;
    return d.u.getdomaininfo.domain == domid &&
           !(d.u.getdomaininfo.flags & XEN_DOMINF_dying);
}

struct xc_dom *xc_find(struct xc_state *s, uint32_t domid)
{
    for (struct xc_dom *d = s->doms; d; d = d->next)
        if (d->domid == domid)
            return d;
    return NULL;
}

struct xc_dom *xc_find_port(struct xc_state *s, int port)
{
    for (struct xc_dom *d = s->doms; d; d = d->next)
        if (d->local_port == port)
            return d;
    return NULL;
}

static void *map_ring(struct xc_state *s, uint32_t domid, bool *grant)
{
    hcall_gref_t ref = GNTTAB_RESERVED_CONSOLE;
    char *mfn_s;
    void *p = NULL;

    if (s->gntdev &&
        (p = hcall_gntdev_map(s->gntdev, (uint16_t)domid, &ref, 1, 1))) {
        *grant = true;
        return p;
    }
    mfn_s = xs_get(s, domid, "console/ring-ref");
    if (mfn_s && s->privcmd) {
        uint64_t mfn = strtoull(mfn_s, NULL, 10);

        p = hcall_fmem_map(s->privcmd, (uint16_t)domid,
                           PROT_READ | PROT_WRITE, &mfn, NULL, 1);
    }
    free(mfn_s);
    *grant = false;
    return p;
}

static void open_log(struct xc_dom *d)
{
    d->log_fd = open(d->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                     0644);
    if (d->log_fd < 0)
        xc_log("domain %u: cannot open %s: %s", d->domid, d->log_path,
               strerror(errno));
}

void xc_reopen_logs(struct xc_state *s)
{
    for (struct xc_dom *d = s->doms; d; d = d->next) {
        if (d->log_fd >= 0)
            close(d->log_fd);
        open_log(d);
    }
}

static void connect_dom(struct xc_state *s, uint32_t domid)
{
    char *port_s = xs_get(s, domid, "console/port"), *name;
    struct xc_dom *d;

    if (!port_s || alive(s, domid) == 0)
        goto out;
    d = calloc(1, sizeof(*d));
    if (!d)
        goto out;
    d->domid = domid;
    d->pty_master = d->pty_slave = -1;
    for (int i = 0; i < XC_MAX_CLIENTS; i++)
        d->clients[i] = -1;
    d->ring = map_ring(s, domid, &d->ring_is_grant);
    if (!d->ring) {
        xc_log("domain %u: cannot map its console ring: %s", domid,
               strerror(errno));
        free(d);
        goto out;
    }
    d->local_port = hcall_evtchn_bind_interdomain(s->evtchn, (uint16_t)domid,
                                                  atoi(port_s));
    if (d->local_port < 0) {
        xc_log("domain %u: cannot bind console port %s: %s", domid, port_s,
               strerror(errno));
        if (d->ring_is_grant)
            hcall_gntdev_unmap(s->gntdev, d->ring, 1);
        else
            hcall_fmem_unmap(s->privcmd, d->ring, 1);
        free(d);
        goto out;
    }
    name = xs_get(s, domid, "name");
    snprintf(d->log_path, sizeof(d->log_path), XC_LOG_DIR "/guest-%s.log",
             name ? name : port_s);
    free(name);
    open_log(d);
    xc_pty_open(s, d);
    d->next = s->doms;
    s->doms = d;
    if (s->verbose)
        xc_log("domain %u: console on port %d, log %s", domid,
               d->local_port, d->log_path);
    xc_drain(s, d);
out:
    free(port_s);
}

static void drop_dom(struct xc_state *s, struct xc_dom *d)
{
    struct xc_dom **pp = &s->doms;

    while (*pp != d)
        pp = &(*pp)->next;
    *pp = d->next;
    hcall_evtchn_unbind(s->evtchn, d->local_port);
    if (d->ring_is_grant)
        hcall_gntdev_unmap(s->gntdev, d->ring, 1);
    else
        hcall_fmem_unmap(s->privcmd, d->ring, 1);
    for (int i = 0; i < XC_MAX_CLIENTS; i++)
        if (d->clients[i] >= 0)
            close(d->clients[i]);
    if (d->log_fd >= 0)
        close(d->log_fd);
    xc_pty_close(s, d);
    if (s->verbose)
        xc_log("domain %u: gone, console released", d->domid);
    free(d);
}

void xc_scan(struct xc_state *s)
{
    struct xc_dom *d, *next;
    unsigned int n = 0;
    char **names = NULL;

    for (d = s->doms; d; d = next) {
        next = d->next;
        if (alive(s, d->domid) == 0) {
            xc_drain(s, d);
            drop_dom(s, d);
        }
    }
    if (hcall_xs_directory(s->xs, HCALL_XS_NO_TX, "/local/domain", &names,
                           &n) < 0)
        return;
    for (unsigned int i = 0; i < n; i++) {
        uint32_t id = (uint32_t)strtoul(names[i], NULL, 10);

        if (id != 0 && !xc_find(s, id))
            connect_dom(s, id);
    }
    free(names);
}

static void emit(struct xc_dom *d, const char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d->history[(d->history_len + i) % XC_HISTORY] = buf[i];
    d->history_len += n;
    if (d->log_fd >= 0 && write(d->log_fd, buf, n) < 0)
        d->log_fd = -1;
    xc_pty_write(d, buf, n);
    for (int i = 0; i < XC_MAX_CLIENTS; i++)
        if (d->clients[i] >= 0 && write(d->clients[i], buf, n) != (ssize_t)n) {
            close(d->clients[i]);       /* a client that cannot keep up */
            d->clients[i] = -1;
        }
}

void xc_drain(struct xc_state *s, struct xc_dom *d)
{
    struct xencons_interface *r = d->ring;
    char buf[sizeof(r->out)];
    uint32_t cons = r->out_cons, prod = __atomic_load_n(&r->out_prod,
                                                        __ATOMIC_ACQUIRE);
    size_t n = 0;

    if (prod - cons > sizeof(r->out))
        cons = prod - sizeof(r->out);   /* a broken guest: resync */
    while (cons != prod)
        buf[n++] = r->out[cons++ & (sizeof(r->out) - 1)];
    __atomic_store_n(&r->out_cons, cons, __ATOMIC_RELEASE);
    if (n) {
        emit(d, buf, n);
        hcall_evtchn_notify(s->evtchn, d->local_port);
    }
}

void xc_input(struct xc_state *s, struct xc_dom *d, const char *buf, int n)
{
    struct xencons_interface *r = d->ring;
    uint32_t prod = r->in_prod;
    int done = 0;

    while (done < n && prod - __atomic_load_n(&r->in_cons, __ATOMIC_ACQUIRE)
                       < sizeof(r->in))
        r->in[prod++ & (sizeof(r->in) - 1)] = buf[done++];
    __atomic_store_n(&r->in_prod, prod, __ATOMIC_RELEASE);
    hcall_evtchn_notify(s->evtchn, d->local_port);
}

void xc_add_client(struct xc_dom *d, int fd)
{
    uint64_t have = d->history_len < XC_HISTORY ? d->history_len : XC_HISTORY;
    uint64_t start = d->history_len - have;

    for (int i = 0; i < XC_MAX_CLIENTS; i++)
        if (d->clients[i] < 0) {
            d->clients[i] = fd;
            if (write(fd, "OK\n", 3) != 3)
                break;
            /* The ring buffer's two pieces, oldest first. */
            uint64_t off = start % XC_HISTORY,
                     first = have < XC_HISTORY - off ? have : XC_HISTORY - off;

            if (write(fd, d->history + off, first) == (ssize_t)first &&
                have > first &&
                write(fd, d->history, have - first) < 0)
                xc_log("domain %u: client lost", d->domid);
            return;
        }
    if (write(fd, "ERR too many clients on this console\n", 37) < 0)
        xc_log("client lost");
    close(fd);
}
