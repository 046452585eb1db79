/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched-yield: SCHEDOP_yield returns 0 and the domain keeps running,
 * through both transports; an unknown SCHEDOP is -ENOSYS.
 */
#include <xt.h>

const char test_title[] = "sched_op yield";

void test_main(void)
{
    long rc;

    for ( int raw = 0; raw < 2; raw++ )
    {
        xt_raw_hypercalls = raw;
        for ( int i = 0; i < 100; i++ )
        {
            rc = hc_sched_op(SCHEDOP_yield, NULL);
            if ( rc )
            {
                xt_fail("%s: yield %d returned %ld", raw ? "raw" : "page",
                        i, rc);
                break;
            }
        }
    }
    xt_raw_hypercalls = false;
    printk("200 yields returned 0\n");

    rc = hc_sched_op(99, NULL);
    xt_check(rc == -XEN_ENOSYS, "sched_op(99) = %ld, want -ENOSYS", rc);
}
