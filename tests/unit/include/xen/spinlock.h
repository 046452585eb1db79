/* SPDX-License-Identifier: GPL-2.0-only */
/* Host shadow of xen/spinlock.h: unit tests are single-threaded. */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

typedef struct spinlock { int locked; } spinlock_t;
#define SPIN_LOCK_UNLOCKED { 0 }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED
#define spin_lock_init(l)  ((l)->locked = 0)
#define spin_lock(l)       ((l)->locked++)
#define spin_unlock(l)     ((l)->locked--)
#define spin_is_locked(l)  ((l)->locked != 0)
#define spin_lock_irqsave(l, f)      ((void)(f), (l)->locked++)
#define spin_unlock_irqrestore(l, f) ((void)(f), (l)->locked--)

/* Defined by the tests that need them (interrupts do not exist here). */
unsigned long local_irq_save(void);
void local_irq_restore(unsigned long flags);

#endif /* XEN_SPINLOCK_H */
