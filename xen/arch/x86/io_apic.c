/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IO-APICs: their MMIO windows and GSI bases from the MADT (type 1
 * entries), the ISA interrupt source overrides (type 2), and the
 * redirection table (82093AA datasheet 3.2.4): vector, physical
 * destination, trigger, polarity, mask. Every pin starts masked; the
 * legacy 8259s stay masked too (irq.c). One lock covers the IOREGSEL/IOWIN
 * pair of every IO-APIC.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/spinlock.h>
#include <asm/acpi.h>
#include <asm/directmap.h>
#include <asm/io_apic.h>
#include <asm/smp.h>

#define MAX_IOAPICS     8
#define IOAPIC_VER      0x01
#define IOAPIC_RTE(pin) (0x10 + 2 * (pin))

#define RTE_POLARITY_LOW (1U << 13)
#define RTE_LEVEL        (1U << 15)
#define RTE_MASKED       (1U << 16)

/* MADT ISO flags (ACPI 5.2.12.5): polarity bits 0-1, trigger bits 2-3. */
#define ISO_POLARITY(f)  ((f) & 3)
#define ISO_TRIGGER(f)   (((f) >> 2) & 3)

static struct ioapic {
    paddr_t base;
    volatile uint32_t *mmio;
    unsigned int gsi_base, nr_pins;
} ioapics[MAX_IOAPICS];
static unsigned int nr_ioapics, nr_gsis;

static struct {
    bool overridden;
    uint32_t gsi;
    uint16_t flags;
} isa[16];

static DEFINE_SPINLOCK(ioapic_lock);

static uint32_t io_read(const struct ioapic *a, unsigned int reg)
{
    a->mmio[0] = reg;
    return a->mmio[4];
}

static void io_write(const struct ioapic *a, unsigned int reg, uint32_t v)
{
    a->mmio[0] = reg;
    a->mmio[4] = v;
}

static struct ioapic *ioapic_of(unsigned int gsi, unsigned int *pin)
{
    for ( unsigned int i = 0; i < nr_ioapics; i++ )
        if ( gsi >= ioapics[i].gsi_base &&
             gsi < ioapics[i].gsi_base + ioapics[i].nr_pins )
        {
            *pin = gsi - ioapics[i].gsi_base;
            return &ioapics[i];
        }
    return NULL;
}

static void add_ioapic(const uint8_t *e)
{
    struct ioapic *a;

    if ( nr_ioapics == MAX_IOAPICS )
        return;
    a = &ioapics[nr_ioapics];
    a->base = *(const uint32_t *)(e + 4);
    a->gsi_base = *(const uint32_t *)(e + 8);
    a->mmio = __va(a->base);
    a->nr_pins = ((io_read(a, IOAPIC_VER) >> 16) & 0xff) + 1;
    nr_gsis = max(nr_gsis, a->gsi_base + a->nr_pins);
    nr_ioapics++;
}

static void madt_entry(const uint8_t *e, void *arg)
{
    if ( e[0] == 1 && e[1] >= 12 )
        add_ioapic(e);
    else if ( e[0] == 2 && e[1] >= 10 && e[2] == 0 && e[3] < 16 )
    {
        isa[e[3]].overridden = true;
        isa[e[3]].gsi = *(const uint32_t *)(e + 4);
        isa[e[3]].flags = *(const uint16_t *)(e + 8);
    }
}

void ioapic_init(void)
{
    unsigned long flags;

    acpi_madt_for_each(madt_entry, NULL);
    spin_lock_irqsave(&ioapic_lock, flags);
    for ( unsigned int i = 0; i < nr_ioapics; i++ )
        for ( unsigned int pin = 0; pin < ioapics[i].nr_pins; pin++ )
        {
            io_write(&ioapics[i], IOAPIC_RTE(pin), RTE_MASKED);
            io_write(&ioapics[i], IOAPIC_RTE(pin) + 1, 0);
        }
    spin_unlock_irqrestore(&ioapic_lock, flags);
    for ( unsigned int i = 0; i < nr_ioapics; i++ )
        printk(XENLOG_INFO "IO-APIC %u at %#lx: GSIs %u-%u\n", i,
               (unsigned long)ioapics[i].base, ioapics[i].gsi_base,
               ioapics[i].gsi_base + ioapics[i].nr_pins - 1);
}

unsigned int ioapic_nr_gsis(void)
{
    return nr_gsis;
}

unsigned int ioapic_count(void)
{
    return nr_ioapics;
}

paddr_t ioapic_base(unsigned int i)
{
    return i < nr_ioapics ? ioapics[i].base : 0;
}

unsigned int ioapic_isa_gsi(unsigned int irq)
{
    return irq < 16 && isa[irq].overridden ? isa[irq].gsi : irq;
}

void ioapic_gsi_default_mode(unsigned int gsi, bool *level, bool *low)
{
    *level = gsi >= 16;
    *low = gsi >= 16;
    for ( unsigned int irq = 0; irq < 16; irq++ )
    {
        unsigned int f = isa[irq].flags;

        if ( !isa[irq].overridden || isa[irq].gsi != gsi )
            continue;
        /* 0 = conforms to the bus: ISA is edge, active high. */
        *level = ISO_TRIGGER(f) == 3;
        *low = ISO_POLARITY(f) == 3;
    }
}

void ioapic_route(unsigned int gsi, unsigned int vector, bool level, bool low)
{
    unsigned int pin;
    struct ioapic *a = ioapic_of(gsi, &pin);
    unsigned long flags;
    uint32_t lo = vector | RTE_MASKED | (level ? RTE_LEVEL : 0) |
                  (low ? RTE_POLARITY_LOW : 0);

    if ( !a )
        return;
    spin_lock_irqsave(&ioapic_lock, flags);
    io_write(a, IOAPIC_RTE(pin), RTE_MASKED);
    io_write(a, IOAPIC_RTE(pin) + 1, cpu_apic_id[0] << 24);
    io_write(a, IOAPIC_RTE(pin), lo);
    spin_unlock_irqrestore(&ioapic_lock, flags);
}

/* Aim gsi's pin at pCPU cpu (the high word only: vector and mask stay). */
void ioapic_set_dest(unsigned int gsi, unsigned int cpu)
{
    unsigned int pin;
    struct ioapic *a = ioapic_of(gsi, &pin);
    unsigned long flags;

    if ( !a )
        return;
    spin_lock_irqsave(&ioapic_lock, flags);
    io_write(a, IOAPIC_RTE(pin) + 1, cpu_apic_id[cpu] << 24);
    spin_unlock_irqrestore(&ioapic_lock, flags);
}

static void set_mask(unsigned int gsi, bool masked)
{
    unsigned int pin;
    struct ioapic *a = ioapic_of(gsi, &pin);
    unsigned long flags;
    uint32_t lo;

    if ( !a )
        return;
    spin_lock_irqsave(&ioapic_lock, flags);
    lo = io_read(a, IOAPIC_RTE(pin));
    io_write(a, IOAPIC_RTE(pin), masked ? lo | RTE_MASKED : lo & ~RTE_MASKED);
    spin_unlock_irqrestore(&ioapic_lock, flags);
}

void ioapic_mask(unsigned int gsi)
{
    set_mask(gsi, true);
}

void ioapic_unmask(unsigned int gsi)
{
    set_mask(gsi, false);
}

int ioapic_reg_read(paddr_t base, unsigned int reg, uint32_t *val)
{
    unsigned long flags;

    for ( unsigned int i = 0; i < nr_ioapics; i++ )
    {
        if ( ioapics[i].base != base )
            continue;
        spin_lock_irqsave(&ioapic_lock, flags);
        *val = io_read(&ioapics[i], reg);
        spin_unlock_irqrestore(&ioapic_lock, flags);
        return 0;
    }
    return -EINVAL;
}
