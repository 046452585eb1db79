/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlkernel start-up: the guest runtime (tests/guest/lib), then memory,
 * events, grants and xenbus, then the app; its exit status decides the
 * shutdown. The command line (start_info) is "key=value" words.
 */
#include <xlk.h>
#include <xt-elfnote.h>
#include <public/elfnote.h>

XT_ELFNOTE(XEN_ELFNOTE_GUEST_OS, ".asciz", "\"Xenolite-xlkernel\"")
/* A cancelled suspend returns 1 in the same domain (suspend.c). */
XT_ELFNOTE(XEN_ELFNOTE_SUSPEND_CANCEL, ".long", "1")

const char *xlk_cmdline(void)
{
    return (const char *)xt_start_info->cmd_line;
}

const char *xlk_cmdline_get(const char *key, char *buf, size_t size)
{
    size_t klen = strlen(key);
    const char *p = xlk_cmdline();

    while ( *p )
    {
        size_t n = 0;

        while ( *p == ' ' )
            p++;
        if ( !memcmp(p, key, klen) && p[klen] == '=' )
        {
            p += klen + 1;
            while ( p[n] && p[n] != ' ' && n + 1 < size )
                buf[n] = p[n], n++;
            buf[n] = '\0';
            return buf;
        }
        while ( *p && *p != ' ' )
            p++;
    }
    return NULL;
}

void xt_runtime_start(start_info_t *si);
void xt_runtime_start(start_info_t *si)
{
    char on_exit[16];
    uint64_t t0;
    int rc;

    xt_runtime_init(si);
    t0 = xt_now_ns();
    xlk_mm_init();
    xlk_events_init();
    xlk_gnttab_init();
    xlk_xenbus_init();
    printk("xlkernel: %s up in %lu us: %s %u, %lu KiB, %lu KiB free\n",
           app_name, (unsigned long)((xt_now_ns() - t0) / 1000),
           xlk_is_initial_domain() ? "initial domain" : "domain",
           xlk_domid, xlk_total_pages() * 4, xlk_free_page_count() * 4);

    rc = app_main();
    if ( xlk_cmdline_get("on_exit", on_exit, sizeof(on_exit)) &&
         !strcmp(on_exit, "idle") )
    {
        printk("xlkernel: %s exited %d; idle\n", app_name, rc);
        xlk_idle();
    }
    xlk_shutdown(rc ? SHUTDOWN_crash : SHUTDOWN_poweroff);
}
