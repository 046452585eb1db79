# SPDX-License-Identifier: GPL-2.0-only
# Coverage-guided fuzz harnesses (tests/fuzz/README.md). Each harness
# tests/fuzz/fuzz_NAME.c is linked with the real sources listed below:
#   make fuzz FUZZ_SECONDS=N   libFuzzer (clang) for N seconds per harness;
#                              fails on any crash (kept in build/fuzz/crashes/)
#   make test / unit-test      replay each seed corpus tests/fuzz/corpus/NAME/
#                              once (host compiler + ASan/UBSan, no clang)
# Read after tests/unit/unit.mk: the source lists reuse its suites' variables.

FUZZ_NAMES   := xenstored xl libelf decompress x86_emulate page_type \
                save_stream
FUZZ_OUT     := $(BUILD)/fuzz
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := -std=gnu11 -O1 -g -Wall -Wextra -fno-omit-frame-pointer \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

# The real sources under test, one list per harness (fix paths here).
FUZZ_SRCS_xenstored   := tests/fuzz/fuzz_xs_check.c $(XSD_TEST_CORE)
FUZZ_SRCS_xl          := $(XL_LIB_SRCS)
FUZZ_SRCS_libelf      := xen/lib/libelf.c xen/lib/libelf-notes.c
FUZZ_SRCS_decompress  := $(sort $(wildcard xen/common/decompress/*.c)) xen/lib/decompress_format.c
FUZZ_SRCS_x86_emulate := tests/unit/fake_x86.c xen/arch/x86/x86_emulate.c \
                         xen/arch/x86/x86_emulate_decode.c \
                         xen/arch/x86/pv/emul-priv-decode.c
FUZZ_SRCS_page_type   := tests/unit/fake_mm.c $(PAGE_TYPE_SRCS)
FUZZ_SRCS_save_stream := dom0-tools/xl/save_stream.c dom0-tools/xl/save_pt.c

# Extra compiler flags / libraries per harness.
FUZZ_FLAGS_xenstored  := $(XSD_TEST_INC)
FUZZ_FLAGS_xl         := $(XL_CPPFLAGS)
FUZZ_LIBS_xl          := $(XL_LDLIBS)
FUZZ_DEPS_xl          := $(XL_RNG)
FUZZ_FLAGS_save_stream := -I$(ROOT)/dom0-tools/xl
FUZZ_LIBS_save_stream := -lz
FUZZ_LIBS_decompress  := -lz -llzma             # the reference decoders
# libFuzzer options per harness (make fuzz only).
FUZZ_OPTS_libelf      := -max_len=16384
FUZZ_OPTS_decompress  := -max_len=16384
FUZZ_OPTS_xl          := -max_len=8192
FUZZ_OPTS_save_stream := -max_len=65536

FUZZ_INC := $(UNIT_INC) -I$(ROOT)/tests/fuzz

# $(1) = harness name
define fuzz_harness
UNIT_TEST_PROGS += $(UNIT_OUT)/fuzz-$(1)-replay
$(UNIT_OUT)/fuzz-$(1)-replay: tests/fuzz/replay.c tests/fuzz/fatal.c \
        tests/fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1)) $(FUZZ_DEPS_$(1)) | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$$(Q)$$(call multi_deps,$$(HOST_CC) $$(TEST_CFLAGS) $(FUZZ_INC) $(FUZZ_FLAGS_$(1)),\
	    tests/fuzz/replay.c tests/fuzz/fatal.c tests/fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1)))
	$$(Q)$$(HOST_CC) $$(TEST_CFLAGS) $(FUZZ_INC) $(FUZZ_FLAGS_$(1)) \
	    -DFUZZ_NAME='"$(1)"' -DFUZZ_CORPUS='"$(ROOT)/tests/fuzz/corpus/$(1)"' \
	    tests/fuzz/replay.c tests/fuzz/fatal.c \
	    tests/fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1)) -o $$@ $$(TEST_LDFLAGS) \
	    $(FUZZ_LIBS_$(1))
-include $(UNIT_OUT)/fuzz-$(1)-replay.d

$(FUZZ_OUT)/bin/$(1): tests/fuzz/fatal.c tests/fuzz/fuzz_$(1).c \
        $(FUZZ_SRCS_$(1)) $(FUZZ_DEPS_$(1)) | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$$(Q)$$(call multi_deps,$$(FUZZ_CC) $$(FUZZ_CFLAGS) $(FUZZ_INC) $(FUZZ_FLAGS_$(1)),\
	    tests/fuzz/fatal.c tests/fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1)))
	$$(Q)$$(FUZZ_CC) $$(FUZZ_CFLAGS) $(FUZZ_INC) $(FUZZ_FLAGS_$(1)) \
	    tests/fuzz/fatal.c tests/fuzz/fuzz_$(1).c \
	    $(FUZZ_SRCS_$(1)) -o $$@ $(FUZZ_LIBS_$(1))
-include $(FUZZ_OUT)/bin/$(1).d
endef

$(foreach n,$(FUZZ_NAMES),$(eval $(call fuzz_harness,$(n))))

.PHONY: fuzz fuzz-build
fuzz-build: $(addprefix $(FUZZ_OUT)/bin/,$(FUZZ_NAMES))

# One harness at a time, niced; a crash fails the target after all ran.
# FUZZ_ONLY="xl libelf" runs a subset.
FUZZ_ONLY ?= $(FUZZ_NAMES)
fuzz: $(DEPS_STAMP) $(addprefix $(FUZZ_OUT)/bin/,$(FUZZ_ONLY))
	$(Q)rc=0; $(foreach n,$(FUZZ_ONLY),tests/fuzz/run.sh $(FUZZ_SECONDS) \
	    $(FUZZ_OUT) $(n) $(FUZZ_OPTS_$(n)) || rc=1;) exit $$rc
