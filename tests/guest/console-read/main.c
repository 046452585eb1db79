/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console-read: CONSOLEIO_read with nothing typed returns 0 bytes (and
 * never more than asked). Domains without console input may refuse the
 * sub-op; that is a SKIP.
 */
#include <xt.h>

const char test_title[] = "console_io read with no input";

void test_main(void)
{
    char buf[17];
    long rc;

    memset(buf, 0, sizeof(buf));
    rc = hc_console_io(CONSOLEIO_read, 16, buf);
    printk("CONSOLEIO_read(16) = %ld\n", rc);
    if ( rc == -XEN_ENOSYS || rc == -XEN_EPERM )
    {
        xt_skip("console input not available to this domain (%ld)", rc);
        return;
    }
    xt_check(rc >= 0 && rc <= 16, "CONSOLEIO_read returned %ld", rc);
    if ( rc > 0 )
        printk("read '%.16s' (input was typed?)\n", buf);

    rc = hc_console_io(CONSOLEIO_read, 0, buf);
    xt_check(rc == 0, "CONSOLEIO_read(0 bytes) = %ld", rc);
    rc = hc_console_io(99, 1, buf);
    xt_check(rc == -XEN_ENOSYS, "console_io(99) = %ld, want -ENOSYS", rc);
}
