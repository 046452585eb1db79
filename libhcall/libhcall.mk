# SPDX-License-Identifier: GPL-2.0-only
# libhcall: shared (libhcall.so.1) and static library, hcall.pc.
#
#   make                         builds $(BUILD)/libhcall/{libhcall.so*,libhcall.a,hcall.pc}
#   make libhcall-install DESTDIR=... PREFIX=/usr
#                                installs LIBDIR (lib/<multiarch>), LIBDIR/pkgconfig/hcall.pc
#                                and include/xenolite/{hcall.h,hcall/,public/}

LIBHCALL_OUT     := $(BUILD)/libhcall
LIBHCALL_SOVER   := 1
LIBHCALL_VERSION := 1.0.0
LIBHCALL_SRCS    := $(addprefix libhcall/src/,xs_msg.c xs.c privcmd.c evtchn.c gnt.c)
LIBHCALL_OBJS    := $(patsubst libhcall/src/%.c,$(LIBHCALL_OUT)/obj/%.o,$(LIBHCALL_SRCS))
LIBHCALL_INC     := -I$(ROOT)/libhcall/include -I$(ROOT)/xen/include
LIBHCALL_CFLAGS  := $(HOST_CFLAGS) -D_GNU_SOURCE -pthread -fPIC $(LIBHCALL_INC)
LIBHCALL_SO      := $(LIBHCALL_OUT)/libhcall.so.$(LIBHCALL_VERSION)
LIBHCALL_A       := $(LIBHCALL_OUT)/libhcall.a
LIBHCALL_PC      := $(LIBHCALL_OUT)/hcall.pc
PREFIX           ?= /usr/local

ALL_TARGETS += $(LIBHCALL_SO) $(LIBHCALL_A) $(LIBHCALL_PC)

$(LIBHCALL_OUT)/obj/%.o: libhcall/src/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(LIBHCALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIBHCALL_SO): $(LIBHCALL_OBJS) libhcall/libhcall.map
	$(Q)$(HOST_CC) -shared -pthread $(DOM0_LDFLAGS) -Wl,-soname,libhcall.so.$(LIBHCALL_SOVER) \
	    -Wl,--version-script=libhcall/libhcall.map -Wl,-z,defs \
	    -o $@ $(LIBHCALL_OBJS)
	$(Q)ln -sf libhcall.so.$(LIBHCALL_VERSION) $(LIBHCALL_OUT)/libhcall.so.$(LIBHCALL_SOVER)
	$(Q)ln -sf libhcall.so.$(LIBHCALL_SOVER) $(LIBHCALL_OUT)/libhcall.so

$(LIBHCALL_A): $(LIBHCALL_OBJS)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(LIBHCALL_PC): libhcall/hcall.pc.in libhcall/libhcall.mk
	@mkdir -p $(@D)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(LIBHCALL_VERSION)|g' $< > $@

# The library part of `make install` (install.mk, docs/install.md).
.PHONY: libhcall-install
libhcall-install: install-libhcall

-include $(LIBHCALL_OBJS:.o=.d)

# The device tests, fully static, for the dom0 initramfs.
LIBHCALL_TEST_STATIC := $(LIBHCALL_OUT)/test_libhcall.static
ALL_TARGETS += $(LIBHCALL_TEST_STATIC)
$(LIBHCALL_TEST_STATIC): tests/unit/harness.c tests/unit/test_libhcall.c $(LIBHCALL_A)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -D_GNU_SOURCE -pthread $(LIBHCALL_INC) -I$(ROOT)/tests/unit \
	    -static -o $@ tests/unit/harness.c tests/unit/test_libhcall.c $(LIBHCALL_A) -l:libcunit.a

# Freestanding build for guest kernels (libhcall/freestanding/hcall_guest.h:
# event channels, grants, the xenstore client, plus the shared wire core),
# with the hypervisor's flags. The library may need nothing from its
# environment but memcpy/memset/strlen (checked when it is archived).
LIBHCALL_FS_FLAGS := -std=gnu11 -ffreestanding -fno-pic -mno-red-zone -mno-sse \
                     -mcmodel=kernel -fno-stack-protector -O2 $(HOST_WARN) \
                     $(LIBHCALL_INC) -I$(ROOT)/libhcall/freestanding
LIBHCALL_FS_OUT   := $(LIBHCALL_OUT)/freestanding
LIBHCALL_FS_OBJ   := $(LIBHCALL_FS_OUT)/xs_msg.o
LIBHCALL_FS_OBJS  := $(LIBHCALL_FS_OBJ) $(patsubst libhcall/freestanding/%.c,\
                     $(LIBHCALL_FS_OUT)/%.o,$(wildcard libhcall/freestanding/*.c))
LIBHCALL_FS_LIB   := $(LIBHCALL_FS_OUT)/libhcall-guest.a
LIBHCALL_FS_HDRS  := libhcall/include/hcall/xs_msg.h libhcall/freestanding/hcall_guest.h
ALL_TARGETS += $(LIBHCALL_FS_LIB)

$(LIBHCALL_FS_OBJ): libhcall/src/xs_msg.c $(LIBHCALL_FS_HDRS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(LIBHCALL_FS_FLAGS) -c $< -o $@
$(LIBHCALL_FS_OUT)/%.o: libhcall/freestanding/%.c $(LIBHCALL_FS_HDRS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(LIBHCALL_FS_FLAGS) -c $< -o $@
# Linked together, the objects may leave only memcpy/memset/strlen undefined.
$(LIBHCALL_FS_LIB): $(LIBHCALL_FS_OBJS)
	$(Q)ld -r -o $@.o $^
	$(Q)undef=$$(nm -u $@.o | awk '{print $$2}' | grep -vxE 'memcpy|memset|strlen' || true); \
	    rm -f $@.o; if [ -n "$$undef" ]; then \
	        echo "libhcall: the freestanding build needs:" $$undef >&2; exit 1; fi
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

# The device tests go into the dom0 initramfs, run by dom0-store-check
# (dom0-tools/xenstored/rules.mk, tests/boot/cases/dom0-store.case).
DOM0_INITRD_EXTRA += $(LIBHCALL_TEST_STATIC)=/opt/xenolite/bin/test_libhcall
$(DOM0_INITRD): $(LIBHCALL_TEST_STATIC)
