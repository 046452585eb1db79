/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl console: attach to xenconsoled (dom0-tools/xenconsoled) over its Unix
 * socket. The daemon first replays what the guest printed so far, then
 * relays live; our stdin goes to the guest's input ring. Ctrl-] detaches
 * when stdin is a terminal; the session ends when the domain goes away.
 * For create -c the domain waits paused until we are attached.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "builder.h"
#include "hb.h"

#define ESCAPE 0x1d                     /* Ctrl-] */

static int connect_daemon(uint32_t domid)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    char line[160];
    ssize_t n;
    int fd;

    snprintf(a.sun_path, sizeof(a.sun_path), "%s", HB_CONSOLE_SOCKET);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
        if (fd >= 0)
            close(fd);
        return hb_msg(-errno, "cannot reach xenconsoled at %s: %s; start "
                      "it first (xenconsoled &)", HB_CONSOLE_SOCKET,
                      strerror(errno));
    }
    n = snprintf(line, sizeof(line), "%u\n", domid);
    if (write(fd, line, n) != n) {
        close(fd);
        return hb_msg(-EIO, "lost xenconsoled while attaching");
    }
    /* Reply: "OK\n" or "ERR <why>\n", one byte at a time (no over-read). */
    for (n = 0; n < (ssize_t)sizeof(line) - 1; n++)
        if (read(fd, &line[n], 1) != 1 || line[n] == '\n')
            break;
    line[n] = '\0';
    if (strcmp(line, "OK")) {
        close(fd);
        return hb_msg(-ENOENT, "xenconsoled: %s",
                      line[0] ? line + (strncmp(line, "ERR ", 4) ? 0 : 4) :
                      "closed the connection");
    }
    return fd;
}

static volatile sig_atomic_t stop_relay;

static void on_stop(int sig)
{
    (void)sig;
    stop_relay = 1;
}

/* SIGTERM, SIGHUP, SIGINT end the session (poll returns EINTR), so the
 * terminal is restored; old receives the previous handlers. */
static void catch_stops(struct sigaction old[3])
{
    static const int sigs[3] = { SIGTERM, SIGHUP, SIGINT };
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop;            /* no SA_RESTART */
    sigemptyset(&sa.sa_mask);
    stop_relay = 0;
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &sa, &old[i]);
}

static void restore_stops(struct sigaction old[3])
{
    static const int sigs[3] = { SIGTERM, SIGHUP, SIGINT };

    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &old[i], NULL);
}

static int relay(int fd, bool tty)
{
    struct pollfd p[2] = { { .fd = fd, .events = POLLIN },
                           { .fd = 0, .events = POLLIN } };
    char buf[4096];
    int nfds = 2;

    for (;;) {
        if (stop_relay)
            return 0;
        if (poll(p, nfds, -1) < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (p[0].revents) {
            ssize_t n = read(fd, buf, sizeof(buf));

            if (n <= 0)
                return 0;                       /* domain gone */
            if (write(1, buf, n) != n)
                return -EIO;
        }
        if (nfds == 2 && p[1].revents) {
            ssize_t n = read(0, buf, sizeof(buf));
            char *esc;

            if (n <= 0) {
                nfds = 1;                       /* stdin done: keep output */
                continue;
            }
            if (tty && (esc = memchr(buf, ESCAPE, n))) {
                /* Ctrl-]: what was typed before it still goes out. */
                n = esc - buf;
                return n && write(fd, buf, n) != n ? -EIO : 0;
            }
            if (write(fd, buf, n) != n)
                return 0;
        }
    }
}

/* create -c: the domain runs once we are attached, or if we cannot be. */
static int start_guest(uint32_t domid, int fd)
{
    struct hcall_privcmd *h = NULL;
    char saved[sizeof(xl_backend_msg)];
    int rc;

    snprintf(saved, sizeof(saved), "%s", xl_backend_msg);
    rc = hb_privcmd(&h);
    if (rc == 0 && (rc = xb_unpause(h, domid)) < 0)
        hb_msg(rc, "cannot unpause domain %u: %s", domid, strerror(-rc));
    if (fd < 0)                 /* attaching failed: that message wins */
        return hb_msg(fd, "domain %u is %s, but %s", domid,
                      rc < 0 ? "still paused" : "running", saved);
    return rc;
}

int hb_console(uint32_t domid, enum xl_console_type type, unsigned int num,
               bool unpause)
{
    struct sigaction saved_sigs[3];
    struct termios old, raw;
    bool tty = isatty(0), restore = false;
    int fd, rc;

    if (type != XL_CONSOLE_PV || num != 0)
        return hb_msg(-EOPNOTSUPP, "only the first PV console exists for "
                      "a PV guest (xl console -t pv -n 0)");
    fd = connect_daemon(domid);
    if (unpause && (rc = start_guest(domid, fd)) < 0) {
        if (fd >= 0)
            close(fd);
        return rc;
    }
    if (fd < 0)
        return fd;
    if (tty && tcgetattr(0, &old) == 0) {
        raw = old;
        cfmakeraw(&raw);
        restore = tcsetattr(0, TCSANOW, &raw) == 0;
    }
    catch_stops(saved_sigs);
    rc = relay(fd, tty);
    restore_stops(saved_sigs);
    if (restore)
        tcsetattr(0, TCSANOW, &old);
    close(fd);
    return rc;
}
