/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall helpers of the builder: domctls without arguments, memory and
 * grant-table operations with their buffers in locked hypercall memory,
 * and destroy (which the builder also uses to clean up after a failure).
 */
#include <errno.h>
#include <string.h>

#include <hcall/privcmd.h>
#include <public/domctl.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/xen.h>

#include "builder_int.h"

int xb_domctl_simple(struct hcall_privcmd *h, uint32_t cmd, uint32_t domid)
{
    struct xen_domctl d;

    memset(&d, 0, sizeof(d));
    d.cmd = cmd;
    d.domain = (domid_t)domid;
    return hcall_domctl(h, &d) < 0 ? -errno : 0;
}

int xb_destroy(struct hcall_privcmd *h, uint32_t domid)
{
    int rc;

    /*
     * Stop its vCPUs first, as libxl does (a failure, e.g. already dying,
     * does not stop the destroy); the hypervisor pauses it again anyway.
     */
    xb_domctl_simple(h, XEN_DOMCTL_pausedomain, domid);
    /* Xen restarts a long destroy itself; EAGAIN-style retries are ours. */
    for (int i = 0; i < 1000; i++) {
        rc = xb_domctl_simple(h, XEN_DOMCTL_destroydomain, domid);
        if (rc != -EAGAIN && rc != -EBUSY)
            break;
    }
    return rc;
}

int xb_unpause(struct hcall_privcmd *h, uint32_t domid)
{
    return xb_domctl_simple(h, XEN_DOMCTL_unpausedomain, domid);
}

/* A hypercall whose one argument struct goes through locked memory. */
int xb_bounce(struct hcall_privcmd *h, unsigned int op, uint64_t cmd,
              void *arg, size_t size, uint64_t a3)
{
    void *buf = hcall_buf_alloc(h, size);
    long r;

    if (!buf)
        return -ENOMEM;
    memcpy(buf, arg, size);
    r = hcall_hypercall(h, op, cmd, (uint64_t)(uintptr_t)buf, a3, 0, 0);
    if (r < 0)
        r = -errno;
    memcpy(arg, buf, size);
    hcall_buf_free(h, buf, size);
    return (int)r;
}

int xb_alloc_unbound(struct hcall_privcmd *h, uint32_t domid,
                     uint32_t remote, uint32_t *port)
{
    struct evtchn_alloc_unbound a = { .dom = (domid_t)domid,
                                      .remote_dom = (domid_t)remote };
    int rc = xb_bounce(h, __HYPERVISOR_event_channel_op,
                       EVTCHNOP_alloc_unbound, &a, sizeof(a), 0);

    *port = a.port;
    return rc < 0 ? rc : 0;
}

/* populate_physmap for PFNs [0, nr): returns the MFNs in p2m. */
int xb_populate(struct hcall_privcmd *h, uint32_t domid, uint64_t *p2m,
                uint64_t nr)
{
    const uint64_t chunk = 4096;
    xen_pfn_t *list = hcall_buf_alloc(h, chunk * sizeof(*list));
    struct xen_memory_reservation *res = hcall_buf_alloc(h, sizeof(*res));
    int rc = 0;

    if (!list || !res) {
        rc = -ENOMEM;
        goto out;
    }
    for (uint64_t done = 0; done < nr;) {
        uint64_t n = nr - done < chunk ? nr - done : chunk;
        long r;

        for (uint64_t i = 0; i < n; i++)
            list[i] = done + i;
        memset(res, 0, sizeof(*res));
        set_xen_guest_handle(res->extent_start, list);
        res->nr_extents = n;
        res->domid = (domid_t)domid;
        r = hcall_hypercall(h, __HYPERVISOR_memory_op,
                            XENMEM_populate_physmap,
                            (uint64_t)(uintptr_t)res, 0, 0, 0);
        if (r < 0) {
            rc = -errno;
            goto out;
        }
        if (r == 0) {
            rc = -ENOMEM;
            goto out;
        }
        memcpy(p2m + done, list, r * sizeof(*list));
        done += r;
    }
out:
    if (list)
        hcall_buf_free(h, list, chunk * sizeof(*list));
    if (res)
        hcall_buf_free(h, res, sizeof(*res));
    return rc;
}

/* The MFN of the first grant-table frame of domid (setup_table). */
int xb_gnttab_frame(struct hcall_privcmd *h, uint32_t domid, uint64_t *mfn)
{
    struct gnttab_setup_table *st = hcall_buf_alloc(h, sizeof(*st) + 8);
    xen_pfn_t *frame;
    long r;
    int rc = 0;

    if (!st)
        return -ENOMEM;
    frame = (xen_pfn_t *)(st + 1);
    memset(st, 0, sizeof(*st));
    st->dom = (domid_t)domid;
    st->nr_frames = 1;
    set_xen_guest_handle(st->frame_list, frame);
    r = hcall_hypercall(h, __HYPERVISOR_grant_table_op, GNTTABOP_setup_table,
                        (uint64_t)(uintptr_t)st, 1, 0, 0);
    if (r < 0)
        rc = -errno;
    else if (st->status != GNTST_okay)
        rc = -EINVAL;
    else
        *mfn = *frame;
    hcall_buf_free(h, st, sizeof(*st) + 8);
    return rc;
}

int xb_pin_l4(struct hcall_privcmd *h, uint32_t domid, uint64_t mfn)
{
    struct mmuext_op op;

    memset(&op, 0, sizeof(op));
    op.cmd = MMUEXT_PIN_L4_TABLE;
    op.arg1.mfn = mfn;
    /* mmuext_op(ops, count, pdone, foreigndom) */
    void *buf = hcall_buf_alloc(h, sizeof(op));
    long r;

    if (!buf)
        return -ENOMEM;
    memcpy(buf, &op, sizeof(op));
    r = hcall_hypercall(h, __HYPERVISOR_mmuext_op, (uint64_t)(uintptr_t)buf,
                        1, 0, domid, 0);
    hcall_buf_free(h, buf, sizeof(op));
    return r < 0 ? -errno : 0;
}
