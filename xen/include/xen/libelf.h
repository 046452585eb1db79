/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Safe ELF64 parser for PV kernel images and the Xen ELF notes they carry.
 * The image is untrusted: every offset and size is bounds-checked before use.
 * Shared by the hypervisor's dom0 builder and the dom0 toolstack's builder.
 */
#ifndef XEN_LIBELF_H
#define XEN_LIBELF_H

#include <xen/types.h>

/* The guest ABI: XEN_ELFNOTE_* note types and XENFEAT_* feature bits. */
#include <public/elfnote.h>
#include <public/features.h>

/* Value of an address field whose note was absent. */
#define ELF_UNSET_ADDR (~0ULL)

/* Highest note type recorded in elf_dom_parms.notes_seen. */
#define ELF_NOTE_MAX 31

/* One parse of one image. Fill with elf_init(); read-only afterwards. */
struct elf_binary {
    const uint8_t *image;       /* untrusted bytes */
    size_t size;
    uint16_t type;              /* e_type */
    uint16_t phnum, shnum;
    uint64_t phoff, shoff;
    uint64_t entry;             /* e_entry */
    char reason[96];            /* why the last call failed, "" if it did not */
};

/* A PT_LOAD program header, already bounds-checked against the image. */
struct elf_segment {
    uint64_t offset;            /* file offset of the filesz bytes */
    uint64_t vaddr, paddr;
    uint64_t filesz, memsz;
    uint32_t flags;             /* PF_X 1, PF_W 2, PF_R 4 */
};

enum elf_pae_mode {
    ELF_PAE_NO,
    ELF_PAE_YES,                /* "yes": extended CR3 */
    ELF_PAE_BIMODAL,            /* "bimodal" */
};

/*
 * What the Xen notes ask of the domain builder (pv-abi-ladder 1.2).
 * Addresses are guest-virtual. Absent notes leave ELF_UNSET_ADDR / 0 / "".
 */
struct elf_dom_parms {
    uint64_t virt_base;         /* VIRT_BASE, default 0 */
    uint64_t elf_paddr_offset;  /* PADDR_OFFSET, default 0 */
    uint64_t virt_offset;       /* virt_base - elf_paddr_offset */
    uint64_t virt_kstart;       /* lowest PT_LOAD paddr + virt_offset */
    uint64_t virt_kend;         /* highest PT_LOAD paddr + memsz + virt_offset */
    uint64_t virt_entry;        /* ENTRY, default e_entry */
    uint64_t virt_hypercall;    /* HYPERCALL_PAGE or ELF_UNSET_ADDR */
    uint64_t virt_hv_start_low; /* HV_START_LOW or ELF_UNSET_ADDR (32-bit only) */
    uint64_t p2m_base;          /* INIT_P2M or ELF_UNSET_ADDR */
    uint64_t pstart, pend;      /* paddr range [pstart, pend) of the PT_LOADs */
    bool mod_start_pfn;         /* MOD_START_PFN != 0 */
    bool suspend_cancel;        /* SUSPEND_CANCEL != 0 */
    bool bsd_symtab;            /* BSD_SYMTAB "yes" (symbols are not loaded) */
    enum elf_pae_mode pae;
    /* FEATURES names (required ones are supported too) | SUPPORTED_FEATURES. */
    uint32_t f_supported[XENFEAT_NR_SUBMAPS];
    uint32_t f_required[XENFEAT_NR_SUBMAPS];
    uint32_t notes_seen;        /* bit n: a Xen note of type n was present */
    char guest_os[16];
    char guest_ver[16];
    char xen_ver[16];
    char loader[16];
};

static inline bool elf_note_seen(const struct elf_dom_parms *p, unsigned int t)
{
    return t <= ELF_NOTE_MAX && (p->notes_seen & (1u << t));
}

static inline bool elf_feature_test(const uint32_t *map, unsigned int bit)
{
    return bit < 32 * XENFEAT_NR_SUBMAPS && (map[bit / 32] >> (bit % 32)) & 1;
}

/*
 * Check the ELF header of image[0, size): ELF64, little endian, x86-64,
 * ET_EXEC or ET_DYN, sane program/section header tables.
 * Returns 0, -ENOEXEC (not an x86-64 ELF at all; try another format) or
 * -EINVAL (an ELF, but malformed). elf->reason says why.
 */
int elf_init(struct elf_binary *elf, const void *image, size_t size);

/* PT_LOAD number i (counting only PT_LOAD headers): 0, or -ENOENT past the end. */
int elf_load_segment(const struct elf_binary *elf, unsigned int i,
                     struct elf_segment *seg);

/* Flags for elf_xen_parse(). */
#define ELF_XEN_INITIAL_DOMAIN (1u << 0) /* being built as dom0 */

/*
 * Read the Xen notes (PT_NOTE, else SHT_NOTE) and compute the layout.
 * Returns 0, or -EINVAL with elf->reason set when the builder must refuse
 * the image (see docs/elf-loading.md for every rule).
 */
int elf_xen_parse(struct elf_binary *elf, struct elf_dom_parms *parms,
                  unsigned int flags);

/*
 * How elf_load() reaches guest memory: map() returns a writable pointer to
 * the PAGE_SIZE bytes at the page-aligned guest VA, or NULL (-> -EFAULT);
 * unmap (optional) is called with that pointer when the page is done.
 */
struct elf_load_ops {
    void *(*map)(void *opaque, uint64_t va);
    void (*unmap)(void *opaque, void *page);
    void *opaque;
};

/*
 * Copy every PT_LOAD segment to VA paddr + virt_offset and zero its bss
 * (memsz beyond filesz), page by page. Needs a successful elf_xen_parse().
 */
int elf_load(struct elf_binary *elf, const struct elf_dom_parms *parms,
             const struct elf_load_ops *ops);

/* Name of a Xen note type ("ENTRY"), or "unknown". */
const char *elf_note_name(unsigned int type);

/* Internal to libelf*.c. */
int elf_fail(struct elf_binary *elf, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int elf_xen_parse_notes(struct elf_binary *elf, struct elf_dom_parms *parms,
                        unsigned int flags);
uint16_t elf_get16(const uint8_t *p);
uint32_t elf_get32(const uint8_t *p);
uint64_t elf_get64(const uint8_t *p);

#endif /* XEN_LIBELF_H */
