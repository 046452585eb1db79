# SPDX-License-Identifier: GPL-2.0-only
# dom0-tools/common: the sd_notify datagram every dom0 daemon sends, and
# the log file reopened after SIGHUP.
$(eval $(call unit_test,dom0_daemon,tests/unit/test_dom0_daemon.c \
    dom0-tools/common/notify.c dom0-tools/common/logfile.c,\
    -D_GNU_SOURCE -I$(ROOT)/dom0-tools/common))
