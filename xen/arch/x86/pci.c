/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCI configuration space by the type 1 mechanism: the address (enable bit,
 * bus, device, function, dword register) goes to port 0xcf8, the data moves
 * through 0xcfc-0xcff. One lock keeps the address/data pair together for
 * every user on every CPU. The hardware domain's writes to the MSI and
 * MSI-X capabilities are msi.c's business.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/spinlock.h>
#include <asm/acpi.h>
#include <asm/io.h>
#include <asm/mm.h>
#include <asm/mmio_ro.h>
#include <asm/page_info.h>
#include <asm/pci.h>

#define PCI_STATUS          0x06
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_CAP_PTR         0x34

static DEFINE_SPINLOCK(pci_config_lock);

static void select(unsigned int bdf, unsigned int reg)
{
    outl(0x80000000U | (bdf << 8) | (reg & 0xfc), 0xcf8);
}

uint32_t pci_conf_read(unsigned int bdf, unsigned int reg, unsigned int bytes)
{
    unsigned int port = 0xcfc + (reg & 3);
    unsigned long flags;
    uint32_t v;

    spin_lock_irqsave(&pci_config_lock, flags);
    select(bdf, reg);
    v = bytes == 1 ? inb(port) : bytes == 2 ? inw(port) : inl(port);
    spin_unlock_irqrestore(&pci_config_lock, flags);
    return v;
}

void pci_conf_write(unsigned int bdf, unsigned int reg, unsigned int bytes,
                    uint32_t val)
{
    unsigned int port = 0xcfc + (reg & 3);
    unsigned long flags;

    spin_lock_irqsave(&pci_config_lock, flags);
    select(bdf, reg);
    if ( bytes == 1 )
        outb(val, port);
    else if ( bytes == 2 )
        outw(val, port);
    else
        outl(val, port);
    spin_unlock_irqrestore(&pci_config_lock, flags);
}

bool pci_device_exists(unsigned int seg, unsigned int bus, unsigned int devfn)
{
    return seg == 0 && bus < 256 && devfn < 256 &&
           pci_conf_read(PCI_SBDF(bus, devfn), 0, 2) != 0xffff;
}

/* The capability list, bounded (48 entries) against loops. */
unsigned int pci_find_cap(unsigned int bdf, unsigned int id)
{
    unsigned int pos, n;

    if ( !(pci_conf_read(bdf, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST) )
        return 0;
    pos = pci_conf_read(bdf, PCI_CAP_PTR, 1) & 0xfc;
    for ( n = 0; pos >= 0x40 && n < 48; n++ )
    {
        if ( pci_conf_read(bdf, pos, 1) == id )
            return pos;
        pos = pci_conf_read(bdf, pos + 1, 1) & 0xfc;
    }
    return 0;
}

/*
 * ECAM regions (segment 0; PCI Express 3.0 7.2.2): 1 MiB per bus from the
 * base the MCFG gives for bus 0. The hypervisor itself keeps using ports
 * 0xcf8/0xcfc; guests read ECAM directly and their writes trap (mmio_ro.c)
 * into the same filter as port 0xcfc.
 */
int pci_mmcfg_add(uint64_t base, unsigned int seg, unsigned int sbus,
                  unsigned int ebus)
{
    paddr_t pa = base + ((paddr_t)sbus << 20);
    uint64_t len = (uint64_t)(ebus - sbus + 1) << 20;
    int rc;

    if ( sbus > ebus || ebus > 255 || (base & 0xfffff) ||
         base >= (1UL << 52) )
        return -EINVAL;
    if ( seg || pa + len > (1UL << 32) )
        return -EOPNOTSUPP;     /* one segment, reachable below 4 GiB */
    for ( paddr_t f = pa >> PAGE_SHIFT; f < (pa + len) >> PAGE_SHIFT; f++ )
        if ( mm_ops->mfn_to_page(_mfn(f)) )
            return -EINVAL;     /* RAM is no configuration space */
    rc = mmio_ro_add(MMIO_RO_ECAM, pa, len, sbus);
    return rc == -EEXIST ? 0 : rc;
}

static void mcfg_entry(uint64_t base, unsigned int seg, unsigned int sbus,
                       unsigned int ebus, void *arg)
{
    int rc = pci_mmcfg_add(base, seg, sbus, ebus);

    printk(XENLOG_INFO "PCI: ECAM %04x:%02x-%02x at %#lx%s (%d)\n", seg, sbus,
           ebus, (unsigned long)base, rc ? " not used" : "", rc);
}

void pci_mmcfg_init(void)
{
    acpi_mcfg_for_each(mcfg_entry, NULL);
}
