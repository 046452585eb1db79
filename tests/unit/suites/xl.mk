# SPDX-License-Identifier: GPL-2.0-only
# xl: config parsers (xl.cfg, XML), JSON output and the CLI frame, linked
# from the real dom0-tools/xl sources (everything but main()).
include dom0-tools/xl/vars.mk

XL_TEST_SRCS := tests/unit/test_xl_util.c tests/unit/test_xl_cfg.c \
                tests/unit/test_xl_xml.c tests/unit/test_xl_json.c \
                tests/unit/test_xl_cli.c tests/unit/test_xl_vif.c \
                tests/unit/test_xl_top.c

$(eval $(call unit_test,xl,$(XL_TEST_SRCS) $(XL_LIB_SRCS),$(XL_LDLIBS)))

$(UNIT_OUT)/xl: TEST_CFLAGS += $(XL_CPPFLAGS) \
    -DXL_TEST_DATA='"$(ROOT)/tests/unit/data/xl"'
$(UNIT_OUT)/xl: $(XL_RNG)
