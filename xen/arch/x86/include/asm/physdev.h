/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * physdev_op sub-ops on real hardware (arch/x86/physdev.c), reached from
 * do_physdev_op (pv/physdev.c) for every command but the I/O privilege ones.
 */
#ifndef ASM_PHYSDEV_H
#define ASM_PHYSDEV_H

/* -EPERM unless the caller is the hardware domain; -ENOSYS unknown cmd. */
long arch_physdev_op(unsigned int cmd, unsigned long arg);

#endif /* ASM_PHYSDEV_H */
