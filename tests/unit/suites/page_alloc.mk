$(eval $(call unit_test,page_alloc,tests/unit/test_page_alloc.c xen/common/page_alloc.c))
