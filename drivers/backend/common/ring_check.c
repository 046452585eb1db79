/* SPDX-License-Identifier: GPL-2.0-only */
/* Ring index sanity check shared by the backends (pure: host unit tests). */
#include "backend.h"

int be_ring_avail(uint32_t req_prod, uint32_t req_cons, uint32_t rsp_prod_pvt,
                  uint32_t size, uint32_t *avail)
{
    /* Unanswered requests can never exceed the slots of the ring. */
    if ((uint32_t)(req_prod - rsp_prod_pvt) > size)
        return -1;
    if ((uint32_t)(req_cons - rsp_prod_pvt) > size ||
        (uint32_t)(req_prod - req_cons) > size)
        return -1;
    *avail = req_prod - req_cons;
    return 0;
}
