# SPDX-License-Identifier: GPL-2.0-only
# xl: the dom0 toolstack CLI. Outputs under $(BUILD)/dom0-tools/xl/:
#   xl         dynamically linked (libxml2, yajl, libuuid)
#   xl-static  fully static (same objects), for the busybox dom0 initramfs
# Sources and flags: vars.mk.

include dom0-tools/xl/vars.mk

ALL_TARGETS += $(XL_OUT)/xl $(XL_OUT)/xl-static

$(XL_OUT)/obj/%.o: $(XL_DIR)/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) $(XL_CPPFLAGS) -MMD -MP -c $< -o $@

# The schema is embedded with .incbin, which -MMD cannot see.
$(XL_OUT)/obj/xml_config.o: $(XL_RNG)

$(XL_OUT)/xl: $(XL_OBJS)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) $^ -o $@ $(XL_LDLIBS)

$(XL_OUT)/obj/icu_stub.o: $(XL_DIR)/icu_stub.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -DXL_ICU_VER=$(XL_ICU_VER) -c $< -o $@

$(XL_OUT)/xl-static: $(XL_STATIC_OBJS)
	$(Q)$(HOST_CC) -static $(HOST_CFLAGS) $^ -o $@ $(XL_STATIC_LDLIBS)

-include $(XL_OBJS:.o=.d)
