/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl migrate and xl migrate-receive: a live save (hb_save_fd with pre-copy
 * rounds) into the stdin of a transport command that runs migrate-receive
 * on the target, whose stdout carries the replies of migrate_proto.h. The
 * source is destroyed only after the target has built the domain; any
 * failure before that resumes it. docs/migration.md, "Live migration".
 */
#define _GNU_SOURCE            /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hb.h"
#include "migrate_proto.h"
#include "xl.h"

#define INCOMING "--incoming"

struct mig_link {
    pid_t pid;
    int to, from;                       /* the receiver's stdin, stdout */
    char buf[MIG_LINE_MAX * 2];
    size_t len;
    bool eof;
};

static int start_rune(struct mig_link *m, const char *rune)
{
    int in[2], out[2];

    if (pipe2(in, O_CLOEXEC) < 0)
        return hb_msg(-errno, "pipe: %s", strerror(errno));
    if (pipe2(out, O_CLOEXEC) < 0) {
        close(in[0]);
        close(in[1]);
        return hb_msg(-errno, "pipe: %s", strerror(errno));
    }
    m->pid = fork();
    if (m->pid < 0)
        return hb_msg(-errno, "fork: %s", strerror(errno));
    if (m->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        execl("/bin/sh", "sh", "-c", rune, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    m->to = in[1];
    m->from = out[0];
    return 0;
}

/*
 * The next protocol line within secs: its kind, the line in out. Lines
 * that are not protocol (an ssh banner, a shell's complaint) are shown.
 * -ETIMEDOUT, or -EPIPE when the receiver closed its stdout.
 */
static int next_reply(struct mig_link *m, char *out, unsigned int secs)
{
    struct timespec t0, t;
    const char *text;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        size_t used = mig_take_line(m->buf, m->len, out);
        struct pollfd p = { .fd = m->from, .events = POLLIN };
        int left;
        ssize_t n;

        if (used) {
            enum mig_reply r = mig_parse_reply(out, &text);

            memmove(m->buf, m->buf + used, m->len - used);
            m->len -= used;
            if (r != MIG_REPLY_BAD)
                return (int)r;
            fprintf(stderr, "migrate-receive: %s\n", out);
            continue;
        }
        if (m->len == sizeof(m->buf))
            m->len = 0;                 /* no newline in sight: drop it */
        if (m->eof)
            return -EPIPE;
        clock_gettime(CLOCK_MONOTONIC, &t);
        left = (int)(secs * 1000 - ((t.tv_sec - t0.tv_sec) * 1000 +
                                    (t.tv_nsec - t0.tv_nsec) / 1000000));
        if (left <= 0)
            return -ETIMEDOUT;
        if (poll(&p, 1, left) < 0 && errno != EINTR)
            return -errno;
        if (!p.revents)
            continue;
        n = read(m->from, m->buf + m->len, sizeof(m->buf) - m->len);
        if (n < 0 && errno != EINTR && errno != EAGAIN)
            return -errno;
        if (n == 0)
            m->eof = true;
        if (n > 0)
            m->len += (size_t)n;
    }
}

/* A failed reply as a message: rc from next_reply, line its text. */
static int reply_fail(int r, const char *line, const char *when)
{
    const char *text;

    if (r == MIG_REPLY_ERROR) {
        mig_parse_reply(line, &text);
        return hb_msg(-EIO, "the receiver failed %s: %s", when, text);
    }
    if (r == -EPIPE)
        return hb_msg(-EPIPE, "the receiver exited %s", when);
    if (r == -ETIMEDOUT)
        return hb_msg(-ETIMEDOUT, "the receiver did not answer %s", when);
    if (r < 0)
        return hb_msg(r, "reading the receiver's reply %s: %s", when,
                      strerror(-r));
    return hb_msg(-EPROTO, "unexpected reply '%s' from the receiver %s",
                  line, when);
}

static int wait_restored(struct hb_live *lv)
{
    struct mig_link *m = lv->opaque;
    char line[MIG_LINE_MAX];
    int r = next_reply(m, line, 600);

    if (r == MIG_REPLY_RESTORED)
        return 0;
    return reply_fail(r, line, "before the domain was restored");
}

static void stop_rune(struct mig_link *m)
{
    int st;

    if (m->to >= 0)
        close(m->to);
    if (m->from >= 0)
        close(m->from);
    m->to = m->from = -1;
    if (m->pid > 0)
        waitpid(m->pid, &st, 0);
    m->pid = 0;
}

int hb_migrate(uint32_t domid, const char *rune, const struct mig_policy *p)
{
    struct mig_link m = { .to = -1, .from = -1 };
    struct hb_live lv = { .pol = *p, .after_stream = wait_restored,
                          .opaque = &m };
    char line[MIG_LINE_MAX];
    struct timespec t0;
    uint64_t downtime, total;
    int r, rc;

    signal(SIGPIPE, SIG_IGN);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if ((rc = start_rune(&m, rune)) < 0)
        return rc;
    r = next_reply(&m, line, 120);
    if (r != MIG_REPLY_READY) {
        rc = reply_fail(r, line, "at the start (is xl migrate-receive "
                        "there?); the domain was not touched");
        goto out;
    }
    rc = hb_save_fd(domid, m.to, 0, &lv);
    if (rc < 0) {
        char keep[sizeof(xl_backend_msg)];

        /* The receiver may know better why the stream broke. */
        snprintf(keep, sizeof(keep), "%s", xl_backend_msg);
        close(m.to);
        m.to = -1;
        r = next_reply(&m, line, 5);
        if (r == MIG_REPLY_ERROR) {
            const char *text;

            mig_parse_reply(line, &text);
            snprintf(xl_backend_msg, sizeof(xl_backend_msg), "%.250s "
                     "(the receiver: %.200s)", keep, text);
        } else {
            snprintf(xl_backend_msg, sizeof(xl_backend_msg), "%s", keep);
        }
        goto out;
    }
    /* The source is gone: the target may take the name and run. */
    if (write(m.to, MIG_LINE_GO "\n", 3) != 3) {
        rc = hb_msg(-EPIPE, "the receiver went away after the restore; the "
                    "domain is left paused on the target");
        goto out;
    }
    r = next_reply(&m, line, 120);
    if (r != MIG_REPLY_DONE) {
        rc = reply_fail(r, line, "after the restore (the domain is on the "
                        "target, maybe paused)");
        goto out;
    }
    {
        struct timespec t;

        clock_gettime(CLOCK_MONOTONIC, &t);
        downtime = (uint64_t)((t.tv_sec - lv.t_suspend.tv_sec) * 1000 +
                              (t.tv_nsec - lv.t_suspend.tv_nsec) / 1000000);
        total = (uint64_t)((t.tv_sec - t0.tv_sec) * 1000 +
                           (t.tv_nsec - t0.tv_nsec) / 1000000);
    }
    fprintf(xl_out, "migration of domain %u: %u pre-copy rounds, %llu pages "
            "sent suspended, downtime %llu ms, total %llu ms\n", domid,
            lv.rounds, (unsigned long long)lv.final_pages,
            (unsigned long long)downtime, (unsigned long long)total);
out:
    stop_rune(&m);
    return rc;
}

static void reply(const char *fmt, const char *text)
{
    printf(fmt, text);
    fflush(stdout);
}

/* "go" from the sender on fd 0, read byte by byte (nothing else follows). */
static int wait_go(void)
{
    char line[8];
    size_t n = 0;

    while (n < sizeof(line) - 1) {
        ssize_t k = read(0, line + n, 1);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -EPIPE;
        if (line[n] == '\n')
            break;
        n++;
    }
    line[n] = '\0';
    return strcmp(line, MIG_LINE_GO) ? -EPROTO : 0;
}

/* Take the real name (the source is gone), store it in the config, run. */
static int go_live(uint32_t domid, unsigned int flags)
{
    struct xl_domain_config c;
    size_t len, slen = strlen(INCOMING);
    char path[64], *text;
    int rc;

    xl_config_init(&c);
    if ((rc = hb_domain_config(domid, &c)) < 0) {
        rc = hb_msg(rc, "the new domain %u has no config in the store",
                    domid);
        goto out;
    }
    len = strlen(c.name);
    if (len > slen && !strcmp(c.name + len - slen, INCOMING))
        c.name[len - slen] = '\0';
    if ((rc = xl_backend_hcall.rename(domid, c.name)) < 0)
        goto out;
    if ((text = xl_cfg_write(&c)) != NULL) {
        snprintf(path, sizeof(path), HB_XS_ROOT "/%u/config", domid);
        hb_xs_write(path, text);
        free(text);
    }
    if (!(flags & XL_CREATE_PAUSED) &&
        (rc = xl_backend_hcall.unpause(domid)) < 0)
        goto out;
    hb_monitor_start(&c, domid, flags);
out:
    xl_config_free(&c);
    return rc;
}

int hb_migrate_receive(unsigned int flags)
{
    uint32_t domid;
    int rc;

    signal(SIGPIPE, SIG_IGN);
    reply("%s\n", MIG_LINE_READY);
    rc = hb_restore_fd(0, "the migration stream", INCOMING,
                       XL_CREATE_PAUSED | XL_CREATE_NO_MONITOR, &domid);
    if (rc < 0) {
        reply(MIG_LINE_ERROR "%s\n", xl_backend_msg[0] ? xl_backend_msg
                                                       : strerror(-rc));
        return rc;
    }
    reply("%s\n", MIG_LINE_RESTORED);
    if ((rc = wait_go()) < 0) {
        /* The sender kept (or resumed) its domain: drop this copy. */
        xl_backend_hcall.destroy(domid);
        return hb_msg(rc, "the sender did not confirm the migration; the "
                      "new domain %u was destroyed", domid);
    }
    if ((rc = go_live(domid, flags)) < 0) {
        reply(MIG_LINE_ERROR "%s\n", xl_backend_msg);
        return rc;
    }
    reply("%s\n", MIG_LINE_DONE);
    return 0;
}
