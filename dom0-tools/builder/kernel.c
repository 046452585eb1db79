/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel images for the PV builder: a 64-bit ELF with Xen notes, or a Linux
 * bzImage whose payload is that ELF compressed with xz (Debian's kernels),
 * unpacked with liblzma. The ELF and its Xen notes are parsed by the
 * hypervisor's own libelf (xen/lib/libelf*.c), so both builders accept the
 * same images: a segment's VA is p_paddr - PADDR_OFFSET + VIRT_BASE (Linux's
 * per-CPU segment has VA 0, so p_vaddr cannot be used).
 */
#include <elf.h>
#include <errno.h>
#include <lzma.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/libelf.h>

#include "builder.h"

int xb_fail(struct xb_err *e, int rc, const char *fmt, ...)
{
    va_list ap;

    if (e) {
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
        va_end(ap);
    }
    return rc;
}

static uint32_t get32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The bzImage payload (ladder 3.1): xz stream followed by the 4-byte size. */
static int unxz(const uint8_t *in, size_t len, uint8_t **out, size_t *outlen,
                struct xb_err *e)
{
    lzma_stream s = LZMA_STREAM_INIT;
    size_t cap = len >= 4 ? get32(in + len - 4) : 0;
    lzma_ret r;
    uint8_t *buf;

    if (cap < 4096 || cap > (1ul << 30))
        cap = len * 4;
    buf = malloc(cap);
    if (!buf)
        return xb_fail(e, -ENOMEM, "out of memory unpacking the kernel");
    if (lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK) {
        free(buf);
        return xb_fail(e, -ENOMEM, "liblzma cannot start a decoder");
    }
    s.next_in = in;
    s.avail_in = len;
    s.next_out = buf;
    s.avail_out = cap;
    for (;;) {
        r = lzma_code(&s, LZMA_FINISH);
        if (r == LZMA_STREAM_END)
            break;
        if (r == LZMA_OK && s.avail_out == 0) {
            uint8_t *n = realloc(buf, cap * 2);

            if (!n) {
                r = LZMA_MEM_ERROR;
                break;
            }
            buf = n;
            s.next_out = buf + cap;
            s.avail_out = cap;
            cap *= 2;
            continue;
        }
        break;
    }
    *outlen = cap - s.avail_out;
    lzma_end(&s);
    if (r != LZMA_STREAM_END) {
        free(buf);
        return xb_fail(e, -EINVAL, "the kernel's xz payload is corrupt "
                       "(liblzma error %d); check the file", (int)r);
    }
    *out = buf;
    return 0;
}

static int unwrap_bzimage(uint8_t **buf, size_t *size, const char **fmt,
                          struct xb_err *e)
{
    static const uint8_t xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
    uint8_t *p = *buf, *elf = NULL;
    size_t setup, off, len, elf_len = 0;
    int rc;

    if (*size < 0x250 || memcmp(p + 0x202, "HdrS", 4))
        return xb_fail(e, -ENOEXEC, "neither an ELF file nor a Linux "
                       "bzImage; give a 64-bit PV kernel (vmlinux or vmlinuz)");
    setup = (p[0x1f1] ? p[0x1f1] : 4) + 1;
    off = setup * 512 + get32(p + 0x248);
    len = get32(p + 0x24c);
    if (off >= *size || len > *size - off)
        return xb_fail(e, -ENOEXEC, "bzImage payload lies outside the file "
                       "(truncated kernel?)");
    if (len < 6 || memcmp(p + off, xz_magic, 6))
        return xb_fail(e, -ENOEXEC, "bzImage payload is not xz-compressed "
                       "(first bytes %02x %02x); this builder unpacks xz "
                       "(Debian's kernels) or takes a plain vmlinux ELF",
                       p[off], p[off + 1]);
    rc = unxz(p + off, len, &elf, &elf_len, e);
    if (rc < 0)
        return rc;
    free(*buf);
    *buf = elf;
    *size = elf_len;
    *fmt = "bzImage+xz";
    return 0;
}

/* Xen notes, address checks and PT_LOADs: the hypervisor's libelf. */
static int parse_elf(struct xb_kernel *k, struct xb_err *e)
{
    struct elf_binary elf;
    struct elf_dom_parms parms;
    struct elf_segment seg;
    int rc;

    rc = elf_init(&elf, k->elf, k->elf_size);
    if (rc == -ENOEXEC)
        return xb_fail(e, rc, "not a 64-bit x86 ELF kernel (%s); this xl "
                       "builds 64-bit PV guests only", elf.reason);
    if (rc < 0)
        return xb_fail(e, -ENOEXEC, "malformed ELF kernel: %s", elf.reason);
    rc = elf_xen_parse(&elf, &parms, 0);
    if (rc < 0 && !parms.notes_seen)
        return xb_fail(e, -ENOEXEC, "the kernel has no Xen ELF notes: it "
                       "was built without PV support (Linux: CONFIG_XEN_PV)");
    if (rc < 0)
        return xb_fail(e, -ENOEXEC, "not a usable PV kernel: %s",
                       elf.reason);
    k->virt_base = parms.virt_base;
    k->entry = parms.virt_entry;
    k->hypercall_page = parms.virt_hypercall == ELF_UNSET_ADDR ?
                        0 : parms.virt_hypercall;
    k->kstart = parms.virt_kstart;
    k->kend = parms.virt_kend;
    k->nr_segs = 0;
    for (unsigned int i = 0; (rc = elf_load_segment(&elf, i, &seg)) == 0;
         i++) {
        struct xb_segment *s = &k->segs[k->nr_segs];

        if (!seg.memsz)
            continue;
        if (k->nr_segs == 16)
            return xb_fail(e, -ENOEXEC, "the kernel has more than 16 "
                           "loadable ELF segments");
        s->va = seg.paddr + parms.virt_offset;
        s->filesz = seg.filesz;
        s->memsz = seg.memsz;
        s->data = k->elf + seg.offset;
        k->nr_segs++;
    }
    return rc == -ENOENT ? 0 : xb_fail(e, -ENOEXEC, "malformed ELF "
                                       "segment: %s", elf.reason);
}

int xb_kernel_parse(uint8_t *buf, size_t size, struct xb_kernel *k,
                    struct xb_err *e)
{
    int rc;

    memset(k, 0, sizeof(*k));
    k->format = "ELF";
    if (size < SELFMAG || memcmp(buf, ELFMAG, SELFMAG)) {
        rc = unwrap_bzimage(&buf, &size, &k->format, e);
        if (rc < 0) {
            free(buf);
            return rc;
        }
    }
    k->elf = buf;
    k->elf_size = size;
    rc = parse_elf(k, e);
    if (rc < 0)
        xb_kernel_free(k);
    return rc;
}

int xb_kernel_load(const char *path, struct xb_kernel *k, struct xb_err *e)
{
    FILE *f = fopen(path, "rb");
    char tmp[sizeof(e->msg) + 64];
    uint8_t *buf = NULL;
    long size;
    int rc;

    if (!f)
        return xb_fail(e, -errno, "cannot open kernel '%s': %s", path,
                       strerror(errno));
    if (fseek(f, 0, SEEK_END) || (size = ftell(f)) <= 0 ||
        fseek(f, 0, SEEK_SET) || !(buf = malloc(size)) ||
        fread(buf, 1, size, f) != (size_t)size) {
        free(buf);
        fclose(f);
        return xb_fail(e, -EIO, "cannot read kernel '%s'", path);
    }
    fclose(f);
    rc = xb_kernel_parse(buf, size, k, e);  /* owns buf from here */
    if (rc < 0) {
        snprintf(tmp, sizeof(tmp), "kernel '%.48s': %s", path, e->msg);
        tmp[sizeof(e->msg) - 1] = '\0';
        memcpy(e->msg, tmp, sizeof(e->msg));
    }
    return rc;
}

void xb_kernel_free(struct xb_kernel *k)
{
    free(k->elf);
    k->elf = NULL;
}
