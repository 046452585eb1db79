/* SPDX-License-Identifier: MIT */
/*
 * Shared request/response rings for split drivers (block, net, ...).
 *
 * One shared page holds a 64-byte header and a power-of-two array of
 * entries; each entry is a request or, once the back end answers in place,
 * a response. Indices are free-running 32-bit counters (never reduced);
 * an index selects slot (idx & (size - 1)).
 *
 *   front end: produces requests  (req_prod_pvt -> sring->req_prod)
 *              consumes responses (rsp_cons, up to sring->rsp_prod)
 *   back end:  consumes requests  (req_cons, up to sring->req_prod)
 *              produces responses (rsp_prod_pvt -> sring->rsp_prod)
 *
 * Notification suppression: a side that wants an event when the producer
 * passes index N writes N into req_event / rsp_event; the producer notifies
 * only if the new entries cross that index (see *_AND_CHECK_NOTIFY).
 *
 * DEFINE_RING_TYPES(name, req_t, rsp_t) declares:
 *   union  name_sring_entry { req_t req; rsp_t rsp; };
 *   struct name_sring       (shared page layout)
 *   struct name_front_ring  (front end private state)
 *   struct name_back_ring   (back end private state)
 * and the matching _t typedefs.
 *
 * Memory barriers: the includer may define xen_mb(), xen_rmb(), xen_wmb()
 * before including this file; otherwise x86 defaults are used (a full fence
 * for xen_mb, compiler barriers for the others, which suffices because x86
 * does not reorder loads with loads or stores with stores).
 */
#ifndef XEN_PUBLIC_IO_RING_H
#define XEN_PUBLIC_IO_RING_H

#include <stddef.h>
#include <stdint.h>

#ifndef xen_mb
#define xen_mb()  __sync_synchronize()
#endif
#ifndef xen_rmb
#define xen_rmb() __asm__ __volatile__("" ::: "memory")
#endif
#ifndef xen_wmb
#define xen_wmb() __asm__ __volatile__("" ::: "memory")
#endif

typedef uint32_t RING_IDX;

/* Round a count down to a power of two (up to 2^31). */
#define __RD2(x)  (((x) & 0x00000002U) ? 0x2U : ((x) & 0x1U))
#define __RD4(x)  (((x) & 0x0000000cU) ? __RD2((x) >> 2) << 2 : __RD2(x))
#define __RD8(x)  (((x) & 0x000000f0U) ? __RD4((x) >> 4) << 4 : __RD4(x))
#define __RD16(x) (((x) & 0x0000ff00U) ? __RD8((x) >> 8) << 8 : __RD8(x))
#define __RD32(x) (((x) & 0xffff0000U) ? __RD16((x) >> 16) << 16 : __RD16(x))

/*
 * Entries that fit in a shared ring of _sz bytes, given a pointer _s to
 * the sring (only its type is used for the arithmetic).
 */
#define __RING_SIZE(_s, _sz)                                              \
    (__RD32((uint32_t)(((_sz) - offsetof(__typeof__(*(_s)), ring)) /      \
                       sizeof((_s)->ring[0]))))

/* The same as a constant expression, from the ring's name. */
#define __CONST_RING_SIZE(_name, _sz)                                     \
    (__RD32((uint32_t)(((_sz) - offsetof(struct _name##_sring, ring)) /   \
                       sizeof(((struct _name##_sring *)0)->ring[0]))))

#define DEFINE_RING_TYPES(__name, __req_t, __rsp_t)                      \
                                                                          \
union __name##_sring_entry {                                              \
    __req_t req;                                                          \
    __rsp_t rsp;                                                          \
};                                                                        \
                                                                          \
/* Shared page: 64-byte header, then the entries. */                     \
struct __name##_sring {                                                   \
    RING_IDX req_prod, req_event;    /* 0x00, 0x04 */                     \
    RING_IDX rsp_prod, rsp_event;    /* 0x08, 0x0c */                     \
    union {                                                               \
        struct { uint8_t smartpoll_active; } netif;                       \
        struct { uint8_t msg; } tapif_user;                               \
        uint8_t pvt_pad[4];                                               \
    } pvt;                           /* 0x10: per-protocol use */         \
    uint8_t __pad[44];               /* 0x14 */                           \
    union __name##_sring_entry ring[1]; /* 0x40: really RING_SIZE */      \
};                                                                        \
                                                                          \
struct __name##_front_ring {                                              \
    RING_IDX req_prod_pvt;           /* requests produced, not pushed */  \
    RING_IDX rsp_cons;               /* responses consumed */             \
    unsigned int nr_ents;                                                 \
    struct __name##_sring *sring;                                         \
};                                                                        \
                                                                          \
struct __name##_back_ring {                                               \
    RING_IDX rsp_prod_pvt;           /* responses produced, not pushed */ \
    RING_IDX req_cons;               /* requests consumed */              \
    unsigned int nr_ents;                                                 \
    struct __name##_sring *sring;                                         \
};                                                                        \
                                                                          \
typedef struct __name##_sring __name##_sring_t;                           \
typedef struct __name##_front_ring __name##_front_ring_t;                 \
typedef struct __name##_back_ring __name##_back_ring_t

/* Initialise a shared ring (done once, by the front end). */
#define SHARED_RING_INIT(_s) do {                                         \
    (_s)->req_prod = (_s)->rsp_prod = 0;                                  \
    (_s)->req_event = (_s)->rsp_event = 1;                                \
    for (unsigned int __i = 0; __i < sizeof((_s)->__pad); __i++) {       \
        if (__i < sizeof((_s)->pvt.pvt_pad))                              \
            (_s)->pvt.pvt_pad[__i] = 0;                                   \
        (_s)->__pad[__i] = 0;                                             \
    }                                                                     \
} while (0)

/* Set up private state over an existing ring, starting at index _i. */
#define FRONT_RING_ATTACH(_r, _s, _i, __size) do {                        \
    (_r)->req_prod_pvt = (_i);                                            \
    (_r)->rsp_cons = (_i);                                                \
    (_r)->nr_ents = __RING_SIZE(_s, __size);                              \
    (_r)->sring = (_s);                                                   \
} while (0)
#define FRONT_RING_INIT(_r, _s, __size) FRONT_RING_ATTACH(_r, _s, 0, __size)

#define BACK_RING_ATTACH(_r, _s, _i, __size) do {                         \
    (_r)->rsp_prod_pvt = (_i);                                            \
    (_r)->req_cons = (_i);                                                \
    (_r)->nr_ents = __RING_SIZE(_s, __size);                              \
    (_r)->sring = (_s);                                                   \
} while (0)
#define BACK_RING_INIT(_r, _s, __size) BACK_RING_ATTACH(_r, _s, 0, __size)

/* Number of slots. */
#define RING_SIZE(_r) ((_r)->nr_ents)

/* Front end: request slots not holding an unconsumed response. */
#define RING_FREE_REQUESTS(_r) \
    (RING_SIZE(_r) - ((_r)->req_prod_pvt - (_r)->rsp_cons))

/* Front end: no free request slot. */
#define RING_FULL(_r) (RING_FREE_REQUESTS(_r) == 0)

/* Front end: responses pushed but not yet consumed. */
#define RING_HAS_UNCONSUMED_RESPONSES(_r) \
    ((_r)->sring->rsp_prod - (_r)->rsp_cons)

/*
 * Back end: requests pushed but not yet consumed, limited by the free
 * response slots so a misbehaving front end cannot make it overrun.
 */
#define RING_HAS_UNCONSUMED_REQUESTS(_r) __extension__ ({                  \
    RING_IDX __req = (_r)->sring->req_prod - (_r)->req_cons;              \
    RING_IDX __rsp = RING_SIZE(_r) - ((_r)->req_cons - (_r)->rsp_prod_pvt); \
    __req < __rsp ? __req : __rsp;                                        \
})

/* Slot pointers for index _idx. */
#define RING_GET_REQUEST(_r, _idx) \
    (&((_r)->sring->ring[(_idx) & (RING_SIZE(_r) - 1)].req))
#define RING_GET_RESPONSE(_r, _idx) \
    (&((_r)->sring->ring[(_idx) & (RING_SIZE(_r) - 1)].rsp))

/*
 * Copy a request/response out of the shared page into private memory
 * through a volatile access, so the peer cannot change it between checks
 * (double-fetch safety). Use these, not the pointers above, on data the
 * other side controls.
 */
#define RING_COPY_REQUEST(_r, _idx, _req) do {                            \
    *(_req) = *(volatile __typeof__(_req))RING_GET_REQUEST(_r, _idx);     \
} while (0)
#define RING_COPY_RESPONSE(_r, _idx, _rsp) do {                           \
    *(_rsp) = *(volatile __typeof__(_rsp))RING_GET_RESPONSE(_r, _idx);    \
} while (0)

/* Back end: the front end claims more requests than slots exist. */
#define RING_REQUEST_CONS_OVERFLOW(_r, _cons) \
    (((_cons) - (_r)->rsp_prod_pvt) >= RING_SIZE(_r))
/* Back end: a pushed req_prod that cannot be valid. */
#define RING_REQUEST_PROD_OVERFLOW(_r, _prod) \
    (((_prod) - (_r)->rsp_prod_pvt) > RING_SIZE(_r))
/* Front end: a pushed rsp_prod that cannot be valid. */
#define RING_RESPONSE_PROD_OVERFLOW(_r, _prod) \
    (((_prod) - (_r)->rsp_cons) > RING_SIZE(_r))

/* Publish privately produced entries (write barrier first). */
#define RING_PUSH_REQUESTS(_r) do {                                       \
    xen_wmb();                                                            \
    (_r)->sring->req_prod = (_r)->req_prod_pvt;                           \
} while (0)
#define RING_PUSH_RESPONSES(_r) do {                                      \
    xen_wmb();                                                            \
    (_r)->sring->rsp_prod = (_r)->rsp_prod_pvt;                           \
} while (0)

/*
 * Publish and decide whether the peer must be notified: only if its
 * event index lies in (old, new]. The full barrier orders our producer
 * update before reading the peer's event index.
 */
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(_r, _notify) do {             \
    RING_IDX __old = (_r)->sring->req_prod;                               \
    RING_IDX __new = (_r)->req_prod_pvt;                                  \
    xen_wmb();                                                            \
    (_r)->sring->req_prod = __new;                                        \
    xen_mb();                                                             \
    (_notify) = ((RING_IDX)(__new - (_r)->sring->req_event) <             \
                 (RING_IDX)(__new - __old));                              \
} while (0)
#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(_r, _notify) do {            \
    RING_IDX __old = (_r)->sring->rsp_prod;                               \
    RING_IDX __new = (_r)->rsp_prod_pvt;                                  \
    xen_wmb();                                                            \
    (_r)->sring->rsp_prod = __new;                                        \
    xen_mb();                                                             \
    (_notify) = ((RING_IDX)(__new - (_r)->sring->rsp_event) <             \
                 (RING_IDX)(__new - __old));                              \
} while (0)

/*
 * Before sleeping: check for work, and if there is none ask to be
 * notified at the next entry, then check again (closes the race with a
 * producer that pushed just before the event index was written).
 */
#define RING_FINAL_CHECK_FOR_REQUESTS(_r, _work_to_do) do {               \
    (_work_to_do) = RING_HAS_UNCONSUMED_REQUESTS(_r);                     \
    if (_work_to_do)                                                      \
        break;                                                            \
    (_r)->sring->req_event = (_r)->req_cons + 1;                          \
    xen_mb();                                                             \
    (_work_to_do) = RING_HAS_UNCONSUMED_REQUESTS(_r);                     \
} while (0)
#define RING_FINAL_CHECK_FOR_RESPONSES(_r, _work_to_do) do {              \
    (_work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(_r);                    \
    if (_work_to_do)                                                      \
        break;                                                            \
    (_r)->sring->rsp_event = (_r)->rsp_cons + 1;                          \
    xen_mb();                                                             \
    (_work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(_r);                    \
} while (0)

#endif /* XEN_PUBLIC_IO_RING_H */
