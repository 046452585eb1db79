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

/* xen_version(cmd, buf) into a string. */
static void version_str(unsigned int cmd, char *out, size_t len)
{
    struct hcall_privcmd *h = NULL;
    char *buf;

    out[0] = '\0';
    if (hb_privcmd(&h) < 0 || !(buf = hcall_buf_alloc(h, 4096)))
        return;
    memset(buf, 0, 4096);
    if (hcall_hypercall(h, __HYPERVISOR_xen_version, cmd,
                        (uint64_t)(uintptr_t)buf, 0, 0, 0) >= 0)
        snprintf(out, len, "%.*s", (int)len - 1, buf);
    hcall_buf_free(h, buf, 4096);
}

int hb_host_info(struct xl_host_info *info)
{
    struct hcall_privcmd *h = NULL;
    struct xen_sysctl s;
    char extra[32];
    long v;
    int rc;

    memset(info, 0, sizeof(*info));
    if ((rc = hb_privcmd(&h)) < 0)
        return rc;
    v = hcall_hypercall(h, __HYPERVISOR_xen_version, XENVER_version, 0, 0,
                        0, 0);
    version_str(XENVER_extraversion, extra, sizeof(extra));
    snprintf(info->hypervisor_version, sizeof(info->hypervisor_version),
             "%ld.%ld%s", v >> 16, v & 0xffff, extra);
    version_str(XENVER_capabilities, info->capabilities,
                sizeof(info->capabilities));
    version_str(XENVER_commandline, info->cmdline, sizeof(info->cmdline));
    memset(&s, 0, sizeof(s));
    if ((rc = sysctl(&s, XEN_SYSCTL_physinfo)) < 0)
        return hb_msg(rc, "physinfo failed: %s", strerror(-rc));
    info->nr_cpus = s.u.physinfo.nr_cpus;
    info->cores_per_socket = s.u.physinfo.cores_per_socket;
    info->threads_per_core = s.u.physinfo.threads_per_core;
    info->cpu_mhz = s.u.physinfo.cpu_khz / 1000;
    info->total_memkb = s.u.physinfo.total_pages * 4;
    info->free_memkb = s.u.physinfo.free_pages * 4;
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
