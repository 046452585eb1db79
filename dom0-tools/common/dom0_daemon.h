/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every long-running dom0 daemon (xenstored, xenconsoled, qdisk, qnic)
 * shares: its log file (reopened after SIGHUP, for logrotate) and readiness
 * notification to the service manager (sd_notify).
 */
#ifndef DOM0_DAEMON_H
#define DOM0_DAEMON_H

#include <stdarg.h>

/* Appends to path (NULL: stderr). 0, or -1 with errno. */
int dom0_log_open(const char *path);
/* One line "[secs.msecs] PROG: ..." to that log (stderr before the open). */
void dom0_vlog(const char *prog, const char *fmt, va_list ap);
/* From a SIGHUP handler (async-signal-safe): reopen before the next line. */
void dom0_log_hangup(void);

/*
 * Sends state ("READY=1", "STATUS=...", several joined by '\n') as one
 * datagram to the AF_UNIX socket named by $NOTIFY_SOCKET (systemd's
 * Type=notify protocol; a name starting with '@' is an abstract socket).
 * 1 when sent, 0 when NOTIFY_SOCKET is unset or empty (not under systemd),
 * -errno on failure (-EINVAL: the variable names no usable socket).
 */
int dom0_notify(const char *state);

/* "READY=1\nSTATUS=<status>"; failures are reported on stderr. */
void dom0_notify_ready(const char *prog, const char *status);

#endif /* DOM0_DAEMON_H */
