/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen-version: XENVER_* sub-ops. Strings are NUL-padded to their full size
 * (XSA-122: no stale stack bytes), capabilities include xen-3.0-x86_64,
 * get_features submap 0 advertises the PV features and no others, other
 * submaps are -EINVAL, pagesize is 4096, virt_start is the hypervisor hole.
 */
#include <xt.h>

const char test_title[] = "xen_version sub-ops";

static union {
    xen_extraversion_t extra;
    xen_changeset_info_t changeset;
    xen_capabilities_info_t caps;
    struct xen_compile_info compile;
} buf;

/* NUL-terminated and all zero after the terminator. */
static void check_padded(const char *what, const char *s, size_t size)
{
    size_t len = strnlen(s, size);

    if ( len == size )
    {
        xt_fail("%s: not NUL-terminated within %zu bytes", what, size);
        return;
    }
    for ( size_t i = len; i < size; i++ )
        if ( s[i] )
        {
            xt_fail("%s: byte %zu after the string is %#x, not 0", what, i,
                    (uint8_t)s[i]);
            return;
        }
}

static long get_string(unsigned int cmd, const char *what, size_t size)
{
    long rc;

    memset(&buf, 0xa5, sizeof(buf));
    rc = hc_xen_version(cmd, &buf);
    xt_check(rc == 0, "%s: rc %ld", what, rc);
    check_padded(what, (const char *)&buf, size);
    return rc;
}

void test_main(void)
{
    struct xen_feature_info fi;
    struct xen_platform_parameters pp;
    long ver, rc;

    ver = hc_xen_version(XENVER_version, 0);
    printk("version %ld.%ld\n", ver >> 16, ver & 0xffff);
    xt_check((ver >> 16) >= 3, "XENVER_version %#lx: major < 3", ver);

    get_string(XENVER_extraversion, "extraversion", sizeof(xen_extraversion_t));
    printk("extraversion '%s'\n", buf.extra);

    get_string(XENVER_changeset, "changeset", sizeof(xen_changeset_info_t));
    printk("changeset '%s'\n", buf.changeset);

    memset(&buf, 0xa5, sizeof(buf));
    rc = hc_xen_version(XENVER_compile_info, &buf);
    xt_check(rc == 0, "compile_info: rc %ld", rc);
    check_padded("compile_info.compiler", buf.compile.compiler,
                 sizeof(buf.compile.compiler));
    check_padded("compile_info.compile_by", buf.compile.compile_by,
                 sizeof(buf.compile.compile_by));
    check_padded("compile_info.compile_domain", buf.compile.compile_domain,
                 sizeof(buf.compile.compile_domain));
    check_padded("compile_info.compile_date", buf.compile.compile_date,
                 sizeof(buf.compile.compile_date));

    get_string(XENVER_capabilities, "capabilities",
               sizeof(xen_capabilities_info_t));
    printk("capabilities '%s'\n", buf.caps);
    xt_check(strstr(buf.caps, "xen-3.0-x86_64") != NULL,
             "capabilities lack xen-3.0-x86_64");

    fi.submap_idx = 0;
    fi.submap = 0xdeadbeef;
    rc = hc_xen_version(XENVER_get_features, &fi);
    printk("features submap 0: rc %ld submap %#x\n", rc, fi.submap);
    xt_check(rc == 0, "get_features(0): rc %ld", rc);
    xt_check(fi.submap & (1U << XENFEAT_mmu_pt_update_preserve_ad),
             "feature mmu_pt_update_preserve_ad missing");
    xt_check(fi.submap & (1U << XENFEAT_gnttab_map_avail_bits),
             "feature gnttab_map_avail_bits missing");
    xt_check(!(fi.submap & ((1U << XENFEAT_writable_page_tables) |
                            (1U << XENFEAT_auto_translated_physmap) |
                            (1U << XENFEAT_supervisor_mode_kernel))),
             "writable_page_tables/auto_translated/supervisor_mode_kernel "
             "set in %#x", fi.submap);
    for ( unsigned int idx = 1; idx < 4; idx++ )
    {
        fi.submap_idx = idx;
        rc = hc_xen_version(XENVER_get_features, &fi);
        xt_check(rc == -XEN_EINVAL, "get_features(%u): rc %ld, want -EINVAL",
                 idx, rc);
    }

    rc = hc_xen_version(XENVER_pagesize, 0);
    xt_check(rc == 4096, "pagesize %ld", rc);

    pp.virt_start = 0;
    rc = hc_xen_version(XENVER_platform_parameters, &pp);
    printk("platform_parameters: rc %ld virt_start %#lx\n", rc, pp.virt_start);
    xt_check(rc == 0 && pp.virt_start == 0xffff800000000000UL,
             "platform_parameters: rc %ld virt_start %#lx", rc, pp.virt_start);

    rc = hc_xen_version(0x7fff, 0);
    xt_check(rc == -XEN_ENOSYS, "unknown sub-op: rc %ld, want -ENOSYS", rc);
    rc = hc_xen_version(XENVER_extraversion, (void *)0xffff830000000000UL);
    xt_check(rc == -XEN_EFAULT, "extraversion into the hypervisor hole: rc "
             "%ld, want -EFAULT", rc);
}
