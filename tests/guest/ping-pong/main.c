/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event ping-pong between domain 0 and the domUs started at boot
 * (tests/guest/cases/multi.case). Domain 0 ("peers=N") allocates one
 * unbound port per domU, for domU k first (so domU k's port is k); domU k
 * ("port=k") binds interdomain to (0, k) and sends ROUNDS pings, each
 * answered by a pong. Both sides count exactly ROUNDS events; domain 0
 * waits for every domU to shut down before its own verdict.
 */
#include "../multi/multi.h"

const char test_title[] = "event ping-pong between domains started at boot";

#define ROUNDS 100
#define MAX_PEERS 8

static void dom0_side(void)
{
    unsigned int peers = multi_arg("peers=", 1), done = 0;
    unsigned int count[MAX_PEERS + 1] = { 0 };
    long port;

    if ( !peers || peers > MAX_PEERS )
        panic("peers=%u out of range", peers);
    for ( unsigned int k = 1; k <= peers; k++ )
    {
        port = multi_alloc_unbound(k);
        if ( port != (long)k )
            panic("alloc_unbound for d%u: %ld, want port %u", k, port, k);
    }
    for ( unsigned long spin = 0; done < peers && spin < MULTI_SPINS; spin++ )
    {
        for ( unsigned int k = 1; k <= peers; k++ )
            if ( multi_test_and_clear(k) )
            {
                xt_check(multi_send(k) == 0, "pong to d%u failed", k);
                if ( ++count[k] == ROUNDS )
                    done++;
            }
        hc_sched_op(SCHEDOP_yield, NULL);
    }
    for ( unsigned int k = 1; k <= peers; k++ )
    {
        xt_check(count[k] == ROUNDS, "d%u: %u pings, want %u", k, count[k],
                 ROUNDS);
        xt_check(multi_wait_shutdown(k), "d%u never shut down", k);
    }
    printk("dom0: %u pings from each of %u domains answered\n", ROUNDS, peers);
}

static void domu_side(void)
{
    unsigned int rport = multi_arg("port=", 0), n = 0;
    long lp = multi_bind(0, rport);

    if ( lp < 0 )
        panic("bind_interdomain(0, %u): %ld", rport, lp);
    for ( ; n < ROUNDS; n++ )
    {
        if ( multi_send(lp) )
        {
            xt_fail("ping %u: send failed", n);
            break;
        }
        if ( !multi_wait(lp) )
        {
            xt_fail("pong %u never came", n);
            break;
        }
    }
    printk("domU: %u of %u pongs from dom0 on port %ld\n", n, ROUNDS, lp);
}

void test_main(void)
{
    if ( multi_is_dom0() )
        dom0_side();
    else
        domu_side();
}
