/* SPDX-License-Identifier: GPL-2.0-only */
/* Hypercall plumbing for unit tests of batched sub-ops (fake_hcall.h). */
#include <stdarg.h>
#include <string.h>
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <asm/uaccess.h>
#include "fake_hcall.h"

unsigned int preempt_calls, preempt_at, cont_nr;
unsigned long cont_args[3];

bool hypercall_preempt_check(void)
{
    return ++preempt_calls == preempt_at;
}

long hypercall_create_continuation(unsigned int nr, unsigned int nargs, ...)
{
    va_list ap;

    cont_nr = nr;
    va_start(ap, nargs);
    for ( unsigned int i = 0; i < nargs && i < 3; i++ )
        cont_args[i] = va_arg(ap, unsigned long);
    va_end(ap);
    return -ERESTART;
}

unsigned long raw_copy_from_guest(void *dst, const void *src, size_t len)
{
    memcpy(dst, src, len);
    return 0;
}

unsigned long raw_copy_to_guest(void *dst, const void *src, size_t len)
{
    memcpy(dst, src, len);
    return 0;
}
