/* SPDX-License-Identifier: GPL-2.0-only */
/* PASS:/FAIL: lines of the ABI test programs; main returns !!failures. */
#ifndef ABI_REPORT_H
#define ABI_REPORT_H

#include <stdio.h>

static int failures;

static void report(const char *name, int ok, const char *why)
{
    if (ok)
        printf("PASS: %s\n", name);
    else {
        printf("FAIL: %s: %s\n", name, why);
        failures++;
    }
}

#endif /* ABI_REPORT_H */
