/* SPDX-License-Identifier: GPL-2.0-only */
/* Memory and string primitives for the freestanding hypervisor. */
#include <xen/lib.h>

/*
 * memset, memcpy and forward memmove work a qword at a time (`rep stosq`,
 * `rep movsq`, then the tail bytes), as usercopy.c does for guest copies:
 * byte loops made every grant copy (GNTTABOP_copy: a page per segment, the
 * whole payload of a user-space net or block back end) and every page
 * clear cost eight times the steps, which under QEMU's TCG is most of
 * their time. DF is clear in the hypervisor (every entry path does `cld`).
 */
void *memset(void *s, int c, size_t n)
{
    void *d = s;
    size_t qwords = n / 8, tail = n % 8;
    unsigned long pattern = 0x0101010101010101UL * (unsigned char)c;

    asm volatile ( "rep stosq"
                   : "+D" (d), "+c" (qwords) : "a" (pattern) : "memory" );
    asm volatile ( "rep stosb"
                   : "+D" (d), "+c" (tail) : "a" (pattern) : "memory" );
    return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
    void *dp = d;
    size_t qwords = n / 8, tail = n % 8;

    asm volatile ( "rep movsq"
                   : "+D" (dp), "+S" (s), "+c" (qwords) :: "memory" );
    asm volatile ( "rep movsb"
                   : "+D" (dp), "+S" (s), "+c" (tail) :: "memory" );
    return d;
}

/* Forward copies go through memcpy; an overlap with d above s goes back. */
void *memmove(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;

    if ( dp <= sp || dp >= sp + n )
        return memcpy(d, s, n);
    while ( n-- )
        dp[n] = sp[n];
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *pa = a, *pb = b;

    for ( ; n; n--, pa++, pb++ )
        if ( *pa != *pb )
            return *pa - *pb;
    return 0;
}

size_t strlen(const char *s)
{
    const char *p = s;

    while ( *p )
        p++;
    return p - s;
}

size_t strnlen(const char *s, size_t n)
{
    size_t i = 0;

    while ( i < n && s[i] )
        i++;
    return i;
}

int strcmp(const char *a, const char *b)
{
    while ( *a && *a == *b )
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for ( ; n; n--, a++, b++ )
    {
        if ( *a != *b )
            return (unsigned char)*a - (unsigned char)*b;
        if ( !*a )
            break;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for ( ; *s; s++ )
        if ( *s == (char)c )
            return (char *)s;
    return c ? NULL : (char *)s;
}

char *strstr(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for ( ; *hay; hay++ )
        if ( !strncmp(hay, needle, n) )
            return (char *)hay;
    return n ? NULL : (char *)hay;
}
