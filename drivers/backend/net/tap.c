/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qnic tap interfaces: one multi-queue tap per vif (/dev/net/tun,
 * IFF_TAP|IFF_NO_PI|IFF_VNET_HDR), MTU and MAC set as Xen's hotplug step
 * does (fe:ff:ff:ff:ff:ff, so the bridge never takes the guest's address),
 * enslaved to the configured bridge and brought up. The tap is not
 * persistent: closing its last queue deletes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if_arp.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "qnic.h"

#define TAP_FLAGS (IFF_TAP | IFF_NO_PI | IFF_VNET_HDR | IFF_MULTI_QUEUE)

static void name_ifr(struct ifreq *ifr, const char *name)
{
    memset(ifr, 0, sizeof(*ifr));
    snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", name);
}

int qn_tap_open_queue(struct qn_vif *v, unsigned idx)
{
    struct ifreq ifr;
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0)
        return -1;
    name_ifr(&ifr, v->ifname);
    ifr.ifr_flags = TAP_FLAGS;
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        close(fd);
        return -1;
    }
    v->q[idx].tap = fd;
    return 0;
}

/* Offloads the frontend takes on rx: what the tap may hand us. */
int qn_tap_offload(struct qn_vif *v)
{
    unsigned off = 0;

    if (v->caps.csum) {
        off |= TUN_F_CSUM;
        if (v->caps.sg && v->caps.gso_tcpv4)
            off |= TUN_F_TSO4;
        if (v->caps.sg && v->caps.gso_tcpv6)
            off |= TUN_F_TSO6;
    }
    return ioctl(v->q[0].tap, TUNSETOFFLOAD, off);
}

static int set_flags(struct qn *q, const char *name, int up)
{
    struct ifreq ifr;

    name_ifr(&ifr, name);
    if (ioctl(q->sock, SIOCGIFFLAGS, &ifr) < 0)
        return -1;
    if (up)
        ifr.ifr_flags |= IFF_UP;
    else
        ifr.ifr_flags &= ~IFF_UP;
    return ioctl(q->sock, SIOCSIFFLAGS, &ifr);
}

static int configure(struct qn *q, struct qn_vif *v, const char *bridge,
                     const char **what)
{
    struct ifreq ifr;

    name_ifr(&ifr, v->ifname);
    ifr.ifr_mtu = (int)v->mtu;
    *what = "MTU";
    if (ioctl(q->sock, SIOCSIFMTU, &ifr) < 0)
        return -1;
    name_ifr(&ifr, v->ifname);
    ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
    memset(ifr.ifr_hwaddr.sa_data, 0xff, 6);
    ifr.ifr_hwaddr.sa_data[0] = (char)0xfe;
    *what = "MAC";
    if (ioctl(q->sock, SIOCSIFHWADDR, &ifr) < 0)
        return -1;
    if (bridge && bridge[0]) {
        name_ifr(&ifr, bridge);
        ifr.ifr_ifindex = (int)if_nametoindex(v->ifname);
        *what = "bridge";
        if (!ifr.ifr_ifindex || ioctl(q->sock, SIOCBRADDIF, &ifr) < 0)
            return -1;
    }
    *what = "link up";
    return set_flags(q, v->ifname, 1);
}

int qn_tap_create(struct qn *q, struct qn_vif *v, const char *bridge)
{
    const char *what = "open /dev/net/tun";

    if (qn_tap_open_queue(v, 0) < 0 || configure(q, v, bridge, &what) < 0) {
        qn_log("dom%u/%u: tap %s: %s%s%s: %m", v->domid, v->devid,
               v->ifname, what, bridge && bridge[0] ? " " : "",
               bridge && bridge[0] ? bridge : "");
        qn_tap_close(v);
        return -1;
    }
    qn_log("dom%u/%u: tap %s, mtu %u%s%s", v->domid, v->devid, v->ifname,
           v->mtu, bridge && bridge[0] ? ", bridge " : "",
           bridge && bridge[0] ? bridge : "");
    return 0;
}

/* Carrier off for a disabled vif (link down where TUNSETCARRIER is missing). */
void qn_tap_carrier(struct qn *q, struct qn_vif *v, int on)
{
    if (v->q[0].tap < 0)
        return;
    if (ioctl(v->q[0].tap, TUNSETCARRIER, &on) < 0)
        set_flags(q, v->ifname, on);
}

void qn_tap_close(struct qn_vif *v)
{
    for (unsigned i = 0; i < QN_MAX_QUEUES; i++) {
        if (v->q[i].tap >= 0)
            close(v->q[i].tap);
        v->q[i].tap = -1;
    }
}
