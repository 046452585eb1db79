/* SPDX-License-Identifier: GPL-2.0-only */
/* Command-line parsing against the options registered with param.h. */
#include <xen/lib.h>
#include <xen/param.h>

extern const struct kernel_param __param_start[], __param_end[];

char saved_cmdline[1024];

static int parse_bool(const char *s)
{
    if ( !s || !strcmp(s, "1") || !strcmp(s, "on") || !strcmp(s, "yes") ||
         !strcmp(s, "true") || !strcmp(s, "enable") )
        return 1;
    if ( !strcmp(s, "0") || !strcmp(s, "off") || !strcmp(s, "no") ||
         !strcmp(s, "false") || !strcmp(s, "disable") )
        return 0;
    return -1;
}

static void store_uint(const struct kernel_param *p, unsigned long long v)
{
    switch ( p->len )
    {
    case 1: *(uint8_t *)p->var = v; break;
    case 2: *(uint16_t *)p->var = v; break;
    case 4: *(uint32_t *)p->var = v; break;
    default: *(uint64_t *)p->var = v; break;
    }
}

static void apply(const char *name, const char *val)
{
    const struct kernel_param *p;
    bool negated = false;
    const char *end;

    if ( !strncmp(name, "no-", 3) )
        negated = true;

    for ( p = __param_start; p < __param_end; p++ )
    {
        const char *want = negated && p->type == PARAM_BOOL ? name + 3 : name;

        if ( strcmp(p->name, want) )
            continue;

        switch ( p->type )
        {
        case PARAM_BOOL:
        {
            int b = parse_bool(val);

            if ( b < 0 )
                printk(XENLOG_WARNING "cmdline: %s: expected a boolean, got '%s'\n",
                       name, val);
            else
                *(bool *)p->var = negated ? !b : b;
            return;
        }
        case PARAM_UINT:
        case PARAM_SIZE:
            if ( !val || !*val )
                break;
            if ( p->type == PARAM_UINT )
                store_uint(p, simple_strtoul(val, &end, 0));
            else
                store_uint(p, parse_size_and_unit(val, &end));
            if ( *end )
                printk(XENLOG_WARNING "cmdline: %s: trailing '%s' ignored\n",
                       name, end);
            return;
        case PARAM_STRING:
            strlcpy(p->var, val ? val : "", p->len);
            return;
        case PARAM_CUSTOM:
            if ( p->fn(val ? val : "") )
                printk(XENLOG_WARNING "cmdline: %s: bad value '%s'\n",
                       name, val ? val : "");
            return;
        }
        printk(XENLOG_WARNING "cmdline: %s: missing value\n", name);
        return;
    }
    printk(XENLOG_WARNING "cmdline: unknown option '%s' ignored\n", name);
}

void cmdline_parse(const char *cmdline)
{
    char buf[sizeof(saved_cmdline)];
    char *p = buf;
    const char *first;

    if ( !cmdline )
        return;
    strlcpy(saved_cmdline, cmdline, sizeof(saved_cmdline));
    strlcpy(buf, cmdline, sizeof(buf));
    for ( first = buf; *first == ' '; first++ )
        ;

    while ( *p )
    {
        char *name, *val = NULL;

        while ( *p == ' ' )
            p++;
        if ( !*p )
            break;
        name = p;
        while ( *p && *p != ' ' )
        {
            if ( *p == '=' && !val )
            {
                *p = '\0';
                val = p + 1;
            }
            p++;
        }
        if ( *p )
            *p++ = '\0';
        /*
         * grub's 20_linux_xen (which lists /boot/xenolite-* too, as it does
         * every /boot/xen*) puts "placeholder" first, in the slot where old
         * loaders passed the image name; it carries no option.
         */
        if ( name == first && !val && !strcmp(name, "placeholder") )
            continue;
        apply(name, val);
    }
}
