/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzz libelf (xen/common/libelf*.c): the input is a kernel image. It goes
 * through elf_init, every PT_LOAD lookup, elf_xen_parse (as dom0 and as a
 * DomU) and, when the layout is small enough, elf_load into a fake guest.
 * Invariants: segments lie inside the image, the entry point inside the
 * kernel range, the loader only maps page-aligned guest pages inside
 * [virt_kstart, virt_kend) and unmaps each one, and a lone segment lands
 * byte for byte with its bss zeroed.
 */
#include <stdlib.h>
#include <xen/types.h>
#include <xen/lib.h>
#include <xen/libelf.h>
#include "fuzz.h"

#define GUEST_MAX (1UL << 18)           /* largest layout actually loaded */

struct guest {
    uint64_t base;
    uint8_t *mem;
    size_t size;
    unsigned int maps, unmaps;
};

static void *g_map(void *opaque, uint64_t va)
{
    struct guest *g = opaque;

    FUZZ_CHECK(!(va & (PAGE_SIZE - 1)));
    FUZZ_CHECK(va >= g->base && va - g->base < g->size);
    g->maps++;
    return g->mem + (va - g->base);
}

static void g_unmap(void *opaque, void *page)
{
    struct guest *g = opaque;

    FUZZ_CHECK((uint8_t *)page >= g->mem && (uint8_t *)page < g->mem + g->size);
    g->unmaps++;
}

/* Loads a parsed image; checks a lone segment's bytes. */
static void load(struct elf_binary *elf, const struct elf_dom_parms *p,
                 unsigned int nr_segs, const struct elf_segment *seg)
{
    struct guest g = { 0 };
    struct elf_load_ops ops = { g_map, g_unmap, &g };
    uint64_t end = ROUNDUP(p->virt_kend, PAGE_SIZE);

    g.base = ROUNDDOWN(p->virt_kstart, PAGE_SIZE);
    if (end < g.base || end - g.base > GUEST_MAX || end == g.base)
        return;
    g.size = end - g.base;
    g.mem = malloc(g.size);
    FUZZ_CHECK(g.mem);
    memset(g.mem, 0xa5, g.size);
    if (!elf_load(elf, p, &ops) && nr_segs == 1 && seg->memsz) {
        uint64_t off = seg->paddr + p->virt_offset - g.base;

        FUZZ_CHECK(off + seg->memsz <= g.size);
        FUZZ_CHECK(!memcmp(g.mem + off, elf->image + seg->offset,
                           seg->filesz));
        for (uint64_t i = seg->filesz; i < seg->memsz; i++)
            FUZZ_CHECK(g.mem[off + i] == 0);
    }
    FUZZ_CHECK(g.maps == g.unmaps);
    free(g.mem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elf_binary elf;
    struct elf_dom_parms p;
    struct elf_segment seg, first = { 0 };
    unsigned int n;

    if (elf_init(&elf, data, size))
        return 0;
    for (n = 0; !elf_load_segment(&elf, n, &seg); n++) {
        FUZZ_CHECK(seg.offset <= size && seg.filesz <= size - seg.offset);
        FUZZ_CHECK(seg.filesz <= seg.memsz);
        if (!n)
            first = seg;
        FUZZ_CHECK(n < 0x10000);
    }
    for (unsigned int flags = 0; flags <= ELF_XEN_INITIAL_DOMAIN; flags++) {
        if (elf_xen_parse(&elf, &p, flags)) {
            FUZZ_CHECK(elf.reason[0]);
            continue;
        }
        FUZZ_CHECK(p.virt_kstart <= p.virt_kend);
        FUZZ_CHECK(p.virt_entry >= p.virt_kstart && p.virt_entry < p.virt_kend);
        FUZZ_CHECK(p.pstart <= p.pend);
        FUZZ_CHECK(memchr(p.guest_os, 0, sizeof(p.guest_os)));
        FUZZ_CHECK(memchr(p.loader, 0, sizeof(p.loader)));
        load(&elf, &p, n, &first);
    }
    return 0;
}
