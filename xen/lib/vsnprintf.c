/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small vsnprintf: %d %i %u %x %X %o %p %s %c %%, with flags '-', '0', '#',
 * ' ', '+', field width and precision (also '*'), and the length modifiers
 * hh h l ll z t j. Always NUL-terminates when size > 0; returns the length the
 * full output would have had.
 */
#include <xen/lib.h>

struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, char c)
{
    if ( o->len + 1 < o->size )
        o->buf[o->len] = c;
    o->len++;
}

static void put_str(struct out *o, const char *s, int width, int prec, bool left)
{
    int n = prec >= 0 ? (int)strnlen(s, prec) : (int)strlen(s);

    for ( ; !left && width > n; width-- )
        put(o, ' ');
    for ( int i = 0; i < n; i++ )
        put(o, s[i]);
    for ( ; left && width > n; width-- )
        put(o, ' ');
}

static void put_num(struct out *o, unsigned long long v, bool neg,
                    unsigned int base, bool upper, int width, int prec,
                    char flag_sign, bool left, bool zero, bool alt)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, pad;
    const char *prefix = "";

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while ( v );
    if ( prec == 0 && n == 1 && tmp[0] == '0' )
        n = 0;
    if ( alt && base == 16 )
        prefix = upper ? "0X" : "0x";
    else if ( alt && base == 8 && (n == 0 || tmp[n - 1] != '0') )
        prefix = "0";

    pad = (prec > n ? prec : n) + (int)strlen(prefix) + (neg || flag_sign);
    if ( !left && !(zero && prec < 0) )
        for ( ; width > pad; width-- )
            put(o, ' ');
    if ( neg )
        put(o, '-');
    else if ( flag_sign )
        put(o, flag_sign);
    for ( ; *prefix; prefix++ )
        put(o, *prefix);
    if ( !left && zero && prec < 0 )
        for ( ; width > pad; width-- )
            put(o, '0');
    for ( int i = n; i < prec; i++ )
        put(o, '0');
    while ( n )
        put(o, tmp[--n]);
    for ( ; left && width > pad; width-- )
        put(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };

    for ( ; *fmt; fmt++ )
    {
        bool left = false, zero = false, alt = false;
        char sign = 0;
        int width = 0, prec = -1, lng = 0;
        unsigned long long u;
        long long s;

        if ( *fmt != '%' )
        {
            put(&o, *fmt);
            continue;
        }

        for ( ;; )
        {
            switch ( *++fmt )
            {
            case '-': left = true; continue;
            case '0': zero = true; continue;
            case '#': alt = true; continue;
            case '+': sign = '+'; continue;
            case ' ': if ( !sign ) sign = ' '; continue;
            }
            break;
        }
        if ( *fmt == '*' )
        {
            width = va_arg(ap, int);
            if ( width < 0 )
            {
                left = true;
                width = -width;
            }
            fmt++;
        }
        else
            while ( *fmt >= '0' && *fmt <= '9' )
                width = width * 10 + (*fmt++ - '0');
        if ( *fmt == '.' )
        {
            prec = 0;
            if ( *++fmt == '*' )
            {
                prec = va_arg(ap, int);
                fmt++;
            }
            else
                while ( *fmt >= '0' && *fmt <= '9' )
                    prec = prec * 10 + (*fmt++ - '0');
        }
        for ( ;; fmt++ )
        {
            if ( *fmt == 'l' || *fmt == 'z' || *fmt == 't' || *fmt == 'j' )
                lng++;
            else if ( *fmt == 'h' )
                lng--;
            else
                break;
        }

        switch ( *fmt )
        {
        case 'd': case 'i':
            if ( lng >= 1 )
                s = lng >= 2 ? va_arg(ap, long long) : va_arg(ap, long);
            else
                s = va_arg(ap, int);
            if ( lng == -1 )
                s = (short)s;
            else if ( lng <= -2 )
                s = (signed char)s;
            u = s < 0 ? -(unsigned long long)s : (unsigned long long)s;
            put_num(&o, u, s < 0, 10, false, width, prec, sign, left, zero, false);
            break;
        case 'u': case 'x': case 'X': case 'o':
            if ( lng >= 1 )
                u = lng >= 2 ? va_arg(ap, unsigned long long)
                             : va_arg(ap, unsigned long);
            else
                u = va_arg(ap, unsigned int);
            if ( lng == -1 )
                u = (unsigned short)u;
            else if ( lng <= -2 )
                u = (unsigned char)u;
            put_num(&o, u, false, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
                    *fmt == 'X', width, prec, 0, left, zero, alt);
            break;
        case 'p':
            u = (unsigned long)va_arg(ap, void *);
            put_num(&o, u, false, 16, false, width ? width : 16, -1, 0,
                    left, true, false);
            break;
        case 's':
        {
            const char *str = va_arg(ap, const char *);

            put_str(&o, str ? str : "(null)", width, prec, left);
            break;
        }
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
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
    return (int)o.len;
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
