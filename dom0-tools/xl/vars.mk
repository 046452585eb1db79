# SPDX-License-Identifier: GPL-2.0-only
# xl sources and flags, shared by rules.mk and tests/unit/suites/xl.mk
# (which the top Makefile reads first). XL_LIB_SRCS is everything but
# main(), for the unit tests.
ifndef XL_VARS_MK
XL_VARS_MK := 1

XL_DIR      := dom0-tools/xl
XL_OUT      := $(BUILD)/dom0-tools/xl
XL_RNG      := $(XL_DIR)/xl-domain.rng
XL_LIB_SRCS := $(addprefix $(XL_DIR)/, \
    xl_config.c cfg_syntax.c cfg_build.c cfg_devices.c cfg_load.c \
    cfg_write.c xml_config.c xl_json.c backend_none.c xl_dispatch.c \
    xl_cmd_table.c xl_xen_verbs.c xl_conf.c cfg_xen_keys.c cmd_create.c \
    cmd_domain.c cmd_console.c cmd_host.c cmd_top.c \
    cmd_mem.c cmd_vcpu.c cmd_sched.c cmd_block.c cmd_network.c cmd_save.c \
    migrate_proto.c)
# The real backend (libhcall + the builder): in the binaries, not the tests.
XL_HB_SRCS  := $(addprefix $(XL_DIR)/, \
    hb_common.c hb_control.c hb_host.c hb_create.c hb_console.c \
    hb_disk.c hb_vif.c hb_netdev.c hb_bootloader.c hb_save.c \
    hb_restore.c hb_migrate.c save_stream.c save_pt.c)
XL_SRCS     := $(XL_LIB_SRCS) $(XL_HB_SRCS) $(XL_DIR)/xl_main.c
XL_OBJS     := $(patsubst $(XL_DIR)/%.c,$(XL_OUT)/obj/%.o,$(XL_SRCS))

# Flags the unit tests reuse (pkg-config is asked once, at parse time).
XL_XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null)
XL_XML_LIBS   := $(shell pkg-config --libs libxml-2.0 2>/dev/null)
XL_XML_STATIC := $(shell pkg-config --static --libs libxml-2.0 2>/dev/null)
XL_CPPFLAGS   := -I$(ROOT)/$(XL_DIR) $(XL_XML_CFLAGS) \
                 -I$(ROOT)/libhcall/include -I$(ROOT)/dom0-tools/builder \
                 -DXL_RNG_PATH='"$(ROOT)/$(XL_RNG)"'
XL_LDLIBS     := $(XL_XML_LIBS) -lyajl -luuid
# Debian's libxml2.a needs ICU, zlib and lzma. ICU (C++ and ~30 MB of
# data) is replaced by icu_stub.c when its version is known; otherwise it
# is linked for real. yajl's static archive is libyajl_s.a. The linker's
# getaddrinfo/dlopen warnings come from libxml2/ICU code xl never calls.
XL_ICU_VER    := $(firstword $(subst ., ,$(shell pkg-config --modversion icu-uc 2>/dev/null)))
XL_STATIC_XML := $(if $(XL_ICU_VER),$(filter-out -licu%,$(XL_XML_STATIC)),$(XL_XML_STATIC) -lstdc++)
XL_STATIC_OBJS := $(XL_OBJS) $(if $(XL_ICU_VER),$(XL_OUT)/obj/icu_stub.o)
XL_STATIC_LDLIBS := -Wl,--start-group $(XL_STATIC_XML) -l:libyajl_s.a \
                    -luuid -lpthread -ldl -lm -Wl,--end-group

endif
