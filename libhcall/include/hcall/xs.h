/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libhcall xenstore client: talks the xenstore wire protocol to xenstored's
 * Unix socket or to the kernel's /dev/xen/xenbus.
 */
#ifndef HCALL_XS_H
#define HCALL_XS_H

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct hcall_xs;

/* Transaction id; 0 (HCALL_XS_NO_TX) means "outside any transaction". */
typedef uint32_t hcall_xs_tx_t;
#define HCALL_XS_NO_TX 0u

/* Node permission, as in xenstore: owner/others first, then per-domain. */
#define HCALL_XS_PERM_NONE  0
#define HCALL_XS_PERM_READ  1
#define HCALL_XS_PERM_WRITE 2
#define HCALL_XS_PERM_BOTH  3
struct hcall_xs_perm {
    uint16_t domid;
    uint16_t perm;            /* HCALL_XS_PERM_* */
};

/* hcall_xs_open() flags. */
#define HCALL_XS_OPEN_SOCKET 0x1  /* only the Unix socket */
#define HCALL_XS_OPEN_XENBUS 0x2  /* only /dev/xen/xenbus */

/*
 * Connects to the store. With neither flag (0) the socket is tried first
 * and /dev/xen/xenbus second. The socket path is $XENSTORED_PATH if set,
 * else /run/xenstored/socket. Returns NULL with errno set on failure.
 */
struct hcall_xs *hcall_xs_open(unsigned int flags);
/* Same, on an explicit Unix socket path. */
struct hcall_xs *hcall_xs_open_socket(const char *path);
void hcall_xs_close(struct hcall_xs *xs);

/*
 * Node operations. Strings returned through out-pointers are malloc()ed
 * and owned by the caller. Values may contain NUL bytes: *len excludes the
 * terminating NUL the library always appends. All return 0 or -1 + errno
 * (the store's error, e.g. ENOENT, EACCES, EAGAIN, ENOSPC, E2BIG).
 */
int hcall_xs_read(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                  char **value, size_t *len);
int hcall_xs_write(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                   const void *value, size_t len);
int hcall_xs_mkdir(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path);
int hcall_xs_rm(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path);
/*
 * Lists children: *names is one malloc()ed block holding *count pointers
 * followed by the strings; free(*names) releases everything.
 */
int hcall_xs_directory(struct hcall_xs *xs, hcall_xs_tx_t tx,
                       const char *path, char ***names, unsigned int *count);
/* *perms is malloc()ed; perms[0] is the owner and the default for others. */
int hcall_xs_get_perms(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                       struct hcall_xs_perm **perms, unsigned int *count);
int hcall_xs_set_perms(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                       const struct hcall_xs_perm *perms, unsigned int count);

/*
 * Transactions. hcall_xs_transaction_end() with abort = 0 commits; it fails
 * with EAGAIN when another writer changed what the transaction touched.
 */
int hcall_xs_transaction_start(struct hcall_xs *xs, hcall_xs_tx_t *tx);
int hcall_xs_transaction_end(struct hcall_xs *xs, hcall_xs_tx_t tx, int abort);
/*
 * Runs fn inside a transaction and commits, retrying the whole thing while
 * the commit fails with EAGAIN, up to max_tries (0 = 16). If fn returns
 * non-zero the transaction is aborted and that value returned (errno as fn
 * left it). Returns 0 on commit, -1 + errno otherwise.
 */
int hcall_xs_transact(struct hcall_xs *xs,
                      int (*fn)(struct hcall_xs *xs, hcall_xs_tx_t tx,
                                void *arg),
                      void *arg, unsigned int max_tries);

/*
 * Watches. The store sends one event right after registration and one per
 * change of the node or anything below it. Events are queued inside the
 * handle; hcall_xs_watch_fd() is readable while the queue is non-empty, so it
 * can sit in poll/epoll. hcall_xs_read_watch() pops one event (path and
 * token in one malloc()ed block: free(*path) releases both); with
 * nonblock it fails with EAGAIN when the queue is empty, else it waits.
 */
int hcall_xs_watch(struct hcall_xs *xs, const char *path, const char *token);
int hcall_xs_unwatch(struct hcall_xs *xs, const char *path, const char *token);
int hcall_xs_watch_fd(struct hcall_xs *xs);
int hcall_xs_read_watch(struct hcall_xs *xs, char **path, char **token,
                        int nonblock);

/* Domain management (privileged callers). */
int hcall_xs_introduce(struct hcall_xs *xs, uint16_t domid, uint64_t mfn,
                       uint32_t port);
int hcall_xs_release(struct hcall_xs *xs, uint16_t domid);
int hcall_xs_resume(struct hcall_xs *xs, uint16_t domid);
int hcall_xs_set_target(struct hcall_xs *xs, uint16_t domid, uint16_t target);
/* *introduced = 1/0. */
int hcall_xs_is_domain_introduced(struct hcall_xs *xs, uint16_t domid,
                                  int *introduced);
/* "/local/domain/<domid>", malloc()ed. */
int hcall_xs_get_domain_path(struct hcall_xs *xs, uint16_t domid, char **path);
int hcall_xs_reset_watches(struct hcall_xs *xs);
/*
 * XS_CONTROL: args are joined with NULs; the reply (NUL-terminated,
 * malloc()ed) goes to *out when out is non-NULL.
 */
int hcall_xs_control(struct hcall_xs *xs, const char *const *args,
                     unsigned int nr_args, char **out);

/*
 * Raw request for types without a helper. The reply payload (malloc()ed,
 * NUL-terminated beyond *len) goes to *reply. XS_ERROR replies become -1
 * with errno; an unexpected reply type gives EBADMSG.
 */
int hcall_xs_request(struct hcall_xs *xs, uint32_t type, hcall_xs_tx_t tx,
                     const void *payload, size_t len, char **reply,
                     size_t *reply_len);

#ifdef __cplusplus
}
#endif

#endif /* HCALL_XS_H */
