# SPDX-License-Identifier: GPL-2.0-only
# qnic, the user-space net backend: tx chain validation, offload headers
# both ways, rx slot counts and the rate= credit limiter (netif_req.c).
$(eval $(call unit_test,netback,tests/unit/test_netback.c \
    drivers/backend/net/netif_req.c drivers/backend/common/ring_check.c,\
    -D_GNU_SOURCE -I$(ROOT)/drivers/backend/net -I$(ROOT)/drivers/backend/common -I$(ROOT)/dom0-tools/common \
    -I$(ROOT)/libhcall/include))
# Its xenstore state machine against an in-memory store: writes into the
# backend directory only while it exists (never re-created after removal).
$(eval $(call unit_test,netback_dev,tests/unit/test_netback_dev.c tests/unit/fake_store.c \
    drivers/backend/net/device.c drivers/backend/net/netif_req.c \
    drivers/backend/common/xs_util.c drivers/backend/common/ring_check.c,\
    -D_GNU_SOURCE -I$(ROOT)/drivers/backend/net -I$(ROOT)/drivers/backend/common -I$(ROOT)/dom0-tools/common \
    -I$(ROOT)/libhcall/include))
# Its receive path: frames from a fake tap into a real rx ring, batched
# grant copies (fake guest pages), a frame that waits for requests.
$(eval $(call unit_test,netback_rx,tests/unit/test_netback_rx.c \
    drivers/backend/net/rx.c drivers/backend/net/netif_req.c \
    drivers/backend/common/ring_check.c,\
    -D_GNU_SOURCE -I$(ROOT)/drivers/backend/net -I$(ROOT)/drivers/backend/common -I$(ROOT)/dom0-tools/common \
    -I$(ROOT)/libhcall/include))
