/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What hardware a domain may touch: per-domain rangesets of I/O ports, I/O
 * memory frames and GSIs (granted by domctl *_permission; the hardware
 * domain starts with everything the hypervisor does not keep), and the port
 * I/O the PV priv-op emulation forwards here once the virtual IOPL allowed
 * it. PCI configuration space (0xcf8/0xcfc) is never passed through: the
 * domain's address latch is emulated and each access goes through pci.c,
 * which refuses writes to the MSI/MSI-X capabilities the hypervisor owns.
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/rangeset.h>
#include <xen/sched.h>
#include <xen/errno.h>
#include <asm/current.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/io_apic.h>
#include <asm/ioport.h>
#include <asm/msi.h>
#include <asm/pci.h>
#include <asm/processor.h>
#include <public/domctl.h>

#define PCI_CF8         0xcf8
#define PCI_CFC         0xcfc
#define CF8_ENABLED     (1U << 31)

/*
 * Ports the hypervisor keeps: the 8259s and their edge/level registers
 * (kept masked), the PIT and its channel-2 gate (time calibration), PCI
 * configuration and the 0xcf9 reset register (emulated), its UART.
 */
static const struct { unsigned int s, e; } hv_ports[] = {
    { 0x20, 0x21 }, { 0xa0, 0xa1 }, { 0x4d0, 0x4d1 },
    { 0x40, 0x43 }, { 0x61, 0x61 },
    { PCI_CF8, PCI_CFC + 3 },
};

unsigned int paddr_bits(void)
{
    static unsigned int bits;
    uint32_t a, b, c, d;

    if ( !bits )
    {
        cpuid(0x80000000, &a, &b, &c, &d);
        bits = 36;
        if ( a >= 0x80000008 )
        {
            cpuid(0x80000008, &a, &b, &c, &d);
            bits = a & 0xff;
        }
    }
    return bits;
}

static int deny_hypervisor_ports(struct rangeset *rs)
{
    unsigned int uart = console_uart_port();
    int rc = 0;

    for ( unsigned int i = 0; i < ARRAY_SIZE(hv_ports); i++ )
        rc = rc ?: rangeset_remove_range(rs, hv_ports[i].s, hv_ports[i].e);
    return rc ?: rangeset_remove_range(rs, uart, uart + 7);
}

/* Every frame the CPU can address but the local APIC and the IO-APICs. */
static int deny_hypervisor_iomem(struct rangeset *rs)
{
    unsigned long lapic = (rdmsr(MSR_IA32_APICBASE) & ~0xfffUL &
                           ((1UL << 52) - 1)) >> PAGE_SHIFT;
    int rc = rangeset_remove_range(rs, lapic, lapic);

    for ( unsigned int i = 0; i < ioapic_count(); i++ )
        rc = rc ?: rangeset_remove_range(rs, ioapic_base(i) >> PAGE_SHIFT,
                                         ioapic_base(i) >> PAGE_SHIFT);
    return rc;
}

int hwdom_setup_permissions(struct domain *d)
{
    unsigned int nr = ioapic_nr_gsis();
    int rc;

    rc = rangeset_add_range(&d->arch.ioport_caps, 0, 0xffff) ?:
         deny_hypervisor_ports(&d->arch.ioport_caps) ?:
         rangeset_add_range(&d->arch.iomem_caps, 0,
                            (1UL << (paddr_bits() - PAGE_SHIFT)) - 1) ?:
         deny_hypervisor_iomem(&d->arch.iomem_caps);
    /* GSIs: all but the PIT's (timer) and the UART's (polled by us). */
    if ( !rc && nr )
        rc = rangeset_add_range(&d->arch.irq_caps, 0, nr - 1) ?:
             rangeset_remove_range(&d->arch.irq_caps, ioapic_isa_gsi(0),
                                   ioapic_isa_gsi(0)) ?:
             rangeset_remove_range(&d->arch.irq_caps, ioapic_isa_gsi(4),
                                   ioapic_isa_gsi(4));
    return rc;
}

bool irq_access_permitted(const struct domain *d, unsigned int gsi)
{
    return d && rangeset_contains_singleton(&d->arch.irq_caps, gsi);
}

bool iomem_access_permitted(const struct domain *d, unsigned long mfn)
{
    return d && rangeset_contains_singleton(&d->arch.iomem_caps, mfn);
}

static bool ports_permitted(const struct domain *d, unsigned int port,
                            unsigned int bytes)
{
    return rangeset_contains_range(&d->arch.ioport_caps, port,
                                   port + bytes - 1);
}

/* The config register a data-port access names; false if none. */
static bool cfc_target(const struct domain *d, unsigned int port,
                       unsigned int bytes, unsigned int *bdf,
                       unsigned int *reg)
{
    uint32_t cf8 = d->arch.pci_cf8;

    if ( !(cf8 & CF8_ENABLED) || ((port & 3) + bytes) > 4 )
        return false;
    *bdf = (cf8 >> 8) & 0xffff;
    *reg = (cf8 & 0xfc) + (port & 3);
    return true;
}

/* Only the hardware domain reaches configuration space. */
static bool pci_conf_port(const struct domain *d, unsigned int port)
{
    return d == hardware_domain && port >= PCI_CF8 && port <= PCI_CFC + 3;
}

static uint32_t ones(unsigned int bytes)
{
    return bytes == 4 ? ~0U : (1U << (bytes * 8)) - 1;
}

static uint32_t pci_conf_port_read(struct domain *d, unsigned int port,
                                   unsigned int bytes)
{
    unsigned int bdf, reg;

    if ( port == PCI_CF8 && bytes == 4 )
        return d->arch.pci_cf8;
    if ( port >= PCI_CFC && cfc_target(d, port, bytes, &bdf, &reg) )
        return pci_conf_read(bdf, reg, bytes);
    return ones(bytes);
}

static void pci_conf_port_write(struct domain *d, unsigned int port,
                                unsigned int bytes, uint32_t val)
{
    unsigned int bdf, reg;

    if ( port == PCI_CF8 && bytes == 4 )
    {
        d->arch.pci_cf8 = val;
        return;
    }
    /* 0xcf9 (reset control) and partial 0xcf8 writes are dropped. */
    if ( port < PCI_CFC || !cfc_target(d, port, bytes, &bdf, &reg) )
        return;
    pci_guest_conf_write(d, bdf, reg, bytes, val);
}

void pci_guest_conf_write(struct domain *d, unsigned int bdf,
                          unsigned int reg, unsigned int bytes, uint32_t val)
{
    if ( d != hardware_domain )
        return;
    if ( !msi_conf_write(bdf, reg, bytes, val) )
        pci_conf_write(bdf, reg, bytes, val);
}

/* Ports the domain does not own: reads float high, writes vanish. */
uint32_t guest_io_read(struct domain *d, unsigned int port,
                       unsigned int bytes)
{
    if ( pci_conf_port(d, port) )
        return pci_conf_port_read(d, port, bytes);
    if ( !ports_permitted(d, port, bytes) )
        return ones(bytes);
    return bytes == 1 ? inb(port) : bytes == 2 ? inw(port) : inl(port);
}

void guest_io_write(struct domain *d, unsigned int port, unsigned int bytes,
                    uint32_t val)
{
    if ( pci_conf_port(d, port) )
        pci_conf_port_write(d, port, bytes, val);
    else if ( !ports_permitted(d, port, bytes) )
        return;
    else if ( bytes == 1 )
        outb(val, port);
    else if ( bytes == 2 )
        outw(val, port);
    else
        outl(val, port);
}

/*
 * Grant or revoke [s, e] of one kind to d; the caller must hold the whole
 * range itself (it cannot hand out what the hypervisor keeps).
 */
static long grant(struct rangeset *mine, struct rangeset *theirs,
                  unsigned long s, unsigned long e, bool allow)
{
    if ( !rangeset_contains_range(mine, s, e) )
        return -EPERM;
    return allow ? rangeset_add_range(theirs, s, e)
                 : rangeset_remove_range(theirs, s, e);
}

/* XEN_DOMCTL_{ioport,iomem,irq}_permission on d; -ENOSYS other cmds. */
long ioport_permission_domctl(struct domain *d, const struct xen_domctl *op)
{
    struct domain *cd = current->domain;
    const struct xen_domctl_ioport_permission *io = &op->u.ioport_permission;
    const struct xen_domctl_iomem_permission *mem = &op->u.iomem_permission;
    const struct xen_domctl_irq_permission *irq = &op->u.irq_permission;
    unsigned long limit = 1UL << (paddr_bits() - PAGE_SHIFT);
    int gsi;

    switch ( op->cmd )
    {
    case XEN_DOMCTL_ioport_permission:
        if ( !io->nr_ports || io->first_port >= 0x10000 ||
             io->nr_ports > 0x10000 - io->first_port )
            return -EINVAL;
        return grant(&cd->arch.ioport_caps, &d->arch.ioport_caps,
                     io->first_port, io->first_port + io->nr_ports - 1,
                     io->allow_access);
    case XEN_DOMCTL_iomem_permission:
        if ( !mem->nr_mfns || mem->first_mfn >= limit ||
             mem->nr_mfns > limit - mem->first_mfn )
            return -EINVAL;
        return grant(&cd->arch.iomem_caps, &d->arch.iomem_caps,
                     mem->first_mfn, mem->first_mfn + mem->nr_mfns - 1,
                     mem->allow_access);
    case XEN_DOMCTL_irq_permission:
        /* pirq names one of the caller's PIRQs; its GSI is granted. */
        if ( irq->pirq >= NR_PIRQS )
            return -EINVAL;
        gsi = pirq_gsi(cd, irq->pirq);
        if ( gsi < 0 )
            return -EPERM;
        return grant(&cd->arch.irq_caps, &d->arch.irq_caps, gsi, gsi,
                     irq->allow_access);
    }
    return -ENOSYS;
}
