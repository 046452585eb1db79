# SPDX-License-Identifier: GPL-2.0-only
# The builder's link libraries (Debian's decompressors), shared by rules.mk,
# xl's link and the unit test (tests/unit/suites/builder.mk).
XB_LIBS := -lz -lbz2 -llzma -llzo2 -llz4 -lzstd
