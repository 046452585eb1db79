/* SPDX-License-Identifier: GPL-2.0-only */
/* Polled 16550 UART driver (COM1 by default). */
#include <xen/lib.h>
#include <xen/console.h>
#include <asm/io.h>

#define UART_RBR 0      /* receive buffer (DLAB=0) */
#define UART_THR 0      /* transmit holding (DLAB=0) */
#define UART_DLL 0      /* divisor latch low (DLAB=1) */
#define UART_IER 1
#define UART_DLM 1      /* divisor latch high (DLAB=1) */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define  LSR_DR    0x01 /* data ready */
#define  LSR_THRE  0x20 /* transmit holding register empty */

void ns16550_init(struct serial_port *port)
{
    uint16_t b = port->io_base;
    uint32_t div = 115200 / (port->baud ? port->baud : 115200);

    /* A missing UART reads back all-ones from the scratch register. */
    outb(0x5a, b + 7);
    port->present = inb(b + 7) == 0x5a;
    if ( !port->present )
        return;

    outb(0x00, b + UART_IER);           /* polled mode */
    outb(0x80, b + UART_LCR);           /* DLAB */
    outb(div & 0xff, b + UART_DLL);
    outb(div >> 8, b + UART_DLM);
    outb(0x03, b + UART_LCR);           /* 8n1 */
    outb(0x07, b + UART_FCR);           /* FIFOs on and cleared */
    outb(0x03, b + UART_MCR);           /* DTR | RTS */
}

void ns16550_putc(struct serial_port *port, char c)
{
    unsigned int spin = 100000;

    if ( !port->present )
        return;
    while ( !(inb(port->io_base + UART_LSR) & LSR_THRE) && --spin )
        ;
    outb(c, port->io_base + UART_THR);
}

int ns16550_getc(struct serial_port *port)
{
    if ( !port->present || !(inb(port->io_base + UART_LSR) & LSR_DR) )
        return -1;
    return inb(port->io_base + UART_RBR);
}
