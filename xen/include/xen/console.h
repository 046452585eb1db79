/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor console: log ring, serial output, guest console output. */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <xen/types.h>

struct domain;

void console_init_preirq(void);
/* Raw output to the console device(s), no prefix or filtering. */
void console_puts(const char *s, size_t len);
/* Output from a guest (console_io write or a hypervisor-served ring). */
void console_guest_write(struct domain *d, const char *buf, size_t len);
/* Copy of the hypervisor log for XEN_SYSCTL_readconsole. */
size_t console_read_ring(char *buf, size_t len, size_t *pos, bool clear);
/* Serial input: returns a byte or -1 when none is waiting. */
int console_getc(void);
/* Force output to go out even from panic paths (drops locks). */
void console_force_unlock(void);

/* Serial port driver interface. */
struct serial_port {
    uint16_t io_base;
    uint32_t baud;
    bool present;
};
void ns16550_init(struct serial_port *port);
void ns16550_putc(struct serial_port *port, char c);
int ns16550_getc(struct serial_port *port);
/* The I/O base of the hypervisor's UART (its 8 ports are never a guest's). */
uint16_t console_uart_port(void);

/* Move pending serial input into the ring; VIRQ_CONSOLE to domain 0. */
void console_poll_input(void);

#endif /* XEN_CONSOLE_H */
