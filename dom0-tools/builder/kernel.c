/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel images for the PV builder: a 64-bit ELF with Xen notes, that ELF
 * compressed (gzip, bzip2, xz, lzma, lzo, lz4, zstd: unpack.c), or a Linux
 * bzImage whose payload is such a compressed ELF. The ELF and its Xen notes are parsed by the
 * hypervisor's own libelf (xen/lib/libelf*.c), so both builders accept the
 * same images: a segment's VA is p_paddr - PADDR_OFFSET + VIRT_BASE (Linux's
 * per-CPU segment has VA 0, so p_vaddr cannot be used).
 */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/decompress.h>
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

/*
 * A bzImage (its payload) or a whole compressed file: unpack it to the ELF
 * inside, as Xen's libxenguest does. k->format says what it was.
 */
static int unwrap_kernel(uint8_t **buf, size_t *size, struct xb_kernel *k,
                         struct xb_err *e)
{
    struct bzimage_info bz;
    const uint8_t *in = *buf;
    size_t len = *size, elf_len = 0;
    const char *fmt;
    uint8_t *elf = NULL;
    int rc = bzimage_probe(*buf, *size, &bz);

    if (rc == -EOPNOTSUPP || rc == -EINVAL)
        return xb_fail(e, -ENOEXEC, "%s", rc == -EINVAL ?
                       "bzImage payload lies outside the file (truncated "
                       "kernel?)" : "bzImage older than boot protocol 2.08 "
                       "(no payload fields); give its vmlinux");
    if (rc == 0) {
        in = bz.payload;
        len = bz.payload_len;
    }
    if (decompress_format(in, len) == DECOMP_NONE)
        return xb_fail(e, -ENOEXEC, rc == 0 ? "bzImage payload is in no "
                       "known compression format (first bytes %02x %02x)" :
                       "neither an ELF file, a Linux bzImage nor a "
                       "compressed ELF (first bytes %02x %02x); give a 64-bit "
                       "PV kernel (vmlinux or vmlinuz)", in[0], in[1]);
    rc = xb_unpack(in, len, XB_UNPACK_MAX, &elf, &elf_len, &fmt, e);
    if (rc < 0)
        return rc;
    snprintf(k->format, sizeof(k->format), "%s+%s",
             in == *buf ? "ELF" : "bzImage", fmt);
    free(*buf);
    *buf = elf;
    *size = elf_len;
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
    strcpy(k->format, "ELF");
    if (size < SELFMAG || memcmp(buf, ELFMAG, SELFMAG)) {
        rc = unwrap_kernel(&buf, &size, k, e);
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
