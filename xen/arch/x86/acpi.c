/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Just enough ACPI to power the machine off and reset it: find the FADT via
 * the RSDP, take the PM1 control blocks, the reset register, and SLP_TYP for
 * S5 from the DSDT's \_S5_ package. The hypervisor owns no other ACPI.
 */
#include <xen/lib.h>
#include <xen/shutdown.h>
#include <asm/config.h>
#include <asm/acpi.h>
#include <asm/directmap.h>
#include <asm/io.h>

struct acpi_header {
    char sig[4];
    uint32_t length;
    uint8_t revision, checksum;
    char oem[6], oem_table[8];
    uint32_t oem_rev, creator, creator_rev;
} __packed;

static uint16_t pm1a_cnt, pm1b_cnt;
static uint8_t slp_typa, slp_typb;
static bool s5_known;
static uint16_t reset_port;
static uint8_t reset_value;

static bool checksum_ok(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint8_t sum = 0;

    while ( len-- )
        sum += *b++;
    return sum == 0;
}

static paddr_t scan_rsdp(paddr_t start, size_t len)
{
    for ( paddr_t p = start; p + 20 <= start + len; p += 16 )
        if ( !memcmp(__va(p), "RSD PTR ", 8) && checksum_ok(__va(p), 20) )
            return p;
    return 0;
}

/* Only tables below 4 GiB are reachable on the boot mappings. */
static const struct acpi_header *table(uint64_t pa)
{
    const struct acpi_header *h;

    if ( !pa || pa >= (1ULL << 32) )
        return NULL;
    h = __va(pa);
    if ( h->length < sizeof(*h) || pa + h->length > (1ULL << 32) ||
         !checksum_ok(h, h->length) )
        return NULL;
    return h;
}

static const struct acpi_header *find_table(paddr_t rsdp, const char *sig)
{
    const uint8_t *r = __va(rsdp);
    const struct acpi_header *root;
    bool xsdt = r[15] >= 2 && *(uint64_t *)(r + 24);
    unsigned int n, i, esz = xsdt ? 8 : 4;

    root = table(xsdt ? *(uint64_t *)(r + 24) : *(uint32_t *)(r + 16));
    if ( !root )
        return NULL;
    n = (root->length - sizeof(*root)) / esz;
    for ( i = 0; i < n; i++ )
    {
        const uint8_t *e = (const uint8_t *)(root + 1) + i * esz;
        const struct acpi_header *t = table(xsdt ? *(uint64_t *)e
                                                 : *(uint32_t *)e);

        if ( t && !memcmp(t->sig, sig, 4) )
            return t;
    }
    return NULL;
}

static unsigned int aml_int(const uint8_t **p, const uint8_t *end)
{
    const uint8_t *q = *p;
    unsigned int v = 0;

    if ( q >= end )
        return 0;
    switch ( *q )
    {
    case 0x0a:                          /* BytePrefix */
        v = q + 1 < end ? q[1] : 0;
        q += 2;
        break;
    case 0x00:                          /* ZeroOp */
    case 0x01:                          /* OneOp */
        v = *q++;
        break;
    default:
        v = *q++;
        break;
    }
    *p = q;
    return v;
}

static void parse_s5(const struct acpi_header *dsdt)
{
    const uint8_t *p = (const uint8_t *)(dsdt + 1);
    const uint8_t *end = (const uint8_t *)dsdt + dsdt->length;

    for ( ; p + 8 < end; p++ )
    {
        if ( memcmp(p, "_S5_", 4) || p[4] != 0x12 )
            continue;
        p += 5;
        p += 1 + (*p >> 6);             /* PkgLength */
        p++;                            /* NumElements */
        slp_typa = aml_int(&p, end);
        slp_typb = aml_int(&p, end);
        s5_known = true;
        return;
    }
}

static paddr_t acpi_rsdp;

void acpi_madt_for_each(void (*fn)(const uint8_t *entry, void *arg), void *arg)
{
    const struct acpi_header *madt = acpi_rsdp ? find_table(acpi_rsdp, "APIC")
                                               : NULL;
    const uint8_t *p, *end;

    if ( !madt )
        return;
    end = (const uint8_t *)madt + madt->length;
    for ( p = (const uint8_t *)madt + 44; p + 2 <= end && p[1] >= 2 &&
                                          p + p[1] <= end; p += p[1] )
        fn(p, arg);
}

/* MCFG (PCI Firmware 3.0 4.1.2): 44-byte header, then 16-byte entries. */
void acpi_mcfg_for_each(void (*fn)(uint64_t base, unsigned int seg,
                                   unsigned int sbus, unsigned int ebus,
                                   void *arg), void *arg)
{
    const struct acpi_header *mcfg = acpi_rsdp ? find_table(acpi_rsdp, "MCFG")
                                               : NULL;
    const uint8_t *p, *end;

    if ( !mcfg )
        return;
    end = (const uint8_t *)mcfg + mcfg->length;
    for ( p = (const uint8_t *)mcfg + 44; p + 16 <= end; p += 16 )
        fn(*(const uint64_t *)p, *(const uint16_t *)(p + 8), p[10], p[11],
           arg);
}

struct apic_ids {
    uint32_t *ids;
    unsigned int n, max;
};

static void madt_apic_id(const uint8_t *p, void *arg)
{
    struct apic_ids *a = arg;

    if ( p[0] == 0 && p[1] >= 8 && (*(const uint32_t *)(p + 4) & 1) &&
         a->n < a->max )
        a->ids[a->n++] = p[3];
    else if ( p[0] == 9 && p[1] >= 16 &&
              (*(const uint32_t *)(p + 8) & 1) && a->n < a->max )
        a->ids[a->n++] = *(const uint32_t *)(p + 4);
}

/*
 * The MADT's enabled processors (local APIC and x2APIC entries), in table
 * order: their APIC ids into ids[0..max). Returns how many were stored.
 */
unsigned int acpi_madt_apic_ids(uint32_t *ids, unsigned int max)
{
    struct apic_ids a = { .ids = ids, .max = max };

    acpi_madt_for_each(madt_apic_id, &a);
    return a.n;
}

void acpi_boot_init(paddr_t rsdp)
{
    const uint8_t *fadt;
    const struct acpi_header *dsdt;

    if ( !rsdp )
        rsdp = scan_rsdp((paddr_t)*(uint16_t *)__va(0x40e) << 4, 1024);
    if ( !rsdp )
        rsdp = scan_rsdp(0xe0000, 0x20000);
    if ( !rsdp )
    {
        printk(XENLOG_WARNING "ACPI: no RSDP; power-off will halt instead\n");
        return;
    }
    acpi_rsdp = rsdp;
    fadt = (const uint8_t *)find_table(rsdp, "FACP");
    if ( !fadt )
    {
        printk(XENLOG_WARNING "ACPI: no FADT; power-off will halt instead\n");
        return;
    }
    pm1a_cnt = *(uint32_t *)(fadt + 64);
    pm1b_cnt = *(uint32_t *)(fadt + 68);
    /* RESET_REG (a GAS at 116) in system I/O space, if supported. */
    if ( ((const struct acpi_header *)fadt)->length >= 129 &&
         (*(uint32_t *)(fadt + 112) & (1u << 10)) && fadt[116] == 1 )
    {
        reset_port = *(uint64_t *)(fadt + 120);
        reset_value = fadt[128];
    }
    dsdt = table(*(uint32_t *)(fadt + 40));
    if ( dsdt )
        parse_s5(dsdt);
    printk(XENLOG_INFO "ACPI: PM1a_CNT %#x, S5 %s (SLP_TYP %u), reset port %#x\n",
           pm1a_cnt, s5_known ? "found" : "missing", slp_typa, reset_port);
}

noreturn void machine_halt(void)
{
    printk("Halting the machine.\n");
    for ( ;; )
        asm volatile ( "cli; hlt" );
}

noreturn void machine_power_off(void)
{
    asm volatile ( "cli" );
    if ( pm1a_cnt && s5_known )
    {
        outw((slp_typa << 10) | (1u << 13), pm1a_cnt);
        if ( pm1b_cnt )
            outw((slp_typb << 10) | (1u << 13), pm1b_cnt);
    }
    machine_halt();
}

noreturn void machine_restart(void)
{
    asm volatile ( "cli" );
    if ( reset_port )
        outb(reset_value, reset_port);
    outb(0x02, 0xcf9);                  /* PCI reset control: hard reset */
    outb(0x06, 0xcf9);
    for ( unsigned int i = 0; i < 0x10000 && (inb(0x64) & 2); i++ )
        ;
    outb(0xfe, 0x64);                   /* keyboard controller pulse */
    machine_halt();
}
