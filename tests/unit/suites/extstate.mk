# SPDX-License-Identifier: GPL-2.0-only
# The buffer checks and conversions of XEN_DOMCTL_get/setvcpuextstate
# (xen/arch/x86/pv/extstate.c).
$(eval $(call unit_test,extstate,tests/unit/test_extstate.c \
    xen/arch/x86/pv/extstate.c))
