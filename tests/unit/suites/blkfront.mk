# SPDX-License-Identifier: GPL-2.0-only
# blkfront, the block frontend library (drivers/frontend/blk), against a
# fake backend and store: handshake nodes, multi-page ring, indirect and
# direct requests in flight, flush, errors, close.
$(eval $(call unit_test,blkfront,tests/unit/test_blkfront.c \
    drivers/frontend/blk/blkfront.c drivers/frontend/blk/blkfront_io.c \
    tests/unit/fake_frontend.c drivers/frontend/common/frontend.c,\
    -I$(ROOT)/drivers/frontend/blk -I$(ROOT)/drivers/frontend/common))
