# SPDX-License-Identifier: GPL-2.0-only
# XENMEM_exchange (common/memory_exchange.c) with the real reference counts,
# a second vCPU played in the steal window (issue 14 regression). The
# declarations asm/pv/mm.h keeps from host builds come from a forced include.
$(eval $(call unit_test,mem_exchange,tests/unit/test_mem_exchange.c \
    xen/common/memory_exchange.c xen/arch/x86/mm/page_type.c \
    xen/arch/x86/pv/pt_validate.c tests/unit/fake_hcall.c,-Wno-unused-parameter))
$(UNIT_OUT)/mem_exchange: TEST_CFLAGS += -include $(ROOT)/tests/unit/mem_exchange.h
$(UNIT_OUT)/mem_exchange: tests/unit/mem_exchange.h
