# SPDX-License-Identifier: GPL-2.0-only
# The hypervisor command line (common/kernel.c): options by type, and the
# "placeholder" first word of grub's 20_linux_xen entries.
$(eval $(call unit_test,cmdline,tests/unit/test_cmdline.c xen/common/kernel.c xen/lib/parse.c))
