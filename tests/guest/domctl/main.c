/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domctl / sysctl from the control domain (pv-abi-ladder 4.4): interface
 * version mismatch is -XEN_EACCES; getdomaininfo finds the first domain with
 * id >= the one asked for, -XEN_ESRCH past the last; physinfo and readconsole
 * answer; a created domain starts paused, max_vcpus must match,
 * destroying it makes it disappear again, and the next one created gets
 * a new id.
 */
#include <xt.h>
#include <public/domctl.h>
#include <public/sysctl.h>

const char test_title[] = "domctl and sysctl as the control domain";


static struct xen_domctl dc;
static struct xen_sysctl sc;
static char conbuf[512];

static long domctl(uint32_t cmd, domid_t dom)
{
    dc.cmd = cmd;
    dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    dc.domain = dom;
    return hc_domctl(&dc);
}

static long sysctl(uint32_t cmd)
{
    sc.cmd = cmd;
    sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return hc_sysctl(&sc);
}

static void check_versions(void)
{
    long rc;

    memset(&dc, 0, sizeof(dc));
    dc.cmd = XEN_DOMCTL_getdomaininfo;
    dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
    rc = hc_domctl(&dc);
    xt_check(rc == -XEN_EACCES, "domctl with an old interface version: rc %ld, want -XEN_EACCES", rc);

    memset(&sc, 0, sizeof(sc));
    sc.cmd = XEN_SYSCTL_physinfo;
    sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION + 1;
    rc = hc_sysctl(&sc);
    xt_check(rc == -XEN_EACCES, "sysctl with a new interface version: rc %ld, want -XEN_EACCES", rc);
}

static void check_sysctl(void)
{
    long rc;

    memset(&sc, 0, sizeof(sc));
    rc = sysctl(XEN_SYSCTL_physinfo);
    xt_check(rc == 0, "physinfo: rc %ld", rc);
    xt_check(sc.u.physinfo.nr_cpus >= 1, "physinfo: %u CPUs", sc.u.physinfo.nr_cpus);
    xt_check(sc.u.physinfo.total_pages > sc.u.physinfo.free_pages,
             "physinfo: total %lu pages <= free %lu",
             (unsigned long)sc.u.physinfo.total_pages,
             (unsigned long)sc.u.physinfo.free_pages);
    xt_check(sc.u.physinfo.capabilities & XEN_SYSCTL_PHYSCAP_pv,
             "physinfo: PV capability missing (%#x)", sc.u.physinfo.capabilities);
    printk("physinfo: %u CPU(s), %lu of %lu pages free\n", sc.u.physinfo.nr_cpus,
           (unsigned long)sc.u.physinfo.free_pages,
           (unsigned long)sc.u.physinfo.total_pages);

    memset(&sc, 0, sizeof(sc));
    sc.u.readconsole.buffer.p = conbuf;
    sc.u.readconsole.count = sizeof(conbuf) - 1;
    rc = sysctl(XEN_SYSCTL_readconsole);
    xt_check(rc == 0, "readconsole: rc %ld", rc);
    xt_check(sc.u.readconsole.count > 0 && sc.u.readconsole.count < sizeof(conbuf),
             "readconsole: %u bytes", sc.u.readconsole.count);
}

static void check_getdomaininfo(void)
{
    long rc;

    memset(&dc, 0, sizeof(dc));
    rc = domctl(XEN_DOMCTL_getdomaininfo, 0);
    xt_check(rc == 0, "getdomaininfo(0): rc %ld", rc);
    xt_check(dc.domain == 0 && dc.u.getdomaininfo.domain == 0,
             "getdomaininfo(0) named domain %u/%u", dc.domain,
             dc.u.getdomaininfo.domain);
    xt_check(dc.u.getdomaininfo.tot_pages == xt_start_info->nr_pages,
             "getdomaininfo: tot_pages %lu, start_info says %lu",
             (unsigned long)dc.u.getdomaininfo.tot_pages,
             (unsigned long)xt_start_info->nr_pages);
    xt_check(dc.u.getdomaininfo.shared_info_frame ==
             xt_start_info->shared_info >> 12,
             "getdomaininfo: shared_info_frame %#lx, start_info %#lx",
             (unsigned long)dc.u.getdomaininfo.shared_info_frame,
             (unsigned long)xt_start_info->shared_info);
    xt_check(dc.u.getdomaininfo.nr_online_vcpus >= 1, "no online vCPUs");

    rc = domctl(XEN_DOMCTL_getdomaininfo, 0x7000);
    xt_check(rc == -XEN_ESRCH, "getdomaininfo past the last domain: rc %ld, want -XEN_ESRCH", rc);
}

/* A 1-vCPU domain with an id of the hypervisor's choice, or -errno. */
static long create(void)
{
    long rc;

    memset(&dc, 0, sizeof(dc));
    dc.u.createdomain.max_vcpus = 1;
    dc.u.createdomain.max_evtchn_port = 1023;
    dc.u.createdomain.max_grant_frames = 32;
    dc.u.createdomain.max_maptrack_frames = 1024;
    dc.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
    rc = domctl(XEN_DOMCTL_createdomain, 0);
    xt_check(rc == 0, "createdomain: rc %ld", rc);
    return rc ? rc : dc.domain;
}

/* The next domain gets a new id, not the one just freed (as Xen's rover). */
static void check_next_id(domid_t last)
{
    long id = create();

    if ( id < 0 )
        return;
    xt_check(id != last, "re-created domain got the freed id %u again", last);
    xt_check(domctl(XEN_DOMCTL_destroydomain, id) == 0, "destroying %ld", id);
}

static void check_lifecycle(void)
{
    domid_t id;
    long rc;

    if ( (rc = create()) < 0 )
        return;
    id = rc;
    printk("created domain %u\n", id);
    xt_check(id != 0 && id < DOMID_FIRST_RESERVED, "createdomain gave id %u", id);

    memset(&dc.u, 0, sizeof(dc.u));
    dc.u.max_vcpus.max = 2;
    rc = domctl(XEN_DOMCTL_max_vcpus, id);
    xt_check(rc == -XEN_EINVAL, "max_vcpus 2 for a 1-vCPU domain: rc %ld, want -XEN_EINVAL", rc);
    dc.u.max_vcpus.max = 1;
    rc = domctl(XEN_DOMCTL_max_vcpus, id);
    xt_check(rc == 0, "max_vcpus 1: rc %ld", rc);

    memset(&dc.u, 0, sizeof(dc.u));
    rc = domctl(XEN_DOMCTL_getdomaininfo, id);
    xt_check(rc == 0 && dc.domain == id, "getdomaininfo(%u): rc %ld, domain %u",
             id, rc, dc.domain);
    xt_check(dc.u.getdomaininfo.flags & XEN_DOMINF_paused,
             "a new domain is not paused (flags %#x)", dc.u.getdomaininfo.flags);
    xt_check(dc.u.getdomaininfo.max_vcpu_id == 0, "max_vcpu_id %u",
             dc.u.getdomaininfo.max_vcpu_id);

    memset(&dc.u, 0, sizeof(dc.u));
    dc.u.address_size.size = 64;
    rc = domctl(XEN_DOMCTL_set_address_size, id);
    xt_check(rc == 0, "set_address_size 64: rc %ld", rc);

    rc = domctl(XEN_DOMCTL_destroydomain, id);
    xt_check(rc == 0, "destroydomain: rc %ld", rc);
    memset(&dc.u, 0, sizeof(dc.u));
    rc = domctl(XEN_DOMCTL_getdomaininfo, id);
    xt_check(rc == -XEN_ESRCH || (rc == 0 && dc.domain != id),
             "domain %u still listed after destroy (rc %ld)", id, rc);
    check_next_id(id);
}

void test_main(void)
{
    if ( !(xt_start_info->flags & SIF_PRIVILEGED) )
    {
        xt_skip("not the control domain");
        return;
    }
    check_versions();
    check_sysctl();
    check_getdomaininfo();
    check_lifecycle();
}
