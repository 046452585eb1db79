# SPDX-License-Identifier: GPL-2.0-only
# qdisk, the user-space block backend: request validation, ring indexes, and
# the ring consumer with the workers and the state machine faked.
$(eval $(call unit_test,blkback,tests/unit/test_blkback.c tests/unit/test_blkback_ring.c \
    drivers/backend/blk/blkif_req.c drivers/backend/blk/ring.c drivers/backend/common/ring_check.c,\
    -D_GNU_SOURCE -pthread -I$(ROOT)/drivers/backend/blk -I$(ROOT)/drivers/backend/common -I$(ROOT)/dom0-tools/common \
    -I$(ROOT)/libhcall/include))
# Its I/O engines (io_uring, the thread pool) and persistent grants on an
# image file, gntdev faked.
$(eval $(call unit_test,blkback_io,tests/unit/test_blkback_io.c \
    drivers/backend/blk/io.c drivers/backend/blk/pool.c drivers/backend/blk/uring.c \
    drivers/backend/blk/grants.c \
    drivers/backend/blk/blkif_req.c drivers/backend/common/ring_check.c,\
    -D_GNU_SOURCE -pthread -I$(ROOT)/drivers/backend/blk -I$(ROOT)/drivers/backend/common -I$(ROOT)/dom0-tools/common \
    -I$(ROOT)/libhcall/include -luring))
# Its xenstore state machine against an in-memory store: writes into the
# backend directory only while it exists (never re-created after removal).
$(eval $(call unit_test,blkback_dev,tests/unit/test_blkback_dev.c \
    drivers/backend/blk/device.c drivers/backend/blk/blkif_req.c tests/unit/fake_store.c \
    drivers/backend/common/xs_util.c drivers/backend/common/ring_check.c,\
    -D_GNU_SOURCE -pthread -I$(ROOT)/drivers/backend/blk -I$(ROOT)/drivers/backend/common -I$(ROOT)/dom0-tools/common \
    -I$(ROOT)/libhcall/include))
