/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host tests of the PV domain builder's pure parts (dom0-tools/builder):
 * kernel parsing (a synthetic ELF with Xen notes, error messages, and
 * Debian's real bzImage when the cache has it), the layout's error message
 * and the bootstrap page tables, walked like the MMU would. The layout
 * itself is tested once, in test_pv_layout.c.
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
    uint64_t vb = VB, off = 0, entry = VB + 0x1000010;
    struct { uint32_t type; const void *desc; } notes[] = {
        { XEN_ELFNOTE_XEN_VERSION, "xen-3.0" },
        { XEN_ELFNOTE_LOADER, "generic" },
        { XEN_ELFNOTE_VIRT_BASE, &vb },
        { XEN_ELFNOTE_PADDR_OFFSET, &off },
        { XEN_ELFNOTE_ENTRY, &entry },
    };
    int nr = with_notes ? 5 : 0;

    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_X86_64;
    eh->e_version = EV_CURRENT;
    eh->e_ehsize = sizeof(*eh);
    eh->e_phentsize = sizeof(*ph);
    eh->e_phoff = sizeof(*eh);
    eh->e_phnum = 2;
    eh->e_entry = 0x1234;
    for (int i = 0; i < nr; i++, note += 6) {   /* 8-byte descriptors */
        note[0] = 4;
        note[1] = 8;
        note[2] = notes[i].type;
        memcpy(&note[3], "Xen", 4);
        memcpy(&note[4], notes[i].desc, 8);
    }
    ph[0].p_type = PT_NOTE;
    ph[0].p_offset = note_off;
    ph[0].p_filesz = nr * 24;
    ph[0].p_align = 4;
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
    /* libelf's rules hold here too: no XEN_VERSION note, no domain. */
    img = make_elf(&n, 1);
    ((uint32_t *)(img + 0x200))[2] = XEN_ELFNOTE_GUEST_OS;
    CU_ASSERT_EQUAL(xb_kernel_parse(img, n, &k, &e), -ENOEXEC);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "XEN_VERSION note missing"));
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

static void test_layout_too_small(void)
{
    struct xb_kernel k = fake_kernel(60);
    struct pv_layout l;
    struct xb_err e;

    CU_ASSERT_EQUAL(xb_layout_compute(&k, 0, 12288, &l, &e), -ENOMEM);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "raise memory="));
}

#define MFN(pfn) ((pfn) * 3 + 0x10000)

/* Walk VA through the tables as the MMU would; returns the leaf PTE. */
static uint64_t walk(const struct pv_layout *l, const uint64_t *pt,
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
    struct pv_layout l;
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
    { "layout_too_small", test_layout_too_small },
    { "pagetables", test_pagetables },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("builder", NULL, NULL, cases);
