/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain configuration as XML: validated against the embedded RELAX NG
 * schema (xl-domain.rng), then mapped element-for-key onto the same
 * settings the xl.cfg parser produces, so both share every check.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "cfg_syntax.h"

/* The schema, embedded at build time (XL_RNG_PATH names the file). */
__asm__(".section .rodata\n"
        ".global xl_domain_rng\n"
        ".hidden xl_domain_rng\n"
        ".type xl_domain_rng, @object\n"
        "xl_domain_rng:\n"
        ".incbin \"" XL_RNG_PATH "\"\n"
        ".byte 0\n"
        ".size xl_domain_rng, . - xl_domain_rng\n"
        ".previous\n");

struct xml_errs {
    struct xl_msgs *msgs;
    const char *src;
};

/* libxml2 structured errors -> "xl: guest.xml:7: element memory: ..." */
static void xml_error(void *data, xmlErrorPtr e)
{
    struct xml_errs *x = data;
    struct xl_loc loc = { x->src, e->line, 0 };
    char *msg = strdup(e->message ? e->message : "unknown error");
    xmlNodePtr node = e->node;
    size_t n;

    if (!msg)
        return;
    n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    if (!loc.line && node && node->type == XML_ELEMENT_NODE)
        loc.line = (int)xmlGetLineNo(node);
    if (e->level == XML_ERR_WARNING) {
        xl_msg_warn(x->msgs, &loc, NULL, "%s", msg);
        free(msg);
        return;
    }
    if (e->domain == XML_FROM_RELAXNGV && node &&
        node->type == XML_ELEMENT_NODE) {
        xmlChar *text = NULL;

        /* libxml2 does not say which value; the element's text is it. */
        if (!strcmp(msg, "Error validating value"))
            text = xmlNodeGetContent(node);
        xl_msg_error(x->msgs, &loc, NULL, "element %s: %s%s%s%s",
                     (const char *)node->name, msg, text ? " \"" : "",
                     text ? (const char *)text : "", text ? "\"" : "");
        xmlFree(text);
    }
    else
        xl_msg_error(x->msgs, &loc, NULL, "%s", msg);
    free(msg);
}

static int validate(xmlDocPtr doc, struct xml_errs *x)
{
    xmlRelaxNGParserCtxtPtr pctxt;
    xmlRelaxNGValidCtxtPtr vctxt = NULL;
    xmlRelaxNGPtr schema = NULL;
    int rc = -1;

    pctxt = xmlRelaxNGNewMemParserCtxt(xl_domain_rng, strlen(xl_domain_rng));
    if (!pctxt)
        goto out;
    schema = xmlRelaxNGParse(pctxt);
    if (!schema) {
        xl_msg_error(x->msgs, NULL, NULL, "internal error: the embedded XML "
                     "schema does not parse");
        goto out;
    }
    vctxt = xmlRelaxNGNewValidCtxt(schema);
    if (!vctxt)
        goto out;
    xmlRelaxNGSetValidStructuredErrors(vctxt, xml_error, x);
    rc = xmlRelaxNGValidateDoc(vctxt, doc) == 0 ? 0 : -1;
    if (rc && !x->msgs->nr_errors)
        xl_msg_error(x->msgs, NULL, NULL, "%s: does not match the domain "
                     "schema", x->src);
 out:
    xmlRelaxNGFreeValidCtxt(vctxt);
    xmlRelaxNGFree(schema);
    xmlRelaxNGFreeParserCtxt(pctxt);
    return rc;
}

static char *text_of(xmlNodePtr n)
{
    xmlChar *c = xmlNodeGetContent(n);
    char *s, *start, *end;

    if (!c)
        return strdup("");
    start = (char *)c;
    while (*start == ' ' || *start == '\t' || *start == '\n' || *start == '\r')
        start++;
    end = start + strlen(start);
    while (end > start && (end[-1] == ' ' || end[-1] == '\t' ||
                           end[-1] == '\n' || end[-1] == '\r'))
        end--;
    s = strndup(start, end - start);
    xmlFree(c);
    return s;
}

/* An <arg> of bootloader_args is taken as it is: spaces may matter. */
static char *item_text(xmlNodePtr n)
{
    xmlChar *c;
    char *s;

    if (strcmp((const char *)n->name, "arg"))
        return text_of(n);
    c = xmlNodeGetContent(n);
    s = strdup(c ? (const char *)c : "");
    xmlFree(c);
    return s;
}

static int add_setting(struct cfg_file *f, const char *key,
                       const struct xl_loc *loc, struct cfg_value *v)
{
    char *k = strdup(key);

    if (!k || cfg_file_add(f, k, false, loc, v) < 0) {
        free(k);
        cfg_value_free(v);
        return -1;
    }
    return 0;
}

/* <disks><disk a=".."/></disks> -> "disk" = list of records. */
static struct cfg_value *device_list(xmlNodePtr parent, const char *child,
                                     const char *src)
{
    struct xl_loc loc = { src, (int)xmlGetLineNo(parent), 0 };
    struct cfg_value *list = cfg_value_new(CFG_LIST, &loc);

    if (!list)
        return NULL;
    for (xmlNodePtr n = parent->children; n; n = n->next) {
        struct cfg_value *rec;

        if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, child))
            continue;
        loc.line = (int)xmlGetLineNo(n);
        rec = cfg_value_new(CFG_RECORD, &loc);
        if (!rec || cfg_list_add(list, rec) < 0) {
            cfg_value_free(rec);
            goto fail;
        }
        for (xmlAttrPtr a = n->properties; a; a = a->next) {
            xmlChar *val = xmlNodeListGetString(n->doc, a->children, 1);
            int rc = cfg_record_add(rec, (const char *)a->name,
                                    val ? (const char *)val : "");

            xmlFree(val);
            if (rc < 0)
                goto fail;
        }
    }
    return list;
 fail:
    cfg_value_free(list);
    return NULL;
}

static int doc_to_settings(xmlDocPtr doc, const char *src, struct cfg_file *f)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);

    memset(f, 0, sizeof(*f));
    f->src = src;
    for (xmlNodePtr n = root->children; n; n = n->next) {
        struct xl_loc loc = { src, (int)xmlGetLineNo(n), 0 };
        const char *name = (const char *)n->name;
        struct cfg_value *v;
        bool has_items = false;

        if (n->type != XML_ELEMENT_NODE)
            continue;
        /* <cpus><vcpu>..</vcpu></cpus>, <bootloader_args><arg>..</arg>..:
         * a list of strings (the schema allows no other children). */
        for (xmlNodePtr c = n->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE &&
                (!strcmp((const char *)c->name, "vcpu") ||
                 !strcmp((const char *)c->name, "arg")))
                has_items = true;
        if (!strcmp(name, "disks") || !strcmp(name, "vifs")) {
            v = device_list(n, !strcmp(name, "disks") ? "disk" : "vif", src);
            name = !strcmp(name, "disks") ? "disk" : "vif";
        } else if (has_items) {
            v = cfg_value_new(CFG_LIST, &loc);
            for (xmlNodePtr c = n->children; v && c; c = c->next) {
                struct xl_loc cl = { src, (int)xmlGetLineNo(c), 0 };
                struct cfg_value *item;

                if (c->type != XML_ELEMENT_NODE)
                    continue;
                item = cfg_value_new(CFG_STRING, &cl);
                if (!item || !(item->text = item_text(c)) ||
                    cfg_list_add(v, item) < 0) {
                    cfg_value_free(item);
                    cfg_value_free(v);
                    v = NULL;
                }
            }
        } else {
            v = cfg_value_new(CFG_STRING, &loc);
            if (v && !(v->text = text_of(n))) {
                cfg_value_free(v);
                v = NULL;
            }
        }
        if (!v || add_setting(f, name, &loc, v) < 0) {
            cfg_file_free(f);
            return -1;
        }
    }
    return 0;
}

int xl_xml_parse(const char *text, size_t len, const char *src,
                 char *const *overrides, unsigned int nr_overrides,
                 struct xl_domain_config *c, struct xl_msgs *msgs)
{
    struct xml_errs x = { msgs, src };
    struct cfg_file file = { 0 }, over = { 0 };
    unsigned int errors_before = msgs->nr_errors;
    xmlDocPtr doc = NULL;
    int rc = -1;

    xl_config_init(c);
    if (strspn(text, " \t\r\n") >= len) {
        xl_msg_error(msgs, NULL, NULL, "%s: the document is empty; expected "
                     "a <domain> element", src);
        return -1;
    }
    xmlSetStructuredErrorFunc(&x, xml_error);
    doc = xmlReadMemory(text, (int)len, src, NULL, XML_PARSE_NONET);
    if (!doc) {
        if (msgs->nr_errors == errors_before)
            xl_msg_error(msgs, NULL, NULL, "%s: not an XML document", src);
        goto out;
    }
    if (validate(doc, &x) < 0)
        goto out;
    if (doc_to_settings(doc, src, &file) < 0) {
        xl_msg_error(msgs, NULL, NULL, "%s: out of memory", src);
        goto out;
    }
    for (unsigned int i = 0; i < nr_overrides; i++)
        if (cfg_syntax_parse_override(overrides[i], (int)i + 1, &over,
                                      msgs) < 0)
            goto out;
    rc = cfg_build(&file, &over, c, msgs);
 out:
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlFreeDoc(doc);
    cfg_file_free(&file);
    cfg_file_free(&over);
    return rc;
}

/* ---- writer ----------------------------------------------------------- */

/* XML 1.0 text: UTF-8 without C0 controls other than tab, LF and CR. */
static bool xml_can_carry(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            return false;
    return xmlCheckUTF8((const xmlChar *)s);
}

/*
 * The writers clear *ok when XML cannot carry a string or libxml2 fails:
 * leaving the string out would change the config.
 */
static void add_text(xmlNodePtr parent, const char *name, const char *value,
                     bool *ok)
{
    if (value && (!xml_can_carry(value) ||
                  !xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST value)))
        *ok = false;
}

static void add_uint(xmlNodePtr parent, const char *name, unsigned long long v,
                     bool *ok)
{
    char buf[32];

    snprintf(buf, sizeof(buf), "%llu", v);
    add_text(parent, name, buf, ok);
}

static void add_attr(xmlNodePtr n, const char *name, const char *value,
                     bool *ok)
{
    if (value && (!xml_can_carry(value) ||
                  !xmlNewProp(n, BAD_CAST name, BAD_CAST value)))
        *ok = false;
}

static void write_disks(xmlNodePtr root, const struct xl_domain_config *c,
                        bool *ok)
{
    xmlNodePtr list = xmlNewChild(root, NULL, BAD_CAST "disks", NULL);

    if (!list)
        *ok = false;
    for (unsigned int i = 0; list && i < c->nr_disks; i++) {
        const struct xl_disk *d = &c->disks[i];
        xmlNodePtr n = xmlNewChild(list, NULL, BAD_CAST "disk", NULL);

        if (!n) {
            *ok = false;
            return;
        }
        add_attr(n, "target", d->target, ok);
        add_attr(n, "format", xl_disk_format_name(d->format), ok);
        add_attr(n, "vdev", d->vdev, ok);
        add_attr(n, "access", d->readonly ? "ro" : "rw", ok);
        add_attr(n, "devtype", d->cdrom ? "cdrom" : "disk", ok);
        add_attr(n, "backend", d->backend, ok);
        if (d->backendtype != XL_DISK_BACKEND_DEFAULT)
            add_attr(n, "backendtype",
                     xl_disk_backendtype_name(d->backendtype), ok);
        add_attr(n, "script", d->script, ok);
        if (d->discard >= 0)
            add_attr(n, "discard", d->discard ? "true" : "false", ok);
        if (d->direct_io_safe)
            add_attr(n, "direct-io-safe", "true", ok);
    }
}

static void write_vifs(xmlNodePtr root, const struct xl_domain_config *c,
                       bool *ok)
{
    xmlNodePtr list = xmlNewChild(root, NULL, BAD_CAST "vifs", NULL);

    if (!list)
        *ok = false;
    for (unsigned int i = 0; list && i < c->nr_vifs; i++) {
        const struct xl_vif *v = &c->vifs[i];
        xmlNodePtr n = xmlNewChild(list, NULL, BAD_CAST "vif", NULL);
        char buf[64];

        if (!n) {
            *ok = false;
            return;
        }
        if (v->has_mac) {
            xl_mac_format(v->mac, buf);
            add_attr(n, "mac", buf, ok);
        }
        add_attr(n, "bridge", v->bridge, ok);
        add_attr(n, "ip", v->ip, ok);
        add_attr(n, "model", v->model, ok);
        add_attr(n, "vifname", v->vifname, ok);
        add_attr(n, "backend", v->backend, ok);
        add_attr(n, "script", v->script, ok);
        if (v->rate) {
            xl_rate_format(v, buf, sizeof(buf));
            add_attr(n, "rate", buf, ok);
        }
        add_attr(n, "gatewaydev", v->gatewaydev, ok);
        add_attr(n, "type", v->type, ok);
        add_attr(n, "backendtype", v->backendtype, ok);
        if (v->mtu) {
            snprintf(buf, sizeof(buf), "%u", v->mtu);
            add_attr(n, "mtu", buf, ok);
        }
    }
}

char *xl_xml_write(const struct xl_domain_config *c)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root;
    xmlChar *out = NULL;
    char uuid[37], *s = NULL;
    bool ok = true;
    int len = 0;

    if (!doc)
        return NULL;
    root = xmlNewNode(NULL, BAD_CAST "domain");
    if (!root)
        goto out;
    xmlDocSetRootElement(doc, root);
    xmlNewProp(root, BAD_CAST "version", BAD_CAST "1");
    add_text(root, "name", c->name, &ok);
    uuid_unparse_lower(c->uuid, uuid);
    add_text(root, "uuid", uuid, &ok);
    add_text(root, "type", "pv", &ok);
    add_uint(root, "memory", c->memory_mib, &ok);
    add_uint(root, "maxmem", c->maxmem_mib, &ok);
    add_uint(root, "vcpus", c->vcpus, &ok);
    add_uint(root, "maxvcpus", c->maxvcpus, &ok);
    if (c->nr_cpumaps) {
        xmlNodePtr cpus = c->cpus_per_vcpu
            ? xmlNewChild(root, NULL, BAD_CAST "cpus", NULL) : NULL;

        for (unsigned int i = 0; i < c->nr_cpumaps; i++) {
            char *m = xl_cpumap_format(&c->cpumaps[i]);

            if (!m)
                goto out;
            if (cpus)
                add_text(cpus, "vcpu", m, &ok);
            else
                add_text(root, "cpus", m, &ok);
            free(m);
        }
    }
    add_text(root, "kernel", c->kernel, &ok);
    add_text(root, "ramdisk", c->ramdisk, &ok);
    add_text(root, "cmdline", c->cmdline, &ok);
    add_text(root, "bootloader", c->bootloader, &ok);
    if (c->nr_bootloader_args) {
        xmlNodePtr args = xmlNewChild(root, NULL, BAD_CAST "bootloader_args",
                                      NULL);

        if (!args)
            ok = false;
        for (unsigned int i = 0; args && i < c->nr_bootloader_args; i++)
            add_text(args, "arg", c->bootloader_args[i], &ok);
    }
    add_text(root, "on_poweroff", xl_action_name(c->on_poweroff), &ok);
    add_text(root, "on_reboot", xl_action_name(c->on_reboot), &ok);
    add_text(root, "on_crash", xl_action_name(c->on_crash), &ok);
    write_disks(root, c, &ok);
    write_vifs(root, c, &ok);
    if (!ok)
        goto out;
    xmlDocDumpFormatMemoryEnc(doc, &out, &len, "UTF-8", 1);
    if (out)
        s = strndup((const char *)out, len);
 out:
    xmlFree(out);
    xmlFreeDoc(doc);
    return s;
}
