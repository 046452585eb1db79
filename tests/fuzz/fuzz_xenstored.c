/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzz the xenstored wire protocol (dom0-tools/xenstored) through the real
 * dispatcher: dom0 on a socket-like connection (privileged), dom1 and dom2
 * on shared rings (unprivileged), each fed messages from the input. Setup
 * gives every domain a private secret node whose name and value carry a
 * token, and a data node the other domain may read.
 *
 * Input records: op byte (connection = op % 3, kind = op / 3 % 8), type,
 * transaction selector (0: none, 1..8: a transaction id the connection got
 * back, else the raw byte), 16-bit length, payload. Kind 6 sends raw bytes
 * (framing), kind 7 makes a ring reconnect or scribbles on its indexes.
 *
 * Invariants checked after every message (abort() on violation):
 *  - a DomU never changes a node that neither it nor an ancestor lets it
 *    write (value, perms and children stay), never creates a node owned by
 *    someone else and never gives a node away;
 *  - a DomU never receives a secret's token (in a reply or a watch event)
 *    unless the perms at that moment let it read the secret or list its
 *    parent, or the input itself contains the token;
 *  - the tree, the path index and the per-domain node counts agree;
 *  - ring indexes stay within one ring size of each other, and replies are
 *    whole messages (unless the input moved rsp_cons: see drain_ring).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"
#include "fuzz.h"
#include "fuzz_xs_check.h"

int xsd_verbose;
void xsd_log(const char *fmt, ...)
{
    (void)fmt;
}

/* ---- peers: what the harness knows of each connection ----------------- */

struct peer {
    uint16_t domid;
    struct xenstore_domain_interface *ring;     /* DomUs */
    uint8_t stream[2 * XS_MSG_MAX];             /* replies not yet parsed */
    size_t used;
    uint32_t txids[8];                          /* from TRANSACTION_START */
    bool scribbled;                             /* indexes set by the input */
    bool desynced;                              /* rsp_cons moved by the input */
    unsigned int nr_tx;
};

static struct peer peers[3];
static struct conn *dom0;
static const uint8_t *in_data;                  /* the whole input */
static size_t in_size;

/* dom0's transport: input from a buffer, output parsed at once. */
static const uint8_t *dom0_in;
static size_t dom0_in_len;

static void peer_output(struct peer *p, const void *buf, size_t len);

static long dom0_read(struct conn *c, void *buf, size_t len)
{
    (void)c;
    if (len > dom0_in_len)
        len = dom0_in_len;
    memcpy(buf, dom0_in, len);
    dom0_in += len;
    dom0_in_len -= len;
    return (long)len;
}

static long dom0_write(struct conn *c, const void *buf, size_t len)
{
    (void)c;
    peer_output(&peers[0], buf, len);
    return (long)len;
}

static const struct conn_ops dom0_ops = { .read = dom0_read, .write = dom0_write };

/* The backend behind INTRODUCE: dom1/dom2 get the harness's rings. */
static void *be_map(struct xsd_backend *b, uint16_t domid, uint64_t mfn)
{
    (void)b; (void)mfn;
    if (domid == 1 || domid == 2) {
        memset(peers[domid].ring, 0, sizeof(*peers[domid].ring));
        peers[domid].scribbled = false;
        peers[domid].desynced = false;
        return peers[domid].ring;
    }
    return calloc(1, sizeof(struct xenstore_domain_interface));
}

static void be_unmap(struct xsd_backend *b, uint16_t domid, void *ring)
{
    (void)b;
    if (domid != 1 && domid != 2)
        free(ring);
}

static int be_bind(struct xsd_backend *b, uint16_t domid, uint32_t port)
{
    (void)b; (void)port;
    return 100 + domid;
}

static void be_unbind(struct xsd_backend *b, uint32_t port)
{
    (void)b; (void)port;
}

static int be_state(struct xsd_backend *b, uint16_t domid)
{
    (void)b; (void)domid;
    return 1;
}

static struct xsd_backend backend = {
    .map_ring = be_map, .unmap_ring = be_unmap, .bind = be_bind,
    .unbind = be_unbind, .domain_state = be_state,
};

static struct conn *conn_of(unsigned int i)
{
    if (i == 0)
        return dom0;
    for (struct conn *c = xsd_conns; c; c = c->next_conn)
        if (c != dom0 && c->domid == i)
            return c;
    return NULL;
}

/* ---- replies ------------------------------------------------------------ */

static void on_message(struct peer *p, const struct xsd_sockmsg *h,
                       const char *payload)
{
    if (h->type == XS_TRANSACTION_START && h->len) {
        p->txids[p->nr_tx % 8] = (uint32_t)strtoul(payload, NULL, 10);
        p->nr_tx++;
    }
    if (p->domid)
        xs_check_leaks(p->domid, conn_of(p->domid), payload, h->len);
}

/* Appends server output to the peer's stream and handles whole messages. */
static void peer_output(struct peer *p, const void *buf, size_t len)
{
    size_t off = 0;

    FUZZ_CHECK(len <= sizeof(p->stream) - p->used);
    memcpy(p->stream + p->used, buf, len);
    p->used += len;
    while (p->used - off >= sizeof(struct xsd_sockmsg)) {
        struct xsd_sockmsg h;

        memcpy(&h, p->stream + off, sizeof(h));
        FUZZ_CHECK(h.len <= XENSTORE_PAYLOAD_MAX);
        if (p->used - off < sizeof(h) + h.len)
            break;
        /* NUL-terminate a copy for the string handling. */
        char payload[XENSTORE_PAYLOAD_MAX + 1];

        memcpy(payload, p->stream + off + sizeof(h), h.len);
        payload[h.len] = '\0';
        on_message(p, &h, payload);
        off += sizeof(h) + h.len;
    }
    memmove(p->stream, p->stream + off, p->used - off);
    p->used -= off;
}

/*
 * Reads what the daemon put on a DomU's response ring. Once the input has
 * moved rsp_cons itself, the guest reads from the middle of a message and
 * the bytes have no framing left to check (until a reconnect): they only
 * go through the secret check, as raw bytes.
 */
static void drain_ring(struct peer *p)
{
    char buf[XENSTORE_RING_SIZE];
    struct xenstore_domain_interface *r = p->ring;
    size_t n;

    FUZZ_CHECK(p->scribbled || r->rsp_prod - r->rsp_cons <= XENSTORE_RING_SIZE);
    while ((n = xs_ring_get_rsp(r, buf, sizeof(buf)))) {
        if (p->desynced)
            xs_check_leaks(p->domid, conn_of(p->domid), buf, n);
        else
            peer_output(p, buf, n);
    }
}

/* Makes sure dom1/dom2 are connected (a RELEASE may have dropped them). */
static void ensure_domain(unsigned int i)
{
    if (domain_is_introduced(peers[i].domid))
        return;
    memset(peers[i].ring, 0, sizeof(*peers[i].ring));
    peers[i].used = 0;
    peers[i].scribbled = false;
    peers[i].desynced = false;
    FUZZ_CHECK(!domain_introduce_ring(peers[i].domid, peers[i].ring, 10 + i, 0));
}

/* Pushes bytes into a DomU's ring, letting the daemon consume them. */
static void send_ring(unsigned int i, const uint8_t *buf, size_t len)
{
    struct peer *p = &peers[i];
    struct conn *c;
    unsigned int stuck = 0;

    while (stuck < 2) {
        size_t n = 0;

        if (len) {
            n = xs_ring_put_req(p->ring, buf, len);
            buf += n;
            len -= n;
        }
        /* Introduced by the harness: port 10 + i; by INTRODUCE: 100 + i. */
        domain_event(10 + i);
        domain_event(100 + i);
        drain_ring(p);
        c = conn_of(i);
        FUZZ_CHECK(p->scribbled ||
                   p->ring->req_prod - p->ring->req_cons <= XENSTORE_RING_SIZE);
        if (!len && (!c || !c->out_head || c->dead))
            break;
        stuck = n ? 0 : stuck + 1;
    }
}

static void send_dom0(const uint8_t *buf, size_t len)
{
    if (dom0->dead) {
        conn_free(dom0);
        dom0 = conn_new(&dom0_ops, NULL, 0, 1);
        FUZZ_CHECK(dom0);
        peers[0].used = 0;
    }
    dom0_in = buf;
    dom0_in_len = len;
    conn_process(dom0);
}

static void send_to(unsigned int i, const uint8_t *buf, size_t len)
{
    if (i == 0) {
        send_dom0(buf, len);
        return;
    }
    ensure_domain(i);
    send_ring(i, buf, len);
}

static void send_msg(unsigned int i, uint32_t type, uint32_t tx,
                     const void *payload, size_t len)
{
    static uint8_t msg[XS_MSG_MAX];
    struct xsd_sockmsg h = { .type = type, .req_id = 0x1234, .tx_id = tx,
                             .len = (uint32_t)len };

    memcpy(msg, &h, sizeof(h));
    memcpy(msg + sizeof(h), payload, len);
    send_to(i, msg, sizeof(h) + len);
}

/* ---- setup: the secrets and the shared data nodes ----------------------- */

static void setup_node(const char *path, const char *value, const char *perms)
{
    char buf[256];
    size_t pl = strlen(path) + 1, n;

    memcpy(buf, path, pl);
    memcpy(buf + pl, value, strlen(value));
    send_msg(0, XS_WRITE, 0, buf, pl + strlen(value));
    /* perms: space-separated in the argument, NUL-separated on the wire */
    n = (size_t)snprintf(buf, sizeof(buf), "%s %s", path, perms) + 1;
    for (char *s = buf; *s; s++)
        if (*s == ' ')
            *s = '\0';
    send_msg(0, XS_SET_PERMS, 0, buf, n);
}

static void setup(void)
{
    FUZZ_CHECK(!store_init());
    domain_init(&backend);
    dom0 = conn_new(&dom0_ops, NULL, 0, 1);
    FUZZ_CHECK(dom0);
    for (unsigned int i = 0; i < 3; i++) {
        struct xenstore_domain_interface *r = peers[i].ring;

        memset(&peers[i], 0, sizeof(peers[i]));
        peers[i].domid = (uint16_t)i;
        peers[i].ring = r ? r : calloc(1, sizeof(*r));
        FUZZ_CHECK(peers[i].ring);
    }
    xs_check_setup(in_data, in_size);
    for (unsigned int d = 1; d <= 2; d++) {
        char path[64], perms[32];

        snprintf(path, sizeof(path), "/local/domain/%u", d);
        snprintf(perms, sizeof(perms), "n0 r%u", d);
        setup_node(path, "", perms);
        snprintf(path, sizeof(path), "/local/domain/%u/data", d);
        snprintf(perms, sizeof(perms), "n%u r%u", d, 3 - d);
        setup_node(path, "shared", perms);
        snprintf(path, sizeof(path), "/local/domain/%u/private", d);
        snprintf(perms, sizeof(perms), "n%u", d);
        setup_node(path, "", perms);
    }
    setup_node("/tool/private", "", "n0");
    for (unsigned int s = 0; s < XS_NR_SECRETS; s++)
        setup_node(xs_secret_path(s), xs_secret_value(s), xs_secret_perms(s));
    for (unsigned int s = 0; s < XS_NR_SECRETS; s++) {
        struct node *n = store_lookup(xs_secret_path(s));

        FUZZ_CHECK(n && n->perms.n == 1 && n->perms.p[0].id == s &&
                   n->perms.p[0].perm == XS_PERM_NONE);
    }
    for (unsigned int i = 1; i < 3; i++)
        ensure_domain(i);
    peers[0].used = 0;
}

static void teardown(void)
{
    domain_fini();
    conn_free(dom0);
    dom0 = NULL;
    store_fini();
}

/* ---- one input record ---------------------------------------------------- */

static uint32_t pick_tx(const struct peer *p, uint8_t sel)
{
    if (!sel)
        return 0;
    if (sel <= 8)
        return p->nr_tx ? p->txids[(sel - 1) % (p->nr_tx < 8 ? p->nr_tx : 8)] : 0;
    return sel;
}

static void special(unsigned int i, struct fuzz_in *in)
{
    uint8_t what = fin_u8(in);
    struct xenstore_domain_interface *r;

    if (i == 0)
        return;
    ensure_domain(i);
    r = peers[i].ring;
    if (what & 1) {
        /* The guest asks for a fresh ring (XENSTORE_RECONNECT). */
        r->connection = XENSTORE_RECONNECT;
        peers[i].used = 0;
        peers[i].scribbled = false;
        peers[i].desynced = false;
    } else {
        /* A hostile guest scribbles on the indexes it owns. */
        uint16_t skip;

        r->req_prod += fin_u16(in);
        skip = fin_u16(in);
        r->rsp_cons += skip;
        peers[i].scribbled = true;
        peers[i].desynced |= skip != 0;
    }
    send_ring(i, NULL, 0);
}

static void record(struct fuzz_in *in)
{
    uint8_t op = fin_u8(in);
    unsigned int i = op % 3, kind = op / 3 % 8;
    uint8_t buf[XENSTORE_PAYLOAD_MAX];
    uint32_t type;
    uint16_t len;
    uint32_t tx;

    if (kind == 7) {
        xs_check_exposure(conn_of(1), conn_of(2));
        special(i, in);
        return;
    }
    type = fin_u8(in) % (XS_TYPE_COUNT + 2);
    tx = pick_tx(&peers[i], fin_u8(in));
    len = fin_u16(in) % (XENSTORE_PAYLOAD_MAX + 1);
    len = (uint16_t)fin_bytes(in, buf, len);
    xs_check_exposure(conn_of(1), conn_of(2));
    if (i)
        xs_check_before(conn_of(i));
    if (kind == 6)
        send_to(i, buf, len);
    else
        send_msg(i, type, tx, buf, len);
    if (i)
        xs_check_after(conn_of(i), (uint16_t)i);
    xs_check_store();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = { data, size };

    in_data = data;
    in_size = size;
    setup();
    xs_check_store();
    while (in.left)
        record(&in);
    teardown();
    return 0;
}
