# SPDX-License-Identifier: GPL-2.0-only
# dom0 tools: each tool directory has its own rules.mk fragment.
include $(sort $(wildcard dom0-tools/*/rules.mk))
