# libelf plus the decompressors (the Debian-kernel case unwraps a bzImage).
# UNIT_SRCROOT lets that case find build/cache/ whatever the working directory.
$(eval $(call unit_test,libelf,tests/unit/test_libelf.c xen/lib/libelf.c xen/lib/libelf-notes.c $(sort $(wildcard xen/common/decompress/*.c)) xen/lib/decompress_format.c,-DUNIT_SRCROOT='"$(ROOT)"'))
