/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arch/x86/msi.c on a fake PCI function 00:03.0 (256 bytes of config space:
 * a 64-bit maskable MSI capability with 4 messages at 0x50, MSI-X with 8
 * entries in BAR 2 at 0x70) and arch/x86/mmio_ro.c: msi_check's errors,
 * the address/data/mask/MME msi_program writes, masking, msi_release,
 * msi_set_dest (one message moves, masked around it; a block stays), the
 * hardware domain's writes reaching only the enable bits, and the
 * read-only regions (add/again/other/remove, frames, an MSI-X table write
 * dropped, an ECAM write decoded into bus/device/function/register).
 */
#include "harness.h"
#include <string.h>
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/ioport.h>
#include <asm/mm.h>
#include <asm/mmio_ro.h>
#include <asm/msi.h>
#include <asm/page_info.h>
#include <asm/pci.h>

struct vcpu *unit_current_vcpu;
struct domain *hardware_domain;
struct page_info *frame_table;
unsigned long max_page;
uint8_t *unit_frame_mem;
uint32_t cpu_apic_id[NR_CPUS] = { 3, 5 };

static struct domain dom0;

/* ---- fakes --------------------------------------------------------------- */

#define BDF     PCI_DEVFN(3, 0)
#define MSI     0x50
#define MSIX    0x70
#define BAR2    0xfebf0000U
static uint8_t cfg[256];

static void cfg_put(unsigned int reg, unsigned int bytes, uint32_t v)
{
    for ( unsigned int i = 0; i < bytes; i++ )
        cfg[reg + i] = v >> (8 * i);
}

static uint32_t cfg_get(unsigned int reg, unsigned int bytes)
{
    uint32_t v = 0;

    for ( unsigned int i = 0; i < bytes; i++ )
        v |= (uint32_t)cfg[reg + i] << (8 * i);
    return v;
}

uint32_t pci_conf_read(unsigned int bdf, unsigned int reg, unsigned int bytes)
{
    return bdf == BDF ? cfg_get(reg, bytes) : (1ULL << (8 * bytes)) - 1;
}

void pci_conf_write(unsigned int bdf, unsigned int reg, unsigned int bytes,
                    uint32_t val)
{
    if ( bdf == BDF )
        cfg_put(reg, bytes, val);
}

unsigned int pci_find_cap(unsigned int bdf, unsigned int id)
{
    if ( bdf != BDF )
        return 0;
    return id == PCI_CAP_ID_MSI ? MSI : id == PCI_CAP_ID_MSIX ? MSIX : 0;
}

bool pci_device_exists(unsigned int seg, unsigned int bus, unsigned int devfn)
{
    return seg == 0 && bus == 0 && devfn == BDF;
}

bool iomem_access_permitted(const struct domain *d, unsigned long mfn)
{
    return d == &dom0;
}

static struct page_info *no_ram(mfn_t mfn)
{
    return NULL;
}

static const struct mm_ops ops = { .mfn_to_page = no_ram };
const struct mm_ops *mm_ops = &ops;

static struct {
    struct domain *d;
    unsigned int bdf, reg, bytes, n;
    uint32_t val;
} conf;

void pci_guest_conf_write(struct domain *d, unsigned int bdf,
                          unsigned int reg, unsigned int bytes, uint32_t val)
{
    conf.d = d;
    conf.bdf = bdf;
    conf.reg = reg;
    conf.bytes = bytes;
    conf.val = val;
    conf.n++;
}

static int setup(void)
{
    hardware_domain = &dom0;
    memset(cfg, 0, sizeof(cfg));
    cfg_put(0, 4, 0x10008086);
    cfg_put(0x18, 4, BAR2);                     /* BAR 2, 32-bit memory */
    cfg_put(MSI, 2, 0x7000 | PCI_CAP_ID_MSI);
    cfg_put(MSI + 2, 2, 0x0184);                /* 64-bit, maskable, MMC 2 */
    cfg_put(MSIX, 2, PCI_CAP_ID_MSIX);
    cfg_put(MSIX + 2, 2, 7);                    /* 8 entries */
    cfg_put(MSIX + 4, 4, 0x2000 | 2);           /* table at BAR 2 + 0x2000 */
    return 0;
}

static int cleanup(void)
{
    return 0;
}

/* ---- cases --------------------------------------------------------------- */

static void test_check(void)
{
    CU_ASSERT_EQUAL(msi_check(PCI_DEVFN(4, 0), false, 0, 1, 0), -ENODEV);
    CU_ASSERT_EQUAL(msi_check(BDF, false, 0, 1, 0), 0);
    CU_ASSERT_EQUAL(msi_check(BDF, false, 0, 4, 0), 0);
    CU_ASSERT_EQUAL(msi_check(BDF, false, 0, 8, 0), -EINVAL);  /* > MMC */
    CU_ASSERT_EQUAL(msi_check(BDF, false, 0, 3, 0), -EINVAL);
    CU_ASSERT_EQUAL(msi_check(BDF, false, 0, 0, 0), -EINVAL);
    CU_ASSERT_EQUAL(msi_check(BDF, false, 1, 1, 0), -EINVAL);
    CU_ASSERT_EQUAL(msi_check(BDF, true, 7, 1, BAR2), 0);
    CU_ASSERT_EQUAL(msi_check(BDF, true, 7, 1, 0), 0);
    CU_ASSERT_EQUAL(msi_check(BDF, true, 8, 1, BAR2), -EINVAL);
    CU_ASSERT_EQUAL(msi_check(BDF, true, 0, 2, BAR2), -EINVAL);
    CU_ASSERT_EQUAL(msi_check(BDF, true, 0, 1, BAR2 + 0x2000), -EINVAL);
    cfg_put(0x18, 4, 0xc001);                   /* an I/O BAR */
    CU_ASSERT_EQUAL(msi_check(BDF, true, 0, 1, 0), -EINVAL);
    cfg_put(0x18, 4, 0);                        /* unassigned */
    CU_ASSERT_EQUAL(msi_check(BDF, true, 0, 1, 0), -EINVAL);
    cfg_put(0x18, 4, BAR2);
    hardware_domain = NULL;                     /* not the domain's I/O */
    CU_ASSERT_EQUAL(msi_check(BDF, true, 0, 1, 0), -EOPNOTSUPP);
    hardware_domain = &dom0;
}

static void test_program_and_mask(void)
{
    msi_program(BDF, false, 0, 4, 0x44);
    CU_ASSERT_EQUAL(cfg_get(MSI + 4, 4), 0xfee03000);   /* APIC id 3 */
    CU_ASSERT_EQUAL(cfg_get(MSI + 8, 4), 0);
    CU_ASSERT_EQUAL(cfg_get(MSI + 12, 2), 0x44);
    CU_ASSERT_EQUAL(cfg_get(MSI + 16, 4), 0xf);         /* all masked */
    CU_ASSERT_EQUAL((cfg_get(MSI + 2, 2) >> 4) & 7, 2); /* MME: 4 */
    msi_set_mask(BDF, false, 2, false);
    CU_ASSERT_EQUAL(cfg_get(MSI + 16, 4), 0xb);
    msi_set_mask(BDF, false, 2, true);
    CU_ASSERT_EQUAL(cfg_get(MSI + 16, 4), 0xf);
    msi_set_mask(BDF, false, 40, false);                /* ignored */
    CU_ASSERT_EQUAL(cfg_get(MSI + 16, 4), 0xf);

    cfg_put(MSI + 2, 2, cfg_get(MSI + 2, 2) | 1);       /* enabled */
    cfg_put(MSI + 16, 4, 0);
    msi_release(BDF, false, 1);                         /* one message */
    CU_ASSERT_EQUAL(cfg_get(MSI + 16, 4), 0x2);
    CU_ASSERT_EQUAL(cfg_get(MSI + 2, 2) & 1, 1);
    msi_release(BDF, false, 0);                         /* the block */
    CU_ASSERT_EQUAL(cfg_get(MSI + 16, 4), 0x3);
    CU_ASSERT_EQUAL(cfg_get(MSI + 2, 2) & 1, 0);
}

/*
 * msi_set_dest: a single message moves to the CPU's APIC id with its mask
 * bits as they were; a multi-message block stays.
 */
static void test_set_dest(void)
{
    uint8_t saved[sizeof(cfg)];

    memcpy(saved, cfg, sizeof(cfg));            /* for the cases after */
    msi_program(BDF, false, 0, 4, 0x44);
    msi_set_dest(BDF, false, 0, 1);
    CU_ASSERT_EQUAL(cfg_get(MSI + 4, 4), 0xfee03000);   /* MME 4: stays */

    msi_program(BDF, false, 0, 1, 0x48);
    msi_set_mask(BDF, false, 0, false);
    CU_ASSERT_EQUAL(cfg_get(MSI + 16, 4), 0xe);
    msi_set_dest(BDF, false, 0, 1);
    CU_ASSERT_EQUAL(cfg_get(MSI + 4, 4), 0xfee05000);   /* APIC id 5 */
    CU_ASSERT_EQUAL(cfg_get(MSI + 12, 2), 0x48);        /* vector kept */
    CU_ASSERT_EQUAL(cfg_get(MSI + 16, 4), 0xe);         /* unmasked still */
    msi_set_dest(BDF, false, 0, 0);
    CU_ASSERT_EQUAL(cfg_get(MSI + 4, 4), 0xfee03000);

    /* No mask bits (ich9-ahci): the address is rewritten as it stands. */
    cfg_put(MSI + 2, 2, 0x0080);                        /* 64-bit only */
    msi_set_dest(BDF, false, 0, 1);
    CU_ASSERT_EQUAL(cfg_get(MSI + 4, 4), 0xfee05000);
    CU_ASSERT_EQUAL(cfg_get(MSI + 12, 2), 0x48);
    msi_set_dest(PCI_DEVFN(4, 0), false, 0, 1);         /* no such function */
    memcpy(cfg, saved, sizeof(cfg));
}

static void test_conf_write_filter(void)
{
    cfg_put(MSI + 4, 4, 0xfee00000);
    cfg_put(MSI + 2, 2, 0x01a4);                        /* MME 2 */

    /* Address, data, mask: the hypervisor's. */
    CU_ASSERT_TRUE(msi_conf_write(BDF, MSI + 4, 4, 0x12345678));
    CU_ASSERT_EQUAL(cfg_get(MSI + 4, 4), 0xfee00000);
    CU_ASSERT_TRUE(msi_conf_write(BDF, MSI + 12, 2, 0x99));
    CU_ASSERT_NOT_EQUAL(cfg_get(MSI + 12, 2), 0x99);
    CU_ASSERT_TRUE(msi_conf_write(BDF, MSI + 16, 4, 0));
    CU_ASSERT_EQUAL(cfg_get(MSI + 16, 4), 0x3);

    /* Control: the enable bit only; MME stays. */
    CU_ASSERT_TRUE(msi_conf_write(BDF, MSI + 2, 2, 0xffff));
    CU_ASSERT_EQUAL(cfg_get(MSI + 2, 2), 0x01a5);
    CU_ASSERT_TRUE(msi_conf_write(BDF, MSI + 2, 2, 0));
    CU_ASSERT_EQUAL(cfg_get(MSI + 2, 2), 0x01a4);
    /* A dword at the capability's start: ID/next bytes, then control. */
    CU_ASSERT_TRUE(msi_conf_write(BDF, MSI, 4, 0x00010000 | 0x7005));
    CU_ASSERT_EQUAL(cfg_get(MSI + 2, 2), 0x01a5);

    /* MSI-X: enable and function mask; table size and location stay. */
    CU_ASSERT_TRUE(msi_conf_write(BDF, MSIX + 2, 2, 0xffff));
    CU_ASSERT_EQUAL(cfg_get(MSIX + 2, 2), 0xc007);
    CU_ASSERT_TRUE(msi_conf_write(BDF, MSIX + 4, 4, 0));
    CU_ASSERT_EQUAL(cfg_get(MSIX + 4, 4), 0x2002);
    CU_ASSERT_TRUE(msi_conf_write(BDF, MSIX + 3, 1, 0));
    CU_ASSERT_EQUAL(cfg_get(MSIX + 2, 2), 0x0007);

    /* Elsewhere: an ordinary write for the caller to do. */
    CU_ASSERT_FALSE(msi_conf_write(BDF, 0x3c, 1, 0x5a));
    CU_ASSERT_FALSE(msi_conf_write(BDF, MSI, 2, 0));    /* ID, next: RO */
    CU_ASSERT_FALSE(msi_conf_write(PCI_DEVFN(4, 0), MSI + 4, 4, 0));
}

static void test_mmio_ro(void)
{
    const paddr_t table = BAR2 + 0x2000, ecam = 0xb0000000;

    CU_ASSERT_EQUAL(mmio_ro_add(MMIO_RO_MSIX, table, 128, BDF), 0);
    CU_ASSERT_EQUAL(mmio_ro_add(MMIO_RO_MSIX, table, 128, BDF), -EEXIST);
    CU_ASSERT_EQUAL(mmio_ro_add(MMIO_RO_MSIX, table, 256, BDF), -EBUSY);
    CU_ASSERT_EQUAL(mmio_ro_add(MMIO_RO_MSIX, 0xfffff000, 0x2000, 1),
                    -EINVAL);                           /* past 4 GiB */
    CU_ASSERT_EQUAL(mmio_ro_add(MMIO_RO_MSIX, table, 0, 1), -EINVAL);
    CU_ASSERT_TRUE(mmio_ro_frame(table >> PAGE_SHIFT));
    CU_ASSERT_FALSE(mmio_ro_frame((table >> PAGE_SHIFT) + 1));
    CU_ASSERT_FALSE(mmio_ro_frame((table >> PAGE_SHIFT) - 1));

    /* Writes into the table vanish; misaligned or odd sizes are refused. */
    conf.n = 0;
    CU_ASSERT_TRUE(mmio_ro_write(&dom0, table + 8, 4, 0x5a5a));
    CU_ASSERT_FALSE(mmio_ro_write(&dom0, table + 2, 4, 0));
    CU_ASSERT_FALSE(mmio_ro_write(&dom0, table, 3, 0));
    CU_ASSERT_FALSE(mmio_ro_write(&dom0, 0x1000, 4, 0));    /* not one */
    CU_ASSERT_EQUAL(conf.n, 0);

    /* ECAM for buses 0-1 from bus 0's base: the write is decoded. */
    CU_ASSERT_EQUAL(mmio_ro_add(MMIO_RO_ECAM, ecam, 2 << 20, 0), 0);
    CU_ASSERT_EQUAL(mmio_ro_add(MMIO_RO_ECAM, ecam, 1 << 20, 0), -EEXIST);
    CU_ASSERT_TRUE(mmio_ro_frame((ecam >> PAGE_SHIFT) + 511));
    CU_ASSERT_FALSE(mmio_ro_frame((ecam >> PAGE_SHIFT) + 512));
    CU_ASSERT_TRUE(mmio_ro_write(&dom0, ecam + (1 << 20) + (BDF << 12) +
                                        MSI + 4, 4, 0x1234));
    CU_ASSERT_EQUAL(conf.n, 1);
    CU_ASSERT_EQUAL(conf.bdf, (1U << 8) | BDF);
    CU_ASSERT_EQUAL(conf.reg, MSI + 4);
    CU_ASSERT_EQUAL(conf.bytes, 4);
    CU_ASSERT_EQUAL(conf.val, 0x1234);
    CU_ASSERT_PTR_EQUAL(conf.d, &dom0);
    /* 8 bytes: two dwords through the filter. */
    CU_ASSERT_TRUE(mmio_ro_write(&dom0, ecam + 0x10, 8, 0x1111222233334444UL));
    CU_ASSERT_EQUAL(conf.n, 3);
    CU_ASSERT_EQUAL(conf.reg, 0x14);
    CU_ASSERT_EQUAL(conf.val, 0x11112222);

    CU_ASSERT_EQUAL(mmio_ro_remove(MMIO_RO_ECAM, 0), 0);
    CU_ASSERT_EQUAL(mmio_ro_remove(MMIO_RO_ECAM, 0), -ENOENT);
    CU_ASSERT_EQUAL(mmio_ro_remove(MMIO_RO_MSIX, BDF), 0);
    CU_ASSERT_FALSE(mmio_ro_frame(table >> PAGE_SHIFT));

    /* msix_protect follows the BAR; msix_unprotect refuses while in use. */
    CU_ASSERT_EQUAL(msix_protect(BDF), 0);
    CU_ASSERT_TRUE(mmio_ro_frame(table >> PAGE_SHIFT));
    cfg_put(0x18, 4, BAR2 + 0x10000);
    CU_ASSERT_EQUAL(msix_protect(BDF), 0);
    CU_ASSERT_FALSE(mmio_ro_frame(table >> PAGE_SHIFT));
    CU_ASSERT_TRUE(mmio_ro_frame((table + 0x10000) >> PAGE_SHIFT));
    CU_ASSERT_EQUAL(msix_unprotect(BDF, true), -EBUSY);
    CU_ASSERT_EQUAL(msix_unprotect(BDF, false), 0);
    CU_ASSERT_FALSE(mmio_ro_frame((table + 0x10000) >> PAGE_SHIFT));
    cfg_put(0x18, 4, BAR2);
}

static CU_TestInfo msi_cases[] = {
    { "check", test_check },
    { "program_and_mask", test_program_and_mask },
    { "set_dest", test_set_dest },
    { "conf_write_filter", test_conf_write_filter },
    { "mmio_ro", test_mmio_ro },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("msi", setup, cleanup, msi_cases);
