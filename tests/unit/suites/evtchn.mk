# SPDX-License-Identifier: GPL-2.0-only
# Event channels: ports, bindings, the 2-level and FIFO ABIs, on fake domains.
# Hypervisor code is built with -Wno-unused-parameter (ops hooks), so here too.
$(eval $(call unit_test,evtchn,tests/unit/test_evtchn.c tests/unit/test_evtchn_fifo.c tests/unit/evtchn_fake.c \
    xen/common/event_channel.c xen/common/event_channel_op.c \
    xen/common/event_2l.c xen/common/event_fifo.c tests/unit/fake_hcall.c,-Wno-unused-parameter))
