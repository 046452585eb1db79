/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a kernel gives the frontend libraries (blk/, net/): pages, grants,
 * an event channel, the store and a way to wait, as one ops table; and the
 * xenbus helpers they share (node reads and writes, state waits).
 */
#ifndef FRONTEND_H
#define FRONTEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct frontend_ops {
    void *ctx;
    /* n contiguous zeroed pages (page aligned), or NULL; and back. */
    void *(*alloc_pages)(void *ctx, unsigned int n);
    void (*free_pages)(void *ctx, void *p, unsigned int n);
    uint64_t (*virt_to_mfn)(void *ctx, const void *va);
    /* Offer frame mfn to domid: the grant reference or a negative errno. */
    int (*grant)(void *ctx, uint16_t domid, uint64_t mfn, bool readonly);
    int (*grant_end)(void *ctx, uint32_t ref);
    /* An unbound port for remote whose events wake wait(); close it. */
    int (*evtchn_alloc)(void *ctx, uint16_t remote, uint32_t *port);
    int (*evtchn_notify)(void *ctx, uint32_t port);
    void (*evtchn_close)(void *ctx, uint32_t port);
    /* Store access (absolute or relative paths): 0 or a negative errno. */
    int (*xs_read)(void *ctx, const char *path, char *buf, size_t size);
    int (*xs_write)(void *ctx, const char *path, const char *value);
    /*
     * Return when an event may have arrived since the last return from
     * here, or after timeout_ms.
     */
    void (*wait)(void *ctx, unsigned int timeout_ms);
    uint64_t (*now_ns)(void *ctx);
};

/* XenbusState values (split-drivers.md section 1). */
enum { FE_INITWAIT = 2, FE_INITIALISED = 3, FE_CONNECTED = 4,
       FE_CLOSING = 5, FE_CLOSED = 6 };

#define FE_PAGE_SIZE 4096u

/* Grant the page at va to domid: the reference or a negative errno. */
static inline int fe_grant_va(const struct frontend_ops *ops, uint16_t domid,
                              const void *va, bool readonly)
{
    return ops->grant(ops->ctx, domid, ops->virt_to_mfn(ops->ctx, va), readonly);
}

int fe_read(const struct frontend_ops *ops, const char *dir, const char *key,
            char *buf, size_t size);
/* An unsigned number at dir/key, or dflt if absent or not a number. */
uint64_t fe_read_u64(const struct frontend_ops *ops, const char *dir,
                     const char *key, uint64_t dflt);
int fe_write_u64(const struct frontend_ops *ops, const char *dir,
                 const char *key, uint64_t val);
int fe_write_str(const struct frontend_ops *ops, const char *dir,
                 const char *key, const char *val);
/* Until dir/state = want (a closing state fails early, -XEN_ENODEV). */
int fe_wait_state(const struct frontend_ops *ops, const char *dir,
                  unsigned int want, unsigned int timeout_ms);
/*
 * Closing, wait for the backend's Closing/Closed (or its absence), Closed.
 * 0 or -XEN_ETIMEDOUT.
 */
int fe_close(const struct frontend_ops *ops, const char *node,
             const char *backend, unsigned int timeout_ms);

#endif /* FRONTEND_H */
