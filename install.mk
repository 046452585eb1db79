# SPDX-License-Identifier: GPL-2.0-only
# Installing Xenolite like Xen (docs/install.md). Included by the Makefile
# before the component fragments, so the dom0 build flags below reach them.
#
#   make install DESTDIR=... PREFIX=/usr   the layout docs/install.md lists
#   make deb                               Debian packages (debian/) into build/deb/
#   make install-test                      tests/install: a Debian disk booted through GRUB
#
# Everything built for dom0 (libhcall, the tools, the back ends) takes
# Debian's hardening (stack protector, FORTIFY, RELRO/BIND_NOW; gcc builds
# PIE by default) plus CPPFLAGS/CFLAGS/LDFLAGS from the environment, as
# dpkg-buildflags exports them. The hypervisor and guest kernels keep their
# freestanding flags.

XENOLITE_VERSION := $(shell sed -n 's/^\#define XENOLITE_VERSION *"\(.*\)"/\1/p' \
                      xen/arch/x86/include/asm/config.h)
DOM0_HARDEN_CFLAGS  := -fstack-protector-strong -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2
DOM0_HARDEN_LDFLAGS := -Wl,-z,relro -Wl,-z,now
# Linker flags also go on every dom0 compile line: most tools compile and
# link in one command (gcc ignores -Wl, options with -c).
DOM0_LDFLAGS := $(DOM0_HARDEN_LDFLAGS) $(LDFLAGS)
HOST_CFLAGS  += -DXENOLITE_VERSION='"$(XENOLITE_VERSION)"' $(DOM0_HARDEN_CFLAGS) \
                $(CPPFLAGS) $(CFLAGS) $(DOM0_LDFLAGS)

# Install locations (GNU names; Debian's multiarch libdir).
PREFIX        ?= /usr/local
DEB_MULTIARCH := $(shell dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || \
                   $(HOST_CC) -print-multiarch)
BINDIR        ?= $(PREFIX)/bin
SBINDIR       ?= $(PREFIX)/sbin
LIBDIR        ?= $(PREFIX)/lib/$(DEB_MULTIARCH)
LIBEXECDIR    ?= $(PREFIX)/lib/xenolite
INCLUDEDIR    ?= $(PREFIX)/include
MANDIR        ?= $(PREFIX)/share/man
DOCDIR        ?= $(PREFIX)/share/doc/xenolite
BASHCOMPDIR   ?= $(PREFIX)/share/bash-completion/completions
SYSCONFDIR    ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
UNITDIR       ?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)
TMPFILESDIR   ?= $(PREFIX)/lib/tmpfiles.d
MODULESLOADDIR ?= $(PREFIX)/lib/modules-load.d
BOOTDIR       ?= /boot
# The symbol file stays out of /boot: grub's 20_linux_xen makes an entry of
# every /boot/xen* file (it skips only xen-syms-*), as Xen installs its own.
DEBUGDIR      ?= $(PREFIX)/lib/debug/boot

DIST_OUT := $(BUILD)/dist
# What `make install` builds (literal paths: the fragments come later).
INSTALL_BINS := $(BUILD)/dom0-tools/xl/xl $(BUILD)/dom0-tools/xenstored/xenstored \
    $(BUILD)/dom0-tools/xenconsoled/xenconsoled $(BUILD)/drivers/qdisk $(BUILD)/drivers/qnic
INSTALL_LIB  := $(BUILD)/libhcall/libhcall.so.1.0.0 $(BUILD)/libhcall/libhcall.a
INSTALL_HV   := $(BUILD)/xenolite $(BUILD)/xen-syms

# The xenstore client, linked against the shared libhcall without the
# build tree's rpath (the installed one finds libhcall.so.1 in LIBDIR).
$(DIST_OUT)/xs: dom0-tools/xenstored/xs.c $(BUILD)/libhcall/libhcall.so.1.0.0 | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -D_GNU_SOURCE -I$(ROOT)/libhcall/include -o $@ $< \
	    -L$(BUILD)/libhcall -lhcall

# hcall.pc for the install prefix.
$(DIST_OUT)/hcall.pc: libhcall/hcall.pc.in FORCE
	@mkdir -p $(@D)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(LIBHCALL_VERSION)|g' $< > $@.tmp
	$(Q)cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

.PHONY: install install-hypervisor install-tools install-libhcall install-dist FORCE
FORCE:
install: install-hypervisor install-tools install-libhcall install-dist

install-hypervisor: $(INSTALL_HV)
	install -d $(DESTDIR)$(BOOTDIR) $(DESTDIR)$(DEBUGDIR)
	install -m 644 $(BUILD)/xenolite $(DESTDIR)$(BOOTDIR)/xenolite-$(XENOLITE_VERSION)
	install -m 644 $(BUILD)/xen-syms $(DESTDIR)$(DEBUGDIR)/xenolite-syms-$(XENOLITE_VERSION)

install-tools: $(INSTALL_BINS) $(DIST_OUT)/xs
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR)
	install -m 755 $(INSTALL_BINS) $(DESTDIR)$(SBINDIR)/
	install -m 755 $(DIST_OUT)/xs $(DESTDIR)$(BINDIR)/xs

install-libhcall: $(INSTALL_LIB) $(DIST_OUT)/hcall.pc
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/xenolite/hcall \
	    $(DESTDIR)$(INCLUDEDIR)/xenolite/public
	install -m 644 $(INSTALL_LIB) $(DESTDIR)$(LIBDIR)/
	ln -sf libhcall.so.1.0.0 $(DESTDIR)$(LIBDIR)/libhcall.so.1
	ln -sf libhcall.so.1 $(DESTDIR)$(LIBDIR)/libhcall.so
	install -m 644 libhcall/include/hcall.h $(DESTDIR)$(INCLUDEDIR)/xenolite/
	install -m 644 libhcall/include/hcall/*.h $(DESTDIR)$(INCLUDEDIR)/xenolite/hcall/
	cd xen/include && find public -name '*.h' -exec install -D -m 644 {} \
	    $(DESTDIR)$(INCLUDEDIR)/xenolite/{} \;
	install -m 644 $(DIST_OUT)/hcall.pc $(DESTDIR)$(LIBDIR)/pkgconfig/

# Service units, init scripts, man pages, completion, GRUB (dist/, man/).
install-dist:
	$(Q)DESTDIR='$(DESTDIR)' PREFIX='$(PREFIX)' SBINDIR='$(SBINDIR)' \
	    LIBEXECDIR='$(LIBEXECDIR)' MANDIR='$(MANDIR)' BASHCOMPDIR='$(BASHCOMPDIR)' \
	    SYSCONFDIR='$(SYSCONFDIR)' UNITDIR='$(UNITDIR)' DOCDIR='$(DOCDIR)' \
	    TMPFILESDIR='$(TMPFILESDIR)' MODULESLOADDIR='$(MODULESLOADDIR)' \
	    XENOLITE_VERSION='$(XENOLITE_VERSION)' dist/install-dist.sh

# Debian packages (debian/): xenolite-hypervisor, xenolite-utils, libhcall1,
# libhcall-dev (+ -dbgsym), the .buildinfo and .changes, all in build/debs/.
DEBS_OUT := $(ROOT)/$(BUILD)/debs
# The tree the packages come from: HEAD's tree, the diff to it and the
# untracked files (outside a git checkout, only the constant: install-test
# then always rebuilds, as it also checks for a commit).
DEBS_KEY_CMD = { git rev-parse 'HEAD^{tree}' && git diff HEAD && \
    git ls-files -o --exclude-standard -z | xargs -0 -r sha256sum; } 2>/dev/null | \
    sha256sum | cut -c1-16
.PHONY: deb
deb: $(DEPS_STAMP)
	rm -rf $(DEBS_OUT) && mkdir -p $(DEBS_OUT)
	$(DEBS_KEY_CMD) > $(DEBS_OUT)/.tree-key.new
	DEB_OUT=$(DEBS_OUT) dpkg-buildpackage -b -us -uc \
	    --buildinfo-option=-u$(DEBS_OUT) --changes-option=-u$(DEBS_OUT) \
	    --buildinfo-file=$(DEBS_OUT)/xenolite_$(XENOLITE_VERSION)_amd64.buildinfo \
	    --changes-file=$(DEBS_OUT)/xenolite_$(XENOLITE_VERSION)_amd64.changes
	lintian --fail-on error $(DEBS_OUT)/*.changes
	mv $(DEBS_OUT)/.tree-key.new $(DEBS_OUT)/.tree-key

# Host checks of the install (make test, tests/install/host-install.sh): the
# layout and the .pc/--version, each a test program with ROOT/BUILD baked in.
INSTALL_TEST_OUT := $(BUILD)/tests/install
INSTALL_TESTS    := $(INSTALL_TEST_OUT)/install-layout $(INSTALL_TEST_OUT)/install-pc-version
UNIT_TEST_PROGS  += $(INSTALL_TESTS)
$(INSTALL_TEST_OUT)/install-%: tests/install/host-install.sh $(INSTALL_BINS) $(INSTALL_LIB) $(INSTALL_HV)
	@mkdir -p $(@D)
	$(Q)printf '#!/bin/sh\nROOT=%s BUILD=%s VERSION=%s MA=%s exec %s %s\n' '$(ROOT)' \
	    '$(BUILD)' '$(XENOLITE_VERSION)' '$(DEB_MULTIARCH)' '$(ROOT)/$<' '$*' > $@
	$(Q)chmod +x $@

# The install test (tests/install/README.md): a bookworm disk image with our
# packages and the busybox example guest, booted through GRUB into Xenolite
# with that Debian as dom0. The packages are rebuilt (make deb) only when the
# tree changed since the last build (DEBS_KEY_CMD, written by make deb to
# build/debs/.tree-key).
.PHONY: install-test
install-test: $(DEPS_STAMP) $(BUILD)/tests/dom0/busybox-guest-initrd.gz $(BUILD)/cache/.linux-ok
	$(Q)key=$$($(DEBS_KEY_CMD)); \
	if git rev-parse -q --verify HEAD >/dev/null 2>&1 && ls $(DEBS_OUT)/*.changes >/dev/null 2>&1 && \
	   [ "$$key" = "$$(cat $(DEBS_OUT)/.tree-key 2>/dev/null)" ]; then \
	    echo "install-test: the packages of this tree are in $(DEBS_OUT) (key $$key)"; \
	else \
	    $(MAKE) deb; \
	fi
	$(Q)tests/install/install-test.sh $(BUILD) $(DEBS_OUT) $(BUILD)/cache
