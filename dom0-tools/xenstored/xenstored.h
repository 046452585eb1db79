/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored internals: the node store, transactions, watches, connections
 * and domains. Single-threaded: everything runs from the event loop.
 */
#ifndef XENSTORED_H
#define XENSTORED_H

#include <stddef.h>
#include <stdint.h>
#include <hcall/xs_msg.h>
#include "ht.h"

#define XSD_NR_DOMIDS 0x7ff0u   /* DOMID_FIRST_RESERVED */
#define XSD_NO_DOMID  0xffffu

/* Permission bits; XS_PERM_BOTH = READ | WRITE. */
#define XS_PERM_NONE  0
#define XS_PERM_READ  1
#define XS_PERM_WRITE 2
#define XS_PERM_BOTH  3

struct xs_perm {
    uint16_t id;
    uint16_t perm;
};

/* perms[0] names the owner and the default for every unlisted domain. */
struct perms {
    struct xs_perm *p;
    unsigned int n;
};

struct node {
    char *path;                 /* hash key in store.nodes */
    char *value;
    uint32_t len;
    struct perms perms;
    uint64_t gen;               /* bumped on every change; for conflicts */
    struct node *parent;
    struct node *first_child, *last_child, *prev, *next;
    unsigned int nr_children;
};

/*
 * Limits. The first five bind unprivileged connections only; the output
 * limits bind every connection, since a peer that does not read is a
 * memory problem whoever it is. 0 means no limit.
 */
struct quota {
    unsigned int nodes_per_domain;
    unsigned int entry_size;
    unsigned int watches;
    unsigned int transactions;
    unsigned int transaction_nodes;     /* nodes one transaction touches */
    unsigned int outstanding;   /* queued replies+events: stop reading */
    unsigned int output_bytes;  /* queued bytes: stop reading, drop events */
};

struct store {
    struct ht nodes;            /* path -> struct node */
    struct ht watches;          /* path -> struct watch list head */
    uint64_t next_gen;
    uint32_t *nodes_owned;      /* [domid] nodes owned, for the quota */
    struct quota quota;
    /* "@introduceDomain", "@releaseDomain": no value, only perms. */
    struct perms special[2];
};

extern struct store xsd_store;

/* A pending change to fire watches for once it is visible. */
struct change {
    struct change *next;
    char *path;
    struct perms perms;         /* the node's perms when it changed */
    int recursive;              /* rm: also descendants' watches */
    char **sub;                 /* rm: descendant paths removed */
    unsigned int nr_sub;
};

struct conn;

/* Transport under a connection: a Unix socket or a shared ring. */
struct conn_ops {
    /* Return bytes moved, 0 if nothing possible now, -1 if dead. */
    long (*read)(struct conn *c, void *buf, size_t len);
    long (*write)(struct conn *c, const void *buf, size_t len);
    void (*kick)(struct conn *c);       /* after write: notify the peer */
    void (*destroy)(struct conn *c);
};

struct outbuf {
    struct outbuf *next;
    size_t len, off;
    char data[];
};

struct watch {
    struct watch *next_in_path;         /* same path, any connection */
    struct watch *next_in_conn;
    struct conn *conn;
    char *path;                         /* absolute (or @special) */
    char *token;
    int relative;                       /* registered with a relative path */
};

struct transaction;

struct conn {
    const struct conn_ops *ops;
    void *priv;
    uint16_t domid;
    uint16_t target;                    /* SET_TARGET, else XSD_NO_DOMID */
    int privileged;
    int dead;
    /* Input: header then payload, assembled across reads. */
    struct xsd_sockmsg in_hdr;
    char *in_buf;
    size_t in_used;
    /* Output queue, sent in order; bounded by the output quotas. */
    struct outbuf *out_head, *out_tail;
    size_t out_bytes;
    unsigned int out_msgs;
    unsigned long events_dropped;       /* watch events lost to the limit */
    int dropping;                       /* logged; cleared once drained */
    struct watch *watches;
    unsigned int nr_watches;
    struct ht txs;                      /* tx id (u32) -> transaction */
    uint32_t next_tx_id;
    unsigned int nr_tx;
    struct conn *next_conn, *prev_conn;
};

/* store.c */
int store_init(void);
void store_fini(void);
struct node *store_lookup(const char *path);
int perms_dup(struct perms *dst, const struct perms *src);
void perms_free(struct perms *p);
int perms_parse(struct perms *out, const char *const *strs, unsigned int n);
/* Effective permission of conn on a node with these perms. */
unsigned int perms_for(const struct conn *c, const struct perms *p);
/* Creates (parent must exist) or replaces value and perms. */
int store_set(const char *path, const char *value, uint32_t len,
              const struct perms *perms);
/* Removes path and everything below; fills the change for watches. */
int store_remove(const char *path, struct change *ch);
/* Relative path -> absolute in buf (XENSTORE_ABS_PATH_MAX + 1 bytes). */
int store_canonical(const struct conn *c, const char *in, char *buf);
/* The perms of a special node ("@releaseDomain"), or NULL. */
struct perms *store_special(const char *name);
/*
 * domid is gone: drops its entries from other nodes' perms and hands back
 * the paths of the nodes it owns (ancestors first) for removal.
 */
int store_forget_domain(uint16_t domid, char ***owned, unsigned int *nr);

/* txn.c: the view every request works through (tx or none). */
struct view;
struct view *view_open(struct conn *c, uint32_t tx_id, int *err);
int view_get(struct view *v, const char *path, const char **value,
             uint32_t *len, struct perms *perms);
int view_put(struct view *v, const char *path, const char *value,
             uint32_t len, const struct perms *perms, int fire);
int view_rm(struct view *v, const char *path);
/* Calls fn per child name; stops at the first non-zero return. */
int view_children(struct view *v, const char *path,
                  int (*fn)(const char *name, void *arg), void *arg);
uint64_t view_gen(struct view *v, const char *path);
int view_owned_nodes(struct view *v, uint16_t domid);
void view_close(struct view *v);
int tx_start(struct conn *c, uint32_t *id);
int tx_end(struct conn *c, uint32_t id, int commit);
void tx_destroy_all(struct conn *c);

/* watch.c */
int watch_add(struct conn *c, const char *path, const char *token,
              int relative);
int watch_remove(struct conn *c, const char *path, const char *token);
void watch_remove_all(struct conn *c);
void watch_fire(const struct change *ch);
void watch_fire_special(const char *name);
void change_free(struct change *ch);

/* conn.c */
struct conn *conn_new(const struct conn_ops *ops, void *priv, uint16_t domid,
                      int privileged);
void conn_free(struct conn *c);
/* Forgets everything about the session: watches, transactions, buffers. */
void conn_reset(struct conn *c);
/* Drains input, handles whole requests, flushes output. -1 if dead. */
int conn_process(struct conn *c);
int conn_flush(struct conn *c);
int conn_send(struct conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
              const struct xs_frag *frags, unsigned int nr);
/* A watch event; dropped (-ENOSPC, counted) if the queue is full. */
int conn_send_event(struct conn *c, const struct xs_frag *frags,
                    unsigned int nr);
/* The queue is at its limit: requests wait until the peer reads. */
int conn_stalled(const struct conn *c);
extern struct conn *xsd_conns;

/* ops.c */
int xsd_dispatch(struct conn *c, const struct xsd_sockmsg *hdr, char *payload);

/* domain.c */
struct xsd_backend {
    /* Map domid's store ring (grant ref 1, else the frame); NULL on error. */
    void *(*map_ring)(struct xsd_backend *b, uint16_t domid, uint64_t mfn);
    void (*unmap_ring)(struct xsd_backend *b, uint16_t domid, void *ring);
    /* Bind to domid's port; return our local port or -1. */
    int (*bind)(struct xsd_backend *b, uint16_t domid, uint32_t port);
    void (*unbind)(struct xsd_backend *b, uint32_t local_port);
    void (*notify)(struct xsd_backend *b, uint32_t local_port);
    /* 1 running, 0 shut down or dying, -1 gone. */
    int (*domain_state)(struct xsd_backend *b, uint16_t domid);
};
void domain_init(struct xsd_backend *b);
int domain_introduce(uint16_t domid, uint64_t mfn, uint32_t port,
                     int privileged);
int domain_introduce_ring(uint16_t domid, void *ring, uint32_t local_port,
                          int privileged);
int domain_release(uint16_t domid);
int domain_is_introduced(uint16_t domid);
int domain_resume(uint16_t domid);
int domain_set_target(uint16_t domid, uint16_t target);
/* An event arrived on a local port. */
void domain_event(uint32_t local_port);
/* VIRQ_DOM_EXC: look for domains that shut down or died. */
void domain_check_all(void);
/* Serve rings that have work but sent no event; returns how many. */
unsigned int domain_rescue(void);
void domain_fini(void);

/* log */
void xsd_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern int xsd_verbose;

#endif /* XENSTORED_H */
