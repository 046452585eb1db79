/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libhcall: event channels over /dev/xen/evtchn. The device reports pending
 * ports by read() (u32 each, port masked) and unmasks them on write().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <hcall/evtchn.h>
#include "linux_xen_ioctl.h"

struct hcall_evtchn {
    int fd;
};

struct hcall_evtchn *hcall_evtchn_open(void)
{
    struct hcall_evtchn *h = malloc(sizeof(*h));

    if (!h)
        return NULL;
    h->fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
    if (h->fd < 0) {
        free(h);
        return NULL;
    }
    return h;
}

void hcall_evtchn_close(struct hcall_evtchn *h)
{
    if (!h)
        return;
    close(h->fd);               /* the kernel unbinds every port */
    free(h);
}

int hcall_evtchn_fd(struct hcall_evtchn *h)
{
    return h->fd;
}

int hcall_evtchn_bind_unbound(struct hcall_evtchn *h, uint16_t remote_domid)
{
    struct lx_evtchn_bind_unbound_port b = { remote_domid };

    return ioctl(h->fd, LX_IOCTL_EVTCHN_BIND_UNBOUND_PORT, &b);
}

int hcall_evtchn_bind_interdomain(struct hcall_evtchn *h,
                                  uint16_t remote_domid,
                                  hcall_port_t remote_port)
{
    struct lx_evtchn_bind_interdomain b = { remote_domid, remote_port };

    return ioctl(h->fd, LX_IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);
}

int hcall_evtchn_bind_virq(struct hcall_evtchn *h, unsigned int virq)
{
    struct lx_evtchn_bind_virq b = { virq };

    return ioctl(h->fd, LX_IOCTL_EVTCHN_BIND_VIRQ, &b);
}

int hcall_evtchn_unbind(struct hcall_evtchn *h, hcall_port_t port)
{
    struct lx_evtchn_port p = { port };

    return ioctl(h->fd, LX_IOCTL_EVTCHN_UNBIND, &p) < 0 ? -1 : 0;
}

int hcall_evtchn_notify(struct hcall_evtchn *h, hcall_port_t port)
{
    struct lx_evtchn_port p = { port };

    return ioctl(h->fd, LX_IOCTL_EVTCHN_NOTIFY, &p) < 0 ? -1 : 0;
}

int hcall_evtchn_pending(struct hcall_evtchn *h)
{
    uint32_t port;
    ssize_t n;

    do {
        n = read(h->fd, &port, sizeof(port));
    } while (n < 0 && errno == EINTR);
    if (n != sizeof(port)) {
        if (n >= 0)
            errno = EIO;
        return -1;
    }
    return (int)port;
}

int hcall_evtchn_unmask(struct hcall_evtchn *h, hcall_port_t port)
{
    uint32_t p = port;

    return write(h->fd, &p, sizeof(p)) == sizeof(p) ? 0 : -1;
}

int hcall_evtchn_pending_many(struct hcall_evtchn *h, hcall_port_t *ports,
                              unsigned max)
{
    ssize_t n;

    if (!max || max > 1024) {
        errno = EINVAL;
        return -1;
    }
    do {
        n = read(h->fd, ports, max * sizeof(*ports));
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return errno == EAGAIN ? 0 : -1;
    if (n == 0 || n % sizeof(*ports)) {
        errno = EIO;
        return -1;
    }
    return (int)(n / sizeof(*ports));
}

int hcall_evtchn_unmask_many(struct hcall_evtchn *h, const hcall_port_t *ports,
                             unsigned n)
{
    ssize_t w;

    if (!n)
        return 0;
    if (n > 1024) {
        errno = EINVAL;
        return -1;
    }
    w = write(h->fd, ports, n * sizeof(*ports));
    return w == (ssize_t)(n * sizeof(*ports)) ? 0 : -1;
}

int hcall_evtchn_set_nonblock(struct hcall_evtchn *h, int nonblock)
{
    int fl = fcntl(h->fd, F_GETFL);

    if (fl < 0)
        return -1;
    fl = nonblock ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK);
    return fcntl(h->fd, F_SETFL, fl);
}
