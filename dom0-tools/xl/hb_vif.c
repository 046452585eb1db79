/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV NICs: vif= at create, network-attach/-detach/-list, and the teardown
 * when a domain goes. Writes the two xenstore directories of the split
 * driver handshake (frontend .../device/vif/<devid>, backend
 * /local/domain/0/backend/<vif|qnic>/<domid>/<devid>) in one transaction.
 * backendtype qnic (the default) is served by the user-space daemon of
 * drivers/backend/net, which makes the tap and writes hotplug-status
 * itself; backendtype netback is Linux's xen-netback (kind vif), whose
 * netdev xl plugs into the bridge as Xen's vif-bridge script would
 * (hb_netdev.c). docs/xl.md, "Network", is the user's side of this.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "cfg_syntax.h"
#include "hb_net.h"

/* XenbusState values (split-drivers.md section 1). */
enum { XB_INITWAIT = 2, XB_CONNECTED = 4, XB_CLOSING = 5, XB_CLOSED = 6 };

/* Deadlines, in tenths of a second (QEMU's TCG is slow). */
#define WAIT_BACKEND   300     /* a new backend reaches InitWait */
#define WAIT_CONNECT   600     /* network-attach: the guest connects */
#define WAIT_NETDEV    100     /* netback's vif<D>.<N> appears */
#define WAIT_CLOSE     100     /* teardown: the backend lets go */

/* Backend kinds: Linux's netback ("vif"), our daemon ("qnic"). */
static const char *const kinds[] = { "vif", "qnic" };
#define NETBACK kinds[0]
#define QNIC    kinds[1]

/* One NIC's paths and names. */
struct nic {
    uint32_t domid;
    int devid;
    const struct xl_vif *v;
    const char *kind;
    const char *bridge;
    char be[128], fe[128];
    char mac[18];
    char dev[16];                       /* vif<D>.<N>, the name Linux uses */
    char what[160];                     /* "vif 0 (mac=...,bridge=...)" */
};

static int be_state(const char *be)
{
    return hb_xs_read_int(-1, "%s/state", be);
}

/* Xen's OUI with random low bytes (the top bit of the fourth clear). */
static void mac_generate(uint8_t mac[6])
{
    uint8_t r[3] = { 0 };

    if (getrandom(r, sizeof(r), 0) != sizeof(r))
        for (int i = 0; i < 3; i++)
            r[i] = (uint8_t)rand();
    mac[0] = 0x00;
    mac[1] = 0x16;
    mac[2] = 0x3e;
    mac[3] = r[0] & 0x7f;
    mac[4] = r[1];
    mac[5] = r[2];
}

static int nic_init(struct nic *n, uint32_t domid, int devid,
                    const struct xl_vif *v)
{
    uint8_t mac[6];

    memset(n, 0, sizeof(*n));
    n->domid = domid;
    n->devid = devid;
    n->v = v;
    n->kind = v->backendtype && !strcmp(v->backendtype, "netback") ?
              NETBACK : QNIC;
    n->bridge = v->bridge ? v->bridge : HB_DEFAULT_BRIDGE;
    if (v->has_mac)
        memcpy(mac, v->mac, 6);
    else
        mac_generate(mac);
    xl_mac_format(mac, n->mac);
    snprintf(n->dev, sizeof(n->dev), "vif%u.%d", domid, devid);
    snprintf(n->what, sizeof(n->what), "vif %d (mac=%s,bridge=%s,"
             "backendtype=%s%s%s)", devid, n->mac, n->bridge,
             n->kind == QNIC ? "qnic" : "netback",
             v->script ? ",script=" : "", v->script ? v->script : "");
    if (v->backend && strcmp(v->backend, "0") &&
        strcmp(v->backend, "Domain-0"))
        return hb_msg(-EOPNOTSUPP, "%s: backend=%s: only dom0 serves "
                      "network interfaces", n->what, v->backend);
    snprintf(n->be, sizeof(n->be), "/local/domain/0/backend/%s/%u/%d",
             n->kind, domid, devid);
    snprintf(n->fe, sizeof(n->fe), "/local/domain/%u/device/vif/%d", domid,
             devid);
    return 0;
}

/* ---- the store -------------------------------------------------------- */

/* The backend's nodes besides the handshake ones; -1 on failure. */
static int write_be_config(struct hcall_xs *xs, hcall_xs_tx_t tx,
                           const struct nic *n)
{
    const struct xl_vif *v = n->v;
    const char *be = n->be;
    uint64_t bps = v->rate_bytes_per_sec, us = v->rate_interval_usec;
    /* Bytes per interval, without overflowing; at least one. */
    uint64_t credit = bps / 1000000 * us + bps % 1000000 * us / 1000000;

    if (v->mtu && hb_xs_tx_printf(xs, tx, be, "mtu", "%u", v->mtu))
        return -1;
    /* Linux's and qnic's format: bytes per interval, interval in us. */
    if (v->rate &&
        hb_xs_tx_printf(xs, tx, be, "rate", "%llu,%u",
                        (unsigned long long)(credit ? credit : 1),
                        v->rate_interval_usec))
        return -1;
    if (v->vifname && hb_xs_tx_printf(xs, tx, be, "vifname", "%s", v->vifname))
        return -1;
    if (v->ip && hb_xs_tx_printf(xs, tx, be, "ip", "%s", v->ip))
        return -1;
    /* Linux's netback refuses a device without it: empty = xl plugs. */
    if ((v->script || n->kind == NETBACK) &&
        hb_xs_tx_printf(xs, tx, be, "script", "%s",
                        v->script ? v->script : ""))
        return -1;
    return 0;
}

static int write_dirs(struct hcall_xs *xs, hcall_xs_tx_t tx, void *arg)
{
    const struct nic *n = arg;
    uint16_t id = (uint16_t)n->domid;

    if (hb_dev_dirs(xs, tx, n->domid, n->be, n->fe))
        return -1;
    if (hb_xs_tx_printf(xs, tx, n->be, "frontend", "%s", n->fe) ||
        hb_xs_tx_printf(xs, tx, n->be, "frontend-id", "%u", id) ||
        hb_xs_tx_printf(xs, tx, n->be, "online", "1") ||
        hb_xs_tx_printf(xs, tx, n->be, "handle", "%d", n->devid) ||
        hb_xs_tx_printf(xs, tx, n->be, "mac", "%s", n->mac) ||
        hb_xs_tx_printf(xs, tx, n->be, "bridge", "%s", n->bridge) ||
        hb_xs_tx_printf(xs, tx, n->be, "type", "%s",
                        n->kind == QNIC ? "qnic" : "vif") ||
        write_be_config(xs, tx, n) ||
        hb_xs_tx_printf(xs, tx, n->be, "state", "1"))
        return -1;
    return hb_xs_tx_printf(xs, tx, n->fe, "backend", "%s", n->be) ||
           hb_xs_tx_printf(xs, tx, n->fe, "backend-id", "0") ||
           hb_xs_tx_printf(xs, tx, n->fe, "handle", "%d", n->devid) ||
           hb_xs_tx_printf(xs, tx, n->fe, "mac", "%s", n->mac) ||
           hb_xs_tx_printf(xs, tx, n->fe, "state", "1") ? -1 : 0;
}

/* Why the backend did not come up (rc from hb_wait_state). */
static int wait_fail(const struct nic *n, int rc, int want, int tenths)
{
    const char *what = n->kind == NETBACK ?
        "is xen-netback loaded in dom0 (modprobe xen-netback)?" :
        "is the qnic back end (drivers/backend/net) running in dom0?";
    char *err;

    if (rc == -ETIME)
        return hb_msg(rc, "%s of domain %u: its back end %s did not reach "
                      "state %s within %d s (state %d); %s", n->what,
                      n->domid, n->be, want == XB_CONNECTED ? "Connected" :
                      "InitWait", tenths / 10, be_state(n->be), what);
    err = hb_xs_read("/local/domain/0/error%s/error",
                     n->be + strlen("/local/domain/0"));
    rc = hb_msg(rc, "%s of domain %u: its back end %s gave up (state %d; "
                "it says: %s)", n->what, n->domid, n->be, be_state(n->be),
                err ? err : "nothing");
    free(err);
    return rc;
}

/* ---- hotplug (netback) ------------------------------------------------ */

/* What vif-bridge does once netback made vif<D>.<N>; then tell netback. */
static int netback_hotplug(const struct nic *n)
{
    const struct xl_vif *v = n->v;
    char path[160];
    int rc;

    for (int i = 0; i < WAIT_NETDEV && !hb_netdev_exists(n->dev); i++)
        usleep(100 * 1000);
    if (!hb_netdev_exists(n->dev))
        return hb_msg(-ETIME, "%s of domain %u: xen-netback made no "
                      "interface %s within %d s", n->what, n->domid, n->dev,
                      WAIT_NETDEV / 10);
    if (v->script)
        rc = hb_net_script(v->script, "online", n->be, n->dev,
                           v->gatewaydev);
    else
        rc = hb_netdev_plug(n->dev, v->vifname, v->mtu, n->bridge);
    if (rc < 0) {
        char keep[sizeof(xl_backend_msg)];

        snprintf(keep, sizeof(keep), "%s", xl_backend_msg);
        return hb_msg(rc, "%s of domain %u: %s", n->what, n->domid, keep);
    }
    snprintf(path, sizeof(path), "%s/hotplug-status", n->be);
    return hb_xs_write(path, "connected");
}

/* ---- teardown --------------------------------------------------------- */

static bool let_go(const char *kind, uint32_t domid, int devid,
                   const char *be)
{
    int s;

    if (kind == NETBACK)
        return !hb_kernel_has_backend("vif", domid, devid);
    s = be_state(be);
    return s == XB_CLOSED || s < 0;
}

/*
 * Remove one NIC: ask the backend to close (online 0, state Closing),
 * remove the frontend dir, wait (bounded) until the backend lets go, run
 * script= offline, remove the backend dir, wait until the netdev is gone.
 */
static void vif_remove(const char *kind, uint32_t domid, int devid)
{
    char be[128], fe[128], path[160], dev[16], *script, *vifname;
    int was;

    snprintf(be, sizeof(be), "/local/domain/0/backend/%s/%u/%d", kind, domid,
             devid);
    snprintf(fe, sizeof(fe), "/local/domain/%u/device/vif/%d", domid, devid);
    script = hb_xs_read("%s/script", be);
    vifname = hb_xs_read("%s/vifname", be);
    snprintf(dev, sizeof(dev), "vif%u.%d", domid, devid);
    was = be_state(be);
    snprintf(path, sizeof(path), "%s/online", be);
    hb_xs_write(path, "0");
    if (was != XB_CLOSED) {
        snprintf(path, sizeof(path), "%s/state", be);
        hb_xs_write(path, "5");
    }
    hb_xs_rm(fe);
    for (int i = 0; i < WAIT_CLOSE && (kind == NETBACK || was >= XB_INITWAIT)
                    && !let_go(kind, domid, devid, be); i++)
        usleep(100 * 1000);
    if (script && *script && kind == NETBACK)
        hb_net_script(script, "offline", be, dev, NULL);
    hb_xs_rm(be);
    if (vifname)
        snprintf(dev, sizeof(dev), "%s", vifname);
    for (int i = 0; i < WAIT_CLOSE && (kind == NETBACK || was >= XB_INITWAIT)
                    && hb_netdev_exists(dev); i++)
        usleep(100 * 1000);
    xl_backend_msg[0] = '\0';
    free(script);
    free(vifname);
}

/* ---- attach ----------------------------------------------------------- */

/* Attach one NIC: store dirs, backend up, hotplug, then (attach) wait. */
static int vif_add(uint32_t domid, int devid, const struct xl_vif *v,
                   int want, int tenths)
{
    char keep[sizeof(xl_backend_msg)];
    struct hcall_xs *xs = NULL;
    struct nic n;
    int rc, kicks;

    if ((rc = nic_init(&n, domid, devid, v)) < 0 || (rc = hb_xs(&xs)) < 0)
        return rc;
    if (n.kind == QNIC && !hb_process_running("qnic"))
        return hb_msg(-ENXIO, "%s of domain %u: the qnic back end is not "
                      "running in dom0; start it (qnic &) or choose "
                      "Linux's netback with backendtype=netback", n.what,
                      domid);
    if (!v->script && (rc = hb_bridge_ensure(n.bridge)) < 0) {
        snprintf(keep, sizeof(keep), "%s", xl_backend_msg);
        return hb_msg(rc, "%s: %s", n.what, keep);
    }
    if (hcall_xs_transact(xs, write_dirs, &n, 0) < 0)
        return errno == EEXIST ?
            hb_msg(-EEXIST, "domain %u already has a vif %d", domid, devid) :
            hb_msg(-errno, "%s: cannot write its xenstore entries: %s",
                   n.what, strerror(errno));
    rc = n.kind == NETBACK ?
        hb_wait_kernel_state(n.be, "vif", domid, devid, XB_INITWAIT,
                             WAIT_BACKEND, &kicks) :
        hb_wait_state(n.be, XB_INITWAIT, WAIT_BACKEND);
    if (rc < 0)
        rc = wait_fail(&n, rc, XB_INITWAIT, WAIT_BACKEND);
    if (rc == 0 && n.kind == NETBACK)
        rc = netback_hotplug(&n);
    if (rc == 0 && want > XB_INITWAIT &&
        (rc = hb_wait_state(n.be, want, tenths)) < 0)
        rc = wait_fail(&n, rc, want, tenths);
    if (rc < 0) {
        snprintf(keep, sizeof(keep), "%s", xl_backend_msg);
        vif_remove(n.kind, domid, devid);
        hb_msg(rc, "%s", keep);
    }
    return rc;
}

int hb_vifs_create(const struct xl_domain_config *c, uint32_t domid)
{
    int rc = 0;

    for (unsigned int i = 0; i < c->nr_vifs && !rc; i++)
        rc = vif_add(domid, (int)i, &c->vifs[i], XB_INITWAIT, WAIT_BACKEND);
    return rc;
}

/* The lowest device number above every one the domain has. */
static int next_devid(uint32_t domid)
{
    struct hcall_xs *xs = NULL;
    char path[96], **names;
    unsigned int n;
    int next = 0;

    if (hb_xs(&xs) < 0)
        return 0;
    snprintf(path, sizeof(path), "/local/domain/%u/device/vif", domid);
    if (hcall_xs_directory(xs, HCALL_XS_NO_TX, path, &names, &n) < 0)
        return 0;
    for (unsigned int i = 0; i < n; i++)
        if (atoi(names[i]) >= next)
            next = atoi(names[i]) + 1;
    free(names);
    return next;
}

int hb_vif_attach(uint32_t domid, const struct xl_vif *v)
{
    struct xen_domctl_getdomaininfo g;
    int rc = hb_dominfo(domid, &g);

    if (rc < 0)
        return rc;
    if (domid == 0)
        return hb_msg(-EINVAL, "network interfaces are for guests, not "
                      "Domain-0");
    return vif_add(domid, next_devid(domid), v, XB_CONNECTED, WAIT_CONNECT);
}

/* ---- detach and destroy ----------------------------------------------- */

static int remove_one(const char *kind, int devid, void *arg)
{
    vif_remove(kind, *(const uint32_t *)arg, devid);
    return 0;
}

/* Every NIC of a domain that is gone or going (called before forgetting). */
void hb_vifs_destroy(uint32_t domid)
{
    hb_backend_each(kinds, 2, domid, true, remove_one, &domid);
}

/* Which kind serves a domain's NIC devid; NULL if none. */
static const char *kind_of(uint32_t domid, int devid)
{
    for (unsigned int k = 0; k < sizeof(kinds) / sizeof(*kinds); k++)
        if (hb_xs_read_int(-1, "/local/domain/0/backend/%s/%u/%d/state",
                           kinds[k], domid, devid) >= 0)
            return kinds[k];
    return NULL;
}

/* The device number of the NIC with this MAC; -1 if none. */
static int devid_of_mac(uint32_t domid, const char *mac)
{
    struct hcall_xs *xs = NULL;
    char path[96], **names;
    unsigned int n;
    int found = -1;

    if (hb_xs(&xs) < 0)
        return -1;
    snprintf(path, sizeof(path), "/local/domain/%u/device/vif", domid);
    if (hcall_xs_directory(xs, HCALL_XS_NO_TX, path, &names, &n) < 0)
        return -1;
    for (unsigned int i = 0; i < n && found < 0; i++) {
        char *m = hb_xs_read("%s/%s/mac", path, names[i]);

        if (m && !strcasecmp(m, mac))
            found = atoi(names[i]);
        free(m);
    }
    free(names);
    return found;
}

/*
 * Save and migrate: a vif= entry without mac= got a generated MAC at
 * create; take it from the back end's directory (dom0's, not the guest's
 * frontend) so that the restored guest keeps its MAC, as libxl keeps a
 * generated MAC in the domain's config. A NIC with no readable, unicast
 * MAC there keeps none (restore then generates one).
 */
void hb_vifs_keep_macs(uint32_t domid, struct xl_domain_config *c)
{
    for (unsigned int i = 0; i < c->nr_vifs; i++) {
        struct xl_vif *v = &c->vifs[i];
        const char *kind = kind_of(domid, (int)i);
        uint8_t mac[6];
        char *m;

        if (v->has_mac || !kind)
            continue;
        m = hb_xs_read("/local/domain/0/backend/%s/%u/%u/mac", kind, domid,
                       i);
        if (m && xl_mac_parse(m, mac) == 0 && !(mac[0] & 1)) {
            memcpy(v->mac, mac, sizeof(mac));
            v->has_mac = true;
        }
        free(m);
    }
}

int hb_vif_detach(uint32_t domid, const char *which)
{
    const char *kind;
    char *end;
    int devid;

    devid = (int)strtol(which, &end, 10);
    if (*end || end == which)
        devid = devid_of_mac(domid, which);
    if (devid < 0 || !(kind = kind_of(domid, devid)))
        return hb_msg(-ENOENT, "domain %u has no network interface %s (xl "
                      "network-list shows them)", domid, which);
    vif_remove(kind, domid, devid);
    return 0;
}

/* ---- network-list ----------------------------------------------------- */

/* A frontend node as an integer, or the same under queue-0/; -1 if none. */
static int fe_int(uint32_t domid, int devid, const char *node)
{
    int v = hb_xs_read_int(-1, "/local/domain/%u/device/vif/%d/%s", domid,
                           devid, node);

    return v >= 0 ? v : hb_xs_read_int(-1, "/local/domain/%u/device/vif/"
                                       "%d/queue-0/%s", domid, devid, node);
}

struct list {
    uint32_t domid;
    struct xl_vif_info *l;
    unsigned int n;
};

static int info_fill(const char *kind, int devid, void *arg)
{
    struct list *li = arg;
    struct xl_vif_info *vi, *m = realloc(li->l, (li->n + 1) * sizeof(*m));
    char *mac;

    if (!m)
        return -ENOMEM;
    li->l = m;
    vi = &m[li->n++];
    memset(vi, 0, sizeof(*vi));
    vi->devid = devid;
    snprintf(vi->backend, sizeof(vi->backend),
             "/local/domain/0/backend/%s/%u/%d", kind, li->domid, devid);
    mac = hb_xs_read("%s/mac", vi->backend);
    snprintf(vi->mac, sizeof(vi->mac), "%s", mac ? mac : "-");
    free(mac);
    vi->state = hb_xs_read_int(-1, "/local/domain/%u/device/vif/%d/state",
                               li->domid, devid);
    vi->evtch = fe_int(li->domid, devid, "event-channel");
    if (vi->evtch < 0)
        vi->evtch = fe_int(li->domid, devid, "event-channel-tx");
    vi->tx_rref = fe_int(li->domid, devid, "tx-ring-ref");
    vi->rx_rref = fe_int(li->domid, devid, "rx-ring-ref");
    return 0;
}

int hb_vif_list(uint32_t domid, struct xl_vif_info **out, unsigned int *nr)
{
    struct xen_domctl_getdomaininfo g;
    struct list li = { .domid = domid };
    int rc;

    if ((rc = hb_dominfo(domid, &g)) < 0 ||
        (rc = hb_backend_each(kinds, 2, domid, false, info_fill, &li)) < 0) {
        free(li.l);
        return rc;
    }
    *out = li.l;
    *nr = li.n;
    return 0;
}
