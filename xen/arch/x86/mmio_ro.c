/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Read-only I/O memory: regions the hardware domain reads directly but
 * whose writes trap (guest L1 entries to their frames lose _PAGE_RW, see
 * pv/pt_validate.c) and come here: an MSI-X table's writes are dropped (the
 * hypervisor owns address, data and mask), a configuration space write by
 * ECAM goes through the same filter as port 0xcfc, and the rest of a
 * shared frame (a PBA, other registers) is written as asked. A small fixed
 * table under one lock; lookups are by frame.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <asm/directmap.h>
#include <asm/ioport.h>
#include <asm/ioport.h>
#include <asm/mmio_ro.h>

#define MMIO_RO_MAX 64

static struct region {
    bool used;
    enum mmio_ro_kind kind;
    unsigned int tag;
    paddr_t s, e;               /* [s, e) */
} regions[MMIO_RO_MAX];
static DEFINE_SPINLOCK(mmio_ro_lock);

int mmio_ro_add(enum mmio_ro_kind kind, paddr_t pa, uint64_t len,
                unsigned int tag)
{
    unsigned long flags;
    struct region *free = NULL;
    int rc = 0;

    if ( !len || pa + len < pa || pa + len > (1UL << 32) )
        return -EINVAL;
    spin_lock_irqsave(&mmio_ro_lock, flags);
    for ( unsigned int i = 0; i < MMIO_RO_MAX; i++ )
    {
        struct region *r = &regions[i];

        if ( !r->used )
        {
            free = free ?: r;
            continue;
        }
        if ( r->kind == kind && r->tag == tag )
        {
            /* The same region again, or part of it (ECAM bus ranges). */
            rc = r->s <= pa && pa + len <= r->e ? -EEXIST : -EBUSY;
            goto out;
        }
    }
    rc = -ENOSPC;
    if ( free )
    {
        *free = (struct region){ true, kind, tag, pa, pa + len };
        rc = 0;
    }
 out:
    spin_unlock_irqrestore(&mmio_ro_lock, flags);
    return rc;
}

int mmio_ro_remove(enum mmio_ro_kind kind, unsigned int tag)
{
    unsigned long flags;
    int rc = -ENOENT;

    spin_lock_irqsave(&mmio_ro_lock, flags);
    for ( unsigned int i = 0; i < MMIO_RO_MAX; i++ )
        if ( regions[i].used && regions[i].kind == kind &&
             regions[i].tag == tag )
        {
            regions[i].used = false;
            rc = 0;
        }
    spin_unlock_irqrestore(&mmio_ro_lock, flags);
    return rc;
}

/* The region holding [pa, pa + bytes) (lock held), or NULL. */
static struct region *find(paddr_t pa, unsigned int bytes)
{
    for ( unsigned int i = 0; i < MMIO_RO_MAX; i++ )
        if ( regions[i].used && pa < regions[i].e &&
             pa + bytes > regions[i].s )
            return &regions[i];
    return NULL;
}

bool mmio_ro_frame(unsigned long mfn)
{
    unsigned long flags;
    bool ro;

    spin_lock_irqsave(&mmio_ro_lock, flags);
    ro = find((paddr_t)mfn << PAGE_SHIFT, PAGE_SIZE) != NULL;
    spin_unlock_irqrestore(&mmio_ro_lock, flags);
    return ro;
}

static void mmio_write(paddr_t pa, unsigned int bytes, uint64_t val)
{
    void *p = __va(pa);

    switch ( bytes )
    {
    case 1: *(volatile uint8_t *)p = val; break;
    case 2: *(volatile uint16_t *)p = val; break;
    case 4: *(volatile uint32_t *)p = val; break;
    case 8: *(volatile uint64_t *)p = val; break;
    }
}

/*
 * ECAM (PCI Express 3.0 section 7.2.2): bus, device, function and register
 * in the offset. The standard header and capabilities (< 256, where MSI
 * lives) go through the 0xcfc filter; the extended space is written as is.
 */
static void ecam_write(struct domain *d, const struct region *r, paddr_t pa,
                       unsigned int bytes, uint64_t val)
{
    uint64_t off = pa - r->s;
    unsigned int bdf = ((r->tag + (off >> 20)) << 8) | ((off >> 12) & 0xff);
    unsigned int reg = off & 0xfff;

    if ( reg >= 256 )
        mmio_write(pa, bytes, val);
    else if ( bytes == 8 )
    {
        pci_guest_conf_write(d, bdf, reg, 4, val);
        pci_guest_conf_write(d, bdf, reg + 4, 4, val >> 32);
    }
    else
        pci_guest_conf_write(d, bdf, reg, bytes, val);
}

bool mmio_ro_write(struct domain *d, paddr_t pa, unsigned int bytes,
                   uint64_t val)
{
    unsigned long flags;
    struct region *r, copy;

    if ( (bytes & (bytes - 1)) || bytes > 8 || (pa & (bytes - 1)) ||
         pa + bytes > (1UL << 32) )
        return false;
    spin_lock_irqsave(&mmio_ro_lock, flags);
    r = find(pa, bytes);
    copy = r ? *r : (struct region){ false };
    if ( !r && !find(pa & PAGE_MASK, PAGE_SIZE) )
    {
        spin_unlock_irqrestore(&mmio_ro_lock, flags);
        return false;
    }
    spin_unlock_irqrestore(&mmio_ro_lock, flags);

    if ( !copy.used )
        mmio_write(pa, bytes, val);     /* the frame's other registers */
    else if ( copy.kind == MMIO_RO_ECAM )
        ecam_write(d, &copy, pa, bytes, val);
    else
        gprintk_ratelimited("d%u: write to the MSI-X table of "
                            "%02x:%02x.%u dropped\n", d->domain_id,
                            copy.tag >> 8, (copy.tag >> 3) & 0x1f,
                            copy.tag & 7);
    return true;
}
