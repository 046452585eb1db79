/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interrupts: the local interrupt flag, the legacy 8259s (kept masked), and
 * device interrupts (IO-APIC pins, MSI and MSI-X messages) as PIRQs of the
 * domain that mapped them, delivered through the event channel bound to
 * each (see asm/irq.h).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/irq.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/io_apic.h>
#include <asm/irq.h>
#include <asm/mm.h>
#include <asm/msi.h>
#include <asm/page_info.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <public/physdev.h>

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

/* ---- Device interrupts --------------------------------------------------- */

#define FIRST_DEVICE_VECTOR 0x30
#define LAST_DEVICE_VECTOR  0xdf
#define MAX_GSIS            256

enum pirq_kind { PIRQ_NONE, PIRQ_GSI, PIRQ_MSI, PIRQ_MSIX };

struct pirq {
    uint8_t kind;               /* enum pirq_kind; PIRQ_NONE: not mapped */
    int gsi;                    /* PIRQ_GSI: its GSI, else -1 */
    uint16_t bdf, entry;        /* MSI: function, message/table entry */
    uint8_t vector;
    bool level;
    bool in_flight;             /* level: masked until the guest's EOI */
    uint32_t port;              /* bound event channel, 0 none */
};

struct pirq_table {
    struct pirq p[NR_PIRQS];
    mfn_t eoi_mfn;              /* PHYSDEVOP_pirq_eoi_gmfn_v2, or invalid */
    unsigned long *eoi_map;
};

/* Who owns each device vector and each GSI's mode; under irq_lock. */
static struct {
    struct domain *d;
    unsigned int pirq;
} vector_owner[256];
static struct {
    uint8_t vector;             /* 0: not mapped */
    bool configured, level, low;
} gsi_state[MAX_GSIS];
static DEFINE_SPINLOCK(irq_lock);

static struct pirq *pirq_of(struct domain *d, unsigned int pirq)
{
    if ( !d->arch.pirqs || pirq >= NR_PIRQS )
        return NULL;
    return &d->arch.pirqs->p[pirq];
}

static void eoi_bit(struct domain *d, unsigned int pirq, bool set)
{
    unsigned long *map = d->arch.pirqs->eoi_map;
    unsigned long m = 1UL << (pirq % 64);

    if ( !map )
        return;
    if ( set )
        __atomic_fetch_or(&map[pirq / 64], m, __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&map[pirq / 64], ~m, __ATOMIC_SEQ_CST);
}

static int alloc_table(struct domain *d)
{
    struct pirq_table *t;

    if ( d->arch.pirqs )
        return 0;
    t = xmalloc(struct pirq_table);
    if ( !t )
        return -ENOMEM;
    for ( unsigned int i = 0; i < NR_PIRQS; i++ )
        t->p[i] = (struct pirq){ .kind = PIRQ_NONE, .gsi = -1 };
    t->eoi_mfn = INVALID_MFN;
    d->arch.pirqs = t;
    return 0;
}

static int alloc_vector(void)
{
    for ( unsigned int v = FIRST_DEVICE_VECTOR; v <= LAST_DEVICE_VECTOR; v++ )
        if ( !vector_owner[v].d )
            return v;
    return -ENOSPC;
}

/* Lowest free PIRQ from 16 (0-15 stay the ISA IRQs' own numbers). */
static int free_pirq(struct domain *d)
{
    for ( unsigned int i = 16; i < NR_PIRQS; i++ )
        if ( !d->arch.pirqs->p[i].kind )
            return i;
    return -ENOSPC;
}

/* Mask or unmask what raises p: its IO-APIC pin or its MSI message. */
static void pirq_mask(const struct pirq *p, bool masked)
{
    if ( p->kind == PIRQ_GSI )
        masked ? ioapic_mask(p->gsi) : ioapic_unmask(p->gsi);
    else
        msi_set_mask(p->bdf, p->kind == PIRQ_MSIX, p->entry, masked);
}

static void gsi_mode(unsigned int gsi, bool *level, bool *low)
{
    if ( gsi_state[gsi].configured )
    {
        *level = gsi_state[gsi].level;
        *low = gsi_state[gsi].low;
    }
    else
        ioapic_gsi_default_mode(gsi, level, low);
}

/* Checks for pirq_map_gsi, irq_lock held: the PIRQ number to use. */
static int map_gsi_pirq(struct domain *d, unsigned int gsi, int want)
{
    int owner_pirq = gsi_state[gsi].vector
                     ? (int)vector_owner[gsi_state[gsi].vector].pirq : -1;

    if ( gsi_state[gsi].vector )
    {
        /* Already mapped: fine for the same domain and PIRQ. */
        if ( vector_owner[gsi_state[gsi].vector].d != d ||
             (want >= 0 && want != owner_pirq) )
            return -EEXIST;
        return owner_pirq;
    }
    if ( want >= NR_PIRQS )
        return -EINVAL;
    if ( want < 0 )
        want = gsi < NR_PIRQS && !d->arch.pirqs->p[gsi].kind
               ? (int)gsi : free_pirq(d);
    else if ( d->arch.pirqs->p[want].kind )
        return -EEXIST;
    return want;
}

int pirq_map_gsi(struct domain *d, unsigned int gsi, int *pirq)
{
    unsigned long flags;
    struct pirq *p;
    bool level, low;
    int rc, vec;

    if ( gsi >= MAX_GSIS || gsi >= ioapic_nr_gsis() )
        return -EINVAL;
    rc = alloc_table(d);
    if ( rc )
        return rc;
    spin_lock_irqsave(&irq_lock, flags);
    rc = map_gsi_pirq(d, gsi, *pirq);
    if ( rc < 0 || gsi_state[gsi].vector )
        goto out;
    vec = alloc_vector();
    if ( vec < 0 )
    {
        rc = vec;
        goto out;
    }
    p = &d->arch.pirqs->p[rc];
    gsi_mode(gsi, &level, &low);
    p->kind = PIRQ_GSI;
    p->gsi = gsi;
    p->vector = vec;
    p->level = level;
    p->in_flight = false;
    p->port = 0;
    vector_owner[vec].d = d;
    vector_owner[vec].pirq = rc;
    gsi_state[gsi].vector = vec;
    ioapic_route(gsi, vec, level, low);         /* masked until bound */
 out:
    spin_unlock_irqrestore(&irq_lock, flags);
    if ( rc >= 0 )
    {
        *pirq = rc;
        rc = 0;
    }
    return rc;
}

/* nvec free vectors aligned to nvec (multi-message MSI: low bits vary). */
static int alloc_vector_block(unsigned int nvec)
{
    unsigned int v = ROUNDUP(FIRST_DEVICE_VECTOR, nvec), i;

    for ( ; v + nvec - 1 <= LAST_DEVICE_VECTOR; v += nvec )
    {
        for ( i = 0; i < nvec && !vector_owner[v + i].d; i++ )
            ;
        if ( i == nvec )
            return v;
    }
    return -ENOSPC;
}

/*
 * nvec free PIRQs from want (>= 0) or, as Xen does for MSI, the highest
 * free block (irq_lock held).
 */
static int msi_pirqs(struct domain *d, int want, unsigned int nvec)
{
    int top = want >= 0 ? want : (int)(NR_PIRQS - nvec);
    unsigned int i;

    if ( want >= 0 && (want < 16 || want > (int)(NR_PIRQS - nvec)) )
        return -EINVAL;
    for ( int b = top; b >= 16; b-- )
    {
        for ( i = 0; i < nvec && !d->arch.pirqs->p[b + i].kind; i++ )
            ;
        if ( i == nvec )
            return b;
        if ( want >= 0 )
            return -EEXIST;
    }
    return -ENOSPC;
}

/* Is a message of bdf (kind, entries [entry, entry + n)) mapped in d? */
static bool msi_mapped(struct domain *d, unsigned int bdf, uint8_t kind,
                       unsigned int entry, unsigned int n)
{
    for ( unsigned int i = 0; i < NR_PIRQS; i++ )
    {
        const struct pirq *p = &d->arch.pirqs->p[i];

        if ( p->kind == kind && p->bdf == bdf && p->entry >= entry &&
             p->entry < entry + n )
            return true;
    }
    return false;
}

int pirq_map_msi(struct domain *d, unsigned int bdf, bool msix,
                 unsigned int entry, unsigned int nvec, int *pirq)
{
    uint8_t kind = msix ? PIRQ_MSIX : PIRQ_MSI;
    unsigned long flags;
    int rc, vec;

    if ( *pirq >= NR_PIRQS || !nvec || nvec > MSI_MAX_VECTORS ||
         (msix && nvec != 1) )
        return -EINVAL;
    rc = alloc_table(d);
    if ( rc )
        return rc;
    spin_lock_irqsave(&irq_lock, flags);
    rc = -EEXIST;
    if ( msi_mapped(d, bdf, kind, msix ? entry : 0,
                    msix ? 1 : MSI_MAX_VECTORS) )
        goto out;
    rc = msi_pirqs(d, *pirq, nvec);
    if ( rc < 0 )
        goto out;
    vec = alloc_vector_block(nvec);
    if ( vec < 0 )
    {
        rc = vec;
        goto out;
    }
    for ( unsigned int i = 0; i < nvec; i++ )
    {
        d->arch.pirqs->p[rc + i] = (struct pirq){
            .kind = kind, .gsi = -1, .bdf = bdf, .entry = msix ? entry : i,
            .vector = vec + i };
        vector_owner[vec + i].d = d;
        vector_owner[vec + i].pirq = rc + i;
    }
    msi_program(bdf, msix, entry, nvec, vec);   /* masked until bound */
 out:
    spin_unlock_irqrestore(&irq_lock, flags);
    if ( rc >= 0 )
    {
        *pirq = rc;
        rc = 0;
    }
    return rc;
}

bool pirq_msix_in_use(struct domain *d, unsigned int bdf)
{
    unsigned long flags;
    bool used;

    if ( !d->arch.pirqs )
        return false;
    spin_lock_irqsave(&irq_lock, flags);
    used = msi_mapped(d, bdf, PIRQ_MSIX, 0, 0x10000);
    spin_unlock_irqrestore(&irq_lock, flags);
    return used;
}

/* Take pirq's vector and GSI or message back (irq_lock held). */
static void unmap_locked(struct pirq *p)
{
    if ( p->kind == PIRQ_GSI )
    {
        ioapic_mask(p->gsi);
        gsi_state[p->gsi].vector = 0;
    }
    else
        msi_release(p->bdf, p->kind == PIRQ_MSIX, p->entry);
    vector_owner[p->vector].d = NULL;
    p->kind = PIRQ_NONE;
    p->gsi = -1;
    p->vector = 0;
    p->in_flight = false;
}

int pirq_unmap(struct domain *d, unsigned int pirq)
{
    unsigned long flags;
    struct pirq *p;
    int rc = -EINVAL;

    spin_lock_irqsave(&irq_lock, flags);
    p = pirq_of(d, pirq);
    if ( !p || !p->kind )
        goto out;
    rc = -EBUSY;
    if ( p->port )
        goto out;
    unmap_locked(p);
    rc = 0;
 out:
    spin_unlock_irqrestore(&irq_lock, flags);
    return rc;
}

int pirq_get_free(struct domain *d, bool msi)
{
    unsigned long flags;
    int rc = alloc_table(d);

    if ( rc )
        return rc;
    spin_lock_irqsave(&irq_lock, flags);
    rc = msi ? msi_pirqs(d, -1, 1) : free_pirq(d);
    spin_unlock_irqrestore(&irq_lock, flags);
    return rc;
}

int pirq_gsi(struct domain *d, unsigned int pirq)
{
    unsigned long flags;
    struct pirq *p;
    int gsi;

    spin_lock_irqsave(&irq_lock, flags);
    p = pirq_of(d, pirq);
    gsi = p ? p->gsi : -1;
    spin_unlock_irqrestore(&irq_lock, flags);
    return gsi;
}

int pirq_guest_check(struct domain *d, unsigned int pirq)
{
    unsigned long flags;
    struct pirq *p;
    int rc = -EINVAL;

    if ( pirq >= NR_PIRQS )
        return -EINVAL;
    spin_lock_irqsave(&irq_lock, flags);
    p = pirq_of(d, pirq);
    rc = !p || !p->kind ? -EPERM : p->port ? -EEXIST : 0;
    spin_unlock_irqrestore(&irq_lock, flags);
    return rc;
}

int pirq_guest_bind(struct domain *d, unsigned int pirq, uint32_t port,
                    bool will_share)
{
    unsigned long flags;
    struct pirq *p;
    int rc = -EINVAL;

    spin_lock_irqsave(&irq_lock, flags);
    p = pirq_of(d, pirq);
    if ( !p || !p->kind )
        goto out;
    rc = -EEXIST;
    if ( p->port )
        goto out;
    p->port = port;
    eoi_bit(d, pirq, p->level);
    if ( !p->in_flight )
        pirq_mask(p, false);
    rc = 0;
 out:
    spin_unlock_irqrestore(&irq_lock, flags);
    return rc;
}

void pirq_guest_unbind(struct domain *d, unsigned int pirq, uint32_t port)
{
    unsigned long flags;
    struct pirq *p;

    spin_lock_irqsave(&irq_lock, flags);
    p = pirq_of(d, pirq);
    if ( p && p->kind && p->port == port )
    {
        pirq_mask(p, true);
        p->port = 0;
        p->in_flight = false;
        eoi_bit(d, pirq, false);
    }
    spin_unlock_irqrestore(&irq_lock, flags);
}

void pirq_guest_set_cpu(struct domain *d, unsigned int pirq, uint32_t port,
                        unsigned int cpu)
{
    unsigned long flags;
    struct pirq *p;

    if ( !cpu_online(cpu) )
        return;
    spin_lock_irqsave(&irq_lock, flags);
    p = pirq_of(d, pirq);
    if ( p && p->kind && p->port == port )
    {
        if ( p->kind == PIRQ_GSI )
            ioapic_set_dest(p->gsi, cpu);
        else
            msi_set_dest(p->bdf, p->kind == PIRQ_MSIX, p->entry, cpu);
    }
    spin_unlock_irqrestore(&irq_lock, flags);
}

int pirq_eoi(struct domain *d, unsigned int pirq)
{
    unsigned long flags;
    struct pirq *p;
    int rc = -EINVAL;

    spin_lock_irqsave(&irq_lock, flags);
    p = pirq_of(d, pirq);
    if ( !p || !p->kind )
        goto out;
    if ( p->in_flight )
    {
        p->in_flight = false;
        if ( p->port )
            pirq_mask(p, false);
    }
    rc = 0;
 out:
    spin_unlock_irqrestore(&irq_lock, flags);
    return rc;
}

int pirq_status(struct domain *d, unsigned int pirq, uint32_t *flags_out)
{
    unsigned long flags;
    struct pirq *p;
    int rc = -EINVAL;

    spin_lock_irqsave(&irq_lock, flags);
    p = pirq_of(d, pirq);
    if ( p && p->kind )
    {
        *flags_out = p->level ? XENIRQSTAT_needs_eoi : 0;
        rc = 0;
    }
    spin_unlock_irqrestore(&irq_lock, flags);
    return rc;
}

int gsi_setup(unsigned int gsi, bool level, bool low)
{
    unsigned long flags;
    int rc = -EINVAL;

    if ( gsi >= MAX_GSIS || gsi >= ioapic_nr_gsis() )
        return -EINVAL;
    if ( gsi < 16 )
        return -EEXIST;                 /* the MADT said how; keep it */
    spin_lock_irqsave(&irq_lock, flags);
    gsi_state[gsi].configured = true;
    gsi_state[gsi].level = level;
    gsi_state[gsi].low = low;
    rc = 0;
    if ( gsi_state[gsi].vector )
    {
        /* Already mapped: reprogram the pin (masked; unmasked if bound). */
        unsigned int vec = gsi_state[gsi].vector;
        struct pirq *p = pirq_of(vector_owner[vec].d, vector_owner[vec].pirq);

        p->level = level;
        ioapic_route(gsi, vec, level, low);
        if ( p->port && !p->in_flight )
            ioapic_unmask(gsi);
    }
    spin_unlock_irqrestore(&irq_lock, flags);
    return rc;
}

int gsi_vector(struct domain *d, unsigned int gsi)
{
    unsigned long flags;
    int rc = -EINVAL;

    if ( gsi >= MAX_GSIS )
        return -EINVAL;
    spin_lock_irqsave(&irq_lock, flags);
    if ( gsi_state[gsi].vector && vector_owner[gsi_state[gsi].vector].d == d )
        rc = gsi_state[gsi].vector;
    spin_unlock_irqrestore(&irq_lock, flags);
    return rc;
}

int pirq_set_eoi_map(struct domain *d, unsigned long gmfn)
{
    mfn_t mfn = _mfn(gmfn);
    unsigned long flags;
    int rc = alloc_table(d);

    if ( rc )
        return rc;
    if ( !mfn_eq(d->arch.pirqs->eoi_mfn, INVALID_MFN) )
        return -EBUSY;
    if ( !mfn_valid(mfn) ||
         get_page_and_type(mfn_to_page(mfn), d, PGT_writable_page) )
        return -EINVAL;
    spin_lock_irqsave(&irq_lock, flags);
    if ( !mfn_eq(d->arch.pirqs->eoi_mfn, INVALID_MFN) )
        rc = -EBUSY;
    else
    {
        d->arch.pirqs->eoi_mfn = mfn;
        /* The guest's page as it is (Linux gives a zeroed one), as Xen. */
        d->arch.pirqs->eoi_map = mfn_to_virt(mfn);
        for ( unsigned int i = 0; i < NR_PIRQS; i++ )
            if ( d->arch.pirqs->p[i].port && d->arch.pirqs->p[i].level )
                eoi_bit(d, i, true);
    }
    spin_unlock_irqrestore(&irq_lock, flags);
    if ( rc )
        put_page_and_type(mfn_to_page(mfn));
    return rc;
}

void pirq_domain_release(struct domain *d)
{
    struct pirq_table *t = d->arch.pirqs;
    unsigned long flags;
    mfn_t mfn;

    if ( !t )
        return;
    spin_lock_irqsave(&irq_lock, flags);
    for ( unsigned int i = 0; i < NR_PIRQS; i++ )
        if ( t->p[i].kind )
            unmap_locked(&t->p[i]);
    mfn = t->eoi_mfn;
    t->eoi_mfn = INVALID_MFN;
    t->eoi_map = NULL;
    d->arch.pirqs = NULL;
    spin_unlock_irqrestore(&irq_lock, flags);
    if ( !mfn_eq(mfn, INVALID_MFN) )
        put_page_and_type(mfn_to_page(mfn));
    xfree(t);
}

/*
 * A device vector: a level pin is masked before the local APIC's EOI
 * clears its remote IRR, and stays masked until the guest's PHYSDEVOP_eoi.
 * The event is raised after irq_lock is dropped (event locks come first
 * when a port closes).
 */
bool irq_do_device(unsigned int vec)
{
    struct domain *d;
    struct pirq *p;
    uint32_t port = 0;

    if ( vec < FIRST_DEVICE_VECTOR || vec > LAST_DEVICE_VECTOR )
        return false;
    spin_lock(&irq_lock);
    d = vector_owner[vec].d;
    p = d ? pirq_of(d, vector_owner[vec].pirq) : NULL;
    if ( p && p->kind )
    {
        if ( p->level || !p->port )
            pirq_mask(p, true);
        p->in_flight = p->level;
        port = p->port;
    }
    spin_unlock(&irq_lock);
    apic_eoi();
    if ( port )
        evtchn_raise(d, port);
    return true;
}
