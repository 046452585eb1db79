/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host tests of the PV domain builder's pure parts (dom0-tools/builder):
 * kernel parsing (a synthetic ELF with Xen notes, error messages, and
 * Debian's real bzImage when the cache has it), compressed kernels in every
 * format (made with Debian's tools: bare and as bzImage payloads; corrupt,
 * truncated and oversized ones), the layout's error message
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
#include "host_tool.h"

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
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "neither an ELF file"));
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

/* Each format, made by Debian's tool, and the name the builder reports. */
static const struct {
    const char *tool, *cmd, *name;
    bool checksummed;           /* corruption must be detected */
} packers[] = {
    { "gzip",  "gzip -9 -c",           "gzip",      true },
    { "bzip2", "bzip2 -c",             "bzip2",     true },
    { "xz",    "xz -c --check=crc32",  "xz",        true },
    { "xz",    "xz -c --format=lzma",  "lzma",      false },
    { "lzop",  "lzop -c",              "lzo",       true },
    { "lz4",   "lz4 -l -c",            "lz4",       false },
    { "lz4",   "lz4 -c",               "lz4-frame", true },
    { "zstd",  "zstd -q -c",           "zstd",      true },
};

/* A bzImage header (boot protocol 2.08) around payload + the size word. */
static uint8_t *make_bzimage(const uint8_t *payload, size_t plen,
                             uint32_t usize, size_t *size)
{
    size_t setup = 5 * 512, n = setup + plen + 4;
    uint8_t *img = calloc(1, n);

    img[0x1fe] = 0x55;
    img[0x1ff] = 0xaa;
    memcpy(img + 0x202, "HdrS", 4);
    img[0x206] = 0x08;
    img[0x207] = 0x02;
    memcpy(img + 0x24c, &(uint32_t){ plen + 4 }, 4);
    memcpy(img + setup, payload, plen);
    memcpy(img + setup + plen, &usize, 4);
    *size = n;
    return img;
}

static void check_parses(uint8_t *img, size_t n, const char *format)
{
    struct xb_kernel k;
    struct xb_err e = { "" };
    int rc = xb_kernel_parse(img, n, &k, &e);

    if (rc)
        printf("  %s: %d %s\n", format, rc, e.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_STRING_EQUAL(k.format, format);
    CU_ASSERT_EQUAL(k.entry, VB + 0x1000010);
    CU_ASSERT_EQUAL(k.nr_segs, 1);
    CU_ASSERT_EQUAL(k.segs[0].data[0x1fff], 0xab);
    xb_kernel_free(&k);
}

static void test_compressed(void)
{
    for (unsigned int i = 0; i < sizeof(packers) / sizeof(packers[0]); i++) {
        size_t n, zlen, bzlen;
        uint8_t *elf = make_elf(&n, 1), *z, *copy, *bz;
        char fmt[32];

        if (host_tool_missing(packers[i].tool, "builder/compressed")) {
            free(elf);
            continue;
        }
        z = host_tool(packers[i].cmd, elf, n, &zlen);
        CU_ASSERT_PTR_NOT_NULL_FATAL(z);
        /* The bare compressed ELF, as Xen's libxenguest takes it. */
        copy = malloc(zlen);
        memcpy(copy, z, zlen);
        snprintf(fmt, sizeof(fmt), "ELF+%s", packers[i].name);
        check_parses(copy, zlen, fmt);
        /* As a bzImage payload, with Linux's size word after it. */
        bz = make_bzimage(z, zlen, n, &bzlen);
        snprintf(fmt, sizeof(fmt), "bzImage+%s", packers[i].name);
        check_parses(bz, bzlen, fmt);
        free(z);
        free(elf);
    }
}

/* Truncated, corrupted and oversized streams fail with a clear error. */
static void test_compressed_garbage(void)
{
    static const uint8_t noise_magic[][4] = {
        { 0x1f, 0x8b, 0x08, 0 }, { 'B', 'Z', 'h', '9' },
        { 0x5d, 0, 0, 0x80 }, { 0x89, 'L', 'Z', 'O' },
        { 0x02, 0x21, 0x4c, 0x18 }, { 0x04, 0x22, 0x4d, 0x18 },
        { 0x28, 0xb5, 0x2f, 0xfd }, { 0xfd, '7', 'z', 'X' },
    };
    uint32_t r = 7;

    for (unsigned int i = 0; i < sizeof(packers) / sizeof(packers[0]); i++) {
        size_t n, zlen, used;
        uint8_t *elf = make_elf(&n, 1), *z, *out;
        const char *fmt;
        struct xb_err e;
        unsigned int wrong = 0;

        if (host_tool_missing(packers[i].tool, "builder/garbage")) {
            free(elf);
            continue;
        }
        z = host_tool(packers[i].cmd, elf, n, &zlen);
        CU_ASSERT_PTR_NOT_NULL_FATAL(z);
        for (size_t cut = 0; cut < zlen; cut += 1 + zlen / 20) {
            int rc = xb_unpack(z, cut, XB_UNPACK_MAX, &out, &used, &fmt, &e);

            CU_ASSERT(rc == -EINVAL || rc == -ENOEXEC);
            if (rc == -EINVAL && !strstr(e.msg, "corrupt or truncated") &&
                !strstr(e.msg, "is corrupt"))
                printf("  %s cut %zu: %s\n", packers[i].cmd, cut, e.msg);
            if (!rc)
                free(out);
        }
        for (unsigned int iter = 0; iter < 60; iter++) {
            size_t pos = 6 + (r = r * 1103515245 + 12345) % (zlen - 6);
            uint8_t old = z[pos];
            int rc;

            z[pos] ^= 1 << (r >> 16) % 8;
            rc = xb_unpack(z, zlen, XB_UNPACK_MAX, &out, &used, &fmt, &e);
            if (!(rc == 0 || rc == -EINVAL || rc == -EFBIG))
                printf("  %s: rc %d %s\n", packers[i].cmd, rc, e.msg);
            CU_ASSERT(rc == 0 || rc == -EINVAL || rc == -EFBIG);
            if (!rc) {
                wrong += used != n || memcmp(out, elf, n);
                free(out);
            }
            z[pos] = old;
        }
        if (packers[i].checksummed && wrong)
            printf("  %s: %u corruptions not detected\n", packers[i].cmd,
                   wrong);
        CU_ASSERT(!packers[i].checksummed || !wrong);
        /* The output bound. */
        CU_ASSERT_EQUAL(xb_unpack(z, zlen, 4096, &out, &used, &fmt, &e),
                        -EFBIG);
        CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "unpacks to more than"));
        free(z);
        free(elf);
    }
    /* A magic followed by noise: never a crash, never success. */
    for (unsigned int i = 0; i < 8 * 20; i++) {
        uint8_t buf[600], *out;
        size_t used;
        const char *fmt;
        struct xb_err e;

        memcpy(buf, noise_magic[i % 8], 4);
        for (size_t k = 4; k < sizeof(buf); k++)
            buf[k] = (r = r * 1103515245 + 12345) >> 16;
        CU_ASSERT_EQUAL(xb_unpack(buf, sizeof(buf), 1 << 20, &out, &used,
                                  &fmt, &e) < 0, 1);
    }
}

/* A payload larger than the first buffer: growth keeps every byte. */
static void test_compressed_large(void)
{
    size_t n = (3u << 20) + 12345, zlen, used;
    uint8_t *plain = malloc(n), *z, *out;
    const char *fmt;
    struct xb_err e;
    uint32_t r = 1;

    for (size_t i = 0; i < n; i++)
        plain[i] = (i & 0x3ff) < 600 ? (uint8_t)i : (r = r * 69069 + 1) >> 24;
    for (unsigned int i = 0; i < sizeof(packers) / sizeof(packers[0]); i++) {
        if (host_tool_missing(packers[i].tool, "builder/large"))
            continue;
        z = host_tool(packers[i].cmd, plain, n, &zlen);
        CU_ASSERT_PTR_NOT_NULL_FATAL(z);
        CU_ASSERT_EQUAL(xb_unpack(z, zlen, 64 << 20, &out, &used, &fmt, &e),
                        0);
        CU_ASSERT_STRING_EQUAL(fmt, packers[i].name);
        CU_ASSERT_EQUAL(used, n);
        CU_ASSERT(used == n && !memcmp(out, plain, n));
        free(out);
        CU_ASSERT_EQUAL(xb_unpack(z, zlen, 2 << 20, &out, &used, &fmt, &e),
                        -EFBIG);
        free(z);
    }
    free(plain);
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
    { "compressed", test_compressed },
    { "compressed_garbage", test_compressed_garbage },
    { "compressed_large", test_compressed_large },
    { "layout_too_small", test_layout_too_small },
    { "pagetables", test_pagetables },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("builder", NULL, NULL, cases);
