# The boot-image decompressors and bzImage unwrapping. Cases compare with the
# host's gzip/xz (SKIP when missing) and with Debian's kernel when fetched;
# UNIT_SRCROOT lets them find build/cache/ whatever the working directory.
$(eval $(call unit_test,decompress,tests/unit/test_decompress.c $(sort $(wildcard xen/common/decompress/*.c)),-DUNIT_SRCROOT='"$(ROOT)"'))
