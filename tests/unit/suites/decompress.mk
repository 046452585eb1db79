# The boot-image decompressors and bzImage unwrapping. Cases compare with the
# host's gzip/xz (SKIP when missing) and with Debian's kernel when fetched;
# UNIT_SRCROOT lets them find build/cache/ whatever the working directory.
$(eval $(call unit_test,decompress,tests/unit/test_decompress.c tests/unit/host_tool.c $(sort $(wildcard xen/common/decompress/*.c)) xen/lib/decompress_format.c,-DUNIT_SRCROOT='"$(ROOT)"'))
