/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The C library functions lwIP uses beyond those of the guest runtime
 * (tests/guest/lib/string.c): strncmp (lwip_strnstr), memmove (lwip_itoa),
 * strtol (atoi in netif_find). No headers: their prototypes are the C
 * standard's, which <xt.h> does not declare.
 */
#include <stddef.h>

int strncmp(const char *a, const char *b, size_t n);
void *memmove(void *d, const void *s, size_t n);
long strtol(const char *s, char **end, int base);

int strncmp(const char *a, const char *b, size_t n)
{
    for ( ; n; n--, a++, b++ )
        if ( *a != *b || !*a )
            return (unsigned char)*a - (unsigned char)*b;
    return 0;
}

void *memmove(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;

    if ( dp < sp )
        while ( n-- )
            *dp++ = *sp++;
    else
        while ( n-- )
            dp[n] = sp[n];
    return d;
}

/* Bases 0, 8, 10 and 16; no overflow detection (lwIP parses small ids). */
long strtol(const char *s, char **end, int base)
{
    long v = 0;
    int neg = 0, dig;

    while ( *s == ' ' || *s == '\t' )
        s++;
    if ( *s == '-' || *s == '+' )
        neg = *s++ == '-';
    if ( (base == 0 || base == 16) && s[0] == '0' && (s[1] | 0x20) == 'x' )
    {
        base = 16;
        s += 2;
    }
    else if ( base == 0 )
        base = s[0] == '0' ? 8 : 10;
    for ( ;; s++ )
    {
        if ( *s >= '0' && *s <= '9' )
            dig = *s - '0';
        else if ( (*s | 0x20) >= 'a' && (*s | 0x20) <= 'z' )
            dig = (*s | 0x20) - 'a' + 10;
        else
            break;
        if ( dig >= base )
            break;
        v = v * base + dig;
    }
    if ( end )
        *end = (char *)s;
    return neg ? -v : v;
}
