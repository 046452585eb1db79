/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored as a process on a Unix socket in a temp dir, driven through
 * libhcall's xenstore client: node operations, permissions, watches on a
 * pollable fd across two connections, transactions and the EAGAIN retry
 * helper, errors and the daemon's clean exit.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "harness.h"
#include <hcall/xs.h>
#include <public/io/xs_wire.h>
#include <hcall/xs_msg.h>
#include "backend.h"

static char dir[] = "/tmp/xs-test-XXXXXX";
static char sock[64];
static pid_t daemon_pid = -1;
static struct hcall_xs *xs, *xs2;

static int start_daemon(void)
{
    int ready[2];
    char c;

    if (!mkdtemp(dir) || pipe(ready))
        return 1;
    snprintf(sock, sizeof(sock), "%s/socket", dir);
    daemon_pid = fork();
    if (daemon_pid == 0) {
        struct xsd_options o = { .socket_path = sock, .no_domains = 1,
                                 .ready_fd = ready[1] };

        close(ready[0]);
        _exit(xsd_run(&o));
    }
    close(ready[1]);
    if (daemon_pid < 0 || read(ready[0], &c, 1) != 1)
        return 1;
    close(ready[0]);
    setenv("XENSTORED_PATH", sock, 1);
    xs = hcall_xs_open(HCALL_XS_OPEN_SOCKET);
    xs2 = hcall_xs_open_socket(sock);
    return !xs || !xs2;
}

static int stop_daemon(void)
{
    hcall_xs_close(xs);
    hcall_xs_close(xs2);
    if (daemon_pid > 0)
        kill(daemon_pid, SIGTERM);
    return 0;
}

static char *get(struct hcall_xs *h, hcall_xs_tx_t tx, const char *path)
{
    static char buf[XENSTORE_PAYLOAD_MAX + 1];
    char *v;
    size_t len;

    if (hcall_xs_read(h, tx, path, &v, &len)) {
        snprintf(buf, sizeof(buf), "errno %d", errno);
        return buf;
    }
    memcpy(buf, v, len + 1);
    free(v);
    return buf;
}

static int put(struct hcall_xs *h, hcall_xs_tx_t tx, const char *path,
               const char *v)
{
    return hcall_xs_write(h, tx, path, v, strlen(v));
}

static void test_nodes(void)
{
    char **names, *dp;
    unsigned int n;
    int intro;

    CU_ASSERT_EQUAL(put(xs, 0, "/vm/1/name", "alpha"), 0);
    CU_ASSERT_STRING_EQUAL(get(xs, 0, "/vm/1/name"), "alpha");
    CU_ASSERT_EQUAL(hcall_xs_mkdir(xs, 0, "/vm/1/dev"), 0);
    CU_ASSERT_EQUAL(hcall_xs_directory(xs, 0, "/vm/1", &names, &n), 0);
    CU_ASSERT_EQUAL(n, 2);
    if (n == 2) {
        CU_ASSERT_STRING_EQUAL(names[0], "name");
        CU_ASSERT_STRING_EQUAL(names[1], "dev");
        CU_ASSERT_PTR_NULL(names[2]);
    }
    free(names);
    CU_ASSERT_EQUAL(hcall_xs_rm(xs, 0, "/vm"), 0);
    CU_ASSERT_EQUAL(hcall_xs_read(xs, 0, "/vm/1/name", &dp, NULL), -1);
    CU_ASSERT_EQUAL(errno, ENOENT);
    CU_ASSERT_EQUAL(hcall_xs_read(xs, 0, "bad//path", &dp, NULL), -1);
    CU_ASSERT_EQUAL(errno, EINVAL);
    CU_ASSERT_EQUAL(hcall_xs_get_domain_path(xs, 3, &dp), 0);
    CU_ASSERT_STRING_EQUAL(dp, "/local/domain/3");
    free(dp);
    CU_ASSERT_EQUAL(hcall_xs_is_domain_introduced(xs, 3, &intro), 0);
    CU_ASSERT_EQUAL(intro, 0);
    /* No hypervisor here: introducing needs the domain backend. */
    CU_ASSERT_EQUAL(hcall_xs_introduce(xs, 3, 1234, 5), -1);
    CU_ASSERT_EQUAL(errno, ENOSYS);
}

static void test_big_values(void)
{
    static char big[XENSTORE_PAYLOAD_MAX + 10];

    memset(big, 'v', 3000);
    CU_ASSERT_EQUAL(hcall_xs_write(xs, 0, "/big", big, 3000), 0);
    CU_ASSERT_EQUAL(strlen(get(xs, 0, "/big")), 3000);
    CU_ASSERT_EQUAL(hcall_xs_write(xs, 0, "/big", big, sizeof(big)), -1);
    CU_ASSERT_EQUAL(errno, E2BIG);
    /* The connection survives the refusal. */
    CU_ASSERT_EQUAL(put(xs, 0, "/big", "small"), 0);
}

static void test_perms(void)
{
    struct hcall_xs_perm set[2] = { { 5, HCALL_XS_PERM_NONE },
                                    { 7, HCALL_XS_PERM_READ } };
    struct hcall_xs_perm *p;
    unsigned int n;

    CU_ASSERT_EQUAL(put(xs, 0, "/p/node", "x"), 0);
    CU_ASSERT_EQUAL(hcall_xs_set_perms(xs, 0, "/p/node", set, 2), 0);
    CU_ASSERT_EQUAL(hcall_xs_get_perms(xs, 0, "/p/node", &p, &n), 0);
    CU_ASSERT_EQUAL(n, 2);
    if (n == 2) {
        CU_ASSERT(p[0].domid == 5 && p[0].perm == HCALL_XS_PERM_NONE);
        CU_ASSERT(p[1].domid == 7 && p[1].perm == HCALL_XS_PERM_READ);
    }
    free(p);
    CU_ASSERT_EQUAL(hcall_xs_get_perms(xs, 0, "/p/none", &p, &n), -1);
    CU_ASSERT_EQUAL(errno, ENOENT);
}

static int wait_event(struct hcall_xs *h, char *out, size_t len)
{
    struct pollfd pfd = { .fd = hcall_xs_watch_fd(h), .events = POLLIN };
    char *path, *token;

    if (poll(&pfd, 1, 5000) != 1)
        return -1;
    if (hcall_xs_read_watch(h, &path, &token, 1))
        return -1;
    snprintf(out, len, "%s %s", path, token);
    free(path);
    return 0;
}

static void test_watches(void)
{
    char ev[256], *path, *token;

    CU_ASSERT_EQUAL(hcall_xs_watch(xs2, "/watched", "tok"), 0);
    CU_ASSERT_EQUAL(wait_event(xs2, ev, sizeof(ev)), 0);
    CU_ASSERT_STRING_EQUAL(ev, "/watched tok");
    /* A change made through another connection reaches this one. */
    CU_ASSERT_EQUAL(put(xs, 0, "/watched/child", "1"), 0);
    CU_ASSERT_EQUAL(wait_event(xs2, ev, sizeof(ev)), 0);
    CU_ASSERT_STRING_EQUAL(ev, "/watched/child tok");
    /* The queue is empty now: non-blocking read says so. */
    CU_ASSERT_EQUAL(hcall_xs_read_watch(xs2, &path, &token, 1), -1);
    CU_ASSERT_EQUAL(errno, EAGAIN);
    /* Requests keep working on the connection that has watches. */
    CU_ASSERT_STRING_EQUAL(get(xs2, 0, "/watched/child"), "1");
    CU_ASSERT_EQUAL(hcall_xs_rm(xs2, 0, "/watched"), 0);
    CU_ASSERT_EQUAL(wait_event(xs2, ev, sizeof(ev)), 0);
    CU_ASSERT_STRING_EQUAL(ev, "/watched tok");
    CU_ASSERT_EQUAL(hcall_xs_unwatch(xs2, "/watched", "tok"), 0);
    CU_ASSERT_EQUAL(put(xs, 0, "/watched", "again"), 0);
    CU_ASSERT_STRING_EQUAL(get(xs2, 0, "/watched"), "again");
    CU_ASSERT_EQUAL(hcall_xs_read_watch(xs2, &path, &token, 1), -1);
    CU_ASSERT_EQUAL(hcall_xs_unwatch(xs2, "/watched", "tok"), -1);
    CU_ASSERT_EQUAL(errno, ENOENT);
    CU_ASSERT_EQUAL(hcall_xs_watch(xs2, "@releaseDomain", "rel"), 0);
    CU_ASSERT_EQUAL(wait_event(xs2, ev, sizeof(ev)), 0);
    CU_ASSERT_STRING_EQUAL(ev, "@releaseDomain rel");
    CU_ASSERT_EQUAL(hcall_xs_reset_watches(xs2), 0);
}

static void test_transactions(void)
{
    hcall_xs_tx_t t;

    CU_ASSERT_EQUAL(put(xs, 0, "/acct", "10"), 0);
    CU_ASSERT_EQUAL(hcall_xs_transaction_start(xs, &t), 0);
    CU_ASSERT_STRING_EQUAL(get(xs, t, "/acct"), "10");
    CU_ASSERT_EQUAL(put(xs, t, "/acct", "11"), 0);
    CU_ASSERT_STRING_EQUAL(get(xs2, 0, "/acct"), "10");
    CU_ASSERT_EQUAL(put(xs2, 0, "/acct", "20"), 0);    /* conflicting */
    CU_ASSERT_EQUAL(hcall_xs_transaction_end(xs, t, 0), -1);
    CU_ASSERT_EQUAL(errno, EAGAIN);
    CU_ASSERT_STRING_EQUAL(get(xs, 0, "/acct"), "20");
    CU_ASSERT_EQUAL(hcall_xs_transaction_end(xs, t, 0), -1);
    CU_ASSERT_EQUAL(errno, ENOENT);
}

/* Increments /acct; the first attempt races with a second writer. */
static int bump(struct hcall_xs *h, hcall_xs_tx_t tx, void *arg)
{
    int *tries = arg;
    char v[16];

    snprintf(v, sizeof(v), "%ld", strtol(get(h, tx, "/acct"), NULL, 10) + 1);
    if ((*tries)++ == 0)
        put(xs2, 0, "/acct", "100");
    return put(h, tx, "/acct", v);
}

static int fail_fn(struct hcall_xs *h, hcall_xs_tx_t tx, void *arg)
{
    (void)arg;
    put(h, tx, "/acct", "999");
    errno = EPERM;
    return -1;
}

static void test_transact_helper(void)
{
    int tries = 0;

    CU_ASSERT_EQUAL(hcall_xs_transact(xs, bump, &tries, 0), 0);
    CU_ASSERT_EQUAL(tries, 2);
    CU_ASSERT_STRING_EQUAL(get(xs, 0, "/acct"), "101");
    CU_ASSERT_EQUAL(hcall_xs_transact(xs, fail_fn, NULL, 0), -1);
    CU_ASSERT_EQUAL(errno, EPERM);
    CU_ASSERT_STRING_EQUAL(get(xs, 0, "/acct"), "101");
}

static void test_control(void)
{
    const char *args[] = { "quota", "watches" };
    char *out;

    CU_ASSERT_EQUAL(hcall_xs_control(xs, args, 2, &out), 0);
    CU_ASSERT_STRING_EQUAL(out, "128");
    free(out);
}

/* A field of the daemon's /proc/PID/status, in kB; -1 if missing. */
static long daemon_status_kb(const char *field)
{
    char path[64], line[256];
    long v = -1;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%d/status", (int)daemon_pid);
    f = fopen(path, "r");
    if (!f)
        return -1;
    while (fgets(line, sizeof(line), f))
        if (!strncmp(line, field, strlen(field)))
            v = strtol(line + strlen(field), NULL, 10);
    fclose(f);
    return v;
}

/* The daemon's user + system CPU time in clock ticks. */
static long daemon_cpu_ticks(void)
{
    char path[64], buf[1024], *p;
    unsigned long ut = 0, st = 0;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)daemon_pid);
    f = fopen(path, "r");
    if (!f)
        return -1;
    p = fgets(buf, sizeof(buf), f);
    fclose(f);
    p = p ? strrchr(buf, ')') : NULL;
    /* After "pid (comm)": fields 3..13, then utime and stime. */
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
                     "%lu %lu", &ut, &st) != 2)
        return -1;
    return (long)(ut + st);
}

/*
 * Regression (issue 14): a socket client that sent requests and never read
 * the replies made the daemon read them all and queue every reply, so its
 * memory grew without limit. Now the daemon stops reading from such a
 * client (without spinning on it), its memory stays flat, and other
 * clients are served.
 */
static void test_unread_client_capped(void)
{
    enum { NR = 20000 };
    static char val[4001], batch[64 * 32];
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    struct xs_frag fr = { "/cap", 5 };
    struct pollfd pfd;
    long rss0, rss1, cpu0, cpu1;
    size_t blen = 0;
    int fd, sent = 0;

    memset(val, 'v', sizeof(val) - 1);
    CU_ASSERT_EQUAL(put(xs, 0, "/cap", val), 0);
    for (int i = 0; i < 64; i++)
        blen += xs_msg_build(batch + blen, sizeof(batch) - blen, XS_READ, i,
                             0, &fr, 1);
    strcpy(addr.sun_path, sock);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_FATAL(!connect(fd, (struct sockaddr *)&addr, sizeof(addr)));
    rss0 = daemon_status_kb("VmRSS:");
    /* Send until the daemon stops taking requests (or NR of them). */
    pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
    while (sent < NR) {
        ssize_t n = send(fd, batch, blen, MSG_NOSIGNAL);

        if (n == (ssize_t)blen) {
            sent += 64;
            continue;
        }
        /* A short send splits a request: stop after it. */
        if (n > 0 || (errno != EAGAIN) || poll(&pfd, 1, 1000) != 1)
            break;
    }
    /* Another client is served meanwhile. */
    CU_ASSERT_EQUAL(strlen(get(xs2, 0, "/cap")), 4000);
    usleep(200 * 1000);
    rss1 = daemon_status_kb("VmRSS:");
    /* Without a limit: 20000 queued replies of 4 KiB, 80 MB. */
    CU_ASSERT(rss0 > 0 && rss1 > 0 && rss1 - rss0 < 16 * 1024);
    /* And the daemon does not spin on the stalled connection. */
    cpu0 = daemon_cpu_ticks();
    usleep(300 * 1000);
    cpu1 = daemon_cpu_ticks();
    CU_ASSERT(cpu0 >= 0 && cpu1 - cpu0 < 10);
    close(fd);
    CU_ASSERT_EQUAL(put(xs, 0, "/cap", "small"), 0);
    CU_ASSERT_EQUAL(hcall_xs_rm(xs, 0, "/cap"), 0);
}

static void test_daemon_exit(void)
{
    int status = -1;

    hcall_xs_close(xs);
    hcall_xs_close(xs2);
    xs = xs2 = NULL;
    CU_ASSERT_EQUAL(kill(daemon_pid, SIGTERM), 0);
    CU_ASSERT_EQUAL(waitpid(daemon_pid, &status, 0), daemon_pid);
    CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    daemon_pid = -1;
    CU_ASSERT_EQUAL(access(sock, F_OK), -1);           /* socket removed */
    rmdir(dir);
}

static CU_TestInfo cases[] = {
    { "nodes", test_nodes },
    { "big_values", test_big_values },
    { "permissions", test_perms },
    { "watches_across_connections", test_watches },
    { "transaction_conflict", test_transactions },
    { "transact_retry_helper", test_transact_helper },
    { "control", test_control },
    { "unread_client_capped", test_unread_client_capped },
    { "daemon_exit", test_daemon_exit },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("xenstored_daemon", start_daemon, stop_daemon, cases);
