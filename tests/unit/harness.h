/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CUnit harness for host unit tests of real hypervisor and tool sources.
 *
 * A test file defines its cases and registers a suite:
 *
 *   static void test_x(void) { CU_ASSERT_EQUAL(f(1), 2); }
 *   static CU_TestInfo cases[] = { { "x", test_x }, CU_TEST_INFO_NULL };
 *   UNIT_SUITE("name", NULL, NULL, cases);
 *
 * harness.c provides main(): it runs every registered suite and prints one
 * "PASS: suite/case" or "FAIL: suite/case: why" line per case, then CUnit's
 * summary. In hypervisor code under test, ASSERT/BUG_ON fail the current case.
 */
#ifndef UNIT_HARNESS_H
#define UNIT_HARNESS_H

#include <CUnit/CUnit.h>

struct unit_suite {
    const char *name;
    CU_InitializeFunc init;
    CU_CleanupFunc clean;
    CU_TestInfo *cases;
    struct unit_suite *next;
};

void unit_register(struct unit_suite *s);

#define UNIT_SUITE(_name, _init, _clean, _cases)                        \
    static struct unit_suite _unit_suite_ = { _name, _init, _clean, _cases, 0 }; \
    __attribute__((constructor)) static void _unit_suite_ctor_(void)     \
    { unit_register(&_unit_suite_); }

#endif /* UNIT_HARNESS_H */
