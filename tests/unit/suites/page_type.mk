# SPDX-License-Identifier: GPL-2.0-only
# Frame reference counts/types and PV page-table validation: one program, three
# suites (page_type, pt_validate, pt_preempt) on the fake machine of
# tests/unit/fake_mm.c.
PAGE_TYPE_SRCS := xen/arch/x86/mm/page_type.c xen/arch/x86/mm/frame_audit.c \
                  xen/arch/x86/pv/pt_validate.c
$(eval $(call unit_test,page_type,tests/unit/test_page_type.c tests/unit/test_pt_validate.c tests/unit/test_pt_preempt.c tests/unit/fake_mm.c $(PAGE_TYPE_SRCS)))
$(UNIT_OUT)/page_type: tests/unit/fake_mm.h
