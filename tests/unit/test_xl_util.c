/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the test_xl_*.c suites (prototypes repeated there). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "xl_config.h"

/* XL_TEST_DATA/<name> read into a string; NULL if missing. */
char *xlt_read(const char *name, size_t *len)
{
    char path[512];
    size_t cap = 4096, n = 0, got;
    char *buf;
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", XL_TEST_DATA, name);
    f = fopen(path, "r");
    if (!f)
        return NULL;
    buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *nb = realloc(buf, cap *= 2);

            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* Compare, and on mismatch show both (CUnit only shows the expression). */
int xlt_streq(const char *what, const char *got, const char *want)
{
    if (got && want && !strcmp(got, want))
        return 1;
    fprintf(stderr, "---- %s\n  want: %s\n  got:  %s\n", what,
            want ? want : "(null)", got ? got : "(null)");
    return 0;
}

/* Parse cfg text as "guest.cfg"; returns rc, *msgs = joined messages. */
int xlt_cfg(const char *text, char *const *ovr, unsigned int nr,
            struct xl_domain_config *c, char **msgs)
{
    struct xl_msgs m;
    int rc;

    xl_msgs_init(&m);
    rc = xl_cfg_parse(text, strlen(text), "guest.cfg", ovr, nr, c, &m);
    *msgs = xl_msgs_join(&m);
    xl_msgs_free(&m);
    return rc;
}

int xlt_xml(const char *text, char *const *ovr, unsigned int nr,
            struct xl_domain_config *c, char **msgs)
{
    struct xl_msgs m;
    int rc;

    xl_msgs_init(&m);
    rc = xl_xml_parse(text, strlen(text), "guest.xml", ovr, nr, c, &m);
    *msgs = xl_msgs_join(&m);
    xl_msgs_free(&m);
    return rc;
}
