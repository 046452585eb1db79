/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vif= specs against Xen's xl-network-configuration(5): every key Xen
 * knows is honoured (its value lands in struct xl_vif) or refused with
 * file:line, the key and the reason, in xl.cfg, XML and network-attach's
 * record form alike.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "cfg_syntax.h"

int xlt_streq(const char *what, const char *got, const char *want);
int xlt_cfg(const char *text, char *const *ovr, unsigned int nr,
            struct xl_domain_config *c, char **msgs);
int xlt_xml(const char *text, char *const *ovr, unsigned int nr,
            struct xl_domain_config *c, char **msgs);

#define STREQ(got, want) CU_ASSERT(xlt_streq(#got, (got), (want)))
#define HEAD "name = \"g\"\nkernel = \"/k\"\n"

/* Parse HEAD + "vif = [ 'SPEC' ]": rc, messages in *msgs. */
static int vif_cfg(const char *spec, struct xl_domain_config *c, char **msgs)
{
    char *text;
    int rc;

    CU_ASSERT_FATAL(asprintf(&text, HEAD "vif = [ '%s' ]\n", spec) > 0);
    rc = xlt_cfg(text, NULL, 0, c, msgs);
    free(text);
    return rc;
}

/* Every honoured key, all at once, and where each value goes. */
static void test_honoured_keys(void)
{
    struct xl_domain_config c;
    const struct xl_vif *v;
    char *msgs, mac[18];

    CU_ASSERT_EQUAL_FATAL(vif_cfg("mac=00:16:3e:0a:0b:0c, bridge=br7, "
                                  "ip=10.0.0.2 10.0.0.3, vifname=web-eth0, "
                                  "backend=Domain-0, script=vif-route, "
                                  "rate=1MB/s@20ms, gatewaydev=eth0, "
                                  "mtu=1400, type=vif, backendtype=netback",
                                  &c, &msgs), 0);
    STREQ(msgs, "");
    free(msgs);
    CU_ASSERT_EQUAL_FATAL(c.nr_vifs, 1);
    v = &c.vifs[0];
    CU_ASSERT(v->has_mac);
    xl_mac_format(v->mac, mac);
    STREQ(mac, "00:16:3e:0a:0b:0c");
    STREQ(v->bridge, "br7");
    STREQ(v->ip, "10.0.0.2 10.0.0.3");
    STREQ(v->vifname, "web-eth0");
    STREQ(v->backend, "Domain-0");
    STREQ(v->script, "vif-route");
    STREQ(v->rate, "1MB/s@20ms");
    CU_ASSERT_EQUAL(v->rate_bytes_per_sec, 1000000);
    CU_ASSERT_EQUAL(v->rate_interval_usec, 20000);
    STREQ(v->gatewaydev, "eth0");
    CU_ASSERT_EQUAL(v->mtu, 1400);
    STREQ(v->type, "vif");
    STREQ(v->backendtype, "netback");
    CU_ASSERT_PTR_NULL(v->model);
    xl_config_free(&c);

    /* The empty spec: every default. */
    CU_ASSERT_EQUAL_FATAL(vif_cfg("", &c, &msgs), 0);
    free(msgs);
    CU_ASSERT_EQUAL_FATAL(c.nr_vifs, 1);
    v = &c.vifs[0];
    CU_ASSERT(!v->has_mac && !v->bridge && !v->backendtype && !v->mtu &&
              !v->rate && !v->script && !v->ip);
    xl_config_free(&c);
}

#define LOC "xl: guest.cfg:3: vif[0]: "

static const struct {
    const char *spec, *want;
} refused[] = {
    { "model=e1000", LOC "model=e1000 is not supported: PV guests have no "
      "emulated NIC: every vif is a PV (netfront) device, which has no "
      "model; remove model=" },
    { "bridge=xenbr0,model=rtl8139", LOC "model=rtl8139 is not supported: "
      "PV guests have no emulated NIC: every vif is a PV (netfront) device, "
      "which has no model; remove model=" },
    { "devid=3", LOC "devid=3 is not supported: vifs are numbered by their "
      "place in the list (0, 1, ...) and network-attach takes the next free "
      "number; remove devid=" },
    { "netdev=eth0", LOC "netdev=eth0 is not supported: it is Xen's "
      "deprecated name of gatewaydev; write gatewaydev= instead" },
    { "accel=netfront", LOC "accel=netfront is not supported: Xen dropped "
      "vif acceleration and so does Xenolite; remove accel=" },
    { "forwarddev=eth1", LOC "forwarddev=eth1 is not supported: COLO fault "
      "tolerance is not supported" },
    { "colo_sock_mirror_port=9003", LOC "colo_sock_mirror_port=9003 is not "
      "supported: COLO fault tolerance is not supported" },
    { "type=ioemu", LOC "type=ioemu is not supported: it adds an emulated "
      "NIC for HVM guests and Xenolite runs PV guests only; use type=vif "
      "(the default)" },
    { "backend=driverdom", LOC "backend=driverdom is not supported: only "
      "dom0 serves network interfaces (no driver domains); expected 0 or "
      "Domain-0" },
    { "gatewaydev=eth0", LOC "gatewaydev=eth0 needs script=: only a hotplug "
      "script (like Xen's vif-route or vif-nat) uses it and xl's own bridge "
      "hotplug does no routing" },
    { "ip=10.0.0.300,script=vif-route", LOC "ip \"10.0.0.300\" is not valid; "
      "expected IPv4 addresses separated by spaces like 10.0.0.2" },
    { "ip=fe80::1,script=vif-route", LOC "ip \"fe80::1\" is not valid; "
      "expected IPv4 addresses separated by spaces like 10.0.0.2" },
    { "vifname=a/b", LOC "vifname \"a/b\" is not a network interface name; "
      "expected 1 to 15 characters without '/', ':' or spaces" },
    { "bridge=br 0", LOC "bridge \"br 0\" is not a network interface name; "
      "expected 1 to 15 characters without '/', ':' or spaces" },
    { "mtu=65536", LOC "mtu \"65536\" is not valid; expected an integer from "
      "68 to 65535" },
    { "rate=10Mb/s@5h", LOC "rate \"10Mb/s@5h\" is not a rate; expected "
      "<number>[K|M|G|T]<b|B>/s[@<number><s|ms|us>] like \"10Mb/s\" or "
      "\"5MB/s@20ms\"" },
    { "trusted=1", LOC "unknown option 'trusted'; accepted: mac, bridge, ip, "
      "vifname, backend, script, rate, gatewaydev, mtu, type, backendtype" },
};

static void test_refused_keys(void)
{
    for (unsigned int i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        struct xl_domain_config c;
        char *msgs, label[40];

        snprintf(label, sizeof(label), "refused[%u] %.20s", i,
                 refused[i].spec);
        CU_ASSERT_EQUAL(vif_cfg(refused[i].spec, &c, &msgs), -1);
        CU_ASSERT(xlt_streq(label, msgs, refused[i].want));
        free(msgs);
    }
}

/* The same refusal from an XML attribute, with the XML file's line. */
static void test_refused_xml(void)
{
    struct xl_domain_config c;
    char *msgs;

    CU_ASSERT_EQUAL(xlt_xml("<domain>\n  <name>g</name>\n"
                            "  <kernel>/k</kernel>\n  <vifs>\n"
                            "    <vif model=\"e1000\"/>\n  </vifs>\n"
                            "</domain>\n", NULL, 0, &c, &msgs), -1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(msgs);
    CU_ASSERT(strstr(msgs, "guest.xml:5: ") != NULL);
    CU_ASSERT(strstr(msgs, "model=e1000 is not supported: PV guests have "
                           "no emulated NIC") != NULL);
    free(msgs);
}

/* network-attach's record form (cmd_network.c) goes through the same code. */
static void test_attach_record(void)
{
    char k0[] = "bridge", v0[] = "xenbr0", k1[] = "model", v1[] = "e1000";
    char k2[] = "mtu", v2[] = "9000";
    struct cfg_pair pairs[] = { { k0, v0 }, { k1, v1 } };
    struct cfg_value v = { .kind = CFG_RECORD, .pairs = pairs, .nr_items = 2,
                           .loc = { "network-attach", 0 } };
    struct xl_vif vif;
    struct xl_msgs m;
    char *msgs;

    xl_msgs_init(&m);
    CU_ASSERT_EQUAL(cfg_vif_from_value(&v, "vif", &vif, &m), -1);
    msgs = xl_msgs_join(&m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(msgs);
    CU_ASSERT(strstr(msgs, "vif: model=e1000 is not supported") != NULL);
    CU_ASSERT_PTR_NULL(vif.bridge);     /* nothing half-parsed is kept */
    free(msgs);
    xl_msgs_free(&m);

    pairs[1].key = k2;
    pairs[1].value = v2;
    xl_msgs_init(&m);
    CU_ASSERT_EQUAL_FATAL(cfg_vif_from_value(&v, "vif", &vif, &m), 0);
    STREQ(vif.bridge, "xenbr0");
    CU_ASSERT_EQUAL(vif.mtu, 9000);
    xl_vif_free(&vif);
    xl_msgs_free(&m);
}

static CU_TestInfo cases[] = {
    { "honoured_keys", test_honoured_keys },
    { "refused_keys_with_reason", test_refused_keys },
    { "refused_in_xml", test_refused_xml },
    { "network_attach_record", test_attach_record },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("xl_vif", NULL, NULL, cases);
