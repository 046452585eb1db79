/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The dom0 daemons' log: "[secs.msecs] PROG: ..." lines appended to a file
 * (or stderr), reopened after SIGHUP so logrotate can move the file away.
 */
#include <signal.h>
#include <stdio.h>
#include <time.h>

#include "dom0_daemon.h"

static FILE *log_out;
static const char *log_path;
/* Set by SIGHUP (dom0_log_hangup): the next line reopens the log. */
static volatile sig_atomic_t log_reopen;

void dom0_log_hangup(void)
{
    log_reopen = 1;
}

int dom0_log_open(const char *path)
{
    log_path = path;
    log_out = path ? fopen(path, "a") : stderr;
    return log_out ? 0 : -1;
}

void dom0_vlog(const char *prog, const char *fmt, va_list ap)
{
    FILE *f;
    struct timespec ts;

    if (log_reopen && log_path && log_out) {
        log_reopen = 0;
        /* On failure the old stream stays (freopen closed it: use stderr). */
        if (!freopen(log_path, "a", log_out))
            log_out = stderr;
    }
    f = log_out ? log_out : stderr;

    clock_gettime(CLOCK_REALTIME, &ts);
    fprintf(f, "[%lld.%03ld] %s: ", (long long)ts.tv_sec,
            ts.tv_nsec / 1000000, prog);
    vfprintf(f, fmt, ap);
    fputc('\n', f);
    fflush(f);
}
