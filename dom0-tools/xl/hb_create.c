/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl create over the builder: build the domain (dom0-tools/builder), write
 * its store entries, INTRODUCE it to xenstored, unpause it, and leave a
 * lifecycle monitor behind: a detached child that watches @releaseDomain
 * and carries out on_poweroff/on_reboot/on_crash when the domain shuts
 * down. `create -v` prints every step with the time since the start.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "builder.h"
#include <public/io/console.h>
#include "hb.h"
#include "hb_net.h"
#include "xl.h"

static double t0;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void step(void *arg, const char *what)
{
    (void)arg;
    if (xl_verbose)
        fprintf(xl_err, "xl: create: [%7.3fs] %s\n", now() - t0, what);
}

static int xs_put(const char *dom, const char *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int xs_put(const char *dom, const char *node, const char *fmt, ...)
{
    char path[160], val[128];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(val, sizeof(val), fmt, ap);
    va_end(ap);
    snprintf(path, sizeof(path), "%s/%s", dom, node);
    return hb_xs_write(path, val);
}

static int set_perms(struct hcall_xs *xs, const char *path, uint16_t owner,
                     uint16_t other, uint16_t perm)
{
    struct hcall_xs_perm p[2] = { { owner, HCALL_XS_PERM_NONE },
                                  { other, perm } };

    if (hcall_xs_mkdir(xs, HCALL_XS_NO_TX, path) < 0 ||
        hcall_xs_set_perms(xs, HCALL_XS_NO_TX, path, p, other ? 2 : 1) < 0)
        return hb_msg(-errno, "cannot create %s in xenstore: %s", path,
                      strerror(errno));
    return 0;
}

/* The guest's home in the store (libxl's layout, PV console + store). */
int hb_write_store(const struct xl_domain_config *c,
                   const struct xb_result *r)
{
    static const char *const rw_dirs[] = { "control", "data", "drivers",
                                           "feature", "attr", "error",
                                           "device" };
    char dom[48], vm[80], uuid[37], path[128], *text;
    uint16_t id = (uint16_t)r->domid;
    struct hcall_xs *xs = NULL;
    int rc;

    if ((rc = hb_xs(&xs)) < 0)
        return rc;
    uuid_unparse_lower(c->uuid, uuid);
    snprintf(dom, sizeof(dom), "/local/domain/%u", id);
    snprintf(vm, sizeof(vm), "/vm/%s", uuid);
    if ((rc = set_perms(xs, dom, 0, id, HCALL_XS_PERM_READ)) < 0 ||
        (rc = set_perms(xs, vm, 0, id, HCALL_XS_PERM_READ)) < 0)
        return rc;
    for (unsigned int i = 0; i < sizeof(rw_dirs) / sizeof(*rw_dirs); i++) {
        snprintf(path, sizeof(path), "%s/%s", dom, rw_dirs[i]);
        if ((rc = set_perms(xs, path, id, 0, 0)) < 0)
            return rc;
    }
    rc = xs_put(vm, "name", "%s", c->name) ?:
         xs_put(vm, "uuid", "%s", uuid) ?:
         xs_put(dom, "name", "%s", c->name) ?:
         xs_put(dom, "domid", "%u", id) ?:
         xs_put(dom, "vm", "%s", vm) ?:
         xs_put(dom, "memory/static-max", "%llu",
                (unsigned long long)c->maxmem_mib << 10) ?:
         xs_put(dom, "memory/target", "%llu",
                (unsigned long long)c->memory_mib << 10) ?:
         xs_put(dom, "console/ring-ref", "%llu",
                (unsigned long long)r->console_mfn) ?:
         xs_put(dom, "console/port", "%u", r->console_port) ?:
         xs_put(dom, "console/type", "xenconsoled") ?:
         xs_put(dom, "console/limit", "1048576") ?:
         xs_put(dom, "store/ring-ref", "%llu",
                (unsigned long long)r->store_mfn) ?:
         xs_put(dom, "store/port", "%u", r->store_port);
    for (unsigned int i = 0; !rc && i < c->maxvcpus; i++) {
        snprintf(path, sizeof(path), "cpu/%u/availability", i);
        rc = xs_put(dom, path, i < c->vcpus ? "online" : "offline");
    }
    if (rc)
        return rc;
    snprintf(path, sizeof(path), HB_XS_ROOT "/%u/start-time", id);
    snprintf(vm, sizeof(vm), "%llu", (unsigned long long)time(NULL));
    if ((rc = hb_xs_write(path, vm)) < 0)
        return rc;
    if ((text = xl_cfg_write(c)) != NULL) {
        snprintf(path, sizeof(path), HB_XS_ROOT "/%u/config", id);
        rc = hb_xs_write(path, text);
        free(text);
    }
    return rc;
}

void hb_forget_domain(uint32_t domid)
{
    struct hcall_xs *xs = NULL;
    char path[96], *vm;

    if (hb_xs(&xs) < 0) {
        xl_backend_msg[0] = '\0';
        return;
    }
    hb_vifs_destroy(domid);
    hb_disks_destroy(domid);
    hcall_xs_release(xs, (uint16_t)domid);
    vm = hb_xs_read("/local/domain/%u/vm", domid);
    if (vm && !strncmp(vm, "/vm/", 4))
        hb_xs_rm(vm);
    free(vm);
    snprintf(path, sizeof(path), "/local/domain/%u", domid);
    hb_xs_rm(path);
    snprintf(path, sizeof(path), HB_XS_ROOT "/%u", domid);
    hb_xs_rm(path);
}

/* Build, register and (unless paused) start one domain. */
static int start_domain(const struct xl_domain_config *c, bool paused,
                        uint32_t *domid)
{
    struct xb_config bc = {
        .kernel = c->kernel, .ramdisk = c->ramdisk, .cmdline = c->cmdline,
        .memory_kib = c->memory_mib << 10, .maxmem_kib = c->maxmem_mib << 10,
        .vcpus = c->vcpus, .max_vcpus = c->maxvcpus, .progress = step,
        .max_evtchn_port = c->max_event_channels,
    };
    struct hcall_privcmd *h = NULL;
    struct hcall_xs *xs = NULL;
    struct xb_result r;
    struct xb_err e;
    struct hb_boot boot = { 0 };
    int rc;

    memcpy(bc.uuid, c->uuid, 16);
    if ((rc = hb_privcmd(&h)) < 0 || (rc = hb_xs(&xs)) < 0)
        return rc;
    if (!c->kernel && c->bootloader) {      /* bootloader= (cfg_build.c) */
        step(NULL, "running the bootloader");
        if ((rc = hb_bootloader_run(c, &boot)) < 0)
            return rc;
        bc.kernel = boot.kernel;
        bc.ramdisk = boot.ramdisk;
        if (boot.cmdline)
            bc.cmdline = boot.cmdline;
    }
    rc = xb_build(h, &bc, &r, &e);
    hb_bootloader_done(&boot);
    if (rc < 0)
        return hb_msg(rc, "%s", e.msg);
    step(NULL, "writing xenstore entries, introducing the domain");
    rc = hb_write_store(c, &r);
    if (rc == 0 && hcall_xs_introduce(xs, (uint16_t)r.domid, r.store_mfn,
                                      r.store_port) < 0)
        rc = hb_msg(-errno, "xenstored refused INTRODUCE: %s",
                    strerror(errno));
    if (rc == 0 && c->nr_disks) {
        step(NULL, "attaching disks, waiting for their back ends");
        rc = hb_disks_create(c, r.domid);
    }
    if (rc == 0 && c->nr_vifs) {
        step(NULL, "attaching network interfaces");
        rc = hb_vifs_create(c, r.domid);
    }
    if (rc == 0 && !paused) {
        step(NULL, "unpausing");
        rc = xb_unpause(h, r.domid);
        if (rc < 0)
            hb_msg(rc, "cannot unpause: %s", strerror(-rc));
    }
    if (rc < 0) {
        xb_destroy(h, r.domid);
        hb_forget_domain(r.domid);
        return rc;
    }
    *domid = r.domid;
    return 0;
}


static void mon_log(const char *name, const char *fmt, uint32_t domid,
                    const char *what)
{
    time_t t = time(NULL);
    char stamp[32];

    strftime(stamp, sizeof(stamp), "%F %T", localtime(&t));
    printf("%s xl[%s]: ", stamp, name);
    printf(fmt, domid, what);
    printf("\n");
    fflush(stdout);
}

enum xl_action hb_action_for(const struct xl_domain_config *c,
                             unsigned int reason)
{
    switch (reason) {
    case XL_SHUTDOWN_POWEROFF: return c->on_poweroff;
    case XL_SHUTDOWN_REBOOT: return c->on_reboot;
    default: return c->on_crash;
    }
}

/*
 * A guest that prints and powers off at once (a hello app) can be gone
 * before xenconsoled has read its console ring: destroying the domain
 * frees the ring, and a xenconsoled that had not connected yet finds a
 * dying domain and cannot. So before carrying out a destroy, wait (at
 * most 2 s, only while xenconsoled runs) until the ring's output is
 * consumed.
 */
static void wait_console_drained(struct hcall_privcmd *h, uint32_t domid)
{
    const struct xencons_interface *ring;
    uint64_t mfn;
    char *ref;

    if (access(HB_CONSOLE_SOCKET, F_OK) != 0)
        return;
    ref = hb_xs_read("/local/domain/%u/console/ring-ref", domid);
    if (!ref)
        return;
    mfn = strtoull(ref, NULL, 10);
    free(ref);
    ring = hcall_fmem_map(h, (uint16_t)domid, PROT_READ, &mfn, NULL, 1);
    if (!ring)
        return;
    for (int i = 0; i < 200; i++) {
        if (__atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE) ==
            __atomic_load_n(&ring->out_prod, __ATOMIC_ACQUIRE))
            break;
        usleep(10 * 1000);
    }
    hcall_fmem_unmap(h, (void *)ring, 1);
}

/* Returns when the domain is gone or preserved; restarts it as asked. */
static void monitor(const struct xl_domain_config *c, uint32_t domid)
{
    struct xen_domctl_getdomaininfo g;
    struct hcall_privcmd *h = NULL;
    struct hcall_xs *xs = NULL;
    char *path, *token;

    if (hb_xs(&xs) < 0 || hb_privcmd(&h) < 0 ||
        hcall_xs_watch(xs, "@releaseDomain", "xl-monitor") < 0) {
        mon_log(c->name, "domain %u: cannot watch @releaseDomain: %s", domid,
                xl_backend_msg);
        return;
    }
    for (;;) {
        struct pollfd p = { .fd = hcall_xs_watch_fd(xs), .events = POLLIN };
        unsigned int reason;
        enum xl_action a;

        /* Events are hints; check the domain once a second regardless. */
        if (poll(&p, 1, 1000) > 0 &&
            hcall_xs_read_watch(xs, &path, &token, 1) == 0)
            free(path);
        if (hb_dominfo(domid, &g) == -ESRCH) {
            mon_log(c->name, "domain %u is gone%s", domid, "");
            return;
        }
        if (!(g.flags & XEN_DOMINF_shutdown) || (g.flags & XEN_DOMINF_dying))
            continue;
        reason = (g.flags >> XEN_DOMINF_shutdownshift) &
                 XEN_DOMINF_shutdownmask;
        if (reason == XL_SHUTDOWN_SUSPEND)
            continue;
        a = hb_action_for(c, reason);
        mon_log(c->name, "domain %u shut down, action %s", domid,
                xl_action_name(a));
        if (a == XL_ACTION_PRESERVE)
            return;
        wait_console_drained(h, domid);
        xb_destroy(h, domid);
        hb_forget_domain(domid);
        if (a == XL_ACTION_DESTROY || a == XL_ACTION_COREDUMP_DESTROY)
            return;
        /* restart: the same config, a new domid once the old is gone */
        for (int i = 0; i < 100 && hb_dominfo(domid, &g) == 0; i++)
            usleep(100 * 1000);
        if (start_domain(c, false, &domid) < 0) {
            mon_log(c->name, "domain %u: restart failed: %s", domid,
                    xl_backend_msg);
            return;
        }
        mon_log(c->name, "restarted as domain %u%s", domid, "");
    }
}

/* A detached child keeps watching; its log is /var/log/xen/xl-NAME.log. */
static void spawn_monitor(const struct xl_domain_config *c, uint32_t domid)
{
    char log[128];
    pid_t pid;
    int fd;

    fflush(NULL);
    pid = fork();
    if (pid != 0) {
        if (pid > 0)
            waitpid(pid, NULL, 0);      /* the middle child exits at once */
        else
            fprintf(xl_err, "xl: warning: cannot start the lifecycle "
                    "monitor (%s); on_poweroff/on_reboot/on_crash will not "
                    "be carried out\n", strerror(errno));
        return;
    }
    setsid();
    if (fork() != 0)
        _exit(0);
    mkdir("/var", 0755);
    mkdir("/var/log", 0755);
    mkdir("/var/log/xen", 0755);
    snprintf(log, sizeof(log), "/var/log/xen/xl-%s.log", c->name);
    fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0)
        fd = open("/dev/null", O_WRONLY);
    dup2(fd, 1);
    dup2(fd, 2);
    close(fd);
    fd = open("/dev/null", O_RDONLY);
    dup2(fd, 0);
    close(fd);
    xl_err = stderr;
    xl_verbose = 0;
    hb_drop_handles();
    mon_log(c->name, "monitoring domain %u (%s)", domid, "on_poweroff etc.");
    monitor(c, domid);
    _exit(0);
}

int hb_create_domain(const struct xl_domain_config *c, unsigned int flags,
                     uint32_t *domid)
{
    bool paused = flags & XL_CREATE_PAUSED;
    int rc;

    t0 = now();
    rc = start_domain(c, paused, domid);
    if (rc < 0)
        return rc;
    if (xl_verbose)
        fprintf(xl_err, "xl: create: [%7.3fs] done: domain %u %s\n",
                now() - t0, *domid, paused ? "paused" : "running");
    hb_monitor_start(c, *domid, flags);
    return 0;
}

void hb_monitor_start(const struct xl_domain_config *c, uint32_t domid,
                      unsigned int flags)
{
    if (flags & XL_CREATE_FOREGROUND) {
        /* xl create -F: this process is the monitor, logging to stdout. */
        mon_log(c->name, "monitoring domain %u (%s)", domid,
                "in the foreground");
        monitor(c, domid);
    } else if (!(flags & XL_CREATE_NO_MONITOR)) {
        spawn_monitor(c, domid);
    }
}
