/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hello: the smallest useful guest. Prints through console_io, reports the
 * start_info it was given, and powers off with SUCCESS.
 */
#include <xt.h>

const char test_title[] = "hello: console output and shutdown";

void test_main(void)
{
    const start_info_t *si = xt_start_info;

    printk("Hello from a Xenolite PV test kernel\n");
    printk("start_info: magic '%.32s' nr_pages %lu flags %#x\n",
           si->magic, si->nr_pages, si->flags);
    printk("  shared_info maddr %#lx pt_base %#lx nr_pt_frames %lu "
           "mfn_list %#lx\n", si->shared_info, si->pt_base,
           si->nr_pt_frames, si->mfn_list);
    if ( memcmp(si->magic, "xen-3.0-x86_64", 14) )
        xt_fail("start_info magic does not start with xen-3.0-x86_64");
}
