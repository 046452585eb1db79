/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Xenstore wire-format core shared by the libhcall client, xenstored and the
 * freestanding guest build: path checks, errno names, message framing and the
 * shared-ring copy loops. Freestanding: uses nothing but memcpy and strlen.
 */
#ifndef HCALL_XS_MSG_H
#define HCALL_XS_MSG_H

#include <stddef.h>
#include <stdint.h>
#include <public/io/xs_wire.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Header plus the largest payload the protocol allows. */
#define XS_MSG_MAX (sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX)

/* Path kinds accepted by xs_path_check(). */
#define XS_PATH_NODE    0x1   /* "/..." or relative node path */
#define XS_PATH_SPECIAL 0x2   /* "@introduceDomain", "@releaseDomain" */

/*
 * Returns 1 if @path (NUL-terminated) is well formed: absolute paths start
 * with '/', have no "//" and no trailing '/' (except "/" itself), use only
 * [A-Za-z0-9_@/-], and stay within XENSTORE_ABS_PATH_MAX; relative paths
 * follow the same rules within XENSTORE_REL_PATH_MAX. @kinds selects which
 * forms are acceptable.
 */
int xs_path_check(const char *path, unsigned int kinds);

/* Returns 1 for the two special watch paths, 0 otherwise. */
int xs_path_is_special(const char *path);

/*
 * Protocol error strings ("EINVAL", "EACCES", ...) to positive Xen errno
 * values (equal to Linux's) and back. Unknown strings map to EINVAL,
 * unknown numbers to "EINVAL".
 */
int xs_errno_from_name(const char *name);
const char *xs_errno_name(int err);

/* One payload fragment for xs_msg_build(). */
struct xs_frag {
    const void *data;
    uint32_t len;
};

/*
 * Writes header + concatenated fragments into @buf (@cap bytes). Returns the
 * total message length, or 0 if it would exceed @cap or XENSTORE_PAYLOAD_MAX.
 */
size_t xs_msg_build(void *buf, size_t cap, uint32_t type, uint32_t req_id,
                    uint32_t tx_id, const struct xs_frag *frags,
                    unsigned int nr_frags);

/*
 * Splits a payload of NUL-terminated strings. Stores up to @max pointers
 * into @out and returns the number of complete strings; trailing bytes
 * without a NUL are not counted (callers that need the exact form of a
 * message compare the count with what they expect).
 */
unsigned int xs_msg_split(const char *payload, uint32_t len,
                          const char **out, unsigned int max);

/*
 * Shared ring copy loops on a struct xenstore_domain_interface. Each copies
 * as much as fits / is available (possibly 0) and returns the byte count,
 * with the barriers the protocol needs. The caller notifies the peer's event
 * channel when the return value is non-zero.
 *   client side: xs_ring_put_req / xs_ring_get_rsp
 *   server side: xs_ring_get_req / xs_ring_put_rsp
 */
size_t xs_ring_put_req(struct xenstore_domain_interface *intf,
                       const void *data, size_t len);
size_t xs_ring_get_rsp(struct xenstore_domain_interface *intf,
                       void *data, size_t len);
size_t xs_ring_get_req(struct xenstore_domain_interface *intf,
                       void *data, size_t len);
size_t xs_ring_put_rsp(struct xenstore_domain_interface *intf,
                       const void *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* HCALL_XS_MSG_H */
