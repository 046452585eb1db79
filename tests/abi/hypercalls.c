/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checks expanded from the hypercall list (public/hypercall-defs.h): every
 * number is Xen's slot in range and used once, every handled hypercall
 * takes at most the five register arguments, and every guest wrapper
 * (XEN_HC_GUEST_WRAPPER) passes its own number and its arguments in order.
 * Xen's numbers themselves are pinned independently in layout.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <public/xen.h>

#include "report.h"

/* Static checks, one per list line. */
#define CHECK_H(name, nr, nargs, types)                                     \
    _Static_assert(__HYPERVISOR_##name == (nr) && (nr) < XEN_NR_HYPERCALLS  \
                   && (nargs) <= 5, #name ": bad number or argument count");
#define CHECK_N(name, nr)                                                   \
    _Static_assert(__HYPERVISOR_##name == (nr) && (nr) < XEN_NR_HYPERCALLS, \
                   #name ": bad number");
XEN_HYPERCALL_LIST(CHECK_H, CHECK_N)


/* A transport that records what a wrapper asked for. */
static unsigned long seen[6];

static long record(unsigned long nr, unsigned long a1, unsigned long a2,
                   unsigned long a3, unsigned long a4, unsigned long a5)
{
    seen[0] = nr;
    seen[1] = a1;
    seen[2] = a2;
    seen[3] = a3;
    seen[4] = a4;
    seen[5] = a5;
    return -38;
}

#define XEN_HC_PTR const volatile void *
#define WRAP(name, nr, nargs, types) \
    XEN_HC_GUEST_WRAPPER(test_, (), record, name, nr, nargs, types)
XEN_HYPERCALL_LIST(WRAP, XEN_HC_SKIP_N)

/* Argument i is 0x100 + i, whatever its type. */
#define ARG(t, i) (t)(uintptr_t)(0x100 + (i))
#define TEST_ARGS1(t1)                  ARG(t1, 1)
#define TEST_ARGS2(t1, t2)              ARG(t1, 1), ARG(t2, 2)
#define TEST_ARGS3(t1, t2, t3)          ARG(t1, 1), ARG(t2, 2), ARG(t3, 3)
#define TEST_ARGS4(t1, t2, t3, t4) \
    ARG(t1, 1), ARG(t2, 2), ARG(t3, 3), ARG(t4, 4)

static int args_ok(unsigned long nr, unsigned int nargs)
{
    int ok = seen[0] == nr;
    unsigned int i;

    for (i = 1; i <= 5; i++)
        ok &= seen[i] == (i <= nargs ? 0x100 + i : 0);
    return ok;
}

#define CALL_H(name, nr, nargs, types) CALL_##nargs(name, nr, nargs, types)
#define CALL_0(name, nr, nargs, types)
#define CALL_N(name, nr, nargs, types)                                      \
    memset(seen, 0xff, sizeof(seen));                                       \
    ok &= test_##name(TEST_ARGS##nargs types) == -38 && args_ok(nr, nargs);
#define CALL_1 CALL_N
#define CALL_2 CALL_N
#define CALL_3 CALL_N
#define CALL_4 CALL_N

static void test_wrappers(void)
{
    int ok = 1;

    XEN_HYPERCALL_LIST(CALL_H, XEN_HC_SKIP_N)
    report("abi/hypercall-defs.h: guest wrappers pass number and arguments",
           ok, "a wrapper passed a wrong number or argument");
}

static void test_numbers(void)
{
    static const struct { const char *name; int nr; } hc[] = {
#define ENTRY_H(name, nr, nargs, types) { #name, nr },
#define ENTRY_N(name, nr) { #name, nr },
        XEN_HYPERCALL_LIST(ENTRY_H, ENTRY_N)
    };
    size_t i, j;
    /* Xen 4.17 numbers 0..42 but 11, and 48..55. */
    int ok = sizeof(hc) / sizeof(hc[0]) == 50;

    for (i = 0; i < sizeof(hc) / sizeof(hc[0]); i++)
        for (j = 0; j < i; j++)
            ok &= hc[i].nr != hc[j].nr && strcmp(hc[i].name, hc[j].name);
    report("abi/hypercall-defs.h: each number and name listed once", ok,
           "duplicate or missing hypercall");
}

int main(void)
{
    test_numbers();
    test_wrappers();
    return failures ? 1 : 0;
}
