# SPDX-License-Identifier: GPL-2.0-only
# netfront, the network frontend library (drivers/frontend/net), against a
# fake backend and store: handshake, send with scatter-gather and checksum
# flags, back-pressure, receive over one or more slots, close.
$(eval $(call unit_test,netfront,tests/unit/test_netfront.c \
    drivers/frontend/net/netfront.c tests/unit/fake_frontend.c \
    drivers/frontend/common/frontend.c,\
    -I$(ROOT)/drivers/frontend/net -I$(ROOT)/drivers/frontend/common))
