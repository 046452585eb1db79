# SPDX-License-Identifier: GPL-2.0-only
# qdisk, the user-space block backend: request validation, ring indexes, and
# the ring consumer with the workers and the state machine faked.
$(eval $(call unit_test,blkback,tests/unit/test_blkback.c tests/unit/test_blkback_ring.c \
    drivers/backend/blk/blkif_req.c drivers/backend/blk/ring.c drivers/backend/common/ring_check.c,\
    -D_GNU_SOURCE -pthread -I$(ROOT)/drivers/backend/blk -I$(ROOT)/drivers/backend/common \
    -I$(ROOT)/libhcall/include))
