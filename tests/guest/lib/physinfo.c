/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Facts about the hypervisor for test kernels (xt.h): its free memory
 * (XEN_SYSCTL_physinfo, which only the control domain may ask) and whether
 * it is Xenolite or the reference.
 */
#include <xt.h>
#include <public/sysctl.h>
#include <public/version.h>

uint64_t xt_free_pages(void)
{
    static struct xen_sysctl sc;

    memset(&sc, 0, sizeof(sc));
    sc.cmd = XEN_SYSCTL_physinfo;
    sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    if ( HC(__HYPERVISOR_sysctl, &sc, 0, 0, 0, 0) )
        panic("physinfo failed");
    return sc.u.physinfo.free_pages;
}

/* Xenolite says so in XENVER_changeset ("Xenolite <version>"). */
bool xt_on_xenolite(void)
{
    xen_changeset_info_t cs;

    memset(cs, 0, sizeof(cs));
    return hc_xen_version(XENVER_changeset, cs) >= 0 &&
           !memcmp(cs, "Xenolite", 8);
}
