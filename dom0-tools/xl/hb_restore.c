/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl restore: read a stream written by xl save (save_stream.h), create an
 * empty domain with the saved config (builder's xb_create_empty), populate
 * the saved PFNs with fresh frames, write the pages (page tables back from
 * PFNs to the new MFNs), rewrite the guest's P2M, start_info and
 * shared_info, pin the page tables, load the vCPU contexts, then register
 * the domain like xl create (store, xenstored, devices, monitor). Any error
 * destroys the new domain: nothing half-made stays.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <yajl/yajl_tree.h>

#include <public/domctl.h>
#include <public/memory.h>
#include <public/xen.h>

#include "builder.h"
#include "hb.h"
#include "hb_net.h"
#include "save_stream.h"
#include "xl.h"

#define MAX_P2M_SIZE  (1ull << 24)
#define MAX_VCPUS     128u
#define FPP           512u

struct restore {
    struct hcall_privcmd *h;
    struct hcall_xs *xs;
    struct sr_reader r;
    struct xl_domain_config own;        /* the saved config */
    const struct xl_domain_config *c;   /* own, or the caller's */
    bool have_config, have_info, have_shinfo, have_tsc, created;
    struct sr_pv_info pi;
    struct xb_result res;
    uint64_t *p2m;                      /* PFN -> new MFN */
    uint8_t *types;                     /* PFN -> SR_PT_* of its data */
    uint64_t *p2m_frames, nr_p2m_frames;
    struct vcpu_guest_context **ctx;    /* [MAX_VCPUS], NULL: none saved */
    uint8_t **xsave;                    /* [MAX_VCPUS] VCPU_XSAVE bodies */
    uint32_t *xsave_len;
    uint8_t shinfo[SR_PAGE_SIZE];
    struct xen_domctl_tsc_info tsc;
    uint64_t store_pfn, console_pfn;
    const char *suffix;                 /* for the name while building */
};

/* "FILE: offset N, record R: what" for a bad record. */
static int bad(struct restore *s, const char *what)
{
    return hb_msg(-EBADMSG, "%s: offset %llu, record %u: %s", s->r.name,
                  (unsigned long long)s->r.offset, s->r.records, what);
}

static int load_config(struct restore *s, const struct sr_record *rec,
                       const struct xl_domain_config *override)
{
    const char *path[] = { "cfg", NULL };
    char *text = malloc(rec->length + 1), err[128], src[160];
    yajl_val root = NULL, cfg;
    const char *cfg_text;
    struct xl_msgs m;
    int rc = 0;

    if (!text)
        return hb_msg(-ENOMEM, "out of memory");
    memcpy(text, rec->body, rec->length);
    text[rec->length] = '\0';
    xl_msgs_init(&m);
    root = yajl_tree_parse(text, err, sizeof(err));
    cfg = root ? yajl_tree_get(root, path, yajl_t_string) : NULL;
    cfg_text = cfg ? YAJL_GET_STRING(cfg) : NULL;
    snprintf(src, sizeof(src), "%s (saved config)", s->r.name);
    if (!cfg_text) {
        rc = bad(s, "the DOMAIN_CONFIG record is not the JSON xl save "
                 "writes (no \"cfg\" string)");
    } else if (override) {
        /* The caller's config replaces the saved one (xl restore CFG F). */
        s->c = override;
    } else if (xl_cfg_parse(cfg_text, strlen(cfg_text), src, NULL, 0,
                            &s->own, &m) < 0) {
        char *why = xl_msgs_join(&m);

        rc = hb_msg(-EINVAL, "the saved config does not parse: %s",
                    why ? why : "?");
        free(why);
    } else {
        s->c = &s->own;
    }
    if (rc == 0 && s->suffix && s->c == &s->own) {
        char *n = malloc(strlen(s->own.name) + strlen(s->suffix) + 1);

        if (!n) {
            rc = hb_msg(-ENOMEM, "out of memory");
        } else {
            strcpy(n, s->own.name);
            strcat(n, s->suffix);
            free(s->own.name);
            s->own.name = n;
        }
    }
    yajl_tree_free(root);
    xl_msgs_free(&m);
    free(text);
    s->have_config = rc == 0;
    return rc;
}

static int check_info(struct restore *s, const struct sr_record *rec)
{
    uint32_t other;

    if (rec->length != sizeof(s->pi))
        return bad(s, "PV_INFO record has the wrong size");
    memcpy(&s->pi, rec->body, sizeof(s->pi));
    if (s->pi.guest_width != 8 || !s->pi.nr_vcpus ||
        s->pi.nr_vcpus > MAX_VCPUS || !s->pi.p2m_size ||
        s->pi.p2m_size > MAX_P2M_SIZE || s->pi.nr_pages > s->pi.p2m_size)
        return bad(s, "PV_INFO record out of range (guest width, vCPUs or "
                   "P2M size)");
    if (s->pi.nr_vcpus > s->c->maxvcpus)
        return hb_msg(-EINVAL, "the saved guest has %u vCPUs, its config "
                      "allows %u", s->pi.nr_vcpus, s->c->maxvcpus);
    if (s->pi.nr_pages > s->c->maxmem_mib << 8)
        return hb_msg(-EINVAL, "the saved guest has %llu MiB, its config "
                      "allows %llu", (unsigned long long)
                      (s->pi.nr_pages >> 8),
                      (unsigned long long)s->c->maxmem_mib);
    if (xl_backend_hcall.name_to_domid(s->c->name, &other) == 0)
        return hb_msg(-EEXIST, "a domain called '%s' exists (domain %u); "
                      "destroy or rename it first", s->c->name, other);
    xl_backend_msg[0] = '\0';
    s->have_info = true;
    return 0;
}

static int create_domain(struct restore *s)
{
    struct xb_config bc = {
        .memory_kib = s->c->memory_mib << 10,
        .maxmem_kib = s->c->maxmem_mib << 10,
        .vcpus = s->c->vcpus, .max_vcpus = s->c->maxvcpus,
        .max_evtchn_port = s->c->max_event_channels,
    };
    struct xb_err e;
    int rc;

    memcpy(bc.uuid, s->c->uuid, 16);
    if ((rc = xb_create_empty(s->h, &bc, &s->res, &e)) < 0)
        return hb_msg(rc, "%s", e.msg);
    s->created = true;
    if (s->res.store_port != s->pi.store_port ||
        s->res.console_port != s->pi.console_port)
        return hb_msg(-EINVAL, "the guest expects its store/console event "
                      "channels on ports %u/%u, the new domain has %u/%u",
                      s->pi.store_port, s->pi.console_port,
                      s->res.store_port, s->res.console_port);
    return 0;
}

/* populate_physmap for the listed PFNs; their MFNs into s->p2m. */
static int populate(struct restore *s, const uint64_t *pfns, uint64_t n)
{
    xen_pfn_t *list = hcall_buf_alloc(s->h, n * sizeof(*list));
    struct xen_memory_reservation *res = hcall_buf_alloc(s->h, sizeof(*res));
    long got;
    int rc = 0;

    if (!list || !res) {
        rc = hb_msg(-ENOMEM, "out of hypercall memory");
        goto out;
    }
    memcpy(list, pfns, n * sizeof(*list));
    memset(res, 0, sizeof(*res));
    set_xen_guest_handle(res->extent_start, list);
    res->nr_extents = n;
    res->domid = (domid_t)s->res.domid;
    got = hcall_hypercall(s->h, __HYPERVISOR_memory_op,
                          XENMEM_populate_physmap, (uint64_t)(uintptr_t)res,
                          0, 0, 0);
    if (got < 0 || (uint64_t)got != n) {
        rc = hb_msg(got < 0 ? -errno : -ENOMEM, "cannot allocate memory "
                    "for the restored domain (%llu MiB): free memory (xl "
                    "info) first", (unsigned long long)(s->pi.nr_pages >> 8));
        goto out;
    }
    for (uint64_t i = 0; i < n; i++)
        s->p2m[pfns[i]] = list[i];
out:
    if (list)
        hcall_buf_free(s->h, list, n * sizeof(*list));
    if (res)
        hcall_buf_free(s->h, res, sizeof(*res));
    return rc;
}

static int pfn_set(struct restore *s, const struct sr_record *rec)
{
    const uint64_t *bits = (const void *)rec->body;
    uint64_t batch[SR_MAX_BATCH], n = 0, total = 0;
    int rc = 0;

    if (!s->have_info || s->p2m)
        return bad(s, "PFN_SET record before PV_INFO or twice");
    if (rec->length != (s->pi.p2m_size + 63) / 64 * 8)
        return bad(s, "PFN_SET record length does not match the P2M size");
    s->p2m = malloc(s->pi.p2m_size * 8);
    s->types = calloc(s->pi.p2m_size, 1);
    if (!s->p2m || !s->types)
        return hb_msg(-ENOMEM, "out of memory for the P2M");
    for (uint64_t pfn = 0; pfn < s->pi.p2m_size; pfn++) {
        s->p2m[pfn] = SR_INVALID_FRAME;
        s->types[pfn] = SR_PT_XTAB;
    }
    for (uint64_t pfn = 0; pfn < s->pi.p2m_size; pfn++)
        total += (bits[pfn / 64] >> (pfn % 64)) & 1;
    if (total != s->pi.nr_pages)
        return bad(s, "PFN_SET has a different page count than PV_INFO");
    if ((rc = create_domain(s)) < 0)
        return rc;
    for (uint64_t pfn = 0; pfn < s->pi.p2m_size && rc == 0; pfn++) {
        if ((bits[pfn / 64] >> (pfn % 64)) & 1)
            batch[n++] = pfn;
        if (n == SR_MAX_BATCH || (n && pfn + 1 == s->pi.p2m_size)) {
            rc = populate(s, batch, n);
            n = 0;
        }
    }
    return rc;
}

static int page_data(struct restore *s, const struct sr_record *rec)
{
    const uint64_t *e;
    const uint8_t *pages;
    uint64_t mfns[SR_MAX_BATCH];
    uint32_t count, n = 0;
    uint8_t *m;
    int rc;

    if (!s->p2m)
        return bad(s, "PAGE_DATA record before PFN_SET");
    rc = sr_page_data_parse(&s->r, rec, s->pi.p2m_size, &count, &e, &pages);
    if (rc < 0)
        return hb_msg(rc, "%s", s->r.msg);
    for (uint32_t i = 0; i < count; i++) {
        uint64_t pfn = e[i] & SR_PD_PFN_MASK;
        unsigned int t = (unsigned int)(e[i] >> SR_PD_TYPE_SHIFT);

        if (!sr_type_has_data(t))
            continue;
        if (s->p2m[pfn] == SR_INVALID_FRAME)
            return bad(s, "PAGE_DATA for a PFN not in PFN_SET");
        mfns[n++] = s->p2m[pfn];
    }
    if (!n)
        return 0;
    m = hcall_fmem_map(s->h, (uint16_t)s->res.domid, PROT_READ | PROT_WRITE,
                       mfns, NULL, n);
    if (!m)
        return hb_msg(-errno, "cannot map the new domain's memory: %s",
                      strerror(errno));
    n = 0;
    for (uint32_t i = 0; i < count && rc == 0; i++) {
        uint64_t pfn = e[i] & SR_PD_PFN_MASK;
        unsigned int t = (unsigned int)(e[i] >> SR_PD_TYPE_SHIFT), slot;
        uint64_t *dst = (uint64_t *)(m + (size_t)n * SR_PAGE_SIZE);

        if (!sr_type_has_data(t))
            continue;
        memcpy(dst, pages + (size_t)n++ * SR_PAGE_SIZE, SR_PAGE_SIZE);
        s->types[pfn] = (uint8_t)t;
        if (sr_type_level(t) &&
            sr_pt_uncanon(dst, sr_type_level(t), s->p2m, s->pi.p2m_size,
                          &slot) < 0) {
            char what[128];

            snprintf(what, sizeof(what), "L%u page table at PFN %#llx: "
                     "slot %u names a PFN the guest does not have",
                     sr_type_level(t), (unsigned long long)pfn, slot);
            rc = bad(s, what);
        }
    }
    hcall_fmem_unmap(s->h, m, n);
    return rc;
}

static int vcpu_record(struct restore *s, const struct sr_record *rec)
{
    const struct sr_vcpu_hdr *h = (const void *)rec->body;

    if (rec->length != sizeof(*h) + sizeof(struct vcpu_guest_context))
        return bad(s, "VCPU_CONTEXT record has the wrong size");
    if (h->vcpu >= MAX_VCPUS || s->ctx[h->vcpu])
        return bad(s, "VCPU_CONTEXT for a vCPU out of range or twice");
    if (!(s->ctx[h->vcpu] = malloc(sizeof(**s->ctx))))
        return hb_msg(-ENOMEM, "out of memory");
    memcpy(s->ctx[h->vcpu], h + 1, sizeof(**s->ctx));
    return 0;
}

static int xsave_record(struct restore *s, const struct sr_record *rec)
{
    const struct sr_vcpu_xsave_hdr *h = (const void *)rec->body;

    if (rec->length <= sizeof(*h) || h->vcpu >= MAX_VCPUS ||
        s->xsave[h->vcpu])
        return bad(s, "VCPU_XSAVE record too short, out of range or twice");
    if (!(s->xsave[h->vcpu] = malloc(rec->length)))
        return hb_msg(-ENOMEM, "out of memory");
    memcpy(s->xsave[h->vcpu], rec->body, rec->length);
    s->xsave_len[h->vcpu] = rec->length;
    return 0;
}

static int read_stream(struct restore *s,
                       const struct xl_domain_config *override)
{
    struct sr_record rec;
    int rc;

    if ((rc = sr_read_header(&s->r)) < 0)
        return hb_msg(rc, "%s", s->r.msg);
    for (;;) {
        if ((rc = sr_read_record(&s->r, &rec)) < 0)
            return hb_msg(rc, "%s", s->r.msg);
        if (rec.type != SR_REC_DOMAIN_CONFIG && !s->have_config)
            return bad(s, "the first record is not DOMAIN_CONFIG");
        switch (rec.type) {
        case SR_REC_END:
            if (!s->p2m || !s->have_shinfo || !s->ctx[0] ||
                !s->p2m_frames)
                return bad(s, "END before the P2M, shared_info or vCPU 0");
            return 0;
        case SR_REC_DOMAIN_CONFIG:
            if (s->have_config)
                return bad(s, "a second DOMAIN_CONFIG record");
            rc = load_config(s, &rec, override);
            break;
        case SR_REC_PV_INFO:
            rc = s->have_info ? bad(s, "a second PV_INFO record")
                              : check_info(s, &rec);
            break;
        case SR_REC_PFN_SET:
            rc = pfn_set(s, &rec);
            break;
        case SR_REC_P2M_FRAMES:
            if (!s->p2m || s->p2m_frames)
                return bad(s, "P2M_FRAMES before PFN_SET or twice");
            s->nr_p2m_frames = (s->pi.p2m_size + FPP - 1) / FPP;
            if (rec.length != s->nr_p2m_frames * 8)
                return bad(s, "P2M_FRAMES length does not match the P2M "
                           "size");
            if (!(s->p2m_frames = malloc(rec.length)))
                return hb_msg(-ENOMEM, "out of memory");
            memcpy(s->p2m_frames, rec.body, rec.length);
            for (uint64_t i = 0; i < s->nr_p2m_frames; i++)
                if (s->p2m_frames[i] >= s->pi.p2m_size ||
                    s->p2m[s->p2m_frames[i]] == SR_INVALID_FRAME)
                    return bad(s, "P2M_FRAMES names a PFN the guest does "
                               "not have");
            break;
        case SR_REC_PAGE_DATA:
            rc = page_data(s, &rec);
            break;
        case SR_REC_VCPU_CONTEXT:
            rc = vcpu_record(s, &rec);
            break;
        case SR_REC_VCPU_XSAVE:
            rc = xsave_record(s, &rec);
            break;
        case SR_REC_SHARED_INFO:
            if (rec.length != SR_PAGE_SIZE)
                return bad(s, "SHARED_INFO record is not one page");
            memcpy(s->shinfo, rec.body, SR_PAGE_SIZE);
            s->have_shinfo = true;
            break;
        case SR_REC_TSC_INFO:
            if (rec.length != sizeof(s->tsc))
                return bad(s, "TSC_INFO record has the wrong size");
            memcpy(&s->tsc, rec.body, sizeof(s->tsc));
            s->have_tsc = true;
            break;
        }
        if (rc < 0)
            return rc;
    }
}


/* The guest's own P2M pages get the new MFNs (absent PFNs: invalid). */
static int rewrite_guest_p2m(struct restore *s)
{
    uint64_t mfns[SR_MAX_BATCH];
    int rc = 0;

    for (uint64_t f = 0; f < s->nr_p2m_frames && rc == 0; f += SR_MAX_BATCH) {
        uint64_t n = s->nr_p2m_frames - f < SR_MAX_BATCH
                         ? s->nr_p2m_frames - f : SR_MAX_BATCH;
        uint64_t *m;

        for (uint64_t i = 0; i < n; i++)
            mfns[i] = s->p2m[s->p2m_frames[f + i]];
        m = hcall_fmem_map(s->h, (uint16_t)s->res.domid,
                           PROT_READ | PROT_WRITE, mfns, NULL, n);
        if (!m)
            return hb_msg(-errno, "cannot map the guest's P2M: %s",
                          strerror(errno));
        for (uint64_t i = 0; i < n * FPP; i++) {
            uint64_t pfn = f * FPP + i;

            m[i] = pfn < s->pi.p2m_size ? s->p2m[pfn] : SR_INVALID_FRAME;
        }
        hcall_fmem_unmap(s->h, m, n);
    }
    return rc;
}

static uint64_t pfn_to_new(struct restore *s, uint64_t pfn)
{
    return pfn < s->pi.p2m_size ? s->p2m[pfn] : SR_INVALID_FRAME;
}

/*
 * start_info: the guest turned its store and console MFNs into PFNs before
 * suspending; they become the new MFNs, with the new ports and shared_info.
 */
static int fix_start_info(struct restore *s, uint64_t shinfo_mfn)
{
    uint64_t mfn = pfn_to_new(s, s->ctx[0]->user_regs.rdx);
    struct start_info *si;
    int rc = 0;

    if (mfn == SR_INVALID_FRAME)
        return bad(s, "vCPU 0's rdx (start_info) names a PFN the guest does "
                   "not have");
    si = hcall_fmem_map(s->h, (uint16_t)s->res.domid, PROT_READ | PROT_WRITE,
                        &mfn, NULL, 1);
    if (!si)
        return hb_msg(-errno, "cannot map start_info: %s", strerror(errno));
    s->store_pfn = si->store_mfn;
    s->console_pfn = si->console.domU.mfn;
    if (strncmp(si->magic, "xen-3.0-x86_64", 14) ||
        pfn_to_new(s, s->store_pfn) == SR_INVALID_FRAME ||
        pfn_to_new(s, s->console_pfn) == SR_INVALID_FRAME) {
        rc = bad(s, "the saved start_info is not a suspended 64-bit PV "
                 "guest's (magic, store or console PFN)");
    } else {
        si->store_mfn = s->res.store_mfn = s->p2m[s->store_pfn];
        si->console.domU.mfn = s->res.console_mfn = s->p2m[s->console_pfn];
        si->store_evtchn = s->res.store_port;
        si->console.domU.evtchn = s->res.console_port;
        si->shared_info = shinfo_mfn << 12;
        s->ctx[0]->user_regs.rdx = mfn;
    }
    hcall_fmem_unmap(s->h, si, 1);
    return rc;
}

/* The saved vCPU and arch state, events all pending-clear and masked. */
static int fix_shared_info(struct restore *s, uint64_t mfn)
{
    const struct shared_info *old = (const void *)s->shinfo;
    struct shared_info *si;

    si = hcall_fmem_map(s->h, (uint16_t)s->res.domid, PROT_READ | PROT_WRITE,
                        &mfn, NULL, 1);
    if (!si)
        return hb_msg(-errno, "cannot map shared_info: %s", strerror(errno));
    memcpy(si->vcpu_info, old->vcpu_info, sizeof(si->vcpu_info));
    si->arch = old->arch;
    si->arch.pfn_to_mfn_frame_list_list = 0;
    memset(si->evtchn_pending, 0, sizeof(si->evtchn_pending));
    memset(si->evtchn_mask, 0xff, sizeof(si->evtchn_mask));
    for (unsigned int v = 0; v < XEN_LEGACY_MAX_VCPUS; v++)
        si->vcpu_info[v].evtchn_pending_sel = 0;
    hcall_fmem_unmap(s->h, si, 1);
    return 0;
}

/* Pin what the guest had pinned, lower levels first. */
static int pin_tables(struct restore *s)
{
    struct mmuext_op *ops = hcall_buf_alloc(s->h, 256 * sizeof(*ops));
    int rc = 0;

    if (!ops)
        return hb_msg(-ENOMEM, "out of hypercall memory");
    for (unsigned int level = 1; level <= 4 && rc == 0; level++) {
        unsigned int n = 0;

        for (uint64_t pfn = 0; pfn <= s->pi.p2m_size && rc == 0; pfn++) {
            bool last = pfn == s->pi.p2m_size;

            if (!last && s->types[pfn] == (SR_PT_PINNED | level)) {
                memset(&ops[n], 0, sizeof(ops[n]));
                ops[n].cmd = MMUEXT_PIN_L1_TABLE + level - 1;
                ops[n++].arg1.mfn = s->p2m[pfn];
            }
            if (n == 256 || (last && n)) {
                if (hcall_hypercall(s->h, __HYPERVISOR_mmuext_op,
                                    (uint64_t)(uintptr_t)ops, n, 0,
                                    s->res.domid, 0) < 0)
                    rc = hb_msg(-errno, "the hypervisor refused the "
                                "restored guest's L%u page tables: %s",
                                level, strerror(errno));
                n = 0;
            }
        }
    }
    hcall_buf_free(s->h, ops, 256 * sizeof(*ops));
    return rc;
}

static int uncanon_frame(struct restore *s, uint64_t *f, const char *what)
{
    uint64_t mfn = pfn_to_new(s, *f);
    char msg[96];

    if (mfn == SR_INVALID_FRAME) {
        snprintf(msg, sizeof(msg), "a vCPU's %s names a PFN the guest does "
                 "not have", what);
        return bad(s, msg);
    }
    *f = mfn;
    return 0;
}

static int set_xsave(struct restore *s, uint32_t v)
{
    const struct sr_vcpu_xsave_hdr *h = (const void *)s->xsave[v];
    uint64_t size = s->xsave_len[v] - sizeof(*h);
    void *buf = hcall_buf_alloc(s->h, size);
    struct xen_domctl d;
    int rc;

    if (!buf)
        return hb_msg(-ENOMEM, "out of hypercall memory");
    memcpy(buf, h + 1, size);
    memset(&d, 0, sizeof(d));
    d.u.vcpuextstate.vcpu = v;
    d.u.vcpuextstate.xfeature_mask = h->xfeature_mask;
    d.u.vcpuextstate.size = size;
    set_xen_guest_handle(d.u.vcpuextstate.buffer, buf);
    rc = hb_domctl(&d, XEN_DOMCTL_setvcpuextstate, s->res.domid);
    hcall_buf_free(s->h, buf, size);
    if (rc < 0)
        return hb_msg(rc, "the hypervisor refused vCPU %u's saved extended "
                      "(XSAVE) state: %s", v, strerror(-rc));
    return 0;
}

static int set_vcpus(struct restore *s)
{
    struct vcpu_guest_context *ctx = hcall_buf_alloc(s->h, sizeof(*ctx));
    struct xen_domctl d;
    int rc = 0;

    if (!ctx)
        return hb_msg(-ENOMEM, "out of hypercall memory");
    for (uint32_t v = 0; v < MAX_VCPUS && rc == 0; v++) {
        if (!s->ctx[v])
            continue;
        *ctx = *s->ctx[v];
        rc = uncanon_frame(s, &ctx->ctrlreg[3], "cr3");
        ctx->ctrlreg[3] <<= 12;
        if (rc == 0 && ctx->ctrlreg[1]) {
            rc = uncanon_frame(s, &ctx->ctrlreg[1], "user page table");
            ctx->ctrlreg[1] <<= 12;
        }
        for (unsigned int i = 0; rc == 0 && i < 16 &&
                                 i < (ctx->gdt_ents + 511) / 512; i++)
            rc = uncanon_frame(s, &ctx->gdt_frames[i], "GDT frame");
        if (rc < 0)
            break;
        memset(&d, 0, sizeof(d));
        d.u.vcpucontext.vcpu = v;
        set_xen_guest_handle(d.u.vcpucontext.ctxt, ctx);
        if ((rc = hb_domctl(&d, XEN_DOMCTL_setvcpucontext,
                            s->res.domid)) < 0)
            rc = hb_msg(rc, "the hypervisor refused vCPU %u's saved "
                        "context: %s", v, strerror(-rc));
        if (rc == 0 && s->xsave[v])
            rc = set_xsave(s, v);
    }
    hcall_buf_free(s->h, ctx, sizeof(*ctx));
    return rc;
}

/* Everything after the stream: the guest's frames, then xl's side. */
static int finish(struct restore *s, unsigned int flags)
{
    struct xen_domctl_getdomaininfo g;
    struct xen_domctl d;
    int rc;

    if ((rc = hb_dominfo(s->res.domid, &g)) < 0 ||
        (rc = rewrite_guest_p2m(s)) < 0 ||
        (rc = fix_start_info(s, g.shared_info_frame)) < 0 ||
        (rc = fix_shared_info(s, g.shared_info_frame)) < 0 ||
        (rc = pin_tables(s)) < 0 || (rc = set_vcpus(s)) < 0)
        return rc;
    if (s->have_tsc) {
        memset(&d, 0, sizeof(d));
        d.u.tsc_info = s->tsc;
        hb_domctl(&d, XEN_DOMCTL_settscinfo, s->res.domid);
    }
    if ((rc = xb_seed_grants(s->h, s->res.domid, s->res.console_mfn,
                             s->res.store_mfn)) < 0)
        return hb_msg(rc, "cannot seed the grant table: %s", strerror(-rc));
    if ((rc = hb_write_store(s->c, &s->res)) < 0)
        return rc;
    if (hcall_xs_introduce(s->xs, (uint16_t)s->res.domid, s->res.store_mfn,
                           s->res.store_port) < 0)
        return hb_msg(-errno, "xenstored refused INTRODUCE: %s",
                      strerror(errno));
    if (s->c->nr_disks && (rc = hb_disks_create(s->c, s->res.domid)) < 0)
        return rc;
    if (s->c->nr_vifs && (rc = hb_vifs_create(s->c, s->res.domid)) < 0)
        return rc;
    if (!(flags & XL_CREATE_PAUSED) &&
        (rc = xb_unpause(s->h, s->res.domid)) < 0)
        return hb_msg(rc, "cannot unpause: %s", strerror(-rc));
    return 0;
}

/* The restore proper from fd; s->r is set up, s->ctx etc. allocated. */
static int restore_from(struct restore *s,
                        const struct xl_domain_config *override,
                        unsigned int flags, uint32_t *domid)
{
    int rc;

    if ((rc = hb_privcmd(&s->h)) < 0 || (rc = hb_xs(&s->xs)) < 0)
        goto out;
    rc = read_stream(s, override);
    if (rc == 0)
        rc = finish(s, flags);
    if (rc == 0) {
        *domid = s->res.domid;
        hb_monitor_start(s->c, s->res.domid, flags);
    }
out:
    if (rc < 0 && s->created) {
        /* No half-made domain stays behind. */
        char keep[sizeof(xl_backend_msg)];

        snprintf(keep, sizeof(keep), "%s", xl_backend_msg);
        xb_destroy(s->h, s->res.domid);
        hb_forget_domain(s->res.domid);
        snprintf(xl_backend_msg, sizeof(xl_backend_msg), "%.440s; the "
                 "new domain %u was destroyed", keep, s->res.domid);
    }
    return rc;
}

static struct restore *restore_alloc(int fd, const char *name,
                                     const char *suffix)
{
    struct restore *s = calloc(1, sizeof(*s));

    if (!s)
        return NULL;
    xl_config_init(&s->own);
    sr_reader_init(&s->r, fd, name);
    s->suffix = suffix;
    s->ctx = calloc(MAX_VCPUS, sizeof(*s->ctx));
    s->xsave = calloc(MAX_VCPUS, sizeof(*s->xsave));
    s->xsave_len = calloc(MAX_VCPUS, sizeof(*s->xsave_len));
    return s;
}

static void restore_free(struct restore *s)
{
    sr_reader_free(&s->r);
    for (unsigned int v = 0; v < MAX_VCPUS; v++) {
        free(s->ctx ? s->ctx[v] : NULL);
        free(s->xsave ? s->xsave[v] : NULL);
    }
    free(s->ctx);
    free(s->xsave);
    free(s->xsave_len);
    free(s->p2m);
    free(s->types);
    free(s->p2m_frames);
    xl_config_free(&s->own);
    free(s);
}

static int restore_run(int fd, const char *name, const char *suffix,
                       const struct xl_domain_config *override,
                       unsigned int flags, uint32_t *domid)
{
    struct restore *s = restore_alloc(fd, name, suffix);
    int rc;

    if (!s || !s->ctx || !s->xsave || !s->xsave_len)
        rc = hb_msg(-ENOMEM, "out of memory");
    else
        rc = restore_from(s, override, flags, domid);
    if (s)
        restore_free(s);
    return rc;
}

int hb_restore_fd(int fd, const char *name, const char *suffix,
                  unsigned int flags, uint32_t *domid)
{
    return restore_run(fd, name, suffix, NULL, flags, domid);
}

int hb_restore(const char *file, const struct xl_domain_config *override,
               unsigned int flags, uint32_t *domid)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC), rc;

    if (fd < 0)
        return hb_msg(-errno, "cannot open '%s': %s", file, strerror(errno));
    rc = restore_run(fd, file, NULL, override, flags, domid);
    close(fd);
    return rc;
}
