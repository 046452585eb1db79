# SPDX-License-Identifier: GPL-2.0-only
# libhcall's device facilities: error paths on the host, end to end in dom0
# (the static build for the dom0 initramfs is in libhcall/libhcall.mk).
$(eval $(call unit_test,test_libhcall,tests/unit/test_libhcall.c \
    $(addprefix libhcall/src/,xs_msg.c xs.c privcmd.c evtchn.c gnt.c),\
    -D_GNU_SOURCE -pthread -I$(ROOT)/libhcall/include))
