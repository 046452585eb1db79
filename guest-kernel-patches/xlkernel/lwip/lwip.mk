# SPDX-License-Identifier: GPL-2.0-only
# lwIP for xlkernel, from Debian's lwip source package (liblwip-dev ships
# only headers and a Linux build): lwip/fetch-lwip.sh unpacks it into
# $(CACHE)/lwip once; the sources below are compiled freestanding with the
# guest flags and our port headers (lwip/include) into the kernel's archive
# of optional parts, so only apps that use the network carry them.
# Included by xlkernel.mk (needs XLK_DIR, XLK_OUT, XLK_CFLAGS, CACHE).

LWIP_FETCH := $(XLK_DIR)/lwip/fetch-lwip.sh
LWIP_STAMP := $(CACHE)/.lwip-ok
LWIP_SRC   := $(CACHE)/lwip/src
# Named, not wildcarded: the tree does not exist before the first fetch.
LWIP_FILES := core/init core/def core/inet_chksum core/ip core/mem core/memp \
              core/netif core/pbuf core/sys core/tcp core/tcp_in core/tcp_out \
              core/timeouts core/udp core/ipv4/dhcp core/ipv4/etharp \
              core/ipv4/icmp core/ipv4/ip4 core/ipv4/ip4_addr \
              core/ipv4/ip4_frag netif/ethernet
LWIP_OBJS  := $(LWIP_FILES:%=$(XLK_OUT)/lwip/%.o)
XLK_CFLAGS += -I$(ROOT)/$(XLK_DIR)/lwip/include -I$(LWIP_SRC)/include
# lwIP's own sources, not ours: its style trips a few of our warnings.
LWIP_CFLAGS := $(XLK_CFLAGS) -Wno-unused-parameter -Wno-sign-compare \
               -Wno-implicit-fallthrough -Wno-address

$(LWIP_STAMP): $(LWIP_FETCH)
	$(Q)$(LWIP_FETCH) $(CACHE) && touch $@
# Static pattern, sources as explicit targets: make must know they appear
# once the stamp's recipe (the fetch) has run.
$(LWIP_OBJS): $(XLK_OUT)/lwip/%.o: $(LWIP_SRC)/%.c | $(LWIP_STAMP) $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(LWIP_CFLAGS) -MMD -MP -c $< -o $@
$(LWIP_FILES:%=$(LWIP_SRC)/%.c): | $(LWIP_STAMP) ;

-include $(LWIP_OBJS:.o=.d)
