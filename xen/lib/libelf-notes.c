/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Xen ELF notes ("Xen" owner) of a PV kernel: finding them in PT_NOTE
 * segments (else SHT_NOTE sections), decoding them and the acceptance rules
 * of pv-abi-ladder 1.2. Every note is untrusted input.
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/libelf.h>

#define PT_NOTE   4
#define SHT_NOTE  7

enum note_kind { NOTE_IGNORE, NOTE_NUM, NOTE_STR, NOTE_WORDS };

static const struct {
    const char *name;
    enum note_kind kind;
} note_info[] = {
    [XEN_ELFNOTE_INFO]               = { "INFO",               NOTE_IGNORE },
    [XEN_ELFNOTE_ENTRY]              = { "ENTRY",              NOTE_NUM },
    [XEN_ELFNOTE_HYPERCALL_PAGE]     = { "HYPERCALL_PAGE",     NOTE_NUM },
    [XEN_ELFNOTE_VIRT_BASE]          = { "VIRT_BASE",          NOTE_NUM },
    [XEN_ELFNOTE_PADDR_OFFSET]       = { "PADDR_OFFSET",       NOTE_NUM },
    [XEN_ELFNOTE_XEN_VERSION]        = { "XEN_VERSION",        NOTE_STR },
    [XEN_ELFNOTE_GUEST_OS]           = { "GUEST_OS",           NOTE_STR },
    [XEN_ELFNOTE_GUEST_VERSION]      = { "GUEST_VERSION",      NOTE_STR },
    [XEN_ELFNOTE_LOADER]             = { "LOADER",             NOTE_STR },
    [XEN_ELFNOTE_PAE_MODE]           = { "PAE_MODE",           NOTE_STR },
    [XEN_ELFNOTE_FEATURES]           = { "FEATURES",           NOTE_STR },
    [XEN_ELFNOTE_BSD_SYMTAB]         = { "BSD_SYMTAB",         NOTE_STR },
    [XEN_ELFNOTE_HV_START_LOW]       = { "HV_START_LOW",       NOTE_NUM },
    /* (mask, value) pair; Xen's builders ignore it. */
    [XEN_ELFNOTE_L1_MFN_VALID]       = { "L1_MFN_VALID",       NOTE_IGNORE },
    [XEN_ELFNOTE_SUSPEND_CANCEL]     = { "SUSPEND_CANCEL",     NOTE_NUM },
    [XEN_ELFNOTE_INIT_P2M]           = { "INIT_P2M",           NOTE_NUM },
    [XEN_ELFNOTE_MOD_START_PFN]      = { "MOD_START_PFN",      NOTE_NUM },
    [XEN_ELFNOTE_SUPPORTED_FEATURES] = { "SUPPORTED_FEATURES", NOTE_WORDS },
    /* PVH entry point: meaningless for PV. */
    [XEN_ELFNOTE_PHYS32_ENTRY]       = { "PHYS32_ENTRY",       NOTE_IGNORE },
};

/* The names FEATURES may use: exactly the set Xen's libelf knows. */
static const char *const feature_names[] = {
    [XENFEAT_writable_page_tables]       = "writable_page_tables",
    [XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
    [XENFEAT_auto_translated_physmap]    = "auto_translated_physmap",
    [XENFEAT_supervisor_mode_kernel]     = "supervisor_mode_kernel",
    [XENFEAT_pae_pgdir_above_4gb]        = "pae_pgdir_above_4gb",
    [XENFEAT_hvm_callback_vector]        = "hvm_callback_vector",
    [XENFEAT_dom0]                       = "dom0",
};

const char *elf_note_name(unsigned int type)
{
    BUILD_BUG_ON(ARRAY_SIZE(note_info) != XEN_ELFNOTE_MAX + 1);
    BUILD_BUG_ON(XEN_ELFNOTE_MAX > ELF_NOTE_MAX);

    if ( type < ARRAY_SIZE(note_info) && note_info[type].name )
        return note_info[type].name;
    return "unknown";
}

/* Numeric notes are 1, 2, 4 or 8 bytes, little endian. */
static int note_number(struct elf_binary *elf, unsigned int type,
                       const uint8_t *desc, uint32_t size, uint64_t *val)
{
    switch ( size )
    {
    case 1: *val = desc[0]; return 0;
    case 2: *val = elf_get16(desc); return 0;
    case 4: *val = elf_get32(desc); return 0;
    case 8: *val = elf_get64(desc); return 0;
    }
    return elf_fail(elf, -EINVAL, "%s note has unsupported size %u",
                    elf_note_name(type), size);
}

static void set_feature(uint32_t *map, unsigned int bit)
{
    map[bit / 32] |= 1u << (bit % 32);
}

/* "name|!name|..." : '!' marks a feature the kernel cannot run without. */
static int parse_features(struct elf_binary *elf, struct elf_dom_parms *parms,
                          const char *s, size_t len)
{
    size_t pos = 0;

    while ( pos < len )
    {
        size_t start = pos, n;
        bool required = false;
        unsigned int bit;

        while ( pos < len && s[pos] != '|' )
            pos++;
        n = pos - start;
        pos++;                                  /* skip the '|' */
        if ( n && s[start] == '!' )
        {
            required = true;
            start++;
            n--;
        }
        if ( !n )
            continue;                           /* "a||b" or trailing '|' */

        for ( bit = 0; bit < ARRAY_SIZE(feature_names); bit++ )
            if ( feature_names[bit] && strlen(feature_names[bit]) == n &&
                 !memcmp(feature_names[bit], s + start, n) )
                break;
        if ( bit == ARRAY_SIZE(feature_names) )
        {
            if ( required )
                return elf_fail(elf, -EINVAL,
                                "FEATURES requires unknown feature '%.*s'",
                                (int)min(n, (size_t)32), s + start);
            continue;                           /* unknown optional: ignore */
        }
        if ( required && bit == XENFEAT_supervisor_mode_kernel )
            return elf_fail(elf, -EINVAL,
                            "kernel requires supervisor_mode_kernel");
        set_feature(parms->f_supported, bit);
        if ( required )
            set_feature(parms->f_required, bit);
    }
    return 0;
}

static char *note_string_field(struct elf_dom_parms *parms, unsigned int type)
{
    switch ( type )
    {
    case XEN_ELFNOTE_XEN_VERSION:   return parms->xen_ver;
    case XEN_ELFNOTE_GUEST_OS:      return parms->guest_os;
    case XEN_ELFNOTE_GUEST_VERSION: return parms->guest_ver;
    case XEN_ELFNOTE_LOADER:        return parms->loader;
    }
    return NULL;
}

static uint64_t *note_number_field(struct elf_dom_parms *parms,
                                   unsigned int type)
{
    switch ( type )
    {
    case XEN_ELFNOTE_ENTRY:          return &parms->virt_entry;
    case XEN_ELFNOTE_HYPERCALL_PAGE: return &parms->virt_hypercall;
    case XEN_ELFNOTE_VIRT_BASE:      return &parms->virt_base;
    case XEN_ELFNOTE_PADDR_OFFSET:   return &parms->elf_paddr_offset;
    case XEN_ELFNOTE_HV_START_LOW:   return &parms->virt_hv_start_low;
    case XEN_ELFNOTE_INIT_P2M:       return &parms->p2m_base;
    }
    return NULL;
}

/*
 * A note may appear more than once (several PT_NOTEs can cover the same
 * bytes); a second copy must agree with the first, so that an image cannot
 * mean two things to two loaders.
 */
static int note_conflict(struct elf_binary *elf, unsigned int type)
{
    return elf_fail(elf, -EINVAL, "duplicate %s note with a different value",
                    elf_note_name(type));
}

static int parse_string_note(struct elf_binary *elf,
                             struct elf_dom_parms *parms, unsigned int type,
                             const char *s, size_t len, bool dup)
{
    char *field = note_string_field(parms, type);

    if ( type == XEN_ELFNOTE_FEATURES )
        return parse_features(elf, parms, s, len);
    if ( type == XEN_ELFNOTE_PAE_MODE || type == XEN_ELFNOTE_BSD_SYMTAB )
    {
        bool yes = len == 3 && !memcmp(s, "yes", 3);
        enum elf_pae_mode pae = yes ? ELF_PAE_YES :
            (len == 7 && !memcmp(s, "bimodal", 7)) ? ELF_PAE_BIMODAL :
            ELF_PAE_NO;

        if ( type == XEN_ELFNOTE_BSD_SYMTAB )
        {
            if ( dup && parms->bsd_symtab != yes )
                return note_conflict(elf, type);
            parms->bsd_symtab = yes;
        }
        else
        {
            if ( dup && parms->pae != pae )
                return note_conflict(elf, type);
            parms->pae = pae;
        }
        return 0;
    }
    if ( field )
    {
        /* Fields are 16 bytes like Xen's; longer strings are truncated. */
        size_t n = min(len, (size_t)15);

        if ( dup && (strlen(field) != n || memcmp(field, s, n)) )
            return note_conflict(elf, type);
        memcpy(field, s, n);
        field[n] = '\0';
    }
    return 0;
}

static int parse_one_note(struct elf_binary *elf, struct elf_dom_parms *parms,
                          unsigned int type, const uint8_t *desc,
                          uint32_t descsz)
{
    bool dup = elf_note_seen(parms, type);
    uint64_t val = 0, *field;
    int rc;

    if ( type >= ARRAY_SIZE(note_info) )
        return 0;                               /* newer than us: ignore */
    parms->notes_seen |= 1u << type;

    switch ( note_info[type].kind )
    {
    case NOTE_IGNORE:
        return 0;

    case NOTE_STR:
        return parse_string_note(elf, parms, type, (const char *)desc,
                                 strnlen((const char *)desc, descsz), dup);

    case NOTE_WORDS:                            /* SUPPORTED_FEATURES */
        if ( descsz == 0 || descsz % 4 )
            return elf_fail(elf, -EINVAL, "%s note has unsupported size %u",
                            elf_note_name(type), descsz);
        for ( unsigned int i = 0; i < XENFEAT_NR_SUBMAPS && i < descsz / 4; i++ )
            parms->f_supported[i] |= elf_get32(desc + 4 * i);
        return 0;

    case NOTE_NUM:
        rc = note_number(elf, type, desc, descsz, &val);
        if ( rc )
            return rc;
        if ( type == XEN_ELFNOTE_MOD_START_PFN ||
             type == XEN_ELFNOTE_SUSPEND_CANCEL )
        {
            bool *flag = type == XEN_ELFNOTE_MOD_START_PFN ?
                         &parms->mod_start_pfn : &parms->suspend_cancel;

            if ( dup && *flag != !!val )
                return note_conflict(elf, type);
            *flag = !!val;
            return 0;
        }
        field = note_number_field(parms, type);
        if ( dup && *field != val )
            return note_conflict(elf, type);
        *field = val;
        return 0;
    }
    return 0;
}

/*
 * Walk the notes in image[off, off + size). align is 4 (the usual) or 8.
 * *found counts Xen-owned notes.
 */
static int parse_note_area(struct elf_binary *elf, struct elf_dom_parms *parms,
                           uint64_t off, uint64_t size, uint64_t align,
                           unsigned int *found)
{
    const uint8_t *p;
    uint64_t pos = 0;
    int rc;

    if ( off > elf->size || size > elf->size - off )
        return elf_fail(elf, -EINVAL, "note area outside the image");
    p = elf->image + off;
    align = align == 8 ? 8 : 4;

    /* Each step below checks what it reads against the bytes still left. */
    while ( size - pos >= 12 )
    {
        uint64_t namesz = elf_get32(p + pos);
        uint64_t descsz = elf_get32(p + pos + 4);
        unsigned int type = elf_get32(p + pos + 8);
        uint64_t name = pos + 12, desc, next;

        desc = name + ROUNDUP(namesz, align);   /* < 2^34: cannot overflow */
        next = desc + ROUNDUP(descsz, align);
        if ( desc > size || descsz > size - desc )
            return elf_fail(elf, -EINVAL, "truncated ELF note at offset %#llx",
                            (unsigned long long)(off + pos));
        if ( namesz == sizeof(XEN_ELFNOTE_NAME) &&
             !memcmp(p + name, XEN_ELFNOTE_NAME, namesz) )
        {
            (*found)++;
            rc = parse_one_note(elf, parms, type, p + desc, descsz);
            if ( rc )
                return rc;
        }
        if ( next >= size )
            break;
        pos = next;
    }
    return 0;
}

static int find_notes(struct elf_binary *elf, struct elf_dom_parms *parms,
                      unsigned int *found)
{
    const uint8_t *h;
    unsigned int i;
    int rc;

    for ( i = 0; i < elf->phnum; i++ )
    {
        h = elf->image + elf->phoff + (uint64_t)i * 56;
        if ( elf_get32(h) != PT_NOTE )
            continue;
        rc = parse_note_area(elf, parms, elf_get64(h + 8), elf_get64(h + 32),
                             elf_get64(h + 48), found);
        if ( rc )
            return rc;
    }
    if ( *found )
        return 0;

    /* Fallback: images whose notes are not covered by a PT_NOTE. */
    for ( i = 0; i < elf->shnum; i++ )
    {
        h = elf->image + elf->shoff + (uint64_t)i * 64;
        if ( elf_get32(h + 4) != SHT_NOTE )
            continue;
        rc = parse_note_area(elf, parms, elf_get64(h + 24), elf_get64(h + 32),
                             elf_get64(h + 48), found);
        if ( rc )
            return rc;
    }
    return 0;
}

int elf_xen_parse_notes(struct elf_binary *elf, struct elf_dom_parms *parms,
                        unsigned int flags)
{
    unsigned int found = 0;
    int rc = find_notes(elf, parms, &found);

    if ( rc )
        return rc;
    if ( !found )
        return elf_fail(elf, -EINVAL, "no Xen ELF notes (not a PV kernel)");

    if ( !elf_note_seen(parms, XEN_ELFNOTE_XEN_VERSION) )
        return elf_fail(elf, -EINVAL, "XEN_VERSION note missing");
    if ( strncmp(parms->xen_ver, "xen-3.0", 7) )
        return elf_fail(elf, -EINVAL, "XEN_VERSION '%s' is not xen-3.0",
                        parms->xen_ver);

    /* Xen loads images built for its generic loader, and Linux. */
    if ( strncmp(parms->loader, "generic", 7) &&
         strncmp(parms->guest_os, "linux", 5) )
        return elf_fail(elf, -EINVAL,
                        "LOADER '%s' is not generic and GUEST_OS '%s' is not linux",
                        parms->loader, parms->guest_os);

    if ( (flags & ELF_XEN_INITIAL_DOMAIN) &&
         elf_note_seen(parms, XEN_ELFNOTE_SUPPORTED_FEATURES) &&
         !elf_feature_test(parms->f_supported, XENFEAT_dom0) )
        return elf_fail(elf, -EINVAL,
                        "kernel does not support running as dom0 "
                        "(SUPPORTED_FEATURES lacks XENFEAT_dom0)");
    return 0;
}
