/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Xenstore wire-format core: path rules, error names, framing, ring copies.
 * Built both hosted (libhcall, xenstored) and freestanding (guest kernels),
 * so it needs only memcpy and strlen from its environment.
 */
#include <hcall/xs_msg.h>

#if __STDC_HOSTED__
#include <errno.h>
#include <string.h>
/* The protocol's error numbers are Xen's, which match Linux x86's. */
_Static_assert(XEN_EAGAIN == EAGAIN && XEN_EACCES == EACCES &&
               XEN_ENOSPC == ENOSPC && XEN_EISCONN == EISCONN,
               "Xen and host errno values differ");
#else
void *memcpy(void *dst, const void *src, size_t n);
size_t strlen(const char *s);
#endif

static int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static int path_char_ok(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' ||
           c == '@';
}

int xs_path_is_special(const char *path)
{
    return str_eq(path, "@introduceDomain") || str_eq(path, "@releaseDomain");
}

int xs_path_check(const char *path, unsigned int kinds)
{
    size_t len = strlen(path);
    size_t max = path[0] == '/' ? XENSTORE_ABS_PATH_MAX
                                : XENSTORE_REL_PATH_MAX;

    if (path[0] == '@')
        return (kinds & XS_PATH_SPECIAL) && xs_path_is_special(path);
    if (!(kinds & XS_PATH_NODE) || len == 0 || len > max)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (!path_char_ok(path[i]))
            return 0;
        /* "//" would create an empty node name. */
        if (path[i] == '/' && path[i + 1] == '/')
            return 0;
    }
    /* A trailing '/' is only legal for the root itself. */
    if (len > 1 && path[len - 1] == '/')
        return 0;
    return 1;
}

/* The error names come from the wire header's xsd_errors[] table. */
#define NR_XS_ERRORS (sizeof(xsd_errors) / sizeof(xsd_errors[0]))

int xs_errno_from_name(const char *name)
{
    for (unsigned int i = 0; i < NR_XS_ERRORS; i++)
        if (str_eq(name, xsd_errors[i].errstring))
            return xsd_errors[i].errnum;
    return XEN_EINVAL;
}

const char *xs_errno_name(int err)
{
    for (unsigned int i = 0; i < NR_XS_ERRORS; i++)
        if (xsd_errors[i].errnum == err)
            return xsd_errors[i].errstring;
    return "EINVAL";
}

size_t xs_msg_build(void *buf, size_t cap, uint32_t type, uint32_t req_id,
                    uint32_t tx_id, const struct xs_frag *frags,
                    unsigned int nr_frags)
{
    struct xsd_sockmsg hdr = { .type = type, .req_id = req_id,
                               .tx_id = tx_id, .len = 0 };
    char *p = (char *)buf + sizeof(hdr);

    for (unsigned int i = 0; i < nr_frags; i++) {
        if (frags[i].len > XENSTORE_PAYLOAD_MAX - hdr.len)
            return 0;
        hdr.len += frags[i].len;
    }
    if (cap < sizeof(hdr) + hdr.len)
        return 0;
    for (unsigned int i = 0; i < nr_frags; i++) {
        if (frags[i].len)
            memcpy(p, frags[i].data, frags[i].len);
        p += frags[i].len;
    }
    memcpy(buf, &hdr, sizeof(hdr));
    return sizeof(hdr) + hdr.len;
}

unsigned int xs_msg_split(const char *payload, uint32_t len,
                          const char **out, unsigned int max)
{
    unsigned int n = 0;
    uint32_t start = 0;

    for (uint32_t i = 0; i < len; i++) {
        if (payload[i] != '\0')
            continue;
        if (n < max)
            out[n] = payload + start;
        n++;
        start = i + 1;
    }
    return n;
}

/*
 * Generic producer/consumer on one 1 KiB ring. The indexes are free-running
 * 32-bit counters; the peer may write garbage into them, so the distance is
 * clamped to the ring size rather than trusted.
 */
static size_t ring_put(char *ring, volatile uint32_t *cons_p,
                       volatile uint32_t *prod_p, const void *data,
                       size_t len)
{
    const char *src = data;
    size_t done = 0;
    uint32_t cons = *cons_p, prod = *prod_p;

    /* Read the consumer index before looking at free space. */
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if ((uint32_t)(prod - cons) > XENSTORE_RING_SIZE)
        return 0;
    while (done < len && (uint32_t)(prod - cons) < XENSTORE_RING_SIZE) {
        uint32_t off = MASK_XENSTORE_IDX(prod);
        size_t chunk = XENSTORE_RING_SIZE - off;
        size_t space = XENSTORE_RING_SIZE - (uint32_t)(prod - cons);

        if (chunk > space)
            chunk = space;
        if (chunk > len - done)
            chunk = len - done;
        memcpy(ring + off, src + done, chunk);
        done += chunk;
        prod += (uint32_t)chunk;
    }
    /* Data must be visible before the producer index that publishes it. */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    *prod_p = prod;
    return done;
}

static size_t ring_get(const char *ring, volatile uint32_t *cons_p,
                       volatile uint32_t *prod_p, void *data, size_t len)
{
    char *dst = data;
    size_t done = 0;
    uint32_t cons = *cons_p, prod = *prod_p;

    /* Read the producer index before the data it covers. */
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if ((uint32_t)(prod - cons) > XENSTORE_RING_SIZE)
        return 0;
    while (done < len && prod != cons) {
        uint32_t off = MASK_XENSTORE_IDX(cons);
        size_t chunk = XENSTORE_RING_SIZE - off;
        size_t avail = (uint32_t)(prod - cons);

        if (chunk > avail)
            chunk = avail;
        if (chunk > len - done)
            chunk = len - done;
        memcpy(dst + done, ring + off, chunk);
        done += chunk;
        cons += (uint32_t)chunk;
    }
    /* Finish reading the data before handing the space back. */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    *cons_p = cons;
    return done;
}

size_t xs_ring_put_req(struct xenstore_domain_interface *intf,
                       const void *data, size_t len)
{
    return ring_put(intf->req, &intf->req_cons, &intf->req_prod, data, len);
}

size_t xs_ring_get_rsp(struct xenstore_domain_interface *intf,
                       void *data, size_t len)
{
    return ring_get(intf->rsp, &intf->rsp_cons, &intf->rsp_prod, data, len);
}

size_t xs_ring_get_req(struct xenstore_domain_interface *intf,
                       void *data, size_t len)
{
    return ring_get(intf->req, &intf->req_cons, &intf->req_prod, data, len);
}

size_t xs_ring_put_rsp(struct xenstore_domain_interface *intf,
                       const void *data, size_t len)
{
    return ring_put(intf->rsp, &intf->rsp_cons, &intf->rsp_prod, data, len);
}
