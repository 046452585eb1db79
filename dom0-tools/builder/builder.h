/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV domain builder (library code for xl): loads a 64-bit PV kernel
 * (ELF, compressed ELF, or a Linux bzImage; unpacked with Debian's libraries)
 * and a ramdisk into a new domain and makes it ready to run, following the
 * domU build sequence of pv-abi-ladder.md 4.4. The ELF/Xen-note parser and
 * the layout are the hypervisor's (xen/lib/libelf*.c, pv_layout.c); the
 * page-table code (xb_pt_fill) is pure and host-tested.
 */
#ifndef XB_BUILDER_H
#define XB_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xen/pv_layout.h>

#define XB_PAGE_SHIFT 12
#define XB_PAGE_SIZE  4096ul

/* Errors: functions return 0 or -errno and fill err with a sentence that
 * says what went wrong and what to do about it. */
struct xb_err {
    char msg[512];
};
int xb_fail(struct xb_err *e, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- kernel image (kernel.c) ---- */
struct xb_segment {
    uint64_t va;                /* load address (from p_paddr, see kernel.c) */
    uint64_t filesz, memsz;
    const uint8_t *data;        /* inside xb_kernel.elf */
};

struct xb_kernel {
    uint8_t *elf;               /* malloc'ed ELF image */
    size_t elf_size;
    char format[24];            /* "ELF", "ELF+gzip", "bzImage+xz" ... */
    uint64_t virt_base, entry, hypercall_page;  /* hypercall_page 0: none */
    uint64_t kstart, kend;      /* VA range covered by the segments */
    unsigned int nr_segs;
    struct xb_segment segs[16];
};

int xb_kernel_load(const char *path, struct xb_kernel *k, struct xb_err *e);
/* Parse an in-memory image; takes ownership of buf (freed on failure). */
int xb_kernel_parse(uint8_t *buf, size_t size, struct xb_kernel *k,
                    struct xb_err *e);
void xb_kernel_free(struct xb_kernel *k);

/* ---- compressed images (unpack.c) ---- */
/* Xen's libxenguest bounds a kernel's decompressed size at 1 GiB too. */
#define XB_UNPACK_MAX (1ul << 30)
/*
 * Decompress in[0, len) (format from its magic) into a malloc'ed *out of at
 * most limit bytes; *fmt gets the format's name. Returns 0, -ENOEXEC (no
 * known magic), -EINVAL (corrupt/truncated), -EFBIG (over limit), -ENOMEM.
 */
int xb_unpack(const uint8_t *in, size_t len, size_t limit, uint8_t **out,
              size_t *out_len, const char **fmt, struct xb_err *e);

/* ---- virtual layout (layout.c), ladder 1.3 with the domU extras ---- */
/* The layout itself is the hypervisor's (xen/lib/pv_layout.c). */
int xb_layout_compute(const struct xb_kernel *k, size_t ramdisk_len,
                      uint64_t nr_pages, struct pv_layout *l,
                      struct xb_err *e);
/* Writes the nr_pt page-table pages into pt (nr_pt * 4096 bytes). */
void xb_pt_fill(const struct pv_layout *l, const uint64_t *p2m, uint64_t *pt);

/* ---- the build itself (build.c, domain.c) ---- */
struct xb_config {
    const char *kernel, *ramdisk, *cmdline;
    uint64_t memory_kib, maxmem_kib;
    unsigned int vcpus, max_vcpus;
    unsigned int max_evtchn_port;       /* 0: 1023, libxl's default */
    uint8_t uuid[16];
    /* Called at the start of each step (xl create -v prints them). */
    void (*progress)(void *arg, const char *step);
    void *progress_arg;
};

struct xb_result {
    uint32_t domid;
    uint64_t store_mfn, console_mfn;
    uint32_t store_port, console_port;
    uint64_t nr_pages;
};

struct hcall_privcmd;
/* Creates the domain (left paused). On failure the domain is destroyed. */
int xb_build(struct hcall_privcmd *h, const struct xb_config *c,
             struct xb_result *r, struct xb_err *e);

/*
 * For xl restore: an empty domain (paused) with the limits of c and its
 * console and store event channels (in r); memory is the caller's. On
 * failure the domain is destroyed.
 */
int xb_create_empty(struct hcall_privcmd *h, const struct xb_config *c,
                    struct xb_result *r, struct xb_err *e);
/* Grant refs 0/1 (console, store) for dom0, as xb_build leaves them. */
int xb_seed_grants(struct hcall_privcmd *h, uint32_t domid,
                   uint64_t console_mfn, uint64_t store_mfn);

/* Small domctl wrappers shared with xl (domain.c). */
int xb_domctl_simple(struct hcall_privcmd *h, uint32_t cmd, uint32_t domid);
int xb_destroy(struct hcall_privcmd *h, uint32_t domid);
int xb_unpause(struct hcall_privcmd *h, uint32_t domid);

#endif /* XB_BUILDER_H */
