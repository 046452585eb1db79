# SPDX-License-Identifier: GPL-2.0-only
# ABI tests for xen/include/public.
#
# 1. Every public header must compile when included alone, both as C99
#    (-pedantic) and as C++11. One stamp per header under
#    $(BUILD)/tests/abi/alone/; a failing header stops the build here.
# 2. $(BUILD)/tests/abi/abi-layout pins sizeof/offsetof of every structure
#    that crosses the guest boundary with _Static_assert (a wrong layout is
#    a compile error) and, when run, prints one PASS line per header that
#    compiled alone and per checked header group, plus runtime checks of
#    the ring macros and the X-macro lists.
# 3. $(BUILD)/tests/abi/abi-hypercalls checks the hypercall list and the
#    guest wrappers expanded from it (public/hypercall-defs.h).

ABI_OUT      := $(BUILD)/tests/abi
HOST_CXX     ?= g++
ABI_PUB      := xen/include/public
ABI_HEADERS  := $(sort $(patsubst $(ABI_PUB)/%,%,$(shell find $(ABI_PUB) -name '*.h')))
ABI_STAMPS   := $(patsubst %,$(ABI_OUT)/alone/%.ok,$(ABI_HEADERS))
ABI_C_FLAGS  := -std=c99 -pedantic -Wall -Wextra -Werror -I$(ROOT)/xen/include
ABI_CXX_FLAGS := -std=c++11 -pedantic -Wall -Wextra -Werror -I$(ROOT)/xen/include

UNIT_TEST_PROGS += $(ABI_OUT)/abi-layout $(ABI_OUT)/abi-hypercalls

# Any public header change re-checks every header (they include each other).
$(ABI_OUT)/alone/%.ok: $(ABI_PUB)/% $(addprefix $(ABI_PUB)/,$(ABI_HEADERS)) tests/abi/abi.mk
	@mkdir -p $(@D)
	$(Q)printf '#include <public/%s>\nint abi_alone_check;\n' '$*' | \
	    $(HOST_CC) $(ABI_C_FLAGS) -x c -fsyntax-only - || \
	    { echo "abi: public/$* does not compile alone as C99" >&2; exit 1; }
	$(Q)printf '#include <public/%s>\nint abi_alone_check;\n' '$*' | \
	    $(HOST_CXX) $(ABI_CXX_FLAGS) -x c++ -fsyntax-only - || \
	    { echo "abi: public/$* does not compile alone as C++11" >&2; exit 1; }
	$(Q)touch $@

# The list of headers that compiled alone, for the test program to report.
$(ABI_OUT)/abi-headers.inc: $(ABI_STAMPS)
	@mkdir -p $(@D)
	$(Q)printf 'ABI_HEADER("%s")\n' $(ABI_HEADERS) > $@

$(ABI_OUT)/abi-layout: tests/abi/layout.c tests/abi/report.h \
                       $(ABI_OUT)/abi-headers.inc \
                       $(addprefix $(ABI_PUB)/,$(ABI_HEADERS)) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(TEST_CFLAGS) -I$(ROOT)/xen/include -I$(ABI_OUT) \
	    tests/abi/layout.c -o $@ $(TEST_LDFLAGS)

$(ABI_OUT)/abi-hypercalls: tests/abi/hypercalls.c tests/abi/report.h \
                           $(addprefix $(ABI_PUB)/,$(ABI_HEADERS)) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(TEST_CFLAGS) -I$(ROOT)/xen/include tests/abi/hypercalls.c \
	    -o $@ $(TEST_LDFLAGS)
