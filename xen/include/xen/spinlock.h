/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ticket spinlocks. Interrupt-safe variants save and restore RFLAGS.IF.
 * Host unit tests shadow this header with no-op locks.
 */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

#include <xen/types.h>

typedef struct spinlock {
    volatile uint16_t head, tail;
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { 0, 0 }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
    l->head = l->tail = 0;
}

static inline void spin_lock(spinlock_t *l)
{
    uint16_t me = __atomic_fetch_add(&l->tail, 1, __ATOMIC_ACQUIRE);

    while (__atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != me)
        __builtin_ia32_pause();
}

/* Take l only if nobody holds or waits for it; true if taken. */
static inline bool spin_trylock(spinlock_t *l)
{
    uint16_t me = __atomic_load_n(&l->head, __ATOMIC_RELAXED);

    return __atomic_compare_exchange_n(&l->tail, &me, (uint16_t)(me + 1), false,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->head, l->head + 1, __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
    return l->head != l->tail;
}

unsigned long local_irq_save(void);
void local_irq_restore(unsigned long flags);

#define spin_lock_irqsave(l, f)      ({ (f) = local_irq_save(); spin_lock(l); })
#define spin_unlock_irqrestore(l, f) ({ spin_unlock(l); local_irq_restore(f); })

#endif /* XEN_SPINLOCK_H */
