/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The libhcall backend: handles, messages, and the per-domain verbs (list,
 * destroy, pause, rename, ...; shutdown and sysrq are in hb_control.c).
 * Domains are found with XEN_DOMCTL_getdomaininfo; names and xl's state
 * live in the store.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "builder.h"
#include "cfg_syntax.h"
#include "hb.h"
#include "hb_net.h"
#include "xl.h"

static struct hcall_privcmd *hb_pc;
static struct hcall_xs *hb_xsh;

int hb_msg(int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(xl_backend_msg, sizeof(xl_backend_msg), fmt, ap);
    va_end(ap);
    return rc;
}

int hb_privcmd(struct hcall_privcmd **out)
{
    if (!hb_pc && !(hb_pc = hcall_privcmd_open()))
        return hb_msg(-errno, "cannot open /dev/xen/privcmd: %s; run xl as "
                      "root in dom0 (modules xen-privcmd and xenfs loaded)",
                      strerror(errno));
    *out = hb_pc;
    return 0;
}

int hb_xs(struct hcall_xs **out)
{
    if (!hb_xsh && !(hb_xsh = hcall_xs_open(HCALL_XS_OPEN_SOCKET)))
        return hb_msg(-errno, "cannot reach xenstored: %s; start it first "
                      "(xenstored &)", strerror(errno));
    *out = hb_xsh;
    return 0;
}

int hb_domctl(struct xen_domctl *d, uint32_t cmd, uint32_t domid)
{
    struct hcall_privcmd *h = NULL;
    int rc = hb_privcmd(&h);

    if (rc < 0)
        return rc;
    d->cmd = cmd;
    d->domain = (domid_t)domid;
    return hcall_domctl(h, d) < 0 ? -errno : 0;
}

int hb_dominfo(uint32_t domid, struct xen_domctl_getdomaininfo *info)
{
    struct xen_domctl d;
    int rc;

    memset(&d, 0, sizeof(d));
    rc = hb_domctl(&d, XEN_DOMCTL_getdomaininfo, domid);
    if (rc == 0 && d.u.getdomaininfo.domain != domid)
        rc = -ESRCH;
    if (rc == -ESRCH)
        return hb_msg(rc, "no domain with id %u (xl list shows the "
                      "domains)", domid);
    if (rc == 0)
        *info = d.u.getdomaininfo;
    return rc;
}

char *hb_xs_read(const char *fmt, ...)
{
    struct hcall_xs *xs = NULL;
    char path[256], *v = NULL;
    size_t len;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    if (hb_xs(&xs) < 0 || hcall_xs_read(xs, HCALL_XS_NO_TX, path, &v, &len))
        return NULL;
    return v;
}

int hb_xs_write(const char *path, const char *value)
{
    struct hcall_xs *xs = NULL;
    int rc = hb_xs(&xs);

    if (rc < 0)
        return rc;
    if (hcall_xs_write(xs, HCALL_XS_NO_TX, path, value, strlen(value)) < 0)
        return hb_msg(-errno, "cannot write %s in xenstore: %s", path,
                      strerror(errno));
    return 0;
}

int hb_xs_read_int(int dflt, const char *fmt, ...)
{
    char path[256], *v;
    va_list ap;
    int n;

    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    v = hb_xs_read("%s", path);
    n = v ? atoi(v) : dflt;
    free(v);
    return n;
}

int hb_xs_tx_printf(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *dir,
                    const char *node, const char *fmt, ...)
{
    char path[192], val[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(val, sizeof(val), fmt, ap);
    va_end(ap);
    snprintf(path, sizeof(path), "%s/%s", dir, node);
    return hcall_xs_write(xs, tx, path, val, strlen(val));
}

int hb_dev_dirs(struct hcall_xs *xs, hcall_xs_tx_t tx, uint32_t domid,
                const char *be, const char *fe)
{
    uint16_t id = (uint16_t)domid;
    struct hcall_xs_perm bp[2] = { { 0, HCALL_XS_PERM_NONE },
                                   { id, HCALL_XS_PERM_READ } };
    struct hcall_xs_perm fp[2] = { { id, HCALL_XS_PERM_NONE },
                                   { 0, HCALL_XS_PERM_READ } };
    char path[160], *old;
    size_t len;

    snprintf(path, sizeof(path), "%s/state", fe);
    if (hcall_xs_read(xs, tx, path, &old, &len) == 0) {
        free(old);
        errno = EEXIST;
        return -1;
    }
    return hcall_xs_mkdir(xs, tx, be) ||
           hcall_xs_set_perms(xs, tx, be, bp, 2) ||
           hcall_xs_mkdir(xs, tx, fe) ||
           hcall_xs_set_perms(xs, tx, fe, fp, 2) ? -1 : 0;
}

int hb_wait_state(const char *be, int want, int tenths)
{
    for (int i = 0; i < tenths; i++) {
        int s = hb_xs_read_int(-1, "%s/state", be);

        if (s >= 5)
            return -EIO;
        if (s >= want)
            return 0;
        usleep(100 * 1000);
    }
    return -ETIME;
}

bool hb_kernel_has_backend(const char *kind, uint32_t domid, int devid)
{
    char path[96];

    snprintf(path, sizeof(path), "/sys/bus/xen-backend/devices/%s-%u-%d",
             kind, domid, devid);
    return access(path, F_OK) == 0;
}

/*
 * Rewrite be/frontend-id (its value never changes) while be/state is 1;
 * aborts, writing nothing, once the directory is gone or has moved on.
 */
static int announce(struct hcall_xs *xs, hcall_xs_tx_t tx, void *arg)
{
    const char *be = arg;
    char path[160], *state, *id = NULL;
    size_t slen, ilen;
    int rc = -1;

    snprintf(path, sizeof(path), "%s/state", be);
    if (hcall_xs_read(xs, tx, path, &state, &slen) < 0)
        return -1;
    snprintf(path, sizeof(path), "%s/frontend-id", be);
    if (slen == 1 && state[0] == '1' &&
        hcall_xs_read(xs, tx, path, &id, &ilen) == 0)
        rc = hcall_xs_write(xs, tx, path, id, ilen) < 0 ? -1 : 0;
    free(state);
    free(id);
    return rc;
}

/*
 * A back end Linux serves stays in state 1 until the kernel both sees the
 * directory (its watch on "backend", xenbus_probe_backend.c: that event
 * creates <kind>-<domid>-<devid> on the xen-backend bus and probes the
 * driver) and the driver's probe has finished its store requests (blkback:
 * a watch, three feature nodes, then InitWait in a transaction). Both hang
 * on the kernel's xenstore ring. One Xen 4.17 run left blkback in state 1
 * for the whole deadline; while state is 1, each 2 s, xl writes
 * be/frontend-id again (same value): a fresh event on that ring for the
 * kernel, which creates a device it missed and is a no-op otherwise.
 */
int hb_wait_kernel_state(const char *be, const char *kind, uint32_t domid,
                         int devid, int want, int tenths, int *kicks)
{
    struct hcall_xs *xs = NULL;

    *kicks = 0;
    for (int i = 0; i < tenths; i++) {
        int s = hb_xs_read_int(-1, "%s/state", be);
        bool dev;

        if (s >= 5)
            return -EIO;
        if (s >= want) {
            if (*kicks && xl_verbose)
                fprintf(stderr, "xl: %s: state %d after %d.%d s and %d "
                        "announcement(s)\n", be, s, i / 10, i % 10, *kicks);
            return 0;
        }
        if (i % 20 != 19 || s != 1)
            goto next;
        dev = hb_kernel_has_backend(kind, domid, devid);
        if (hb_xs(&xs) == 0 &&
            hcall_xs_transact(xs, announce, (void *)be, 0) == 0) {
            ++*kicks;
            if (xl_verbose)
                fprintf(stderr, "xl: %s: still state 1 after %d s, Linux "
                        "%s device %s-%u-%d; wrote frontend-id again\n",
                        be, (i + 1) / 10, dev ? "has its" : "has no", kind,
                        domid, devid);
        }
next:
        usleep(100 * 1000);
    }
    return -ETIME;
}

int hb_backend_each(const char *const *kinds, unsigned int nr_kinds,
                    uint32_t domid, bool rm_dirs,
                    int (*fn)(const char *kind, int devid, void *arg),
                    void *arg)
{
    struct hcall_xs *xs = NULL;
    char path[96], **names;
    unsigned int n;
    int rc = hb_xs(&xs);

    for (unsigned int k = 0; k < nr_kinds && rc == 0; k++) {
        snprintf(path, sizeof(path), "/local/domain/0/backend/%s/%u",
                 kinds[k], domid);
        if (hcall_xs_directory(xs, HCALL_XS_NO_TX, path, &names, &n) < 0)
            continue;
        for (unsigned int i = 0; i < n && rc == 0; i++)
            rc = fn(kinds[k], atoi(names[i]), arg);
        free(names);
        if (rm_dirs)
            hcall_xs_rm(xs, HCALL_XS_NO_TX, path);
    }
    return rc;
}

void hb_xs_rm(const char *path)
{
    struct hcall_xs *xs = NULL;

    if (hb_xs(&xs) == 0)
        hcall_xs_rm(xs, HCALL_XS_NO_TX, path);
}

static void fill_info(const struct xen_domctl_getdomaininfo *g,
                      struct xl_domain_info *d)
{
    char *v;

    memset(d, 0, sizeof(*d));
    d->domid = g->domain;
    v = hb_xs_read("/local/domain/%u/name", g->domain);
    snprintf(d->name, sizeof(d->name), "%s",
             v ? v : g->domain == 0 ? "Domain-0" : "(unnamed)");
    free(v);
    memcpy(d->uuid, g->handle, 16);
    d->state = ((g->flags & XEN_DOMINF_running) ? XL_DOMSTATE_RUNNING : 0) |
               ((g->flags & XEN_DOMINF_blocked) ? XL_DOMSTATE_BLOCKED : 0) |
               ((g->flags & XEN_DOMINF_paused) ? XL_DOMSTATE_PAUSED : 0) |
               ((g->flags & XEN_DOMINF_dying) ? XL_DOMSTATE_DYING : 0);
    d->shutdown_reason = XL_SHUTDOWN_NONE;
    if (g->flags & XEN_DOMINF_shutdown) {
        d->shutdown_reason = (g->flags >> XEN_DOMINF_shutdownshift) &
                             XEN_DOMINF_shutdownmask;
        d->state |= d->shutdown_reason == XL_SHUTDOWN_CRASH ?
                    XL_DOMSTATE_CRASHED : XL_DOMSTATE_SHUTDOWN;
    }
    d->current_memkb = g->tot_pages * 4;
    d->max_memkb = g->max_pages * 4;
    d->online_vcpus = g->nr_online_vcpus;
    d->max_vcpus = g->max_vcpu_id == XEN_INVALID_MAX_VCPU_ID ? 0 :
                   g->max_vcpu_id + 1;
    d->cpu_time_ns = g->cpu_time;
    v = hb_xs_read(HB_XS_ROOT "/%u/start-time", g->domain);
    if (v) {
        d->uptime_sec = (uint64_t)time(NULL) - strtoull(v, NULL, 10);
    } else if (g->domain == 0) {
        FILE *f = fopen("/proc/uptime", "r");
        double up = 0;

        if (f && fscanf(f, "%lf", &up) == 1)
            d->uptime_sec = (uint64_t)up;
        if (f)
            fclose(f);
    }
    free(v);
}

static int hb_list_domains(struct xl_domain_info **out, unsigned int *nr)
{
    struct xl_domain_info *list = NULL;
    unsigned int n = 0, cap = 0;
    struct xen_domctl d;
    uint32_t next = 0;
    int rc;

    for (;;) {
        memset(&d, 0, sizeof(d));
        rc = hb_domctl(&d, XEN_DOMCTL_getdomaininfo, next);
        if (rc == -ESRCH)
            break;
        if (rc < 0) {
            free(list);
            return xl_backend_msg[0] ? rc : hb_msg(rc, "getdomaininfo "
                                   "failed: %s", strerror(-rc));
        }
        if (n == cap) {
            struct xl_domain_info *l = realloc(list, (cap + 16) *
                                               sizeof(*l));
            if (!l) {
                free(list);
                return -ENOMEM;
            }
            list = l;
            cap += 16;
        }
        fill_info(&d.u.getdomaininfo, &list[n++]);
        next = d.u.getdomaininfo.domain + 1u;
        if (next >= DOMID_FIRST_RESERVED)
            break;
    }
    *out = list;
    *nr = n;
    return 0;
}

static int hb_name_to_domid(const char *name, uint32_t *domid)
{
    struct xl_domain_info *l;
    unsigned int n;
    int rc = hb_list_domains(&l, &n);

    if (rc < 0)
        return rc;
    rc = -ENOENT;
    for (unsigned int i = 0; i < n && rc; i++)
        if (!strcmp(l[i].name, name)) {
            *domid = l[i].domid;
            rc = 0;
        }
    free(l);
    return rc;
}

/* Poll until the domain has left the hypervisor (all pages freed). */
static int wait_vanish(uint32_t domid, int tenths)
{
    struct xen_domctl_getdomaininfo g;

    for (int i = 0; i < tenths; i++) {
        if (hb_dominfo(domid, &g) == -ESRCH) {
            xl_backend_msg[0] = '\0';
            return 0;
        }
        usleep(100 * 1000);
    }
    return -EBUSY;
}

static int hb_destroy(uint32_t domid)
{
    struct xen_domctl_getdomaininfo g;
    struct hcall_privcmd *h = NULL;
    int rc;

    if (domid == 0)
        return hb_msg(-EPERM, "refusing to destroy Domain-0 (dom0 is the "
                      "control domain; use poweroff in it)");
    if ((rc = hb_dominfo(domid, &g)) < 0 || (rc = hb_privcmd(&h)) < 0)
        return rc;
    rc = xb_destroy(h, domid);
    if (rc < 0 && rc != -ESRCH)
        return hb_msg(rc, "the hypervisor refused to destroy domain %u: %s",
                      domid, strerror(-rc));
    hb_forget_domain(domid);
    if (wait_vanish(domid, 100) < 0)
        return hb_msg(-EBUSY, "domain %u is dying but dom0 still maps some "
                      "of its pages (xenstored, xenconsoled or a back end); "
                      "it goes away when they unmap them", domid);
    return 0;
}

static int hb_pause(uint32_t domid)
{
    struct xen_domctl d = { 0 };
    int rc = hb_domctl(&d, XEN_DOMCTL_pausedomain, domid);

    return rc == -ESRCH ? hb_dominfo(domid, &d.u.getdomaininfo) : rc;
}

static int hb_unpause(uint32_t domid)
{
    struct xen_domctl d = { 0 };
    int rc = hb_domctl(&d, XEN_DOMCTL_unpausedomain, domid);

    return rc == -ESRCH ? hb_dominfo(domid, &d.u.getdomaininfo) : rc;
}

static int hb_rename(uint32_t domid, const char *new_name)
{
    struct xen_domctl_getdomaininfo g;
    uint32_t other;
    char path[64];
    int rc;

    if (hb_name_to_domid(new_name, &other) == 0 && other != domid)
        return hb_msg(-EEXIST, "domain %u is already called '%s'", other,
                      new_name);
    if ((rc = hb_dominfo(domid, &g)) < 0)
        return rc;
    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    return hb_xs_write(path, new_name);
}

int hb_domain_config(uint32_t domid, struct xl_domain_config *c)
{
    char *text = hb_xs_read(HB_XS_ROOT "/%u/config", domid), src[32];
    struct xl_msgs m;
    int rc;

    if (!text)
        return -ENOENT;
    snprintf(src, sizeof(src), "domain %u's saved config", domid);
    xl_msgs_init(&m);
    rc = xl_cfg_parse(text, strlen(text), src, NULL, 0, c, &m);
    xl_msgs_free(&m);
    free(text);
    return rc < 0 ? -ENOENT : 0;
}

const struct xl_backend xl_backend_hcall = {
    .name = "hcall",
    .create_domain = hb_create_domain,
    .list_domains = hb_list_domains,
    .domain_config = hb_domain_config,
    .name_to_domid = hb_name_to_domid,
    .destroy = hb_destroy,
    .shutdown = hb_shutdown,
    .wait_gone = hb_wait_gone,
    .pause = hb_pause,
    .unpause = hb_unpause,
    .rename = hb_rename,
    .sysrq = hb_sysrq,
    .console = hb_console,
    .host_info = hb_host_info,
    .dmesg = hb_dmesg,
    .set_memory_target = hb_set_memory_target,
    .set_memory_max = hb_set_memory_max,
    .vcpu_list = hb_vcpu_list,
    .vcpu_set_online = hb_vcpu_set_online,
    .vcpu_pin = hb_vcpu_pin,
    .sched_credit_get = hb_sched_credit_get,
    .sched_credit_set = hb_sched_credit_set,
    .disk_attach = hb_disk_attach,
    .disk_detach = hb_disk_detach,
    .disk_list = hb_disk_list,
    .vif_attach = hb_vif_attach,
    .vif_detach = hb_vif_detach,
    .vif_list = hb_vif_list,
    .save = hb_save,
    .restore = hb_restore,
    .migrate = hb_migrate,
    .migrate_receive = hb_migrate_receive,
};

/* After fork(): forget (never close) the parent's handles. */
void hb_drop_handles(void)
{
    hb_pc = NULL;
    hb_xsh = NULL;
}
