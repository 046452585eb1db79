/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sd_notify without libsystemd: the daemons are also built static for the
 * busybox dom0 initramfs, and the protocol is one datagram.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "dom0_daemon.h"

int dom0_notify(const char *state)
{
    const char *name = getenv("NOTIFY_SOCKET");
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    size_t len;
    ssize_t n;
    int fd, rc;

    if (!name || !*name)
        return 0;
    len = strlen(name);
    if ((name[0] != '/' && name[0] != '@') || len >= sizeof(a.sun_path))
        return -EINVAL;
    memcpy(a.sun_path, name, len);
    if (name[0] == '@')
        a.sun_path[0] = '\0';
    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    n = sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&a,
               (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len));
    rc = n < 0 ? -errno : 1;
    close(fd);
    return rc;
}

void dom0_notify_ready(const char *prog, const char *status)
{
    char msg[256];
    int rc;

    snprintf(msg, sizeof(msg), "READY=1\nSTATUS=%s", status);
    rc = dom0_notify(msg);
    if (rc < 0)
        fprintf(stderr, "%s: cannot notify readiness to NOTIFY_SOCKET=%s: %s\n",
                prog, getenv("NOTIFY_SOCKET"), strerror(-rc));
}
