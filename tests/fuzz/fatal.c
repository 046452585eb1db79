/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fatal ends for the fuzz harnesses: a broken invariant, or BUG_ON/ASSERT/
 * panic in hypervisor code under test (the shadow xen/lib.h calls
 * harness_fatal), print where and abort() so the input is kept as a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include "fuzz.h"

void harness_fatal(const char *file, int line, const char *what);

void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, what);
    abort();
}

void harness_fatal(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: hypervisor code hit %s\n", file, line, what);
    abort();
}
