# SPDX-License-Identifier: GPL-2.0-only
# libhcall's freestanding build for guest kernels (libhcall/freestanding),
# compiled -ffreestanding as a kernel would, against a fake hypervisor and
# the real xenstored core over in-memory rings. (Source lists are spelled
# out: this file is read before the component fragments.)
HCALL_GUEST_T_OUT  := $(UNIT_OUT)/hcall-guest
HCALL_GUEST_T_INC  := -I$(ROOT)/xen/include -I$(ROOT)/libhcall/include \
                      -I$(ROOT)/libhcall/freestanding
HCALL_GUEST_T_OBJS := $(patsubst libhcall/freestanding/%.c,$(HCALL_GUEST_T_OUT)/%.o,\
                      $(wildcard libhcall/freestanding/*.c))

$(HCALL_GUEST_T_OUT)/%.o: libhcall/freestanding/%.c libhcall/freestanding/hcall_guest.h \
                          libhcall/include/hcall/xs_msg.h | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(TEST_CFLAGS) -ffreestanding $(HCALL_GUEST_T_INC) -c $< -o $@

$(eval $(call unit_test,test_libhcall_guest,tests/unit/test_libhcall_guest.c \
    $(HCALL_GUEST_T_OBJS) libhcall/src/xs_msg.c \
    $(addprefix dom0-tools/xenstored/,ht.c store.c txn.c watch.c conn.c ops.c domain.c),\
    -D_GNU_SOURCE -pthread $(HCALL_GUEST_T_INC) -I$(ROOT)/dom0-tools/xenstored))
