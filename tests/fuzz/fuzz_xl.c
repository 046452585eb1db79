/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzz xl's config front ends (dom0-tools/xl: cfg_syntax.c, cfg_build.c,
 * cfg_devices.c, xml_config.c) and writers. Input: a mode byte, then the
 * text; with mode bit 1 the text starts with command-line overrides, one per
 * line, ended by a NUL byte. Mode bit 0 selects XML instead of xl.cfg.
 * Invariants: the parsers return 0 or -1 with at least one error message;
 * a config that parses is written back (xl.cfg and XML), and each written
 * text parses again to an equal config (xl_config_equal); the XML writer
 * may refuse only a config with non-ASCII or control characters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xl_config.h"
#include "fuzz.h"

#define MAX_OVR 8

static int parse(bool xml, const char *text, size_t len, char **ovr,
                 unsigned int nr, struct xl_domain_config *c)
{
    struct xl_msgs m;
    int rc;

    xl_msgs_init(&m);
    rc = xml ? xl_xml_parse(text, len, "fuzz.xml", ovr, nr, c, &m)
             : xl_cfg_parse(text, len, "fuzz.cfg", ovr, nr, c, &m);
    FUZZ_CHECK(rc == 0 || (rc == -1 && m.nr_errors > 0));
    xl_msgs_free(&m);
    return rc;
}

/* The xl.cfg text written has bytes XML may not carry: non-ASCII, \xHH. */
static bool xml_unsafe;

static char *trim_dup(const char *s)
{
    const char *ws = " \t\n\r";
    size_t len;

    if (!s)
        return NULL;
    s += strspn(s, ws);
    len = strlen(s);
    while (len && strchr(ws, s[len - 1]))
        len--;
    return strndup(s, len);
}

/*
 * The XML reader trims white space around element text (so documents may
 * be indented): kernel, ramdisk, cmdline and bootloader come back trimmed,
 * and one that is only white space does not read back at all (bootloader
 * arguments are <arg>s, taken as they are). Compares with that.
 */
static bool trimmed_equal(const struct xl_domain_config *c,
                          const struct xl_domain_config *back)
{
    struct xl_domain_config t = *c;
    const char *what = NULL;
    bool eq, blank;

    t.kernel = trim_dup(c->kernel);
    t.ramdisk = trim_dup(c->ramdisk);
    t.cmdline = trim_dup(c->cmdline);
    t.bootloader = trim_dup(c->bootloader);
    blank = (t.kernel && !*t.kernel) || (t.ramdisk && !*t.ramdisk) ||
            (t.cmdline && !*t.cmdline && *c->cmdline) ||
            (t.bootloader && !*t.bootloader);
    eq = back ? xl_config_equal(&t, back, &what) : blank;
    if (!eq && back)
        fprintf(stderr, "XML round trip differs in %s\n", what);
    free(t.kernel);
    free(t.ramdisk);
    free(t.cmdline);
    free(t.bootloader);
    return eq;
}

/* Writes c in one syntax and parses it back: must be the same config. */
static void round_trip(const struct xl_domain_config *c, bool xml)
{
    struct xl_domain_config back;
    const char *what = NULL;
    char *text = xml ? xl_xml_write(c) : xl_cfg_write(c);
    int rc;

    if (!text && xml) {
        /* Allowed only for strings XML cannot carry. */
        FUZZ_CHECK(xml_unsafe);
        return;
    }
    FUZZ_CHECK(text);
    if (!xml) {
        xml_unsafe = strstr(text, "\\x") != NULL;
        for (const char *p = text; *p; p++)
            xml_unsafe |= (unsigned char)*p >= 0x80;
    }
    rc = parse(xml, text, strlen(text), NULL, 0, &back);
    /* XML: trimmed_equal also accepts a blank value that does not parse. */
    if (xml)
        rc = trimmed_equal(c, rc ? NULL : &back) ? 0 : 1;
    else if (!rc && !xl_config_equal(c, &back, &what))
        rc = 1;
    if (rc) {
        fprintf(stderr, "round trip through %s: %s\n--- written:\n%s\n",
                xml ? "XML" : "xl.cfg", what ? what : "does not parse", text);
        fuzz_fail(__FILE__, __LINE__, "written config reads back the same");
    }
    xl_config_free(&back);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xl_domain_config c;
    char *ovr[MAX_OVR], *buf, *text, *p;
    unsigned int nr = 0;
    uint8_t mode;
    size_t len;

    if (!size)
        return 0;
    mode = data[0];
    buf = malloc(size);
    FUZZ_CHECK(buf);
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = '\0';
    text = buf;
    len = size - 1;
    if ((mode & 2) && (p = memchr(buf, '\0', size - 1)) && p != buf + size - 1) {
        /* Overrides: the lines before the first NUL. */
        text = p + 1;
        len = (size_t)(buf + size - 1 - text);
        for (char *line = buf; line < p && nr < MAX_OVR; ) {
            char *nl = strchr(line, '\n');

            if (nl)
                *nl = '\0';
            ovr[nr++] = line;
            line = nl ? nl + 1 : p;
        }
    }
    if (!parse(mode & 1, text, len, ovr, nr, &c)) {
        round_trip(&c, false);
        round_trip(&c, true);
    }
    xl_config_free(&c);
    free(buf);
    return 0;
}
