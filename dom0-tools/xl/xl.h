/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The xl command frame: cmd_table[] (one entry per verb, handlers in one
 * file per noun), central -h/usage/argument-count handling, output streams.
 */
#ifndef XL_H
#define XL_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "xl_backend.h"

struct xl_cmd;

/* What a handler gets: its table entry and argv[0] = the verb. */
struct xl_ctx {
    const struct xl_cmd *cmd;
    int argc;
    char **argv;
    int getopt_started;
};

struct xl_cmd {
    const char *name;
    int (*handler)(struct xl_ctx *ctx);     /* returns the exit status */
    int min_args;                           /* positional, after options */
    int max_args;                           /* -1: unlimited */
    const char *summary;
    const char *usage;                      /* "[-l] [-v] [domain...]" */
    const char *options;                    /* option help lines, or NULL */
    /* xl -N (dry run): XL_DRY_REFUSE, XL_DRY_READONLY (changes nothing,
     * runs as usual) or XL_DRY_HANDLER (the handler honours xl_dry_run). */
    int dry_run;
};

enum { XL_DRY_REFUSE, XL_DRY_READONLY, XL_DRY_HANDLER };

/* Exit statuses (docs/xl.md, "Exit status"). */
#define XL_EXIT_OK              0
#define XL_EXIT_FAILURE         1   /* also bad usage, unknown command */
#define XL_EXIT_NOT_IMPLEMENTED 2   /* a Xen verb Xenolite does not have */

/* A Xen 4.17 verb Xenolite does not implement (xl_xen_verbs.c). */
struct xl_xen_verb {
    const char *name;
    const char *reason;
};
extern const struct xl_xen_verb xl_xen_verbs[];
extern const unsigned int xl_xen_verb_count;
/* Exact name only; NULL if verb is not one of them. */
const struct xl_xen_verb *xl_find_xen_verb(const char *verb);
/* "xl: VERB: not implemented by Xenolite (why)"; returns 2. */
int xl_not_implemented(const struct xl_xen_verb *v);

extern const struct xl_cmd xl_cmd_table[];
extern const unsigned int xl_cmd_count;

/* Where xl prints; tests point these at memory streams. */
extern FILE *xl_out, *xl_err;
extern int xl_verbose;
/* Global options: -N (dry run), -f (force), -t (progress by carriage
 * return), -T (timestamp and pid on messages). */
extern bool xl_dry_run, xl_force, xl_progress_cr, xl_timestamps;

/*
 * /etc/xen/xl.conf (XENOLITE_XL_CONF overrides the path): what xl honours.
 * Strings are NULL when not set. xl_conf_load() prints file:line:key for
 * each refused or unknown key and returns -1; a missing file is fine.
 */
#define XL_CONF_PATH "/etc/xen/xl.conf"
struct xl_conf {
    const char *lockfile;               /* held while a domain is built */
    const char *vif_bridge;             /* vif.default.bridge */
};
extern struct xl_conf xl_conf;
int xl_conf_load(const char *path);

/* With -T: "[2026-12-07 12:00:00.123 UTC 1234] " before a message. */
void xl_err_prefix(void);

/* The whole CLI: argv[0] is the program. Returns the exit status (0/1/2). */
int xl_main(int argc, char **argv);

/*
 * Resolve a verb: exact name, else a unique prefix. NULL if unknown or
 * ambiguous, with the reason printed to xl_err.
 */
const struct xl_cmd *xl_find_cmd(const char *verb);

/*
 * getopt_long for handlers: returns the next option, or -1 when options
 * are done and the positional count fits min/max args, or '?' after
 * printing why (unknown option, missing argument, wrong arg count).
 * Positionals are then ctx->argv[optind .. argc-1].
 */
int xl_getopt(struct xl_ctx *ctx, const char *optstring,
              const struct option *longopts);

void xl_print_usage(FILE *f, const struct xl_cmd *cmd);

/* "xl: <verb>: <message>" on xl_err; returns 1 (the failure exit status). */
int xl_fail(const struct xl_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* For a backend op that is NULL or returned rc: explains, returns 1. */
int xl_backend_fail(const struct xl_ctx *ctx, int rc);
#define XL_HAVE_OP(op) (xl_backend && xl_backend->op)

/* ---- argument parsers (all print their own message and return -1) ---- */

/* Domain given as a number (domid) or a name (needs the backend). */
int xl_parse_domain(const struct xl_ctx *ctx, const char *arg, uint32_t *domid);
/* "512", "512m", "2g", "1048576k": result in KiB; default unit MiB. */
int xl_parse_memory(const struct xl_ctx *ctx, const char *arg, uint64_t *kib);
/* Unsigned integer in [min, max]; what names it in messages. */
int xl_parse_uint(const struct xl_ctx *ctx, const char *what, const char *arg,
                  unsigned long min, unsigned long max, unsigned long *out);

/* Handlers, one file per noun. */
int cmd_create(struct xl_ctx *ctx);         /* cmd_create.c */
int cmd_list(struct xl_ctx *ctx);           /* cmd_domain.c */
int cmd_destroy(struct xl_ctx *ctx);
int cmd_save(struct xl_ctx *ctx);            /* cmd_save.c */
int cmd_restore(struct xl_ctx *ctx);
int cmd_migrate(struct xl_ctx *ctx);
int cmd_migrate_receive(struct xl_ctx *ctx);
int cmd_shutdown(struct xl_ctx *ctx);
int cmd_reboot(struct xl_ctx *ctx);
int cmd_pause(struct xl_ctx *ctx);
int cmd_unpause(struct xl_ctx *ctx);
int cmd_rename(struct xl_ctx *ctx);
int cmd_domid(struct xl_ctx *ctx);
int cmd_domname(struct xl_ctx *ctx);
int cmd_sysrq(struct xl_ctx *ctx);
int cmd_console(struct xl_ctx *ctx);        /* cmd_console.c */
int cmd_info(struct xl_ctx *ctx);           /* cmd_host.c */
int cmd_dmesg(struct xl_ctx *ctx);
int cmd_uptime(struct xl_ctx *ctx);
int cmd_top(struct xl_ctx *ctx);            /* cmd_top.c */
/* xl top's terminal: cbreak mode on fd if it is a terminal (1; 0 if not,
 * -errno on failure), restored by leave and on SIGINT/SIGTERM/SIGHUP. */
int xl_top_term_enter(int fd);
void xl_top_term_leave(void);
/* Wait up to delay seconds for keys on *fd; true if one was q or Q. At end
 * of input *fd becomes -1 and later calls only sleep. */
bool xl_top_wait(int *fd, double delay);
int cmd_mem_set(struct xl_ctx *ctx);        /* cmd_mem.c */
int cmd_mem_max(struct xl_ctx *ctx);
int cmd_vcpu_list(struct xl_ctx *ctx);      /* cmd_vcpu.c */
int cmd_vcpu_set(struct xl_ctx *ctx);
int cmd_vcpu_pin(struct xl_ctx *ctx);
int cmd_sched_credit(struct xl_ctx *ctx);   /* cmd_sched.c */
int cmd_block_attach(struct xl_ctx *ctx);   /* cmd_block.c */
int cmd_block_detach(struct xl_ctx *ctx);
int cmd_block_list(struct xl_ctx *ctx);
int cmd_network_attach(struct xl_ctx *ctx); /* cmd_network.c */
int cmd_network_detach(struct xl_ctx *ctx);
int cmd_network_list(struct xl_ctx *ctx);
int cmd_help(struct xl_ctx *ctx);           /* xl_cmd_table.c */

#endif /* XL_H */
