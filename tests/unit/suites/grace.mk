# SPDX-License-Identifier: GPL-2.0-only
# Grace periods before freeing (common/grace.c), with the test playing CPUs.
$(eval $(call unit_test,grace,tests/unit/test_grace.c xen/common/grace.c,-DUNIT_SMP))
