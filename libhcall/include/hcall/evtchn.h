/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libhcall: event channels over /dev/xen/evtchn.
 */
#ifndef HCALL_EVTCHN_H
#define HCALL_EVTCHN_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct hcall_evtchn;
typedef uint32_t hcall_port_t;

/* Opens /dev/xen/evtchn. NULL + errno on failure. */
struct hcall_evtchn *hcall_evtchn_open(void);
void hcall_evtchn_close(struct hcall_evtchn *h);

/*
 * Readable when an event is pending on one of this handle's ports: put it
 * in poll/epoll, then call hcall_evtchn_pending().
 */
int hcall_evtchn_fd(struct hcall_evtchn *h);

/*
 * Each bind returns the new local port (>= 0), or -1 + errno. Bound ports
 * start unmasked.
 */
int hcall_evtchn_bind_unbound(struct hcall_evtchn *h, uint16_t remote_domid);
int hcall_evtchn_bind_interdomain(struct hcall_evtchn *h,
                                  uint16_t remote_domid,
                                  hcall_port_t remote_port);
int hcall_evtchn_bind_virq(struct hcall_evtchn *h, unsigned int virq);
int hcall_evtchn_unbind(struct hcall_evtchn *h, hcall_port_t port);
int hcall_evtchn_notify(struct hcall_evtchn *h, hcall_port_t port);

/*
 * Returns one pending port (which the kernel has masked), or -1 with errno
 * EAGAIN if none is pending and the fd is non-blocking (see
 * hcall_evtchn_set_nonblock); otherwise blocks. Call hcall_evtchn_unmask()
 * after handling it to receive further events.
 */
int hcall_evtchn_pending(struct hcall_evtchn *h);
int hcall_evtchn_unmask(struct hcall_evtchn *h, hcall_port_t port);
int hcall_evtchn_set_nonblock(struct hcall_evtchn *h, int nonblock);
/*
 * Batched forms, one system call each (the device hands out and takes back
 * many ports at once): up to @max (1..1024) pending ports into @ports,
 * returning their count, 0 if none is pending on a non-blocking fd, -1 on
 * error; and unmasking @n (0..1024) ports. A daemon's poll loop takes all
 * that is pending, handles it, and unmasks it with two calls in all.
 */
int hcall_evtchn_pending_many(struct hcall_evtchn *h, hcall_port_t *ports,
                              unsigned max);
int hcall_evtchn_unmask_many(struct hcall_evtchn *h, const hcall_port_t *ports,
                             unsigned n);

#ifdef __cplusplus
}
#endif

#endif /* HCALL_EVTCHN_H */
