# SPDX-License-Identifier: GPL-2.0-only
# xenstored core in process, and the daemon on a Unix socket driven through
# libhcall's client. (Source lists are spelled out: this file is read before
# the component fragments define their variables.)
XSD_TEST_CORE := $(addprefix dom0-tools/xenstored/,ht.c store.c txn.c watch.c conn.c ops.c domain.c) \
                 libhcall/src/xs_msg.c
XSD_TEST_INC  := -D_GNU_SOURCE -pthread -I$(ROOT)/libhcall/include -I$(ROOT)/dom0-tools/xenstored \
                 -I$(ROOT)/dom0-tools/common

$(eval $(call unit_test,test_xs_core,tests/unit/test_xs_core.c $(XSD_TEST_CORE),$(XSD_TEST_INC)))
$(eval $(call unit_test,test_xs_daemon,tests/unit/test_xs_daemon.c $(XSD_TEST_CORE) \
    dom0-tools/xenstored/server.c dom0-tools/xenstored/backend_hcall.c \
    dom0-tools/common/notify.c dom0-tools/common/logfile.c \
    $(addprefix libhcall/src/,xs.c privcmd.c evtchn.c gnt.c),$(XSD_TEST_INC)))
