/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF64 header and program header parsing, guest layout arithmetic and the
 * segment loader. Notes are in libelf-notes.c. The image is untrusted.
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/libelf.h>

/* ELF64 field offsets (System V gABI, ELF-64 Object File Format 1.5). */
#define EH_TYPE       16
#define EH_MACHINE    18
#define EH_VERSION    20
#define EH_ENTRY      24
#define EH_PHOFF      32
#define EH_SHOFF      40
#define EH_EHSIZE     52
#define EH_PHENTSIZE  54
#define EH_PHNUM      56
#define EH_SHENTSIZE  58
#define EH_SHNUM      60
#define EHDR_SIZE     64
#define PHDR_SIZE     56
#define SHDR_SIZE     64

#define PH_TYPE    0
#define PH_FLAGS   4
#define PH_OFFSET  8
#define PH_VADDR  16
#define PH_PADDR  24
#define PH_FILESZ 32
#define PH_MEMSZ  40

#define PT_LOAD       1
#define ET_EXEC       2
#define ET_DYN        3
#define EM_X86_64    62
#define PN_XNUM  0xffff

#define ULL(v) ((unsigned long long)(v))

uint16_t elf_get16(const uint8_t *p)
{
    return p[0] | (p[1] << 8);
}

uint32_t elf_get32(const uint8_t *p)
{
    return (uint32_t)elf_get16(p) | ((uint32_t)elf_get16(p + 2) << 16);
}

uint64_t elf_get64(const uint8_t *p)
{
    return (uint64_t)elf_get32(p) | ((uint64_t)elf_get32(p + 4) << 32);
}

int elf_fail(struct elf_binary *elf, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(elf->reason, sizeof(elf->reason), fmt, ap);
    va_end(ap);
    return rc;
}

/* Is [off, off + len) inside the image? Written so nothing can overflow. */
static bool elf_in_image(const struct elf_binary *elf, uint64_t off,
                         uint64_t len)
{
    return off <= elf->size && len <= elf->size - off;
}

int elf_init(struct elf_binary *elf, const void *image, size_t size)
{
    static const uint8_t ident[] = { 0x7f, 'E', 'L', 'F', 2 /* ELFCLASS64 */,
                                     1 /* ELFDATA2LSB */, 1 /* EV_CURRENT */ };
    const uint8_t *p = image;
    uint64_t tab;

    memset(elf, 0, sizeof(*elf));
    elf->image = p;
    elf->size = size;

    if ( !p || size < 4 || memcmp(p, ident, 4) )
        return elf_fail(elf, -ENOEXEC, "not an ELF image");
    if ( size < EHDR_SIZE )
        return elf_fail(elf, -EINVAL, "ELF header truncated (%zu bytes)", size);
    if ( p[4] != ident[4] )
        return elf_fail(elf, -ENOEXEC, "not a 64-bit ELF (class %u)", p[4]);
    if ( p[5] != ident[5] )
        return elf_fail(elf, -ENOEXEC, "not a little-endian ELF");
    if ( p[6] != ident[6] || elf_get32(p + EH_VERSION) != 1 )
        return elf_fail(elf, -EINVAL, "unknown ELF version");
    if ( elf_get16(p + EH_MACHINE) != EM_X86_64 )
        return elf_fail(elf, -ENOEXEC, "not an x86-64 ELF (machine %u)",
                        elf_get16(p + EH_MACHINE));

    elf->type = elf_get16(p + EH_TYPE);
    if ( elf->type != ET_EXEC && elf->type != ET_DYN )
        return elf_fail(elf, -ENOEXEC, "ELF type %u is not executable",
                        elf->type);
    if ( elf_get16(p + EH_EHSIZE) < EHDR_SIZE )
        return elf_fail(elf, -EINVAL, "bad e_ehsize");

    elf->entry = elf_get64(p + EH_ENTRY);
    elf->phoff = elf_get64(p + EH_PHOFF);
    elf->phnum = elf_get16(p + EH_PHNUM);
    elf->shoff = elf_get64(p + EH_SHOFF);
    elf->shnum = elf_get16(p + EH_SHNUM);

    if ( elf->phnum == PN_XNUM )
        return elf_fail(elf, -EINVAL, "extended program header numbering");
    if ( elf->phnum == 0 )
        return elf_fail(elf, -EINVAL, "no program headers");
    if ( elf_get16(p + EH_PHENTSIZE) != PHDR_SIZE )
        return elf_fail(elf, -EINVAL, "bad e_phentsize %u",
                        elf_get16(p + EH_PHENTSIZE));
    tab = (uint64_t)elf->phnum * PHDR_SIZE;
    if ( !elf_in_image(elf, elf->phoff, tab) )
        return elf_fail(elf, -EINVAL, "program headers outside the image");

    /* Section headers are optional (only a fallback for notes). */
    if ( elf->shoff == 0 )
        elf->shnum = 0;
    if ( elf->shnum )
    {
        if ( elf_get16(p + EH_SHENTSIZE) != SHDR_SIZE )
            return elf_fail(elf, -EINVAL, "bad e_shentsize %u",
                            elf_get16(p + EH_SHENTSIZE));
        tab = (uint64_t)elf->shnum * SHDR_SIZE;
        if ( !elf_in_image(elf, elf->shoff, tab) )
            return elf_fail(elf, -EINVAL, "section headers outside the image");
    }

    return 0;
}

/* Program header i (any type), bounds already checked by elf_init(). */
static const uint8_t *elf_phdr(const struct elf_binary *elf, unsigned int i)
{
    return elf->image + elf->phoff + (uint64_t)i * PHDR_SIZE;
}

static int elf_read_load(struct elf_binary *elf, const uint8_t *ph,
                         struct elf_segment *seg)
{
    uint64_t end;

    seg->flags  = elf_get32(ph + PH_FLAGS);
    seg->offset = elf_get64(ph + PH_OFFSET);
    seg->vaddr  = elf_get64(ph + PH_VADDR);
    seg->paddr  = elf_get64(ph + PH_PADDR);
    seg->filesz = elf_get64(ph + PH_FILESZ);
    seg->memsz  = elf_get64(ph + PH_MEMSZ);

    if ( seg->filesz > seg->memsz )
        return elf_fail(elf, -EINVAL, "PT_LOAD at paddr %#llx"
                        " has filesz > memsz", ULL(seg->paddr));
    if ( !elf_in_image(elf, seg->offset, seg->filesz) )
        return elf_fail(elf, -EINVAL, "PT_LOAD at paddr %#llx"
                        " lies outside the image", ULL(seg->paddr));
    if ( __builtin_add_overflow(seg->paddr, seg->memsz, &end) )
        return elf_fail(elf, -EINVAL, "PT_LOAD at paddr %#llx"
                        " wraps the address space", ULL(seg->paddr));
    return 0;
}

int elf_load_segment(const struct elf_binary *elf, unsigned int i,
                     struct elf_segment *seg)
{
    struct elf_binary tmp = *elf;   /* keep elf const: reason goes to tmp */

    for ( unsigned int n = 0; n < elf->phnum; n++ )
    {
        const uint8_t *ph = elf_phdr(elf, n);

        if ( elf_get32(ph + PH_TYPE) != PT_LOAD )
            continue;
        if ( i-- )
            continue;
        return elf_read_load(&tmp, ph, seg);
    }
    return -ENOENT;
}

/*
 * virt_offset = VIRT_BASE - PADDR_OFFSET; the kernel occupies
 * [lowest paddr, highest paddr + memsz) + virt_offset (Xen's libelf rule).
 */
static int elf_xen_addr_calc(struct elf_binary *elf,
                             struct elf_dom_parms *parms)
{
    uint64_t low = ~0ULL, high = 0;
    unsigned int n, loads = 0;
    int rc;

    for ( n = 0; n < elf->phnum; n++ )
    {
        const uint8_t *ph = elf_phdr(elf, n);
        struct elf_segment seg;

        if ( elf_get32(ph + PH_TYPE) != PT_LOAD )
            continue;
        rc = elf_read_load(elf, ph, &seg);
        if ( rc )
            return rc;
        if ( seg.memsz == 0 )
            continue;
        loads++;
        low = min(low, seg.paddr);
        high = max(high, seg.paddr + seg.memsz);
    }
    if ( !loads )
        return elf_fail(elf, -EINVAL, "no loadable segments");

    if ( parms->virt_base == ELF_UNSET_ADDR )
        parms->virt_base = 0;
    if ( parms->elf_paddr_offset == ELF_UNSET_ADDR )
        parms->elf_paddr_offset = 0;
    parms->virt_offset = parms->virt_base - parms->elf_paddr_offset;
    parms->pstart = low;
    parms->pend = high;
    parms->virt_kstart = low + parms->virt_offset;
    parms->virt_kend = high + parms->virt_offset;
    if ( parms->virt_entry == ELF_UNSET_ADDR )
        parms->virt_entry = elf->entry;

    /* The offset is modular, but the image must not wrap around 2^64. */
    if ( parms->virt_kend <= parms->virt_kstart )
        return elf_fail(elf, -EINVAL, "kernel image wraps the address space");
    if ( parms->virt_base > parms->virt_kstart )
        return elf_fail(elf, -EINVAL, "VIRT_BASE %#llx"
                        " is above the kernel start %#llx",
                        ULL(parms->virt_base), ULL(parms->virt_kstart));
    if ( parms->virt_entry < parms->virt_kstart ||
         parms->virt_entry >= parms->virt_kend )
        return elf_fail(elf, -EINVAL, "entry %#llx"
                        " outside the kernel [%#llx, %#llx)",
                        ULL(parms->virt_entry), ULL(parms->virt_kstart),
                        ULL(parms->virt_kend));
    if ( parms->virt_hypercall != ELF_UNSET_ADDR &&
         (parms->virt_hypercall & (PAGE_SIZE - 1) ||
          parms->virt_hypercall < parms->virt_kstart ||
          parms->virt_hypercall >= parms->virt_kend) )
        return elf_fail(elf, -EINVAL, "HYPERCALL_PAGE %#llx"
                        " is not a page inside the kernel",
                        ULL(parms->virt_hypercall));
    if ( parms->p2m_base != ELF_UNSET_ADDR &&
         (parms->p2m_base & (PAGE_SIZE - 1) ||
          (parms->p2m_base >= ROUNDDOWN(parms->virt_kstart, PAGE_SIZE) &&
           parms->p2m_base < ROUNDUP(parms->virt_kend, PAGE_SIZE))) )
        return elf_fail(elf, -EINVAL, "INIT_P2M %#llx"
                        " is unaligned or inside the kernel",
                        ULL(parms->p2m_base));
    return 0;
}

int elf_xen_parse(struct elf_binary *elf, struct elf_dom_parms *parms,
                  unsigned int flags)
{
    int rc;

    memset(parms, 0, sizeof(*parms));
    elf->reason[0] = '\0';
    parms->virt_base = ELF_UNSET_ADDR;
    parms->elf_paddr_offset = ELF_UNSET_ADDR;
    parms->virt_entry = ELF_UNSET_ADDR;
    parms->virt_hypercall = ELF_UNSET_ADDR;
    parms->virt_hv_start_low = ELF_UNSET_ADDR;
    parms->p2m_base = ELF_UNSET_ADDR;

    rc = elf_xen_parse_notes(elf, parms, flags);
    if ( rc )
        return rc;
    return elf_xen_addr_calc(elf, parms);
}

/* Copy (src != NULL) or zero len bytes to guest VA va, page by page. */
static int elf_put(struct elf_binary *elf, const struct elf_load_ops *ops,
                   uint64_t va, const uint8_t *src, uint64_t len)
{
    while ( len )
    {
        uint64_t off = va & (PAGE_SIZE - 1);
        uint64_t chunk = min(len, PAGE_SIZE - off);
        uint8_t *page = ops->map(ops->opaque, va - off);

        if ( !page )
            return elf_fail(elf, -EFAULT, "cannot map guest VA %#llx",
                            ULL(va));
        if ( src )
        {
            memcpy(page + off, src, chunk);
            src += chunk;
        }
        else
            memset(page + off, 0, chunk);
        if ( ops->unmap )
            ops->unmap(ops->opaque, page);
        va += chunk;
        len -= chunk;
    }
    return 0;
}

int elf_load(struct elf_binary *elf, const struct elf_dom_parms *parms,
             const struct elf_load_ops *ops)
{
    unsigned int n;
    int rc;

    elf->reason[0] = '\0';
    for ( n = 0; n < elf->phnum; n++ )
    {
        const uint8_t *ph = elf_phdr(elf, n);
        struct elf_segment seg;
        uint64_t va;

        if ( elf_get32(ph + PH_TYPE) != PT_LOAD )
            continue;
        rc = elf_read_load(elf, ph, &seg);
        if ( rc )
            return rc;
        if ( seg.memsz == 0 )
            continue;                           /* ignored by the layout too */
        /* elf_xen_parse() proved [paddr, paddr + memsz) + offset is in range. */
        va = seg.paddr + parms->virt_offset;
        if ( seg.paddr < parms->pstart || seg.paddr + seg.memsz > parms->pend )
            return elf_fail(elf, -EINVAL, "image changed since parsing");
        rc = elf_put(elf, ops, va, elf->image + seg.offset, seg.filesz);
        if ( !rc )
            rc = elf_put(elf, ops, va + seg.filesz, NULL,
                         seg.memsz - seg.filesz);
        if ( rc )
            return rc;
    }
    return 0;
}
