/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every long-running dom0 daemon (xenstored, xenconsoled, qdisk, qnic)
 * shares with the service manager: readiness notification (sd_notify).
 */
#ifndef DOM0_DAEMON_H
#define DOM0_DAEMON_H

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
