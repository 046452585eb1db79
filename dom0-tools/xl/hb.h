/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The real xl backend over libhcall (privcmd domctl/sysctl, xenstore) and
 * the PV builder (dom0-tools/builder). Internal interface of hb_*.c.
 */
#ifndef XL_HB_H
#define XL_HB_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <hcall.h>
#include <public/domctl.h>

#include "migrate_proto.h"
#include "xl_backend.h"

/* Where xl keeps its own per-domain state in the store. */
#define HB_XS_ROOT "/xenolite/xl"
/* xenconsoled's socket (dom0-tools/xenconsoled). */
#define HB_CONSOLE_SOCKET "/run/xenconsoled/socket"

extern const struct xl_backend xl_backend_hcall;

/* bootloader= (hb_bootloader.c): what it picked, files to delete after. */
struct xl_domain_config;
struct hb_boot {
    char *kernel, *ramdisk, *cmdline;   /* malloc'ed; NULL if not printed */
};
int hb_bootloader_run(const struct xl_domain_config *c, struct hb_boot *b);
void hb_bootloader_done(struct hb_boot *b);

/* Record a message saying what went wrong and what to do; returns rc. */
int hb_msg(int rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Lazily opened handles (message set on failure). */
int hb_privcmd(struct hcall_privcmd **out);
int hb_xs(struct hcall_xs **out);
/* Exact domid (getdomaininfo answers the first id >= the one asked). */
int hb_dominfo(uint32_t domid, struct xen_domctl_getdomaininfo *info);
int hb_domctl(struct xen_domctl *d, uint32_t cmd, uint32_t domid);

/* xenstore helpers on the shared handle; read returns malloc'ed text. */
char *hb_xs_read(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int hb_xs_write(const char *path, const char *value);
void hb_xs_rm(const char *path);
/* An integer node (path printf-style), dflt if missing. */
int hb_xs_read_int(int dflt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Write dir/node = printf-style value inside a transaction; -1 + errno. */
int hb_xs_tx_printf(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *dir,
                    const char *node, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * In a transaction: fail with errno EEXIST if fe/state exists, else make
 * the backend dir be (dom0's, the guest reads) and the frontend dir fe
 * (the guest's, dom0 reads). -1 + errno on failure.
 */
int hb_dev_dirs(struct hcall_xs *xs, hcall_xs_tx_t tx, uint32_t domid,
                const char *be, const char *fe);
/*
 * Poll be/state until it reaches want; 0, -ETIME, or -EIO once the back
 * end gives up (Closing or Closed).
 */
int hb_wait_state(const char *be, int want, int tenths);

/* Linux in dom0 has the backend device <kind>-<domid>-<devid> on its bus. */
bool hb_kernel_has_backend(const char *kind, uint32_t domid, int devid);
/*
 * hb_wait_state() for a back end Linux serves in dom0 (blkback's vbd,
 * netback's vif): while it stays in state 1 the directory is announced
 * again every 2 s (hb_common.c says why); *kicks counts that.
 */
int hb_wait_kernel_state(const char *be, const char *kind, uint32_t domid,
                         int devid, int want, int tenths, int *kicks);

/*
 * For each kind, each device of domid under /local/domain/0/backend/<kind>/
 * <domid>: fn(kind, devid, arg), stopping at its first non-zero return
 * (returned). With rm_dirs, each kind's <domid> dir is removed after.
 */
int hb_backend_each(const char *const *kinds, unsigned int nr_kinds,
                    uint32_t domid, bool rm_dirs,
                    int (*fn)(const char *kind, int devid, void *arg),
                    void *arg);

/* After fork(): forget (never close) the inherited handles. */
void hb_drop_handles(void);

/* hb_create.c */
int hb_create_domain(const struct xl_domain_config *c, unsigned int flags,
                     uint32_t *domid);
/* What the monitor does for a shutdown reason (XL_SHUTDOWN_*). */
enum xl_action hb_action_for(const struct xl_domain_config *c,
                             unsigned int reason);
/* Remove a domain's store entries and tell xenstored it is gone. */
void hb_forget_domain(uint32_t domid);
/* Config a domain was created with, from the store; -ENOENT if none. */
int hb_domain_config(uint32_t domid, struct xl_domain_config *c);
/* hb_control.c */
int hb_shutdown(uint32_t domid, enum xl_shutdown_reason why);
int hb_wait_gone(uint32_t domid);
int hb_sysrq(uint32_t domid, char key);
/* hb_save.c, hb_restore.c: xl save / restore (docs/migration.md) */
#define HB_SAVE_CONTINUE XL_SAVE_CONTINUE
#define HB_SAVE_PAUSED   XL_SAVE_PAUSED
int hb_save(uint32_t domid, const char *file, unsigned int flags);
/* A live save (xl migrate) into a stream; hb_save_fd's lv argument. */
struct hb_live {
    struct mig_policy pol;
    /* After END: 0 when the receiver has built the domain (the source is
     * then destroyed), < 0 to resume the source. */
    int (*after_stream)(struct hb_live *lv);
    void *opaque;
    bool logdirty;                      /* internal: log-dirty is on */
    unsigned int rounds;                /* pre-copy rounds done */
    uint64_t final_pages;               /* pages sent while suspended */
    struct timespec t_suspend;          /* CLOCK_MONOTONIC at suspend */
};
/* Save into fd; lv: live (pre-copy) for xl migrate, NULL: plain save. */
int hb_save_fd(uint32_t domid, int fd, unsigned int flags, struct hb_live *lv);
/* Xen's fast resume of a guest suspended for a save: hypercall returns 1. */
int hb_resume_cancelled(uint32_t domid, bool paused);
int hb_restore(const char *file, const struct xl_domain_config *override,
               unsigned int flags, uint32_t *domid);
/*
 * Restore from fd (name: in messages). suffix: appended to the domain's
 * name while it is built (xl migrate-receive's "--incoming"), or NULL.
 */
int hb_restore_fd(int fd, const char *name, const char *suffix,
                  unsigned int flags, uint32_t *domid);
/* hb_migrate.c: xl migrate and migrate-receive (docs/migration.md) */
int hb_migrate(uint32_t domid, const char *rune, const struct mig_policy *p);
int hb_migrate_receive(unsigned int flags);
/* hb_create.c pieces restore reuses */
struct xb_result;
int hb_write_store(const struct xl_domain_config *c,
                   const struct xb_result *r);
void hb_monitor_start(const struct xl_domain_config *c, uint32_t domid,
                      unsigned int flags);
/* hb_console.c */
int hb_console(uint32_t domid, enum xl_console_type type, unsigned int num,
               bool unpause);
/* hb_disk.c: disk= of a new domain (before unpausing); teardown of all
 * its disks once it is destroyed; the block-* verbs. */
int hb_disks_create(const struct xl_domain_config *c, uint32_t domid);
void hb_disks_destroy(uint32_t domid);
int hb_disk_attach(uint32_t domid, const struct xl_disk *d);
int hb_disk_detach(uint32_t domid, const char *vdev, bool force);
int hb_disk_list(uint32_t domid, struct xl_disk_info **out, unsigned int *nr);
/* hb_host.c */
int hb_host_info(struct xl_host_info *info);
int hb_dmesg(bool clear, char **buf, size_t *len);
int hb_set_memory_target(uint32_t domid, uint64_t kib);
int hb_set_memory_max(uint32_t domid, uint64_t kib);
int hb_vcpu_list(uint32_t domid, struct xl_vcpu_info **out, unsigned int *nr);
int hb_vcpu_set_online(uint32_t domid, unsigned int nr_online);
int hb_vcpu_pin(uint32_t domid, int vcpu, const struct xl_cpumap *hard);
int hb_sched_credit_get(uint32_t domid, struct xl_sched_credit *p);
int hb_sched_credit_set(uint32_t domid, const struct xl_sched_credit *p);

#endif /* XL_HB_H */
