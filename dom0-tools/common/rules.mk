# SPDX-License-Identifier: GPL-2.0-only
# dom0-tools/common: sources every dom0 daemon compiles in (dom0_daemon.h):
# xenstored, xenconsoled here, qdisk and qnic in drivers/drivers.mk.
DOM0_COMMON_DIR  := dom0-tools/common
DOM0_COMMON_SRCS := $(addprefix $(DOM0_COMMON_DIR)/,notify.c logfile.c)
DOM0_COMMON_HDRS := $(DOM0_COMMON_DIR)/dom0_daemon.h
DOM0_COMMON_INC  := -I$(ROOT)/$(DOM0_COMMON_DIR)
