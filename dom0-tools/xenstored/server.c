/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored: the event loop. One epoll set holds the Unix listener, every
 * socket connection, the evtchn device (all domain ports and VIRQ_DOM_EXC)
 * and a signalfd for shutdown (SIGTERM, SIGINT) and log reopening (SIGHUP).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <hcall/evtchn.h>
#include <public/xen.h>
#include "xenstored.h"
#include "backend.h"
#include "dom0_daemon.h"

#define DEFAULT_SOCKET "/run/xenstored/socket"

int xsd_verbose;

void xsd_log(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    dom0_vlog("xenstored", fmt, ap);
    va_end(ap);
}

struct source {
    int fd;
    void (*on_event)(struct source *s, uint32_t events);
    struct conn *conn;          /* socket connections */
    int want_out;               /* output waits for the peer */
    uint32_t armed;             /* events registered with epoll */
};

static int epfd = -1;
static int running;
static struct hcall_evtchn *evtchn;
static int virq_port = -1;

static int watch_fd(struct source *s, uint32_t events)
{
    struct epoll_event ev = { .events = events, .data.ptr = s };

    s->armed = events;
    return epoll_ctl(epfd, EPOLL_CTL_ADD, s->fd, &ev);
}

/* Socket transport. */
static long sock_read(struct conn *c, void *buf, size_t len)
{
    struct source *s = c->priv;
    ssize_t n = recv(s->fd, buf, len, MSG_DONTWAIT);

    if (n > 0)
        return n;
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return 0;
    return -1;
}

/*
 * Input only while the connection may take requests (level-triggered: a
 * stalled client's pending bytes would wake us forever), output while
 * something waits for the peer.
 */
static void sock_arm(struct source *s)
{
    uint32_t want = (conn_stalled(s->conn) ? 0 : EPOLLIN) |
                    (s->want_out ? EPOLLOUT : 0);
    struct epoll_event ev = { .events = want, .data.ptr = s };

    if (s->armed == want)
        return;
    s->armed = want;
    epoll_ctl(epfd, EPOLL_CTL_MOD, s->fd, &ev);
}

static long sock_write(struct conn *c, const void *buf, size_t len)
{
    struct source *s = c->priv;
    ssize_t n = send(s->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);

    if (n >= 0)
        return n;
    if (errno == EAGAIN || errno == EINTR) {
        s->want_out = 1;        /* resume when the peer drains */
        sock_arm(s);
        return 0;
    }
    return -1;
}

static void sock_destroy(struct conn *c)
{
    struct source *s = c->priv;

    epoll_ctl(epfd, EPOLL_CTL_DEL, s->fd, NULL);
    close(s->fd);
    free(s);
}

static const struct conn_ops sock_ops = {
    .read = sock_read, .write = sock_write, .destroy = sock_destroy,
};

static void on_sock(struct source *s, uint32_t events)
{
    struct conn *c = s->conn;

    if (events & EPOLLOUT)
        conn_flush(c);
    /* Also on a hang-up while stalled: the flush finds the peer gone. */
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
        conn_process(c);
    if (c->dead) {
        conn_free(c);           /* frees s too */
        return;
    }
    if (!c->out_head)
        s->want_out = 0;
    sock_arm(s);
}

static void on_listen(struct source *ls, uint32_t events)
{
    struct source *s;
    int fd;

    (void)events;
    fd = accept4(ls->fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0)
        return;
    s = calloc(1, sizeof(*s));
    if (!s) {
        close(fd);
        return;
    }
    s->fd = fd;
    s->on_event = on_sock;
    /* Local socket clients are dom0 processes: privileged, as in Xen. */
    s->conn = conn_new(&sock_ops, s, 0, 1);
    if (!s->conn || watch_fd(s, EPOLLIN)) {
        if (s->conn) {
            conn_free(s->conn);
        } else {
            close(fd);
            free(s);
        }
    }
}

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_evtchn(struct source *s, uint32_t events)
{
    int port;

    (void)s;
    (void)events;
    while ((port = hcall_evtchn_pending(evtchn)) >= 0) {
        if (port == virq_port)
            domain_check_all();
        else
            domain_event((uint32_t)port);
        hcall_evtchn_unmask(evtchn, (hcall_port_t)port);
    }
}

static void on_signal(struct source *s, uint32_t events)
{
    struct signalfd_siginfo si;

    (void)events;
    if (read(s->fd, &si, sizeof(si)) <= 0)
        return;
    if (si.ssi_signo == SIGHUP)
        dom0_log_hangup();      /* logrotate moved the log */
    else
        running = 0;
}

static int open_listener(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    char dir[sizeof(addr.sun_path)], *slash;
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        xsd_log("socket path '%s' is too long", path);
        return -1;
    }
    strcpy(addr.sun_path, path);
    strcpy(dir, path);
    slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        mkdir(dir, 0755);
    }
    unlink(path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
        listen(fd, 64)) {
        xsd_log("cannot listen on '%s': %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    chmod(path, 0600);
    return fd;
}

/*
 * Linux in dom0 with no xenstore domain exposes its own ring and an unbound
 * port in /proc/xen and waits for us ("local xenstore").
 */
static void connect_local_xenstore(struct xsd_backend *b)
{
    char buf[32];
    void *ring;
    int fd, lport;
    ssize_t n;
    unsigned long port;

    fd = open("/proc/xen/xsd_port", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return;
    buf[n] = '\0';
    port = strtoul(buf, NULL, 10);
    fd = open("/proc/xen/xsd_kva", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        xsd_log("cannot open '/proc/xen/xsd_kva': %s", strerror(errno));
        return;
    }
    ring = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (ring == MAP_FAILED) {
        xsd_log("cannot map '/proc/xen/xsd_kva': %s", strerror(errno));
        return;
    }
    /* The unbound port names dom0 itself as remote. */
    lport = b->bind(b, 0, (uint32_t)port);
    if (lport < 0) {
        xsd_log("cannot bind local xenstore port %lu: %s", port,
                strerror(errno));
        munmap(ring, 4096);
        return;
    }
    if (domain_introduce_ring(0, ring, (uint32_t)lport, 1))
        xsd_log("cannot set up the local xenstore connection");
}

int xsd_run(const struct xsd_options *o)
{
    struct source listener = { .on_event = on_listen };
    struct source sigsrc = { .on_event = on_signal };
    struct source evsrc = { .on_event = on_evtchn };
    struct xsd_backend *b = NULL;
    const char *path = o->socket_path;
    long long last_sweep;
    sigset_t mask;
    int rc = 1;

    xsd_verbose = o->verbose;
    if (!path)
        path = getenv("XENSTORED_PATH");
    if (!path || !*path)
        path = DEFAULT_SOCKET;
    if (store_init()) {
        xsd_log("cannot initialise the store: out of memory");
        return 1;
    }
    epfd = epoll_create1(EPOLL_CLOEXEC);
    listener.fd = open_listener(path);
    if (epfd < 0 || listener.fd < 0 || watch_fd(&listener, EPOLLIN))
        goto out;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGHUP);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    signal(SIGPIPE, SIG_IGN);
    sigsrc.fd = signalfd(-1, &mask, SFD_CLOEXEC);
    if (sigsrc.fd < 0 || watch_fd(&sigsrc, EPOLLIN))
        goto out;
    if (!o->no_domains) {
        b = backend_hcall_open(&evtchn);
        if (!b) {
            xsd_log("cannot open '/dev/xen/evtchn': %s", strerror(errno));
            goto out;
        }
        virq_port = hcall_evtchn_bind_virq(evtchn, VIRQ_DOM_EXC);
        if (virq_port < 0) {
            xsd_log("cannot bind VIRQ_DOM_EXC: %s", strerror(errno));
            goto out;
        }
        hcall_evtchn_set_nonblock(evtchn, 1);
        evsrc.fd = hcall_evtchn_fd(evtchn);
        if (watch_fd(&evsrc, EPOLLIN))
            goto out;
    }
    domain_init(b);
    if (b)
        connect_local_xenstore(b);
    if (o->ready_fd >= 0) {
        if (write(o->ready_fd, "1", 1) != 1)
            xsd_log("cannot signal readiness: %s", strerror(errno));
        close(o->ready_fd);
    }
    dom0_notify_ready("xenstored", "serving");
    running = 1;
    last_sweep = now_ms();
    while (running) {
        struct epoll_event evs[32];
        /* Wake at least once a second for the ring rescue sweep. */
        int n = epoll_wait(epfd, evs, 32, 1000);

        for (int i = 0; i < n; i++) {
            struct source *s = evs[i].data.ptr;

            s->on_event(s, evs[i].events);
        }
        if (n < 0 && errno != EINTR) {
            xsd_log("epoll_wait failed: %s", strerror(errno));
            goto out;
        }
        if (now_ms() - last_sweep >= 1000) {
            last_sweep = now_ms();
            domain_rescue();
        }
    }
    rc = 0;
 out:
    while (xsd_conns && xsd_conns->ops == &sock_ops)
        conn_free(xsd_conns);
    domain_fini();
    /* Whatever remains belongs to domains already freed above. */
    if (b)
        backend_hcall_close(b);
    if (listener.fd >= 0) {
        close(listener.fd);
        unlink(path);
    }
    if (sigsrc.fd > 0)
        close(sigsrc.fd);
    if (epfd >= 0)
        close(epfd);
    store_fini();
    return rc;
}
