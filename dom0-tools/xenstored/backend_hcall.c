/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored: the real domain backend on libhcall. Rings are mapped through
 * grant reference 1 (GNTTAB_RESERVED_XENSTORE) with gntdev, falling back to
 * a foreign mapping of the store frame; ports are bound with evtchn.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <hcall.h>
#include "xenstored.h"
#include "backend.h"

#include <public/domctl.h>
#include <public/grant_table.h>

struct hcall_backend {
    struct xsd_backend ops;
    struct hcall_privcmd *privcmd;
    struct hcall_gntdev *gnt;
    struct hcall_evtchn *evtchn;
    uint8_t *via_gnt;                   /* [domid]: ring mapped by gntdev */
};

static struct hcall_backend *hb(struct xsd_backend *b)
{
    return (struct hcall_backend *)b;
}

static void *hb_map_ring(struct xsd_backend *b, uint16_t domid, uint64_t mfn)
{
    hcall_gref_t ref = GNTTAB_RESERVED_XENSTORE;
    void *p = NULL;

    if (hb(b)->gnt)
        p = hcall_gntdev_map(hb(b)->gnt, domid, &ref, 1, 1);
    if (p) {
        hb(b)->via_gnt[domid] = 1;
        return p;
    }
    if (!hb(b)->privcmd)
        return NULL;
    hb(b)->via_gnt[domid] = 0;
    return hcall_fmem_map(hb(b)->privcmd, domid, PROT_READ | PROT_WRITE,
                          &mfn, NULL, 1);
}

static void hb_unmap_ring(struct xsd_backend *b, uint16_t domid, void *ring)
{
    if (hb(b)->via_gnt[domid])
        hcall_gntdev_unmap(hb(b)->gnt, ring, 1);
    else
        hcall_fmem_unmap(hb(b)->privcmd, ring, 1);
}

static int hb_bind(struct xsd_backend *b, uint16_t domid, uint32_t port)
{
    return hcall_evtchn_bind_interdomain(hb(b)->evtchn, domid, port);
}

static void hb_unbind(struct xsd_backend *b, uint32_t port)
{
    hcall_evtchn_unbind(hb(b)->evtchn, port);
}

static void hb_notify(struct xsd_backend *b, uint32_t port)
{
    hcall_evtchn_notify(hb(b)->evtchn, port);
}

static int hb_domain_state(struct xsd_backend *b, uint16_t domid)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_getdomaininfo,
                             .domain = domid };

    if (!hb(b)->privcmd)
        return 1;
    if (hcall_domctl(hb(b)->privcmd, &op))
        return errno == ESRCH ? -1 : 1;
    /* getdomaininfo answers with the next domain if ours is gone. */
    if (op.u.getdomaininfo.domain != domid)
        return -1;
    return (op.u.getdomaininfo.flags &
            (XEN_DOMINF_dying | XEN_DOMINF_shutdown)) ? 0 : 1;
}

struct xsd_backend *backend_hcall_open(struct hcall_evtchn **evtchn)
{
    struct hcall_backend *h = calloc(1, sizeof(*h));

    if (!h)
        return NULL;
    h->ops = (struct xsd_backend){
        .map_ring = hb_map_ring, .unmap_ring = hb_unmap_ring,
        .bind = hb_bind, .unbind = hb_unbind, .notify = hb_notify,
        .domain_state = hb_domain_state,
    };
    h->via_gnt = calloc(XSD_NR_DOMIDS, 1);
    h->evtchn = hcall_evtchn_open();
    if (!h->via_gnt || !h->evtchn) {
        free(h->via_gnt);
        free(h);
        return NULL;
    }
    /* Either mapping route may be missing; the other may still work. */
    h->privcmd = hcall_privcmd_open();
    h->gnt = hcall_gntdev_open();
    if (h->gnt)
        hcall_gntdev_set_max_grants(h->gnt, XSD_NR_DOMIDS);
    *evtchn = h->evtchn;
    return &h->ops;
}

void backend_hcall_close(struct xsd_backend *b)
{
    struct hcall_backend *h = hb(b);

    if (!b)
        return;
    hcall_gntdev_close(h->gnt);
    hcall_privcmd_close(h->privcmd);
    hcall_evtchn_close(h->evtchn);
    free(h->via_gnt);
    free(h);
}
