/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Start of a guest test kernel: its GUEST_OS note, the banner, the runtime
 * set-up, test_main() and the verdict. A kernel with a start of its own
 * (guest-kernel-patches/xlkernel) defines xt_runtime_start itself and this
 * file is not linked in.
 */
#include <xt.h>
#include <xt-elfnote.h>
#include <public/elfnote.h>

XT_ELFNOTE(XEN_ELFNOTE_GUEST_OS, ".asciz", "\"Xenolite-tests\"")

void xt_runtime_start(start_info_t *si);
void xt_runtime_start(start_info_t *si)
{
    xt_start_info = si;
    printk("--- Xenolite guest test: %s ---\n", test_title);
    xt_runtime_init(si);
    test_main();
    xt_exit();
}
