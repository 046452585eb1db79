/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical IRQs (arch/x86/irq.c) and the physdev_op hardware sub-ops
 * (arch/x86/physdev.c) on the host, with a fake IO-APIC recording each
 * pin's route and mask, a fake event-channel raise and a fake PCI bus:
 * validation and errors of every sub-op, -EPERM for a non-hardware domain,
 * a GSI mapped to a PIRQ (again: same PIRQ), pins masked until bound, a
 * level pin masked from delivery to the guest's EOI, an edge pin never,
 * unbind masks, unmap refuses while bound, the EOI bitmap page; MSI and
 * MSI-X on a fake function (PIRQs from the top down, a vector per message,
 * masked until bound, released on unmap, release_msix refused while used);
 * a bound PIRQ's source aimed at another pCPU (pirq_guest_set_cpu).
 */
#include "harness.h"
#include <stdlib.h>
#include <string.h>
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/irq.h>
#include <xen/rangeset.h>
#include <xen/sched.h>
#include <asm/io_apic.h>
#include <asm/ioport.h>
#include <asm/irq.h>
#include <asm/mm.h>
#include <asm/msi.h>
#include <asm/pci.h>
#include <asm/physdev.h>
#include <public/physdev.h>

struct vcpu *unit_current_vcpu;
struct cpu_user_regs unit_guest_regs;
struct domain *hardware_domain;
unsigned long cpu_online_map = 0x3;         /* pCPUs 0 and 1 */
struct page_info *frame_table;
unsigned long max_page;
uint8_t *unit_frame_mem;

static struct domain dom0, domu;
static struct vcpu v0, vu;

/* ---- fakes --------------------------------------------------------------- */

#define NR_GSIS 24
static struct {
    unsigned int vector, cpu;
    bool level, low, masked;
} pin[NR_GSIS];
static unsigned int eois, raised_port;

void ioapic_route(unsigned int gsi, unsigned int vector, bool level, bool low)
{
    pin[gsi] = (typeof(pin[0])){ vector, 0, level, low, true };
}
void ioapic_set_dest(unsigned int gsi, unsigned int cpu) { pin[gsi].cpu = cpu; }
void ioapic_mask(unsigned int gsi) { pin[gsi].masked = true; }
void ioapic_unmask(unsigned int gsi) { pin[gsi].masked = false; }
unsigned int ioapic_nr_gsis(void) { return NR_GSIS; }

/* GSIs 5, 9-11 level/high (QEMU's overrides), 16+ level/low. */
void ioapic_gsi_default_mode(unsigned int gsi, bool *level, bool *low)
{
    *level = gsi == 5 || (gsi >= 9 && gsi <= 11) || gsi >= 16;
    *low = gsi >= 16;
}

int ioapic_reg_read(paddr_t base, unsigned int reg, uint32_t *val)
{
    if ( base != 0xfec00000 )
        return -EINVAL;
    *val = reg == 1 ? 0x00170020 : 0;
    return 0;
}

void apic_eoi(void) { eois++; }

int evtchn_raise(struct domain *d, uint32_t port)
{
    raised_port = port;
    return 0;
}

bool irq_access_permitted(const struct domain *d, unsigned int gsi)
{
    return rangeset_contains_singleton(&d->arch.irq_caps, gsi);
}

/* One bus: 00:00.0 and 00:03.0 exist. */
bool pci_device_exists(unsigned int seg, unsigned int bus, unsigned int devfn)
{
    return seg == 0 && bus == 0 && (devfn == 0 || devfn == PCI_DEVFN(3, 0));
}

/*
 * 00:03.0 has MSI (4 messages, maskable) and MSI-X (8 entries, table in
 * BAR 2 at 0xfebf0000); 00:00.0 has neither. Each message's vector and
 * mask, whether MSI is enabled, the MSI-X table protection.
 */
#define MSIX_BAR 0xfebf0000UL
static struct {
    unsigned int vector, cpu;
    bool masked;
} fake_msi[4], fake_msix[8];
static bool msi_enabled, msix_ro;
static unsigned int msi_nvec;

int msi_check(unsigned int bdf, bool msix, unsigned int entry,
              unsigned int nvec, uint64_t table_base)
{
    if ( bdf != PCI_DEVFN(3, 0) )
        return bdf == 0 ? -ENXIO : -ENODEV;
    if ( msix )
        return nvec != 1 || entry >= 8 ||
               (table_base && table_base != MSIX_BAR) ? -EINVAL : 0;
    return entry || !nvec || (nvec & (nvec - 1)) || nvec > 4 ? -EINVAL : 0;
}

void msi_program(unsigned int bdf, bool msix, unsigned int entry,
                 unsigned int nvec, unsigned int vector)
{
    if ( msix )
    {
        fake_msix[entry].vector = vector;
        fake_msix[entry].cpu = 0;
        fake_msix[entry].masked = true;
        return;
    }
    msi_nvec = nvec;
    msi_enabled = true;         /* as if the guest then set the enable bit */
    for ( unsigned int i = 0; i < nvec; i++ )
        fake_msi[i] = (typeof(fake_msi[0])){ vector + i, 0, true };
}

void msi_set_mask(unsigned int bdf, bool msix, unsigned int entry,
                  bool masked)
{
    (msix ? fake_msix : fake_msi)[entry].masked = masked;
}

void msi_set_dest(unsigned int bdf, bool msix, unsigned int entry,
                  unsigned int cpu)
{
    (msix ? fake_msix : fake_msi)[entry].cpu = cpu;
}

void msi_release(unsigned int bdf, bool msix, unsigned int entry)
{
    msi_set_mask(bdf, msix, entry, true);
    if ( !msix && !entry )
        msi_enabled = false;
}

int msix_protect(unsigned int bdf)
{
    msix_ro |= bdf == PCI_DEVFN(3, 0);
    return 0;
}

int msix_unprotect(unsigned int bdf, bool in_use)
{
    if ( in_use )
        return -EBUSY;
    msix_ro = false;
    return 0;
}

/* ECAM regions, as pci.c checks them (segment 0, buses in order). */
int pci_mmcfg_add(uint64_t base, unsigned int seg, unsigned int sbus,
                  unsigned int ebus)
{
    if ( sbus > ebus || (base & 0xfffff) )
        return -EINVAL;
    return seg ? -EOPNOTSUPP : 0;
}

int get_page_and_type(struct page_info *pg, const struct domain *d,
                      unsigned long type)
{
    return pg->owner == d ? 0 : -EINVAL;
}

void put_page_and_type(struct page_info *pg)
{
}

/* ---- helpers ------------------------------------------------------------- */

static long op(struct domain *d, unsigned int cmd, void *arg)
{
    unit_current_vcpu = d == &dom0 ? &v0 : &vu;
    return arch_physdev_op(cmd, (unsigned long)arg);
}

static int map_gsi(int gsi, int want, int *pirq)
{
    struct physdev_map_pirq m = { .domid = DOMID_SELF,
                                  .type = MAP_PIRQ_TYPE_GSI,
                                  .index = gsi, .pirq = want };
    int rc = op(&dom0, PHYSDEVOP_map_pirq, &m);

    *pirq = m.pirq;
    return rc;
}

static int setup(void)
{
    static struct page_info frames[4];

    frame_table = frames;
    max_page = 4;
    unit_frame_mem = aligned_alloc(PAGE_SIZE, 4 * PAGE_SIZE);
    frames[1].owner = &dom0;
    dom0.domain_id = 0;
    domu.domain_id = 1;
    v0.domain = &dom0;
    vu.domain = &domu;
    hardware_domain = &dom0;
    rangeset_add_range(&dom0.arch.irq_caps, 0, NR_GSIS - 1);
    rangeset_remove_range(&dom0.arch.irq_caps, 2, 2);
    return 0;
}

static int cleanup(void)
{
    pirq_domain_release(&dom0);
    free(unit_frame_mem);
    return 0;
}

/* ---- cases --------------------------------------------------------------- */

static void test_domu_eperm(void)
{
    static const unsigned int cmds[] = {
        PHYSDEVOP_map_pirq, PHYSDEVOP_unmap_pirq, PHYSDEVOP_eoi,
        PHYSDEVOP_irq_status_query, PHYSDEVOP_setup_gsi, PHYSDEVOP_apic_read,
        PHYSDEVOP_apic_write, PHYSDEVOP_get_free_pirq,
        PHYSDEVOP_pci_device_add, PHYSDEVOP_pirq_eoi_gmfn_v2, 99,
    };
    uint8_t buf[64] = { 0 };

    for ( unsigned int i = 0; i < ARRAY_SIZE(cmds); i++ )
        CU_ASSERT_EQUAL(op(&domu, cmds[i], buf), -EPERM);
    CU_ASSERT_EQUAL(pirq_guest_check(&domu, 5), -EPERM);
}

static void test_map_errors(void)
{
    struct physdev_map_pirq m = { .domid = 7, .type = MAP_PIRQ_TYPE_GSI,
                                  .index = 5, .pirq = -1 };
    int pirq;

    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_map_pirq, &m), -EPERM);  /* other */
    CU_ASSERT_EQUAL(map_gsi(NR_GSIS, -1, &pirq), -EINVAL);
    CU_ASSERT_EQUAL(map_gsi(-3, -1, &pirq), -EINVAL);
    CU_ASSERT_EQUAL(map_gsi(2, -1, &pirq), -EPERM);   /* the hypervisor's */
    CU_ASSERT_EQUAL(map_gsi(5, NR_PIRQS, &pirq), -EINVAL);
    CU_ASSERT_EQUAL(map_gsi(5, -2, &pirq), -EINVAL);
    m.domid = DOMID_SELF;
    m.type = 7;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_map_pirq, &m), -EINVAL);
    /* MSI: no such device or capability, bad index/count/pirq/segment. */
    m.type = MAP_PIRQ_TYPE_MSI_SEG;
    m.index = -1;
    m.bus = 1;
    m.devfn = 0;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_map_pirq, &m), -ENODEV);
    m.bus = 1 << 16;                            /* segment 1 */
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_map_pirq, &m), -ENODEV);
    m.bus = 0;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_map_pirq, &m), -ENXIO);
    m.devfn = 0x100;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_map_pirq, &m), -ENODEV);
    m.devfn = PCI_DEVFN(3, 0);
    m.index = 0;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_map_pirq, &m), -EINVAL);
    m.index = -1;
    m.pirq = 3;                                 /* an ISA number */
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_map_pirq, &m), -EINVAL);
    m.pirq = -1;
    m.type = MAP_PIRQ_TYPE_MULTI_MSI;
    m.entry_nr = 3;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_map_pirq, &m), -EINVAL);
    m.entry_nr = 8;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_map_pirq, &m), -EINVAL);
    m.entry_nr = 2;
    m.table_base = MSIX_BAR;                    /* multi-message MSI-X */
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_map_pirq, &m), -EINVAL);
    m.type = MAP_PIRQ_TYPE_MSI;
    m.entry_nr = 8;                             /* no such table entry */
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_map_pirq, &m), -EINVAL);
    m.entry_nr = 1;
    m.table_base = 0x1000;                      /* not the table's BAR */
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_map_pirq, &m), -EINVAL);
}

static int map_msi(int type, int nvec_or_entry, uint64_t table_base,
                   int want, int *pirq)
{
    struct physdev_map_pirq m = { .domid = DOMID_SELF, .type = type,
                                  .index = -1, .pirq = want,
                                  .devfn = PCI_DEVFN(3, 0),
                                  .entry_nr = nvec_or_entry,
                                  .table_base = table_base };
    int rc = op(&dom0, PHYSDEVOP_map_pirq, &m);

    *pirq = m.pirq;
    return rc;
}

static void test_msi(void)
{
    struct physdev_unmap_pirq un = { .domid = DOMID_SELF };
    struct physdev_irq_status_query q;
    struct physdev_pci_device pd = { .devfn = PCI_DEVFN(3, 0) };
    int pirq, p2, again;

    /* One MSI message: the highest PIRQ, a device vector, masked. */
    CU_ASSERT_EQUAL(map_msi(MAP_PIRQ_TYPE_MSI_SEG, 0, 0, -1, &pirq), 0);
    CU_ASSERT_EQUAL(pirq, NR_PIRQS - 1);
    CU_ASSERT(fake_msi[0].vector >= 0x30 && fake_msi[0].vector < 0xe0);
    CU_ASSERT_TRUE(fake_msi[0].masked);
    CU_ASSERT_EQUAL(map_msi(MAP_PIRQ_TYPE_MSI_SEG, 0, 0, -1, &again),
                    -EEXIST);                   /* MSI already mapped */
    q.irq = pirq;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_irq_status_query, &q), 0);
    CU_ASSERT_EQUAL(q.flags, 0);                /* edge: no EOI */
    CU_ASSERT_EQUAL(pirq_gsi(&dom0, pirq), -1);
    CU_ASSERT_EQUAL(pirq_guest_bind(&dom0, pirq, 40, false), 0);
    CU_ASSERT_FALSE(fake_msi[0].masked);
    raised_port = 0;
    CU_ASSERT_TRUE(irq_do_device(fake_msi[0].vector));
    CU_ASSERT_EQUAL(raised_port, 40);
    CU_ASSERT_FALSE(fake_msi[0].masked);
    pirq_guest_unbind(&dom0, pirq, 40);
    CU_ASSERT_TRUE(fake_msi[0].masked);
    un.pirq = pirq;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_unmap_pirq, &un), 0);
    CU_ASSERT_FALSE(msi_enabled);
    raised_port = 0;
    CU_ASSERT_TRUE(irq_do_device(fake_msi[0].vector));  /* stray */
    CU_ASSERT_EQUAL(raised_port, 0);

    /* Four messages: consecutive PIRQs, an aligned block of vectors. */
    CU_ASSERT_EQUAL(map_msi(MAP_PIRQ_TYPE_MULTI_MSI, 4, 0, -1, &pirq), 0);
    CU_ASSERT_EQUAL(pirq, NR_PIRQS - 4);
    CU_ASSERT_EQUAL(msi_nvec, 4);
    CU_ASSERT_EQUAL(fake_msi[0].vector % 4, 0);
    CU_ASSERT_EQUAL(fake_msi[3].vector, fake_msi[0].vector + 3);
    CU_ASSERT_EQUAL(pirq_guest_bind(&dom0, pirq + 2, 41, false), 0);
    raised_port = 0;
    CU_ASSERT_TRUE(irq_do_device(fake_msi[2].vector));
    CU_ASSERT_EQUAL(raised_port, 41);
    CU_ASSERT_TRUE(fake_msi[1].masked && !fake_msi[2].masked);
    pirq_guest_unbind(&dom0, pirq + 2, 41);
    for ( int i = 3; i >= 0; i-- )
    {
        un.pirq = pirq + i;
        CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_unmap_pirq, &un), 0);
    }

    /* MSI-X: each entry its own PIRQ; the table read-only while used. */
    CU_ASSERT_EQUAL(map_msi(MAP_PIRQ_TYPE_MSI_SEG, 5, MSIX_BAR, -1, &pirq), 0);
    CU_ASSERT_TRUE(msix_ro);
    CU_ASSERT_TRUE(fake_msix[5].masked);
    CU_ASSERT_EQUAL(map_msi(MAP_PIRQ_TYPE_MSI, 5, MSIX_BAR, -1, &again),
                    -EEXIST);
    CU_ASSERT_EQUAL(map_msi(MAP_PIRQ_TYPE_MSI, 6, MSIX_BAR, pirq, &p2),
                    -EEXIST);                   /* that PIRQ is taken */
    CU_ASSERT_EQUAL(map_msi(MAP_PIRQ_TYPE_MSI, 6, MSIX_BAR, 100, &p2), 0);
    CU_ASSERT_EQUAL(p2, 100);
    CU_ASSERT_NOT_EQUAL(fake_msix[5].vector, fake_msix[6].vector);
    CU_ASSERT_EQUAL(pirq_guest_bind(&dom0, p2, 42, false), 0);
    CU_ASSERT_FALSE(fake_msix[6].masked);
    /* Its port moves to a vCPU on pCPU 1: the entry is aimed there. */
    pirq_guest_set_cpu(&dom0, p2, 41, 1);       /* not its port */
    CU_ASSERT_EQUAL(fake_msix[6].cpu, 0);
    pirq_guest_set_cpu(&dom0, p2, 42, 2);       /* pCPU 2 is offline */
    CU_ASSERT_EQUAL(fake_msix[6].cpu, 0);
    pirq_guest_set_cpu(&dom0, p2, 42, 1);
    CU_ASSERT_EQUAL(fake_msix[6].cpu, 1);
    CU_ASSERT_EQUAL(fake_msix[5].cpu, 0);
    CU_ASSERT_TRUE(fake_msix[5].masked);
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_release_msix, &pd), -EBUSY);
    un.pirq = p2;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_unmap_pirq, &un), -EBUSY);
    pirq_guest_unbind(&dom0, p2, 42);
    CU_ASSERT_TRUE(fake_msix[6].masked);
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_unmap_pirq, &un), 0);
    un.pirq = pirq;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_unmap_pirq, &un), 0);
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_release_msix, &pd), 0);
    CU_ASSERT_FALSE(msix_ro);
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_prepare_msix, &pd), 0);
    CU_ASSERT_TRUE(msix_ro);
}

static void test_level_masked_until_eoi(void)
{
    struct physdev_irq_status_query q;
    struct physdev_eoi eoi;
    unsigned int vec;
    int pirq, again;

    CU_ASSERT_EQUAL(map_gsi(10, -1, &pirq), 0);
    CU_ASSERT_EQUAL(pirq, 10);                  /* ISA GSI: its own number */
    CU_ASSERT_EQUAL(map_gsi(10, -1, &again), 0);
    CU_ASSERT_EQUAL(again, 10);
    CU_ASSERT_EQUAL(map_gsi(10, 40, &again), -EEXIST);
    vec = pin[10].vector;
    CU_ASSERT(vec >= 0x30 && vec < 0xe0 && pin[10].level && pin[10].masked);
    CU_ASSERT_EQUAL(pirq_gsi(&dom0, 10), 10);

    q.irq = pirq;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_irq_status_query, &q), 0);
    CU_ASSERT_EQUAL(q.flags, XENIRQSTAT_needs_eoi);
    CU_ASSERT_EQUAL(pirq_guest_check(&dom0, pirq), 0);
    CU_ASSERT_EQUAL(pirq_guest_bind(&dom0, pirq, 33, true), 0);
    CU_ASSERT_FALSE(pin[10].masked);
    pirq_guest_set_cpu(&dom0, pirq, 33, 1);
    CU_ASSERT_EQUAL(pin[10].cpu, 1);
    CU_ASSERT_FALSE(pin[10].masked);
    CU_ASSERT_EQUAL(pirq_guest_check(&dom0, pirq), -EEXIST);

    eois = raised_port = 0;
    CU_ASSERT_TRUE(irq_do_device(vec));
    CU_ASSERT_EQUAL(raised_port, 33);
    CU_ASSERT_EQUAL(eois, 1);
    CU_ASSERT_TRUE(pin[10].masked);             /* until the guest's EOI */
    eoi.irq = pirq;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_eoi, &eoi), 0);
    CU_ASSERT_FALSE(pin[10].masked);

    struct physdev_unmap_pirq un = { .domid = DOMID_SELF, .pirq = pirq };
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_unmap_pirq, &un), -EBUSY);
    pirq_guest_unbind(&dom0, pirq, 99);         /* not its port: nothing */
    CU_ASSERT_FALSE(pin[10].masked);
    pirq_guest_unbind(&dom0, pirq, 33);
    CU_ASSERT_TRUE(pin[10].masked);
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_unmap_pirq, &un), 0);
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_unmap_pirq, &un), -EINVAL);
    CU_ASSERT_FALSE(irq_do_device(0x20));       /* not a device vector */
    eois = raised_port = 0;
    CU_ASSERT_TRUE(irq_do_device(vec));         /* stray: EOI, no event */
    CU_ASSERT_EQUAL(eois, 1);
    CU_ASSERT_EQUAL(raised_port, 0);
}

static void test_edge_and_setup_gsi(void)
{
    struct physdev_setup_gsi sg = { .gsi = 20, .triggering = 0,
                                    .polarity = 0 };
    struct physdev_irq_status_query q;
    int pirq;

    CU_ASSERT_EQUAL(map_gsi(20, -1, &pirq), 0);
    CU_ASSERT_EQUAL(pirq, 20);
    CU_ASSERT_TRUE(pin[20].level && pin[20].low);
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_setup_gsi, &sg), 0);  /* now edge */
    CU_ASSERT_FALSE(pin[20].level || pin[20].low);
    q.irq = pirq;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_irq_status_query, &q), 0);
    CU_ASSERT_EQUAL(q.flags, 0);
    CU_ASSERT_EQUAL(pirq_guest_bind(&dom0, pirq, 34, false), 0);
    CU_ASSERT_TRUE(irq_do_device(pin[20].vector));
    CU_ASSERT_FALSE(pin[20].masked);            /* edge: no EOI needed */
    pirq_guest_unbind(&dom0, pirq, 34);

    sg.gsi = 9;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_setup_gsi, &sg), -EEXIST);  /* ISA */
    sg.gsi = 2;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_setup_gsi, &sg), -EPERM);
    sg.gsi = NR_GSIS;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_setup_gsi, &sg), -EINVAL);
    sg.gsi = 21;
    sg.triggering = 2;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_setup_gsi, &sg), -EINVAL);
}

static void test_other_subops(void)
{
    struct physdev_eoi eoi = { .irq = NR_PIRQS };
    struct physdev_get_free_pirq fp = { .type = MAP_PIRQ_TYPE_GSI };
    struct physdev_apic apic = { .apic_physbase = 0xfec00000, .reg = 1 };
    struct physdev_irq iv = { .irq = 11 };
    struct physdev_pci_device_add pa = { .bus = 0, .devfn = 0 };
    struct physdev_manage_pci mp = { .bus = 0, .devfn = 8 };
    struct physdev_pci_mmcfg_reserved mc = { .address = 0xb0000000,
                                             .end_bus = 255,
                                             .flags = XEN_PCI_MMCFG_RESERVED };
    struct physdev_pirq_eoi_gmfn g = { .gmfn = 1 };
    unsigned long *map = (unsigned long *)mfn_to_virt(_mfn(1));
    int pirq;

    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_eoi, &eoi), -EINVAL);
    eoi.irq = 3;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_eoi, &eoi), -EINVAL);  /* unmapped */
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_get_free_pirq, &fp), 0);
    CU_ASSERT(fp.pirq >= 16 && fp.pirq < NR_PIRQS);
    fp.type = MAP_PIRQ_TYPE_MSI;                /* MSI: from the top */
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_get_free_pirq, &fp), 0);
    CU_ASSERT_EQUAL(fp.pirq, NR_PIRQS - 1);
    fp.type = 9;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_get_free_pirq, &fp), -EINVAL);
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_apic_read, &apic), 0);
    CU_ASSERT_EQUAL(apic.value, 0x00170020);
    apic.apic_physbase = 0x1000;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_apic_read, &apic), -EINVAL);
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_apic_write, &apic), -EPERM);
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_alloc_irq_vector, &iv), 0);
    CU_ASSERT_EQUAL(iv.vector, 11);
    iv.irq = 2;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_alloc_irq_vector, &iv), -EPERM);
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_pci_device_add, &pa), 0);
    pa.flags = 0x80;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_pci_device_add, &pa), -EINVAL);
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_manage_pci_add, &mp), -ENODEV);
    mp.devfn = PCI_DEVFN(3, 0);
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_manage_pci_add, &mp), 0);
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_pci_mmcfg_reserved, &mc), 0);
    mc.start_bus = 9;
    mc.end_bus = 8;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_pci_mmcfg_reserved, &mc), -EINVAL);
    mc.flags = 2;
    mc.start_bus = 0;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_pci_mmcfg_reserved, &mc), -EINVAL);
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_dbgp_op, &mc), -ENOSYS);

    /* The EOI bitmap: a frame of the domain's, once; level PIRQs' bits. */
    g.gmfn = 2;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_pirq_eoi_gmfn_v2, &g), -EINVAL);
    g.gmfn = 1;
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_pirq_eoi_gmfn_v2, &g), 0);
    CU_ASSERT_EQUAL(op(&dom0, PHYSDEVOP_pirq_eoi_gmfn_v2, &g), -EBUSY);
    CU_ASSERT_EQUAL(map_gsi(11, -1, &pirq), 0);
    CU_ASSERT_EQUAL(pirq_guest_bind(&dom0, pirq, 35, true), 0);
    CU_ASSERT_TRUE(map[pirq / 64] & (1UL << (pirq % 64)));
    pirq_guest_unbind(&dom0, pirq, 35);
    CU_ASSERT_FALSE(map[pirq / 64] & (1UL << (pirq % 64)));
}

static CU_TestInfo irq_cases[] = {
    { "domu_eperm", test_domu_eperm },
    { "map_errors", test_map_errors },
    { "level_masked_until_eoi", test_level_masked_until_eoi },
    { "edge_and_setup_gsi", test_edge_and_setup_gsi },
    { "msi", test_msi },
    { "other_subops", test_other_subops },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("irq", setup, cleanup, irq_cases);
