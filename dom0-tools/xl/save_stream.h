/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The save/restore stream of xl save, xl restore and xl migrate
 * (docs/migration.md, "Stream format"): a header, then typed,
 * length-prefixed, CRC-checked records ending in an END record. Modelled on
 * Xen's migration v2 stream, not compatible with it. Pure code: reader and
 * writer over a file descriptor, and the page-table canonicalisation
 * (MFN <-> PFN) of save_pt.c; tested on the host (tests/unit).
 */
#ifndef XL_SAVE_STREAM_H
#define XL_SAVE_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/* ---- on the wire: little-endian, every record 8-byte aligned ---- */

#define SR_MAGIC        "XNLSAVE\n"     /* 8 bytes, no NUL */
#define SR_VERSION      1u
#define SR_PAGE_SIZE    4096u
#define SR_DOMAIN_X86_64_PV 1u

struct sr_header {
    char magic[8];              /* 0x00: SR_MAGIC */
    uint32_t version;           /* 0x08: SR_VERSION */
    uint32_t options;           /* 0x0c: none defined: must be 0 */
    uint32_t page_size;         /* 0x10: SR_PAGE_SIZE */
    uint32_t domain_type;       /* 0x14: SR_DOMAIN_X86_64_PV */
    uint16_t xen_major;         /* 0x18: the saving hypervisor's version */
    uint16_t xen_minor;         /* 0x1a */
    uint32_t crc;               /* 0x1c: CRC-32 of bytes 0x00-0x1b */
};                              /* 32 bytes */

/*
 * Record header. The body follows, then zero padding to 8 bytes (not
 * counted in length, checked to be zero). crc covers the body only.
 */
struct sr_rhdr {
    uint32_t type;              /* SR_REC_*; SR_REC_OPTIONAL: skippable */
    uint32_t length;            /* body bytes, at most SR_MAX_BODY */
    uint32_t crc;               /* CRC-32 (zlib's) of the body */
    uint32_t reserved;          /* 0 */
};                              /* 16 bytes */

#define SR_MAX_BODY     (8u << 20)
#define SR_REC_OPTIONAL 0x80000000u

enum sr_rec_type {
    SR_REC_END           = 0,   /* empty; the last record */
    SR_REC_DOMAIN_CONFIG = 1,   /* JSON: {"xl-json-version", "config", "cfg"} */
    SR_REC_PV_INFO       = 2,   /* struct sr_pv_info */
    SR_REC_PFN_SET       = 3,   /* bitmap, one bit per PFN < p2m_size */
    SR_REC_P2M_FRAMES    = 4,   /* uint64_t PFNs of the guest's P2M pages */
    SR_REC_PAGE_DATA     = 5,   /* struct sr_page_data_hdr, entries, pages */
    SR_REC_VCPU_CONTEXT  = 6,   /* struct sr_vcpu_hdr + vcpu_guest_context */
    SR_REC_SHARED_INFO   = 7,   /* the shared_info page, 4096 bytes */
    SR_REC_TSC_INFO      = 8,   /* struct xen_domctl_tsc_info */
    SR_REC_VCPU_XSAVE    = 9,   /* struct sr_vcpu_xsave_hdr + extstate */
    SR_REC_NR_TYPES
};
/* SR_REC_SAVE_NOTE (optional): text, who saved it when; readers skip it. */
#define SR_REC_SAVE_NOTE (SR_REC_OPTIONAL | 1u)

struct sr_pv_info {
    uint32_t guest_width;       /* 0x00: 8 (64-bit) */
    uint32_t nr_vcpus;          /* 0x04: max_vcpu_id + 1 */
    uint64_t p2m_size;          /* 0x08: PFNs [0, p2m_size) may exist */
    uint64_t nr_pages;          /* 0x10: PFNs present (bits in PFN_SET) */
    uint32_t store_port;        /* 0x18: the saved domain's ports ... */
    uint32_t console_port;      /* 0x1c: ... which restore must reproduce */
    uint64_t start_info_pfn;    /* 0x20 */
    uint64_t shinfo_frame_list; /* 0x28: informational: saved arch fields */
};                              /* 48 bytes */

/*
 * PAGE_DATA: count entries of pfn | (type << SR_PD_TYPE_SHIFT), then one
 * page per entry whose type carries data (not XTAB/XALLOC/BROKEN), in
 * entry order. type = XEN_DOMCTL_PFINFO_* >> 28; page tables are
 * canonical (their frame numbers are PFNs).
 */
struct sr_page_data_hdr {
    uint32_t count;             /* 1..SR_MAX_BATCH */
    uint32_t reserved;          /* 0 */
};
#define SR_MAX_BATCH      1024u
#define SR_PD_TYPE_SHIFT  60
#define SR_PD_PFN_MASK    ((1ull << 52) - 1)

struct sr_vcpu_hdr {
    uint32_t vcpu;
    uint32_t reserved;
};

/*
 * VCPU_XSAVE: the vCPU's extended state as XEN_DOMCTL_getvcpuextstate
 * gives it (XCR0, XCR0 accumulated, then the XSAVE area).
 */
struct sr_vcpu_xsave_hdr {
    uint32_t vcpu;
    uint32_t reserved;
    uint64_t xfeature_mask;
};

/* PFINFO type nibbles (XEN_DOMCTL_PFINFO_* >> 28). */
#define SR_PT_NOTAB  0x0u
#define SR_PT_L1     0x1u
#define SR_PT_L4     0x4u
#define SR_PT_PINNED 0x8u       /* | level: LPINTAB */
#define SR_PT_BROKEN 0xdu
#define SR_PT_XALLOC 0xeu
#define SR_PT_XTAB   0xfu
/* Does a page of this type carry data? Is the type valid at all? */
bool sr_type_has_data(unsigned int type);
bool sr_type_valid(unsigned int type);
/* Page-table level 1-4 of a type, 0 if none. */
unsigned int sr_type_level(unsigned int type);

/* ---- writer ---- */

struct sr_writer {
    int fd;
    uint64_t offset;            /* bytes written so far */
    uint32_t records;
    char msg[256];              /* what failed, on error */
};

void sr_writer_init(struct sr_writer *w, int fd);
int sr_write_header(struct sr_writer *w, uint16_t xen_major,
                    uint16_t xen_minor);
int sr_write_record(struct sr_writer *w, uint32_t type, const void *body,
                    size_t len);
/* The body gathered from iov[0..n) (page data without a copy). */
int sr_write_recordv(struct sr_writer *w, uint32_t type,
                     const struct iovec *iov, unsigned int n);
int sr_write_end(struct sr_writer *w);

/* ---- reader ---- */

struct sr_reader {
    int fd;
    const char *name;           /* in messages: the file name */
    uint64_t offset;            /* of the next unread byte */
    uint32_t records;           /* records read (skipped ones too) */
    struct sr_header hdr;
    uint8_t *buf;               /* the current body (SR_MAX_BODY + pad) */
    size_t cap;
    char msg[320];              /* "FILE: offset N, record R: what" */
};

struct sr_record {
    uint32_t type;
    uint32_t length;
    const uint8_t *body;        /* valid until the next read */
};

void sr_reader_init(struct sr_reader *r, int fd, const char *name);
void sr_reader_free(struct sr_reader *r);
/*
 * 0, or -ENODATA (truncated), -EINVAL (bad magic, not a save image),
 * -EPROTONOSUPPORT (version, options, page size or domain type),
 * -EBADMSG (header CRC), -EIO (read error); r->msg says which.
 */
int sr_read_header(struct sr_reader *r);
/*
 * The next record, optional records of unknown type skipped. 0, or
 * -ENODATA (truncated), -EMSGSIZE (length over SR_MAX_BODY), -EBADMSG
 * (CRC, non-zero reserved or padding), -EPROTO (unknown mandatory type),
 * -EIO; r->msg says which, with offset and record number.
 */
int sr_read_record(struct sr_reader *r, struct sr_record *rec);

/*
 * A PAGE_DATA body checked against p2m_size: 0 with *count, the entries
 * and the first page, or -EBADMSG with r->msg (bad count, length, PFN or
 * type). Each page with data follows the previous one.
 */
int sr_page_data_parse(struct sr_reader *r, const struct sr_record *rec,
                       uint64_t p2m_size, uint32_t *count,
                       const uint64_t **entries, const uint8_t **pages);

/* ---- page-table canonicalisation (save_pt.c) ---- */

/* MFN -> PFN for the saved domain's frames: sorted pairs, binary search. */
struct sr_m2p {
    struct { uint64_t mfn, pfn; } *map;
    size_t nr;
};
#define SR_INVALID_FRAME (~0ull)
/*
 * From p2m[0..n) (SR_INVALID_FRAME: absent). -EEXIST if two PFNs name the
 * same MFN (*bad_pfn: the second), -ENOMEM.
 */
int sr_m2p_build(struct sr_m2p *m, const uint64_t *p2m, size_t n,
                 uint64_t *bad_pfn);
uint64_t sr_m2p_lookup(const struct sr_m2p *m, uint64_t mfn);
void sr_m2p_free(struct sr_m2p *m);

/* The frame bits of a PTE (bits 12-51). */
#define SR_PTE_FRAME_MASK 0x000ffffffffff000ull
/* 64-bit PV: L4 slots 256-271 are the hypervisor's, zeroed in the stream. */
#define SR_L4_XEN_FIRST 256u
#define SR_L4_XEN_LAST  271u

/*
 * Rewrite the present entries of a level-1..4 table page in place: save
 * turns MFNs into PFNs (canon), restore PFNs into the new MFNs (uncanon,
 * p2m[0..p2m_size)). -EINVAL with *bad_slot when an entry names a frame the
 * domain does not own.
 */
int sr_pt_canon(uint64_t *pt, unsigned int level, const struct sr_m2p *m,
                unsigned int *bad_slot);
int sr_pt_uncanon(uint64_t *pt, unsigned int level, const uint64_t *p2m,
                  uint64_t p2m_size, unsigned int *bad_slot);

/* CRC-32 as used in the stream (zlib's polynomial). */
uint32_t sr_crc32(uint32_t crc, const void *buf, size_t len);

#endif /* XL_SAVE_STREAM_H */
