# SPDX-License-Identifier: GPL-2.0-only
# PV memory-management hypercalls: argument decoding (asm/pv/mm.h).
$(eval $(call unit_test,pv_mm,tests/unit/test_pv_mm.c))
