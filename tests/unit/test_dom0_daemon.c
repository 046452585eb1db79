/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0-tools/common/notify.c against a real datagram socket standing in for
 * systemd: what arrives for NOTIFY_SOCKET as a path and as an abstract name
 * ('@'), and nothing sent (0) when the variable is unset or empty.
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

static CU_TestInfo cases[] = {
    { "path-socket", test_path_socket },
    { "abstract-socket", test_abstract_socket },
    { "unset-is-noop", test_unset_is_noop },
    { "bad-names", test_bad_names },
    CU_TEST_INFO_NULL
};
UNIT_SUITE("dom0_daemon", NULL, NULL, cases);
