# SPDX-License-Identifier: GPL-2.0-only
# memory_op's sub-op table: dispatch, start-extent cursors, continuations.
$(eval $(call unit_test,memop,tests/unit/test_memop.c tests/unit/fake_hcall.c \
    xen/common/memory.c,\
    -Wno-unused-parameter -include $(ROOT)/tests/unit/memop_stubs.h))
