/* SPDX-License-Identifier: GPL-2.0-only */
/* Local interrupt-flag helpers. */
#include <xen/spinlock.h>
#include <asm/processor.h>
#include <asm/io.h>

unsigned long local_irq_save(void)
{
    unsigned long flags = read_rflags();

    local_irq_disable();
    return flags;
}

void local_irq_restore(unsigned long flags)
{
    if ( flags & X86_EFLAGS_IF )
        local_irq_enable();
}

/*
 * The legacy 8259 PICs: moved to vectors 0x20-0x2f (so IRQ 0 can never be
 * mistaken for #DF) and fully masked. Interrupts reach the hypervisor
 * through the local APIC only.
 */
void pic_disable(void);
void pic_disable(void)
{
    outb(0x11, 0x20); outb(0x11, 0xa0);   /* ICW1: init, ICW4 follows */
    outb(0x20, 0x21); outb(0x28, 0xa1);   /* ICW2: vector bases */
    outb(0x04, 0x21); outb(0x02, 0xa1);   /* ICW3: cascade on IRQ 2 */
    outb(0x01, 0x21); outb(0x01, 0xa1);   /* ICW4: 8086 mode */
    outb(0xff, 0x21); outb(0xff, 0xa1);   /* mask everything */
}
