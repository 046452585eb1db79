# SPDX-License-Identifier: GPL-2.0-only
# Grant tables v1/v2: table, versions, pins and status bits, maptrack, map /
# unmap through real PV page tables, copy, cache_flush, domain death.
$(eval $(call unit_test,gnttab,tests/unit/test_gnttab.c tests/unit/fake_hcall.c \
    xen/common/grant_table.c xen/common/grant_pin.c xen/common/grant_map.c \
    xen/common/grant_copy.c xen/arch/x86/pv/grant_table.c \
    xen/arch/x86/mm/page_type.c xen/arch/x86/pv/pt_validate.c,\
    -Wno-unused-parameter))
