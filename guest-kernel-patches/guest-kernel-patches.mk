# SPDX-License-Identifier: GPL-2.0-only
# Guest kernels of our own (guest-kernel-patches/README.md).
-include guest-kernel-patches/xlkernel/xlkernel.mk
