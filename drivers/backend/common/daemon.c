/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The start and end of a backend daemon: its command line, log file,
 * daemonizing, pid file, signals, and the Xen handles every backend needs.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"

static volatile sig_atomic_t *stop_flag, *hangup_flag;
static const char *prog_name = "backend";

void be_log(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    dom0_vlog(prog_name, fmt, ap);
    va_end(ap);
}

static void on_signal(int sig)
{
    if (sig == SIGHUP) {
        *hangup_flag = 1;
        dom0_log_hangup();
    } else
        *stop_flag = 1;
}

static int write_pidfile(const char *path)
{
    FILE *f = fopen(path, "w");

    if (!f)
        return -1;
    fprintf(f, "%ld\n", (long)getpid());
    return fclose(f);
}

int be_daemon_start(int argc, char **argv, const char *kind,
                    struct be_daemon *d, volatile sig_atomic_t *stopping)
{
    const char *logpath = NULL;
    int opt, daemonize = 0;
    unsigned self = 0;

    prog_name = kind;
    if (argc > 1 && !strcmp(argv[1], "--version"))
        exit(printf("%s (Xenolite) %s\n", kind, XENOLITE_VERSION) < 0);
    while ((opt = getopt(argc, argv, "Dtvl:p:d:")) != -1) {
        switch (opt) {
        case 'D': daemonize = 1; break;
        case 't': d->threads_only = 1; break;
        case 'v': d->verbose = 1; break;
        case 'l': logpath = optarg; break;
        case 'p': d->pidfile = optarg; break;
        case 'd': self = (unsigned)strtoul(optarg, NULL, 10); break;
        default:
            fprintf(stderr, "usage: %s [-D] [-t] [-v] [-l LOGFILE] [-p PIDFILE] "
                    "[-d BACKEND-DOMID]\n", argv[0]);
            return 2;
        }
    }
    if (dom0_log_open(logpath) < 0) {
        perror(logpath);
        return 1;
    }
    /* Before any handle exists: they do not survive fork(). */
    if (daemonize && daemon(0, logpath == NULL) < 0) {
        perror("daemon");
        return 1;
    }
    if (d->pidfile && write_pidfile(d->pidfile) < 0)
        be_log("cannot write %s: %m", d->pidfile);
    stop_flag = stopping;
    hangup_flag = &d->hangup;
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGHUP, on_signal);
    signal(SIGPIPE, SIG_IGN);
    snprintf(d->root, sizeof(d->root), "/local/domain/%u/backend/%s", self, kind);
    return 0;
}

int be_open_handles(struct hcall_xs **xs, struct hcall_evtchn **ev,
                    struct hcall_gntdev **gnt)
{
    *xs = hcall_xs_open(0);
    if (!*xs) {
        be_log("cannot reach xenstored: %m");
        return -1;
    }
    *ev = hcall_evtchn_open();
    *gnt = hcall_gntdev_open();
    if (!*ev || !*gnt) {
        be_log("cannot open /dev/xen/evtchn or gntdev: %m "
               "(load xen-evtchn and xen-gntdev)");
        return -1;
    }
    return hcall_evtchn_set_nonblock(*ev, 1);
}

void be_daemon_ready(const char *root)
{
    char status[96];

    be_log("serving %s", root);
    snprintf(status, sizeof(status), "serving %s", root);
    dom0_notify_ready(prog_name, status);
}

void be_daemon_end(const struct be_daemon *d)
{
    if (d->pidfile)
        unlink(d->pidfile);
}

long be_xs_wait_state(struct hcall_xs *xs, const char *dir, long want,
                      unsigned tenths)
{
    long s = -1;

    for (unsigned i = 0; i <= tenths * 10; i++) {
        s = be_xs_get_uint(xs, dir, "state", 8);
        if (s == want)
            break;
        usleep(10000);
    }
    return s;
}
