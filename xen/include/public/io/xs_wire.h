/* SPDX-License-Identifier: MIT */
/*
 * Xenstore wire protocol: message header and types, the error names sent
 * in XS_ERROR replies, and the shared ring page between a domain and
 * xenstored (start_info.store_mfn, grant ref GNTTAB_RESERVED_XENSTORE).
 *
 * Every message is a struct xsd_sockmsg followed by `len` payload bytes
 * (at most XENSTORE_PAYLOAD_MAX). Arguments in the payload are NUL
 * separated. A reply echoes req_id and tx_id; type is the request's type,
 * or XS_ERROR with the error name (e.g. "ENOENT") as payload.
 */
#ifndef XEN_PUBLIC_IO_XS_WIRE_H
#define XEN_PUBLIC_IO_XS_WIRE_H

#include <stdint.h>

#include "../errno.h"

enum xsd_sockmsg_type {
    XS_CONTROL              = 0,  /* daemon control (was XS_DEBUG) */
    XS_DIRECTORY            = 1,  /* list children of a node */
    XS_READ                 = 2,  /* read a node's value */
    XS_GET_PERMS            = 3,  /* read a node's permissions */
    XS_WATCH                = 4,  /* path, token: register a watch */
    XS_UNWATCH              = 5,  /* path, token: remove a watch */
    XS_TRANSACTION_START    = 6,  /* reply: transaction id */
    XS_TRANSACTION_END      = 7,  /* "T" commit / "F" abort */
    XS_INTRODUCE            = 8,  /* domid, mfn, port: new domain */
    XS_RELEASE              = 9,  /* domid: forget a domain */
    XS_GET_DOMAIN_PATH      = 10, /* domid: reply "/local/domain/<id>" */
    XS_WRITE                = 11, /* path, value */
    XS_MKDIR                = 12, /* path */
    XS_RM                   = 13, /* path: remove subtree */
    XS_SET_PERMS            = 14, /* path, perms... */
    XS_WATCH_EVENT          = 15, /* daemon -> client: path, token */
    XS_ERROR                = 16, /* reply: error name */
    XS_IS_DOMAIN_INTRODUCED = 17, /* domid: reply "T"/"F" */
    XS_RESUME               = 18, /* domid: clear shutdown state */
    XS_SET_TARGET           = 19, /* domid, target domid */
    /* 20 was XS_RESTRICT, removed */
    XS_RESET_WATCHES        = 21, /* drop all watches of the caller */
    XS_DIRECTORY_PART       = 22, /* path, offset: directory in chunks */
    XS_TYPE_COUNT,                /* number of defined types */
    XS_INVALID              = 0xffff
};
#define XS_DEBUG XS_CONTROL

/* Mode strings of the old XS_WRITE flags (kept for reference). */
#define XS_WRITE_NONE        "NONE"
#define XS_WRITE_CREATE      "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/*
 * Error names xenstored may send in an XS_ERROR reply, with the XEN_E*
 * value each maps to (identical to Linux errno values).
 */
struct xsd_errors {
    int errnum;
    const char *errstring;
};

#define XSD_ERROR_LIST(X) \
    X(EINVAL) X(EACCES) X(EEXIST) X(EISDIR) X(ENOENT) X(ENOMEM)   \
    X(ENOSPC) X(EIO) X(ENOTEMPTY) X(ENOSYS) X(EROFS) X(EBUSY)     \
    X(EAGAIN) X(EISCONN) X(E2BIG) X(EPERM)

#define XSD_ERROR(x) { XEN_##x, #x },
static const struct xsd_errors xsd_errors[]
#if defined(__GNUC__)
__attribute__((__unused__))
#endif
    = { XSD_ERROR_LIST(XSD_ERROR) };
#undef XSD_ERROR

/* Message header (16 bytes). */
struct xsd_sockmsg {
    uint32_t type;     /* 0x0: enum xsd_sockmsg_type */
    uint32_t req_id;   /* 0x4: chosen by the client, echoed in the reply */
    uint32_t tx_id;    /* 0x8: transaction id, 0 = none */
    uint32_t len;      /* 0xc: payload bytes that follow */
};

/* Order of the strings in an XS_WATCH_EVENT payload. */
enum xs_watch_type {
    XS_WATCH_PATH = 0,
    XS_WATCH_TOKEN
};

/*
 * Shared ring page. req: client -> xenstored, rsp: xenstored -> client;
 * free-running indices, slot = MASK_XENSTORE_IDX(idx).
 */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE];   /* 0x000 */
    char rsp[XENSTORE_RING_SIZE];   /* 0x400 */
    XENSTORE_RING_IDX req_cons;     /* 0x800: xenstored-written */
    XENSTORE_RING_IDX req_prod;     /* 0x804: client-written */
    XENSTORE_RING_IDX rsp_cons;     /* 0x808: client-written */
    XENSTORE_RING_IDX rsp_prod;     /* 0x80c: xenstored-written */
    uint32_t server_features;       /* 0x810: XENSTORE_SERVER_FEATURE_* */
    uint32_t connection;            /* 0x814: XENSTORE_CONNECTED / RECONNECT */
    uint32_t error;                 /* 0x818: XENSTORE_ERROR_* */
};                                  /* 0x81c bytes */

/* Largest payload of one message. */
#define XENSTORE_PAYLOAD_MAX 4096

/* Path length limits (bytes, without the NUL). */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* server_features bits. */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1  /* `connection` is honoured */
#define XENSTORE_SERVER_FEATURE_ERROR        2  /* `error` is reported */

/* connection values. */
#define XENSTORE_CONNECTED 0   /* steady state */
#define XENSTORE_RECONNECT 1   /* client asks for a ring reset */

/* error values. */
#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1   /* bad message header */
#define XENSTORE_ERROR_RINGIDX 2   /* inconsistent ring indices */
#define XENSTORE_ERROR_PROTO   3   /* protocol violation */

#endif /* XEN_PUBLIC_IO_XS_WIRE_H */
