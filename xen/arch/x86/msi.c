/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MSI and MSI-X (PCI Local Bus 3.0 section 6.8): the hypervisor writes each
 * message's address (a local APIC, physical destination: the boot CPU's,
 * then the pCPU of the vCPU its event channel is bound to) and
 * data (the vector, edge, fixed delivery) and owns the mask bits; the
 * hardware domain's configuration writes reach only the control word's
 * enable bits (and MSI-X's function mask). MSI-X tables are read-only to
 * guests (mmio_ro.c) and written here through the direct map.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/directmap.h>
#include <asm/ioport.h>
#include <asm/mm.h>
#include <asm/mmio_ro.h>
#include <asm/msi.h>
#include <asm/page_info.h>
#include <asm/pci.h>
#include <asm/smp.h>

#define MSI_CTRL            2
#define MSI_CTRL_ENABLE     (1U << 0)
#define MSI_CTRL_MMC(c)     (((c) >> 1) & 7)    /* log2 vectors capable */
#define MSI_CTRL_MME_SHIFT  4
#define MSI_CTRL_MME        (7U << MSI_CTRL_MME_SHIFT)
#define MSI_CTRL_64BIT      (1U << 7)
#define MSI_CTRL_MASKBIT    (1U << 8)
#define MSI_ADDR_LO         4

#define MSIX_CTRL_SIZE(c)   (((c) & 0x7ff) + 1)
#define MSIX_CTRL_MASKALL   (1U << 14)
#define MSIX_CTRL_ENABLE    (1U << 15)
#define MSIX_TABLE          4                   /* offset | BIR */
#define MSIX_CAP_BYTES      12
#define MSIX_ENTRY_BYTES    16
#define MSIX_VECTOR_MASKED  1U

#define PCI_BAR0            0x10
#define PCI_BAR_IO          1U
#define PCI_BAR_MEM64       (2U << 1)
#define PCI_BAR_TYPE        (3U << 1)

#define MSI_ADDRESS(apic)   (0xfee00000U | ((apic) << 12))

static unsigned int msi_data_off(uint32_t ctrl)
{
    return ctrl & MSI_CTRL_64BIT ? 12 : 8;
}

static unsigned int msi_mask_off(uint32_t ctrl)
{
    return msi_data_off(ctrl) + 4;
}

/* Bytes of the MSI capability: 10, +4 for 64-bit, +10 with mask bits. */
static unsigned int msi_cap_bytes(uint32_t ctrl)
{
    return msi_data_off(ctrl) + 2 + (ctrl & MSI_CTRL_MASKBIT ? 10 : 0);
}

/* Can the hypervisor touch [pa, pa + len): I/O memory below 4 GiB? */
static bool mmio_reachable(paddr_t pa, uint64_t len)
{
    if ( !len || pa + len < pa || pa + len > (1UL << 32) )
        return false;
    for ( paddr_t f = pa >> PAGE_SHIFT; f <= (pa + len - 1) >> PAGE_SHIFT; f++ )
        if ( mm_ops->mfn_to_page(_mfn(f)) ||
             !iomem_access_permitted(hardware_domain, f) )
            return false;
    return true;
}

/*
 * Where bdf's MSI-X table is now (its BAR may move), its entry count;
 * -ENXIO no MSI-X, -EINVAL an I/O or unassigned BAR.
 */
static int msix_table(unsigned int bdf, paddr_t *pa, unsigned int *nr)
{
    unsigned int pos = pci_find_cap(bdf, PCI_CAP_ID_MSIX), bar;
    uint32_t tbl, lo;
    uint64_t base;

    if ( !pos )
        return -ENXIO;
    *nr = MSIX_CTRL_SIZE(pci_conf_read(bdf, pos + MSI_CTRL, 2));
    tbl = pci_conf_read(bdf, pos + MSIX_TABLE, 4);
    if ( (tbl & 7) > 5 )
        return -EINVAL;
    bar = PCI_BAR0 + 4 * (tbl & 7);
    lo = pci_conf_read(bdf, bar, 4);
    if ( lo & PCI_BAR_IO )
        return -EINVAL;
    base = lo & ~0xfU;
    if ( (lo & PCI_BAR_TYPE) == PCI_BAR_MEM64 )
    {
        if ( bar == PCI_BAR0 + 20 )
            return -EINVAL;
        base |= (uint64_t)pci_conf_read(bdf, bar + 4, 4) << 32;
    }
    if ( !base )
        return -EINVAL;
    *pa = base + (tbl & ~7U);
    return 0;
}

static volatile uint32_t *msix_entry(unsigned int bdf, unsigned int entry)
{
    unsigned int nr;
    paddr_t pa;

    if ( msix_table(bdf, &pa, &nr) || entry >= nr ||
         !mmio_reachable(pa, (uint64_t)nr * MSIX_ENTRY_BYTES) )
        return NULL;
    return __va(pa + entry * MSIX_ENTRY_BYTES);
}

int msi_check(unsigned int bdf, bool msix, unsigned int entry,
              unsigned int nvec, uint64_t table_base)
{
    unsigned int pos, nr;
    uint32_t ctrl, lo;
    paddr_t pa;
    int rc;

    if ( !pci_device_exists(0, bdf >> 8, bdf & 0xff) )
        return -ENODEV;
    if ( msix )
    {
        if ( nvec != 1 )
            return -EINVAL;
        rc = msix_table(bdf, &pa, &nr);
        if ( rc )
            return rc;
        if ( entry >= nr )
            return -EINVAL;
        /* Linux passes the BAR's start: the table lies inside that BAR. */
        lo = pci_conf_read(bdf, pci_find_cap(bdf, PCI_CAP_ID_MSIX) +
                                MSIX_TABLE, 4);
        if ( table_base && table_base != pa - (lo & ~7U) )
            return -EINVAL;
        return mmio_reachable(pa, (uint64_t)nr * MSIX_ENTRY_BYTES)
               ? 0 : -EOPNOTSUPP;
    }
    pos = pci_find_cap(bdf, PCI_CAP_ID_MSI);
    if ( !pos )
        return -ENXIO;
    ctrl = pci_conf_read(bdf, pos + MSI_CTRL, 2);
    if ( entry || !nvec || (nvec & (nvec - 1)) || nvec > MSI_MAX_VECTORS ||
         nvec > (1U << MSI_CTRL_MMC(ctrl)) )
        return -EINVAL;
    return 0;
}

void msi_program(unsigned int bdf, bool msix, unsigned int entry,
                 unsigned int nvec, unsigned int vector)
{
    uint32_t addr = MSI_ADDRESS(cpu_apic_id[0]);
    volatile uint32_t *e;
    unsigned int pos;
    uint32_t ctrl;

    if ( msix )
    {
        e = msix_entry(bdf, entry);
        if ( !e )
            return;
        e[3] |= MSIX_VECTOR_MASKED;
        e[0] = addr;
        e[1] = 0;
        e[2] = vector;
        return;
    }
    pos = pci_find_cap(bdf, PCI_CAP_ID_MSI);
    if ( !pos )
        return;
    ctrl = pci_conf_read(bdf, pos + MSI_CTRL, 2);
    if ( ctrl & MSI_CTRL_MASKBIT )
        pci_conf_write(bdf, pos + msi_mask_off(ctrl), 4,
                       pci_conf_read(bdf, pos + msi_mask_off(ctrl), 4) |
                       ((1UL << nvec) - 1));
    pci_conf_write(bdf, pos + MSI_ADDR_LO, 4, addr);
    if ( ctrl & MSI_CTRL_64BIT )
        pci_conf_write(bdf, pos + MSI_ADDR_LO + 4, 4, 0);
    pci_conf_write(bdf, pos + msi_data_off(ctrl), 2, vector);
    ctrl &= ~MSI_CTRL_MME;
    ctrl |= (__builtin_ctz(nvec) << MSI_CTRL_MME_SHIFT);
    pci_conf_write(bdf, pos + MSI_CTRL, 2, ctrl);
}

void msi_set_mask(unsigned int bdf, bool msix, unsigned int entry,
                  bool masked)
{
    volatile uint32_t *e;
    unsigned int pos;
    uint32_t ctrl, bits;

    if ( msix )
    {
        e = msix_entry(bdf, entry);
        if ( e )
            e[3] = masked ? e[3] | MSIX_VECTOR_MASKED
                          : e[3] & ~MSIX_VECTOR_MASKED;
        return;
    }
    pos = pci_find_cap(bdf, PCI_CAP_ID_MSI);
    if ( !pos || entry >= MSI_MAX_VECTORS )
        return;
    ctrl = pci_conf_read(bdf, pos + MSI_CTRL, 2);
    if ( !(ctrl & MSI_CTRL_MASKBIT) )
        return;
    bits = pci_conf_read(bdf, pos + msi_mask_off(ctrl), 4);
    bits = masked ? bits | (1U << entry) : bits & ~(1U << entry);
    pci_conf_write(bdf, pos + msi_mask_off(ctrl), 4, bits);
}

/*
 * Aim a message at pCPU cpu's local APIC (its vector stays, so a message
 * already on its way lands on either CPU alike). A table entry or a
 * maskable message is masked around the address write (PCI 3.0 6.8.3.5:
 * changing an unmasked message's address is undefined); a message without
 * mask bits is rewritten as it stands, as Linux does. Multi-message MSI
 * shares one address for all its vectors: it stays where it is.
 */
void msi_set_dest(unsigned int bdf, bool msix, unsigned int entry,
                  unsigned int cpu)
{
    uint32_t addr = MSI_ADDRESS(cpu_apic_id[cpu]), ctrl, bits = 0;
    volatile uint32_t *e;
    unsigned int pos;

    if ( msix )
    {
        e = msix_entry(bdf, entry);
        if ( !e )
            return;
        bits = e[3];
        e[3] = bits | MSIX_VECTOR_MASKED;
        e[0] = addr;
        e[3] = bits;
        return;
    }
    pos = pci_find_cap(bdf, PCI_CAP_ID_MSI);
    if ( !pos )
        return;
    ctrl = pci_conf_read(bdf, pos + MSI_CTRL, 2);
    if ( ctrl & MSI_CTRL_MME )
        return;
    if ( ctrl & MSI_CTRL_MASKBIT )
    {
        bits = pci_conf_read(bdf, pos + msi_mask_off(ctrl), 4);
        pci_conf_write(bdf, pos + msi_mask_off(ctrl), 4, bits | 1);
    }
    pci_conf_write(bdf, pos + MSI_ADDR_LO, 4, addr);
    if ( ctrl & MSI_CTRL_MASKBIT )
        pci_conf_write(bdf, pos + msi_mask_off(ctrl), 4, bits);
}

void msi_release(unsigned int bdf, bool msix, unsigned int entry)
{
    unsigned int pos;

    msi_set_mask(bdf, msix, entry, true);
    if ( msix || entry )
        return;
    pos = pci_find_cap(bdf, PCI_CAP_ID_MSI);
    if ( pos )
        pci_conf_write(bdf, pos + MSI_CTRL, 2,
                       pci_conf_read(bdf, pos + MSI_CTRL, 2) &
                       ~MSI_CTRL_ENABLE);
}

int msix_protect(unsigned int bdf)
{
    unsigned int nr;
    paddr_t pa;
    int rc;

    if ( msix_table(bdf, &pa, &nr) )
        return 0;               /* no MSI-X, or no table yet */
    if ( !mmio_reachable(pa, (uint64_t)nr * MSIX_ENTRY_BYTES) )
        return 0;               /* map_pirq will refuse its entries */
    /* The BAR may have moved since: the old region goes. */
    mmio_ro_remove(MMIO_RO_MSIX, bdf);
    rc = mmio_ro_add(MMIO_RO_MSIX, pa, (uint64_t)nr * MSIX_ENTRY_BYTES, bdf);
    return rc == -EEXIST ? 0 : rc;
}

int msix_unprotect(unsigned int bdf, bool in_use)
{
    if ( in_use )
        return -EBUSY;
    mmio_ro_remove(MMIO_RO_MSIX, bdf);          /* -ENOENT: never was */
    return 0;
}

/*
 * The control word's bits the hardware domain may set: MSI enable;
 * MSI-X enable and function mask. Everything else in the capability
 * (address, data, mask bits, table location) is the hypervisor's.
 */
static bool cap_span(unsigned int bdf, unsigned int id, unsigned int *pos,
                     unsigned int *len, uint32_t *allowed)
{
    *pos = pci_find_cap(bdf, id);
    if ( !*pos )
        return false;
    if ( id == PCI_CAP_ID_MSI )
    {
        *len = msi_cap_bytes(pci_conf_read(bdf, *pos + MSI_CTRL, 2));
        *allowed = MSI_CTRL_ENABLE;
    }
    else
    {
        *len = MSIX_CAP_BYTES;
        *allowed = MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL;
    }
    return true;
}

bool msi_conf_write(unsigned int bdf, unsigned int reg, unsigned int bytes,
                    uint32_t val)
{
    static const unsigned int ids[] = { PCI_CAP_ID_MSI, PCI_CAP_ID_MSIX };
    unsigned int pos, len, i, r;
    uint32_t allowed, cur;
    bool touched = false;

    for ( i = 0; i < ARRAY_SIZE(ids) && !touched; i++ )
    {
        if ( !cap_span(bdf, ids[i], &pos, &len, &allowed) ||
             reg + bytes <= pos + 2 || reg >= pos + len )
            continue;
        touched = true;
        /* Byte by byte: the control word merged, the rest untouched. */
        for ( r = reg; r < reg + bytes; r++ )
        {
            uint8_t b = val >> (8 * (r - reg)), m;

            if ( r < pos + 2 || r >= pos + len )
            {
                pci_conf_write(bdf, r, 1, b);   /* outside the capability */
                continue;
            }
            if ( r >= pos + 4 )
                continue;                       /* the hypervisor's */
            m = allowed >> (8 * (r - pos - MSI_CTRL));
            if ( m )
            {
                cur = pci_conf_read(bdf, r, 1);
                pci_conf_write(bdf, r, 1, (cur & ~m) | (b & m));
            }
        }
    }
    return touched;
}
