/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV disks: disk= at create, block-attach/-detach/-list, and the teardown
 * when a domain goes. Writes the two xenstore directories of the split
 * driver handshake (frontend .../device/vbd/<devid>, backend
 * /local/domain/0/backend/<vbd|qdisk>/<domid>/<devid>) in one transaction.
 * backendtype phy (Linux's xen-blkback, kind vbd) gets a block device: a
 * file target is bound to a loop device first and `physical-device` names
 * its major:minor, as Xen's block hotplug script does. backendtype qdisk
 * is served by a user-space daemon (drivers/backend/blk); it is the default
 * for image files, phy the default for block devices.
 */
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>
#include <linux/loop.h>

#include "cfg_syntax.h"
#include "hb.h"

/* XenbusState values (split-drivers.md section 1). */
enum { XB_INITWAIT = 2, XB_CONNECTED = 4, XB_CLOSING = 5, XB_CLOSED = 6 };

/* Deadlines, in tenths of a second (QEMU's TCG is slow). */
#define WAIT_BACKEND   300     /* a new backend reaches InitWait */
#define WAIT_CONNECT   600     /* block-attach: the guest connects */
#define WAIT_CLOSE     100     /* teardown: the backend lets go */

/* Where the dom0 init starts qdisk and how (docs/xl.md, "Disks"). */
#define QDISK_PIDFILE  "/run/xen/qdisk.pid"
#define QDISK_START    "qdisk -D -l /var/log/xen/qdisk.log -p " QDISK_PIDFILE

static const char *const kinds[] = { "vbd", "qdisk" };

/* One disk's paths and what phy needs. */
struct vbd {
    uint32_t domid;
    int devid;
    const struct xl_disk *d;
    const char *kind;
    char be[128], fe[128];
    char phys[32], phys_path[64];       /* empty for qdisk */
};

static int be_state(const char *be)
{
    return hb_xs_read_int(-1, "%s/state", be);
}

/* ---- loop devices ----------------------------------------------------- */

static int loop_attach(struct vbd *v)
{
    struct loop_info64 info = { 0 };
    int ctl, fd = -1, lfd = -1, n, rc = 0;
    struct stat st;

    ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
    if (ctl < 0)
        return hb_msg(-errno, "disk %s: cannot open /dev/loop-control: %s; "
                      "load the loop module (modprobe loop)", v->d->vdev,
                      strerror(errno));
    fd = open(v->d->target, (v->d->readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd < 0) {
        rc = hb_msg(-errno, "disk %s: cannot open '%s': %s", v->d->vdev,
                    v->d->target, strerror(errno));
        goto out;
    }
    for (int tries = 0; tries < 16; tries++) {
        if ((n = ioctl(ctl, LOOP_CTL_GET_FREE)) < 0)
            break;
        snprintf(v->phys_path, sizeof(v->phys_path), "/dev/loop%d", n);
        lfd = open(v->phys_path, O_RDWR | O_CLOEXEC);
        if (lfd >= 0 && ioctl(lfd, LOOP_SET_FD, fd) == 0)
            break;
        if (lfd >= 0)
            close(lfd);
        lfd = -1;
        if (errno != EBUSY && errno != ENOENT)
            break;
    }
    if (lfd < 0) {
        rc = hb_msg(-errno, "disk %s: no free loop device for '%s': %s",
                    v->d->vdev, v->d->target, strerror(errno));
        goto out;
    }
    snprintf((char *)info.lo_file_name, LO_NAME_SIZE, "%s", v->d->target);
    if (v->d->readonly)
        info.lo_flags = LO_FLAGS_READ_ONLY;
    if (ioctl(lfd, LOOP_SET_STATUS64, &info) < 0 || fstat(lfd, &st) < 0) {
        rc = hb_msg(-errno, "disk %s: cannot set up %s: %s", v->d->vdev,
                    v->phys_path, strerror(errno));
        ioctl(lfd, LOOP_CLR_FD, 0);
        goto out;
    }
    snprintf(v->phys, sizeof(v->phys), "%x:%x", major(st.st_rdev),
             minor(st.st_rdev));
out:
    if (lfd >= 0)
        close(lfd);
    if (fd >= 0)
        close(fd);
    close(ctl);
    return rc;
}

/* Unbind; while the backend still holds it the kernel detaches it later. */
static void loop_detach(const char *dev)
{
    int fd = open(dev, O_RDONLY | O_CLOEXEC);

    if (fd >= 0) {
        ioctl(fd, LOOP_CLR_FD, 0);
        close(fd);
    }
}

/* phy: a block device is used as it is, a file through a loop device. */
static int phy_prepare(struct vbd *v)
{
    struct stat st;

    if (stat(v->d->target, &st) < 0)
        return hb_msg(-errno, "disk %s: cannot use '%s': %s", v->d->vdev,
                      v->d->target, strerror(errno));
    if (S_ISBLK(st.st_mode)) {
        snprintf(v->phys, sizeof(v->phys), "%x:%x", major(st.st_rdev),
                 minor(st.st_rdev));
        snprintf(v->phys_path, sizeof(v->phys_path), "%s", v->d->target);
        return 0;
    }
    if (!S_ISREG(st.st_mode))
        return hb_msg(-EINVAL, "disk %s: '%s' is neither a file nor a block "
                      "device", v->d->vdev, v->d->target);
    return loop_attach(v);
}

/* ---- the store -------------------------------------------------------- */

static int write_dirs(struct hcall_xs *xs, hcall_xs_tx_t tx, void *arg)
{
    const struct vbd *v = arg;
    const struct xl_disk *d = v->d;
    uint16_t id = (uint16_t)v->domid;
    const char *type = d->cdrom ? "cdrom" : "disk";

    if (hb_dev_dirs(xs, tx, v->domid, v->be, v->fe))
        return -1;
    if (hb_xs_tx_printf(xs, tx, v->be, "frontend", "%s", v->fe) ||
        hb_xs_tx_printf(xs, tx, v->be, "frontend-id", "%u", id) ||
        hb_xs_tx_printf(xs, tx, v->be, "online", "1") ||
        hb_xs_tx_printf(xs, tx, v->be, "state", "1") ||
        hb_xs_tx_printf(xs, tx, v->be, "params", "%s", d->target) ||
        hb_xs_tx_printf(xs, tx, v->be, "mode", d->readonly ? "r" : "w") ||
        hb_xs_tx_printf(xs, tx, v->be, "device-type", "%s", type) ||
        hb_xs_tx_printf(xs, tx, v->be, "dev", "%s", d->vdev) ||
        hb_xs_tx_printf(xs, tx, v->be, "type", "%s",
                        v->phys[0] ? "phy" : "qdisk") ||
        hb_xs_tx_printf(xs, tx, v->be, "removable", d->cdrom ? "1" : "0") ||
        hb_xs_tx_printf(xs, tx, v->be, "bootable", "1") ||
        hb_xs_tx_printf(xs, tx, v->be, "discard-enable", "%d",
                        d->discard != 0 && !d->readonly))
        return -1;
    if (v->phys[0] &&
        (hb_xs_tx_printf(xs, tx, v->be, "physical-device-path", "%s",
                         v->phys_path) ||
         hb_xs_tx_printf(xs, tx, v->be, "physical-device", "%s", v->phys)))
        return -1;
    return hb_xs_tx_printf(xs, tx, v->fe, "backend", "%s", v->be) ||
           hb_xs_tx_printf(xs, tx, v->fe, "backend-id", "0") ||
           hb_xs_tx_printf(xs, tx, v->fe, "state", "1") ||
           hb_xs_tx_printf(xs, tx, v->fe, "virtual-device", "%d", v->devid) ||
           hb_xs_tx_printf(xs, tx, v->fe, "device-type", "%s", type) ? -1 : 0;
}

/* The default back end: phy for a block device, qdisk for anything else. */
static bool is_blockdev(const struct xl_disk *d)
{
    struct stat st;

    return stat(d->target, &st) == 0 && S_ISBLK(st.st_mode);
}

/* What this build can serve; fills kind and the paths. */
static int vbd_init(struct vbd *v, uint32_t domid, const struct xl_disk *d)
{
    memset(v, 0, sizeof(*v));
    v->domid = domid;
    v->d = d;
    v->devid = xl_vdev_to_devid(d->vdev);
    if (v->devid < 0)
        return hb_msg(-EINVAL, "disk %s: not a virtual disk name Xen can "
                      "number", d->vdev);
    if (!d->target || d->format != XL_DISK_FORMAT_RAW)
        return hb_msg(-EOPNOTSUPP, "disk %s: only format=raw with a target "
                      "is served (not %s)", d->vdev,
                      xl_disk_format_name(d->format));
    if (d->backend && strcmp(d->backend, "0") &&
        strcmp(d->backend, "Domain-0"))
        return hb_msg(-EOPNOTSUPP, "disk %s: backend=%s: only dom0 serves "
                      "disks", d->vdev, d->backend);
    switch (d->backendtype) {
    case XL_DISK_BACKEND_DEFAULT:
        v->kind = kinds[is_blockdev(d) ? 0 : 1];
        break;
    case XL_DISK_BACKEND_PHY:
        v->kind = kinds[0];
        break;
    case XL_DISK_BACKEND_QDISK:
        v->kind = kinds[1];
        break;
    default:
        return hb_msg(-EOPNOTSUPP, "disk %s: backendtype %s is not "
                      "supported; use phy or qdisk", d->vdev,
                      xl_disk_backendtype_name(d->backendtype));
    }
    snprintf(v->be, sizeof(v->be), "/local/domain/0/backend/%s/%u/%d",
             v->kind, domid, v->devid);
    snprintf(v->fe, sizeof(v->fe), "/local/domain/%u/device/vbd/%d", domid,
             v->devid);
    return 0;
}

/* Poll the backend's state until it reaches want (or more); 0 or -ETIME. */
static int wait_state(const char *be, int want, int tenths)
{
    for (int i = 0; i < tenths; i++) {
        int s = be_state(be);

        if (s >= want && s < XB_CLOSING)
            return 0;
        usleep(100 * 1000);
    }
    return -ETIME;
}

/* hb_msg() prefixed with the disk's spec and domain. */
static int disk_msg(const struct vbd *v, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int disk_msg(const struct vbd *v, int rc, const char *fmt, ...)
{
    char *spec = xl_disk_spec(v->d), what[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    rc = hb_msg(rc, "disk %s ('%s') of domain %u: %s", v->d->vdev,
                spec ? spec : "?", v->domid, what);
    free(spec);
    return rc;
}

/* qdisk: a target it cannot open, or a pid file naming no live process,
 * fails at once. */
static int qdisk_check(const struct vbd *v)
{
    FILE *f = fopen(QDISK_PIDFILE, "r");
    long pid = 0;
    int rc = 0;

    if (access(v->d->target, v->d->readonly ? R_OK : R_OK | W_OK) < 0) {
        rc = disk_msg(v, -errno, "cannot use '%s': %s", v->d->target,
                      strerror(errno));
        goto out;
    }
    if (!f)
        goto out;       /* not started with -p: the deadline decides */
    if (fscanf(f, "%ld", &pid) != 1 || pid <= 0 ||
        (kill((pid_t)pid, 0) < 0 && errno != EPERM))
        rc = disk_msg(v, -ESRCH, "the qdisk back end is not running (%s "
                      "names no live process); start it in dom0: %s",
                      QDISK_PIDFILE, QDISK_START);
out:
    if (f)
        fclose(f);
    return rc;
}

/* A driver is bound to the kernel's device for v. */
static bool bound(const struct vbd *v)
{
    char path[128];

    snprintf(path, sizeof(path), "/sys/bus/xen-backend/devices/%s-%u-%d/"
             "driver", v->kind, v->domid, v->devid);
    return access(path, F_OK) == 0;
}

static int wait_fail(const struct vbd *v, int rc, int want, int tenths,
                     int kicks)
{
    const char *what = "is the qdisk back end running in dom0 ("
                       QDISK_START ")?";
    char why[320], *err = NULL;

    if (v->kind == kinds[0]) {
        err = hb_xs_read("/local/domain/0/error%s/error",
                         v->be + strlen("/local/domain/0"));
        if (err)
            snprintf(why, sizeof(why), "xen-blkback says: %s", err);
        else if (!hb_kernel_has_backend(v->kind, v->domid, v->devid))
            snprintf(why, sizeof(why), "Linux in dom0 never made the "
                     "device %s-%u-%d (directory announced %d more "
                     "time(s))", v->kind, v->domid, v->devid, kicks);
        else if (!bound(v))
            snprintf(why, sizeof(why), "is xen-blkback loaded in dom0 "
                     "(modprobe xen-blkback)?");
        else
            snprintf(why, sizeof(why), "xen-blkback's probe of %s-%u-%d did "
                     "not finish (directory announced %d more time(s))",
                     v->kind, v->domid, v->devid, kicks);
        what = why;
    }
    if (rc == -EIO)
        rc = disk_msg(v, rc, "its %s back end %s gave up (state %d); %s",
                      v->kind, v->be, be_state(v->be), what);
    else
        rc = disk_msg(v, -ETIME, "its %s back end %s did not reach state "
                      "%s within %d s (state %d); %s", v->kind, v->be,
                      want == XB_CONNECTED ? "Connected" : "InitWait",
                      tenths / 10, be_state(v->be), what);
    free(err);
    return rc;
}

/* Attach one disk: store dirs, then wait until the backend is up. */
static int disk_add(uint32_t domid, const struct xl_disk *d, int want,
                    int tenths)
{
    struct hcall_xs *xs = NULL;
    struct vbd v;
    int rc, kicks = 0;

    if ((rc = vbd_init(&v, domid, d)) < 0 || (rc = hb_xs(&xs)) < 0)
        return rc;
    if (v.kind == kinds[0] && (rc = phy_prepare(&v)) < 0)
        return rc;
    if (v.kind == kinds[1] && (rc = qdisk_check(&v)) < 0)
        return rc;
    if (hcall_xs_transact(xs, write_dirs, &v, 0) < 0) {
        rc = errno == EEXIST ?
            hb_msg(-EEXIST, "domain %u already has a disk %s (device %d)",
                   domid, d->vdev, v.devid) :
            hb_msg(-errno, "disk %s: cannot write its xenstore entries: %s",
                   d->vdev, strerror(errno));
        if (strcmp(v.phys_path, d->target) && v.phys_path[0])
            loop_detach(v.phys_path);
        return rc;
    }
    if (v.kind == kinds[0])
        rc = hb_wait_kernel_state(v.be, v.kind, domid, v.devid, want, tenths,
                                  &kicks);
    else
        rc = wait_state(v.be, want, tenths);
    return rc < 0 ? wait_fail(&v, rc, want, tenths, kicks) : 0;
}

int hb_disks_create(const struct xl_domain_config *c, uint32_t domid)
{
    int rc = 0;

    for (unsigned int i = 0; i < c->nr_disks && !rc; i++)
        rc = disk_add(domid, &c->disks[i], XB_INITWAIT, WAIT_BACKEND);
    return rc;
}

int hb_disk_attach(uint32_t domid, const struct xl_disk *d)
{
    struct xen_domctl_getdomaininfo g;
    int rc = hb_dominfo(domid, &g);

    if (rc < 0)
        return rc;
    if (domid == 0)
        return hb_msg(-EINVAL, "disks are for guests, not Domain-0");
    rc = disk_add(domid, d, XB_CONNECTED, WAIT_CONNECT);
    if (rc == -ETIME || rc == -EIO) {
        char keep[sizeof(xl_backend_msg)];

        snprintf(keep, sizeof(keep), "%s", xl_backend_msg);
        hb_disk_detach(domid, d->vdev, true);
        hb_msg(rc, "%s", keep);
    }
    return rc;
}

/* ---- teardown --------------------------------------------------------- */

static bool let_go(const char *kind, uint32_t domid, int devid,
                   const char *be)
{
    if (kind == kinds[0])
        return !hb_kernel_has_backend(kind, domid, devid);
    return be_state(be) == XB_CLOSED || be_state(be) < 0;
}

/* Ask the backend to close (libxl's way: online 0, state Closing). */
static void ask_close(const char *be)
{
    char path[160];

    snprintf(path, sizeof(path), "%s/online", be);
    hb_xs_write(path, "0");
    if (be_state(be) != XB_CLOSED) {
        snprintf(path, sizeof(path), "%s/state", be);
        hb_xs_write(path, "5");
    }
}

/*
 * Remove one device whose frontend is gone or forced away: both dirs,
 * for blkback wait (bounded) until it lets go, then free the loop device.
 */
static void disk_remove(const char *kind, uint32_t domid, int devid)
{
    char be[128], fe[128], *params, *pdp;

    snprintf(be, sizeof(be), "/local/domain/0/backend/%s/%u/%d", kind, domid,
             devid);
    snprintf(fe, sizeof(fe), "/local/domain/%u/device/vbd/%d", domid, devid);
    params = hb_xs_read("%s/params", be);
    pdp = hb_xs_read("%s/physical-device-path", be);
    ask_close(be);
    /*
     * qdisk tears a device down once its backend directory goes
     * (blkback.md); gone first, it has no device left to write a state
     * for when the frontend goes. blkback gets its frontend's Closed.
     */
    if (kind == kinds[1])
        hb_xs_rm(be);
    hb_xs_rm(fe);
    for (int i = 0; i < WAIT_CLOSE && kind == kinds[0] &&
                    !let_go(kind, domid, devid, be); i++)
        usleep(100 * 1000);
    hb_xs_rm(be);
    for (int i = 0; i < WAIT_CLOSE && kind == kinds[0] &&
                    hb_kernel_has_backend(kind, domid, devid); i++)
        usleep(100 * 1000);
    if (params && pdp && strcmp(params, pdp) && !strncmp(pdp, "/dev/loop", 9))
        loop_detach(pdp);
    free(params);
    free(pdp);
}

/* Every disk of a domain that is gone or going (called before forgetting). */
void hb_disks_destroy(uint32_t domid)
{
    struct hcall_xs *xs = NULL;
    char path[96], **names;
    unsigned int n;

    if (hb_xs(&xs) < 0)
        return;
    for (unsigned int k = 0; k < sizeof(kinds) / sizeof(*kinds); k++) {
        snprintf(path, sizeof(path), "/local/domain/0/backend/%s/%u",
                 kinds[k], domid);
        if (hcall_xs_directory(xs, HCALL_XS_NO_TX, path, &names, &n) < 0)
            continue;
        for (unsigned int i = 0; i < n; i++)
            disk_remove(kinds[k], domid, atoi(names[i]));
        free(names);
        hb_xs_rm(path);
    }
}

/* Which kind serves a domain's device devid; NULL if none. */
static const char *kind_of(uint32_t domid, int devid)
{
    for (unsigned int k = 0; k < sizeof(kinds) / sizeof(*kinds); k++) {
        char path[128];

        snprintf(path, sizeof(path), "/local/domain/0/backend/%s/%u/%d/state",
                 kinds[k], domid, devid);
        if (hb_xs_read_int(-1, "%s", path) >= 0)
            return kinds[k];
    }
    return NULL;
}

/* Put a device the guest refused to close back the way it was. */
static int refuse(const char *be, uint32_t domid, int devid, const char *vdev)
{
    char path[160], *err;
    int rc;

    snprintf(path, sizeof(path), "%s/online", be);
    hb_xs_write(path, "1");
    snprintf(path, sizeof(path), "%s/state", be);
    hb_xs_write(path, "4");
    err = hb_xs_read("/local/domain/%u/error/device/vbd/%d/error", domid,
                     devid);
    rc = hb_msg(-EBUSY, "disk %s of domain %u did not close within %d s "
                "(the guest says: %s); unmount it in the guest, or force "
                "with block-detach -f", vdev, domid, WAIT_CLOSE / 10,
                err ? err : "nothing");
    free(err);
    return rc;
}

int hb_disk_detach(uint32_t domid, const char *vdev, bool force)
{
    char *end, be[128];
    const char *kind;
    int devid;

    devid = (int)strtol(vdev, &end, 10);
    if (*end || end == vdev)
        devid = xl_vdev_to_devid(vdev);
    if (devid < 0 || !(kind = kind_of(domid, devid)))
        return hb_msg(-ENOENT, "domain %u has no disk %s (xl block-list "
                      "shows its disks)", domid, vdev);
    snprintf(be, sizeof(be), "/local/domain/0/backend/%s/%u/%d", kind, domid,
             devid);
    if (!force) {
        ask_close(be);
        for (int i = 0; i < WAIT_CLOSE && !let_go(kind, domid, devid, be) &&
                        be_state(be) != XB_CLOSED; i++)
            usleep(100 * 1000);
        if (!let_go(kind, domid, devid, be) && be_state(be) != XB_CLOSED)
            return refuse(be, domid, devid, vdev);
    }
    disk_remove(kind, domid, devid);
    return 0;
}

/* ---- block-list ------------------------------------------------------- */

/* An integer node of a frontend dir, -1 if missing. */
static int fe_int(uint32_t domid, int devid, const char *node)
{
    char path[128];

    snprintf(path, sizeof(path), "/local/domain/%u/device/vbd/%d/%s", domid,
             devid, node);
    return hb_xs_read_int(-1, "%s", path);
}

static void info_fill(struct xl_disk_info *di, uint32_t domid,
                      const char *kind, int devid)
{
    memset(di, 0, sizeof(*di));
    di->devid = devid;
    di->backend_id = 0;
    di->frontend_id = domid;
    snprintf(di->backend, sizeof(di->backend),
             "/local/domain/0/backend/%s/%u/%d", kind, domid, devid);
    di->state = fe_int(domid, devid, "state");
    di->evtch = fe_int(domid, devid, "event-channel");
    di->rref = fe_int(domid, devid, "ring-ref");
}

int hb_disk_list(uint32_t domid, struct xl_disk_info **out, unsigned int *nr)
{
    struct xen_domctl_getdomaininfo g;
    struct xl_disk_info *l = NULL;
    struct hcall_xs *xs = NULL;
    unsigned int n = 0, cnt;
    char path[96], **names;
    int rc;

    if ((rc = hb_dominfo(domid, &g)) < 0 || (rc = hb_xs(&xs)) < 0)
        return rc;
    for (unsigned int k = 0; k < sizeof(kinds) / sizeof(*kinds); k++) {
        struct xl_disk_info *m;

        snprintf(path, sizeof(path), "/local/domain/0/backend/%s/%u",
                 kinds[k], domid);
        if (hcall_xs_directory(xs, HCALL_XS_NO_TX, path, &names, &cnt) < 0)
            continue;
        m = cnt ? realloc(l, (n + cnt) * sizeof(*l)) : l;
        if (cnt && !m) {
            free(names);
            free(l);
            return -ENOMEM;
        }
        l = m;
        for (unsigned int i = 0; i < cnt; i++)
            info_fill(&l[n++], domid, kinds[k], atoi(names[i]));
        free(names);
    }
    *out = l;
    *nr = n;
    return 0;
}
