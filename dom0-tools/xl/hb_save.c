/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl save: ask the guest to suspend (control/shutdown = suspend), wait
 * until the hypervisor reports it shut down for suspend, then write the
 * stream of save_stream.h: config, P2M, every page (page tables
 * canonicalised), vCPU contexts, shared_info, TSC info. Afterwards the
 * domain is destroyed, or resumed (-c, -p) the way Xen's fast resume does
 * (the suspend hypercall returns 1: cancelled). A failure after the guest
 * suspended resumes it the same way and removes the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <yajl/yajl_gen.h>

#include <public/domctl.h>
#include <public/sched.h>
#include <public/version.h>
#include <public/xen.h>

#include "hb.h"
#include "hb_net.h"
#include "migrate_proto.h"
#include "save_stream.h"
#include "xl.h"
#include "xl_json.h"

/* The guest's P2M may not describe more than 64 GiB. */
#define MAX_P2M_SIZE  (1ull << 24)
#define FPP           512u              /* frame numbers per page */

struct save {
    struct hcall_privcmd *h;
    uint32_t domid;
    const struct xl_domain_config *c;
    struct xen_domctl_getdomaininfo info;
    uint8_t shinfo[SR_PAGE_SIZE];
    uint64_t p2m_size;
    uint64_t *p2m;                      /* PFN -> MFN, or SR_INVALID_FRAME */
    uint8_t *types;                     /* PFN -> SR_PT_* */
    uint64_t *p2m_frames;               /* PFNs of the guest's P2M pages */
    uint64_t nr_p2m_frames, nr_pages;
    struct sr_m2p m2p;
    struct sr_writer w;
    uint64_t sent;                      /* pages in PAGE_DATA so far */
};

static int domctl(struct save *s, struct xen_domctl *d, uint32_t cmd)
{
    d->cmd = cmd;
    d->domain = (domid_t)s->domid;
    return hcall_domctl(s->h, d) < 0 ? -errno : 0;
}

/* Copy nr foreign frames into dst (nr * 4096 bytes). */
static int copy_frames(struct save *s, const uint64_t *mfns, size_t nr,
                       void *dst, const char *what)
{
    void *m = hcall_fmem_map(s->h, (uint16_t)s->domid, PROT_READ, mfns,
                             NULL, nr);

    if (!m)
        return hb_msg(-errno, "cannot map the guest's %s: %s", what,
                      strerror(errno));
    memcpy(dst, m, nr * SR_PAGE_SIZE);
    hcall_fmem_unmap(s->h, m, nr);
    return 0;
}

/* Wait until the guest has shut down for suspend (up to secs). */
static int suspend_guest(struct save *s, unsigned int secs)
{
    char path[96];
    int rc;

    if ((rc = hb_dominfo(s->domid, &s->info)) < 0)
        return rc;
    if (s->info.flags & XEN_DOMINF_paused)
        return hb_msg(-EBUSY, "domain %u is paused: the guest must run to "
                      "suspend itself (xl unpause %u)", s->domid, s->domid);
    if (s->info.flags & (XEN_DOMINF_shutdown | XEN_DOMINF_dying))
        return hb_msg(-EBUSY, "domain %u is shutting down or dying",
                      s->domid);
    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown",
             s->domid);
    if ((rc = hb_xs_write(path, "suspend")) < 0)
        return rc;
    for (unsigned int i = 0; i < secs * 10; i++) {
        unsigned int why;

        usleep(100 * 1000);
        if ((rc = hb_dominfo(s->domid, &s->info)) < 0)
            return rc;
        if (!(s->info.flags & XEN_DOMINF_shutdown))
            continue;
        why = (s->info.flags >> XEN_DOMINF_shutdownshift) &
              XEN_DOMINF_shutdownmask;
        if (why == SHUTDOWN_suspend)
            return 0;
        return hb_msg(-ECANCELED, "domain %u shut down (reason %u) instead "
                      "of suspending", s->domid, why);
    }
    hb_xs_write(path, "");
    return hb_msg(-ETIMEDOUT, "domain %u did not suspend within %u s (does "
                  "its kernel handle control/shutdown = suspend?); it keeps "
                  "running", s->domid, secs);
}

/* The guest's own P2M, through shared_info's frame-list list. */
static int read_p2m(struct save *s)
{
    const struct shared_info *si = (const void *)s->shinfo;
    uint64_t fll = si->arch.pfn_to_mfn_frame_list_list, *fl = NULL;
    uint64_t nr_fl, *pages = NULL;
    int rc;

    s->p2m_size = si->arch.max_pfn;
    if (!fll || fll == ~0ull)
        return hb_msg(-EOPNOTSUPP, "the guest publishes no P2M frame list "
                      "(shared_info arch.pfn_to_mfn_frame_list_list); its "
                      "kernel cannot be saved");
    if (!s->p2m_size || s->p2m_size > MAX_P2M_SIZE)
        return hb_msg(-EINVAL, "the guest's P2M size %#llx is out of range",
                      (unsigned long long)s->p2m_size);
    s->nr_p2m_frames = (s->p2m_size + FPP - 1) / FPP;
    nr_fl = (s->nr_p2m_frames + FPP - 1) / FPP;
    fl = malloc(SR_PAGE_SIZE);
    pages = malloc(nr_fl * SR_PAGE_SIZE);
    s->p2m_frames = malloc(s->nr_p2m_frames * 8);
    s->p2m = malloc(s->nr_p2m_frames * SR_PAGE_SIZE);
    s->types = malloc(s->p2m_size);
    if (!fl || !pages || !s->p2m_frames || !s->p2m || !s->types) {
        rc = hb_msg(-ENOMEM, "out of memory for the guest's P2M");
        goto out;
    }
    if ((rc = copy_frames(s, &fll, 1, fl, "P2M frame-list list")) < 0 ||
        (rc = copy_frames(s, fl, nr_fl, pages, "P2M frame lists")) < 0)
        goto out;
    /* pages[] now holds the MFNs of the P2M pages; p2m_frames gets PFNs. */
    memcpy(s->p2m_frames, pages, s->nr_p2m_frames * 8);
    rc = copy_frames(s, s->p2m_frames, s->nr_p2m_frames, s->p2m, "P2M");
out:
    free(fl);
    free(pages);
    return rc;
}

/* Types of every frame; frames the domain does not own become absent. */
static int frame_types(struct save *s)
{
    uint64_t *buf = hcall_buf_alloc(s->h, SR_MAX_BATCH * 8);
    struct xen_domctl d;
    uint64_t bad;
    int rc = 0;

    if (!buf)
        return hb_msg(-ENOMEM, "out of hypercall memory");
    for (uint64_t pfn = 0; pfn < s->p2m_size; pfn++)
        /* Linux marks identity/foreign entries in bits 62/63. */
        if (s->p2m[pfn] >> 52)
            s->p2m[pfn] = SR_INVALID_FRAME;
    s->nr_pages = 0;
    memset(s->types, SR_PT_XTAB, s->p2m_size);
    /* Only frames the P2M names are asked about (Xen logs the others). */
    for (uint64_t pfn = 0, next = 0; pfn < s->p2m_size; pfn = next) {
        uint64_t idx[SR_MAX_BATCH], n = 0;

        for (next = pfn; next < s->p2m_size && n < SR_MAX_BATCH; next++) {
            if (s->p2m[next] == SR_INVALID_FRAME)
                continue;
            idx[n] = next;
            buf[n++] = s->p2m[next];
        }
        if (!n)
            break;
        memset(&d, 0, sizeof(d));
        d.u.getpageframeinfo3.num = n;
        set_xen_guest_handle(d.u.getpageframeinfo3.array, buf);
        if ((rc = domctl(s, &d, XEN_DOMCTL_getpageframeinfo3)) < 0) {
            rc = hb_msg(rc, "the hypervisor cannot tell the guest's page "
                        "types (getpageframeinfo3): %s", strerror(-rc));
            goto out;
        }
        for (uint64_t i = 0; i < n; i++) {
            unsigned int t = (unsigned int)(buf[i] >> 28) & 0xf;

            if (!sr_type_valid(t) || !sr_type_has_data(t)) {
                s->p2m[idx[i]] = SR_INVALID_FRAME;
                continue;
            }
            s->types[idx[i]] = (uint8_t)t;
            s->nr_pages++;
        }
    }
    rc = sr_m2p_build(&s->m2p, s->p2m, s->p2m_size, &bad);
    if (rc == -EEXIST)
        rc = hb_msg(rc, "the guest's P2M maps PFN %#llx to a frame another "
                    "PFN has", (unsigned long long)bad);
    else if (rc < 0)
        rc = hb_msg(rc, "out of memory");
out:
    hcall_buf_free(s->h, buf, SR_MAX_BATCH * 8);
    return rc;
}

static int to_pfn(struct save *s, uint64_t *frame, const char *what)
{
    uint64_t pfn = sr_m2p_lookup(&s->m2p, *frame);

    if (pfn == SR_INVALID_FRAME)
        return hb_msg(-EINVAL, "the guest's %s (frame %#llx) is not one of "
                      "its pages", what, (unsigned long long)*frame);
    *frame = pfn;
    return 0;
}

static int write_rec(struct save *s, uint32_t type, const void *b, size_t n)
{
    int rc = sr_write_record(&s->w, type, b, n);

    return rc < 0 ? hb_msg(rc, "%s", s->w.msg) : 0;
}

/* DOMAIN_CONFIG: the documented JSON of the config plus its xl.cfg text. */
static int write_config(struct save *s)
{
    yajl_gen g = yajl_gen_alloc(NULL);
    char *cfg = xl_cfg_write(s->c);
    const unsigned char *buf;
    size_t len;
    int rc = -ENOMEM;

    if (!g || !cfg)
        goto out;
    yajl_gen_map_open(g);
    yajl_gen_string(g, (const unsigned char *)"xl-json-version", 15);
    yajl_gen_integer(g, XL_JSON_VERSION);
    yajl_gen_string(g, (const unsigned char *)"config", 6);
    if (xl_json_gen_config(g, s->c) < 0)
        goto out;
    yajl_gen_string(g, (const unsigned char *)"cfg", 3);
    yajl_gen_string(g, (const unsigned char *)cfg, strlen(cfg));
    yajl_gen_map_close(g);
    if (yajl_gen_get_buf(g, &buf, &len) != yajl_gen_status_ok)
        goto out;
    rc = write_rec(s, SR_REC_DOMAIN_CONFIG, buf, len);
out:
    if (rc == -ENOMEM)
        hb_msg(rc, "cannot encode the domain's config");
    if (g)
        yajl_gen_free(g);
    free(cfg);
    return rc;
}

/*
 * The vCPU's XSAVE state (XCR0: without it AVX code faults after the
 * restore). Skipped if the hypervisor has no getvcpuextstate.
 */
static int write_xsave(struct save *s, uint32_t v)
{
    struct sr_vcpu_xsave_hdr h = { .vcpu = v };
    struct xen_domctl d;
    struct iovec iov[2];
    uint64_t size;
    void *buf;
    int rc;

    memset(&d, 0, sizeof(d));
    d.u.vcpuextstate.vcpu = v;
    if (domctl(s, &d, XEN_DOMCTL_getvcpuextstate) < 0 ||
        !(size = d.u.vcpuextstate.size))
        return 0;
    if (size > SR_MAX_BODY - sizeof(h) || !(buf = hcall_buf_alloc(s->h, size)))
        return hb_msg(-ENOMEM, "vCPU %u's extended state (%llu bytes) does "
                      "not fit", v, (unsigned long long)size);
    d.u.vcpuextstate.size = size;
    set_xen_guest_handle(d.u.vcpuextstate.buffer, buf);
    if ((rc = domctl(s, &d, XEN_DOMCTL_getvcpuextstate)) < 0) {
        rc = hb_msg(rc, "cannot read vCPU %u's extended state: %s", v,
                    strerror(-rc));
    } else if (d.u.vcpuextstate.size > size) {
        rc = hb_msg(-EINVAL, "vCPU %u's extended state grew during the save",
                    v);
    } else {
        /* The query gave the maximum; the get says what it wrote. */
        h.xfeature_mask = d.u.vcpuextstate.xfeature_mask;
        iov[0] = (struct iovec){ &h, sizeof(h) };
        iov[1] = (struct iovec){ buf, d.u.vcpuextstate.size };
        if ((rc = sr_write_recordv(&s->w, SR_REC_VCPU_XSAVE, iov, 2)) < 0)
            hb_msg(rc, "%s", s->w.msg);
    }
    hcall_buf_free(s->h, buf, size);
    return rc;
}

static int write_vcpus(struct save *s, struct sr_pv_info *pi)
{
    struct {
        struct sr_vcpu_hdr h;
        struct vcpu_guest_context ctx;
    } rec;
    struct vcpu_guest_context *ctx = hcall_buf_alloc(s->h, sizeof(*ctx));
    struct xen_domctl d;
    int rc = 0;

    if (!ctx)
        return hb_msg(-ENOMEM, "out of hypercall memory");
    for (uint32_t v = 0; v <= s->info.max_vcpu_id && rc == 0; v++) {
        memset(&d, 0, sizeof(d));
        d.u.getvcpuinfo.vcpu = v;
        if (domctl(s, &d, XEN_DOMCTL_getvcpuinfo) < 0 ||
            !d.u.getvcpuinfo.online)
            continue;
        memset(&d, 0, sizeof(d));
        d.u.vcpucontext.vcpu = v;
        set_xen_guest_handle(d.u.vcpucontext.ctxt, ctx);
        if ((rc = domctl(s, &d, XEN_DOMCTL_getvcpucontext)) < 0) {
            rc = hb_msg(rc, "cannot read vCPU %u's context "
                        "(getvcpucontext): %s", v, strerror(-rc));
            break;
        }
        rec.h = (struct sr_vcpu_hdr){ .vcpu = v };
        rec.ctx = *ctx;
        rec.ctx.ctrlreg[3] >>= 12;
        rc = to_pfn(s, &rec.ctx.ctrlreg[3], "kernel page table (cr3)");
        if (rc == 0 && rec.ctx.ctrlreg[1]) {
            rec.ctx.ctrlreg[1] >>= 12;
            rc = to_pfn(s, &rec.ctx.ctrlreg[1], "user page table");
        }
        for (unsigned int i = 0; rc == 0 && i < 16 &&
                                 i < (rec.ctx.gdt_ents + 511) / 512; i++)
            rc = to_pfn(s, &rec.ctx.gdt_frames[i], "GDT frame");
        if (rc == 0 && v == 0) {
            /* The suspend hypercall's third argument: start_info's MFN. */
            rc = to_pfn(s, &rec.ctx.user_regs.rdx, "start_info (rdx)");
            pi->start_info_pfn = rec.ctx.user_regs.rdx;
        }
        if (rc == 0)
            rc = write_rec(s, SR_REC_VCPU_CONTEXT, &rec, sizeof(rec));
        if (rc == 0)
            rc = write_xsave(s, v);
    }
    hcall_buf_free(s->h, ctx, sizeof(*ctx));
    return rc;
}

static bool bit(const uint64_t *map, uint64_t pfn)
{
    return (map[pfn / 64] >> (pfn % 64)) & 1;
}

/*
 * PAGE_DATA records of up to SR_MAX_BATCH present pages each: all of
 * them, or those set in sel. With defer (live rounds), a page table that
 * cannot be canonicalised (the guest is changing it) is not sent but
 * marked in defer for the final round.
 */
static int write_pages(struct save *s, const uint64_t *sel, uint64_t *defer)
{
    struct sr_page_data_hdr h = { 0 };
    uint64_t *ent = malloc(SR_MAX_BATCH * 8), *mfns = malloc(SR_MAX_BATCH * 8);
    uint8_t *data = malloc((size_t)SR_MAX_BATCH * SR_PAGE_SIZE);
    int rc = 0;

    if (!ent || !mfns || !data) {
        rc = hb_msg(-ENOMEM, "out of memory for page batches");
        goto out;
    }
    for (uint64_t pfn = 0; pfn < s->p2m_size && rc == 0;) {
        struct iovec iov[3];
        unsigned int slot;

        h.count = 0;
        for (; pfn < s->p2m_size && h.count < SR_MAX_BATCH; pfn++) {
            if (s->p2m[pfn] == SR_INVALID_FRAME || (sel && !bit(sel, pfn)))
                continue;
            ent[h.count] = pfn | (uint64_t)s->types[pfn] << SR_PD_TYPE_SHIFT;
            mfns[h.count++] = s->p2m[pfn];
        }
        if (!h.count)
            break;
        if ((rc = copy_frames(s, mfns, h.count, data, "memory")) < 0)
            break;
        for (uint32_t i = 0; i < h.count && rc == 0; i++) {
            unsigned int level = sr_type_level((unsigned int)
                                               (ent[i] >> SR_PD_TYPE_SHIFT));

            if (!level || sr_pt_canon((uint64_t *)(data + i * SR_PAGE_SIZE),
                                      level, &s->m2p, &slot) == 0)
                continue;
            if (defer) {
                uint64_t pfn_i = ent[i] & SR_PD_PFN_MASK;

                /* Sent as a plain page for now; the final round resends it. */
                defer[pfn_i / 64] |= 1ull << (pfn_i % 64);
                ent[i] = pfn_i | (uint64_t)SR_PT_NOTAB << SR_PD_TYPE_SHIFT;
            } else
                rc = hb_msg(-EINVAL, "the guest's L%u page table at PFN "
                            "%#llx maps a frame it does not own (slot %u)",
                            level, (unsigned long long)
                            (ent[i] & SR_PD_PFN_MASK), slot);
        }
        iov[0] = (struct iovec){ &h, sizeof(h) };
        iov[1] = (struct iovec){ ent, h.count * 8ul };
        iov[2] = (struct iovec){ data, h.count * (size_t)SR_PAGE_SIZE };
        if (rc == 0 && (rc = sr_write_recordv(&s->w, SR_REC_PAGE_DATA, iov,
                                              3)) < 0)
            hb_msg(rc, "%s", s->w.msg);
        s->sent += h.count;
    }
out:
    free(ent);
    free(mfns);
    free(data);
    return rc;
}

/* PV_INFO, PFN_SET, P2M_FRAMES (pi: with start_info's PFN, or 0 if live). */
static int write_layout(struct save *s, struct sr_pv_info *pi)
{
    uint64_t *bits;
    int rc;

    pi->guest_width = 8;
    pi->nr_vcpus = s->info.max_vcpu_id + 1;
    pi->p2m_size = s->p2m_size;
    pi->nr_pages = s->nr_pages;
    pi->store_port = (uint32_t)hb_xs_read_int(0, "/local/domain/%u/store/port",
                                              s->domid);
    pi->console_port = (uint32_t)hb_xs_read_int(
        0, "/local/domain/%u/console/port", s->domid);
    pi->shinfo_frame_list = ((const struct shared_info *)s->shinfo)
                                ->arch.pfn_to_mfn_frame_list_list;
    for (uint64_t i = 0; i < s->nr_p2m_frames; i++)
        if ((rc = to_pfn(s, &s->p2m_frames[i], "P2M page")) < 0)
            return rc;
    bits = calloc((s->p2m_size + 63) / 64, 8);
    if (!bits)
        return hb_msg(-ENOMEM, "out of memory");
    for (uint64_t pfn = 0; pfn < s->p2m_size; pfn++)
        if (s->p2m[pfn] != SR_INVALID_FRAME)
            bits[pfn / 64] |= 1ull << (pfn % 64);
    rc = write_rec(s, SR_REC_PV_INFO, pi, sizeof(*pi));
    if (rc == 0)
        rc = write_rec(s, SR_REC_PFN_SET, bits, (s->p2m_size + 63) / 64 * 8);
    free(bits);
    if (rc == 0)
        rc = write_rec(s, SR_REC_P2M_FRAMES, s->p2m_frames,
                       s->nr_p2m_frames * 8);
    return rc;
}

/* SHARED_INFO, TSC_INFO, END. */
static int write_tail(struct save *s)
{
    struct xen_domctl d;
    int rc = write_rec(s, SR_REC_SHARED_INFO, s->shinfo, SR_PAGE_SIZE);

    memset(&d, 0, sizeof(d));
    if (rc == 0 && domctl(s, &d, XEN_DOMCTL_gettscinfo) == 0)
        rc = write_rec(s, SR_REC_TSC_INFO, &d.u.tsc_info,
                       sizeof(d.u.tsc_info));
    if (rc == 0 && (rc = sr_write_end(&s->w)) < 0)
        hb_msg(rc, "%s", s->w.msg);
    return rc;
}

static int write_stream(struct save *s)
{
    struct sr_pv_info pi = { 0 };
    int rc;

    /* vCPUs before PV_INFO, which carries start_info's PFN (vCPU 0's rdx). */
    rc = write_config(s);
    if (rc == 0)
        rc = write_vcpus(s, &pi);
    if (rc == 0)
        rc = write_layout(s, &pi);
    if (rc == 0)
        rc = write_pages(s, NULL, NULL);
    if (rc == 0)
        rc = write_tail(s);
    return rc;
}

/*
 * Xen's fast resume: the suspend hypercall returns 1 (cancelled), the
 * domain leaves its shut-down state and runs on (paused if asked).
 */
int hb_resume_cancelled(uint32_t domid, bool paused)
{
    struct vcpu_guest_context *ctx;
    struct hcall_privcmd *h = NULL;
    struct xen_domctl d;
    int rc;

    if ((rc = hb_privcmd(&h)) < 0)
        return rc;
    if (!(ctx = hcall_buf_alloc(h, sizeof(*ctx))))
        return hb_msg(-ENOMEM, "out of hypercall memory");
    memset(&d, 0, sizeof(d));
    rc = hb_domctl(&d, XEN_DOMCTL_pausedomain, domid);
    memset(&d, 0, sizeof(d));
    set_xen_guest_handle(d.u.vcpucontext.ctxt, ctx);
    if (rc == 0)
        rc = hb_domctl(&d, XEN_DOMCTL_getvcpucontext, domid);
    if (rc == 0) {
        ctx->user_regs.rax = 1;
        memset(&d, 0, sizeof(d));
        set_xen_guest_handle(d.u.vcpucontext.ctxt, ctx);
        rc = hb_domctl(&d, XEN_DOMCTL_setvcpucontext, domid);
    }
    memset(&d, 0, sizeof(d));
    if (rc == 0)
        rc = hb_domctl(&d, XEN_DOMCTL_resumedomain, domid);
    memset(&d, 0, sizeof(d));
    if (rc == 0 && !paused)
        rc = hb_domctl(&d, XEN_DOMCTL_unpausedomain, domid);
    hcall_buf_free(h, ctx, sizeof(*ctx));
    if (rc < 0)
        return hb_msg(rc, "cannot resume domain %u after the save: %s",
                      domid, strerror(-rc));
    return 0;
}

/* XEN_DOMCTL_shadow_op op; CLEAN/PEEK copy the dirty bitmap into map. */
static int shadow(struct save *s, uint32_t op, uint64_t *map)
{
    size_t bytes = (s->p2m_size + 63) / 64 * 8;
    struct xen_domctl d;
    void *buf = NULL;
    int rc;

    memset(&d, 0, sizeof(d));
    d.u.shadow_op.op = op;
    if (map) {
        if (!(buf = hcall_buf_alloc(s->h, bytes)))
            return hb_msg(-ENOMEM, "out of hypercall memory");
        memset(buf, 0, bytes);
        set_xen_guest_handle(d.u.shadow_op.dirty_bitmap, buf);
        d.u.shadow_op.pages = s->p2m_size;
    }
    rc = domctl(s, &d, XEN_DOMCTL_shadow_op);
    if (rc == 0 && map)
        memcpy(map, buf, bytes);
    if (buf)
        hcall_buf_free(s->h, buf, bytes);
    if (rc < 0)
        return hb_msg(rc, "log-dirty shadow_op %u on domain %u failed: %s",
                      op, s->domid, strerror(-rc));
    return 0;
}

/* Present pages set in map. */
static uint64_t count_present(struct save *s, const uint64_t *map)
{
    uint64_t n = 0;

    for (uint64_t pfn = 0; pfn < s->p2m_size; pfn++)
        n += s->p2m[pfn] != SR_INVALID_FRAME && bit(map, pfn);
    return n;
}

static uint64_t ms_since(const struct timespec *t0)
{
    struct timespec t1;

    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (uint64_t)((t1.tv_sec - t0->tv_sec) * 1000 +
                      (t1.tv_nsec - t0->tv_nsec) / 1000000);
}

/*
 * Pre-copy, the guest running: config and layout, log-dirty on, every
 * page, then rounds of the pages dirtied meanwhile until the policy says
 * stop. Page tables caught mid-change go into defer.
 */
static int live_precopy(struct save *s, struct hb_live *lv, uint64_t *defer)
{
    uint64_t *dirty = calloc((s->p2m_size + 63) / 64, 8);
    uint64_t prev = UINT64_MAX, n, before, ms;
    struct sr_pv_info pi = { 0 };
    struct timespec t0;
    int rc;

    if (!dirty)
        return hb_msg(-ENOMEM, "out of memory");
    if ((rc = write_config(s)) < 0 || (rc = write_layout(s, &pi)) < 0)
        goto out;
    if ((rc = shadow(s, XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, NULL)) ==
        -EOPNOTSUPP) {
        /* Debian's Xen 4.17 for a PV guest: everything goes suspended. */
        fprintf(stderr, "migration: no log-dirty mode (%s): no pre-copy, "
                "the guest stays suspended for the whole copy\n",
                xl_backend_msg);
        xl_backend_msg[0] = '\0';
        rc = 0;
        goto out;
    }
    if (rc < 0)
        goto out;
    lv->logdirty = true;
    for (unsigned int round = 1;; round++) {
        clock_gettime(CLOCK_MONOTONIC, &t0);
        before = s->sent;
        if ((rc = write_pages(s, round == 1 ? NULL : dirty, defer)) < 0 ||
            (rc = shadow(s, XEN_DOMCTL_SHADOW_OP_CLEAN, dirty)) < 0)
            goto out;
        ms = ms_since(&t0);
        n = count_present(s, dirty);
        lv->rounds = round;
        fprintf(stderr, "migration: round %u: %llu pages sent in %llu ms, "
                "%llu dirtied\n", round,
                (unsigned long long)(s->sent - before),
                (unsigned long long)ms, (unsigned long long)n);
        if (mig_should_stop(&lv->pol, round, n, prev,
                            ms ? (s->sent - before) * 1000 / ms : 0))
            break;
        prev = n;
    }
out:
    free(dirty);
    return rc;
}

/*
 * Stop and copy, the guest suspended: the pages dirtied since the last
 * round, every page table (written through the hypervisor) and every page
 * whose type changed, then the vCPUs, shared_info, TSC and END.
 */
static int live_final(struct save *s, struct hb_live *lv,
                      const uint64_t *defer)
{
    uint64_t *sel = calloc((s->p2m_size + 63) / 64, 8), before = s->sent;
    uint8_t *old = malloc(s->p2m_size);
    struct sr_pv_info pi = { 0 };
    int rc;

    if (!sel || !old) {
        rc = hb_msg(-ENOMEM, "out of memory");
        goto out;
    }
    if (!lv->logdirty)
        memset(sel, 0xff, (s->p2m_size + 63) / 64 * 8);
    else if ((rc = shadow(s, XEN_DOMCTL_SHADOW_OP_CLEAN, sel)) < 0)
        goto out;
    memcpy(old, s->types, s->p2m_size);
    sr_m2p_free(&s->m2p);
    if ((rc = copy_frames(s, (uint64_t[]){ s->info.shared_info_frame }, 1,
                          s->shinfo, "shared_info")) < 0 ||
        (rc = frame_types(s)) < 0)
        goto out;
    for (uint64_t pfn = 0; pfn < s->p2m_size; pfn++)
        if (bit(defer, pfn) || sr_type_level(s->types[pfn]) ||
            s->types[pfn] != old[pfn])
            sel[pfn / 64] |= 1ull << (pfn % 64);
    if ((rc = write_vcpus(s, &pi)) < 0 ||
        (rc = write_pages(s, sel, NULL)) < 0 || (rc = write_tail(s)) < 0)
        goto out;
    lv->final_pages = s->sent - before;
out:
    free(sel);
    free(old);
    return rc;
}

/* Shared_info, the P2M and the page types (the guest suspended or not). */
static int read_layout(struct save *s)
{
    long ver;
    int rc;

    if ((rc = copy_frames(s, (uint64_t[]){ s->info.shared_info_frame }, 1,
                          s->shinfo, "shared_info")) < 0 ||
        (rc = read_p2m(s)) < 0 || (rc = frame_types(s)) < 0)
        return rc;
    ver = hcall_hypercall(s->h, __HYPERVISOR_xen_version, XENVER_version,
                          0, 0, 0, 0);
    if (ver < 0)
        ver = 0;
    if ((rc = sr_write_header(&s->w, (uint16_t)(ver >> 16),
                              (uint16_t)ver)) < 0)
        hb_msg(rc, "%s", s->w.msg);
    return rc;
}

/*
 * The save proper, into fd: a plain save suspends first, a live one
 * (lv) pre-copies first. On success the guest is destroyed or resumed
 * (flags); on failure it is resumed (or was never stopped).
 */
static int save_to(struct save *s, int fd, unsigned int flags,
                   struct hb_live *lv)
{
    uint64_t *defer = NULL;
    bool suspended = false;
    int rc;

    sr_writer_init(&s->w, fd);
    if (lv) {
        if ((rc = hb_dominfo(s->domid, &s->info)) < 0 ||
            (rc = read_layout(s)) < 0)
            goto out;
        if (!(defer = calloc((s->p2m_size + 63) / 64, 8))) {
            rc = hb_msg(-ENOMEM, "out of memory");
            goto out;
        }
        if ((rc = live_precopy(s, lv, defer)) < 0)
            goto out;
    }
    if ((rc = suspend_guest(s, 120)) < 0)
        goto out;
    suspended = true;
    if (lv) {
        clock_gettime(CLOCK_MONOTONIC, &lv->t_suspend);
        if ((rc = live_final(s, lv, defer)) < 0 ||
            (rc = lv->after_stream(lv)) < 0)
            goto out;
    } else if ((rc = read_layout(s)) < 0 || (rc = write_stream(s)) < 0) {
        goto out;
    }
    if (!lv && (rc = fsync(fd) < 0 ? -errno : 0) < 0) {
        hb_msg(rc, "cannot write the save file: %s", strerror(-rc));
        goto out;
    }
out:
    free(defer);
    if (lv && lv->logdirty) {
        shadow(s, XEN_DOMCTL_SHADOW_OP_OFF, NULL);
        lv->logdirty = false;
    }
    if (rc < 0) {
        char keep[sizeof(xl_backend_msg)];

        snprintf(keep, sizeof(keep), "%s", xl_backend_msg);
        if (suspended && hb_resume_cancelled(s->domid, false) == 0)
            snprintf(xl_backend_msg, sizeof(xl_backend_msg), "%.400s; the "
                     "guest was resumed", keep);
        else if (!suspended && lv)
            snprintf(xl_backend_msg, sizeof(xl_backend_msg), "%.400s; the "
                     "guest runs on", keep);
        else
            snprintf(xl_backend_msg, sizeof(xl_backend_msg), "%s", keep);
        return rc;
    }
    if (flags & (HB_SAVE_CONTINUE | HB_SAVE_PAUSED))
        return hb_resume_cancelled(s->domid, flags & HB_SAVE_PAUSED);
    return xl_backend_hcall.destroy(s->domid);
}

int hb_save_fd(uint32_t domid, int fd, unsigned int flags, struct hb_live *lv)
{
    struct save s = { .domid = domid };
    struct xl_domain_config c;
    int rc;

    xl_config_init(&c);
    if (domid == 0)
        return hb_msg(-EPERM, "Domain-0 cannot be saved");
    if ((rc = hb_privcmd(&s.h)) < 0)
        goto out;
    if (hb_domain_config(domid, &c) < 0) {
        rc = hb_msg(-ENOENT, "domain %u was not created by xl (no config "
                    "in the store); it cannot be saved", domid);
        goto out;
    }
    hb_vifs_keep_macs(domid, &c);
    s.c = &c;
    rc = save_to(&s, fd, flags, lv);
out:
    sr_m2p_free(&s.m2p);
    free(s.p2m);
    free(s.types);
    free(s.p2m_frames);
    xl_config_free(&c);
    return rc;
}

int hb_save(uint32_t domid, const char *file, unsigned int flags)
{
    int fd, rc;

    if (domid == 0)
        return hb_msg(-EPERM, "Domain-0 cannot be saved");
    fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return hb_msg(-errno, "cannot create '%s': %s", file,
                      strerror(errno));
    rc = hb_save_fd(domid, fd, flags, NULL);
    if (close(fd) < 0 && rc == 0)
        rc = hb_msg(-errno, "cannot write '%s': %s", file, strerror(errno));
    /* Nothing half-written stays behind. */
    if (rc < 0)
        unlink(file);
    return rc;
}
