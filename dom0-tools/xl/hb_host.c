/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host and per-vCPU verbs of the libhcall backend: info (xen_version +
 * physinfo), dmesg (sysctl readconsole), memory limits, vCPU state,
 * pinning and hotplug, and the credit/credit2 scheduler's weight and cap.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <public/domctl.h>
#include <public/sysctl.h>
#include <public/version.h>

#include "hb.h"

static int sysctl(struct xen_sysctl *s, uint32_t cmd)
{
    struct hcall_privcmd *h = NULL;
    int rc = hb_privcmd(&h);

    if (rc < 0)
        return rc;
    s->cmd = cmd;
    return hcall_sysctl(h, s) < 0 ? -errno : 0;
}

/* xen_version(cmd, buf): the hypercall's result; len bytes into out. */
static long version_raw(unsigned int cmd, void *out, size_t len,
                        const void *in, size_t in_len)
{
    struct hcall_privcmd *h = NULL;
    char *buf;
    long rc;

    memset(out, 0, len);
    if (hb_privcmd(&h) < 0 || !(buf = hcall_buf_alloc(h, 4096)))
        return -ENOMEM;
    memset(buf, 0, 4096);
    if (in)
        memcpy(buf, in, in_len);
    rc = hcall_hypercall(h, __HYPERVISOR_xen_version, cmd,
                         (uint64_t)(uintptr_t)buf, 0, 0, 0);
    if (rc >= 0)
        memcpy(out, buf, len < 4096 ? len : 4096);
    hcall_buf_free(h, buf, 4096);
    return rc;
}

/* xen_version(cmd, buf) into a string. */
static void version_str(unsigned int cmd, char *out, size_t len)
{
    if (version_raw(cmd, out, len, NULL, 0) < 0)
        out[0] = '\0';
    out[len - 1] = '\0';
}

/* Xen's names of the XEN_SYSCTL_PHYSCAP_* bits, as xl info prints them. */
static void virt_caps(uint32_t caps, char *out, size_t len)
{
    static const char *const names[] = {
        "hvm", "pv", "directio", "hap", "shadow", "iommu_hap_pt_share",
        "vmtrace", "vpmu", "gnttab-v1", "gnttab-v2",
    };
    size_t at = 0;

    out[0] = '\0';
    for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if ((caps & (1u << i)) && at < len)
            at += snprintf(out + at, len - at, "%s%s", at ? " " : "",
                           names[i]);
}

static void scheduler_name(unsigned int id, char *out, size_t len)
{
    static const struct { unsigned int id; const char *name; } s[] = {
        { XEN_SCHEDULER_CREDIT, "credit" },
        { XEN_SCHEDULER_CREDIT2, "credit2" },
        { XEN_SCHEDULER_ARINC653, "arinc653" },
        { XEN_SCHEDULER_RTDS, "rtds" },
        { XEN_SCHEDULER_NULL, "null" },
    };

    snprintf(out, len, "unknown (%u)", id);
    for (unsigned int i = 0; i < sizeof(s) / sizeof(s[0]); i++)
        if (s[i].id == id)
            snprintf(out, len, "%s", s[i].name);
}

/* The xen_version facts of xl info. */
static void hypervisor_facts(struct xl_host_info *info)
{
    struct xen_compile_info ci;
    struct xen_platform_parameters pp;
    unsigned char bid[4 + 64];
    uint32_t want = 64;
    long v, n;

    v = version_raw(XENVER_version, bid, 0, NULL, 0);
    if (v > 0) {
        info->xen_major = (unsigned int)(v >> 16);
        info->xen_minor = (unsigned int)(v & 0xffff);
    }
    version_str(XENVER_extraversion, info->xen_extra,
                sizeof(info->xen_extra));
    snprintf(info->hypervisor_version, sizeof(info->hypervisor_version),
             "%u.%u%s", info->xen_major, info->xen_minor, info->xen_extra);
    version_str(XENVER_capabilities, info->capabilities,
                sizeof(info->capabilities));
    version_str(XENVER_commandline, info->cmdline, sizeof(info->cmdline));
    version_str(XENVER_changeset, info->changeset, sizeof(info->changeset));
    if (version_raw(XENVER_compile_info, &ci, sizeof(ci), NULL, 0) >= 0) {
        snprintf(info->cc_compiler, sizeof(info->cc_compiler), "%.63s",
                 ci.compiler);
        snprintf(info->cc_compile_by, sizeof(info->cc_compile_by), "%.15s",
                 ci.compile_by);
        snprintf(info->cc_compile_domain, sizeof(info->cc_compile_domain),
                 "%.31s", ci.compile_domain);
        snprintf(info->cc_compile_date, sizeof(info->cc_compile_date),
                 "%.31s", ci.compile_date);
    }
    if (version_raw(XENVER_platform_parameters, &pp, sizeof(pp), NULL,
                    0) >= 0)
        info->virt_start = pp.virt_start;
    n = version_raw(XENVER_pagesize, bid, 0, NULL, 0);
    info->pagesize = n > 0 ? (unsigned long)n : 4096;
    /* build_id: IN len = room; returns the id's length. */
    n = version_raw(XENVER_build_id, bid, sizeof(bid), &want, sizeof(want));
    for (long i = 0; i < n && i < 64; i++)
        snprintf(info->build_id + 2 * i, 3, "%02x", bid[4 + i]);
}

int hb_host_info(struct xl_host_info *info)
{
    struct hcall_privcmd *h = NULL;
    struct xen_sysctl s;
    struct utsname u;
    int rc;

    memset(info, 0, sizeof(*info));
    if ((rc = hb_privcmd(&h)) < 0)
        return rc;
    if (uname(&u) == 0) {
        snprintf(info->host, sizeof(info->host), "%s", u.nodename);
        snprintf(info->release, sizeof(info->release), "%s", u.release);
        snprintf(info->version, sizeof(info->version), "%s", u.version);
        snprintf(info->machine, sizeof(info->machine), "%s", u.machine);
    }
    hypervisor_facts(info);
    memset(&s, 0, sizeof(s));
    if ((rc = sysctl(&s, XEN_SYSCTL_physinfo)) < 0)
        return hb_msg(rc, "physinfo failed: %s", strerror(-rc));
    info->nr_cpus = s.u.physinfo.nr_cpus;
    info->max_cpu_id = s.u.physinfo.max_cpu_id;
    info->nr_nodes = s.u.physinfo.nr_nodes;
    info->cores_per_socket = s.u.physinfo.cores_per_socket;
    info->threads_per_core = s.u.physinfo.threads_per_core;
    info->cpu_mhz = s.u.physinfo.cpu_khz / 1000;
    memcpy(info->hw_caps, s.u.physinfo.hw_cap, sizeof(info->hw_caps));
    virt_caps(s.u.physinfo.capabilities, info->virt_caps,
              sizeof(info->virt_caps));
    info->total_memkb = s.u.physinfo.total_pages * 4;
    info->free_memkb = s.u.physinfo.free_pages * 4;
    info->outstanding_kb = s.u.physinfo.outstanding_pages * 4;
    memset(&s, 0, sizeof(s));
    if (sysctl(&s, XEN_SYSCTL_sched_id) == 0)
        scheduler_name(s.u.sched_id.sched_id, info->scheduler,
                       sizeof(info->scheduler));
    return 0;
}

int hb_dmesg(bool clear, char **buf, size_t *len)
{
    const size_t size = 256 * 1024;
    struct hcall_privcmd *h = NULL;
    struct xen_sysctl s;
    char *b;
    int rc;

    if ((rc = hb_privcmd(&h)) < 0)
        return rc;
    if (!(b = hcall_buf_alloc(h, size)))
        return -ENOMEM;
    memset(&s, 0, sizeof(s));
    s.u.readconsole.clear = clear;
    s.u.readconsole.count = size;
    set_xen_guest_handle(s.u.readconsole.buffer, b);
    rc = sysctl(&s, XEN_SYSCTL_readconsole);
    if (rc == 0) {
        *len = s.u.readconsole.count;
        *buf = malloc(*len + 1);
        if (*buf) {
            memcpy(*buf, b, *len);
            (*buf)[*len] = '\0';
        } else {
            rc = -ENOMEM;
        }
    }
    hcall_buf_free(h, b, size);
    return rc;
}

int hb_set_memory_target(uint32_t domid, uint64_t kib)
{
    struct xen_domctl_getdomaininfo g;
    char path[64], val[32];
    int rc = hb_dominfo(domid, &g);

    if (rc < 0)
        return rc;
    if (kib > g.max_pages * 4)
        return hb_msg(-EINVAL, "target %llu KiB is above domain %u's "
                      "maximum (%llu KiB); raise it with xl mem-max first",
                      (unsigned long long)kib, domid,
                      (unsigned long long)g.max_pages * 4);
    snprintf(path, sizeof(path), "/local/domain/%u/memory/target", domid);
    snprintf(val, sizeof(val), "%llu", (unsigned long long)kib);
    return hb_xs_write(path, val);
}

int hb_set_memory_max(uint32_t domid, uint64_t kib)
{
    struct xen_domctl d;
    char path[64], val[32];
    int rc;

    memset(&d, 0, sizeof(d));
    d.u.max_mem.max_memkb = kib;
    rc = hb_domctl(&d, XEN_DOMCTL_max_mem, domid);
    if (rc < 0)
        return rc == -ESRCH ? hb_dominfo(domid, &d.u.getdomaininfo) :
               hb_msg(rc, "max_mem refused: %s (the domain may already use "
                      "more)", strerror(-rc));
    snprintf(path, sizeof(path), "/local/domain/%u/memory/static-max",
             domid);
    snprintf(val, sizeof(val), "%llu", (unsigned long long)kib);
    if (domid)
        hb_xs_write(path, val);
    return 0;
}

/* get/set one vCPU's hard affinity through a bitmap in locked memory. */
static int affinity(uint32_t domid, unsigned int vcpu, struct xl_cpumap *map,
                    bool set)
{
    struct hcall_privcmd *h = NULL;
    struct xen_domctl d;
    uint8_t *bits;
    int rc;

    if ((rc = hb_privcmd(&h)) < 0)
        return rc;
    if (!(bits = hcall_buf_alloc(h, sizeof(map->bits))))
        return -ENOMEM;
    memcpy(bits, map->bits, sizeof(map->bits));
    memset(&d, 0, sizeof(d));
    d.u.vcpuaffinity.vcpu = vcpu;
    d.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
    set_xen_guest_handle(d.u.vcpuaffinity.cpumap_hard.bitmap, bits);
    d.u.vcpuaffinity.cpumap_hard.nr_bits = XL_MAX_CPUS;
    rc = hb_domctl(&d, set ? XEN_DOMCTL_setvcpuaffinity :
                   XEN_DOMCTL_getvcpuaffinity, domid);
    if (rc == 0 && !set)
        memcpy(map->bits, bits, sizeof(map->bits));
    hcall_buf_free(h, bits, sizeof(map->bits));
    return rc;
}

int hb_vcpu_list(uint32_t domid, struct xl_vcpu_info **out, unsigned int *nr)
{
    struct xen_domctl_getdomaininfo g;
    struct xl_vcpu_info *v;
    struct xen_domctl d;
    unsigned int n;
    int rc = hb_dominfo(domid, &g);

    if (rc < 0)
        return rc;
    n = g.max_vcpu_id == XEN_INVALID_MAX_VCPU_ID ? 0 : g.max_vcpu_id + 1;
    if (!(v = calloc(n ? n : 1, sizeof(*v))))
        return -ENOMEM;
    for (unsigned int i = 0; i < n; i++) {
        memset(&d, 0, sizeof(d));
        d.u.getvcpuinfo.vcpu = i;
        if ((rc = hb_domctl(&d, XEN_DOMCTL_getvcpuinfo, domid)) < 0) {
            free(v);
            return rc;
        }
        v[i].domid = domid;
        v[i].vcpu = i;
        v[i].online = d.u.getvcpuinfo.online;
        v[i].running = d.u.getvcpuinfo.running;
        v[i].blocked = d.u.getvcpuinfo.blocked;
        v[i].cpu = v[i].online ? (int)d.u.getvcpuinfo.cpu : -1;
        v[i].cpu_time_ns = d.u.getvcpuinfo.cpu_time;
        affinity(domid, i, &v[i].hard_affinity, false);
    }
    *out = v;
    *nr = n;
    return 0;
}

int hb_vcpu_set_online(uint32_t domid, unsigned int nr_online)
{
    struct xen_domctl_getdomaininfo g;
    char path[80];
    int rc = hb_dominfo(domid, &g);

    if (rc < 0)
        return rc;
    if (nr_online > g.max_vcpu_id + 1u)
        return hb_msg(-EINVAL, "domain %u has only %u vCPUs (maxvcpus= in "
                      "its config)", domid, g.max_vcpu_id + 1);
    for (unsigned int i = 0; i <= g.max_vcpu_id; i++) {
        snprintf(path, sizeof(path),
                 "/local/domain/%u/cpu/%u/availability", domid, i);
        if ((rc = hb_xs_write(path, i < nr_online ? "online" :
                              "offline")) < 0)
            return rc;
    }
    return 0;
}

int hb_vcpu_pin(uint32_t domid, int vcpu, const struct xl_cpumap *hard)
{
    struct xen_domctl_getdomaininfo g;
    struct xl_cpumap map = *hard;
    int rc = hb_dominfo(domid, &g);

    if (rc < 0)
        return rc;
    if (vcpu >= 0 && (unsigned int)vcpu > g.max_vcpu_id)
        return hb_msg(-EINVAL, "domain %u has no vCPU %d", domid, vcpu);
    for (unsigned int i = 0; i <= g.max_vcpu_id; i++) {
        if (vcpu >= 0 && i != (unsigned int)vcpu)
            continue;
        rc = affinity(domid, i, &map, true);
        if (rc < 0)
            return hb_msg(rc, "cannot pin vCPU %u: %s (are the CPUs "
                          "online? see xl info)", i, strerror(-rc));
        map = *hard;
    }
    return 0;
}

static int sched_op(uint32_t domid, struct xl_sched_credit *p, bool set)
{
    struct xen_sysctl s;
    struct xen_domctl d;
    int rc;

    memset(&s, 0, sizeof(s));
    if ((rc = sysctl(&s, XEN_SYSCTL_sched_id)) < 0)
        return rc;
    if (s.u.sched_id.sched_id != XEN_SCHEDULER_CREDIT &&
        s.u.sched_id.sched_id != XEN_SCHEDULER_CREDIT2)
        return hb_msg(-EOPNOTSUPP, "the hypervisor runs scheduler %u, not "
                      "credit or credit2", s.u.sched_id.sched_id);
    memset(&d, 0, sizeof(d));
    d.u.scheduler_op.sched_id = s.u.sched_id.sched_id;
    d.u.scheduler_op.cmd = set ? XEN_DOMCTL_SCHEDOP_putinfo :
                           XEN_DOMCTL_SCHEDOP_getinfo;
    d.u.scheduler_op.u.credit.weight = (uint16_t)p->weight;
    d.u.scheduler_op.u.credit.cap = (uint16_t)p->cap;
    rc = hb_domctl(&d, XEN_DOMCTL_scheduler_op, domid);
    if (rc == -ESRCH)
        return hb_dominfo(domid, &d.u.getdomaininfo);
    if (rc == 0 && !set) {
        p->weight = d.u.scheduler_op.u.credit.weight;
        p->cap = d.u.scheduler_op.u.credit.cap;
    }
    return rc;
}

int hb_sched_credit_get(uint32_t domid, struct xl_sched_credit *p)
{
    memset(p, 0, sizeof(*p));
    return sched_op(domid, p, false);
}

int hb_sched_credit_set(uint32_t domid, const struct xl_sched_credit *p)
{
    struct xl_sched_credit v = *p;

    return sched_op(domid, &v, true);
}
