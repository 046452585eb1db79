/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grub.cfg and extlinux.conf parsing for xenolite-pygrub (see bootcfg.h).
 * GRUB's script language is far larger than this: like Xen's pygrub we take
 * the menuentries' linux/initrd lines and "set default", and ignore the
 * rest (if/else blocks, functions, insmod, search), which pick devices and
 * modules a PV guest does not need.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"

/* Next whitespace-separated word of *p, unquoting '...' and "...". */
static int word(const char **p, char *out, size_t cap)
{
    const char *s = *p;
    size_t n = 0;
    char q = 0;

    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s || *s == '\n' || *s == '{')
        return 0;
    for (; *s && *s != '\n'; s++) {
        if (q) {
            if (*s == q) {
                q = 0;
                continue;
            }
        } else if (*s == '\'' || *s == '"') {
            q = *s;
            continue;
        } else if (*s == ' ' || *s == '\t' || *s == '{') {
            break;
        } else if (*s == '\\' && s[1] && s[1] != '\n') {
            s++;
        }
        if (n + 1 < cap)
            out[n++] = *s;
    }
    out[n] = '\0';
    *p = s;
    return 1;
}

/* The rest of the line after leading blanks, without trailing blanks. */
static void rest(const char *p, char *out, size_t cap)
{
    size_t n;

    while (*p == ' ' || *p == '\t')
        p++;
    n = strcspn(p, "\n");
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
        n--;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, p, n);
    out[n] = '\0';
}

/* GRUB's root device prefix "(hd0,msdos1)/boot/x" -> "/boot/x". */
static void strip_device(char *path)
{
    if (path[0] == '(') {
        char *c = strchr(path, ')');

        if (c)
            memmove(path, c + 1, strlen(c + 1) + 1);
    }
}

static void set_default(struct bl_menu *m, const char *v, char **titles)
{
    char *end;
    long n = strtol(v, &end, 10);

    if (*v && !*end) {
        m->deflt = (int)n;
        return;
    }
    /* By title; remembered and resolved at the end. */
    *titles = strdup(v);
}

static int parse_grub(const char *t, struct bl_menu *m, char *err)
{
    char w[BL_STR], v[BL_STR], *deftitle = NULL;
    struct bl_entry *cur = NULL;
    int line = 0, depth = 0;

    for (const char *p = t; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 :
                                     p + strlen(p)) {
        const char *q = p;

        line++;
        if (!word(&q, w, sizeof(w)))
            continue;
        if (w[0] == '#')
            continue;
        if (!strcmp(w, "menuentry")) {
            if (cur) {
                snprintf(err, BL_STR, "line %d: menuentry inside a "
                         "menuentry", line);
                free(deftitle);
                return -1;
            }
            if (m->n == BL_MAX_ENTRIES) {
                snprintf(err, BL_STR, "line %d: more than %d menu entries",
                         line, BL_MAX_ENTRIES);
                free(deftitle);
                return -1;
            }
            cur = &m->e[m->n++];
            memset(cur, 0, sizeof(*cur));
            if (!word(&q, cur->title, sizeof(cur->title)))
                snprintf(cur->title, sizeof(cur->title), "entry %d", m->n - 1);
            if (!strchr(q, '{')) {
                snprintf(err, BL_STR, "line %d: menuentry without '{' on "
                         "its line", line);
                free(deftitle);
                return -1;
            }
            depth = 1;
            continue;
        }
        if (cur && (!strcmp(w, "linux") || !strcmp(w, "linux16") ||
                    !strcmp(w, "linuxefi"))) {
            if (word(&q, cur->kernel, sizeof(cur->kernel)))
                strip_device(cur->kernel);
            rest(q, cur->args, sizeof(cur->args));
        } else if (cur && (!strcmp(w, "initrd") || !strcmp(w, "initrd16") ||
                           !strcmp(w, "initrdefi"))) {
            if (word(&q, cur->initrd, sizeof(cur->initrd)))
                strip_device(cur->initrd);
        } else if (!cur && !strcmp(w, "set") && word(&q, v, sizeof(v)) &&
                   !strncmp(v, "default=", 8)) {
            set_default(m, v + 8, &deftitle);
        }
        /* Braces of if/else blocks inside an entry; '}' closes it. */
        for (const char *c = p; *c && *c != '\n'; c++) {
            if (*c == '{' && cur)
                depth++;
            if (*c == '}' && cur && --depth == 0)
                cur = NULL;
        }
    }
    if (cur) {
        snprintf(err, BL_STR, "menuentry '%.100s' is not closed with '}'",
                 cur->title);
        free(deftitle);
        return -1;
    }
    for (int i = 0; deftitle && i < m->n; i++)
        if (!strcmp(m->e[i].title, deftitle))
            m->deflt = i;
    free(deftitle);
    return 0;
}

static int parse_extlinux(const char *t, struct bl_menu *m, char *err)
{
    char w[BL_STR], v[BL_STR], deflabel[BL_STR] = "";
    struct bl_entry *cur = NULL;
    int line = 0;

    for (const char *p = t; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 :
                                     p + strlen(p)) {
        const char *q = p;

        line++;
        if (!word(&q, w, sizeof(w)) || w[0] == '#')
            continue;
        for (char *c = w; *c; c++)
            *c = tolower((unsigned char)*c);
        rest(q, v, sizeof(v));
        if (!strcmp(w, "default")) {
            snprintf(deflabel, sizeof(deflabel), "%s", v);
        } else if (!strcmp(w, "label")) {
            if (m->n == BL_MAX_ENTRIES) {
                snprintf(err, BL_STR, "line %d: more than %d labels", line,
                         BL_MAX_ENTRIES);
                return -1;
            }
            cur = &m->e[m->n++];
            memset(cur, 0, sizeof(*cur));
            snprintf(cur->title, sizeof(cur->title), "%s", v);
        } else if (cur && (!strcmp(w, "kernel") || !strcmp(w, "linux"))) {
            snprintf(cur->kernel, sizeof(cur->kernel), "%s", v);
        } else if (cur && (!strcmp(w, "append"))) {
            /* "initrd=" inside APPEND is syslinux's other spelling. */
            const char *i = strstr(v, "initrd=");

            snprintf(cur->args, sizeof(cur->args), "%s", v);
            if (i && (i == v || i[-1] == ' ') && !cur->initrd[0])
                snprintf(cur->initrd, sizeof(cur->initrd), "%.*s",
                         (int)strcspn(i + 7, " ,"), i + 7);
        } else if (cur && (!strcmp(w, "initrd"))) {
            snprintf(cur->initrd, sizeof(cur->initrd), "%s", v);
        }
    }
    for (int i = 0; deflabel[0] && i < m->n; i++)
        if (!strcmp(m->e[i].title, deflabel))
            m->deflt = i;
    return 0;
}

int bl_parse(const char *text, int grub, struct bl_menu *m, char *err)
{
    int rc, k = 0, want;

    memset(m, 0, sizeof(*m));
    rc = grub ? parse_grub(text, m, err) : parse_extlinux(text, m, err);
    if (rc)
        return rc;
    /* Drop entries without a kernel (submenus, memtest's linux16 ...). */
    want = m->deflt;
    m->deflt = 0;
    for (int i = 0; i < m->n; i++) {
        if (!m->e[i].kernel[0])
            continue;
        if (i == want)
            m->deflt = k;
        if (i != k)
            m->e[k] = m->e[i];
        k++;
    }
    m->n = k;
    if (!m->n) {
        snprintf(err, BL_STR, "no boot entry with a kernel");
        return -1;
    }
    return 0;
}
