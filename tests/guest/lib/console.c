/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vsnprintf for the guest test kernels: %d %i %u %x %X %p %s %c %%, flags
 * '-' '0' '#', a field width, a %s precision, and the h/hh/l/ll/z length modifiers.
 */
#include <xt.h>

struct out { char *buf; size_t size, len; };

static void put(struct out *o, char c)
{
    if ( o->len + 1 < o->size )
        o->buf[o->len] = c;
    o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n,
                       int width, bool left, char pad)
{
    int fill = width > (int)n ? width - (int)n : 0;

    if ( !left )
        while ( fill-- > 0 )
            put(o, pad);
    while ( n-- )
        put(o, *s++);
    if ( left )
        while ( fill-- > 0 )
            put(o, ' ');
}

static void put_number(struct out *o, uint64_t v, bool neg, unsigned int base,
                       bool upper, const char *prefix, int width, bool left,
                       bool zero)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, plen = strlen(prefix) + neg, fill;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while ( v );

    fill = width - n - plen;
    if ( !left && !zero )
        for ( ; fill > 0; fill-- )
            put(o, ' ');
    if ( neg )
        put(o, '-');
    while ( *prefix )
        put(o, *prefix++);
    if ( !left && zero )
        for ( ; fill > 0; fill-- )
            put(o, '0');
    while ( n )
        put(o, tmp[--n]);
    if ( left )
        for ( ; fill > 0; fill-- )
            put(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };

    for ( ; *fmt; fmt++ )
    {
        bool left = false, zero = false, alt = false;
        int width = 0, lng = 0, prec = -1;

        if ( *fmt != '%' )
        {
            put(&o, *fmt);
            continue;
        }
        for ( ;; )
        {
            fmt++;
            if ( *fmt == '-' ) left = true;
            else if ( *fmt == '0' ) zero = true;
            else if ( *fmt == '#' ) alt = true;
            else break;
        }
        while ( *fmt >= '0' && *fmt <= '9' )
            width = width * 10 + (*fmt++ - '0');
        if ( *fmt == '.' )
            for ( prec = 0, fmt++; *fmt >= '0' && *fmt <= '9'; fmt++ )
                prec = prec * 10 + (*fmt - '0');
        for ( ;; fmt++ )
        {
            if ( *fmt == 'l' || *fmt == 'z' ) lng++;
            else if ( *fmt != 'h' ) break;
        }

        switch ( *fmt )
        {
        case 'd': case 'i':
        {
            int64_t v = lng ? va_arg(ap, long) : va_arg(ap, int);

            put_number(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10,
                       false, "", width, left, zero);
            break;
        }
        case 'u': case 'x': case 'X':
        {
            uint64_t v = lng ? va_arg(ap, unsigned long)
                             : va_arg(ap, unsigned int);
            unsigned int base = *fmt == 'u' ? 10 : 16;

            put_number(&o, v, false, base, *fmt == 'X',
                       alt && base == 16 ? "0x" : "", width, left, zero);
            break;
        }
        case 'p':
            put_number(&o, (uint64_t)va_arg(ap, void *), false, 16, false,
                       "0x", width, left, zero);
            break;
        case 's':
        {
            const char *s = va_arg(ap, const char *);

            if ( !s )
                s = "(null)";
            put_padded(&o, s, prec < 0 ? strlen(s) : strnlen(s, prec),
                       width, left, ' ');
            break;
        }
        case 'c':
        {
            char c = (char)va_arg(ap, int);

            put_padded(&o, &c, 1, width, left, ' ');
            break;
        }
        case '%':
            put(&o, '%');
            break;
        case '\0':
            fmt--;
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
            break;
        }
    }
    if ( size )
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
