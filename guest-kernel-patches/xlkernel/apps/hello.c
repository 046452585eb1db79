/* SPDX-License-Identifier: GPL-2.0-only */
/* hello: prints one line and exits (boot-time measurement, xl tests). */
#include <xlk.h>

const char app_name[] = "hello";

int app_main(void)
{
    printk("xlkernel-hello: Hello, world! (domain %u, %lu ms of system time)\n",
           xlk_domid, (unsigned long)(xlk_now_ns() / XLK_MS));
    return 0;
}
