/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlkernel networking: lwIP (NO_SYS, raw API) over the netfront library on
 * the domain's first vif. The app calls xlk_net_init() once, sets up its
 * lwIP pcbs (tcp_new/tcp_bind/tcp_listen ...), then runs xlk_net_run() or
 * calls xlk_net_poll() in its own loop. lwIP callbacks run from
 * xlk_net_poll(), never from an event upcall. See docs/pv-kernel.md.
 */
#ifndef XLK_NET_H
#define XLK_NET_H

#include <stdint.h>
#include <lwip/netif.h>

/*
 * Connect the first vif and configure its address: the command line's
 * ip=A.B.C.D/N (gw=A.B.C.D optional) or ip=dhcp, else the vif's `ip` key
 * in the store (xl's vif=['ip=...']), else DHCP. Waits up to timeout_ms for
 * the backend and for a DHCP lease. 0 or a negative Xen errno.
 */
int xlk_net_init(unsigned int timeout_ms);
/*
 * One turn of the loop: received frames into lwIP, lwIP's timers, the
 * control/shutdown watch; then, when nothing arrived, block until an event
 * or lwIP's next timer, at most max_wait_ns (0: no cap).
 */
void xlk_net_poll(uint64_t max_wait_ns);
/* xlk_net_poll() for ever. */
void __attribute__((noreturn)) xlk_net_run(void);

/*
 * The TCP/UDP port given as key=N on the command line, or def without one;
 * -1 (after saying why) when the value is not a port number.
 */
int xlk_net_cmdline_port(const char *key, int def);

extern struct netif xlk_netif;
/* The interface's address as text ("10.99.0.2"). */
const char *xlk_net_addr(void);
/* Frames in and out, frames dropped (no pbuf, send failures). */
struct xlk_net_stats { uint64_t rx, tx, rx_drop, tx_drop; };
void xlk_net_stats(struct xlk_net_stats *st);

#endif /* XLK_NET_H */
