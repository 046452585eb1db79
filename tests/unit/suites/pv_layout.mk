# SPDX-License-Identifier: GPL-2.0-only
# The PV start-of-day layout both domain builders share (xen/lib/pv_layout.c).
$(eval $(call unit_test,pv_layout,tests/unit/test_pv_layout.c xen/lib/pv_layout.c))
