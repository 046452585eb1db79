/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * JSON golden tests: the yajl output for a parsed config (create -n) and
 * for a list with runtime info (list -l) must match the files byte for
 * byte; the schema in docs/xl-json.md is what these files show.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>
#include <yajl/yajl_tree.h>

#include "harness.h"
#include "xl_json.h"

char *xlt_read(const char *name, size_t *len);
int xlt_streq(const char *what, const char *got, const char *want);
int xlt_cfg(const char *text, char *const *ovr, unsigned int nr,
            struct xl_domain_config *c, char **msgs);

#define STREQ(got, want) CU_ASSERT(xlt_streq(#got, (got), (want)))

static void parse(const char *file, struct xl_domain_config *c)
{
    char *text = xlt_read(file, NULL), *msgs;

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_EQUAL_FATAL(xlt_cfg(text, NULL, 0, c, &msgs), 0);
    free(msgs);
    free(text);
}

/* Runtime info as the backend would fill it (used by test_xl_cli.c too). */
void xlt_sample_infos(struct xl_domain_info info[2])
{
    memset(info, 0, 2 * sizeof(*info));
    strcpy(info[0].name, "Domain-0");
    info[0].domid = 0;
    info[0].state = XL_DOMSTATE_RUNNING;
    info[0].shutdown_reason = XL_SHUTDOWN_NONE;
    info[0].current_memkb = info[0].max_memkb = 1048576;
    info[0].online_vcpus = info[0].max_vcpus = 2;
    info[0].cpu_time_ns = 12500000000ULL;
    info[0].uptime_sec = 3725;
    strcpy(info[1].name, "web1");
    uuid_parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8", info[1].uuid);
    info[1].domid = 7;
    info[1].state = XL_DOMSTATE_BLOCKED | XL_DOMSTATE_PAUSED;
    info[1].shutdown_reason = XL_SHUTDOWN_NONE;
    info[1].current_memkb = 524288;
    info[1].max_memkb = 1048576;
    info[1].online_vcpus = 2;
    info[1].max_vcpus = 4;
    info[1].cpu_time_ns = 1000000;
    info[1].uptime_sec = 90061;
}

static void check_golden(const char *got, const char *file)
{
    char *want = xlt_read(file, NULL);
    yajl_val tree;
    char err[256];

    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    STREQ(got, want);
    free(want);
    /* And it is JSON a generic parser accepts. */
    tree = yajl_tree_parse(got, err, sizeof(err));
    CU_ASSERT_PTR_NOT_NULL(tree);
    CU_ASSERT(YAJL_IS_ARRAY(tree));
    yajl_tree_free(tree);
}

static void test_config_golden(void)
{
    struct xl_domain_config c;
    struct xl_json_domain d;
    char *json;

    parse("full.cfg", &c);
    d = (struct xl_json_domain){ NULL, &c };
    json = xl_json_domains(&d, 1);
    check_golden(json, "full.json");
    free(json);
    xl_config_free(&c);
}

/* bootloader= and its arguments, for a guest without kernel=. */
static void test_bootloader_golden(void)
{
    struct xl_domain_config c;
    struct xl_json_domain d;
    char *json;

    parse("bootloader.cfg", &c);
    d = (struct xl_json_domain){ NULL, &c };
    json = xl_json_domains(&d, 1);
    check_golden(json, "bootloader.json");
    free(json);
    xl_config_free(&c);
}

static void test_list_golden(void)
{
    struct xl_domain_info info[2];
    struct xl_domain_config c;
    struct xl_json_domain d[2];
    char *json;

    parse("full.cfg", &c);
    xlt_sample_infos(info);
    d[0] = (struct xl_json_domain){ &info[0], NULL };   /* dom0: no config */
    d[1] = (struct xl_json_domain){ &info[1], &c };
    json = xl_json_domains(d, 2);
    check_golden(json, "list.json");
    free(json);
    xl_config_free(&c);
}

static void test_empty_list(void)
{
    char *json = xl_json_domains(NULL, 0);

    STREQ(json, "[\n\n]\n");
    free(json);
}

/* The stable schema's version and every top-level key are present. */
static void test_keys_always_present(void)
{
    static const char *const keys[] = { "xl_json_version", "domid", "name",
                                        "uuid", "runtime", "config" };
    struct xl_domain_info info[2];
    struct xl_json_domain d;
    yajl_val tree, obj;
    char *json;

    xlt_sample_infos(info);
    d = (struct xl_json_domain){ &info[0], NULL };
    json = xl_json_domains(&d, 1);
    tree = yajl_tree_parse(json, NULL, 0);
    CU_ASSERT_FATAL(tree && YAJL_IS_ARRAY(tree) && tree->u.array.len == 1);
    obj = tree->u.array.values[0];
    for (unsigned int i = 0; i < 6; i++) {
        const char *path[] = { keys[i], NULL };

        CU_ASSERT_PTR_NOT_NULL(yajl_tree_get(obj, path, yajl_t_any));
    }
    {
        const char *path[] = { "xl_json_version", NULL };
        yajl_val v = yajl_tree_get(obj, path, yajl_t_number);

        CU_ASSERT(v && YAJL_GET_INTEGER(v) == XL_JSON_VERSION);
    }
    yajl_tree_free(tree);
    free(json);
}

static CU_TestInfo cases[] = {
    { "config_json_golden", test_config_golden },
    { "list_json_golden", test_list_golden },
    { "bootloader_json_golden", test_bootloader_golden },
    { "empty_list", test_empty_list },
    { "stable_keys_present", test_keys_always_present },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("xl_json", NULL, NULL, cases);
