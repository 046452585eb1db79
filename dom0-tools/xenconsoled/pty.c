/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Each console's pty, as Xen's xenconsoled offers it: the daemon holds
 * the master, the slave's path goes to /local/domain/<id>/console/tty, and
 * whatever attaches to the slave (xenconsole, virsh console, screen) sees
 * the guest's output and types into its input ring. The slave is raw (no
 * echo, no line editing: the guest does that), and the daemon keeps it
 * open, so the master never reads EIO while nobody is attached.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "xenconsoled.h"

static void tty_node(const struct xc_dom *d, char *path, size_t len)
{
    snprintf(path, len, "/local/domain/%u/console/tty", d->domid);
}

void xc_pty_open(struct xc_state *s, struct xc_dom *d)
{
    struct termios t;
    char path[64];
    const char *name;

    d->pty_master = d->pty_slave = -1;
    d->pty_master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (d->pty_master < 0 || grantpt(d->pty_master) < 0 ||
        unlockpt(d->pty_master) < 0 || !(name = ptsname(d->pty_master)))
        goto fail;
    d->pty_slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (d->pty_slave < 0 || tcgetattr(d->pty_slave, &t) < 0)
        goto fail;
    cfmakeraw(&t);
    if (tcsetattr(d->pty_slave, TCSANOW, &t) < 0 ||
        fcntl(d->pty_master, F_SETFL, O_NONBLOCK) < 0)
        goto fail;
    if (strlen(name) >= sizeof(d->pty_name)) {
        errno = ENAMETOOLONG;
        goto fail;
    }
    strcpy(d->pty_name, name);
    tty_node(d, path, sizeof(path));
    if (hcall_xs_write(s->xs, HCALL_XS_NO_TX, path, name, strlen(name)) < 0)
        goto fail;
    /*
     * A toolstack may (re)write the console directory after the domain is
     * introduced - libxl writes an empty tty - and then waits for a path:
     * watch the node and put ours back whenever it changes.
     */
    if (hcall_xs_watch(s->xs, path, "tty") < 0)
        xc_log("domain %u: cannot watch %s: %s", d->domid, path,
               strerror(errno));
    if (s->verbose)
        xc_log("domain %u: console pty %s", d->domid, name);
    return;
fail:
    xc_log("domain %u: no console pty: %s", d->domid, strerror(errno));
    xc_pty_close(NULL, d);
}

/* s NULL: the store entry is not touched (the domain is gone anyway). */
void xc_pty_close(struct xc_state *s, struct xc_dom *d)
{
    char path[64];

    if (s && d->pty_master >= 0) {
        tty_node(d, path, sizeof(path));
        hcall_xs_unwatch(s->xs, path, "tty");
        hcall_xs_rm(s->xs, HCALL_XS_NO_TX, path);
    }
    d->pty_name[0] = '\0';
    if (d->pty_slave >= 0)
        close(d->pty_slave);
    if (d->pty_master >= 0)
        close(d->pty_master);
    d->pty_master = d->pty_slave = -1;
}

struct tty_fix {
    const char *path, *want;
};

/* In a transaction: rewrite an existing node that differs; never create. */
static int tty_fix_tx(struct hcall_xs *xs, hcall_xs_tx_t tx, void *arg)
{
    const struct tty_fix *f = arg;
    char *value = NULL;
    size_t len = 0;
    int same;

    if (hcall_xs_read(xs, tx, f->path, &value, &len) < 0) {
        if (errno != ENOENT)
            return -1;
        errno = 0;
        return 1;               /* removed: the domain is going away */
    }
    same = len == strlen(f->want) && !memcmp(value, f->want, len);
    free(value);
    if (same) {
        errno = 0;
        return 1;
    }
    return hcall_xs_write(xs, tx, f->path, f->want, strlen(f->want)) < 0 ? -1
                                                                          : 0;
}

void xc_pty_check(struct xc_state *s, const char *path)
{
    unsigned int domid;
    int off = -1;
    struct xc_dom *d;
    struct tty_fix f;

    if (sscanf(path, "/local/domain/%u/%n", &domid, &off) != 1 || off < 0 ||
        strcmp(path + off, "console/tty") || !(d = xc_find(s, domid)) ||
        d->pty_master < 0)
        return;
    /*
     * A transaction, so that a toolstack removing the domain's directory
     * meanwhile makes the write fail instead of creating the node again.
     */
    f = (struct tty_fix){ .path = path, .want = d->pty_name };
    if (hcall_xs_transact(s->xs, tty_fix_tx, &f, 0) == 0) {
        if (s->verbose)
            xc_log("domain %u: %s restored to %s", domid, path, d->pty_name);
    } else if (errno != 0) {
        xc_log("domain %u: cannot restore %s: %s", domid, path,
               strerror(errno));
    }
}

/* Guest output; dropped when nobody reads the pty and its buffer is full,
 * as on a serial line nobody listens to. */
void xc_pty_write(struct xc_dom *d, const char *buf, size_t n)
{
    if (d->pty_master >= 0 && write(d->pty_master, buf, n) < 0 &&
        errno != EAGAIN && errno != EWOULDBLOCK) {
        xc_log("domain %u: console pty: %s", d->domid, strerror(errno));
        xc_pty_close(NULL, d);
    }
}

/* What was typed on the slave goes to the guest's input ring. */
void xc_pty_read(struct xc_state *s, struct xc_dom *d)
{
    char buf[1024];
    ssize_t n = read(d->pty_master, buf, sizeof(buf));

    if (n > 0)
        xc_input(s, d, buf, (int)n);
}
