# SPDX-License-Identifier: GPL-2.0-only
# `make dom0-initrd-debian-xl`: the dom0 initramfs with Debian's own Xen 4.17
# toolstack added (xl as /usr/lib/xen-4.17/bin/xl, libxenlight, libxc and
# the shared libraries and dynamic loader they load; scripts/fetch-debian-xl.sh),
# next to everything build/dom0-initrd.gz holds (our xl stays /usr/sbin/xl,
# our xenstored and xenconsoled serve both). A file of its own, outside
# `make all` and `make test`: the reference runs of tests/dom0/debian-xl/.
# Included after every other fragment, so DOM0_INITRD_EXTRA is complete.

FETCH_DEBIAN_XL   := $(CACHE)/debian-xl/.ok
DOM0_INITRD_DEBXL := $(BUILD)/dom0-initrd-debian-xl.gz

.PHONY: dom0-initrd-debian-xl
dom0-initrd-debian-xl: $(DOM0_INITRD_DEBXL)

$(FETCH_DEBIAN_XL): scripts/fetch-debian-xl.sh
	$(Q)rm -f $@ && scripts/fetch-debian-xl.sh $(CACHE)

# Depends on the plain initramfs: every one of its inputs is then built.
$(DOM0_INITRD_DEBXL): $(DOM0_INITRD) $(FETCH_DEBIAN_XL) tests/dom0/debian-xl/debian-xl.mk
	$(Q)tests/dom0/mkinitrd.sh $@ $(CACHE)/linux $(DOM0_INITRD_EXTRA) \
	    $$(cat $(CACHE)/debian-xl/files)
