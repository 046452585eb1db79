# SPDX-License-Identifier: GPL-2.0-only
# Host unit tests. Each suite file under tests/unit/suites/*.mk declares:
#
#   $(eval $(call unit_test,NAME,TEST_SOURCES REAL_SOURCES...[,EXTRA_LDLIBS]))
#
# which builds $(BUILD)/tests/unit/NAME from the harness, the test file(s) and
# the real project sources (compiled as-is, never copied), with ASan/UBSan.
# Hypervisor sources see tests/unit/include first, which shadows the few
# hypervisor headers that need a host stand-in (lib.h, spinlock.h, xmalloc.h).

UNIT_OUT  := $(BUILD)/tests/unit
UNIT_INC  := -DXEN_HOST_TEST -I$(ROOT)/tests/unit/include -I$(ROOT)/tests/unit \
             -I$(ROOT)/xen/include -I$(ROOT)/xen/arch/x86/include
UNIT_LIBS := -lcunit

# The dependency file of a program compiled from several sources in one
# command, in its recipe: $(call multi_deps,COMPILER FLAGS,SOURCES) writes
# $@.d. (-MMD -MF there would keep only the last source's headers.) Every
# prerequisite, sources too, gets an empty rule, so a moved or deleted file
# never stops an incremental build.
multi_deps = { $(1) -MM -MP -MT $@ $(2) && printf '%s:\n' $(2); } \
             > $@.d.tmp && mv $@.d.tmp $@.d

define unit_test
UNIT_TEST_PROGS += $(UNIT_OUT)/$(1)
$(UNIT_OUT)/$(1): tests/unit/harness.c $(2) tests/unit/harness.h | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$$(Q)$$(call multi_deps,$$(HOST_CC) $$(TEST_CFLAGS) $$(UNIT_INC) $(filter-out -l%,$(3)),\
	    tests/unit/harness.c $(filter %.c,$(2)))
	$$(Q)$$(HOST_CC) $$(TEST_CFLAGS) $$(UNIT_INC) \
	    tests/unit/harness.c $(2) -o $$@ $$(TEST_LDFLAGS) $(3) $$(UNIT_LIBS)
-include $(UNIT_OUT)/$(1).d
endef

include $(sort $(wildcard tests/unit/suites/*.mk))
