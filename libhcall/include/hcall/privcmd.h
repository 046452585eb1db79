/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libhcall: hypercall passthrough and foreign memory over /dev/xen/privcmd.
 */
#ifndef HCALL_PRIVCMD_H
#define HCALL_PRIVCMD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct hcall_privcmd;
struct xen_domctl;              /* <public/domctl.h> */
struct xen_sysctl;              /* <public/sysctl.h> */

/* The interface versions of Xen 4.17 the helpers stamp into requests. */
#define HCALL_DOMCTL_INTERFACE_VERSION 0x00000015u
#define HCALL_SYSCTL_INTERFACE_VERSION 0x00000015u

/* Opens /dev/xen/privcmd. NULL + errno on failure. */
struct hcall_privcmd *hcall_privcmd_open(void);
void hcall_privcmd_close(struct hcall_privcmd *h);

/*
 * Issues hypercall @op with five arguments. Pointer arguments must point
 * at memory that stays resident: use hcall_buf_alloc(). Returns the
 * hypercall's non-negative result, or -1 with errno = -(Xen error).
 */
long hcall_hypercall(struct hcall_privcmd *h, unsigned int op,
                     uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                     uint64_t a5);

/* Page-aligned, locked memory for hypercall arguments. */
void *hcall_buf_alloc(struct hcall_privcmd *h, size_t size);
void hcall_buf_free(struct hcall_privcmd *h, void *buf, size_t size);

/*
 * domctl/sysctl: fill in cmd, domain and the sub-op's union member; the
 * helper sets interface_version, bounces the structure through locked memory
 * and copies the result back into *op. 0 or -1 + errno (EACCES means the
 * hypervisor speaks another interface version).
 */
int hcall_domctl(struct hcall_privcmd *h, struct xen_domctl *op);
int hcall_sysctl(struct hcall_privcmd *h, struct xen_sysctl *op);

/*
 * Foreign memory: maps @nr frames (GFNs) of domain @domid into this process
 * with PROT_* @prot. The mapping is created even when some frames fail; with
 * @err non-NULL, err[i] receives 0 or a negative errno per frame (-ENOENT
 * paged out/absent, -EINVAL, -EPERM) and the call succeeds if at least the
 * ioctl did; without @err any failing frame fails the call. Unmap with
 * hcall_fmem_unmap(). NULL + errno on failure.
 */
void *hcall_fmem_map(struct hcall_privcmd *h, uint16_t domid, int prot,
                     const uint64_t *gfns, int *err, size_t nr);
int hcall_fmem_unmap(struct hcall_privcmd *h, void *addr, size_t nr);

/* The privcmd fd, for callers that need to add their own ioctls. */
int hcall_privcmd_fd(struct hcall_privcmd *h);

#ifdef __cplusplus
}
#endif

#endif /* HCALL_PRIVCMD_H */
