/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0-tools/common/notify.c against a real datagram socket standing in for
 * systemd: what arrives for NOTIFY_SOCKET as a path and as an abstract name
 * ('@'), and nothing sent (0) when the variable is unset or empty.
 * logfile.c: the log line, and the reopen after SIGHUP once logrotate has
 * renamed the file.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "dom0_daemon.h"
#include "harness.h"

/* Binds a datagram socket to name (abstract if it starts with '@'). */
static int listen_dgram(const char *name)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    size_t len = strlen(name);
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

    if (fd < 0)
        return -1;
    memcpy(a.sun_path, name, len);
    if (name[0] == '@')
        a.sun_path[0] = '\0';
    else
        unlink(name);
    if (bind(fd, (struct sockaddr *)&a,
             (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* The one pending datagram (or "" if none), NUL-terminated. */
static void recv_msg(int fd, char *buf, size_t size)
{
    ssize_t n = recv(fd, buf, size - 1, MSG_DONTWAIT);

    buf[n > 0 ? n : 0] = '\0';
}

static void check_delivery(const char *name)
{
    char buf[256];
    int fd = listen_dgram(name);

    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(setenv("NOTIFY_SOCKET", name, 1), 0);
    CU_ASSERT_EQUAL(dom0_notify("READY=1\nSTATUS=serving"), 1);
    recv_msg(fd, buf, sizeof(buf));
    CU_ASSERT_STRING_EQUAL(buf, "READY=1\nSTATUS=serving");
    dom0_notify_ready("test", "serving /local/domain/0/backend/qdisk");
    recv_msg(fd, buf, sizeof(buf));
    CU_ASSERT_STRING_EQUAL(buf, "READY=1\nSTATUS=serving /local/domain/0/backend/qdisk");
    unsetenv("NOTIFY_SOCKET");
    close(fd);
}

static void test_path_socket(void)
{
    char name[64];

    snprintf(name, sizeof(name), "/tmp/xenolite-notify-%ld", (long)getpid());
    check_delivery(name);
    unlink(name);
}

static void test_abstract_socket(void)
{
    char name[64];

    snprintf(name, sizeof(name), "@xenolite-notify-%ld", (long)getpid());
    check_delivery(name);
}

static void test_unset_is_noop(void)
{
    unsetenv("NOTIFY_SOCKET");
    CU_ASSERT_EQUAL(dom0_notify("READY=1"), 0);
    CU_ASSERT_EQUAL(setenv("NOTIFY_SOCKET", "", 1), 0);
    CU_ASSERT_EQUAL(dom0_notify("READY=1"), 0);
    unsetenv("NOTIFY_SOCKET");
}

static void test_bad_names(void)
{
    char name[200];

    CU_ASSERT_EQUAL(setenv("NOTIFY_SOCKET", "relative/notify", 1), 0);
    CU_ASSERT_EQUAL(dom0_notify("READY=1"), -EINVAL);
    memset(name, 'x', sizeof(name) - 1);
    name[0] = '/';
    name[sizeof(name) - 1] = '\0';
    CU_ASSERT_EQUAL(setenv("NOTIFY_SOCKET", name, 1), 0);
    CU_ASSERT_EQUAL(dom0_notify("READY=1"), -EINVAL);
    /* Nobody listening: the send fails and says why. */
    CU_ASSERT_EQUAL(setenv("NOTIFY_SOCKET", "@xenolite-notify-nobody", 1), 0);
    CU_ASSERT_EQUAL(dom0_notify("READY=1"), -ECONNREFUSED);
    unsetenv("NOTIFY_SOCKET");
}

static void log_line(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    dom0_vlog("test", fmt, ap);
    va_end(ap);
}

/* The whole file (up to size - 1 bytes) as a string; "" if absent. */
static void slurp(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, size - 1, f) : 0;

    buf[n] = '\0';
    if (f)
        fclose(f);
}

static void test_log_reopen_after_rotation(void)
{
    char path[64], rotated[72], buf[512];

    snprintf(path, sizeof(path), "/tmp/xenolite-log-%ld", (long)getpid());
    snprintf(rotated, sizeof(rotated), "%s.1", path);
    unlink(path);
    CU_ASSERT_FATAL(dom0_log_open(path) == 0);
    log_line("first %d", 1);
    CU_ASSERT_EQUAL(rename(path, rotated), 0);
    log_line("second");         /* no SIGHUP yet: still the renamed file */
    CU_ASSERT_EQUAL(access(path, F_OK), -1);
    dom0_log_hangup();
    log_line("third");
    slurp(rotated, buf, sizeof(buf));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "] test: first 1\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "] test: second\n"));
    CU_ASSERT_PTR_NULL(strstr(buf, "third"));
    slurp(path, buf, sizeof(buf));
    CU_ASSERT_EQUAL(buf[0], '[');
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "] test: third\n"));
    CU_ASSERT_PTR_NULL(strstr(buf, "second"));
    /* Back to stderr for whatever logs next in this process. */
    CU_ASSERT_EQUAL(dom0_log_open(NULL), 0);
    unlink(path);
    unlink(rotated);
}

static void test_log_open_fails(void)
{
    CU_ASSERT_EQUAL(dom0_log_open("/nonexistent-dir/x.log"), -1);
    CU_ASSERT_EQUAL(errno, ENOENT);
    CU_ASSERT_EQUAL(dom0_log_open(NULL), 0);
}

static CU_TestInfo cases[] = {
    { "path-socket", test_path_socket },
    { "abstract-socket", test_abstract_socket },
    { "unset-is-noop", test_unset_is_noop },
    { "bad-names", test_bad_names },
    { "log-reopen-after-rotation", test_log_reopen_after_rotation },
    { "log-open-fails", test_log_open_fails },
    CU_TEST_INFO_NULL
};
UNIT_SUITE("dom0_daemon", NULL, NULL, cases);
