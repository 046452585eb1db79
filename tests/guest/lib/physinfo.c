/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's free memory for test kernels (xt.h): XEN_SYSCTL_physinfo,
 * which only the control domain may ask.
 */
#include <xt.h>
#include <public/sysctl.h>

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
