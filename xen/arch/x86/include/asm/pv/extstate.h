/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The buffer of XEN_DOMCTL_get/setvcpuextstate for PV vCPUs (pv/extstate.c,
 * pure and host-tested; the domctls are in pv/domctl.c).
 */
#ifndef ASM_PV_EXTSTATE_H
#define ASM_PV_EXTSTATE_H

#include <xen/types.h>

#define XSTATE_FP           (1ULL << 0)
#define XSTATE_SSE          (1ULL << 1)
/* The features a PV vCPU can have: its state is an FXSAVE image. */
#define PV_XFEATURE_MASK    (XSTATE_FP | XSTATE_SSE)
/*
 * xcr0, xcr0_accum, then the standard-format XSAVE area of x87|SSE: the
 * 512-byte legacy region and the 64-byte header (Xen's PV_XSAVE_SIZE).
 */
#define PV_EXTSTATE_HDR     16
#define PV_EXTSTATE_SIZE    (PV_EXTSTATE_HDR + 512 + 64)

/* FNINIT's state with MXCSR 0x1f80 (arch/x86/domain.c's reset image). */
extern const uint8_t pv_fpu_default[512];

/*
 * 0 if the size bytes at b may be set (see pv/extstate.c for the checks
 * and their Xen error codes); mxcsr_ok is the CPU's MXCSR mask.
 */
int pv_extstate_check(const uint8_t *b, uint64_t size, uint32_t mxcsr_ok);
/* The FXSAVE image a checked, full-size buffer restores. */
void pv_extstate_to_fxsave(const uint8_t *b, uint8_t fx[512]);
/* The full-size buffer get returns for an FXSAVE image. */
void pv_extstate_from_fxsave(const uint8_t fx[512], uint8_t *b);

#endif /* ASM_PV_EXTSTATE_H */
