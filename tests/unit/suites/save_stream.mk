# SPDX-License-Identifier: GPL-2.0-only
# The save/restore stream of xl save/restore/migrate (dom0-tools/xl/
# save_stream.c, save_pt.c): reader, writer, canonicalisation.
$(eval $(call unit_test,save_stream,tests/unit/test_save_stream.c \
    dom0-tools/xl/save_stream.c dom0-tools/xl/save_pt.c,-lz))

$(UNIT_OUT)/save_stream: TEST_CFLAGS += -I$(ROOT)/dom0-tools/xl
