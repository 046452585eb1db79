/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xb_build: the PV domU build sequence of pv-abi-ladder.md 4.4 - create the
 * domain (paused), limits, event channels for console and store, memory,
 * the image written through foreign mappings, hypercall page, pinned L4,
 * masked upcalls, vCPU 0's context and grant refs 0/1 for the console and
 * store rings. Any failure destroys the half-built domain.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <hcall/privcmd.h>
#include <public/domctl.h>
#include <public/grant_table.h>
#include <public/xen.h>

#include "builder_int.h"

struct build {
    struct hcall_privcmd *h;
    const struct xb_config *c;
    struct xb_result *r;
    struct xb_err *e;
    struct xb_kernel k;
    uint8_t *ramdisk;
    size_t ramdisk_len;
    struct pv_layout l;
    uint64_t *p2m;
};

#define STEP(b, s) do { if ((b)->c->progress) \
    (b)->c->progress((b)->c->progress_arg, s); } while (0)

static int read_file(const char *path, uint8_t **buf, size_t *len,
                     struct xb_err *e)
{
    FILE *f = fopen(path, "rb");
    long n;

    if (!f)
        return xb_fail(e, -errno, "cannot open ramdisk '%s': %s", path,
                       strerror(errno));
    if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
        !(*buf = malloc(n ? n : 1)) || fread(*buf, 1, n, f) != (size_t)n) {
        fclose(f);
        return xb_fail(e, -EIO, "cannot read ramdisk '%s'", path);
    }
    fclose(f);
    *len = n;
    return 0;
}

static int domctl(struct build *b, struct xen_domctl *d, const char *what)
{
    d->domain = (domid_t)b->r->domid;
    if (hcall_domctl(b->h, d) < 0)
        return xb_fail(b->e, -errno, "%s failed: %s", what, strerror(errno));
    return 0;
}

static int create(struct build *b)
{
    const struct xb_config *c = b->c;
    struct xen_domctl d;
    int rc;

    memset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_createdomain;
    memcpy(d.u.createdomain.handle, c->uuid, 16);
    d.u.createdomain.max_vcpus = c->max_vcpus;
    d.u.createdomain.max_evtchn_port = c->max_evtchn_port ? c->max_evtchn_port
                                                          : 1023;
    d.u.createdomain.max_grant_frames = 32;
    d.u.createdomain.max_maptrack_frames = 1024;
    d.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
    b->r->domid = 0;
    rc = domctl(b, &d, "creating the domain (XEN_DOMCTL_createdomain)");
    if (rc < 0)
        return rc;
    b->r->domid = d.domain;

    memset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_max_vcpus;
    d.u.max_vcpus.max = c->max_vcpus;
    if ((rc = domctl(b, &d, "setting max_vcpus")) < 0)
        return rc;
    memset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_max_mem;
    d.u.max_mem.max_memkb = c->maxmem_kib + 1024;
    if ((rc = domctl(b, &d, "setting max_mem")) < 0)
        return rc;
    memset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_set_address_size;
    d.u.address_size.size = 64;
    return domctl(b, &d, "setting the 64-bit address size");
}

static void fill_start_info(struct build *b, struct start_info *si,
                            uint64_t shinfo_mfn)
{
    const struct pv_layout *l = &b->l;

    memset(si, 0, XB_PAGE_SIZE);
    snprintf(si->magic, sizeof(si->magic), "xen-3.0-x86_64");
    si->nr_pages = l->nr_pages;
    si->shared_info = shinfo_mfn << XB_PAGE_SHIFT;
    si->store_mfn = b->p2m[l->store_pfn];
    si->store_evtchn = b->r->store_port;
    si->console.domU.mfn = b->p2m[l->console_pfn];
    si->console.domU.evtchn = b->r->console_port;
    si->pt_base = pv_layout_va(l, l->pt_pfn);
    si->nr_pt_frames = l->nr_pt;
    si->mfn_list = pv_layout_va(l, l->p2m_pfn);
    if (b->ramdisk_len) {
        si->mod_start = pv_layout_va(l, l->initrd_pfn);
        si->mod_len = b->ramdisk_len;
    }
    if (b->c->cmdline)
        snprintf(si->cmd_line, sizeof(si->cmd_line), "%s", b->c->cmdline);
}

/* Write everything the guest sees into [0, mapped_pages) in one mapping. */
static int load_image(struct build *b, uint64_t shinfo_mfn)
{
    const struct pv_layout *l = &b->l;
    uint64_t n = l->mapped_pages;
    uint8_t *m;
    int rc = 0;

    m = hcall_fmem_map(b->h, (uint16_t)b->r->domid, PROT_READ | PROT_WRITE,
                       b->p2m, NULL, n);
    if (!m)
        return xb_fail(b->e, -errno, "cannot map the new domain's memory "
                       "(privcmd MMAPBATCH): %s", strerror(errno));
    memset(m, 0, n * XB_PAGE_SIZE);
    for (unsigned int i = 0; i < b->k.nr_segs; i++) {
        const struct xb_segment *s = &b->k.segs[i];

        memcpy(m + (s->va - l->virt_base), s->data, s->filesz);
    }
    if (b->ramdisk_len)
        memcpy(m + (l->initrd_pfn << XB_PAGE_SHIFT), b->ramdisk,
               b->ramdisk_len);
    memcpy(m + (l->p2m_pfn << XB_PAGE_SHIFT), b->p2m, l->nr_pages * 8);
    fill_start_info(b, (void *)(m + (l->start_info_pfn << XB_PAGE_SHIFT)),
                    shinfo_mfn);
    xb_pt_fill(l, b->p2m, (void *)(m + (l->pt_pfn << XB_PAGE_SHIFT)));
    /* Our writable mappings must go before Xen types the tables. */
    if (hcall_fmem_unmap(b->h, m, n) < 0)
        rc = xb_fail(b->e, -errno, "cannot unmap the domain's memory: %s",
                     strerror(errno));
    return rc;
}

static int poke_pages(struct build *b, uint64_t mfn, int what)
{
    uint8_t *p = hcall_fmem_map(b->h, (uint16_t)b->r->domid,
                                PROT_READ | PROT_WRITE, &mfn, NULL, 1);

    if (!p)
        return -errno;
    if (what == 0) {            /* shared_info: mask every vCPU's upcalls */
        for (unsigned int v = 0; v < 32; v++)
            p[v * 64 + 1] = 1;
    } else {                    /* grant table: refs 0 and 1 for dom0 */
        struct grant_entry_v1 *g = (void *)p;

        g[GNTTAB_RESERVED_CONSOLE].domid = 0;
        g[GNTTAB_RESERVED_CONSOLE].frame = (uint32_t)b->r->console_mfn;
        g[GNTTAB_RESERVED_XENSTORE].domid = 0;
        g[GNTTAB_RESERVED_XENSTORE].frame = (uint32_t)b->r->store_mfn;
        __atomic_thread_fence(__ATOMIC_RELEASE);
        g[GNTTAB_RESERVED_CONSOLE].flags = GTF_permit_access;
        g[GNTTAB_RESERVED_XENSTORE].flags = GTF_permit_access;
    }
    hcall_fmem_unmap(b->h, p, 1);
    return 0;
}

static int set_context(struct build *b)
{
    const struct pv_layout *l = &b->l;
    struct vcpu_guest_context *ctx = hcall_buf_alloc(b->h, sizeof(*ctx));
    struct xen_domctl d;
    int rc;

    if (!ctx)
        return xb_fail(b->e, -ENOMEM, "out of hypercall memory");
    memset(ctx, 0, sizeof(*ctx));
    ctx->flags = VGCF_in_kernel | VGCF_online;
    ctx->user_regs.rip = b->k.entry;
    ctx->user_regs.rsp = pv_layout_va(l, l->stack_pfn + 1);
    ctx->user_regs.rsi = pv_layout_va(l, l->start_info_pfn);
    ctx->user_regs.rflags = 1u << 9;
    ctx->user_regs.cs = FLAT_KERNEL_CS;
    /* FLAT_KERNEL_DS is the null selector on 64-bit; SS must not be. */
    ctx->user_regs.ds = ctx->user_regs.es = ctx->user_regs.fs =
        ctx->user_regs.gs = FLAT_KERNEL_DS;
    ctx->user_regs.ss = FLAT_KERNEL_SS;
    ctx->kernel_ss = FLAT_KERNEL_SS;
    ctx->kernel_sp = ctx->user_regs.rsp;
    ctx->ctrlreg[3] = b->p2m[l->pt_pfn] << XB_PAGE_SHIFT;
    ctx->debugreg[6] = 0xffff0ff0;
    ctx->debugreg[7] = 0x400;
    memset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_setvcpucontext;
    d.u.vcpucontext.vcpu = 0;
    set_xen_guest_handle(d.u.vcpucontext.ctxt, ctx);
    rc = domctl(b, &d, "setting vCPU 0's context (setvcpucontext)");
    hcall_buf_free(b->h, ctx, sizeof(*ctx));
    return rc;
}

static int domain_info(struct build *b, uint64_t *shinfo_mfn)
{
    struct xen_domctl d;
    int rc;

    memset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_getdomaininfo;
    rc = domctl(b, &d, "reading the domain's info (getdomaininfo)");
    if (rc == 0 && d.u.getdomaininfo.domain != b->r->domid)
        rc = xb_fail(b->e, -ESRCH, "the new domain vanished");
    *shinfo_mfn = d.u.getdomaininfo.shared_info_frame;
    return rc;
}

static int build_memory(struct build *b)
{
    struct pv_layout *l = &b->l;
    uint64_t shinfo, gnt;
    struct xen_domctl d;
    int rc;

    STEP(b, "populating memory");
    b->p2m = malloc(l->nr_pages * sizeof(*b->p2m));
    if (!b->p2m)
        return xb_fail(b->e, -ENOMEM, "out of memory for the P2M");
    rc = xb_populate(b->h, b->r->domid, b->p2m, l->nr_pages);
    if (rc < 0)
        return xb_fail(b->e, rc, "cannot allocate %llu MiB for the domain: "
                       "%s; free memory (xl info) or lower memory=",
                       (unsigned long long)(l->nr_pages >> 8), strerror(-rc));
    b->r->store_mfn = b->p2m[l->store_pfn];
    b->r->console_mfn = b->p2m[l->console_pfn];
    if ((rc = domain_info(b, &shinfo)) < 0)
        return rc;
    STEP(b, "loading kernel, ramdisk, start_info and page tables");
    if ((rc = load_image(b, shinfo)) < 0)
        return rc;
    if (b->k.hypercall_page) {
        memset(&d, 0, sizeof(d));
        d.cmd = XEN_DOMCTL_hypercall_init;
        d.u.hypercall_init.gmfn =
            b->p2m[(b->k.hypercall_page - l->virt_base) >> XB_PAGE_SHIFT];
        if ((rc = domctl(b, &d, "writing the hypercall page")) < 0)
            return rc;
    }
    STEP(b, "pinning the page tables");
    rc = xb_pin_l4(b->h, b->r->domid, b->p2m[l->pt_pfn]);
    if (rc < 0)
        return xb_fail(b->e, rc, "the hypervisor refused the domain's page "
                       "tables (pin L4): %s", strerror(-rc));
    if ((rc = poke_pages(b, shinfo, 0)) < 0)
        return xb_fail(b->e, rc, "cannot map shared_info: %s", strerror(-rc));
    STEP(b, "setting up vCPU 0 and grant refs 0/1");
    if ((rc = set_context(b)) < 0)
        return rc;
    rc = xb_gnttab_frame(b->h, b->r->domid, &gnt);
    if (rc == 0)
        rc = poke_pages(b, gnt, 1);
    if (rc < 0)
        return xb_fail(b->e, rc, "cannot seed the grant table: %s",
                       strerror(-rc));
    return 0;
}

int xb_build(struct hcall_privcmd *h, const struct xb_config *c,
             struct xb_result *r, struct xb_err *e)
{
    struct build b = { .h = h, .c = c, .r = r, .e = e };
    int rc;

    memset(r, 0, sizeof(*r));
    STEP(&b, "loading the kernel image");
    rc = xb_kernel_load(c->kernel, &b.k, e);
    if (rc < 0)
        return rc;
    if (c->ramdisk && (rc = read_file(c->ramdisk, &b.ramdisk,
                                      &b.ramdisk_len, e)) < 0)
        goto out;
    r->nr_pages = c->memory_kib >> 2;
    rc = xb_layout_compute(&b.k, b.ramdisk_len, r->nr_pages, &b.l, e);
    if (rc < 0)
        goto out;
    STEP(&b, "creating the domain");
    rc = create(&b);
    if (rc < 0)
        goto out;
    rc = xb_alloc_unbound(h, r->domid, 0, &r->console_port);
    if (rc == 0)
        rc = xb_alloc_unbound(h, r->domid, 0, &r->store_port);
    if (rc < 0) {
        xb_fail(e, rc, "cannot allocate the console/store event channels: "
                "%s", strerror(-rc));
        goto out;
    }
    rc = build_memory(&b);
out:
    if (rc < 0 && r->domid)
        xb_destroy(h, r->domid);
    free(b.p2m);
    free(b.ramdisk);
    xb_kernel_free(&b.k);
    return rc;
}

int xb_create_empty(struct hcall_privcmd *h, const struct xb_config *c,
                    struct xb_result *r, struct xb_err *e)
{
    struct build b = { .h = h, .c = c, .r = r, .e = e };
    int rc;

    memset(r, 0, sizeof(*r));
    e->msg[0] = '\0';
    rc = create(&b);
    /* The same order as xb_build: the ports come out the same. */
    if (rc == 0)
        rc = xb_alloc_unbound(h, r->domid, 0, &r->console_port);
    if (rc == 0)
        rc = xb_alloc_unbound(h, r->domid, 0, &r->store_port);
    if (rc < 0 && !e->msg[0])
        xb_fail(e, rc, "cannot allocate the console/store event channels: "
                "%s", strerror(-rc));
    if (rc < 0 && r->domid)
        xb_destroy(h, r->domid);
    return rc;
}

int xb_seed_grants(struct hcall_privcmd *h, uint32_t domid,
                   uint64_t console_mfn, uint64_t store_mfn)
{
    struct xb_result r = { .domid = domid, .console_mfn = console_mfn,
                           .store_mfn = store_mfn };
    struct build b = { .h = h, .r = &r };
    uint64_t gnt;
    int rc = xb_gnttab_frame(h, domid, &gnt);

    return rc < 0 ? rc : poke_pages(&b, gnt, 1);
}
