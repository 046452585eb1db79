# SPDX-License-Identifier: GPL-2.0-only
# The credit scheduler's accounting and run-queue order (no struct vcpu).
$(eval $(call unit_test,sched,tests/unit/test_sched.c xen/common/sched_credit.c))
