# SPDX-License-Identifier: GPL-2.0-only
# Boot tests (tests/boot/runner.py, cases in tests/boot/cases/*.case), the
# Debian packages they boot (scripts/fetch-debian.sh) and the dom0 initramfs
# (tests/dom0/mkinitrd.sh). See docs/testing.md.

CACHE        := $(BUILD)/cache
FETCH_XEN    := $(CACHE)/.xen-ok
FETCH_LINUX  := $(CACHE)/.linux-ok
XEN_REF      := $(CACHE)/xen/boot/xen-4.17-amd64.gz
DOM0_KERNEL  := $(CACHE)/linux/vmlinuz
DOM0_INITRD  := $(BUILD)/dom0-initrd.gz
DOM0_CMDLINE ?= console=hvc0 earlyprintk=xen

# Later issues put their tools and test programs into the initramfs with
#   DOM0_INITRD_EXTRA += $(BUILD)/dom0-tools/xl=/usr/sbin/xl  (SRC[=DEST])
#   $(DOM0_INITRD): $(BUILD)/dom0-tools/xl
# (a file without =DEST lands in /opt/xenolite/bin, a directory's contents in
# /opt/xenolite; a script copied to /etc/init.d/NAME.sh runs at boot).
DOM0_INITRD_EXTRA ?=

.PHONY: fetch-debian run-xen
fetch-debian: $(FETCH_XEN) $(FETCH_LINUX)

# The script is idempotent (its own stamps); touch so make sees it done.
$(FETCH_XEN): scripts/fetch-debian.sh
	$(Q)scripts/fetch-debian.sh $(CACHE) xen && touch $@
$(FETCH_LINUX): scripts/fetch-debian.sh
	$(Q)scripts/fetch-debian.sh $(CACHE) linux && touch $@

# The unpacked files come with their stamp (for rules that name them).
$(XEN_REF): | $(FETCH_XEN) ;
$(DOM0_KERNEL): | $(FETCH_LINUX) ;

# The dom0 robustness programs (tests/dom0/*.c), static, in /opt/xenolite/bin.
DOM0_TEST_PROGS := $(patsubst tests/dom0/%.c,$(BUILD)/tests/dom0/%,$(wildcard tests/dom0/*.c))
$(BUILD)/tests/dom0/%: tests/dom0/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOST_CC) -std=gnu11 -O2 $(HOST_WARN) -static -o $@ $<
DOM0_INITRD_EXTRA += $(DOM0_TEST_PROGS) tests/dom0/dom0-hw-check.sh
# xenolite.dhcp=IF on dom0's command line: a lease at boot (`make run`).
DOM0_INITRD_EXTRA += tests/dom0/dhcp.sh=/etc/init.d/30-dhcp.sh
# pass/fail/wait_for for every dom0 check script (they source it).
DOM0_CHECK_LIB := tests/dom0/check-lib.sh
DOM0_INITRD_EXTRA += $(DOM0_CHECK_LIB)=/opt/xenolite/lib/check-lib.sh

# The Xen services (/etc/init.d/xencommons, installed by mkinitrd.sh) and
# the example guests of /etc/xen (tests/dom0/etc-xen): the busybox guest's
# initramfs, the hook that finds the Debian image on a disk of dom0.
GUEST_BUSYBOX_INITRD := $(BUILD)/tests/dom0/busybox-guest-initrd.gz
$(GUEST_BUSYBOX_INITRD): tests/dom0/guest/mkinitrd.sh tests/dom0/guest/init $(FETCH_LINUX) | $(DEPS_STAMP)
	$(Q)tests/dom0/guest/mkinitrd.sh $@ $(CACHE)/linux
DOM0_ETC_XEN := $(wildcard tests/dom0/etc-xen/*.cfg)
DOM0_INITRD_EXTRA += $(foreach f,$(DOM0_ETC_XEN),$(f)=/etc/xen/$(notdir $(f))) \
                     $(GUEST_BUSYBOX_INITRD)=/var/lib/xen/images/busybox-initrd.gz \
                     tests/dom0/guest-images.sh=/etc/init.d/30-guest-images.sh
$(DOM0_INITRD): $(DOM0_ETC_XEN) $(GUEST_BUSYBOX_INITRD) tests/dom0/guest-images.sh

$(DOM0_INITRD): tests/dom0/mkinitrd.sh tests/dom0/init tests/dom0/xencommons $(FETCH_LINUX) $(DOM0_TEST_PROGS) \
                $(DOM0_CHECK_LIB) tests/dom0/dom0-hw-check.sh tests/dom0/dhcp.sh | $(DEPS_STAMP)
	$(Q)tests/dom0/mkinitrd.sh $@ $(CACHE)/linux $(DOM0_INITRD_EXTRA)

# The disk of tests/boot/cases/dom0-hw.case: 16 MiB, each 512-byte sector
# naming itself (a sector read from the wrong place changes the hash).
DOM0_HW_DISK := $(BUILD)/dom0-hw-disk.img
$(DOM0_HW_DISK):
	$(Q)python3 -c 'import sys; sys.stdout.buffer.write(b"".join(("xenolite dom0-hw sector %08d\n" % i).encode().ljust(512, b".") for i in range(32768)))' > $@

ALL_TARGETS     += $(FETCH_XEN) $(FETCH_LINUX) $(DOM0_INITRD) $(DOM0_HW_DISK)
BOOT_TEST_CASES += $(sort $(wildcard tests/boot/cases/*.case))
# The runner's own test (fake QEMU, no boot): a host program like the others.
UNIT_TEST_PROGS += tests/boot/selftest.py
# The quick-start cases type the README's quick-start lines (no boot).
UNIT_TEST_PROGS += tests/boot/quickstart-lines.py

# `make run` / `make iso`: hypervisor + Debian kernel + initramfs. The quotes
# keep the kernel's command line one word when the recipe's shell splits it.
# xenolite.dhcp=eth0: dom0 asks QEMU's user network for an address at boot
# (tests/dom0/dhcp.sh; nothing happens with RUN_NIC=none).
RUN_MODULES := "$(DOM0_KERNEL)|$(DOM0_CMDLINE) xenolite.dhcp=eth0" "$(DOM0_INITRD)"
RUN_DEPS    := $(DOM0_KERNEL) $(DOM0_INITRD)

# `make run`'s hardware, owned by dom0 (scripts/qemu-run.sh checks them):
# RUN_MACHINE pc or q35; RUN_NIC e1000, e1000e, virtio-net-pci or none (on
# QEMU's user network); RUN_DISK a raw image as a virtio disk, none, or
# auto (the default): the Debian guest image of /etc/xen/debian.cfg, which
# the first `make run` builds (scripts/mkimage-debian.sh, once, into the
# cache; RUN_DEBIAN=0 skips it), so `make run` then `xl create -c
# /etc/xen/debian.cfg` reaches a Debian login; without the image a sparse
# 256 MiB build/run-disk.img (made once). scripts/qemu-run.sh resolves auto.
RUN_DISK_DEFAULT := $(BUILD)/run-disk.img
RUN_MACHINE ?= pc
RUN_NIC     ?= e1000
RUN_DISK    ?= auto
RUN_DEBIAN  ?= 1
RUN_DEBIAN_IMAGE := $(if $(filter 0,$(RUN_DEBIAN)),,$(CACHE)/debian-bookworm/rootfs.img)
RUN_SCRATCH_DISK := $(RUN_DISK_DEFAULT)
export RUN_MACHINE RUN_NIC RUN_DISK RUN_DEBIAN_IMAGE RUN_SCRATCH_DISK
$(RUN_DISK_DEFAULT):
	$(Q)truncate -s 256M $@
# The guest image for `make run` (not a hard dependency: without network
# or root, make run still boots, with the scratch disk, and says so).
.PHONY: run-guest-image
run-guest-image: | $(DEPS_STAMP)
	$(Q)if [ "$(RUN_DEBIAN)" != 0 ] && [ "$(RUN_DISK)" = auto ] && \
	    [ ! -f $(CACHE)/debian-bookworm/.ok ]; then \
	    echo "make run: building the Debian guest image of /etc/xen/debian.cfg" \
	         "once (mmdebstrap, about 300 MB of downloads, some minutes;" \
	         "RUN_DEBIAN=0 skips it)"; \
	    scripts/mkimage-debian.sh $(CACHE)/debian-bookworm || \
	    echo "make run: warning: no Debian guest image (see above): dom0 gets" \
	         "the scratch disk and /etc/xen/debian.cfg will not start;" \
	         "fix the cause and run make run-debian"; \
	fi
run: | run-guest-image
# Order-only: the guest writes the disk, which must not rebuild the ISO.
run run-xen: | $(RUN_DISK_DEFAULT)

# `make run-xen`: the same dom0 on the reference, Debian's Xen 4.17.
# -cpu max,-smap: see DEFAULT_CPU in tests/boot/runner.py.
XEN_REF_CMDLINE ?= console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all \
                   dom0_mem=$(DOM0_MEM),max:$(DOM0_MEM) dom0_max_vcpus=$(DOM0_VCPUS)
$(BUILD)/xen-4.17.iso: $(DEPS_STAMP) $(FETCH_XEN) $(RUN_DEPS) scripts/mkiso.sh
	$(Q)scripts/mkiso.sh $@ "$(XEN_REF)|$(XEN_REF_CMDLINE)" $(RUN_MODULES)
run-xen: $(BUILD)/xen-4.17.iso
	$(Q)scripts/qemu-run.sh $< $(SMP) $(MEM) -cpu max,-smap -no-reboot

# `make drivers-test` (not in `make test` yet): the long end-to-end cases of
# PV disks and NICs made by xl (tests/boot/long/: dom0-blk, dom0-net), each a
# Linux DomU driven through its command loop on both hypervisors. They take
# 10-25 minutes each and are not green on every run yet (docs/status.md);
# `make test` covers the same back ends with dom0-qdisk, dom0-qnic and
# dom0-xlkernel (xl disk= with both back ends).
DRIVERS_TEST_CASES := $(sort $(wildcard tests/boot/long/*.case))
.PHONY: drivers-test
drivers-test: $(DEPS_STAMP) $(ALL_TARGETS)
	$(Q)$(PYTHON) tests/boot/runner.py --times $(DRIVERS_TEST_CASES)

# The Debian guest of /etc/xen/debian.cfg (scripts/mkimage-debian.sh: an
# ext4 image of bookworm made with mmdebstrap, its kernel and initrd; built
# once into the cache and reused). `make run-debian` boots `make run`'s
# machine with the image as dom0's virtio disk /dev/vda in place of
# RUN_DISK (the guest writes to it: it is the user's disk; with RUN_DISK
# too it would be vdb, which debian.cfg does not name); `make
# quickstart-test` types the README's Debian quick start
# (tests/boot/quickstart/debian.case; on a copy-on-write snapshot of the
# image). Neither is part of `make test`.
DEBIAN_IMAGE_DIR := $(CACHE)/debian-bookworm
DEBIAN_IMAGE     := $(DEBIAN_IMAGE_DIR)/.ok
$(DEBIAN_IMAGE): | $(DEPS_STAMP)
	$(Q)scripts/mkimage-debian.sh $(DEBIAN_IMAGE_DIR)
.PHONY: run-debian quickstart-test
run-debian: $(BUILD)/xenolite.iso $(DEBIAN_IMAGE)
	$(Q)RUN_DISK=$(DEBIAN_IMAGE_DIR)/rootfs.img scripts/qemu-run.sh $< $(SMP) $(MEM)
# QUICKSTART_HV: the hypervisors it boots. Xenolite by default: on Xen 4.17
# the guest's systemd hits the reference's known fault under TCG (PID 1
# froze before the login on 2026-12-07; docs/quickstart.md).
QUICKSTART_HV ?= xenolite
quickstart-test: $(DEPS_STAMP) $(ALL_TARGETS) $(DEBIAN_IMAGE)
	$(Q)$(PYTHON) tests/boot/runner.py --times \
	    $(addprefix --hv ,$(QUICKSTART_HV)) tests/boot/quickstart/debian.case
