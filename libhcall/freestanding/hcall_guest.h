/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libhcall for guest kernels: the event-channel, grant and xenstore-client
 * parts of libhcall, freestanding (no libc, no allocation: every handle is
 * caller storage). The kernel supplies hypercalls and a way to wait for an
 * event through struct hcall_guest_env. Names and arguments follow the
 * hosted API where the concept is the same; the differences:
 *   - errors are returned as a negative Xen errno (XEN_E*), no errno;
 *   - handles are initialised in place (..._init), not opened;
 *   - memory handed back (values, names, watch events) lives in the handle
 *     and stays valid until the next call on it; nothing is freed;
 *   - a handle is not thread safe: the kernel serialises calls on it.
 * See docs/libhcall.md ("Freestanding build").
 */
#ifndef HCALL_GUEST_H
#define HCALL_GUEST_H

#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <hcall/xs_msg.h>

typedef uint32_t hcall_port_t;
typedef uint32_t hcall_gref_t;
typedef uint32_t hcall_xs_tx_t;
#define HCALL_XS_NO_TX 0u

/* What the kernel provides. */
struct hcall_guest_env {
    /* Hypercall @op with its five argument registers: Xen's result. */
    long (*hypercall)(void *ctx, unsigned int op, unsigned long a1,
                      unsigned long a2, unsigned long a3, unsigned long a4,
                      unsigned long a5);
    /*
     * Wait until an event may have arrived on @port (SCHEDOP_poll, halt
     * with interrupts on, or just return to spin). 0 to go on waiting; a
     * negative errno gives up (the call fails with it).
     */
    int (*wait)(void *ctx, hcall_port_t port);
    void *ctx;
    /* 2-level event state, for hcall_evtchn_pending(); may be NULL. */
    struct shared_info *shared_info;
};

/*
 * Typed hypercall wrappers through @env, one per hypercall of the list
 * (public/hypercall-defs.h): hcall_guest_<name>(env, args...), e.g.
 * hcall_guest_event_channel_op(env, EVTCHNOP_send, &op). Guest buffers are
 * pointers; the result is Xen's (0 or positive, or a negative XEN_E*).
 */
#define XEN_HC_PTR const volatile void *
#define HCALL_GUEST_CALL(nr, ...) env->hypercall(env->ctx, nr, __VA_ARGS__)
#define HCALL_GUEST_WRAPPER(name, nr, nargs, types)                       \
    XEN_HC_GUEST_WRAPPER(hcall_guest_, (const struct hcall_guest_env *env,), \
                         HCALL_GUEST_CALL, name, nr, nargs, types)
XEN_HYPERCALL_LIST(HCALL_GUEST_WRAPPER, XEN_HC_SKIP_N)
#undef HCALL_GUEST_WRAPPER

/* Event channels: EVTCHNOP_* on behalf of this domain. */
struct hcall_evtchn {
    const struct hcall_guest_env *env;
};
int hcall_evtchn_init(struct hcall_evtchn *h,
                      const struct hcall_guest_env *env);
int hcall_evtchn_bind_unbound(struct hcall_evtchn *h, uint16_t remote_domid);
int hcall_evtchn_bind_interdomain(struct hcall_evtchn *h,
                                  uint16_t remote_domid,
                                  hcall_port_t remote_port);
int hcall_evtchn_bind_virq(struct hcall_evtchn *h, unsigned int virq);
int hcall_evtchn_unbind(struct hcall_evtchn *h, hcall_port_t port);
int hcall_evtchn_notify(struct hcall_evtchn *h, hcall_port_t port);
/* Next pending unmasked port, now masked and cleared; -XEN_EAGAIN if none. */
int hcall_evtchn_pending(struct hcall_evtchn *h);
int hcall_evtchn_unmask(struct hcall_evtchn *h, hcall_port_t port);

/*
 * Grants: our side of a v1 grant table the kernel has set up and mapped
 * (GNTTABOP_setup_table), @nr_entries entries at @table. The reserved
 * entries (below GNTTAB_NR_RESERVED_ENTRIES) are never handed out.
 */
struct hcall_gnttab {
    const struct hcall_guest_env *env;
    grant_entry_v1_t *table;
    uint32_t nr_entries;
    uint32_t hint;              /* where the next free-entry search starts */
};
int hcall_gnttab_init(struct hcall_gnttab *g, const struct hcall_guest_env *env,
                      void *table, uint32_t nr_entries);
/* Offer @frame to @domid: the grant reference, or -XEN_ENOSPC. */
int hcall_gnttab_grant(struct hcall_gnttab *g, uint16_t domid, uint64_t frame,
                       int readonly);
/* Withdraw it: -XEN_EBUSY while the grantee still has it mapped. */
int hcall_gnttab_end(struct hcall_gnttab *g, hcall_gref_t ref);
/* Map another domain's grant at @host_addr (PV): handle, or -errno. */
int hcall_gnttab_map(struct hcall_gnttab *g, uint16_t domid, hcall_gref_t ref,
                     uint64_t host_addr, int writable, grant_handle_t *handle);
int hcall_gnttab_unmap(struct hcall_gnttab *g, uint64_t host_addr,
                       grant_handle_t handle);
/* GNTTABOP_copy; each op's status receives its GNTST_* code. */
int hcall_gnttab_copy(struct hcall_gnttab *g, struct gnttab_copy *ops,
                      unsigned int count);

/* Xenstore client on the domain's store ring (start info store_mfn/evtchn). */
#define HCALL_XS_GUEST_EVENTS    8      /* queued watch events */
#define HCALL_XS_GUEST_EVENT_MAX 512    /* bytes of "path\0token\0" kept */
struct hcall_xs {
    const struct hcall_guest_env *env;
    struct xenstore_domain_interface *intf;
    hcall_port_t port;
    uint32_t req_id;
    uint32_t events_lost;       /* events dropped: queue full or too long */
    unsigned int ev_head, ev_count;
    uint16_t ev_len[HCALL_XS_GUEST_EVENTS];
    char ev[HCALL_XS_GUEST_EVENTS][HCALL_XS_GUEST_EVENT_MAX];
    char cur_ev[HCALL_XS_GUEST_EVENT_MAX];      /* the one last returned */
    uint32_t len;                               /* of the last reply */
    char rsp[XENSTORE_PAYLOAD_MAX + 1];         /* its payload, NUL ended */
    char msg[XS_MSG_MAX];                       /* outgoing message */
    char *names[XENSTORE_PAYLOAD_MAX / 2 + 2];  /* directory results */
};
int hcall_xs_init(struct hcall_xs *xs, const struct hcall_guest_env *env,
                  struct xenstore_domain_interface *intf, hcall_port_t port);
int hcall_xs_read(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                  char **value, size_t *len);
int hcall_xs_write(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                   const void *value, size_t len);
int hcall_xs_mkdir(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path);
int hcall_xs_rm(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path);
int hcall_xs_directory(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                       char ***names, unsigned int *count);
int hcall_xs_transaction_start(struct hcall_xs *xs, hcall_xs_tx_t *tx);
int hcall_xs_transaction_end(struct hcall_xs *xs, hcall_xs_tx_t tx, int abort);
int hcall_xs_watch(struct hcall_xs *xs, const char *path, const char *token);
int hcall_xs_unwatch(struct hcall_xs *xs, const char *path, const char *token);
/* The next queued event; waits for one unless @nonblock (-XEN_EAGAIN). */
int hcall_xs_read_watch(struct hcall_xs *xs, char **path, char **token,
                        int nonblock);

#endif /* HCALL_GUEST_H */
