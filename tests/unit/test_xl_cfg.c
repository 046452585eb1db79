/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl.cfg parser golden tests: good files with every parsed value checked,
 * and one bad input per message the lexer, parser, key handlers, disk/vif
 * spec parsers and CPU map parser can produce, each with its exact text.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "harness.h"
#include "cfg_syntax.h"

char *xlt_read(const char *name, size_t *len);
int xlt_streq(const char *what, const char *got, const char *want);
int xlt_cfg(const char *text, char *const *ovr, unsigned int nr,
            struct xl_domain_config *c, char **msgs);

#define STREQ(got, want) CU_ASSERT(xlt_streq(#got, (got), (want)))

static int parse_file(const char *name, char *const *ovr, unsigned int nr,
                      struct xl_domain_config *c, char **msgs)
{
    char *text = xlt_read(name, NULL);
    int rc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    rc = xlt_cfg(text, ovr, nr, c, msgs);
    free(text);
    return rc;
}

static char *cpus_text(const struct xl_domain_config *c, unsigned int i)
{
    return i < c->nr_cpumaps ? xl_cpumap_format(&c->cpumaps[i]) : NULL;
}

static void test_full(void)
{
    struct xl_domain_config c;
    char uuid[37], mac[18], *msgs, *cpus;
    const struct xl_disk *d;
    const struct xl_vif *v;

    CU_ASSERT_EQUAL_FATAL(parse_file("full.cfg", NULL, 0, &c, &msgs), 0);
    STREQ(msgs, "");
    free(msgs);
    STREQ(c.name, "web1");
    uuid_unparse_lower(c.uuid, uuid);
    STREQ(uuid, "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    CU_ASSERT(!c.uuid_generated);
    CU_ASSERT_EQUAL(c.type, XL_TYPE_PV);
    CU_ASSERT_EQUAL(c.memory_mib, 512);
    CU_ASSERT_EQUAL(c.maxmem_mib, 1024);
    CU_ASSERT_EQUAL(c.vcpus, 2);
    CU_ASSERT_EQUAL(c.maxvcpus, 4);
    CU_ASSERT_EQUAL(c.nr_cpumaps, 1);
    CU_ASSERT(!c.cpus_per_vcpu);
    cpus = cpus_text(&c, 0);
    STREQ(cpus, "0,2-3");
    free(cpus);
    STREQ(c.kernel, "/boot/vmlinuz-6.1");
    STREQ(c.ramdisk, "/boot/initrd.img-6.1");
    STREQ(c.cmdline, "root=/dev/xvda1 ro console=hvc0 quiet\tx=\"y\"");
    CU_ASSERT_EQUAL(c.on_poweroff, XL_ACTION_DESTROY);
    CU_ASSERT_EQUAL(c.on_reboot, XL_ACTION_RENAME_RESTART);
    CU_ASSERT_EQUAL(c.on_crash, XL_ACTION_COREDUMP_RESTART);

    CU_ASSERT_EQUAL_FATAL(c.nr_disks, 4);
    d = &c.disks[0];                    /* 'phy:/dev/vg/web1,xvda,w' */
    STREQ(d->target, "/dev/vg/web1");
    STREQ(d->vdev, "xvda");
    CU_ASSERT(d->format == XL_DISK_FORMAT_RAW && !d->readonly && !d->cdrom);
    CU_ASSERT_EQUAL(d->backendtype, XL_DISK_BACKEND_PHY);
    CU_ASSERT_EQUAL(d->discard, -1);
    d = &c.disks[1];
    STREQ(d->target, "/images/data.qcow2");
    CU_ASSERT(d->format == XL_DISK_FORMAT_QCOW2 && d->readonly);
    CU_ASSERT_EQUAL(d->backendtype, XL_DISK_BACKEND_DEFAULT);
    d = &c.disks[2];
    STREQ(d->vdev, "hdc");
    CU_ASSERT(d->cdrom && d->readonly && d->format == XL_DISK_FORMAT_RAW);
    d = &c.disks[3];                    /* target= takes the rest, commas too */
    STREQ(d->target, "/images/a,b.img");
    STREQ(d->vdev, "xvdc");
    CU_ASSERT(d->backendtype == XL_DISK_BACKEND_QDISK && d->discard == 1);
    CU_ASSERT(!d->readonly && d->backend == NULL && d->script == NULL);

    CU_ASSERT_EQUAL_FATAL(c.nr_vifs, 2);
    v = &c.vifs[0];
    CU_ASSERT(v->has_mac);
    xl_mac_format(v->mac, mac);
    STREQ(mac, "00:16:3e:12:34:56");
    STREQ(v->bridge, "xenbr0");
    STREQ(v->rate, "10Mb/s@20ms");
    CU_ASSERT_EQUAL(v->rate_bytes_per_sec, 1250000);
    CU_ASSERT_EQUAL(v->rate_interval_usec, 20000);
    v = &c.vifs[1];                     /* the spec string spans two lines */
    CU_ASSERT(!v->has_mac && v->rate == NULL);
    STREQ(v->bridge, "br1");
    STREQ(v->vifname, "web1-eth1");
    STREQ(v->ip, "10.0.0.2");
    CU_ASSERT_PTR_NULL(v->model);
    STREQ(v->script, "vif-route");
    STREQ(v->type, "vif");
    STREQ(v->backendtype, "netback");
    CU_ASSERT_EQUAL(v->mtu, 9000);
    xl_config_free(&c);
}

static void test_minimal_defaults(void)
{
    struct xl_domain_config c;
    char *msgs;

    CU_ASSERT_EQUAL_FATAL(parse_file("minimal.cfg", NULL, 0, &c, &msgs), 0);
    STREQ(msgs, "");
    free(msgs);
    STREQ(c.name, "tiny");
    CU_ASSERT(c.uuid_generated);
    CU_ASSERT_EQUAL(c.memory_mib, 128);
    CU_ASSERT_EQUAL(c.maxmem_mib, 128);
    CU_ASSERT_EQUAL(c.vcpus, 1);
    CU_ASSERT_EQUAL(c.maxvcpus, 1);
    CU_ASSERT_EQUAL(c.max_event_channels, 0);   /* the builder's 1023 */
    CU_ASSERT_EQUAL(c.nr_cpumaps, 0);
    CU_ASSERT_PTR_NULL(c.ramdisk);
    CU_ASSERT_PTR_NULL(c.cmdline);
    CU_ASSERT_EQUAL(c.on_poweroff, XL_ACTION_DESTROY);
    CU_ASSERT_EQUAL(c.on_reboot, XL_ACTION_RESTART);
    CU_ASSERT_EQUAL(c.on_crash, XL_ACTION_DESTROY);
    CU_ASSERT_EQUAL(c.nr_disks, 0);
    CU_ASSERT_EQUAL(c.nr_vifs, 0);
    xl_config_free(&c);
}

static void test_per_vcpu_and_append(void)
{
    struct xl_domain_config c;
    char *msgs, *m;

    CU_ASSERT_EQUAL_FATAL(parse_file("perv.cfg", NULL, 0, &c, &msgs), 0);
    STREQ(msgs, "");
    free(msgs);
    CU_ASSERT(c.cpus_per_vcpu);
    CU_ASSERT_EQUAL_FATAL(c.nr_cpumaps, 3);
    m = cpus_text(&c, 0); STREQ(m, "0"); free(m);
    m = cpus_text(&c, 1); STREQ(m, "2-3"); free(m);
    m = cpus_text(&c, 2); STREQ(m, "all"); free(m);
    CU_ASSERT_EQUAL_FATAL(c.nr_disks, 2);
    STREQ(c.disks[1].target, "/b.img");
    STREQ(c.cmdline, "root=/dev/xvda1 ro");
    xl_config_free(&c);
}

static void test_overrides(void)
{
    char *ovr[] = { "memory=256", "name=other", "cpus=0-1", "vcpus = 2",
                    "disk=['/x,raw,xvda']", "extra=quiet splash",
                    "disk+=['/y,raw,xvdb']", "uuid=\"6ba7b810-9dad-11d1-"
                    "80b4-00c04fd430c8\"", "kernel='/k2'",
                    "max_event_channels=77" };
    struct xl_domain_config c;
    char *msgs, *m;

    CU_ASSERT_EQUAL_FATAL(parse_file("minimal.cfg", ovr, 10, &c, &msgs), 0);
    STREQ(msgs, "");
    free(msgs);
    CU_ASSERT_EQUAL(c.memory_mib, 256);
    STREQ(c.name, "other");
    m = cpus_text(&c, 0); STREQ(m, "0-1"); free(m);
    CU_ASSERT_EQUAL(c.vcpus, 2);
    CU_ASSERT_EQUAL(c.nr_disks, 2);
    STREQ(c.cmdline, "quiet splash");
    STREQ(c.kernel, "/k2");
    CU_ASSERT_EQUAL(c.max_event_channels, 77);
    CU_ASSERT(!c.uuid_generated);
    xl_config_free(&c);
}

/* Xen's rules: cmdline wins (with a warning); else "root=R E". */
static void test_cmdline_rules(void)
{
    static const struct { const char *text, *cmdline, *msgs; } t[] = {
        { "root='/dev/xvda1'", "root=/dev/xvda1", "" },
        { "extra='quiet'", "quiet", "" },
        { "root='/dev/xvda1'\nextra='quiet'", "root=/dev/xvda1 quiet", "" },
        { "cmdline='a b'\nroot='/dev/xvda1'", "a b",
          "xl: guest.cfg: warning: cmdline: root= and extra= are ignored "
          "because cmdline= is set" },
    };

    for (unsigned int i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        struct xl_domain_config c;
        char *text, *msgs;

        CU_ASSERT(asprintf(&text, "name='g'\nkernel='/k'\n%s\n", t[i].text) > 0);
        CU_ASSERT_EQUAL(xlt_cfg(text, NULL, 0, &c, &msgs), 0);
        STREQ(c.cmdline, t[i].cmdline);
        STREQ(msgs, t[i].msgs);
        free(text);
        free(msgs);
        xl_config_free(&c);
    }
}

/* bootloader= and bootloader_args= (a list, or one string split at spaces). */
static void test_bootloader_keys(void)
{
    static const char *const texts[] = {
        "bootloader_args = [ '-q', '--entry=Debian GNU/Linux' ]",
        "bootloader_args = '-q  --entry=1'",
    };

    for (unsigned int i = 0; i < 2; i++) {
        struct xl_domain_config c, d;
        const char *what = NULL;
        char *text, *msgs, *out;

        CU_ASSERT(asprintf(&text, "name='g'\nbootloader='pygrub'\n"
                           "disk=['/g.img,raw,xvda,rw']\n%s\n", texts[i]) > 0);
        CU_ASSERT_EQUAL_FATAL(xlt_cfg(text, NULL, 0, &c, &msgs), 0);
        STREQ(msgs, "");
        STREQ(c.bootloader, "pygrub");
        CU_ASSERT_PTR_NULL(c.kernel);
        CU_ASSERT_EQUAL_FATAL(c.nr_bootloader_args, 2);
        STREQ(c.bootloader_args[0], "-q");
        STREQ(c.bootloader_args[1], i ? "--entry=1" : "--entry=Debian GNU/Linux");
        out = xl_cfg_write(&c);
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        free(msgs);
        CU_ASSERT_EQUAL_FATAL(xlt_cfg(out, NULL, 0, &d, &msgs), 0);
        CU_ASSERT(xl_config_equal(&c, &d, &what));
        free(msgs);
        free(out);
        free(text);
        xl_config_free(&c);
        xl_config_free(&d);
    }
}

/* Lexical corners: escapes, ';', CRLF, BOM, continuation, comments. */
static void test_lexer(void)
{
    const char *text = "\xef\xbb\xbf# comment\r\nkernel = 'a\\x41\\101\\'\\\\';"
                       " name = \"g\"; ramdisk = \"/r#not-a-comment\" # comment\r\n"
                       "memory = \\\n 300\n\n;;\n"
                       "disk = [\n  # inside\n  '/a,raw,xvda' , \n]\n"
                       "vif = []\nextra='\\a\\b\\f\\n\\r\\t\\v'\n";
    struct xl_domain_config c;
    char *msgs;

    CU_ASSERT_EQUAL_FATAL(xlt_cfg(text, NULL, 0, &c, &msgs), 0);
    STREQ(msgs, "");
    STREQ(c.kernel, "aAA'\\");
    STREQ(c.name, "g");
    STREQ(c.ramdisk, "/r#not-a-comment");
    CU_ASSERT_EQUAL(c.memory_mib, 300);
    CU_ASSERT_EQUAL(c.nr_disks, 1);
    CU_ASSERT_EQUAL(c.nr_vifs, 0);
    STREQ(c.cmdline, "\a\b\f\n\r\t\v");
    free(msgs);
    xl_config_free(&c);
}

/*
 * Regression (found by tests/fuzz, fuzz-xl): a raw NUL byte inside a quoted
 * string used to end the value there, silently ("/boot/vmlinuz"); it is a
 * syntax error, like the \x00 escape.
 */
static void test_nul_in_string(void)
{
    static const char text[] = "name = 'g'\nkernel = \"/boot/vmlinuz\0-6.1\"\n";
    struct xl_domain_config c;
    struct xl_msgs m;
    char *msgs;

    xl_msgs_init(&m);
    CU_ASSERT_EQUAL(xl_cfg_parse(text, sizeof(text) - 1, "guest.cfg", NULL, 0,
                                 &c, &m), -1);
    msgs = xl_msgs_join(&m);
    STREQ(msgs, "xl: guest.cfg:2:24: syntax error: NUL byte in string");
    free(msgs);
    xl_msgs_free(&m);
    xl_config_free(&c);
}

static void test_cpumap(void)
{
    static const struct { const char *in, *out; } ok[] = {
        { "all", "all" }, { "0-3,^1", "0,2-3" }, { "^0", "1-1023" },
        { "5", "5" }, { " 1 , 3-4 ", "1,3-4" }, { "all,^2-1023", "0-1" },
        { "1023", "1023" },
    };
    struct xl_cpumap m;
    char err[256], *s;

    for (unsigned int i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        CU_ASSERT_EQUAL(xl_cpumap_parse(ok[i].in, &m, err, sizeof(err)), 0);
        s = xl_cpumap_format(&m);
        STREQ(s, ok[i].out);
        free(s);
    }
}

/* The equivalences listed in Xen's xl-disk-configuration(5). */
static void test_disk_equivalents(void)
{
    static const char *const sets[2][5] = {
        { "/dev/vg/guest-volume,,hda", "/dev/vg/guest-volume,raw,hda,rw",
          "format=raw, vdev=hda, access=rw, target=/dev/vg/guest-volume",
          "raw:/dev/vg/guest-volume,hda,w", NULL },
        { "/root/image.iso,,hdc,cdrom", "/root/image.iso,,hdc,,cdrom",
          "/root/image.iso,raw,hdc,devtype=cdrom",
          "format=raw, vdev=hdc, access=ro, devtype=cdrom, "
          "target=/root/image.iso", "raw:/root/image.iso,hdc:cdrom,ro" },
    };

    for (int s = 0; s < 2; s++) {
        struct xl_disk first = { 0 };

        for (int i = 0; i < 5 && sets[s][i]; i++) {
            struct xl_loc loc = { "t", 1, 0 };
            struct cfg_value v = { .kind = CFG_STRING, .loc = loc,
                                   .text = (char *)sets[s][i] };
            struct xl_domain_config a, b;
            struct xl_disk d;
            struct xl_msgs m;
            const char *what;

            xl_msgs_init(&m);
            CU_ASSERT_EQUAL_FATAL(cfg_disk_from_value(&v, "disk[0]", &d, &m), 0);
            xl_msgs_free(&m);
            if (i == 0) {
                first = d;
                continue;
            }
            /* Compare through the config comparator. */
            xl_config_init(&a);
            xl_config_init(&b);
            a.nr_disks = b.nr_disks = 1;
            a.disks = &first;
            b.disks = &d;
            CU_ASSERT(xl_config_equal(&a, &b, &what));
            if (!xl_config_equal(&a, &b, &what))
                fprintf(stderr, "---- '%s' differs in %s\n", sets[s][i], what);
            xl_disk_free(&d);
        }
        CU_ASSERT(first.cdrom == (s == 1));
        xl_disk_free(&first);
    }
}

/* Record values (the XML path) reach checks the schema normally stops. */
static void test_disk_record_errors(void)
{
    static const struct { const char *k, *v, *want; } t[] = {
        { "discard", "maybe", "xl: guest.xml:7: disk[0]: discard \"maybe\" is "
          "not a boolean; expected true or false" },
        { "direct-io-safe", "2", "xl: guest.xml:7: disk[0]: direct-io-safe "
          "\"2\" is not a boolean; expected true or false" },
        { "size", "1", "xl: guest.xml:7: disk[0]: unknown option 'size'; "
          "accepted: target, format, vdev, access, devtype, backend, "
          "backendtype, script, and the flags cdrom, discard, no-discard, "
          "direct-io-safe" },
    };

    for (unsigned int i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        struct xl_loc loc = { "guest.xml", 7, 0 };
        struct cfg_value *v = cfg_value_new(CFG_RECORD, &loc);
        struct xl_disk d;
        struct xl_msgs m;
        char *got;

        cfg_record_add(v, "vdev", "xvda");
        cfg_record_add(v, "target", "/a");
        cfg_record_add(v, t[i].k, t[i].v);
        xl_msgs_init(&m);
        CU_ASSERT_EQUAL(cfg_disk_from_value(v, "disk[0]", &d, &m), -1);
        got = xl_msgs_join(&m);
        STREQ(got, t[i].want);
        free(got);
        xl_msgs_free(&m);
        cfg_value_free(v);
    }
}

#define BASE "name = \"g\"\nkernel = \"/k\"\n"
#define DISK_KEYS "accepted: target, format, vdev, access, devtype, backend, " \
    "backendtype, script, and the flags cdrom, discard, no-discard, "         \
    "direct-io-safe"
#define VIF_KEYS "mac, bridge, ip, vifname, backend, script, rate, " \
    "gatewaydev, mtu, type, backendtype"
#define ACTIONS "destroy, restart, rename-restart, preserve, " \
    "coredump-destroy or coredump-restart"
#define CPUS_EXPECTED "expected CPU numbers and ranges like \"0-3,^1\" or " \
    "\"all\""

/* Every message, exactly; rc 0 rows are warnings. */
static const struct bad {
    const char *text;
    const char *ovr[2];
    int rc;
    const char *want;
} bad[] = {
    /* lexer */
    { "name = \"abc", {0}, -1,
      "xl: guest.cfg:1:8: syntax error: unterminated string" },
    { "name = \"a\\", {0}, -1,
      "xl: guest.cfg:1:8: syntax error: unterminated string" },
    { "name = \"a\\x4\"", {0}, -1,
      "xl: guest.cfg:1:10: syntax error: '\\x' must be followed by two hex "
      "digits (not 00)" },
    { "name = \"a\\400\"", {0}, -1,
      "xl: guest.cfg:1:10: syntax error: octal escape out of range (\\1 to "
      "\\377)" },
    { "name = \"a\\q\"", {0}, -1,
      "xl: guest.cfg:1:10: syntax error: invalid escape '\\q' in string; "
      "valid: \\\\ \\' \\\" \\a \\b \\f \\n \\r \\t \\v \\xHH \\OOO" },
    { "name = \"a\\\x01\"", {0}, -1,
      "xl: guest.cfg:1:10: syntax error: invalid escape byte 0x01 in string" },
    { "name = \"a\" @", {0}, -1,
      "xl: guest.cfg:1:12: syntax error: unexpected character '@'" },
    { "name = \"a\" +", {0}, -1,
      "xl: guest.cfg:1:12: syntax error: unexpected character '+'" },
    { "\x80", {0}, -1, "xl: guest.cfg:1:1: syntax error: unexpected byte 0x80" },
    /* parser */
    { "disk = [ 'a',\n 'b'\n", {0}, -1,
      "xl: guest.cfg:1:8: syntax error: '[' is never closed" },
    { "disk = [ 'a',", {0}, -1,
      "xl: guest.cfg:1:8: syntax error: '[' is never closed" },
    { "disk = [ 'a' 'b' ]", {0}, -1,
      "xl: guest.cfg:1:14: syntax error: expected ',' or ']' in the list of "
      "'disk', got a string" },
    { "name = web", {0}, -1,
      "xl: guest.cfg:1:8: syntax error: expected a value for 'name', got "
      "'web' (strings need quotes: \"web\")" },
    { "name =\n", {0}, -1,
      "xl: guest.cfg:1:7: syntax error: expected a value for 'name', got end "
      "of line" },
    { "memory = ]", {0}, -1,
      "xl: guest.cfg:1:10: syntax error: expected a value for 'memory', got "
      "']'" },
    { "\n\n# c\nname = 'x'\nmemory = = 3\n", {0}, -1,
      "xl: guest.cfg:5:10: syntax error: expected a value for 'memory', got "
      "'='" },
    { "memory 512", {0}, -1,
      "xl: guest.cfg:1:8: syntax error: expected '=' after 'memory', got "
      "number 512" },
    { "memory = 512 1024", {0}, -1,
      "xl: guest.cfg:1:14: syntax error: expected end of line after the value "
      "of 'memory', got number 1024" },
    { "= 5", {0}, -1,
      "xl: guest.cfg:1:1: syntax error: expected a setting name, got '='" },
    { "\"name\" = 1", {0}, -1,
      "xl: guest.cfg:1:1: syntax error: expected a setting name, got a "
      "string" },
    /* command-line overrides */
    { BASE, { "foo" }, -1,
      "xl: command line argument 1: expected key=value, got \"foo\"" },
    { BASE, { "=5" }, -1,
      "xl: command line argument 1: expected key=value, got \"=5\"" },
    { BASE, { "name=\"abc" }, -1,
      "xl: command line argument 1: syntax error: unterminated string" },
    { BASE, { "disk=['a'] x" }, -1,
      "xl: command line argument 1: syntax error: expected end of argument "
      "after the value of 'disk', got 'x'" },
    { BASE, { "memory=lots" }, -1,
      "xl: command line argument 1: memory: expected an integer number of "
      "MiB, got \"lots\"" },
    { BASE, { "vcpus=2", "maxvcpus=1" }, -1,
      "xl: command line argument 2: maxvcpus: 1 is less than vcpus (2); "
      "maxvcpus must be at least vcpus" },
    /* values */
    { BASE "memory = [1]", {0}, -1,
      "xl: guest.cfg:3: memory: expected an integer number of MiB, got a "
      "list" },
    { BASE "memory = \"lots\"", {0}, -1,
      "xl: guest.cfg:3: memory: expected an integer number of MiB, got "
      "\"lots\"" },
    { BASE "memory = 512M", {0}, -1,
      "xl: guest.cfg:3: memory: expected an integer number of MiB, got "
      "\"512M\"" },
    { BASE "maxmem = 0x", {0}, -1,
      "xl: guest.cfg:3: maxmem: expected an integer number of MiB, got "
      "\"0x\"" },
    { BASE "memory = 0", {0}, -1,
      "xl: guest.cfg:3: memory: 0 is out of range; expected 1 to 16777216 "
      "MiB" },
    { BASE "memory = 99999999999999999999999", {0}, -1,
      "xl: guest.cfg:3: memory: 99999999999999999999999 is out of range; "
      "expected 1 to 16777216 MiB" },
    { BASE "vcpus = 513", {0}, -1,
      "xl: guest.cfg:3: vcpus: 513 is out of range; expected 1 to 512 "
      "vCPUs" },
    { BASE "disk = \"x\"", {0}, -1,
      "xl: guest.cfg:3: disk: expected a list of disk spec strings like "
      "[ '/images/guest.img,raw,xvda,rw' ], got \"x\"" },
    { BASE "vif = 1", {0}, -1,
      "xl: guest.cfg:3: vif: expected a list of vif spec strings like "
      "[ 'mac=00:16:3e:12:34:56,bridge=xenbr0' ], got \"1\"" },
    { BASE "ramdisk = \"\"", {0}, -1,
      "xl: guest.cfg:3: ramdisk: expected a non-empty string, got \"\"" },
    { BASE "ramdisk = [ \"a\" ]", {0}, -1,
      "xl: guest.cfg:3: ramdisk: expected a string, got a list" },
    { "name = \"a b\"\nkernel='/k'", {0}, -1,
      "xl: guest.cfg:1: name: \"a b\" contains ' '; a name may contain only "
      "ASCII letters, digits and - _ . : + @" },
    { "name = \"a\xc3\xa9\"\nkernel='/k'", {0}, -1,
      "xl: guest.cfg:1: name: \"a\xc3\xa9\" contains 0xc3; a name may contain "
      "only ASCII letters, digits and - _ . : + @" },
    { "name = \"\"\nkernel='/k'", {0}, -1,
      "xl: guest.cfg:1: name: expected 1 to 64 characters, got 0" },
    { "name = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\""
      "\nkernel='/k'", {0}, -1,
      "xl: guest.cfg:1: name: expected 1 to 64 characters, got 65" },
    { "name = 123\nkernel='/k'", {0}, -1,
      "xl: guest.cfg:1: name: \"123\" is all digits and would read as a "
      "domain id; include a non-digit" },
    { "name = [ 'a' ]\nkernel='/k'", {0}, -1,
      "xl: guest.cfg:1: name: expected a domain name string, got a list" },
    { BASE "uuid = \"nope\"", {0}, -1,
      "xl: guest.cfg:3: uuid: expected a UUID like "
      "\"6ba7b810-9dad-11d1-80b4-00c04fd430c8\", got \"nope\"" },
    { BASE "uuid = [ 'x' ]", {0}, -1,
      "xl: guest.cfg:3: uuid: expected a UUID string, got a list" },
    { BASE "type = \"hvm\"", {0}, -1,
      "xl: guest.cfg:3: type: \"hvm\" guests are not supported; this xl "
      "builds only PV guests (type = \"pv\")" },
    { BASE "builder = \"hvm\"", {0}, -1,
      "xl: guest.cfg:3: builder: \"hvm\" guests are not supported; this xl "
      "builds only PV guests (builder = \"generic\")" },
    { BASE "type = \"xen\"", {0}, -1,
      "xl: guest.cfg:3: type: expected \"pv\", got \"xen\"" },
    { BASE "builder = \"linux\"", {0}, -1,
      "xl: guest.cfg:3: builder: expected \"generic\", got \"linux\"" },
    /* cpus */
    { BASE "cpus = []", {0}, -1,
      "xl: guest.cfg:3: cpus: the per-vCPU list is empty; remove cpus= to "
      "leave vCPUs unpinned" },
    { BASE "cpus = [ [\"1\"] ]", {0}, -1,
      "xl: guest.cfg:3: cpus: entry 0: expected a pinning string like "
      "\"0-3,^1\", got a list" },
    { BASE "maxvcpus = 2\ncpus = [ \"0\",\n \"x\" ]", {0}, -1,
      "xl: guest.cfg:5: cpus: entry 1: " CPUS_EXPECTED ", got \"x\"" },
    { BASE "cpus = \"nodes:0\"", {0}, -1,
      "xl: guest.cfg:3: cpus: NUMA node pinning (\"nodes:0\") is not "
      "supported; " CPUS_EXPECTED },
    { BASE "cpus = \"1024\"", {0}, -1,
      "xl: guest.cfg:3: cpus: CPU 1024 is out of range; CPUs are numbered 0 "
      "to 1023" },
    { BASE "cpus = \"3-1\"", {0}, -1,
      "xl: guest.cfg:3: cpus: range \"3-1\" is backwards; write \"1-3\"" },
    { BASE "cpus = \"1,^1\"", {0}, -1,
      "xl: guest.cfg:3: cpus: \"1,^1\" selects no CPU" },
    { BASE "cpus = \"1-\"", {0}, -1,
      "xl: guest.cfg:3: cpus: " CPUS_EXPECTED ", got \"1-\"" },
    { BASE "cpus = \"\"", {0}, -1,
      "xl: guest.cfg:3: cpus: " CPUS_EXPECTED ", got \"\"" },
    { BASE "cpus = [ 'a' ]\ncpus += 'b'", {0}, -1,
      "xl: guest.cfg:4: cpus: expected a pinning string like \"0-3,^1\" or a "
      "list of them (one per vCPU), got \"b\"" },
    { BASE "cpus = 'a'\ncpus += [ 'b' ]", {0}, -1,
      "xl: guest.cfg:4: cpus: expected a pinning string like \"0-3,^1\" or a "
      "list of them (one per vCPU), got a list" },
    { BASE "vcpus = 1\ncpus = [\"0\", \"1\"]", {0}, -1,
      "xl: guest.cfg:4: cpus: 2 per-vCPU entries but the guest has only 1 "
      "vCPUs" },
    /* actions */
    { BASE "on_crash = \"soft-reset\"", {0}, -1,
      "xl: guest.cfg:3: on_crash: \"soft-reset\" is not supported for PV "
      "guests; expected " ACTIONS },
    { BASE "on_reboot = \"reboot\"", {0}, -1,
      "xl: guest.cfg:3: on_reboot: expected " ACTIONS ", got \"reboot\"" },
    { BASE "on_poweroff = []", {0}, -1,
      "xl: guest.cfg:3: on_poweroff: expected an action name, got a list" },
    /* required keys and cross-field checks */
    { "", {0}, -1,
      "xl: guest.cfg: name: required; add e.g. name = \"guest1\"\n"
      "xl: guest.cfg: kernel: required for a PV guest unless bootloader= is "
      "set; add e.g. kernel = \"/boot/vmlinuz\" or bootloader = \"pygrub\"" },
    { "name = \"g\"\nbootloader = \"pygrub\"", {0}, -1,
      "xl: guest.cfg:2: bootloader: needs a disk to read the guest's kernel "
      "from; add disk = [ '/images/guest.img,raw,xvda,rw' ]" },
    { "name = \"g\"\nbootloader = \"\"", {0}, -1,
      "xl: guest.cfg:2: bootloader: expected a non-empty string, got \"\"\n"
      "xl: guest.cfg: kernel: required for a PV guest unless bootloader= is "
      "set; add e.g. kernel = \"/boot/vmlinuz\" or bootloader = \"pygrub\"" },
    { "name = \"g\"\nbootloader = \"pygrub\"\ndisk = [ '/i.img,raw,xvda' ]\n"
      "bootloader_args = [ '--entry=1', 2 ]", {0}, -1,
      "xl: guest.cfg:4: bootloader_args: item 1: expected a string" },
    { BASE "memory = 512\nmaxmem = 256", {0}, -1,
      "xl: guest.cfg:4: maxmem: 256 MiB is less than memory (512 MiB); maxmem "
      "must be at least memory" },
    { BASE "vcpus = 4\nmaxvcpus = 2", {0}, -1,
      "xl: guest.cfg:4: maxvcpus: 2 is less than vcpus (4); maxvcpus must be "
      "at least vcpus" },
    { BASE "memory = \"x\"\nvcpus = 0", {0}, -1,
      "xl: guest.cfg:3: memory: expected an integer number of MiB, got \"x\"\n"
      "xl: guest.cfg:4: vcpus: 0 is out of range; expected 1 to 512 vCPUs" },
    { BASE "disk = []\n" "disk += []\ndisk += []\ndisk += []\ndisk += []\n"
      "disk += []\ndisk += []\ndisk += []\ndisk += []\ndisk += []\n"
      "disk += []\ndisk += []\ndisk += []\ndisk += []\ndisk += []\n"
      "disk += []\ndisk += []\n", {0}, -1,
      "xl: guest.cfg:19: disk: more than 15 '+=' appends" },
    /* Xen keys Xenolite refuses, and unknown keys: errors, never ignored */
    { BASE "vnc = 1", {0}, -1,
      "xl: guest.cfg:3: vnc: not supported by Xenolite: no device model "
      "(QEMU); Xenolite runs PV guests" },
    { BASE "pci = [ \"01:00.0\" ]", {0}, -1,
      "xl: guest.cfg:3: pci: not supported by Xenolite: no PCI or device "
      "passthrough (no IOMMU support)" },
    { BASE "nomigrate = 0", {0}, -1,
      "xl: guest.cfg:3: nomigrate: not supported by Xenolite: domains cannot "
      "be saved or migrated (nomigrate = 1 is always true) (only \"1\" is "
      "accepted)" },
    { BASE "nomigrate = 1\nclaim_mode = 0\npool = \"Pool-0\"", {0}, 0, "" },
    { BASE "memroy = 5", {0}, -1,
      "xl: guest.cfg:3: memroy: unknown key (did you mean 'memory'?)" },
    { BASE "colour = \"blue\"", {0}, -1,
      "xl: guest.cfg:3: colour: unknown key: not an xl.cfg(5) key (docs/xl.md "
      "lists the keys)" },
    /* warnings */
    { BASE "bootloader = \"pygrub\"", {0}, 0,
      "xl: guest.cfg:3: warning: bootloader: ignored because kernel= is set" },
    { BASE "bootloader_args = \"-q\"", {0}, 0,
      "xl: guest.cfg:3: warning: bootloader_args: ignored because "
      "bootloader= is not set" },
    { BASE "memory = 5\nmemory = 6", {0}, 0,
      "xl: guest.cfg:4: warning: memory: set again; this value replaces the "
      "one on line 3" },
    /* disk specs */
    { BASE "disk = [ '/a,raw,xvda,rw,vdev=xvdb' ]", {0}, -1,
      "xl: guest.cfg:3: disk[0]: vdev given twice" },
    { BASE "disk = [ '/a,raw,xvda,foo=1' ]", {0}, -1,
      "xl: guest.cfg:3: disk[0]: unknown option 'foo'; " DISK_KEYS },
    { BASE "disk = [ '/a,raw,xvda,rw,more' ]", {0}, -1,
      "xl: guest.cfg:3: disk[0]: unexpected 'more': target, format, vdev and "
      "access are already given" },
    { BASE "disk = [ '/a,raw,xvda,devtype=floppy' ]", {0}, -1,
      "xl: guest.cfg:3: disk[0]: devtype \"floppy\" is not known; expected "
      "disk or cdrom" },
    { BASE "disk = [ '/a,raw' ]", {0}, -1,
      "xl: guest.cfg:3: disk[0]: no vdev given; write e.g. "
      "'/images/guest.img,raw,xvda,rw' or 'vdev=xvda, "
      "target=/images/guest.img'" },
    { BASE "disk = [ '/a,raw,vda' ]", {0}, -1,
      "xl: guest.cfg:3: disk[0]: vdev \"vda\" is not a virtual disk name; "
      "expected xvd<letters>[<partition>] like xvda or xvdb1 (or "
      "hd<x>/sd<x>)" },
    { BASE "disk = [ '/a,vmdk,xvda' ]", {0}, -1,
      "xl: guest.cfg:3: disk[0]: format \"vmdk\" is not known; expected raw, "
      "qcow, qcow2, vhd, qed or empty" },
    { BASE "disk = [ '/a,raw,xvda,rx' ]", {0}, -1,
      "xl: guest.cfg:3: disk[0]: access \"rx\" is not known; expected ro, r, "
      "rw or w" },
    { BASE "disk = [ ',raw,xvda' ]", {0}, -1,
      "xl: guest.cfg:3: disk[0]: no target given; only a cdrom may be empty; "
      "write e.g. '/images/guest.img,raw,xvda,rw'" },
    { BASE "disk = [ '/a,empty,hdc,cdrom' ]", {0}, -1,
      "xl: guest.cfg:3: disk[0]: format \"empty\" cannot have a target "
      "(\"/a\")" },
    { BASE "disk = [ '/a,raw,xvda,backendtype=nbd' ]", {0}, -1,
      "xl: guest.cfg:3: disk[0]: backendtype \"nbd\" is not known; expected "
      "phy, qdisk, tap or standalone" },
    { BASE "disk = [ 5 ]", {0}, -1,
      "xl: guest.cfg:3: disk[0]: expected a disk spec string like "
      "'/images/guest.img,raw,xvda,rw', got a number" },
    { BASE "disk = [ '/a,raw,xvda',\n '/b,raw,xvda' ]", {0}, -1,
      "xl: guest.cfg:4: disk[1]: vdev xvda is already used by disk[0]" },
    /* vif specs */
    { BASE "vif = [ 'colour=red' ]", {0}, -1,
      "xl: guest.cfg:3: vif[0]: unknown option 'colour'; accepted: "
      VIF_KEYS },
    { BASE "vif = [ 'bridge=a,bridge=b' ]", {0}, -1,
      "xl: guest.cfg:3: vif[0]: bridge given twice" },
    { BASE "vif = [ 'mac=00:16:3e:12:34' ]", {0}, -1,
      "xl: guest.cfg:3: vif[0]: mac \"00:16:3e:12:34\" is not a MAC address; "
      "expected six hex pairs like 00:16:3e:12:34:56" },
    { BASE "vif = [ 'mac=01:16:3e:12:34:56' ]", {0}, -1,
      "xl: guest.cfg:3: vif[0]: mac \"01:16:3e:12:34:56\" is a multicast "
      "address; the first byte must be even (e.g. 00:16:3e:...)" },
    { BASE "vif = [ 'mtu=20' ]", {0}, -1,
      "xl: guest.cfg:3: vif[0]: mtu \"20\" is not valid; expected an integer "
      "from 68 to 65535" },
    { BASE "vif = [ '', 'rate=fast' ]", {0}, -1,
      "xl: guest.cfg:3: vif[1]: rate \"fast\" is not a rate; expected "
      "<number>[K|M|G|T]<b|B>/s[@<number><s|ms|us>] like \"10Mb/s\" or "
      "\"5MB/s@20ms\"" },
    { BASE "vif = [ 'vifname=averyveryverylongname' ]", {0}, -1,
      "xl: guest.cfg:3: vif[0]: vifname \"averyveryverylongname\" is not a "
      "network interface name; expected 1 to 15 characters without '/', ':' "
      "or spaces" },
    { BASE "vif = [ 'type=tap' ]", {0}, -1,
      "xl: guest.cfg:3: vif[0]: type \"tap\" is not a vif type; expected "
      "vif" },
    { BASE "vif = [ 'bridge=xenbr0,backendtype=tap' ]", {0}, -1,
      "xl: guest.cfg:3: vif[0]: backendtype \"tap\" is not a net back end; "
      "expected qnic (the default) or netback" },
    { BASE "vif = [ 'bridge' ]", {0}, -1,
      "xl: guest.cfg:3: vif[0]: expected key=value, got 'bridge'; accepted "
      "keys: " VIF_KEYS },
    { BASE "vif = [ 1 ]", {0}, -1,
      "xl: guest.cfg:3: vif[0]: expected a vif spec string like "
      "'mac=00:16:3e:12:34:56,bridge=xenbr0', got a number" },
};

static void test_bad_inputs(void)
{
    for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct xl_domain_config c;
        unsigned int nr = bad[i].ovr[1] ? 2 : bad[i].ovr[0] ? 1 : 0;
        char *msgs, label[32];
        int rc;

        rc = xlt_cfg(bad[i].text, (char *const *)bad[i].ovr, nr, &c, &msgs);
        snprintf(label, sizeof(label), "bad[%u]", i);
        CU_ASSERT(xlt_streq(label, msgs, bad[i].want));
        CU_ASSERT_EQUAL(rc, bad[i].rc);
        if (rc == 0)
            xl_config_free(&c);
        else                            /* failure leaves nothing to free */
            CU_ASSERT_PTR_NULL(c.name);
        free(msgs);
    }
}

static void test_load_errors(void)
{
    struct xl_domain_config c;
    char path[] = "/tmp/xl-test-XXXXXX", *got;
    struct xl_msgs m;
    int fd;

    xl_msgs_init(&m);
    CU_ASSERT_EQUAL(xl_config_load("/nonexistent/g.cfg", NULL, 0, &c, &m), -1);
    got = xl_msgs_join(&m);
    STREQ(got, "xl: cannot open '/nonexistent/g.cfg': No such file or "
          "directory");
    free(got);
    xl_msgs_free(&m);

    fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, "name\0", 5), 5);
    close(fd);
    CU_ASSERT_EQUAL(xl_config_load(path, NULL, 0, &c, &m), -1);
    got = xl_msgs_join(&m);
    CU_ASSERT(strstr(got, "' is not a text file (it contains NUL bytes)") != NULL);
    free(got);
    xl_msgs_free(&m);
    unlink(path);

    /* A directory opens but does not read. */
    CU_ASSERT_EQUAL(xl_config_load("/tmp", NULL, 0, &c, &m), -1);
    got = xl_msgs_join(&m);
    STREQ(got, "xl: cannot read '/tmp': Is a directory");
    free(got);
    xl_msgs_free(&m);
}

/* cfg -> struct -> cfg text -> struct is the identity. */
static void test_cfg_roundtrip(void)
{
    static const char *const files[] = { "full.cfg", "minimal.cfg", "perv.cfg" };

    for (unsigned int i = 0; i < 3; i++) {
        struct xl_domain_config a, b;
        const char *what = NULL;
        char *msgs, *text;

        CU_ASSERT_EQUAL_FATAL(parse_file(files[i], NULL, 0, &a, &msgs), 0);
        free(msgs);
        text = xl_cfg_write(&a);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        CU_ASSERT_EQUAL_FATAL(xlt_cfg(text, NULL, 0, &b, &msgs), 0);
        STREQ(msgs, "");
        CU_ASSERT(xl_config_equal(&a, &b, &what));
        if (what)
            fprintf(stderr, "---- %s: %s differs after cfg round trip\n",
                    files[i], what);
        free(msgs);
        free(text);
        xl_config_free(&a);
        xl_config_free(&b);
    }
}

/*
 * A quoted string keeps its white space exactly, also through xl_cfg_write:
 * the fuzzer's kernel = "\t" (whose XML round trip the harness then
 * misjudged) must come back as one tab, not trimmed or re-quoted.
 */
static void test_blank_string_roundtrip(void)
{
    struct xl_domain_config a, b;
    const char *what = NULL;
    char *msgs, *text;

    CU_ASSERT_EQUAL_FATAL(xlt_cfg("name = \"tiny\"\nkernel = \"\t\"\n"
                                  "ramdisk = ' r '\n", NULL, 0, &a, &msgs), 0);
    free(msgs);
    STREQ(a.kernel, "\t");
    STREQ(a.ramdisk, " r ");
    text = xl_cfg_write(&a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_EQUAL_FATAL(xlt_cfg(text, NULL, 0, &b, &msgs), 0);
    free(msgs);
    STREQ(b.kernel, "\t");
    STREQ(b.ramdisk, " r ");
    CU_ASSERT(xl_config_equal(&a, &b, &what));
    free(text);
    xl_config_free(&a);
    xl_config_free(&b);
}

static CU_TestInfo cases[] = {
    { "full_cfg_values", test_full },
    { "minimal_cfg_defaults", test_minimal_defaults },
    { "per_vcpu_pinning_and_append", test_per_vcpu_and_append },
    { "command_line_overrides", test_overrides },
    { "xen_cmdline_root_extra_rules", test_cmdline_rules },
    { "bootloader_keys", test_bootloader_keys },
    { "lexer_corners", test_lexer },
    { "nul_byte_in_string", test_nul_in_string },
    { "blank_string_cfg_roundtrip", test_blank_string_roundtrip },
    { "cpumap_parse_format", test_cpumap },
    { "disk_spec_xen_equivalents", test_disk_equivalents },
    { "disk_record_errors", test_disk_record_errors },
    { "every_error_message", test_bad_inputs },
    { "load_errors", test_load_errors },
    { "cfg_write_roundtrip", test_cfg_roundtrip },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("xl_cfg", NULL, NULL, cases);
