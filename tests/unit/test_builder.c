/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host tests of the PV domain builder's pure parts (dom0-tools/builder):
 * kernel parsing (a synthetic ELF with Xen notes, error messages, and
 * Debian's real bzImage when the cache has it), the virtual layout and the
 * bootstrap page tables, walked like the MMU would.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <public/elfnote.h>

#include "builder.h"
#include "harness.h"

#define VB 0xffffffff80000000ull

/* A minimal 64-bit ELF: one PT_LOAD at paddr 16 MiB, one PT_NOTE. */
static uint8_t *make_elf(size_t *size, int with_notes)
{
    size_t note_off = 0x200, load_off = 0x1000, n = 0x3000;
    uint8_t *img = calloc(1, n);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
    Elf64_Phdr *ph = (Elf64_Phdr *)(img + sizeof(*eh));
    uint32_t *note = (uint32_t *)(img + note_off);
    uint64_t vals[3][2] = { { XEN_ELFNOTE_VIRT_BASE, VB },
                            { XEN_ELFNOTE_PADDR_OFFSET, 0 },
                            { XEN_ELFNOTE_ENTRY, VB + 0x1000010 } };

    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_machine = EM_X86_64;
    eh->e_phoff = sizeof(*eh);
    eh->e_phnum = 2;
    eh->e_entry = 0x1234;
    for (int i = 0; i < 3 && with_notes; i++, note += 6) {
        note[0] = 4;
        note[1] = 8;
        note[2] = (uint32_t)vals[i][0];
        memcpy(&note[3], "Xen", 4);
        memcpy(&note[4], &vals[i][1], 8);
    }
    ph[0].p_type = PT_NOTE;
    ph[0].p_offset = note_off;
    ph[0].p_filesz = 3 * 24;
    ph[1].p_type = PT_LOAD;
    ph[1].p_offset = load_off;
    ph[1].p_paddr = 0x1000000;
    ph[1].p_vaddr = 0;                  /* ignored, as for Linux per-CPU */
    ph[1].p_filesz = 0x2000;
    ph[1].p_memsz = 0x5000;
    memset(img + load_off, 0xab, 0x2000);
    *size = n;
    return img;
}

static void test_elf_notes(void)
{
    struct xb_kernel k;
    struct xb_err e;
    size_t n;
    uint8_t *img = make_elf(&n, 1);

    CU_ASSERT_EQUAL_FATAL(xb_kernel_parse(img, n, &k, &e), 0);
    CU_ASSERT_EQUAL(k.virt_base, VB);
    CU_ASSERT_EQUAL(k.entry, VB + 0x1000010);
    CU_ASSERT_EQUAL(k.kstart, VB + 0x1000000);
    CU_ASSERT_EQUAL(k.kend, VB + 0x1005000);
    CU_ASSERT_EQUAL(k.nr_segs, 1);
    CU_ASSERT_EQUAL(k.hypercall_page, 0);
    CU_ASSERT_STRING_EQUAL(k.format, "ELF");
    xb_kernel_free(&k);
}

static void test_elf_errors(void)
{
    struct xb_kernel k;
    struct xb_err e;
    size_t n;
    uint8_t *img = make_elf(&n, 0);

    CU_ASSERT_EQUAL(xb_kernel_parse(img, n, &k, &e), -ENOEXEC);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "CONFIG_XEN_PV"));
    img = calloc(1, 4096);
    CU_ASSERT_EQUAL(xb_kernel_parse(img, 4096, &k, &e), -ENOEXEC);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "neither an ELF file nor"));
    CU_ASSERT_EQUAL(xb_kernel_load("/nonexistent/vmlinuz", &k, &e), -ENOENT);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "cannot open kernel"));
}

static void test_debian_bzimage(void)
{
    struct xb_kernel k;
    struct xb_err e;
    FILE *f = fopen(XB_TEST_KERNEL, "rb");

    if (!f) {
        printf("  (no %s: real-kernel check skipped)\n", XB_TEST_KERNEL);
        return;
    }
    fclose(f);
    CU_ASSERT_EQUAL_FATAL(xb_kernel_load(XB_TEST_KERNEL, &k, &e), 0);
    CU_ASSERT_STRING_EQUAL(k.format, "bzImage+xz");
    CU_ASSERT_EQUAL(k.virt_base, VB);
    CU_ASSERT_EQUAL(k.kstart, VB + 0x1000000);
    /* 6.1.1xx dropped the HYPERCALL_PAGE note (it builds its own stubs). */
    CU_ASSERT(!k.hypercall_page ||
              (k.hypercall_page >= k.kstart && k.hypercall_page < k.kend));
    CU_ASSERT(k.entry >= k.kstart && k.entry < k.kend);
    xb_kernel_free(&k);
}

static struct xb_kernel fake_kernel(uint64_t end_mib)
{
    struct xb_kernel k = { .virt_base = VB, .kstart = VB + (16 << 20),
                           .kend = VB + (end_mib << 20) + 123 };
    return k;
}

static void test_layout_order(void)
{
    struct xb_kernel k = fake_kernel(40);
    struct xb_layout l;
    struct xb_err e;

    CU_ASSERT_EQUAL_FATAL(xb_layout_compute(&k, 1000000, 32768, &l, &e), 0);
    CU_ASSERT_EQUAL(l.kernel_pfn, 0x1000);
    CU_ASSERT_EQUAL(l.ramdisk_pfn, (40 << 8) + 1);
    CU_ASSERT_EQUAL(l.ramdisk_pages, 245);
    CU_ASSERT_EQUAL(l.p2m_pfn, l.ramdisk_pfn + 245);
    CU_ASSERT_EQUAL(l.p2m_pages, 64);
    CU_ASSERT_EQUAL(l.start_info_pfn, l.p2m_pfn + 64);
    CU_ASSERT_EQUAL(l.store_pfn, l.start_info_pfn + 1);
    CU_ASSERT_EQUAL(l.console_pfn, l.store_pfn + 1);
    CU_ASSERT_EQUAL(l.pt_pfn, l.console_pfn + 1);
    CU_ASSERT_EQUAL(l.nr_l3, 1);
    CU_ASSERT_EQUAL(l.nr_l2, 1);
    CU_ASSERT_EQUAL(l.nr_l1, l.mapped_pages / 512);
    CU_ASSERT_EQUAL(l.nr_pt, 3 + l.nr_l1);
    CU_ASSERT_EQUAL(l.stack_pfn, l.pt_pfn + l.nr_pt);
    CU_ASSERT_EQUAL(l.mapped_pages % 1024, 0);          /* 4 MiB */
    CU_ASSERT(l.mapped_pages >= l.stack_pfn + 1 + 128); /* 512 KiB slack */
}

/*
 * Pins: the exact layouts of representative kernels, so that moving the
 * layout code cannot change what a guest sees. Figures in PFNs from
 * VIRT_BASE (x/y/z: L3, L2 and L1 tables).
 */
static void test_layout_pins(void)
{
    struct xb_kernel linux_k = { .virt_base = VB, .kstart = VB + 0x1000000,
                                 .kend = VB + (40ull << 20) + 123 };
    struct xb_kernel xtf_k = { .virt_base = 0, .kstart = 0x100000,
                               .kend = 0x10a000 };
    struct xb_layout l;
    struct xb_err e;

    /* Linux domU, 256 MiB, 5 MiB ramdisk. */
    CU_ASSERT_EQUAL_FATAL(xb_layout_compute(&linux_k, 5 << 20, 65536, &l,
                                            &e), 0);
    CU_ASSERT_EQUAL(l.kernel_pfn, 0x1000);
    CU_ASSERT_EQUAL(l.kernel_end_pfn, 0x2801);
    CU_ASSERT_EQUAL(l.ramdisk_pfn, 0x2801);
    CU_ASSERT_EQUAL(l.ramdisk_pages, 0x500);
    CU_ASSERT_EQUAL(l.p2m_pfn, 0x2d01);
    CU_ASSERT_EQUAL(l.p2m_pages, 0x80);
    CU_ASSERT_EQUAL(l.start_info_pfn, 0x2d81);
    CU_ASSERT_EQUAL(l.store_pfn, 0x2d82);
    CU_ASSERT_EQUAL(l.console_pfn, 0x2d83);
    CU_ASSERT_EQUAL(l.pt_pfn, 0x2d84);
    CU_ASSERT_EQUAL(l.nr_pt, 27);                       /* 1/1/24 */
    CU_ASSERT_EQUAL(l.nr_l1, 24);
    CU_ASSERT_EQUAL(l.stack_pfn, 0x2d9f);
    CU_ASSERT_EQUAL(l.mapped_pages, 0x3000);

    /* XTF-like kernel linked at 1 MiB, 128 MiB, no ramdisk. */
    CU_ASSERT_EQUAL_FATAL(xb_layout_compute(&xtf_k, 0, 32768, &l, &e), 0);
    CU_ASSERT_EQUAL(l.kernel_pfn, 0x100);
    CU_ASSERT_EQUAL(l.p2m_pfn, 0x10a);
    CU_ASSERT_EQUAL(l.p2m_pages, 0x40);
    CU_ASSERT_EQUAL(l.start_info_pfn, 0x14a);
    CU_ASSERT_EQUAL(l.store_pfn, 0x14b);
    CU_ASSERT_EQUAL(l.console_pfn, 0x14c);
    CU_ASSERT_EQUAL(l.pt_pfn, 0x14d);
    CU_ASSERT_EQUAL(l.nr_pt, 5);                        /* 1/1/2 */
    CU_ASSERT_EQUAL(l.stack_pfn, 0x152);
    CU_ASSERT_EQUAL(l.mapped_pages, 0x400);
}

static void test_layout_too_small(void)
{
    struct xb_kernel k = fake_kernel(60);
    struct xb_layout l;
    struct xb_err e;

    CU_ASSERT_EQUAL(xb_layout_compute(&k, 0, 12288, &l, &e), -ENOMEM);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "raise memory="));
}

#define MFN(pfn) ((pfn) * 3 + 0x10000)

/* Walk VA through the tables as the MMU would; returns the leaf PTE. */
static uint64_t walk(const struct xb_layout *l, const uint64_t *pt,
                     uint64_t va)
{
    uint64_t e = pt[(va >> 39) & 511];

    for (int shift = 30; shift >= 12; shift -= 9) {
        uint64_t pfn = (((e >> 12) & 0xffffffffffull) - 0x10000) / 3;

        CU_ASSERT_FATAL(e & 1);
        CU_ASSERT_EQUAL(e & 0x67, 0x67);                /* P|RW|U|A|D */
        CU_ASSERT_FATAL(pfn > l->pt_pfn && pfn < l->pt_pfn + l->nr_pt);
        e = pt[(pfn - l->pt_pfn) * 512 + ((va >> shift) & 511)];
    }
    return e;
}

static void test_pagetables(void)
{
    struct xb_kernel k = fake_kernel(40);
    struct xb_layout l;
    struct xb_err e;
    uint64_t *p2m, *pt;

    CU_ASSERT_EQUAL_FATAL(xb_layout_compute(&k, 5 << 20, 65536, &l, &e), 0);
    p2m = malloc(l.nr_pages * 8);
    pt = malloc(l.nr_pt * 4096);
    for (uint64_t i = 0; i < l.nr_pages; i++)
        p2m[i] = MFN(i);
    xb_pt_fill(&l, p2m, pt);
    for (uint64_t pfn = 0; pfn < l.mapped_pages; pfn++) {
        uint64_t pte = walk(&l, pt, VB + (pfn << 12));
        int is_pt = pfn >= l.pt_pfn && pfn < l.pt_pfn + l.nr_pt;

        CU_ASSERT_EQUAL(pte >> 12, MFN(pfn));
        CU_ASSERT_EQUAL(pte & 0xfff, is_pt ? 0x21 : 0x23);
    }
    /* Nothing mapped past v_end, and only L4 slot 511 used. */
    CU_ASSERT_EQUAL(pt[(1 + l.nr_l3) * 512 +
                       (((VB + (l.mapped_pages << 12)) >> 21) & 511)], 0);
    for (int i = 0; i < 511; i++)
        CU_ASSERT_EQUAL(pt[i], 0);
    free(p2m);
    free(pt);
}

static CU_TestInfo cases[] = {
    { "elf_notes", test_elf_notes },
    { "elf_errors", test_elf_errors },
    { "debian_bzimage", test_debian_bzimage },
    { "layout_order", test_layout_order },
    { "layout_pins", test_layout_pins },
    { "layout_too_small", test_layout_too_small },
    { "pagetables", test_pagetables },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("builder", NULL, NULL, cases);
