/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Number and string parsing helpers. Builds on the host too (unit tests), so
 * it only uses what the C library also provides.
 */
#include <xen/lib.h>

size_t strlcpy(char *d, const char *s, size_t n)
{
    size_t len = strlen(s);

    if ( n )
    {
        size_t c = len >= n ? n - 1 : len;

        memcpy(d, s, c);
        d[c] = '\0';
    }
    return len;
}

static int digit_value(char c)
{
    if ( c >= '0' && c <= '9' )
        return c - '0';
    if ( c >= 'a' && c <= 'z' )
        return c - 'a' + 10;
    if ( c >= 'A' && c <= 'Z' )
        return c - 'A' + 10;
    return 99;
}

/* base 0: "0x" prefix selects 16, a leading "0" selects 8, else 10. */
unsigned long simple_strtoul(const char *s, const char **end, unsigned int base)
{
    unsigned long v = 0;
    int d;

    if ( base == 0 )
    {
        if ( s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
             digit_value(s[2]) < 16 )
        {
            base = 16;
            s += 2;
        }
        else if ( s[0] == '0' )
            base = 8;
        else
            base = 10;
    }
    else if ( base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') )
        s += 2;

    while ( (d = digit_value(*s)) < (int)base )
    {
        v = v * base + d;
        s++;
    }
    if ( end )
        *end = s;
    return v;
}

/*
 * A size as Xen's command line writes it: "512M", "2G", "4096K", "100B".
 * A bare number is in KiB, as in Xen.
 */
unsigned long long parse_size_and_unit(const char *s, const char **end)
{
    unsigned long long v = simple_strtoul(s, &s, 0);

    switch ( *s )
    {
    case 'T': case 't':
        v <<= 10;
        /* fall through */
    case 'G': case 'g':
        v <<= 10;
        /* fall through */
    case 'M': case 'm':
        v <<= 10;
        /* fall through */
    case 'K': case 'k':
        v <<= 10;
        s++;
        break;
    case 'B': case 'b':
        s++;
        break;
    default:
        v <<= 10;
        break;
    }
    if ( end )
        *end = s;
    return v;
}
