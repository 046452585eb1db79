# SPDX-License-Identifier: GPL-2.0-only
# xl migrate's control protocol and pre-copy stop rule
# (dom0-tools/xl/migrate_proto.c).
$(eval $(call unit_test,migrate_proto,tests/unit/test_migrate_proto.c \
    dom0-tools/xl/migrate_proto.c,))

$(UNIT_OUT)/migrate_proto: TEST_CFLAGS += -I$(ROOT)/dom0-tools/xl
