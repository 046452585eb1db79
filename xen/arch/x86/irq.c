/* SPDX-License-Identifier: GPL-2.0-only */
/* Local interrupt-flag helpers. */
#include <xen/spinlock.h>
#include <asm/processor.h>

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
