/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenconsoled [--verbose] [--socket PATH] [--log-file PATH]: the console
 * daemon's event loop. Watches @introduceDomain/@releaseDomain to find
 * consoles, relays ring output on each event, and serves `xl console`
 * clients (SIGHUP reopens the log files): a client
 * writes "<domid>\n", gets "OK\n" plus the console history, then live
 * output; what it writes goes to the guest's input ring. Clients are
 * disconnected when their domain goes away. Each console also has a pty
 * (pty.c), named in the store as console/tty.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "dom0_daemon.h"
#include "xenconsoled.h"

static volatile sig_atomic_t stop, hangup;

static void on_signal(int sig)
{
    if (sig == SIGHUP) {
        dom0_log_hangup();      /* logrotate moved the logs */
        hangup = 1;             /* the guests' too: in the loop */
    } else
        stop = 1;
}

/* mkdir -p (the dom0 initramfs has no /var). */
static void mkdir_p(const char *path)
{
    char buf[128];

    snprintf(buf, sizeof(buf), "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0755);
            *p = '/';
        }
    mkdir(buf, 0755);
}

static int listen_on(const char *path)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
    unlink(path);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
        listen(fd, 8) < 0) {
        xc_log("cannot listen on %s: %s", path, strerror(errno));
        exit(1);
    }
    chmod(path, 0600);
    return fd;
}

static void accept_client(struct xc_state *s, int lfd)
{
    char line[32];
    int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC), n = 0;
    struct xc_dom *d;
    uint32_t domid;

    if (fd < 0)
        return;
    while (n < (int)sizeof(line) - 1 && read(fd, &line[n], 1) == 1 &&
           line[n] != '\n')
        n++;
    line[n] = '\0';
    domid = (uint32_t)strtoul(line, NULL, 10);
    if (!(d = xc_find(s, domid))) {
        xc_scan(s);
        d = xc_find(s, domid);
    }
    if (!d) {
        dprintf(fd, "ERR no console for domain %s (is it running? see xl "
                "list)\n", line);
        close(fd);
        return;
    }
    xc_add_client(d, fd);
}

/* Input from clients goes to the guest; a closed client is forgotten. */
static void client_io(struct xc_state *s, struct xc_dom *d, int i)
{
    char buf[1024];
    ssize_t n = read(d->clients[i], buf, sizeof(buf));

    if (n <= 0) {
        close(d->clients[i]);
        d->clients[i] = -1;
        return;
    }
    xc_input(s, d, buf, (int)n);
}

static void event_loop(struct xc_state *s, int lfd)
{
    struct pollfd p[3 + 64 * (XC_MAX_CLIENTS + 1)];
    struct xc_dom *owner[64 * (XC_MAX_CLIENTS + 1)];
    int slot[64 * (XC_MAX_CLIENTS + 1)];    /* -1: the domain's pty */

    while (!stop) {
        int n = 3, port;

        p[0] = (struct pollfd){ .fd = hcall_evtchn_fd(s->evtchn), .events = POLLIN };
        p[1] = (struct pollfd){ .fd = hcall_xs_watch_fd(s->xs), .events = POLLIN };
        p[2] = (struct pollfd){ .fd = lfd, .events = POLLIN };
        for (struct xc_dom *d = s->doms; d; d = d->next)
            for (int i = -1; i < XC_MAX_CLIENTS && n < (int)(sizeof(p) / sizeof(*p)); i++) {
                int fd = i < 0 ? d->pty_master : d->clients[i];

                if (fd >= 0) {
                    owner[n - 3] = d;
                    slot[n - 3] = i;
                    p[n++] = (struct pollfd){ .fd = fd, .events = POLLIN };
                }
            }
        if (poll(p, n, 1000) < 0 && errno != EINTR)
            break;
        if (hangup) {
            hangup = 0;
            xc_reopen_logs(s);
        }
        while ((port = hcall_evtchn_pending(s->evtchn)) >= 0) {
            struct xc_dom *d = xc_find_port(s, port);

            if (d)
                xc_drain(s, d);
            hcall_evtchn_unmask(s->evtchn, port);
        }
        if (p[1].revents & POLLIN) {
            char *path, *token;

            bool scan = false;

            while (hcall_xs_read_watch(s->xs, &path, &token, 1) == 0) {
                if (!strcmp(token, "tty"))
                    xc_pty_check(s, path);
                else
                    scan = true;
                free(path);
            }
            if (scan)
                xc_scan(s);
        }
        if (p[2].revents & POLLIN)
            accept_client(s, lfd);
        for (int i = 3; i < n; i++) {
            struct xc_dom *d = owner[i - 3];
            int k = slot[i - 3];

            if (!p[i].revents || xc_find(s, d->domid) != d)
                continue;
            if (k < 0 && d->pty_master == p[i].fd)
                xc_pty_read(s, d);
            else if (k >= 0 && d->clients[k] == p[i].fd)
                client_io(s, d, k);
        }
    }
}

int main(int argc, char **argv)
{
    struct xc_state s = { 0 };
    const char *sock = XC_SOCKET, *log_path = NULL;
    int lfd;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) {
            s.verbose = true;
        } else if (!strcmp(argv[i], "--socket") && i + 1 < argc) {
            sock = argv[++i];
        } else if (!strcmp(argv[i], "--log-file") && i + 1 < argc) {
            log_path = argv[++i];
        } else if (!strcmp(argv[i], "--version")) {
            return printf("xenconsoled (Xenolite) %s\n", XENOLITE_VERSION) < 0;
        } else {
            fprintf(stderr, "usage: xenconsoled [--verbose] [--socket PATH] "
                    "[--log-file PATH]\n");
            return 1;
        }
    }
    if (dom0_log_open(log_path) < 0) {
        perror(log_path);
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGHUP, on_signal);
    if (!(s.evtchn = hcall_evtchn_open())) {
        xc_log("cannot open /dev/xen/evtchn: %s (load xen-evtchn; run in "
               "dom0 as root)", strerror(errno));
        return 1;
    }
    hcall_evtchn_set_nonblock(s.evtchn, 1);
    s.gntdev = hcall_gntdev_open();
    s.privcmd = hcall_privcmd_open();
    if (!(s.xs = hcall_xs_open(HCALL_XS_OPEN_SOCKET))) {
        xc_log("cannot reach xenstored: %s (start it first)", strerror(errno));
        return 1;
    }
    if (hcall_xs_watch(s.xs, "@introduceDomain", "new") < 0 ||
        hcall_xs_watch(s.xs, "@releaseDomain", "gone") < 0) {
        xc_log("cannot watch @introduceDomain/@releaseDomain: %s",
               strerror(errno));
        return 1;
    }
    mkdir_p(XC_LOG_DIR);
    mkdir_p("/run/xenconsoled");
    lfd = listen_on(sock);
    xc_scan(&s);
    if (s.verbose)
        xc_log("ready on %s", sock);
    dom0_notify_ready("xenconsoled", "serving");
    event_loop(&s, lfd);
    unlink(sock);
    return 0;
}
