/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl CLI tests through the real xl_main(): verb prefixes, central -h,
 * argument validation messages and exit codes, the honest "no backend"
 * answer, create -n, and list/list -l over a fake backend.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg_syntax.h"
#include "harness.h"
#include "xl.h"
#include "xl_json.h"

char *xlt_read(const char *name, size_t *len);
int xlt_streq(const char *what, const char *got, const char *want);
int xlt_cfg(const char *text, char *const *ovr, unsigned int nr,
            struct xl_domain_config *c, char **msgs);
void xlt_sample_infos(struct xl_domain_info info[2]);

#define STREQ(got, want) CU_ASSERT(xlt_streq(#got, (got), (want)))
#define NOBACKEND(v) "xl: " v ": not available: this build has no " \
    "hypervisor backend yet\n"

static char *out, *err;

/* xl_main("xl", args..., NULL) with stdout/stderr captured. */
static int run(const char *first, ...)
{
    char *argv[32];
    size_t olen, elen;
    int argc = 0, rc;
    FILE *o, *e;
    va_list ap;

    free(out);
    free(err);
    argv[argc++] = "xl";
    va_start(ap, first);
    for (const char *a = first; a && argc < 31; a = va_arg(ap, const char *))
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    /* The host's /etc/xen/xl.conf must not change the results. */
    setenv("XENOLITE_XL_CONF", "/nonexistent/xl.conf", 0);
    o = open_memstream(&out, &olen);
    e = open_memstream(&err, &elen);
    xl_out = o;
    xl_err = e;
    rc = xl_main(argc, argv);
    fclose(o);
    fclose(e);
    xl_out = xl_err = NULL;
    return rc;
}

static void test_prefixes(void)
{
    static const struct { const char *in, *cmd; } ok[] = {
        { "list", "list" }, { "li", "list" }, { "cr", "create" },
        { "vcpu-l", "vcpu-list" }, { "domi", "domid" }, { "domn", "domname" },
        { "sc", "sched-credit" }, { "mem-s", "mem-set" }, { "h", "help" },
        { "un", "unpause" }, { "up", "uptime" }, { "sy", "sysrq" },
    };
    static const struct { const char *in, *msg; } no[] = {
        { "vcpu", "xl: 'vcpu' is ambiguous; it could be: vcpu-list, vcpu-set, "
          "vcpu-pin\n" },
        { "d", "xl: 'd' is ambiguous; it could be: destroy, dmesg, domid, "
          "domname\n" },
        { "mem", "xl: 'mem' is ambiguous; it could be: mem-set, mem-max\n" },
        { "frob", "xl: unknown command 'frob'; run 'xl help' for the list\n" },
        { "", "xl: unknown command ''; run 'xl help' for the list\n" },
        { "lists", "xl: unknown command 'lists'; run 'xl help' for the "
          "list\n" },
    };

    for (unsigned int i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        const struct xl_cmd *c = xl_find_cmd(ok[i].in);

        CU_ASSERT_PTR_NOT_NULL_FATAL(c);
        STREQ(c->name, ok[i].cmd);
    }
    for (unsigned int i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        CU_ASSERT_EQUAL(run(no[i].in, NULL), 1);
        STREQ(err, no[i].msg);
        STREQ(out, "");
    }
    /* Every full name resolves to itself, so no name is another's prefix
     * trap; and the table has no duplicates. */
    for (unsigned int i = 0; i < xl_cmd_count; i++) {
        xl_err = stderr;
        CU_ASSERT_PTR_EQUAL(xl_find_cmd(xl_cmd_table[i].name), &xl_cmd_table[i]);
        for (unsigned int j = i + 1; j < xl_cmd_count; j++)
            CU_ASSERT(strcmp(xl_cmd_table[i].name, xl_cmd_table[j].name));
    }
    xl_err = NULL;
}

static void test_help(void)
{
    static const char *const pause_usage =
        "usage: xl pause <domain>\nPause a domain.\n";

    CU_ASSERT_EQUAL(run("help", "pause", NULL), 0);
    STREQ(out, pause_usage);
    CU_ASSERT_EQUAL(run("pause", "-h", NULL), 0);
    STREQ(out, pause_usage);
    CU_ASSERT_EQUAL(run("pau", "--help", NULL), 0);
    STREQ(out, pause_usage);
    CU_ASSERT_EQUAL(run("create", "-n", "x.cfg", "-h", NULL), 0);
    CU_ASSERT(!strncmp(out, "usage: xl create [-c] [-p] [-e | -F] [-n", 40));
    CU_ASSERT_EQUAL(run("help", NULL), 0);
    CU_ASSERT(!strncmp(out, "usage: xl [-v] [-N] [-f] [-t] [-T] <command> "
                       "[arguments]\n", 57));
    for (unsigned int i = 0; i < xl_cmd_count; i++)
        CU_ASSERT(strstr(out, xl_cmd_table[i].summary) != NULL);
    CU_ASSERT_EQUAL(run("-h", NULL), 0);
    CU_ASSERT(!strncmp(out, "usage: xl [-v] [-N] [-f] [-t] [-T] <command> "
                       "[arguments]\n", 57));
    CU_ASSERT_EQUAL(run("help", "frob", NULL), 1);
    STREQ(err, "xl: unknown command 'frob'; run 'xl help' for the list\n");
    CU_ASSERT_EQUAL(run("help", "a", "b", NULL), 1);
    STREQ(err, "xl: help: unexpected argument 'b'\nusage: xl help "
          "[<command>]\n");
    CU_ASSERT_EQUAL(run(NULL), 1);
    STREQ(err, "usage: xl [-v] [-N] [-f] [-t] [-T] <command> [arguments]; "
          "run 'xl help' for the "
          "commands\n");
    CU_ASSERT_EQUAL(run("-x", "list", NULL), 1);
    STREQ(err, "xl: unknown option '-x'; the global options are -v -N -f -t "
          "-T (run 'xl help')\n");
}

/* Bad arguments are rejected before any backend call, with exit 1. */
static const struct {
    const char *argv[8];
    const char *err;
} bad_args[] = {
    { { "pause" }, "xl: pause: missing argument\nusage: xl pause <domain>\n" },
    { { "mem-set" }, "xl: mem-set: missing arguments\nusage: xl mem-set "
      "<domain> <memory>\n" },
    { { "pause", "1", "2" }, "xl: pause: unexpected argument '2'\nusage: xl "
      "pause <domain>\n" },
    { { "pause", "-z", "1" }, "xl: pause: unknown option '-z'\nusage: xl "
      "pause <domain>\n" },
    { { "list", "--bogus" }, "xl: list: unknown option '--bogus'\nusage: xl "
      "list [-l] [-v] [domain...]\n" },
    { { "console", "-t" }, "xl: console: option '-t' needs an argument\n"
      "usage: xl console [-t pv|serial] [-n <num>] <domain>\n" },
    { { "console", "-t", "vga", "1" }, "xl: console: -t must be pv or "
      "serial, got 'vga'\n" },
    { { "console", "-n", "300", "1" }, "xl: console: console number must be "
      "between 0 and 255, got '300'\n" },
    { { "pause", "99999" }, "xl: pause: domain id must be between 0 and "
      "32751, got '99999'\n" },
    { { "pause", "" }, "xl: pause: expected a domain name or id, got ''\n" },
    { { "mem-set", "3", "lots" }, "xl: mem-set: expected a memory size like "
      "512, 512m, 2g or 1048576k, got 'lots'\n" },
    { { "mem-max", "3", "5q" }, "xl: mem-max: expected a memory size like "
      "512, 512m, 2g or 1048576k, got '5q'\n" },
    { { "mem-set", "3", "0" }, "xl: mem-set: memory must be at least 1 KiB, "
      "got '0'\n" },
    { { "vcpu-set", "3", "0" }, "xl: vcpu-set: vCPU count must be between 1 "
      "and 512, got '0'\n" },
    { { "vcpu-set", "3", "two" }, "xl: vcpu-set: vCPU count must be an "
      "integer, got 'two'\n" },
    { { "vcpu-set", "3", "513" }, "xl: vcpu-set: vCPU count must be between "
      "1 and 512, got '513'\n" },
    { { "vcpu-set", "3", "-1" }, "xl: vcpu-set: unknown option '-1'\n"
      "usage: xl vcpu-set <domain> <count>\n" },
    { { "vcpu-set", "3" }, "xl: vcpu-set: missing argument\nusage: xl "
      "vcpu-set <domain> <count>\n" },
    { { "vcpu-set", "3", "2", "4" }, "xl: vcpu-set: unexpected argument '4'\n"
      "usage: xl vcpu-set <domain> <count>\n" },
    { { "vcpu-pin", "3", "x", "0" }, "xl: vcpu-pin: vCPU must be an integer, "
      "got 'x'\n" },
    { { "vcpu-pin", "3", "all", "5-2" }, "xl: vcpu-pin: cpus: range \"5-2\" "
      "is backwards; write \"2-5\"\n" },
    { { "vcpu-pin", "3", "0", "1", "2" }, "xl: vcpu-pin: soft affinity is "
      "not supported; pass '-' or leave it out, got '2'\n" },
    { { "sched-credit", "-d", "1", "-w", "0" }, "xl: sched-credit: weight "
      "must be between 1 and 65535, got '0'\n" },
    { { "sched-credit", "-d", "1", "-c", "x" }, "xl: sched-credit: cap must "
      "be an integer, got 'x'\n" },
    { { "sched-credit", "-w", "5" }, "xl: sched-credit: -w and -c need -d "
      "<domain>\n" },
    { { "shutdown", "-a", "3" }, "xl: shutdown: -a means every domain; do "
      "not name one too\n" },
    { { "reboot" }, "xl: reboot: name a domain, or use -a for every domain\n"
      "usage: xl reboot [-a] [-w] [-F] <domain> | -a\n" },
    { { "sysrq", "3", "ab" }, "xl: sysrq: the sysrq key must be one "
      "printable character (e.g. s, u, b), got 'ab'\n" },
    { { "rename", "3", "123" }, "xl: rename: '123' is not a valid domain "
      "name: use 1 to 64 letters, digits and - _ . : + @, not all digits\n" },
    { { "domid", "12" }, "xl: domid: '12' is not a domain name\n" },
    { { "domname", "x" }, "xl: domname: domain id must be an integer, got "
      "'x'\n" },
    { { "info", "extra" }, "xl: info: unexpected argument 'extra'\nusage: "
      "xl info [-n]\n" },
    { { "create" }, "xl: create: no config file given\nusage: xl create [-c] "
      "[-p] [-e | -F] [-n [--format=json|cfg|xml]] [-q] [-v] [-d] "
      "[-f <config>] <config> [key=value...]\n" },
    { { "create", "memory=5" }, "xl: create: no config file given\nusage: xl "
      "create [-c] [-p] [-e | -F] [-n [--format=json|cfg|xml]] [-q] [-v] "
      "[-d] [-f <config>] <config> [key=value...]\n" },
    { { "create", "-n", "--format=yaml", "g.cfg" }, "xl: create: --format "
      "must be json, cfg or xml, got 'yaml'\n" },
    { { "create", "--format=cfg", "g.cfg" }, "xl: create: --format only "
      "applies with -n (dry run)\n" },
    { { "create", "-n", "-c", "g.cfg" }, "xl: create: -n creates nothing, so "
      "-c makes no sense with it\n" },
    { { "create", "-n", "/nonexistent.cfg" }, "xl: cannot open "
      "'/nonexistent.cfg': No such file or directory\n" },
};

static int run_argv(const char *const *a)
{
    return run(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], NULL);
}

static void test_bad_args(void)
{
    for (unsigned int i = 0; i < sizeof(bad_args) / sizeof(bad_args[0]); i++) {
        char label[64];

        snprintf(label, sizeof(label), "bad_args[%u] %s", i, bad_args[i].argv[0]);
        CU_ASSERT_EQUAL(run_argv(bad_args[i].argv), 1);
        CU_ASSERT(xlt_streq(label, err, bad_args[i].err));
        STREQ(out, "");
    }
}

/* With valid arguments, every runtime verb says honestly it cannot. */
static void test_no_backend(void)
{
    static const char *const ok[][6] = {
        { "list" }, { "list", "-l", "web1" }, { "destroy", "1" },
        { "shutdown", "1" }, { "shutdown", "-a", "-w" }, { "reboot", "web1" },
        { "pause", "1" }, { "unpause", "web1" }, { "console", "-t", "serial",
        "1" }, { "info" }, { "dmesg", "-c" }, { "uptime" },
        { "mem-set", "1", "512m" }, { "mem-max", "1", "1g" }, { "vcpu-list" },
        { "vcpu-set", "1", "2" }, { "vcpu-pin", "1", "all", "0-3,^1", "-" },
        { "sched-credit" }, { "sched-credit", "-d", "1", "-w", "512" },
        { "domid", "web1" }, { "domname", "1" }, { "rename", "1", "web2" },
        { "sysrq", "1", "s" },
    };

    for (unsigned int i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        char want[128];
        const struct xl_cmd *c = xl_find_cmd(ok[i][0]);

        snprintf(want, sizeof(want), NOBACKEND("%s"), c->name);
        CU_ASSERT_EQUAL(run(ok[i][0], ok[i][1], ok[i][2], ok[i][3], ok[i][4],
                            ok[i][5], NULL), 1);
        CU_ASSERT(xlt_streq(ok[i][0], err, want));
        STREQ(out, "");
    }
}

static void test_create(void)
{
    char cfg[512], xml[512];
    char *want;

    snprintf(cfg, sizeof(cfg), "%s/full.cfg", XL_TEST_DATA);
    snprintf(xml, sizeof(xml), "%s/full.xml", XL_TEST_DATA);
    /* A real create parses, then stops at the backend. */
    CU_ASSERT_EQUAL(run("create", cfg, NULL), 1);
    STREQ(err, NOBACKEND("create"));
    /* Dry run: the JSON golden, nothing on stderr. */
    CU_ASSERT_EQUAL(run("create", "-n", cfg, NULL), 0);
    want = xlt_read("full.json", NULL);
    STREQ(out, want);
    STREQ(err, "");
    CU_ASSERT_EQUAL(run("create", "--dryrun", xml, NULL), 0);
    STREQ(out, want);
    free(want);
    /* Overrides, -f, and the cfg format. */
    CU_ASSERT_EQUAL(run("cr", "-n", "--format=cfg", "-f", cfg, "memory=256",
                        "name=web9", NULL), 0);
    CU_ASSERT(strstr(out, "\nmemory = 256\n") != NULL);
    CU_ASSERT(!strncmp(out, "name = \"web9\"\n", 14));
    CU_ASSERT_EQUAL(run("create", "-n", "--format=xml", cfg, NULL), 0);
    want = xlt_read("full.out.xml", NULL);
    STREQ(out, want);
    free(want);
    /* Config errors go to stderr, exit 1; warnings go unless -q. */
    CU_ASSERT_EQUAL(run("create", "-n", cfg, "memory=lots", NULL), 1);
    STREQ(err, "xl: command line argument 1: memory: expected an integer "
          "number of MiB, got \"lots\"\n");
    STREQ(out, "");
    /* An unknown key is an error, -q or not. */
    CU_ASSERT_EQUAL(run("create", "-q", "-n", "--format=cfg", cfg, "colour=1",
                        NULL), 1);
    STREQ(err, "xl: command line argument 1: colour: unknown key: not an "
          "xl.cfg(5) key (docs/xl.md lists the keys)\n");
    /* Warnings go unless -q. */
    CU_ASSERT_EQUAL(run("create", "-n", "--format=cfg", cfg, "cmdline='a'",
                        "extra='b'", NULL), 0);
    CU_ASSERT(strstr(err, ": warning: cmdline: ") != NULL);
    CU_ASSERT_EQUAL(run("create", "-q", "-n", "--format=cfg", cfg,
                        "cmdline='a'", "extra='b'", NULL), 0);
    STREQ(err, "");
    /* xl -N create is create -n: it prints the config, creates nothing. */
    CU_ASSERT_EQUAL(run("-N", "create", "--format=cfg", cfg, NULL), 0);
    CU_ASSERT(!strncmp(out, "name = \"web1\"\n", 14));
}

/* ---- list over a fake backend ----------------------------------------- */

static int fake_list(struct xl_domain_info **out_, unsigned int *nr)
{
    *out_ = calloc(2, sizeof(**out_));
    if (!*out_)
        return -ENOMEM;
    xlt_sample_infos(*out_);
    *nr = 2;
    return 0;
}

static int fake_config(uint32_t domid, struct xl_domain_config *c)
{
    char *text, *msgs;
    int rc;

    if (domid != 7)
        return -ENOENT;
    text = xlt_read("full.cfg", NULL);
    rc = xlt_cfg(text, NULL, 0, c, &msgs);
    free(text);
    free(msgs);
    return rc;
}

static int fake_lookup(const char *name, uint32_t *domid)
{
    if (strcmp(name, "web1"))
        return -ENOENT;
    *domid = 7;
    return 0;
}

static const struct xl_backend fake = {
    .name = "fake",
    .list_domains = fake_list,
    .domain_config = fake_config,
    .name_to_domid = fake_lookup,
};

/* save/restore: what the verbs hand the backend. */
static uint32_t saved_domid;
static unsigned int saved_flags;
static char saved_file[64];
static bool restore_had_override;

static int fake_save(uint32_t domid, const char *file, unsigned int flags)
{
    saved_domid = domid;
    saved_flags = flags;
    snprintf(saved_file, sizeof(saved_file), "%s", file);
    if (!strcmp(file, "/full/disk")) {
        snprintf(xl_backend_msg, sizeof(xl_backend_msg), "cannot write "
                 "'/full/disk': No space left on device; the guest was "
                 "resumed");
        return -ENOSPC;
    }
    return 0;
}

static int fake_restore(const char *file,
                        const struct xl_domain_config *override,
                        unsigned int flags, uint32_t *domid)
{
    snprintf(saved_file, sizeof(saved_file), "%s", file);
    saved_flags = flags;
    restore_had_override = override != NULL;
    *domid = 9;
    return 0;
}

static char mig_rune[256];
static struct mig_policy mig_pol;

static int fake_migrate(uint32_t domid, const char *rune,
                        const struct mig_policy *p)
{
    saved_domid = domid;
    snprintf(mig_rune, sizeof(mig_rune), "%s", rune);
    mig_pol = *p;
    return 0;
}

static int fake_migrate_receive(unsigned int flags)
{
    saved_flags = flags;
    return 0;
}

static const struct xl_backend fake_sr = {
    .name = "fake-sr",
    .name_to_domid = fake_lookup,
    .save = fake_save,
    .restore = fake_restore,
    .migrate = fake_migrate,
    .migrate_receive = fake_migrate_receive,
};

static void test_save_restore_verbs(void)
{
    xl_backend = &fake_sr;
    CU_ASSERT_EQUAL(run("save", "web1", "/tmp/w.save", NULL), 0);
    CU_ASSERT_EQUAL(saved_domid, 7);
    CU_ASSERT_EQUAL(saved_flags, 0);
    STREQ(saved_file, "/tmp/w.save");
    STREQ(out, "Saved domain 7 to /tmp/w.save\n");
    CU_ASSERT_EQUAL(run("save", "-c", "7", "f", NULL), 0);
    CU_ASSERT_EQUAL(saved_flags, XL_SAVE_CONTINUE);
    STREQ(out, "Saved domain 7 to f (left running)\n");
    CU_ASSERT_EQUAL(run("save", "-p", "7", "f", NULL), 0);
    CU_ASSERT_EQUAL(saved_flags, XL_SAVE_PAUSED);
    /* Errors: the backend's sentence, a missing file, a third argument. */
    CU_ASSERT_EQUAL(run("save", "7", "/full/disk", NULL), 1);
    STREQ(err, "xl: save: cannot write '/full/disk': No space left on "
          "device; the guest was resumed\n");
    CU_ASSERT_EQUAL(run("save", "7", NULL), 1);
    CU_ASSERT_EQUAL(run("save", "7", "f", "g.cfg", NULL), 1);
    CU_ASSERT(strstr(err, "give it to xl restore instead") != NULL);
    CU_ASSERT_EQUAL(run("save", "nosuch", "f", NULL), 1);
    CU_ASSERT_EQUAL(run("-N", "save", "7", "f", NULL), 1);

    /* migrate: Xen's rune (SSHCOMMAND HOST xl migrate-receive), policy. */
    CU_ASSERT_EQUAL(run("migrate", "web1", "host2", NULL), 0);
    CU_ASSERT_EQUAL(saved_domid, 7);
    STREQ(mig_rune, "exec ssh host2 xl migrate-receive");
    CU_ASSERT_EQUAL(mig_pol.max_iters, 5);
    CU_ASSERT_EQUAL(mig_pol.downtime_ms, 300);
    CU_ASSERT_EQUAL(mig_pol.min_dirty, 50);
    CU_ASSERT_EQUAL(run("migrate", "-s", "sh -c", "-p", "--max-iters", "2",
                        "--downtime", "50", "--min-dirty", "7", "7",
                        "'cat >/dev/null'", NULL), 0);
    STREQ(mig_rune, "exec sh -c 'cat >/dev/null' xl migrate-receive -p");
    CU_ASSERT_EQUAL(mig_pol.max_iters, 2);
    CU_ASSERT_EQUAL(mig_pol.downtime_ms, 50);
    CU_ASSERT_EQUAL(mig_pol.min_dirty, 7);
    CU_ASSERT_EQUAL(run("migrate", "--downtime", "x", "7", "h", NULL), 1);
    CU_ASSERT(strstr(err, "'x' is not a number") != NULL);
    CU_ASSERT_EQUAL(run("migrate", "-C", "g.cfg", "7", "h", NULL), 1);
    CU_ASSERT_EQUAL(run("migrate", "nosuch", "h", NULL), 1);
    CU_ASSERT_EQUAL(run("migrate", "7", NULL), 1);
    CU_ASSERT_EQUAL(run("migrate-receive", "-p", "-e", NULL), 0);
    CU_ASSERT_EQUAL(saved_flags, XL_CREATE_PAUSED | XL_CREATE_NO_MONITOR);
    CU_ASSERT_EQUAL(run("migrate-receive", "x", NULL), 1);

    CU_ASSERT_EQUAL(run("restore", "-p", "-e", "/tmp/w.save", NULL), 0);
    STREQ(saved_file, "/tmp/w.save");
    CU_ASSERT_EQUAL(saved_flags, XL_CREATE_PAUSED | XL_CREATE_NO_MONITOR);
    CU_ASSERT_FALSE(restore_had_override);
    STREQ(out, "Restored /tmp/w.save as domain 9 (paused)\n");
    CU_ASSERT_EQUAL(run("restore", "/nonexistent.cfg", "f", NULL), 1);
    CU_ASSERT(strstr(err, "cannot open '/nonexistent.cfg'") != NULL);
    CU_ASSERT_EQUAL(run("restore", NULL), 1);
    CU_ASSERT_EQUAL(run("restore", "a", "b", "c", NULL), 1);
    xl_backend = &xl_backend_none;
    CU_ASSERT_EQUAL(run("restore", "f", NULL), 1);
    CU_ASSERT(strstr(err, "no hypervisor backend") != NULL);
}

static void test_list_fake_backend(void)
{
    char *want;

    xl_backend = &fake;
    CU_ASSERT_EQUAL(run("list", "-l", NULL), 0);
    want = xlt_read("list.json", NULL);
    STREQ(out, want);
    free(want);
    CU_ASSERT_EQUAL(run("list", NULL), 0);
    STREQ(out,
          "Name                                ID    Mem VCPUs  State    "
          "Time(s)\n"
          "Domain-0                             0   1024     2 r-----       "
          "12.5\n"
          "web1                                 7    512     2 -bp---        "
          "0.0\n");
    CU_ASSERT_EQUAL(run("list", "web1", NULL), 0);
    CU_ASSERT(strstr(out, "Domain-0") == NULL && strstr(out, "web1") != NULL);
    CU_ASSERT_EQUAL(run("list", "nosuch", NULL), 1);
    STREQ(err, "xl: list: no such domain: nosuch\n");
    CU_ASSERT_EQUAL(run("domid", "web1", NULL), 0);
    STREQ(out, "7\n");
    CU_ASSERT_EQUAL(run("domid", "nosuch", NULL), 1);
    STREQ(err, "xl: domid: no domain named 'nosuch'\n");
    CU_ASSERT_EQUAL(run("domname", "7", NULL), 0);
    STREQ(out, "web1\n");
    CU_ASSERT_EQUAL(run("domname", "8", NULL), 1);
    STREQ(err, "xl: domname: no domain with id 8\n");
    CU_ASSERT_EQUAL(run("uptime", "-s", "web1", NULL), 0);
    STREQ(out, "web1                                 7 1 days,  1:01:01\n");
    /* An op the fake lacks still reports honestly. */
    CU_ASSERT_EQUAL(run("pause", "web1", NULL), 1);
    STREQ(err, NOBACKEND("pause"));
    xl_backend = &xl_backend_none;
}

/* ---- shutdown/reboot over a recording fake ------------------------------ */

static char calls[128];

static int rec_shutdown(uint32_t domid, enum xl_shutdown_reason why)
{
    size_t n = strlen(calls);

    snprintf(calls + n, sizeof(calls) - n, "%c%u ", why ? 'R' : 'S', domid);
    return domid == 9 ? -ESRCH : 0;
}

static int rec_wait(uint32_t domid)
{
    size_t n = strlen(calls);

    snprintf(calls + n, sizeof(calls) - n, "W%u ", domid);
    return 0;
}

/* Every target is asked first, then waited for; dom0 never; errors = 1. */
static void test_shutdown_fake_backend(void)
{
    struct xl_backend b = fake;

    b.shutdown = rec_shutdown;
    b.wait_gone = rec_wait;
    xl_backend = &b;
    calls[0] = '\0';
    CU_ASSERT_EQUAL(run("shutdown", "-a", "-w", NULL), 0);
    STREQ(calls, "S7 W7 ");
    calls[0] = '\0';
    CU_ASSERT_EQUAL(run("reboot", "web1", NULL), 0);
    STREQ(calls, "R7 ");
    calls[0] = '\0';
    CU_ASSERT_EQUAL(run("reboot", "--wait", "7", NULL), 0);
    STREQ(calls, "R7 W7 ");
    calls[0] = '\0';
    CU_ASSERT_EQUAL(run("shutdown", "-w", "9", NULL), 1);
    STREQ(calls, "S9 ");
    STREQ(out, "");
    xl_backend = &xl_backend_none;
}

static int rec_vcpu_set(uint32_t domid, unsigned int nr_online)
{
    snprintf(calls, sizeof(calls), "V%u %u", domid, nr_online);
    return 0;
}

/* vcpu-set: 1..the domain's maxvcpus (web1 has 4), checked before the call. */
static void test_vcpu_set_fake_backend(void)
{
    struct xl_backend b = fake;

    b.vcpu_set_online = rec_vcpu_set;
    xl_backend = &b;
    calls[0] = '\0';
    CU_ASSERT_EQUAL(run("vcpu-set", "web1", "4", NULL), 0);
    STREQ(calls, "V7 4");
    CU_ASSERT_EQUAL(run("vcpu-set", "7", "1", NULL), 0);
    STREQ(calls, "V7 1");
    calls[0] = '\0';
    CU_ASSERT_EQUAL(run("vcpu-set", "web1", "5", NULL), 1);
    STREQ(err, "xl: vcpu-set: vCPU count must be between 1 and 4 (domain 7's "
          "maxvcpus), got '5'\n");
    CU_ASSERT_EQUAL(run("vcpu-set", "web1", "0", NULL), 1);
    STREQ(err, "xl: vcpu-set: vCPU count must be between 1 and 512, got "
          "'0'\n");
    STREQ(calls, "");
    STREQ(out, "");
    xl_backend = &xl_backend_none;
}

/* ---- block-* over a recording fake, and Xen's vdev numbers ------------ */

static int rec_attach(uint32_t domid, const struct xl_disk *d)
{
    snprintf(calls, sizeof(calls), "A%u %s %s %s %s", domid, d->vdev,
             d->target, d->readonly ? "ro" : "rw",
             xl_disk_backendtype_name(d->backendtype));
    return 0;
}

static int rec_detach(uint32_t domid, const char *vdev, bool force)
{
    snprintf(calls, sizeof(calls), "D%u %s%s", domid, vdev,
             force ? " -f" : "");
    return -EBUSY;
}

static int rec_disks(uint32_t domid, struct xl_disk_info **out_,
                     unsigned int *nr)
{
    struct xl_disk_info *l = calloc(1, sizeof(*l));

    l->devid = 51712;
    l->frontend_id = domid;
    l->state = 4;
    l->evtch = 9;
    l->rref = 8;
    snprintf(l->backend, sizeof(l->backend),
             "/local/domain/0/backend/vbd/%u/51712", domid);
    *out_ = l;
    *nr = 1;
    return 0;
}

static void test_block_fake_backend(void)
{
    struct xl_backend b = fake;

    b.disk_attach = rec_attach;
    b.disk_detach = rec_detach;
    b.disk_list = rec_disks;
    xl_backend = &b;
    /* The spec's components may come as separate arguments. */
    CU_ASSERT_EQUAL(run("block-attach", "web1", "format=raw", "vdev=xvdb",
                        "access=ro", "target=/img/d.img", NULL), 0);
    STREQ(calls, "A7 xvdb /img/d.img ro default");
    CU_ASSERT_EQUAL(run("block-attach", "7", "vdev=xvdz9", NULL), 1);
    CU_ASSERT(strstr(err, "no target given") != NULL);
    CU_ASSERT_EQUAL(run("block-detach", "-f", "web1", "xvdb", NULL), 1);
    STREQ(calls, "D7 xvdb -f");
    CU_ASSERT_EQUAL(run("block-list", "web1", NULL), 0);
    STREQ(out, "Vdev  BE  handle state evt-ch ring-ref BE-path"
          "                       \n"
          "51712 0   7      4     9      8        "
          "/local/domain/0/backend/vbd/7/51712\n");
    xl_backend = &xl_backend_none;
    CU_ASSERT_EQUAL(run("block-list", "7", NULL), 1);
    STREQ(err, NOBACKEND("block-list"));
}

/* ---- network-* over a recording fake ----------------------------------- */

static int rec_vif_attach(uint32_t domid, const struct xl_vif *v)
{
    char mac[18] = "-";

    if (v->has_mac)
        xl_mac_format(v->mac, mac);
    snprintf(calls, sizeof(calls), "A%u %s %s %u %s", domid, mac,
             v->bridge ? v->bridge : "-", v->mtu,
             v->backendtype ? v->backendtype : "-");
    return 0;
}

static int rec_vif_detach(uint32_t domid, const char *which)
{
    snprintf(calls, sizeof(calls), "D%u %s", domid, which);
    return 0;
}

static int rec_vifs(uint32_t domid, struct xl_vif_info **out_,
                    unsigned int *nr)
{
    struct xl_vif_info *l = calloc(1, sizeof(*l));

    l->devid = 1;
    snprintf(l->mac, sizeof(l->mac), "00:16:3e:00:0a:02");
    l->state = 4;
    l->evtch = 12;
    l->tx_rref = 768;
    l->rx_rref = 769;
    snprintf(l->backend, sizeof(l->backend),
             "/local/domain/0/backend/vif/%u/1", domid);
    *out_ = l;
    *nr = 1;
    return 0;
}

static void test_network_fake_backend(void)
{
    struct xl_backend b = fake;

    b.vif_attach = rec_vif_attach;
    b.vif_detach = rec_vif_detach;
    b.vif_list = rec_vifs;
    xl_backend = &b;
    /* Xen's form (one item per argument) and comma-joined items. */
    CU_ASSERT_EQUAL(run("network-attach", "web1", "bridge=xenbr1",
                        "mtu=9000,backendtype=netback",
                        "mac=00:16:3e:00:0a:02", NULL), 0);
    STREQ(calls, "A7 00:16:3e:00:0a:02 xenbr1 9000 netback");
    CU_ASSERT_EQUAL(run("network-attach", "web1", NULL), 0);
    STREQ(calls, "A7 - - 0 -");
    calls[0] = '\0';
    CU_ASSERT_EQUAL(run("network-attach", "web1", "colour=red", NULL), 1);
    CU_ASSERT(strstr(err, "unknown option 'colour'") != NULL);
    CU_ASSERT_EQUAL(run("network-attach", "web1", "xenbr0", NULL), 1);
    CU_ASSERT(strstr(err, "'xenbr0' is not key=value") != NULL);
    STREQ(calls, "");
    CU_ASSERT_EQUAL(run("network-detach", "web1", "00:16:3e:00:0a:02",
                        NULL), 0);
    STREQ(calls, "D7 00:16:3e:00:0a:02");
    CU_ASSERT_EQUAL(run("network-list", "web1", NULL), 0);
    STREQ(out, "Idx BE Mac Addr.         handle state evt-ch   tx-/rx-ring-ref "
          "BE-path                       \n"
          "1   0  00:16:3e:00:0a:02      1     4     12   768/769         "
          "/local/domain/0/backend/vif/7/1\n");
    xl_backend = &xl_backend_none;
    CU_ASSERT_EQUAL(run("network-list", "7", NULL), 1);
    STREQ(err, NOBACKEND("network-list"));
}

/* Xen's numbering: xvd (202 and extended), hd (3/22), sd (8). */
static void test_vdev_numbers(void)
{
    CU_ASSERT_EQUAL(xl_vdev_to_devid("xvda"), 51712);
    CU_ASSERT_EQUAL(xl_vdev_to_devid("xvdb"), 51728);
    CU_ASSERT_EQUAL(xl_vdev_to_devid("xvda1"), 51713);
    CU_ASSERT_EQUAL(xl_vdev_to_devid("xvdp15"), (202 << 8) | (15 << 4) | 15);
    CU_ASSERT_EQUAL(xl_vdev_to_devid("xvdq"), (1 << 28) | (16 << 8));
    CU_ASSERT_EQUAL(xl_vdev_to_devid("xvdaa"), (1 << 28) | (26 << 8));
    CU_ASSERT_EQUAL(xl_vdev_to_devid("xvda16"), (1 << 28) | 16);
    CU_ASSERT_EQUAL(xl_vdev_to_devid("hda"), 3 << 8);
    CU_ASSERT_EQUAL(xl_vdev_to_devid("hdb2"), (3 << 8) | 64 | 2);
    CU_ASSERT_EQUAL(xl_vdev_to_devid("hdc"), 22 << 8);
    CU_ASSERT_EQUAL(xl_vdev_to_devid("sdb1"), (8 << 8) | 16 | 1);
    CU_ASSERT_EQUAL(xl_vdev_to_devid("hde"), -1);
    CU_ASSERT_EQUAL(xl_vdev_to_devid("sdq"), -1);
    CU_ASSERT_EQUAL(xl_vdev_to_devid("xvda256"), -1);
    CU_ASSERT_EQUAL(xl_vdev_to_devid("xvda01"), -1);
    CU_ASSERT_EQUAL(xl_vdev_to_devid("vda"), -1);
}


/* ---- info and top over a fake backend ------------------------------------ */

static unsigned int top_calls;

static int fake_info(struct xl_host_info *hi)
{
    strcpy(hi->host, "h1");
    strcpy(hi->hypervisor_version, "4.17.0");
    hi->xen_major = 4;
    hi->xen_minor = 17;
    strcpy(hi->xen_extra, ".0");
    hi->nr_cpus = 2;
    hi->cpu_mhz = 2000;
    hi->hw_caps[0] = 0xbfebfbff;
    strcpy(hi->virt_caps, "pv gnttab-v1");
    hi->total_memkb = 2048 * 1024;
    hi->free_memkb = 512 * 1024;
    strcpy(hi->scheduler, "credit");
    hi->pagesize = 4096;
    hi->virt_start = 0xffff800000000000ULL;
    return 0;
}

/* Domain-0 uses half a CPU-second per call, web1 none. */
static int top_list(struct xl_domain_info **out_, unsigned int *nr)
{
    int rc = fake_list(out_, nr);

    if (rc == 0)
        (*out_)[0].cpu_time_ns = 12500000000ULL + top_calls++ * 500000000ULL;
    return rc;
}

static void test_info_top(void)
{
    struct xl_backend b = { .name = "fake", .host_info = fake_info,
                            .list_domains = top_list };
    static const char *const fields[] = {
        "host", "release", "version", "machine", "nr_cpus", "max_cpu_id",
        "nr_nodes", "cores_per_socket", "threads_per_core", "cpu_mhz",
        "hw_caps", "virt_caps", "total_memory", "free_memory",
        "sharing_freed_memory", "sharing_used_memory", "outstanding_claims",
        "free_cpus", "xen_major", "xen_minor", "xen_extra", "xen_version",
        "xen_caps", "xen_scheduler", "xen_pagesize", "platform_params",
        "xen_changeset", "xen_commandline", "cc_compiler", "cc_compile_by",
        "cc_compile_domain", "cc_compile_date", "build_id",
        "xend_config_format",
    };
    const char *p;
    char line[64];

    xl_backend = &b;
    CU_ASSERT_EQUAL(run("info", NULL), 0);
    p = out;
    for (unsigned int i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        snprintf(line, sizeof(line), "%-23s: ", fields[i]);
        CU_ASSERT_FATAL(p != NULL);
        CU_ASSERT(!strncmp(p, line, strlen(line)));
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    CU_ASSERT(p && !*p);
    CU_ASSERT(strstr(out, "\nhw_caps                : bfebfbff:00000000:")
              != NULL);
    CU_ASSERT(strstr(out, "\nxen_version            : 4.17.0\n") != NULL);
    CU_ASSERT(strstr(out, "\nfree_memory            : 512\n") != NULL);
    CU_ASSERT(strstr(out, "\nplatform_params        : virt_start="
                     "0xffff800000000000\n") != NULL);
    CU_ASSERT_EQUAL(run("info", "-n", NULL), 1);
    CU_ASSERT(strstr(err, "-n (CPU and NUMA topology) is not implemented")
              != NULL);

    /* Two frames >= 0.2 s apart: dom0's 0.5 s of CPU is at most 250%. */
    top_calls = 0;
    CU_ASSERT_EQUAL(run("top", "-b", "-i", "2", "-d", "0.2", NULL), 0);
    p = strstr(out, "\n  Domain-0 r-----         12    0.0 ");
    CU_ASSERT_FATAL(p != NULL);
    p = strstr(p + 1, "\n  Domain-0 r-----         13 ");
    CU_ASSERT_FATAL(p != NULL);
    {
        double pct = strtod(p + 30, NULL);

        CU_ASSERT(pct > 10 && pct <= 250.5);  /* slow host: longer */
    }
    CU_ASSERT(strstr(out, "2 domains: 1 running, 1 blocked, 1 paused") !=
              NULL);
    CU_ASSERT(strstr(out, "Mem: 2097152k total, 1572864k used, 524288k "
                     "free    CPUs: 2 @ 2000MHz\n") != NULL);
    CU_ASSERT(strstr(out, "\n      web1 -bp---          0    0.0     "
                     "524288   25.0 ") != NULL);
    CU_ASSERT_EQUAL(run("top", "-b", "-d", "x", NULL), 1);
    STREQ(err, "xl: top: -d (delay) must be 0 to 3600 seconds, got 'x'\n");
    CU_ASSERT_EQUAL(run("top", "-i", "0", NULL), 1);
    xl_backend = &xl_backend_none;
}

/* ---- Xen compatibility: verbs, global options, xl.conf, cfg keys ------ */

/* Every Xen 4.17 verb Xenolite lacks answers "not implemented", status 2;
 * none of them shadows an implemented verb; unknown words stay status 1. */
static void test_xen_verbs(void)
{
    char want[256];

    CU_ASSERT(xl_xen_verb_count >= 60);
    for (unsigned int i = 0; i < xl_xen_verb_count; i++) {
        const char *v = xl_xen_verbs[i].name;

        CU_ASSERT_EQUAL(run(v, "x", NULL), 2);
        snprintf(want, sizeof(want), "xl: %s: not implemented by Xenolite "
                 "(%s)\n", v, xl_xen_verbs[i].reason);
        STREQ(err, want);
        STREQ(out, "");
        CU_ASSERT_EQUAL(run("help", v, NULL), 2);   /* same as the verb */
        STREQ(err, want);
        STREQ(out, "");
        for (unsigned int j = 0; j < xl_cmd_count; j++)
            CU_ASSERT(strcmp(v, xl_cmd_table[j].name));
        for (unsigned int j = i + 1; j < xl_xen_verb_count; j++)
            CU_ASSERT(strcmp(v, xl_xen_verbs[j].name));
    }
    CU_ASSERT_EQUAL(run("remus", "-h", NULL), 2);
    CU_ASSERT_EQUAL(run("-v", "remus", "d", "host", NULL), 2);
    CU_ASSERT_EQUAL(run("remu", NULL), 1);      /* no prefixes of these */
    STREQ(err, "xl: unknown command 'remu'; run 'xl help' for the list\n");
    CU_ASSERT_EQUAL(run("help", "remu", NULL), 1);
    STREQ(err, "xl: unknown command 'remu'; run 'xl help' for the list\n");
    STREQ(out, "");
    CU_ASSERT_EQUAL(run("help", NULL), 0);
    CU_ASSERT(strstr(out, "not implemented by Xenolite (exit status 2)") !=
              NULL);
    CU_ASSERT(strstr(out, " psr-mba-show\n") != NULL);
}

static void test_global_options(void)
{
    CU_ASSERT_EQUAL(run("-N", "destroy", "3", NULL), 1);
    STREQ(err, "xl: destroy: does not implement -N (dry run): it would "
          "change the system\n");
    CU_ASSERT_EQUAL(run("-vNf", "pause", "3", NULL), 1);
    STREQ(err, "xl: pause: does not implement -N (dry run): it would change "
          "the system\n");
    /* Read-only verbs run as usual under -N (here: no backend). */
    CU_ASSERT_EQUAL(run("-N", "list", NULL), 1);
    STREQ(err, NOBACKEND("list"));
    CU_ASSERT_EQUAL(run("-f", "-t", "help", "pause", NULL), 0);
    CU_ASSERT_EQUAL(run("-T", "pause", NULL), 1);
    CU_ASSERT(err[0] == '[' && strstr(err, " UTC ") &&
              strstr(err, "] xl: pause: missing argument\n"));
    CU_ASSERT_EQUAL(run("-vx", "list", NULL), 1);
    STREQ(err, "xl: unknown option '-vx'; the global options are -v -N -f "
          "-t -T (run 'xl help')\n");
}

/* xl.conf text -> what xl_main says (exit status and stderr). */
static int run_conf(const char *text, const char *verb)
{
    char path[] = "/tmp/xl-conf-XXXXXX";
    int fd = mkstemp(path), rc;

    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_FATAL(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    setenv("XENOLITE_XL_CONF", path, 1);
    rc = run(verb, NULL);
    setenv("XENOLITE_XL_CONF", "/nonexistent/xl.conf", 1);
    unlink(path);
    return rc;
}

static void test_xl_conf(void)
{
    CU_ASSERT_EQUAL(run_conf("autoballoon = \"off\"\nlockfile = "
                             "\"/run/xl.lock\"\nvif.default.bridge = "
                             "\"xenbr1\"\nrun_hotplug_scripts = 1\n"
                             "output_format = \"json\"\nclaim_mode = 0\n"
                             "vif.default.backend = \"0\"\n", "list"), 1);
    STREQ(err, NOBACKEND("list"));              /* all honoured */
    STREQ(xl_conf.lockfile, "/run/xl.lock");
    STREQ(xl_conf.vif_bridge, "xenbr1");
    CU_ASSERT_EQUAL(run_conf("autoballoon = \"on\"\n", "list"), 1);
    CU_ASSERT(strstr(err, ":1: autoballoon: \"on\" is not supported: xl "
                     "never shrinks dom0") != NULL);
    CU_ASSERT_EQUAL(run_conf("# host\n\nmax_grant_frames = 64\n", "list"),
                    1);
    CU_ASSERT(strstr(err, ":3: max_grant_frames: not supported by Xenolite: "
                     "the hypervisor's fixed grant table size") != NULL);
    CU_ASSERT_EQUAL(run_conf("autoballon = \"off\"\n", "list"), 1);
    CU_ASSERT(strstr(err, ":1: autoballon: unknown xl.conf key") != NULL);
    CU_ASSERT_EQUAL(run_conf("lockfile = \"rel/x\"\n", "list"), 1);
    CU_ASSERT(strstr(err, "lockfile: \"rel/x\" is not an absolute path") !=
              NULL);
    CU_ASSERT_EQUAL(run_conf("output_format = \"sxp\"\n", "list"), 1);
    CU_ASSERT_EQUAL(run_conf("vif.default.backend = \"3\"\n", "list"), 1);
    CU_ASSERT_EQUAL(run_conf("vif.default.script = \"vif-nat\"\n", "list"),
                    1);
    CU_ASSERT_EQUAL(run_conf("autoballoon = [\n", "list"), 1);
    CU_ASSERT(strstr(err, "syntax error") != NULL);
    /* help works whatever xl.conf says. */
    CU_ASSERT_EQUAL(run_conf("bogus = 1\n", "help"), 0);
}

/* Every refused xl.cfg key is an error naming file:line:key and why. */
static void test_refused_keys(void)
{
    const struct cfg_refused *t;
    unsigned int nr;
    char text[256], want[512], *msgs;
    struct xl_domain_config c;

    t = cfg_refused_table(&nr);
    CU_ASSERT(nr >= 100);
    for (unsigned int i = 0; i < nr; i++) {
        snprintf(text, sizeof(text), "name = \"g\"\nkernel = \"/k\"\n"
                 "%s = \"zz\"\n", t[i].key);
        CU_ASSERT_EQUAL(xlt_cfg(text, NULL, 0, &c, &msgs), -1);
        snprintf(want, sizeof(want), "xl: guest.cfg:3: %s: not supported by "
                 "Xenolite: %s", t[i].key, t[i].why);
        CU_ASSERT(!strncmp(msgs, want, strlen(want)));
        free(msgs);
        CU_ASSERT_PTR_EQUAL(cfg_refused_key(t[i].key), &t[i]);
        if (!t[i].ok_value)
            continue;
        snprintf(text, sizeof(text), "name = \"g\"\nkernel = \"/k\"\n"
                 "%s = \"%s\"\n", t[i].key, t[i].ok_value);
        CU_ASSERT_EQUAL(xlt_cfg(text, NULL, 0, &c, &msgs), 0);
        free(msgs);
        xl_config_free(&c);
    }
}

static int cleanup(void)
{
    free(out);
    free(err);
    return 0;
}

static CU_TestInfo cases[] = {
    { "verb_prefixes", test_prefixes },
    { "help_and_usage", test_help },
    { "argument_validation", test_bad_args },
    { "no_backend_is_honest", test_no_backend },
    { "create_dry_run", test_create },
    { "list_over_fake_backend", test_list_fake_backend },
    { "shutdown_over_fake_backend", test_shutdown_fake_backend },
    { "vcpu_set_over_fake_backend", test_vcpu_set_fake_backend },
    { "block_over_fake_backend", test_block_fake_backend },
    { "network_over_fake_backend", test_network_fake_backend },
    { "vdev_numbers", test_vdev_numbers },
    { "info_and_top", test_info_top },
    { "xen_verbs_not_implemented", test_xen_verbs },
    { "save_restore_verbs", test_save_restore_verbs },
    { "global_options", test_global_options },
    { "xl_conf_keys", test_xl_conf },
    { "refused_cfg_keys", test_refused_keys },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("xl_cli", NULL, cleanup, cases);
