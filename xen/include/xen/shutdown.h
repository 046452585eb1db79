/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stopping the machine: declared here for common code (panic, the initial
 * domain's shutdown), implemented by the arch (arch/x86/acpi.c, setup.c).
 */
#ifndef XEN_SHUTDOWN_H
#define XEN_SHUTDOWN_H

#include <xen/types.h>
#include <xen/lib.h>

noreturn void machine_halt(void);
noreturn void machine_power_off(void);
noreturn void machine_restart(void);
/* The initial domain shut down: power off, or reboot (halt with noreboot). */
noreturn void hypervisor_shutdown(bool reboot);

#endif /* XEN_SHUTDOWN_H */
