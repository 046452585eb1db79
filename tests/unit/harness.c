/* SPDX-License-Identifier: GPL-2.0-only */
/* main() for host unit tests: runs every UNIT_SUITE, prints PASS/FAIL lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <CUnit/Basic.h>
#include "harness.h"

static struct unit_suite *suites;

void unit_register(struct unit_suite *s)
{
    struct unit_suite **pp = &suites;

    while (*pp)                 /* keep declaration order */
        pp = &(*pp)->next;
    *pp = s;
}

static void on_complete(const CU_pTest test, const CU_pSuite suite,
                        const CU_pFailureRecord failures)
{
    if (!failures) {
        printf("PASS: %s/%s\n", suite->pName, test->pName);
        return;
    }
    printf("FAIL: %s/%s: %s:%u: %s\n", suite->pName, test->pName,
           failures->strFileName ? failures->strFileName : "?",
           failures->uiLineNumber,
           failures->strCondition ? failures->strCondition : "?");
}

/* Called by the shadowed xen/lib.h for BUG_ON/ASSERT/panic in code under test. */
void harness_fatal(const char *file, int line, const char *what)
{
    char msg[512];

    snprintf(msg, sizeof(msg), "hypervisor code hit %s", what);
    CU_assertImplementation(CU_FALSE, line, msg, file, "", CU_TRUE);
    /* Outside a running test CU_assertImplementation returns. */
    fprintf(stderr, "%s:%d: %s outside a test\n", file, line, what);
    abort();
}

int main(void)
{
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    for (struct unit_suite *s = suites; s; s = s->next) {
        CU_pSuite cs = CU_add_suite(s->name, s->init, s->clean);

        if (!cs)
            return 2;
        for (CU_TestInfo *t = s->cases; t->pName; t++)
            if (!CU_add_test(cs, t->pName, t->pTestFunc))
                return 2;
    }
    CU_set_test_complete_handler(on_complete);
    /* The basic runner would replace our handler: drive the registry directly. */
    CU_run_all_tests();
    printf("\n");
    CU_print_run_results(stdout);    /* CUnit's own "Run Summary" block */
    printf("\n");
    failed = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
