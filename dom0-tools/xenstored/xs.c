/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xs: a small xenstore client on libhcall, for scripts and the dom0 boot
 * tests. Exits 0 on success, 1 on any error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hcall/xs.h>

struct cmd {
    const char *name;
    int (*fn)(struct hcall_xs *xs, int argc, char **argv);
    int min_args;
    const char *usage;
    const char *summary;
};

static int fail(const char *what, const char *subject)
{
    fprintf(stderr, "xs: cannot %s '%s': %s\n", what, subject,
            strerror(errno));
    return 1;
}

static int cmd_read(struct hcall_xs *xs, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        char *v;
        size_t len;

        if (hcall_xs_read(xs, 0, argv[i], &v, &len))
            return fail("read", argv[i]);
        fwrite(v, 1, len, stdout);
        putchar('\n');
        free(v);
    }
    return 0;
}

static int cmd_write(struct hcall_xs *xs, int argc, char **argv)
{
    if (argc % 2) {
        fputs("xs: write needs PATH VALUE pairs\n", stderr);
        return 1;
    }
    for (int i = 0; i < argc; i += 2)
        if (hcall_xs_write(xs, 0, argv[i], argv[i + 1], strlen(argv[i + 1])))
            return fail("write", argv[i]);
    return 0;
}

static int cmd_mkdir(struct hcall_xs *xs, int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (hcall_xs_mkdir(xs, 0, argv[i]))
            return fail("create", argv[i]);
    return 0;
}

static int cmd_rm(struct hcall_xs *xs, int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (hcall_xs_rm(xs, 0, argv[i]))
            return fail("remove", argv[i]);
    return 0;
}

static int cmd_ls(struct hcall_xs *xs, int argc, char **argv)
{
    char **names;
    unsigned int n;

    (void)argc;
    if (hcall_xs_directory(xs, 0, argv[0], &names, &n))
        return fail("list", argv[0]);
    for (unsigned int i = 0; i < n; i++)
        puts(names[i]);
    free(names);
    return 0;
}

static int cmd_getperms(struct hcall_xs *xs, int argc, char **argv)
{
    static const char letters[] = "nrwb";
    struct hcall_xs_perm *p;
    unsigned int n;

    (void)argc;
    if (hcall_xs_get_perms(xs, 0, argv[0], &p, &n))
        return fail("get permissions of", argv[0]);
    for (unsigned int i = 0; i < n; i++)
        printf("%s%c%u", i ? " " : "", letters[p[i].perm & 3], p[i].domid);
    putchar('\n');
    free(p);
    return 0;
}

static int cmd_setperms(struct hcall_xs *xs, int argc, char **argv)
{
    struct hcall_xs_perm *p = calloc((size_t)argc, sizeof(*p));
    int rc = 0;

    if (!p)
        return fail("allocate for", argv[0]);
    for (int i = 1; i < argc; i++) {
        const char *l = strchr("nrwb", argv[i][0]);

        if (!argv[i][0] || !l) {
            fprintf(stderr, "xs: bad permission '%s'\n", argv[i]);
            free(p);
            return 1;
        }
        p[i - 1].perm = (uint16_t)(l - "nrwb");
        p[i - 1].domid = (uint16_t)strtoul(argv[i] + 1, NULL, 10);
    }
    if (hcall_xs_set_perms(xs, 0, argv[0], p, (unsigned int)argc - 1))
        rc = fail("set permissions of", argv[0]);
    free(p);
    return rc;
}

/* watch PATH [COUNT]: print "path token" per event, COUNT events (0: ever). */
static int cmd_watch(struct hcall_xs *xs, int argc, char **argv)
{
    long count = argc > 1 ? strtol(argv[1], NULL, 10) : 0;

    if (hcall_xs_watch(xs, argv[0], "xs"))
        return fail("watch", argv[0]);
    for (long i = 0; !count || i < count; i++) {
        char *path, *token;

        if (hcall_xs_read_watch(xs, &path, &token, 0))
            return fail("read watch", argv[0]);
        printf("%s %s\n", path, token);
        fflush(stdout);
        free(path);
    }
    return 0;
}

static int cmd_introduce(struct hcall_xs *xs, int argc, char **argv)
{
    (void)argc;
    if (hcall_xs_introduce(xs, (uint16_t)strtoul(argv[0], NULL, 10),
                           strtoull(argv[1], NULL, 10),
                           (uint32_t)strtoul(argv[2], NULL, 10)))
        return fail("introduce domain", argv[0]);
    return 0;
}

static int cmd_release(struct hcall_xs *xs, int argc, char **argv)
{
    (void)argc;
    if (hcall_xs_release(xs, (uint16_t)strtoul(argv[0], NULL, 10)))
        return fail("release domain", argv[0]);
    return 0;
}

static const struct cmd cmd_table[] = {
    { "read", cmd_read, 1, "PATH...", "print node values" },
    { "write", cmd_write, 2, "PATH VALUE...", "set node values" },
    { "mkdir", cmd_mkdir, 1, "PATH...", "create empty nodes" },
    { "rm", cmd_rm, 1, "PATH...", "remove nodes and their children" },
    { "ls", cmd_ls, 1, "PATH", "list children" },
    { "getperms", cmd_getperms, 1, "PATH", "print permissions" },
    { "setperms", cmd_setperms, 2, "PATH PERM...",
      "set permissions (PERM: n|r|w|b + domid, owner first)" },
    { "watch", cmd_watch, 1, "PATH [COUNT]", "print watch events" },
    { "introduce", cmd_introduce, 3, "DOMID MFN PORT", "introduce a domain" },
    { "release", cmd_release, 1, "DOMID", "release a domain" },
};

static void usage(FILE *f)
{
    fputs("usage: xs [-s|-k] COMMAND ARGS...\n"
          "  -s  only xenstored's socket ($XENSTORED_PATH, else\n"
          "      /run/xenstored/socket); -k  only /dev/xen/xenbus\n"
          "      (default: the socket, else /dev/xen/xenbus)\n", f);
    for (size_t i = 0; i < sizeof(cmd_table) / sizeof(cmd_table[0]); i++)
        fprintf(f, "  %-9s %-15s %s\n", cmd_table[i].name, cmd_table[i].usage,
                cmd_table[i].summary);
}

int main(int argc, char **argv)
{
    const struct cmd *c = NULL;
    struct hcall_xs *xs;
    unsigned int flags = 0;
    int rc;

    /* -s / -k pick the route, so tests can tell the two apart. */
    if (argc > 1 && (!strcmp(argv[1], "-s") || !strcmp(argv[1], "-k"))) {
        flags = argv[1][1] == 's' ? HCALL_XS_OPEN_SOCKET : HCALL_XS_OPEN_XENBUS;
        argc--;
        argv++;
    }
    if (argc > 1 && !strcmp(argv[1], "--version"))
        return printf("xs (Xenolite) %s\n", XENOLITE_VERSION) < 0;
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2;
    }
    for (size_t i = 0; i < sizeof(cmd_table) / sizeof(cmd_table[0]); i++)
        if (!strcmp(argv[1], cmd_table[i].name))
            c = &cmd_table[i];
    if (!c) {
        fprintf(stderr, "xs: unknown command '%s'\n", argv[1]);
        usage(stderr);
        return 1;
    }
    if (argc - 2 < c->min_args || (argc > 2 && !strcmp(argv[2], "-h"))) {
        fprintf(argc > 2 ? stdout : stderr, "usage: xs %s %s\n", c->name,
                c->usage);
        return argc - 2 < c->min_args;
    }
    xs = hcall_xs_open(flags);
    if (!xs) {
        fprintf(stderr, "xs: cannot connect to xenstore: %s\n",
                strerror(errno));
        return 1;
    }
    rc = c->fn(xs, argc - 2, argv + 2);
    hcall_xs_close(xs);
    return rc;
}
