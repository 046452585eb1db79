# SPDX-License-Identifier: GPL-2.0-only
# Rangesets (common/rangeset.c): the per-domain I/O port, I/O memory and IRQ
# permission sets.
$(eval $(call unit_test,rangeset,tests/unit/test_rangeset.c xen/common/rangeset.c))
