/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl top's interactive keys and terminal: q quits without Enter (cbreak
 * mode on a pty), other keys only redraw, end of input only sleeps, and the
 * terminal comes back as it was on leave and when a signal kills xl.
 */
#define _GNU_SOURCE
#include <pty.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "xl.h"

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_keys(void)
{
    int p[2], fd;
    double t;

    CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
    fd = p[0];
    CU_ASSERT_EQUAL(write(p[1], "xy", 2), 2);
    CU_ASSERT_FALSE(xl_top_wait(&fd, 5));        /* redraw, no quit */
    CU_ASSERT_EQUAL(fd, p[0]);
    CU_ASSERT_EQUAL(write(p[1], "aQ", 2), 2);
    CU_ASSERT_TRUE(xl_top_wait(&fd, 5));
    CU_ASSERT_EQUAL(write(p[1], "q", 1), 1);
    CU_ASSERT_TRUE(xl_top_wait(&fd, 5));
    t = now_s();
    CU_ASSERT_FALSE(xl_top_wait(&fd, 0.05));     /* nothing typed */
    CU_ASSERT(now_s() - t >= 0.04);
    close(p[1]);
    CU_ASSERT_FALSE(xl_top_wait(&fd, 5));        /* end of input */
    CU_ASSERT_EQUAL(fd, -1);
    t = now_s();
    CU_ASSERT_FALSE(xl_top_wait(&fd, 0.05));     /* now it only sleeps */
    CU_ASSERT(now_s() - t >= 0.04);
    close(p[0]);
}

static tcflag_t lflag(int fd)
{
    struct termios t;

    CU_ASSERT_EQUAL_FATAL(tcgetattr(fd, &t), 0);
    return t.c_lflag;
}

static void test_terminal(void)
{
    int master, slave, p[2], fd;

    /* Not a terminal: left alone. */
    CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
    CU_ASSERT_EQUAL(xl_top_term_enter(p[0]), 0);
    xl_top_term_leave();
    close(p[0]);
    close(p[1]);

    CU_ASSERT_EQUAL_FATAL(openpty(&master, &slave, NULL, NULL, NULL), 0);
    CU_ASSERT(lflag(slave) & ICANON);
    CU_ASSERT_EQUAL(xl_top_term_enter(slave), 1);
    CU_ASSERT_FALSE(lflag(slave) & (ICANON | ECHO));
    CU_ASSERT(lflag(slave) & ISIG);              /* Ctrl-C still works */
    /* One key, no Enter, reaches xl. */
    CU_ASSERT_EQUAL(write(master, "q", 1), 1);
    fd = slave;
    CU_ASSERT_TRUE(xl_top_wait(&fd, 5));
    xl_top_term_leave();
    CU_ASSERT((lflag(slave) & (ICANON | ECHO)) == (ICANON | ECHO));
    /* Without Enter, a canonical terminal holds the key back again. */
    CU_ASSERT_EQUAL(write(master, "q", 1), 1);
    CU_ASSERT_FALSE(xl_top_wait(&fd, 0.1));

    /* Killed by a signal while in cbreak mode: restored, and dies of it. */
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    for (unsigned int i = 0; i < 3; i++) {
        int status = 0;
        pid_t pid = fork();

        CU_ASSERT_FATAL(pid >= 0);
        if (pid == 0) {
            if (xl_top_term_enter(slave) != 1 ||
                (lflag(slave) & ICANON))
                _exit(3);
            raise(sigs[i]);
            _exit(4);                   /* not reached */
        }
        CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
        CU_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == sigs[i]);
        CU_ASSERT((lflag(slave) & (ICANON | ECHO)) == (ICANON | ECHO));
    }
    close(slave);
    close(master);
}

static CU_TestInfo cases[] = {
    { "keys_q_quits_others_redraw", test_keys },
    { "terminal_cbreak_and_restore", test_terminal },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("xl_top", NULL, NULL, cases);
