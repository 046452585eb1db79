/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * I/O memory the hardware domain may read but not write directly
 * (arch/x86/mmio_ro.c): MSI-X tables and the PCI Express configuration
 * space (ECAM). Guest mappings of these frames are made read-only; a write
 * traps and is done here, filtered by what the region is.
 */
#ifndef ASM_MMIO_RO_H
#define ASM_MMIO_RO_H

#include <xen/types.h>

enum mmio_ro_kind {
    MMIO_RO_MSIX,               /* an MSI-X table: writes dropped */
    MMIO_RO_ECAM,               /* config space: filtered like 0xcf8/0xcfc */
};

/*
 * [pa, pa + len) becomes read-only; tag is the function (MSI-X) or the
 * first bus (ECAM). The region must be I/O memory below 4 GiB.
 * -EINVAL bad range, -EEXIST the same region (or part of it) again,
 * -EBUSY another region with that tag, -ENOSPC table full.
 */
int mmio_ro_add(enum mmio_ro_kind kind, paddr_t pa, uint64_t len,
                unsigned int tag);
/* Drop the region of that kind and tag; -ENOENT none. */
int mmio_ro_remove(enum mmio_ro_kind kind, unsigned int tag);
/* Is any byte of frame mfn read-only? */
bool mmio_ro_frame(unsigned long mfn);
/*
 * A guest's write of bytes (1, 2, 4, 8; naturally aligned) at machine
 * address pa inside a read-only frame: dropped (MSI-X table), filtered
 * (ECAM) or written (the rest of the frame). false if pa is not in one.
 */
bool mmio_ro_write(struct domain *d, paddr_t pa, unsigned int bytes,
                   uint64_t val);

#endif /* ASM_MMIO_RO_H */
