/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * physdev_op sub-ops on real hardware, for the hardware domain only (any
 * other domain gets -EPERM): PIRQs for GSIs (map/unmap, setup_gsi, EOI,
 * status, the EOI bitmap page), PIRQs for MSI and MSI-X messages (msi.c
 * programs them), IO-APIC register reads, and PCI devices reported by the
 * domain (checked to exist, their MSI-X tables made read-only; nothing else
 * to do without an IOMMU). The I/O privilege sub-ops are pv/physdev.c's.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/io_apic.h>
#include <asm/ioport.h>
#include <asm/irq.h>
#include <asm/msi.h>
#include <asm/pci.h>
#include <asm/physdev.h>
#include <asm/uaccess.h>
#include <public/physdev.h>

#define COPY_OUT(arg, p) \
    (copy_to_guest_va(arg, p, sizeof(*(p))) ? -EFAULT : 0)

/* A GSI the domain may have: -EINVAL no such GSI, -EPERM not its own. */
static int check_gsi(struct domain *d, int gsi)
{
    if ( gsi < 0 || (unsigned int)gsi >= ioapic_nr_gsis() )
        return -EINVAL;
    return irq_access_permitted(d, gsi) ? 0 : -EPERM;
}

/* Only the caller's own PIRQs for now (no passthrough to other domains). */
static int check_domid(struct domain *d, domid_t domid)
{
    return domid == DOMID_SELF || domid == d->domain_id ? 0 : -EPERM;
}

/*
 * MSI (one message, or MULTI_MSI's entry_nr) or, with a table_base (as
 * Xen), MSI-X table entry entry_nr. MSI_SEG carries the segment in bus
 * bits 16-31; only segment 0 exists. index must be -1 (Linux's value).
 */
static int map_msi(struct domain *d, struct physdev_map_pirq *op)
{
    bool msix = op->table_base != 0;
    unsigned int nvec = 1, bdf;
    int rc, pirq = op->pirq;

    if ( op->devfn < 0 || op->devfn > 0xff || op->bus < 0 ||
         (op->type != MAP_PIRQ_TYPE_MSI_SEG && op->bus > 0xff) ||
         !pci_device_exists((uint32_t)op->bus >> 16, op->bus & 0xffff,
                            op->devfn) )
        return -ENODEV;
    if ( op->index != -1 || op->pirq < -1 || op->pirq >= NR_PIRQS ||
         op->entry_nr < 0 )
        return -EINVAL;
    if ( op->type == MAP_PIRQ_TYPE_MULTI_MSI )
    {
        if ( msix )
            return -EINVAL;
        nvec = op->entry_nr;
    }
    bdf = PCI_SBDF(op->bus & 0xff, op->devfn);
    rc = msi_check(bdf, msix, msix ? op->entry_nr : 0, nvec, op->table_base);
    if ( !rc && msix )
        rc = msix_protect(bdf);
    if ( !rc )
        rc = pirq_map_msi(d, bdf, msix, msix ? op->entry_nr : 0, nvec, &pirq);
    if ( rc )
        return rc;
    op->pirq = pirq;
    return 0;
}

static long map_pirq(struct domain *d, unsigned long arg)
{
    struct physdev_map_pirq op;
    int rc, pirq;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    rc = check_domid(d, op.domid);
    if ( rc )
        return rc;
    switch ( op.type )
    {
    case MAP_PIRQ_TYPE_GSI:
        rc = check_gsi(d, op.index);
        if ( rc )
            return rc;
        if ( op.pirq < -1 || op.pirq >= NR_PIRQS )
            return -EINVAL;
        pirq = op.pirq;
        rc = pirq_map_gsi(d, op.index, &pirq);
        if ( rc )
            return rc;
        op.pirq = pirq;
        return COPY_OUT(arg, &op);
    case MAP_PIRQ_TYPE_MSI:
    case MAP_PIRQ_TYPE_MSI_SEG:
    case MAP_PIRQ_TYPE_MULTI_MSI:
        return map_msi(d, &op) ?: COPY_OUT(arg, &op);
    }
    return -EINVAL;
}

static long unmap_pirq(struct domain *d, unsigned long arg)
{
    struct physdev_unmap_pirq op;
    int rc;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    rc = check_domid(d, op.domid);
    if ( rc )
        return rc;
    if ( op.pirq < 0 || op.pirq >= NR_PIRQS )
        return -EINVAL;
    return pirq_unmap(d, op.pirq);
}

static long setup_gsi(struct domain *d, unsigned long arg)
{
    struct physdev_setup_gsi op;
    int rc;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    rc = check_gsi(d, op.gsi);
    if ( rc )
        return rc;
    if ( op.triggering > 1 || op.polarity > 1 )
        return -EINVAL;
    return gsi_setup(op.gsi, op.triggering, op.polarity);
}

static long eoi(struct domain *d, unsigned long arg)
{
    struct physdev_eoi op;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    return op.irq >= NR_PIRQS ? -EINVAL : pirq_eoi(d, op.irq);
}

static long irq_status_query(struct domain *d, unsigned long arg)
{
    struct physdev_irq_status_query op;
    int rc;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.irq >= NR_PIRQS )
        return -EINVAL;
    rc = pirq_status(d, op.irq, &op.flags);
    return rc ?: COPY_OUT(arg, &op);
}

static long get_free_pirq(struct domain *d, unsigned long arg)
{
    struct physdev_get_free_pirq op;
    int rc;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.type != MAP_PIRQ_TYPE_GSI && op.type != MAP_PIRQ_TYPE_MSI &&
         op.type != MAP_PIRQ_TYPE_MSI_SEG && op.type != MAP_PIRQ_TYPE_MULTI_MSI )
        return -EINVAL;
    rc = pirq_get_free(d, op.type != MAP_PIRQ_TYPE_GSI);
    if ( rc < 0 )
        return rc;
    op.pirq = rc;
    return COPY_OUT(arg, &op);
}

/* Xen's convention: the "vector" of a GSI is the GSI itself. */
static long alloc_irq_vector(struct domain *d, unsigned long arg)
{
    struct physdev_irq op;
    int rc;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    rc = check_gsi(d, op.irq > INT32_MAX ? -1 : (int)op.irq);
    if ( rc )
        return rc;
    op.vector = op.irq;
    return COPY_OUT(arg, &op);
}

static long apic_read(struct domain *d, unsigned long arg)
{
    struct physdev_apic op;
    int rc;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.reg > 0xff )
        return -EINVAL;
    rc = ioapic_reg_read(op.apic_physbase, op.reg, &op.value);
    return rc ?: COPY_OUT(arg, &op);
}

static long eoi_gmfn(struct domain *d, unsigned long arg)
{
    struct physdev_pirq_eoi_gmfn op;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    return pirq_set_eoi_map(d, op.gmfn);
}

/* A PCI function the domain reports: it must exist; MSI-X goes read-only. */
static int check_device(unsigned int seg, unsigned int bus, unsigned int devfn)
{
    if ( !pci_device_exists(seg, bus, devfn) )
        return -ENODEV;
    return msix_protect(PCI_SBDF(bus, devfn));
}

static long pci_device_add(unsigned long arg)
{
    struct physdev_pci_device_add op;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.flags & ~(XEN_PCI_DEV_EXTFN | XEN_PCI_DEV_VIRTFN | XEN_PCI_DEV_PXM) )
        return -EINVAL;
    return check_device(op.seg, op.bus, op.devfn);
}

static long pci_device(unsigned long arg)
{
    struct physdev_pci_device op;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    return check_device(op.seg, op.bus, op.devfn);
}

/* PHYSDEVOP_release_msix: the table writable again, unless in use. */
static long release_msix(struct domain *d, unsigned long arg)
{
    struct physdev_pci_device op;
    unsigned int bdf;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( !pci_device_exists(op.seg, op.bus, op.devfn) )
        return -ENODEV;
    bdf = PCI_SBDF(op.bus, op.devfn);
    return msix_unprotect(bdf, pirq_msix_in_use(d, bdf));
}

static long manage_pci(unsigned long arg)
{
    struct physdev_manage_pci op;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    return check_device(0, op.bus, op.devfn);
}

static long manage_pci_ext(unsigned long arg)
{
    struct physdev_manage_pci_ext op;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.is_virtfn && check_device(0, op.physfn.bus, op.physfn.devfn) )
        return -ENODEV;
    return check_device(0, op.bus, op.devfn);
}

/* An ECAM region (the MCFG's, as Linux read it): read-only to the domain. */
static long mmcfg_reserved(unsigned long arg)
{
    struct physdev_pci_mmcfg_reserved op;

    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.flags & ~XEN_PCI_MMCFG_RESERVED )
        return -EINVAL;
    return pci_mmcfg_add(op.address, op.segment, op.start_bus, op.end_bus);
}

long arch_physdev_op(unsigned int cmd, unsigned long arg)
{
    struct domain *d = current->domain;

    if ( d != hardware_domain )
        return -EPERM;
    switch ( cmd )
    {
    case PHYSDEVOP_map_pirq:            return map_pirq(d, arg);
    case PHYSDEVOP_unmap_pirq:          return unmap_pirq(d, arg);
    case PHYSDEVOP_setup_gsi:           return setup_gsi(d, arg);
    case PHYSDEVOP_eoi:                 return eoi(d, arg);
    case PHYSDEVOP_irq_status_query:    return irq_status_query(d, arg);
    case PHYSDEVOP_get_free_pirq:       return get_free_pirq(d, arg);
    case PHYSDEVOP_alloc_irq_vector:    return alloc_irq_vector(d, arg);
    case PHYSDEVOP_apic_read:           return apic_read(d, arg);
    case PHYSDEVOP_apic_write:          return -EPERM;
    case PHYSDEVOP_pirq_eoi_gmfn_v2:    return eoi_gmfn(d, arg);
    case PHYSDEVOP_pci_device_add:      return pci_device_add(arg);
    case PHYSDEVOP_pci_device_remove:
    case PHYSDEVOP_restore_msi_ext:
    case PHYSDEVOP_prepare_msix:        return pci_device(arg);
    case PHYSDEVOP_release_msix:        return release_msix(d, arg);
    case PHYSDEVOP_manage_pci_add:
    case PHYSDEVOP_manage_pci_remove:
    case PHYSDEVOP_restore_msi:         return manage_pci(arg);
    case PHYSDEVOP_manage_pci_add_ext:  return manage_pci_ext(arg);
    case PHYSDEVOP_pci_mmcfg_reserved:  return mmcfg_reserved(arg);
    }
    return -ENOSYS;
}
