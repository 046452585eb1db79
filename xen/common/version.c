/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen_version: who we are to a guest. Xenolite implements the Xen 4.17
 * interface and reports that version, so guests pick the right ABI; the
 * extraversion and changeset name Xenolite. Every string is copied out
 * NUL-padded to its full size (no stale stack bytes, XSA-122).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/domain.h>
#include <asm/uaccess.h>
#include <public/version.h>
#include <public/features.h>

#define XENOLITE_EXTRAVERSION ".0-xenolite"

/* Copy a string out as a fixed-size, NUL-padded field. */
static long copy_string_out(unsigned long arg, const char *s, size_t size)
{
    char buf[1024];

    if ( size > sizeof(buf) )
        return -EINVAL;
    memset(buf, 0, size);
    strlcpy(buf, s, size);
    return copy_to_guest_va(arg, buf, size) ? -EFAULT : 0;
}

/* Every sub-op but XENVER_version. */
static noinline long xen_version_info(unsigned int cmd, unsigned long arg)
{
    struct domain *d = current->domain;

    switch ( cmd )
    {
    case XENVER_extraversion:
        return copy_string_out(arg, XENOLITE_EXTRAVERSION,
                               sizeof(xen_extraversion_t));

    case XENVER_compile_info:
    {
        struct xen_compile_info ci;

        memset(&ci, 0, sizeof(ci));
        strlcpy(ci.compiler, "gcc " __VERSION__, sizeof(ci.compiler));
        strlcpy(ci.compile_by, "xenolite", sizeof(ci.compile_by));
        strlcpy(ci.compile_domain, "xenolite", sizeof(ci.compile_domain));
        strlcpy(ci.compile_date, __DATE__, sizeof(ci.compile_date));
        return copy_to_guest_va(arg, &ci, sizeof(ci)) ? -EFAULT : 0;
    }

    case XENVER_capabilities:
        return copy_string_out(arg, "xen-3.0-x86_64 ",
                               sizeof(xen_capabilities_info_t));

    case XENVER_changeset:
        return copy_string_out(arg, "Xenolite " XENOLITE_VERSION,
                               sizeof(xen_changeset_info_t));

    case XENVER_platform_parameters:
    {
        struct xen_platform_parameters pp = {
            .virt_start = HYPERVISOR_VIRT_START,
        };

        return copy_to_guest_va(arg, &pp, sizeof(pp)) ? -EFAULT : 0;
    }

    case XENVER_get_features:
    {
        struct xen_feature_info fi;

        if ( copy_from_guest_va(&fi, arg, sizeof(fi)) )
            return -EFAULT;
        if ( fi.submap_idx >= XENFEAT_NR_SUBMAPS )
            return -EINVAL;
        fi.submap = arch_xen_features(d, fi.submap_idx);
        return copy_to_guest_va(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
    }

    case XENVER_pagesize:
        return arg ? -EINVAL : (long)PAGE_SIZE;

    case XENVER_guest_handle:
        return copy_to_guest_va(arg, d->handle, sizeof(d->handle)) ? -EFAULT
                                                                   : 0;

    case XENVER_commandline:
        if ( !d->is_privileged )
            return -EPERM;
        return copy_string_out(arg, saved_cmdline, sizeof(xen_commandline_t));

    case XENVER_build_id:
        return -ENODATA;

    default:
        return -ENOSYS;
    }
}

/*
 * XENVER_version, the one guests ask all the time (Linux's privcmd users,
 * every tool's first call), answers without the others' stack frame.
 */
long do_xen_version(unsigned int cmd, unsigned long arg)
{
    if ( cmd == XENVER_version )
        return (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;
    return xen_version_info(cmd, arg);
}
