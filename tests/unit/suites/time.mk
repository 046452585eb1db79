# SPDX-License-Identifier: GPL-2.0-only
# Time: the TSC scale and pvclock round trip, RTC decoding, the per-CPU
# timer list, and the vcpu_guest_context rules of VCPUOP_initialise.
$(eval $(call unit_test,time,tests/unit/test_time.c \
    xen/common/time_math.c xen/common/timer.c xen/arch/x86/pv/vgc_check.c))
