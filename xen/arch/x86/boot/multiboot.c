/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Read the multiboot1 or multiboot2 information structure into boot_info.
 * Runs on the boot page tables, which map the first 4 GiB in the direct map.
 */
#include <xen/lib.h>
#include <asm/config.h>
#include <asm/bootinfo.h>
#include <asm/directmap.h>

#define MB1_BOOTLOADER_MAGIC 0x2badb002
#define MB2_BOOTLOADER_MAGIC 0x36d76289

#define MB2_TAG_END      0
#define MB2_TAG_CMDLINE  1
#define MB2_TAG_LOADER   2
#define MB2_TAG_MODULE   3
#define MB2_TAG_MMAP     6
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15

struct mb2_tag {
    uint32_t type, size;
};

struct mb1_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;
};

struct mb1_module {
    uint32_t mod_start, mod_end, string, reserved;
};

struct boot_info boot_info;

/*
 * Xen's rule: GRUB passes module strings without the image name; other
 * loaders (QEMU's -kernel/-initrd) put the file name first. Drop it then.
 */
static const char *cook_cmdline(const struct boot_info *bi, const char *s)
{
    if ( !s )
        return "";
    if ( bi->loader && !strncmp(bi->loader, "GRUB", 4) )
        return s;
    while ( *s && *s != ' ' )
        s++;
    while ( *s == ' ' )
        s++;
    return s;
}

static void add_e820(struct boot_info *bi, uint64_t addr, uint64_t size,
                     uint32_t type)
{
    if ( bi->nr_e820 < MAX_E820 && size )
        bi->e820[bi->nr_e820++] = (struct e820entry){ addr, size, type };
}

static void add_module(struct boot_info *bi, paddr_t start, paddr_t end,
                       const char *cmdline)
{
    if ( bi->nr_mods < MAX_MODS && end > start )
        bi->mods[bi->nr_mods++] = (struct boot_module){ start, end - start,
                                                        cmdline };
}

static int parse_mb2(paddr_t mbi, struct boot_info *bi)
{
    uint32_t total = *(uint32_t *)__va(mbi);
    const char *raw_mod_cmdline[MAX_MODS];
    unsigned int i;
    paddr_t p;

    bi->mbi_start = mbi;
    bi->mbi_end = mbi + total;
    /* Pass 1: the loader name decides how module strings are cooked. */
    for ( p = mbi + 8; p + 8 <= mbi + total; p += ROUNDUP(((struct mb2_tag *)__va(p))->size, 8) )
    {
        struct mb2_tag *t = __va(p);

        if ( t->type == MB2_TAG_END || t->size < 8 )
            break;
        if ( t->type == MB2_TAG_LOADER )
            bi->loader = (const char *)(t + 1);
    }

    for ( p = mbi + 8; p + 8 <= mbi + total; p += ROUNDUP(((struct mb2_tag *)__va(p))->size, 8) )
    {
        struct mb2_tag *t = __va(p);

        if ( t->type == MB2_TAG_END || t->size < 8 )
            break;
        switch ( t->type )
        {
        case MB2_TAG_CMDLINE:
            bi->cmdline = (const char *)(t + 1);
            break;
        case MB2_TAG_MODULE:
        {
            uint32_t *m = (uint32_t *)(t + 1);

            if ( bi->nr_mods < MAX_MODS )
                raw_mod_cmdline[bi->nr_mods] = (const char *)(m + 2);
            add_module(bi, m[0], m[1], NULL);
            break;
        }
        case MB2_TAG_MMAP:
        {
            uint32_t esize = ((uint32_t *)(t + 1))[0];
            uint8_t *e = (uint8_t *)(t + 1) + 8;
            uint8_t *end = (uint8_t *)t + t->size;

            if ( esize < 24 )
                break;
            for ( ; e + 24 <= end; e += esize )
                add_e820(bi, *(uint64_t *)e, *(uint64_t *)(e + 8),
                         *(uint32_t *)(e + 16));
            break;
        }
        case MB2_TAG_ACPI_OLD:
        case MB2_TAG_ACPI_NEW:
            /* The tag holds a copy of the RSDP; remember where. */
            if ( !bi->rsdp || t->type == MB2_TAG_ACPI_NEW )
                bi->rsdp = p + 8;
            break;
        }
    }
    for ( i = 0; i < bi->nr_mods; i++ )
        bi->mods[i].cmdline = cook_cmdline(bi, raw_mod_cmdline[i]);
    return 0;
}

static int parse_mb1(paddr_t mbi, struct boot_info *bi)
{
    struct mb1_info *mi = __va(mbi);
    unsigned int i;

    bi->mbi_start = mbi;
    bi->mbi_end = mbi + sizeof(*mi);
    if ( mi->flags & (1u << 9) )
        bi->loader = __va(mi->boot_loader_name);
    if ( mi->flags & (1u << 2) )
        bi->cmdline = cook_cmdline(bi, __va(mi->cmdline));
    if ( mi->flags & (1u << 3) )
    {
        struct mb1_module *m = __va(mi->mods_addr);

        for ( i = 0; i < mi->mods_count; i++ )
            add_module(bi, m[i].mod_start, m[i].mod_end,
                       cook_cmdline(bi, m[i].string ? __va(m[i].string) : NULL));
    }
    if ( mi->flags & (1u << 6) )
    {
        uint8_t *e = __va(mi->mmap_addr), *end = e + mi->mmap_length;

        /* Each entry is preceded by its size (which excludes the size field). */
        while ( e + 24 <= end )
        {
            uint32_t sz = *(uint32_t *)e;

            add_e820(bi, *(uint64_t *)(e + 4), *(uint64_t *)(e + 12),
                     *(uint32_t *)(e + 20));
            e += sz + 4;
        }
    }
    else if ( mi->flags & 1 )
    {
        add_e820(bi, 0, (uint64_t)mi->mem_lower << 10, E820_RAM);
        add_e820(bi, 1 << 20, (uint64_t)mi->mem_upper << 10, E820_RAM);
    }
    return 0;
}

int multiboot_parse(uint32_t magic, paddr_t mbi, struct boot_info *bi)
{
    if ( magic == MB2_BOOTLOADER_MAGIC )
        return parse_mb2(mbi, bi);
    if ( magic == MB1_BOOTLOADER_MAGIC )
        return parse_mb1(mbi, bi);
    return -1;
}
