/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libhcall xenstore client over xenstored's Unix socket or /dev/xen/xenbus.
 * One request is outstanding at a time. Until the first watch the caller's
 * thread reads replies itself; from then on a reader thread demultiplexes
 * replies and watch events (which may arrive at any moment).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <hcall/xs.h>
#include <hcall/xs_msg.h>

#define XS_DEFAULT_SOCKET "/run/xenstored/socket"
#define XS_XENBUS_DEV     "/dev/xen/xenbus"

struct xs_event {
    struct xs_event *next;
    char *path;                 /* path\0token\0 in one block */
    char *token;
};

struct hcall_xs {
    int fd;
    /* Serialises requests: held from sending a request to taking its reply. */
    pthread_mutex_t req_lock;
    /* Protects everything below; cond signals a reply, an event or death. */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int reader_running;
    pthread_t reader;
    int dead;                   /* errno of a broken connection, else 0 */
    struct xsd_sockmsg reply_hdr;
    char *reply;                /* NULL until the reply has arrived */
    struct xs_event *ev_head, *ev_tail;
    int ev_pipe[2];             /* one byte in it iff the queue is non-empty */
    uint32_t req_id;
};

static int full_io(int fd, void *buf, size_t len, int is_write)
{
    char *p = buf;

    while (len) {
        ssize_t n = is_write ? write(fd, p, len) : read(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = ECONNRESET;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Reads one message; *payload gets len + 1 bytes with a NUL appended. */
static int read_msg(int fd, struct xsd_sockmsg *hdr, char **payload)
{
    char *body;

    if (full_io(fd, hdr, sizeof(*hdr), 0))
        return -1;
    if (hdr->len > XENSTORE_PAYLOAD_MAX) {
        errno = EBADMSG;
        return -1;
    }
    body = malloc(hdr->len + 1);
    if (!body)
        return -1;
    if (full_io(fd, body, hdr->len, 0)) {
        free(body);
        return -1;
    }
    body[hdr->len] = '\0';
    *payload = body;
    return 0;
}

/* Called with xs->lock held. Takes ownership of payload. */
static void queue_event(struct hcall_xs *xs, char *payload, uint32_t len)
{
    const char *f[2];
    struct xs_event *ev;
    char one = 1;

    if (xs_msg_split(payload, len, f, 2) < 2 || !(ev = malloc(sizeof(*ev)))) {
        free(payload);
        return;
    }
    ev->path = payload;
    ev->token = (char *)f[1];
    ev->next = NULL;
    if (xs->ev_tail) {
        xs->ev_tail->next = ev;
    } else {
        xs->ev_head = ev;
        /* The pipe is empty here, so this write cannot fail short. */
        (void)!write(xs->ev_pipe[1], &one, 1);
    }
    xs->ev_tail = ev;
    pthread_cond_broadcast(&xs->cond);
}

static void *reader_main(void *arg)
{
    struct hcall_xs *xs = arg;

    for (;;) {
        struct xsd_sockmsg hdr;
        char *payload;

        if (read_msg(xs->fd, &hdr, &payload)) {
            pthread_mutex_lock(&xs->lock);
            xs->dead = errno ? errno : ECONNRESET;
            pthread_cond_broadcast(&xs->cond);
            pthread_mutex_unlock(&xs->lock);
            return NULL;
        }
        pthread_mutex_lock(&xs->lock);
        if (hdr.type == XS_WATCH_EVENT) {
            queue_event(xs, payload, hdr.len);
        } else {
            free(xs->reply);    /* a stray reply nobody waits for */
            xs->reply_hdr = hdr;
            xs->reply = payload;
            pthread_cond_broadcast(&xs->cond);
        }
        pthread_mutex_unlock(&xs->lock);
    }
}

static struct hcall_xs *xs_alloc(int fd)
{
    struct hcall_xs *xs = calloc(1, sizeof(*xs));

    if (!xs)
        return NULL;
    if (pipe2(xs->ev_pipe, O_CLOEXEC | O_NONBLOCK)) {
        free(xs);
        return NULL;
    }
    xs->fd = fd;
    pthread_mutex_init(&xs->req_lock, NULL);
    pthread_mutex_init(&xs->lock, NULL);
    pthread_cond_init(&xs->cond, NULL);
    return xs;
}

struct hcall_xs *hcall_xs_open_socket(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    struct hcall_xs *xs;
    int fd, saved;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return NULL;
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
        !(xs = xs_alloc(fd))) {
        saved = errno;
        close(fd);
        errno = saved;
        return NULL;
    }
    return xs;
}

struct hcall_xs *hcall_xs_open(unsigned int flags)
{
    const char *path = getenv("XENSTORED_PATH");
    struct hcall_xs *xs;
    int fd, saved;

    if (!flags)
        flags = HCALL_XS_OPEN_SOCKET | HCALL_XS_OPEN_XENBUS;
    if (flags & HCALL_XS_OPEN_SOCKET) {
        xs = hcall_xs_open_socket(path && *path ? path : XS_DEFAULT_SOCKET);
        if (xs || !(flags & HCALL_XS_OPEN_XENBUS))
            return xs;
    }
    fd = open(XS_XENBUS_DEV, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    xs = xs_alloc(fd);
    if (!xs) {
        saved = errno;
        close(fd);
        errno = saved;
    }
    return xs;
}

void hcall_xs_close(struct hcall_xs *xs)
{
    if (!xs)
        return;
    if (xs->reader_running) {
        /* Unblock the reader: shutdown for sockets, cancel for xenbus. */
        if (shutdown(xs->fd, SHUT_RDWR))
            pthread_cancel(xs->reader);
        pthread_join(xs->reader, NULL);
    }
    close(xs->fd);
    close(xs->ev_pipe[0]);
    close(xs->ev_pipe[1]);
    while (xs->ev_head) {
        struct xs_event *ev = xs->ev_head;

        xs->ev_head = ev->next;
        free(ev->path);
        free(ev);
    }
    free(xs->reply);
    pthread_mutex_destroy(&xs->req_lock);
    pthread_mutex_destroy(&xs->lock);
    pthread_cond_destroy(&xs->cond);
    free(xs);
}

/* Waits for the reply to the request just sent; xs->req_lock is held. */
static int take_reply(struct hcall_xs *xs, struct xsd_sockmsg *hdr,
                      char **payload)
{
    int rc = 0;

    pthread_mutex_lock(&xs->lock);
    if (!xs->reader_running) {
        pthread_mutex_unlock(&xs->lock);
        for (;;) {
            if (read_msg(xs->fd, hdr, payload))
                return -1;
            if (hdr->type != XS_WATCH_EVENT)
                return 0;
            pthread_mutex_lock(&xs->lock);
            queue_event(xs, *payload, hdr->len);
            pthread_mutex_unlock(&xs->lock);
        }
    }
    while (!xs->reply && !xs->dead)
        pthread_cond_wait(&xs->cond, &xs->lock);
    if (xs->reply) {
        *hdr = xs->reply_hdr;
        *payload = xs->reply;
        xs->reply = NULL;
    } else {
        errno = xs->dead;
        rc = -1;
    }
    pthread_mutex_unlock(&xs->lock);
    return rc;
}

static int do_request(struct hcall_xs *xs, uint32_t type, hcall_xs_tx_t tx,
                      const struct xs_frag *frags, unsigned int nr,
                      char **reply, size_t *reply_len)
{
    struct xsd_sockmsg hdr;
    char *msg, *payload;
    size_t len;
    int rc;

    msg = malloc(XS_MSG_MAX);
    if (!msg)
        return -1;
    pthread_mutex_lock(&xs->req_lock);
    len = xs_msg_build(msg, XS_MSG_MAX, type, ++xs->req_id, tx, frags, nr);
    if (!len) {
        errno = E2BIG;
        rc = -1;
        goto out;
    }
    rc = full_io(xs->fd, msg, len, 1);
    if (!rc)
        rc = take_reply(xs, &hdr, &payload);
    if (rc)
        goto out;
    if (hdr.type == XS_ERROR) {
        errno = xs_errno_from_name(payload);
        free(payload);
        rc = -1;
    } else if (hdr.type != type) {
        free(payload);
        errno = EBADMSG;
        rc = -1;
    } else if (reply) {
        *reply = payload;
        if (reply_len)
            *reply_len = hdr.len;
    } else {
        free(payload);
    }
 out:
    pthread_mutex_unlock(&xs->req_lock);
    free(msg);
    return rc;
}

/* Request whose payload is a list of NUL-terminated strings. */
static int str_request(struct hcall_xs *xs, uint32_t type, hcall_xs_tx_t tx,
                       const char *const *strs, unsigned int nr,
                       char **reply, size_t *reply_len)
{
    struct xs_frag frags[4];

    if (nr > 4) {
        errno = EINVAL;
        return -1;
    }
    for (unsigned int i = 0; i < nr; i++) {
        frags[i].data = strs[i];
        frags[i].len = (uint32_t)strlen(strs[i]) + 1;
    }
    return do_request(xs, type, tx, frags, nr, reply, reply_len);
}

int hcall_xs_request(struct hcall_xs *xs, uint32_t type, hcall_xs_tx_t tx,
                     const void *payload, size_t len, char **reply,
                     size_t *reply_len)
{
    struct xs_frag f = { payload, (uint32_t)len };

    if (len > XENSTORE_PAYLOAD_MAX) {
        errno = E2BIG;
        return -1;
    }
    return do_request(xs, type, tx, &f, 1, reply, reply_len);
}

int hcall_xs_read(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                  char **value, size_t *len)
{
    return str_request(xs, XS_READ, tx, &path, 1, value, len);
}

int hcall_xs_write(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                   const void *value, size_t len)
{
    struct xs_frag f[2] = {
        { path, (uint32_t)strlen(path) + 1 },
        { value, (uint32_t)len },
    };

    if (len > XENSTORE_PAYLOAD_MAX) {
        errno = E2BIG;
        return -1;
    }
    return do_request(xs, XS_WRITE, tx, f, 2, NULL, NULL);
}

int hcall_xs_mkdir(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path)
{
    return str_request(xs, XS_MKDIR, tx, &path, 1, NULL, NULL);
}

int hcall_xs_rm(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path)
{
    return str_request(xs, XS_RM, tx, &path, 1, NULL, NULL);
}

int hcall_xs_directory(struct hcall_xs *xs, hcall_xs_tx_t tx,
                       const char *path, char ***names, unsigned int *count)
{
    char *reply, **vec;
    size_t len;
    unsigned int n;

    if (str_request(xs, XS_DIRECTORY, tx, &path, 1, &reply, &len))
        return -1;
    n = xs_msg_split(reply, (uint32_t)len, NULL, 0);
    vec = malloc((n + 1) * sizeof(char *) + len + 1);
    if (!vec) {
        free(reply);
        return -1;
    }
    /* Strings live right after the pointer array, in the same block. */
    memcpy(vec + n + 1, reply, len + 1);
    xs_msg_split((char *)(vec + n + 1), (uint32_t)len, (const char **)vec, n);
    vec[n] = NULL;
    free(reply);
    *names = vec;
    *count = n;
    return 0;
}

static int perm_from_char(char c)
{
    switch (c) {
    case 'n': return HCALL_XS_PERM_NONE;
    case 'r': return HCALL_XS_PERM_READ;
    case 'w': return HCALL_XS_PERM_WRITE;
    case 'b': return HCALL_XS_PERM_BOTH;
    }
    return -1;
}

int hcall_xs_get_perms(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                       struct hcall_xs_perm **perms, unsigned int *count)
{
    struct hcall_xs_perm *p;
    const char *cur;
    char *reply, *end;
    size_t len;
    unsigned int n;

    if (str_request(xs, XS_GET_PERMS, tx, &path, 1, &reply, &len))
        return -1;
    n = xs_msg_split(reply, (uint32_t)len, NULL, 0);
    p = calloc(n ? n : 1, sizeof(*p));
    if (!p) {
        free(reply);
        return -1;
    }
    cur = reply;
    for (unsigned int i = 0; i < n; i++) {
        unsigned long id;
        int perm = perm_from_char(cur[0]);

        id = strtoul(cur + 1, &end, 10);
        if (perm < 0 || end == cur + 1 || *end || id > 0xffff) {
            free(p);
            free(reply);
            errno = EBADMSG;
            return -1;
        }
        p[i].domid = (uint16_t)id;
        p[i].perm = (uint16_t)perm;
        cur += strlen(cur) + 1;
    }
    free(reply);
    *perms = p;
    *count = n;
    return 0;
}

int hcall_xs_set_perms(struct hcall_xs *xs, hcall_xs_tx_t tx, const char *path,
                       const struct hcall_xs_perm *perms, unsigned int count)
{
    static const char letters[] = "nrwb";
    char *buf, *p;
    size_t plen = strlen(path) + 1;
    int rc;

    if (!count || perms == NULL) {
        errno = EINVAL;
        return -1;
    }
    buf = malloc(plen + (size_t)count * 8);
    if (!buf)
        return -1;
    memcpy(buf, path, plen);
    p = buf + plen;
    for (unsigned int i = 0; i < count; i++) {
        if (perms[i].perm > HCALL_XS_PERM_BOTH) {
            free(buf);
            errno = EINVAL;
            return -1;
        }
        p += sprintf(p, "%c%u", letters[perms[i].perm], perms[i].domid) + 1;
    }
    rc = hcall_xs_request(xs, XS_SET_PERMS, tx, buf, (size_t)(p - buf),
                          NULL, NULL);
    free(buf);
    return rc;
}

int hcall_xs_transaction_start(struct hcall_xs *xs, hcall_xs_tx_t *tx)
{
    const char *empty = "";
    char *reply;
    unsigned long id;

    if (str_request(xs, XS_TRANSACTION_START, 0, &empty, 1, &reply, NULL))
        return -1;
    id = strtoul(reply, NULL, 10);
    free(reply);
    *tx = (hcall_xs_tx_t)id;
    return 0;
}

int hcall_xs_transaction_end(struct hcall_xs *xs, hcall_xs_tx_t tx, int abort)
{
    const char *arg = abort ? "F" : "T";

    return str_request(xs, XS_TRANSACTION_END, tx, &arg, 1, NULL, NULL);
}

int hcall_xs_transact(struct hcall_xs *xs,
                      int (*fn)(struct hcall_xs *xs, hcall_xs_tx_t tx,
                                void *arg),
                      void *arg, unsigned int max_tries)
{
    if (!max_tries)
        max_tries = 16;
    for (unsigned int i = 0; i < max_tries; i++) {
        hcall_xs_tx_t tx;
        int rc, saved;

        if (hcall_xs_transaction_start(xs, &tx))
            return -1;
        rc = fn(xs, tx, arg);
        if (rc) {
            saved = errno;
            hcall_xs_transaction_end(xs, tx, 1);
            errno = saved;
            return rc;
        }
        if (!hcall_xs_transaction_end(xs, tx, 0))
            return 0;
        if (errno != EAGAIN)
            return -1;
    }
    errno = EAGAIN;
    return -1;
}

int hcall_xs_watch(struct hcall_xs *xs, const char *path, const char *token)
{
    const char *args[2] = { path, token };

    /* Events may come at any time from now on: hand reading to a thread. */
    pthread_mutex_lock(&xs->req_lock);
    if (!xs->reader_running) {
        if (pthread_create(&xs->reader, NULL, reader_main, xs)) {
            pthread_mutex_unlock(&xs->req_lock);
            errno = EAGAIN;
            return -1;
        }
        xs->reader_running = 1;
    }
    pthread_mutex_unlock(&xs->req_lock);
    return str_request(xs, XS_WATCH, 0, args, 2, NULL, NULL);
}

int hcall_xs_unwatch(struct hcall_xs *xs, const char *path, const char *token)
{
    const char *args[2] = { path, token };

    return str_request(xs, XS_UNWATCH, 0, args, 2, NULL, NULL);
}

int hcall_xs_watch_fd(struct hcall_xs *xs)
{
    return xs->ev_pipe[0];
}

int hcall_xs_read_watch(struct hcall_xs *xs, char **path, char **token,
                        int nonblock)
{
    struct xs_event *ev;
    char byte;

    pthread_mutex_lock(&xs->lock);
    while (!xs->ev_head) {
        if (nonblock || xs->dead || !xs->reader_running) {
            errno = xs->dead ? xs->dead : EAGAIN;
            pthread_mutex_unlock(&xs->lock);
            return -1;
        }
        pthread_cond_wait(&xs->cond, &xs->lock);
    }
    ev = xs->ev_head;
    xs->ev_head = ev->next;
    if (!xs->ev_head) {
        xs->ev_tail = NULL;
        /* Invariant: the byte is there while events are queued. */
        (void)!read(xs->ev_pipe[0], &byte, 1);
    }
    pthread_mutex_unlock(&xs->lock);
    *path = ev->path;
    *token = ev->token;
    free(ev);
    return 0;
}

static int domid_request(struct hcall_xs *xs, uint32_t type,
                         const unsigned long *ids, unsigned int nr,
                         char **reply)
{
    char buf[4][24];
    const char *args[4];

    for (unsigned int i = 0; i < nr; i++) {
        snprintf(buf[i], sizeof(buf[i]), "%lu", ids[i]);
        args[i] = buf[i];
    }
    return str_request(xs, type, 0, args, nr, reply, NULL);
}

int hcall_xs_introduce(struct hcall_xs *xs, uint16_t domid, uint64_t mfn,
                       uint32_t port)
{
    unsigned long ids[3] = { domid, (unsigned long)mfn, port };

    return domid_request(xs, XS_INTRODUCE, ids, 3, NULL);
}

int hcall_xs_release(struct hcall_xs *xs, uint16_t domid)
{
    unsigned long id = domid;

    return domid_request(xs, XS_RELEASE, &id, 1, NULL);
}

int hcall_xs_resume(struct hcall_xs *xs, uint16_t domid)
{
    unsigned long id = domid;

    return domid_request(xs, XS_RESUME, &id, 1, NULL);
}

int hcall_xs_set_target(struct hcall_xs *xs, uint16_t domid, uint16_t target)
{
    unsigned long ids[2] = { domid, target };

    return domid_request(xs, XS_SET_TARGET, ids, 2, NULL);
}

int hcall_xs_is_domain_introduced(struct hcall_xs *xs, uint16_t domid,
                                  int *introduced)
{
    unsigned long id = domid;
    char *reply;

    if (domid_request(xs, XS_IS_DOMAIN_INTRODUCED, &id, 1, &reply))
        return -1;
    *introduced = reply[0] == 'T';
    free(reply);
    return 0;
}

int hcall_xs_get_domain_path(struct hcall_xs *xs, uint16_t domid, char **path)
{
    unsigned long id = domid;

    return domid_request(xs, XS_GET_DOMAIN_PATH, &id, 1, path);
}

int hcall_xs_reset_watches(struct hcall_xs *xs)
{
    const char *empty = "";

    return str_request(xs, XS_RESET_WATCHES, 0, &empty, 1, NULL, NULL);
}

int hcall_xs_control(struct hcall_xs *xs, const char *const *args,
                     unsigned int nr_args, char **out)
{
    size_t total = 0;
    char *buf, *p;
    int rc;

    for (unsigned int i = 0; i < nr_args; i++)
        total += strlen(args[i]) + 1;
    buf = malloc(total ? total : 1);
    if (!buf)
        return -1;
    p = buf;
    for (unsigned int i = 0; i < nr_args; i++) {
        size_t l = strlen(args[i]) + 1;

        memcpy(p, args[i], l);
        p += l;
    }
    rc = hcall_xs_request(xs, XS_CONTROL, 0, buf, total, out, NULL);
    free(buf);
    return rc;
}
