/* SPDX-License-Identifier: GPL-2.0-only */
/* Front door for configs: read a file, pick xl.cfg or XML, apply overrides. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_syntax.h"

int xl_cfg_parse(const char *text, size_t len, const char *src,
                 char *const *overrides, unsigned int nr_overrides,
                 struct xl_domain_config *c, struct xl_msgs *msgs)
{
    struct cfg_file file = { 0 }, over = { 0 };
    int rc = -1;

    xl_config_init(c);
    if (cfg_syntax_parse(text, len, src, &file, msgs) < 0)
        goto out;
    for (unsigned int i = 0; i < nr_overrides; i++)
        if (cfg_syntax_parse_override(overrides[i], (int)i + 1, &over,
                                      msgs) < 0)
            goto out;
    rc = cfg_build(&file, &over, c, msgs);
 out:
    cfg_file_free(&file);
    cfg_file_free(&over);
    return rc;
}

static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);

    if (!buf)
        return NULL;
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n - 1, f);

        n += got;
        if (got == 0)
            break;
        if (n + 1 == cap) {
            char *nb = realloc(buf, cap *= 2);

            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
        }
    }
    if (ferror(f)) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static bool looks_like_xml(const char *path, const char *text)
{
    size_t n = strlen(path);

    if (n > 4 && !strcmp(path + n - 4, ".xml"))
        return true;
    if (!strncmp(text, "\xef\xbb\xbf", 3))
        text += 3;
    while (isspace((unsigned char)*text))
        text++;
    return *text == '<';
}

int xl_config_load(const char *path, char *const *overrides,
                   unsigned int nr_overrides, struct xl_domain_config *c,
                   struct xl_msgs *msgs)
{
    bool is_stdin = !strcmp(path, "-");
    const char *src = is_stdin ? "<stdin>" : path;
    FILE *f = is_stdin ? stdin : fopen(path, "r");
    size_t len = 0;
    char *text;
    int rc;

    xl_config_init(c);
    if (!f) {
        xl_msg_error(msgs, NULL, NULL, "cannot open '%s': %s", path,
                     strerror(errno));
        return -1;
    }
    text = read_all(f, &len);
    if (!text) {
        xl_msg_error(msgs, NULL, NULL, "cannot read '%s': %s", path,
                     strerror(errno ? errno : EIO));
        if (!is_stdin)
            fclose(f);
        return -1;
    }
    if (!is_stdin)
        fclose(f);
    if (memchr(text, '\0', len)) {
        xl_msg_error(msgs, NULL, NULL, "'%s' is not a text file (it contains "
                     "NUL bytes)", path);
        free(text);
        return -1;
    }
    if (looks_like_xml(path, text))
        rc = xl_xml_parse(text, len, src, overrides, nr_overrides, c, msgs);
    else
        rc = xl_cfg_parse(text, len, src, overrides, nr_overrides, c, msgs);
    free(text);
    return rc;
}
