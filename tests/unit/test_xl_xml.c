/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * XML config golden tests: full.xml means the same as full.cfg, every cfg
 * survives cfg -> struct -> XML -> struct, and bad documents give libxml2's
 * (schema or well-formedness) or xl's own message with the line number.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "cfg_syntax.h"

char *xlt_read(const char *name, size_t *len);
int xlt_streq(const char *what, const char *got, const char *want);
int xlt_cfg(const char *text, char *const *ovr, unsigned int nr,
            struct xl_domain_config *c, char **msgs);
int xlt_xml(const char *text, char *const *ovr, unsigned int nr,
            struct xl_domain_config *c, char **msgs);

#define STREQ(got, want) CU_ASSERT(xlt_streq(#got, (got), (want)))

static int load(const char *name, char *const *ovr, unsigned int nr,
                struct xl_domain_config *c)
{
    char *text = xlt_read(name, NULL), *msgs;
    int rc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    if (strstr(name, ".xml"))
        rc = xlt_xml(text, ovr, nr, c, &msgs);
    else
        rc = xlt_cfg(text, ovr, nr, c, &msgs);
    STREQ(msgs, "");
    free(msgs);
    free(text);
    return rc;
}

static void test_xml_equals_cfg(void)
{
    struct xl_domain_config x, c;
    const char *what = NULL;

    CU_ASSERT_EQUAL_FATAL(load("full.xml", NULL, 0, &x), 0);
    CU_ASSERT_EQUAL_FATAL(load("full.cfg", NULL, 0, &c), 0);
    CU_ASSERT(xl_config_equal(&x, &c, &what));
    if (what)
        fprintf(stderr, "---- full.xml and full.cfg differ in %s\n", what);
    CU_ASSERT_EQUAL(x.disks[3].discard, 1);
    CU_ASSERT_EQUAL(x.vifs[0].rate_interval_usec, 20000);
    xl_config_free(&x);
    xl_config_free(&c);
}

static void test_xml_overrides(void)
{
    char *ovr[] = { "memory=768", "vif+=['bridge=br9']" };
    struct xl_domain_config x;

    CU_ASSERT_EQUAL_FATAL(load("full.xml", ovr, 2, &x), 0);
    CU_ASSERT_EQUAL(x.memory_mib, 768);
    CU_ASSERT_EQUAL_FATAL(x.nr_vifs, 3);
    STREQ(x.vifs[2].bridge, "br9");
    xl_config_free(&x);
}

/* cfg -> struct -> XML (validated on the way back in) -> struct. */
static void test_roundtrip(void)
{
    static const char *const files[] = { "full.cfg", "minimal.cfg",
                                         "perv.cfg", "full.xml",
                                         "bootloader.cfg",
                                         "bootloader.out.xml" };

    for (unsigned int i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        struct xl_domain_config a, b;
        const char *what = NULL;
        char *xml, *msgs;

        CU_ASSERT_EQUAL_FATAL(load(files[i], NULL, 0, &a), 0);
        xml = xl_xml_write(&a);
        CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
        CU_ASSERT_EQUAL(xlt_xml(xml, NULL, 0, &b, &msgs), 0);
        STREQ(msgs, "");
        CU_ASSERT(xl_config_equal(&a, &b, &what));
        if (what)
            fprintf(stderr, "---- %s: %s differs after XML round trip\n%s",
                    files[i], what, xml);
        free(msgs);
        free(xml);
        xl_config_free(&a);
        xl_config_free(&b);
    }
}

#define DOC(body) "<?xml version=\"1.0\"?>\n<domain>\n  <name>g</name>\n" \
    "  <kernel>/k</kernel>\n" body "</domain>\n"

static const struct {
    const char *text;
    int rc;
    const char *want;
} bad[] = {
    /* well-formedness: libxml2's parser */
    { "", -1, "xl: guest.xml: the document is empty; expected a <domain> "
      "element" },
    { " \n", -1, "xl: guest.xml: the document is empty; expected a <domain> "
      "element" },
    { "<domain>&bogus;</domain>", -1,
      "xl: guest.xml:1: Entity 'bogus' not defined" },
    { "<domain>\n  <name>g</name>\n  <kernel>/k\n</domain>\n", -1,
      "xl: guest.xml:4: Opening and ending tag mismatch: kernel line 3 and "
      "domain\n"
      "xl: guest.xml:5: Premature end of data in tag domain line 1" },
    /* the schema: libxml2's RELAX NG validator */
    { DOC("  <memory>lots</memory>\n"), -1,
      "xl: guest.xml:5: element memory: Type positiveInteger doesn't allow "
      "value 'lots'\n"
      "xl: guest.xml:5: element memory: Error validating datatype "
      "positiveInteger\n"
      "xl: guest.xml:5: element memory: Element memory failed to validate "
      "content" },
    { DOC("  <colour>blue</colour>\n"), -1,
      "xl: guest.xml:5: element colour: Did not expect element colour there" },
    { "<dom/>\n", -1,
      "xl: guest.xml:1: element dom: Expecting element domain, got dom" },
    { DOC("  <type>hvm</type>\n"), -1,
      "xl: guest.xml:5: element type: Error validating value \"hvm\"\n"
      "xl: guest.xml:5: element type: Element type failed to validate "
      "content" },
    { DOC("  <disks>\n    <disk vdev=\"xvda\" target=\"/a\" format=\"vmdk\"/>\n"
          "  </disks>\n"), -1,
      "xl: guest.xml:6: element disk: Invalid attribute format for element "
      "disk" },
    { DOC("  <disks>\n    <disk target=\"/a\"/>\n  </disks>\n"), -1,
      "xl: guest.xml: Element disk failed to validate attributes" },
    { DOC("  <on_crash>soft-reset</on_crash>\n"), -1,
      "xl: guest.xml:5: element on_crash: Error validating value "
      "\"soft-reset\"\n"
      "xl: guest.xml:5: element on_crash: Element on_crash failed to "
      "validate content" },
    /* xl's own checks, with the element's line */
    { DOC("  <memory>512</memory>\n  <maxmem>256</maxmem>\n"), -1,
      "xl: guest.xml:6: maxmem: 256 MiB is less than memory (512 MiB); "
      "maxmem must be at least memory" },
    { DOC("  <disks>\n    <disk vdev=\"vda\" target=\"/a\"/>\n  </disks>\n"), -1,
      "xl: guest.xml:6: disk[0]: vdev \"vda\" is not a virtual disk name; "
      "expected xvd<letters>[<partition>] like xvda or xvdb1 (or "
      "hd<x>/sd<x>)" },
    { DOC("  <cpus><vcpu>0</vcpu>\n    <vcpu>9-1</vcpu></cpus>\n"), -1,
      "xl: guest.xml:6: cpus: entry 1: range \"9-1\" is backwards; write "
      "\"1-9\"" },
    { DOC("  <vifs><vif mac=\"01:00:00:00:00:01\"/></vifs>\n"), -1,
      "xl: guest.xml:5: vif[0]: mac \"01:00:00:00:00:01\" is a multicast "
      "address; the first byte must be even (e.g. 00:16:3e:...)" },
    /* corpus xl/vif-ip-comma-xml.xml: no spec string can write these */
    { DOC("  <vifs><vif ip=\"10.0.0.1,x\"/></vifs>\n"), -1,
      "xl: guest.xml:5: vif[0]: ip \"10.0.0.1,x\" contains ','; a vif spec "
      "cannot carry it" },
    { DOC("  <disks><disk target=\"/a,b\" vdev=\"xvda\" script=\"s,t\"/>"
          "</disks>\n"), -1,
      "xl: guest.xml:5: disk[0]: script \"s,t\" contains ','; only a target "
      "may" },
    { "<domain><kernel>/k</kernel></domain>", -1,
      "xl: guest.xml: name: required; add e.g. name = \"guest1\"" },
    { DOC("  <name>h</name>\n"), 0,
      "xl: guest.xml:5: warning: name: set again; this value replaces the "
      "one on line 3" },
};

static void test_bad_documents(void)
{
    for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct xl_domain_config c;
        char label[32], *msgs;
        int rc = xlt_xml(bad[i].text, NULL, 0, &c, &msgs);

        snprintf(label, sizeof(label), "xml bad[%u]", i);
        CU_ASSERT(xlt_streq(label, msgs, bad[i].want));
        CU_ASSERT_EQUAL(rc, bad[i].rc);
        if (!rc)
            xl_config_free(&c);
        free(msgs);
    }
}

/* The writer's output for full.cfg, pinned (docs/xl.md shows it). */
static void test_writer_golden(void)
{
    struct xl_domain_config c;
    char *xml, *want;

    CU_ASSERT_EQUAL_FATAL(load("full.cfg", NULL, 0, &c), 0);
    xml = xl_xml_write(&c);
    want = xlt_read("full.out.xml", NULL);
    STREQ(xml, want);
    free(xml);
    free(want);
    xl_config_free(&c);
}

/*
 * Regression (fuzzer, corpus xl/vif-ip-trailing-space-xml.xml): the XML
 * attribute ip="10.0.0.2  " kept its spaces, xl_cfg_write put them before
 * the spec's next comma, and the xl.cfg reader trimmed them: the vif changed
 * in the round trip. Vif values now lose surrounding white space in both
 * syntaxes.
 */
static void test_vif_value_white_space(void)
{
    struct xl_domain_config x, c;
    char *msgs;

    CU_ASSERT_EQUAL_FATAL(xlt_xml(DOC("  <vifs><vif ip=\" 10.0.0.2  \" "
                                      "bridge=\"br1 \" script=\"vif-bridge\"/>"
                                      "</vifs>\n"),
                                  NULL, 0, &x, &msgs), 0);
    free(msgs);
    CU_ASSERT_EQUAL_FATAL(xlt_cfg("name='g'\nkernel='/k'\n"
                                  "vif=['ip= 10.0.0.2 ,bridge=br1,"
                                  "script=vif-bridge']\n",
                                  NULL, 0, &c, &msgs), 0);
    free(msgs);
    CU_ASSERT_EQUAL_FATAL(x.nr_vifs, 1);
    STREQ(x.vifs[0].ip, "10.0.0.2");
    STREQ(x.vifs[0].bridge, "br1");
    CU_ASSERT_EQUAL_FATAL(c.nr_vifs, 1);
    STREQ(c.vifs[0].ip, "10.0.0.2");
    STREQ(c.vifs[0].bridge, "br1");
    xl_config_free(&x);
    xl_config_free(&c);
}

/*
 * Regression (corpus xl/disk-backend-script-trailing-space-xml.xml): the
 * same for disk values; only the target is taken as it is.
 */
static void test_disk_value_white_space(void)
{
    struct xl_domain_config x;
    char *msgs;

    CU_ASSERT_EQUAL_FATAL(xlt_xml(DOC("  <disks><disk target=\" /a \" "
                                      "vdev=\"xvda\" script=\" s  \" "
                                      "backend=\"b \"/></disks>\n"),
                                  NULL, 0, &x, &msgs), 0);
    free(msgs);
    CU_ASSERT_EQUAL_FATAL(x.nr_disks, 1);
    STREQ(x.disks[0].target, " /a ");
    STREQ(x.disks[0].script, "s");
    STREQ(x.disks[0].backend, "b");
    xl_config_free(&x);
}

/* bootloader= and bootloader_args: the writer's output pinned; <arg>s are
 * taken as they are, the one-string form is split at spaces (as xl.cfg). */
static void test_bootloader(void)
{
    struct xl_domain_config c, x;
    const char *what = NULL;
    char *xml, *want, *msgs;

    CU_ASSERT_EQUAL_FATAL(load("bootloader.cfg", NULL, 0, &c), 0);
    xml = xl_xml_write(&c);
    want = xlt_read("bootloader.out.xml", NULL);
    STREQ(xml, want);
    free(xml);
    free(want);
    CU_ASSERT_EQUAL_FATAL(load("bootloader.out.xml", NULL, 0, &x), 0);
    CU_ASSERT(xl_config_equal(&c, &x, &what));
    xl_config_free(&x);
    xl_config_free(&c);

    CU_ASSERT_EQUAL_FATAL(xlt_cfg("name='g'\nbootloader='pygrub'\n"
                                  "bootloader_args=[' a b ', '']\n"
                                  "disk=['/d.img,raw,xvda']\n",
                                  NULL, 0, &c, &msgs), 0);
    free(msgs);
    xml = xl_xml_write(&c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    CU_ASSERT_EQUAL_FATAL(xlt_xml(xml, NULL, 0, &x, &msgs), 0);
    free(msgs);
    CU_ASSERT_EQUAL_FATAL(x.nr_bootloader_args, 2);
    STREQ(x.bootloader_args[0], " a b ");
    STREQ(x.bootloader_args[1], "");
    CU_ASSERT(xl_config_equal(&c, &x, &what));
    free(xml);
    xl_config_free(&x);
    xl_config_free(&c);

    CU_ASSERT_EQUAL_FATAL(xlt_xml("<domain><name>g</name><bootloader>pygrub"
                                  "</bootloader><bootloader_args> --entry=1 "
                                  "-q </bootloader_args><disks><disk "
                                  "target=\"/d\" vdev=\"xvda\"/></disks>"
                                  "</domain>", NULL, 0, &x, &msgs), 0);
    STREQ(msgs, "");
    free(msgs);
    CU_ASSERT_EQUAL_FATAL(x.nr_bootloader_args, 2);
    STREQ(x.bootloader, "pygrub");
    STREQ(x.bootloader_args[0], "--entry=1");
    STREQ(x.bootloader_args[1], "-q");
    xl_config_free(&x);
}

static CU_TestInfo cases[] = {
    { "full_xml_equals_full_cfg", test_xml_equals_cfg },
    { "xml_with_overrides", test_xml_overrides },
    { "cfg_xml_struct_roundtrip", test_roundtrip },
    { "every_error_message", test_bad_documents },
    { "xml_writer_golden", test_writer_golden },
    { "bootloader_and_args", test_bootloader },
    { "vif_value_white_space", test_vif_value_white_space },
    { "disk_value_white_space", test_disk_value_white_space },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("xl_xml", NULL, NULL, cases);
