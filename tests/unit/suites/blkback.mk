# SPDX-License-Identifier: GPL-2.0-only
# qdisk, the user-space block backend: request validation and ring indexes.
$(eval $(call unit_test,blkback,tests/unit/test_blkback.c \
    drivers/backend/blk/blkif_req.c,-I$(ROOT)/drivers/backend/blk))
