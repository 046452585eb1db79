/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host tests for xen/lib/libelf*.c: hand-built ELF64 images with Xen
 * notes (accept/reject rules of pv-abi-ladder 1.2), hostile headers, the
 * segment loader, and Debian's real kernel when it has been fetched.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/libelf.h>
#include <xen/decompress.h>
#include "harness.h"

#define IMG_CAP   0x4000
#define PHDR_OFF  0x40
#define NOTE_OFF  0x200
#define SHDR_OFF  0x800
#define LOAD_OFF  0x1000

struct note {
    uint32_t type;
    uint32_t descsz;
    const void *desc;           /* NULL: the low descsz bytes of num, LE */
    uint64_t num;
};

struct spec {
    uint16_t machine;
    uint64_t entry;
    uint64_t paddr, vaddr, filesz, memsz, offset;
    bool no_load;
    bool in_section;            /* notes in an SHT_NOTE only, no PT_NOTE */
    unsigned int nnotes;
    struct note notes[24];
};

static uint8_t img[IMG_CAP];
static size_t img_len;
static struct elf_binary elf;
static struct elf_dom_parms parms;

static void put16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }
static void put64(uint8_t *p, uint64_t v) { put32(p, v); put32(p + 4, v >> 32); }

static void add_str(struct spec *s, uint32_t type, const char *str)
{
    s->notes[s->nnotes++] = (struct note){ type, strlen(str) + 1, str, 0 };
}

static void add_num(struct spec *s, uint32_t type, uint32_t size, uint64_t v)
{
    s->notes[s->nnotes++] = (struct note){ type, size, NULL, v };
}

static void del_note(struct spec *s, uint32_t type)
{
    for ( unsigned int i = 0; i < s->nnotes; i++ )
        if ( s->notes[i].type == type )
        {
            memmove(&s->notes[i], &s->notes[i + 1],
                    (s->nnotes - i - 1) * sizeof(s->notes[0]));
            s->nnotes--;
            i--;
        }
}

/* What XTF's pv64 kernels look like (pv-abi-ladder 1.2). */
static void spec_xtf(struct spec *s)
{
    memset(s, 0, sizeof(*s));
    s->machine = 62;
    s->entry = 0x100000;
    s->paddr = s->vaddr = 0x100000;
    s->filesz = 0x2000;
    s->memsz = 0x11000;
    s->offset = LOAD_OFF;
    add_str(s, XEN_ELFNOTE_GUEST_OS, "XTF");
    add_str(s, XEN_ELFNOTE_GUEST_VERSION, "0");
    add_str(s, XEN_ELFNOTE_LOADER, "generic");
    add_str(s, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    add_num(s, XEN_ELFNOTE_HYPERCALL_PAGE, 8, 0x106000);
    add_str(s, XEN_ELFNOTE_FEATURES, "!writable_page_tables|pae_pgdir_above_4gb");
    add_str(s, XEN_ELFNOTE_PAE_MODE, "yes");
}

/* What Linux 6.1 carries (pv-abi-ladder 3.1), scaled down. */
static void spec_linux(struct spec *s)
{
    memset(s, 0, sizeof(*s));
    s->machine = 62;
    s->entry = 0x1000000;
    s->paddr = 0x1000000;
    s->vaddr = 0xffffffff81000000;
    s->filesz = 0x2000;
    s->memsz = 0x400000;
    s->offset = LOAD_OFF;
    add_str(s, XEN_ELFNOTE_GUEST_OS, "linux");
    add_str(s, XEN_ELFNOTE_GUEST_VERSION, "2.6");
    add_str(s, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    add_num(s, XEN_ELFNOTE_VIRT_BASE, 8, 0xffffffff80000000);
    add_num(s, XEN_ELFNOTE_INIT_P2M, 8, 0x8000000000);
    add_num(s, XEN_ELFNOTE_ENTRY, 8, 0xffffffff810001c0);
    add_num(s, XEN_ELFNOTE_PADDR_OFFSET, 8, 0);
    add_str(s, XEN_ELFNOTE_FEATURES, "!writable_page_tables|pae_pgdir_above_4gb");
    add_num(s, XEN_ELFNOTE_SUPPORTED_FEATURES, 4, 0x8801);
    add_str(s, XEN_ELFNOTE_PAE_MODE, "yes");
    add_str(s, XEN_ELFNOTE_LOADER, "generic");
    add_num(s, XEN_ELFNOTE_L1_MFN_VALID, 8, 1);
    add_num(s, XEN_ELFNOTE_SUSPEND_CANCEL, 4, 1);
    add_num(s, XEN_ELFNOTE_MOD_START_PFN, 4, 1);
    add_num(s, XEN_ELFNOTE_HV_START_LOW, 8, 0xffff800000000000);
}

static size_t build(const struct spec *s)
{
    size_t pos = NOTE_OFF, notes_len;
    unsigned int phnum = 0;
    uint8_t *ph;

    memset(img, 0, sizeof(img));
    memcpy(img, "\x7f" "ELF\x02\x01\x01", 7);
    put16(img + 16, 2);                         /* ET_EXEC */
    put16(img + 18, s->machine);
    put32(img + 20, 1);
    put64(img + 24, s->entry);
    put64(img + 32, PHDR_OFF);
    put16(img + 52, 64);
    put16(img + 54, 56);
    put16(img + 58, 64);

    for ( unsigned int i = 0; i < s->nnotes; i++ )
    {
        const struct note *n = &s->notes[i];

        put32(img + pos, 4);
        put32(img + pos + 4, n->descsz);
        put32(img + pos + 8, n->type);
        memcpy(img + pos + 12, "Xen", 4);
        if ( n->desc )
            memcpy(img + pos + 16, n->desc, n->descsz);
        else
            for ( unsigned int b = 0; b < n->descsz && b < 8; b++ )
                img[pos + 16 + b] = n->num >> (8 * b);
        pos += 16 + ROUNDUP(n->descsz, 4);
    }
    notes_len = pos - NOTE_OFF;

    if ( !s->no_load )
    {
        ph = img + PHDR_OFF + 56 * phnum++;
        put32(ph, 1);                           /* PT_LOAD */
        put32(ph + 4, 7);
        put64(ph + 8, s->offset);
        put64(ph + 16, s->vaddr);
        put64(ph + 24, s->paddr);
        put64(ph + 32, s->filesz);
        put64(ph + 40, s->memsz);
        put64(ph + 48, 0x1000);
    }
    if ( !s->in_section && s->nnotes )
    {
        ph = img + PHDR_OFF + 56 * phnum++;
        put32(ph, 4);                           /* PT_NOTE */
        put64(ph + 8, NOTE_OFF);
        put64(ph + 32, notes_len);
        put64(ph + 40, notes_len);
        put64(ph + 48, 4);
    }
    /* Always a section table: null section + one SHT_NOTE (or SHT_PROGBITS). */
    put64(img + 40, SHDR_OFF);
    put16(img + 60, 2);
    put32(img + SHDR_OFF + 64 + 4, s->in_section ? 7 : 1);
    put64(img + SHDR_OFF + 64 + 24, NOTE_OFF);
    put64(img + SHDR_OFF + 64 + 32, notes_len);
    put64(img + SHDR_OFF + 64 + 48, 4);
    put16(img + 56, phnum);

    for ( unsigned int i = 0; i < 0x3000; i++ )
        img[LOAD_OFF + i] = i * 7 + 1;          /* segment contents */
    img_len = LOAD_OFF + 0x3000;
    return img_len;
}

static int parse_flags(const struct spec *s, unsigned int flags)
{
    int rc;

    build(s);
    rc = elf_init(&elf, img, img_len);
    if ( !rc )
        rc = elf_xen_parse(&elf, &parms, flags);
    return rc;
}

static int parse(const struct spec *s)
{
    return parse_flags(s, 0);
}

#define ASSERT_REASON(sub) \
    CU_ASSERT_PTR_NOT_NULL(strstr(elf.reason, (sub)))

static void test_xtf(void)
{
    struct spec s;

    spec_xtf(&s);
    CU_ASSERT_EQUAL_FATAL(parse(&s), 0);
    CU_ASSERT_STRING_EQUAL(elf.reason, "");
    CU_ASSERT_EQUAL(parms.virt_base, 0);
    CU_ASSERT_EQUAL(parms.elf_paddr_offset, 0);
    CU_ASSERT_EQUAL(parms.virt_offset, 0);
    CU_ASSERT_EQUAL(parms.virt_kstart, 0x100000);
    CU_ASSERT_EQUAL(parms.virt_kend, 0x111000);
    CU_ASSERT_EQUAL(parms.virt_entry, 0x100000);
    CU_ASSERT_EQUAL(parms.virt_hypercall, 0x106000);
    CU_ASSERT_EQUAL(parms.p2m_base, ELF_UNSET_ADDR);
    CU_ASSERT_EQUAL(parms.virt_hv_start_low, ELF_UNSET_ADDR);
    CU_ASSERT_FALSE(parms.mod_start_pfn);
    CU_ASSERT_EQUAL(parms.pae, ELF_PAE_YES);
    CU_ASSERT_EQUAL(parms.f_required[0], 1u << XENFEAT_writable_page_tables);
    CU_ASSERT_EQUAL(parms.f_supported[0], (1u << XENFEAT_writable_page_tables) |
                    (1u << XENFEAT_pae_pgdir_above_4gb));
    CU_ASSERT_STRING_EQUAL(parms.guest_os, "XTF");
    CU_ASSERT_STRING_EQUAL(parms.loader, "generic");
    CU_ASSERT_TRUE(elf_note_seen(&parms, XEN_ELFNOTE_HYPERCALL_PAGE));
    CU_ASSERT_FALSE(elf_note_seen(&parms, XEN_ELFNOTE_VIRT_BASE));
    /* XTF has no SUPPORTED_FEATURES: fine as dom0 too. */
    CU_ASSERT_EQUAL(parse_flags(&s, ELF_XEN_INITIAL_DOMAIN), 0);
}

static void test_linux_layout(void)
{
    struct spec s;

    spec_linux(&s);
    CU_ASSERT_EQUAL_FATAL(parse_flags(&s, ELF_XEN_INITIAL_DOMAIN), 0);
    CU_ASSERT_EQUAL(parms.virt_base, 0xffffffff80000000);
    CU_ASSERT_EQUAL(parms.virt_offset, 0xffffffff80000000);
    CU_ASSERT_EQUAL(parms.virt_kstart, 0xffffffff81000000);
    CU_ASSERT_EQUAL(parms.virt_kend, 0xffffffff81400000);
    CU_ASSERT_EQUAL(parms.virt_entry, 0xffffffff810001c0);
    CU_ASSERT_EQUAL(parms.p2m_base, 0x8000000000);
    CU_ASSERT_EQUAL(parms.virt_hypercall, ELF_UNSET_ADDR);
    CU_ASSERT_EQUAL(parms.virt_hv_start_low, 0xffff800000000000);
    CU_ASSERT_TRUE(parms.mod_start_pfn);
    CU_ASSERT_TRUE(parms.suspend_cancel);
    CU_ASSERT_TRUE(elf_feature_test(parms.f_supported, XENFEAT_dom0));
    CU_ASSERT_TRUE(elf_feature_test(parms.f_supported, 15));
    CU_ASSERT_EQUAL(parms.pstart, 0x1000000);
    CU_ASSERT_EQUAL(parms.pend, 0x1400000);

    /* PADDR_OFFSET shifts where paddrs land. */
    del_note(&s, XEN_ELFNOTE_PADDR_OFFSET);
    add_num(&s, XEN_ELFNOTE_PADDR_OFFSET, 8, 0x1000000);
    del_note(&s, XEN_ELFNOTE_ENTRY);
    add_num(&s, XEN_ELFNOTE_ENTRY, 8, 0xffffffff80000000);
    CU_ASSERT_EQUAL(parse(&s), 0);
    CU_ASSERT_EQUAL(parms.virt_kstart, 0xffffffff80000000);
}

static void test_numeric_widths(void)
{
    static const struct { uint32_t size; uint64_t v; } w[] = {
        { 1, 0x12 }, { 2, 0x1234 }, { 4, 0x12345678 },
        { 8, 0xffff800000000000 },
    };
    struct spec s;

    for ( unsigned int i = 0; i < ARRAY_SIZE(w); i++ )
    {
        spec_xtf(&s);
        add_num(&s, XEN_ELFNOTE_HV_START_LOW, w[i].size, w[i].v);
        add_num(&s, XEN_ELFNOTE_MOD_START_PFN, w[i].size, 1);
        CU_ASSERT_EQUAL(parse(&s), 0);
        CU_ASSERT_EQUAL(parms.virt_hv_start_low, w[i].v);
        CU_ASSERT_TRUE(parms.mod_start_pfn);
    }
    /* Widths other than 1/2/4/8 are malformed. */
    for ( uint32_t size = 0; size <= 9; size += 3 )
    {
        spec_xtf(&s);
        add_num(&s, XEN_ELFNOTE_INIT_P2M, size, 0x8000000000);
        CU_ASSERT_EQUAL(parse(&s), -EINVAL);
        ASSERT_REASON("INIT_P2M note has unsupported size");
    }
    /* SUPPORTED_FEATURES is a u32 array. */
    spec_xtf(&s);
    add_num(&s, XEN_ELFNOTE_SUPPORTED_FEATURES, 2, 0x801);
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
}

static void test_missing_notes(void)
{
    struct spec s;

    spec_xtf(&s);
    del_note(&s, XEN_ELFNOTE_XEN_VERSION);
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
    CU_ASSERT_STRING_EQUAL(elf.reason, "XEN_VERSION note missing");

    spec_xtf(&s);
    s.nnotes = 0;
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
    ASSERT_REASON("no Xen ELF notes");

    /* No ENTRY note: e_entry. No VIRT_BASE: 0. */
    spec_xtf(&s);
    s.entry = 0x100040;
    CU_ASSERT_EQUAL(parse(&s), 0);
    CU_ASSERT_EQUAL(parms.virt_entry, 0x100040);
}

static void test_xen_version(void)
{
    static const char *const bad[] = { "xen-2.0", "xen-3", "", "XEN-3.0" };
    struct spec s;

    for ( unsigned int i = 0; i < ARRAY_SIZE(bad); i++ )
    {
        spec_xtf(&s);
        del_note(&s, XEN_ELFNOTE_XEN_VERSION);
        add_str(&s, XEN_ELFNOTE_XEN_VERSION, bad[i]);
        CU_ASSERT_EQUAL(parse(&s), -EINVAL);
        ASSERT_REASON("is not xen-3.0");
    }
    /* A prefix match, like Xen: "xen-3.0-x86_64" is fine. */
    spec_xtf(&s);
    del_note(&s, XEN_ELFNOTE_XEN_VERSION);
    add_str(&s, XEN_ELFNOTE_XEN_VERSION, "xen-3.0-x86_64");
    CU_ASSERT_EQUAL(parse(&s), 0);
}

static void test_loader_rule(void)
{
    struct spec s;

    spec_xtf(&s);
    del_note(&s, XEN_ELFNOTE_LOADER);
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
    ASSERT_REASON("LOADER");

    add_str(&s, XEN_ELFNOTE_LOADER, "other");
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);

    /* GUEST_OS linux needs no LOADER. */
    spec_linux(&s);
    del_note(&s, XEN_ELFNOTE_LOADER);
    CU_ASSERT_EQUAL(parse(&s), 0);
}

static void test_features(void)
{
    struct spec s;

    spec_xtf(&s);
    del_note(&s, XEN_ELFNOTE_FEATURES);
    add_str(&s, XEN_ELFNOTE_FEATURES, "!frobnicate|dom0");
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
    CU_ASSERT_STRING_EQUAL(elf.reason,
                           "FEATURES requires unknown feature 'frobnicate'");

    /* Unknown but optional: ignored. Empty items are skipped. */
    del_note(&s, XEN_ELFNOTE_FEATURES);
    add_str(&s, XEN_ELFNOTE_FEATURES, "frobnicate||!dom0|");
    CU_ASSERT_EQUAL(parse(&s), 0);
    CU_ASSERT_EQUAL(parms.f_required[0], 1u << XENFEAT_dom0);
    CU_ASSERT_EQUAL(parms.f_supported[0], 1u << XENFEAT_dom0);

    del_note(&s, XEN_ELFNOTE_FEATURES);
    add_str(&s, XEN_ELFNOTE_FEATURES, "writable_page_tables|!supervisor_mode_kernel");
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
    ASSERT_REASON("supervisor_mode_kernel");

    del_note(&s, XEN_ELFNOTE_FEATURES);
    add_str(&s, XEN_ELFNOTE_FEATURES, "supervisor_mode_kernel|hvm_callback_vector");
    CU_ASSERT_EQUAL(parse(&s), 0);
    CU_ASSERT_EQUAL(parms.f_required[0], 0);

    /* A prefix of a known name is not that name. */
    del_note(&s, XEN_ELFNOTE_FEATURES);
    add_str(&s, XEN_ELFNOTE_FEATURES, "!writable");
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
}

static void test_dom0_requirement(void)
{
    struct spec s;

    spec_linux(&s);
    del_note(&s, XEN_ELFNOTE_SUPPORTED_FEATURES);
    add_num(&s, XEN_ELFNOTE_SUPPORTED_FEATURES, 4, 0x8001);  /* no dom0 bit */
    CU_ASSERT_EQUAL(parse_flags(&s, ELF_XEN_INITIAL_DOMAIN), -EINVAL);
    ASSERT_REASON("dom0");
    CU_ASSERT_EQUAL(parse_flags(&s, 0), 0);     /* fine as a domU */

    /* FEATURES "dom0" does not stand in for SUPPORTED_FEATURES... */
    del_note(&s, XEN_ELFNOTE_FEATURES);
    add_str(&s, XEN_ELFNOTE_FEATURES, "dom0");
    /* ...but the bitmaps are merged, so the bit is set. */
    CU_ASSERT_EQUAL(parse_flags(&s, ELF_XEN_INITIAL_DOMAIN), 0);
}

static void test_entry_bounds(void)
{
    struct spec s;

    spec_xtf(&s);
    add_num(&s, XEN_ELFNOTE_ENTRY, 8, 0x200000);
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
    ASSERT_REASON("entry 0x200000 outside the kernel");

    spec_xtf(&s);
    s.entry = 0x111000;                         /* == kend */
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
    s.entry = 0x110fff;
    CU_ASSERT_EQUAL(parse(&s), 0);
    s.entry = 0xfffff;
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);

    /* VIRT_BASE above the kernel. */
    spec_xtf(&s);
    add_num(&s, XEN_ELFNOTE_VIRT_BASE, 8, 0x80000);
    add_num(&s, XEN_ELFNOTE_PADDR_OFFSET, 8, 0x80000);
    CU_ASSERT_EQUAL(parse(&s), 0);              /* offset 0, base below kstart */
    spec_xtf(&s);
    add_num(&s, XEN_ELFNOTE_VIRT_BASE, 8, 0x101000);
    add_num(&s, XEN_ELFNOTE_PADDR_OFFSET, 8, 0x101000);
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
    ASSERT_REASON("VIRT_BASE");
}

static void test_hypercall_p2m(void)
{
    struct spec s;

    spec_xtf(&s);
    del_note(&s, XEN_ELFNOTE_HYPERCALL_PAGE);
    add_num(&s, XEN_ELFNOTE_HYPERCALL_PAGE, 8, 0x106800);   /* unaligned */
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
    ASSERT_REASON("HYPERCALL_PAGE");
    del_note(&s, XEN_ELFNOTE_HYPERCALL_PAGE);
    add_num(&s, XEN_ELFNOTE_HYPERCALL_PAGE, 8, 0x111000);   /* past kend */
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);

    spec_linux(&s);
    del_note(&s, XEN_ELFNOTE_INIT_P2M);
    add_num(&s, XEN_ELFNOTE_INIT_P2M, 8, 0xffffffff81200000);
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
    ASSERT_REASON("INIT_P2M");
}

static void test_duplicates(void)
{
    struct spec s;

    spec_xtf(&s);
    add_str(&s, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    add_num(&s, XEN_ELFNOTE_HYPERCALL_PAGE, 4, 0x106000);   /* same value */
    CU_ASSERT_EQUAL(parse(&s), 0);

    add_num(&s, XEN_ELFNOTE_HYPERCALL_PAGE, 8, 0x107000);
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
    CU_ASSERT_STRING_EQUAL(elf.reason,
                           "duplicate HYPERCALL_PAGE note with a different value");

    spec_xtf(&s);
    add_str(&s, XEN_ELFNOTE_GUEST_OS, "linux");
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
    ASSERT_REASON("duplicate GUEST_OS");

    spec_xtf(&s);
    add_str(&s, XEN_ELFNOTE_PAE_MODE, "no");
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
}

static void test_section_fallback(void)
{
    struct spec s;

    spec_xtf(&s);
    s.in_section = true;
    CU_ASSERT_EQUAL(parse(&s), 0);
    CU_ASSERT_EQUAL(parms.virt_hypercall, 0x106000);
}

static void test_bad_headers(void)
{
    struct spec s;
    uint8_t saved[64];

    CU_ASSERT_EQUAL(elf_init(&elf, "MZ\x90\x00", 4), -ENOEXEC);
    CU_ASSERT_EQUAL(elf_init(&elf, NULL, 0), -ENOEXEC);
    spec_xtf(&s);
    build(&s);
    for ( size_t n = 0; n < 64; n++ )
        CU_ASSERT_NOT_EQUAL(elf_init(&elf, img, n), 0);
    /* Headers end inside the image, but the program headers do not. */
    CU_ASSERT_EQUAL(elf_init(&elf, img, PHDR_OFF + 56), -EINVAL);
    ASSERT_REASON("program headers outside");
    CU_ASSERT_EQUAL(elf_init(&elf, img, PHDR_OFF + 2 * 56), -EINVAL);
    ASSERT_REASON("section headers outside");

    memcpy(saved, img, 64);
    img[4] = 1;                                 /* ELFCLASS32 */
    CU_ASSERT_EQUAL(elf_init(&elf, img, img_len), -ENOEXEC);
    memcpy(img, saved, 64);
    put16(img + 18, 3);                         /* EM_386 */
    CU_ASSERT_EQUAL(elf_init(&elf, img, img_len), -ENOEXEC);
    memcpy(img, saved, 64);
    put16(img + 16, 1);                         /* ET_REL */
    CU_ASSERT_EQUAL(elf_init(&elf, img, img_len), -ENOEXEC);
    memcpy(img, saved, 64);
    put64(img + 32, ~0ULL - 8);                 /* e_phoff overflows */
    CU_ASSERT_EQUAL(elf_init(&elf, img, img_len), -EINVAL);
    memcpy(img, saved, 64);
    put16(img + 56, 0xffff);                    /* PN_XNUM */
    CU_ASSERT_EQUAL(elf_init(&elf, img, img_len), -EINVAL);
    memcpy(img, saved, 64);
    put16(img + 56, 1000);                      /* table past the end */
    CU_ASSERT_EQUAL(elf_init(&elf, img, img_len), -EINVAL);
    memcpy(img, saved, 64);
    put16(img + 54, 32);                        /* e_phentsize */
    CU_ASSERT_EQUAL(elf_init(&elf, img, img_len), -EINVAL);
    memcpy(img, saved, 64);
    put64(img + 40, ~0ULL - 100);               /* e_shoff overflows */
    CU_ASSERT_EQUAL(elf_init(&elf, img, img_len), -EINVAL);
    memcpy(img, saved, 64);
    CU_ASSERT_EQUAL(elf_init(&elf, img, img_len), 0);
}

static void test_bad_segments(void)
{
    struct spec s;

    spec_xtf(&s);
    s.offset = ~0ULL - 0x100;                   /* offset + filesz wraps */
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
    ASSERT_REASON("outside the image");

    spec_xtf(&s);
    s.filesz = 0x3001;                          /* one byte past the file */
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);

    spec_xtf(&s);
    s.filesz = 0x3000;
    s.memsz = 0x2000;
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
    ASSERT_REASON("filesz > memsz");

    spec_xtf(&s);
    s.paddr = ~0ULL - 0x1000;                   /* paddr + memsz wraps */
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
    ASSERT_REASON("wraps");

    /* virt_offset pushes the end past 2^64. */
    spec_linux(&s);
    del_note(&s, XEN_ELFNOTE_VIRT_BASE);
    add_num(&s, XEN_ELFNOTE_VIRT_BASE, 8, 0xfffffffffff00000);
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);

    spec_xtf(&s);
    s.no_load = true;
    CU_ASSERT_EQUAL(parse(&s), -EINVAL);
    ASSERT_REASON("no loadable segments");
}

static void test_bad_notes(void)
{
    struct spec s;
    size_t note0 = NOTE_OFF;

    /* descsz running past the note area. */
    spec_xtf(&s);
    build(&s);
    put32(img + note0 + 4, 0xffffffff);
    CU_ASSERT_EQUAL(elf_init(&elf, img, img_len), 0);
    CU_ASSERT_EQUAL(elf_xen_parse(&elf, &parms, 0), -EINVAL);
    ASSERT_REASON("truncated ELF note");

    /* namesz likewise. */
    build(&s);
    put32(img + note0, 0xfffffff0);
    CU_ASSERT_EQUAL(elf_init(&elf, img, img_len), 0);
    CU_ASSERT_EQUAL(elf_xen_parse(&elf, &parms, 0), -EINVAL);

    /* PT_NOTE outside the file, and with an overflowing offset. */
    build(&s);
    put64(img + PHDR_OFF + 56 + 8, img_len - 8);
    CU_ASSERT_EQUAL(elf_init(&elf, img, img_len), 0);
    CU_ASSERT_EQUAL(elf_xen_parse(&elf, &parms, 0), -EINVAL);
    put64(img + PHDR_OFF + 56 + 8, ~0ULL - 4);
    CU_ASSERT_EQUAL(elf_xen_parse(&elf, &parms, 0), -EINVAL);

    /* Unterminated strings are bounded by descsz; unknown types ignored. */
    spec_xtf(&s);
    s.notes[s.nnotes++] = (struct note){ XEN_ELFNOTE_GUEST_VERSION, 1, "0", 0 };
    add_num(&s, 1000, 8, 0);
    add_str(&s, XEN_ELFNOTE_INFO, "whatever");
    CU_ASSERT_EQUAL(parse(&s), 0);
    CU_ASSERT_STRING_EQUAL(parms.guest_ver, "0");

    /* Over-long strings are truncated to the 16-byte fields. */
    spec_xtf(&s);
    del_note(&s, XEN_ELFNOTE_GUEST_OS);
    add_str(&s, XEN_ELFNOTE_GUEST_OS, "a-very-long-guest-os-name");
    CU_ASSERT_EQUAL(parse(&s), 0);
    CU_ASSERT_EQUAL(strlen(parms.guest_os), 15);
}

/* Every single-byte corruption of the headers and notes, and every length. */
static void test_fuzz(void)
{
    static uint8_t good[IMG_CAP];
    struct spec s;
    uint32_t seed = 12345;

    spec_linux(&s);
    build(&s);
    memcpy(good, img, img_len);
    for ( size_t n = 0; n <= img_len; n += (n < 0x1000 ? 1 : 0x100) )
        if ( !elf_init(&elf, good, n) )
            elf_xen_parse(&elf, &parms, ELF_XEN_INITIAL_DOMAIN);
    for ( unsigned int iter = 0; iter < 20000; iter++ )
    {
        size_t off;

        memcpy(img, good, img_len);
        for ( unsigned int k = 0; k < 1 + iter % 4; k++ )
        {
            seed = seed * 1103515245 + 12345;
            off = (seed >> 8) % (SHDR_OFF + 3 * 64);
            seed = seed * 1103515245 + 12345;
            img[off] = (iter & 1) ? (seed >> 16) : img[off] ^ (1u << (seed >> 29));
        }
        if ( !elf_init(&elf, img, img_len) &&
             !elf_xen_parse(&elf, &parms, ELF_XEN_INITIAL_DOMAIN) )
        {
            CU_ASSERT_TRUE(parms.virt_entry >= parms.virt_kstart &&
                           parms.virt_entry < parms.virt_kend);
        }
    }
}

/* A fake guest: the kernel's VA range backed by one host buffer. */
struct fake_guest {
    uint64_t base;
    uint8_t *mem;
    size_t size;
    unsigned int maps, unmaps, fail_at;
};

static void *fake_map(void *opaque, uint64_t va)
{
    struct fake_guest *g = opaque;

    CU_ASSERT_EQUAL(va & (PAGE_SIZE - 1), 0);
    if ( va < g->base || va - g->base >= g->size || ++g->maps == g->fail_at )
        return NULL;
    return g->mem + (va - g->base);
}

static void fake_unmap(void *opaque, void *page)
{
    struct fake_guest *g = opaque;

    (void)page;
    g->unmaps++;
}

static void test_load(void)
{
    struct fake_guest g = { 0 };
    struct elf_load_ops ops = { fake_map, fake_unmap, &g };
    struct spec s;

    spec_linux(&s);
    s.paddr = 0x1000800;                        /* unaligned start */
    s.filesz = 0x2345;
    s.memsz = 0x5000;
    del_note(&s, XEN_ELFNOTE_ENTRY);
    add_num(&s, XEN_ELFNOTE_ENTRY, 8, 0xffffffff81000800);
    CU_ASSERT_EQUAL_FATAL(parse(&s), 0);
    g.base = ROUNDDOWN(parms.virt_kstart, PAGE_SIZE);
    g.size = ROUNDUP(parms.virt_kend, PAGE_SIZE) - g.base;
    g.mem = malloc(g.size);
    memset(g.mem, 0xaa, g.size);
    CU_ASSERT_EQUAL(elf_load(&elf, &parms, &ops), 0);
    CU_ASSERT_EQUAL(memcmp(g.mem + 0x800, img + LOAD_OFF, 0x2345), 0);
    CU_ASSERT_EQUAL(g.mem[0x7ff], 0xaa);        /* before the segment: untouched */
    for ( size_t i = 0x800 + 0x2345; i < 0x800 + 0x5000; i++ )
        if ( g.mem[i] )
        {
            CU_FAIL("bss not zeroed");
            break;
        }
    CU_ASSERT_EQUAL(g.maps, g.unmaps);
    CU_ASSERT_TRUE(g.maps >= 6);                /* page by page */

    g.maps = g.unmaps = 0;
    g.fail_at = 3;
    CU_ASSERT_EQUAL(elf_load(&elf, &parms, &ops), -EFAULT);
    ASSERT_REASON("cannot map guest VA");
    free(g.mem);

    /* Segment lookup. */
    struct elf_segment seg;
    CU_ASSERT_EQUAL(elf_load_segment(&elf, 0, &seg), 0);
    CU_ASSERT_EQUAL(seg.paddr, 0x1000800);
    CU_ASSERT_EQUAL(seg.filesz, 0x2345);
    CU_ASSERT_EQUAL(elf_load_segment(&elf, 1, &seg), -ENOENT);
}

static void *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    void *buf = NULL;

    if ( !f )
        return NULL;
    if ( !fstat(fileno(f), &st) && (buf = malloc(st.st_size)) &&
         fread(buf, 1, st.st_size, f) != (size_t)st.st_size )
    {
        free(buf);
        buf = NULL;
    }
    *len = st.st_size;
    fclose(f);
    return buf;
}

#ifndef UNIT_SRCROOT
#define UNIT_SRCROOT "."
#endif

/* Debian's stock kernel: bzImage -> xz -> vmlinux with Linux's Xen notes. */
static void test_debian_kernel(void)
{
    struct bzimage_info bz;
    struct elf_binary kelf;
    struct elf_dom_parms p;
    glob_t g;
    size_t len, used;
    uint8_t *kernel, *vmlinux;

    if ( glob(UNIT_SRCROOT "/build/cache/linux/boot/vmlinuz-*", 0, NULL, &g) ||
         !g.gl_pathc )
    {
        printf("SKIP: libelf/debian-kernel: no build/cache/linux/boot/vmlinuz-* "
               "(run scripts/fetch-debian.sh)\n");
        return;
    }
    kernel = read_file(g.gl_pathv[0], &len);
    globfree(&g);
    CU_ASSERT_PTR_NOT_NULL_FATAL(kernel);

    CU_ASSERT_EQUAL_FATAL(bzimage_probe(kernel, len, &bz), 0);
    CU_ASSERT_TRUE(bz.version >= 0x208);
    CU_ASSERT_EQUAL(bz.format, DECOMP_XZ);
    vmlinux = malloc(bz.decompressed_size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(vmlinux);
    CU_ASSERT_EQUAL_FATAL(bzimage_unwrap(kernel, len, vmlinux,
                                         bz.decompressed_size, &used), 0);
    CU_ASSERT_EQUAL(used, bz.decompressed_size);

    CU_ASSERT_EQUAL_FATAL(elf_init(&kelf, vmlinux, used), 0);
    CU_ASSERT_EQUAL(elf_xen_parse(&kelf, &p, ELF_XEN_INITIAL_DOMAIN), 0);
    CU_ASSERT_STRING_EQUAL(kelf.reason, "");
    CU_ASSERT_EQUAL(p.virt_base, 0xffffffff80000000);
    CU_ASSERT_EQUAL(p.elf_paddr_offset, 0);
    CU_ASSERT_EQUAL(p.p2m_base, 0x8000000000);
    CU_ASSERT_TRUE(p.mod_start_pfn);
    CU_ASSERT_EQUAL(p.virt_kstart, 0xffffffff81000000);
    CU_ASSERT_TRUE(p.virt_entry > p.virt_kstart && p.virt_entry < p.virt_kend);
    CU_ASSERT_NOT_EQUAL(p.virt_entry, kelf.entry);  /* startup_xen, not startup_64 */
    CU_ASSERT_TRUE(elf_feature_test(p.f_supported, XENFEAT_dom0));
    CU_ASSERT_TRUE(elf_feature_test(p.f_required, XENFEAT_writable_page_tables));
    CU_ASSERT_STRING_EQUAL(p.guest_os, "linux");
    CU_ASSERT_STRING_EQUAL(p.xen_ver, "xen-3.0");
    CU_ASSERT_EQUAL(p.pae, ELF_PAE_YES);
    printf("libelf/debian-kernel: %zu -> %zu bytes, kernel [%#llx, %#llx) "
           "entry %#llx\n", len, used, (unsigned long long)p.virt_kstart,
           (unsigned long long)p.virt_kend, (unsigned long long)p.virt_entry);
    free(vmlinux);
    free(kernel);
}

static CU_TestInfo cases[] = {
    { "xtf", test_xtf },
    { "linux-layout", test_linux_layout },
    { "numeric-widths", test_numeric_widths },
    { "missing-notes", test_missing_notes },
    { "xen-version", test_xen_version },
    { "loader-rule", test_loader_rule },
    { "features", test_features },
    { "dom0-requirement", test_dom0_requirement },
    { "entry-bounds", test_entry_bounds },
    { "hypercall-p2m", test_hypercall_p2m },
    { "duplicates", test_duplicates },
    { "section-fallback", test_section_fallback },
    { "bad-headers", test_bad_headers },
    { "bad-segments", test_bad_segments },
    { "bad-notes", test_bad_notes },
    { "fuzz", test_fuzz },
    { "load", test_load },
    { "debian-kernel", test_debian_kernel },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("libelf", NULL, NULL, cases);
