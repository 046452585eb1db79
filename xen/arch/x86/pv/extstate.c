/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The buffer of XEN_DOMCTL_get/setvcpuextstate (the save stream's
 * VCPU_XSAVE record; the domctls are in pv/domctl.c), pure and host-tested.
 * Xenolite's guests have x87 and SSE only (CPUID hides XSAVE's leaf 0xd
 * and AVX), kept as an FXSAVE image, so the feature mask is X87|SSE and
 * the area Xen's standard (uncompressed) XSAVE layout of those two: the
 * 512-byte legacy region and the 64-byte header.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <asm/pv/extstate.h>

/* Byte offsets in the buffer (Xen's PV_XSAVE_HDR_SIZE, then the area). */
#define EXT_XCR0          0
#define EXT_XCR0_ACCUM    8
#define EXT_LEGACY        PV_EXTSTATE_HDR
#define EXT_XSTATE_BV     (EXT_LEGACY + 512)
#define EXT_XCOMP_BV      (EXT_XSTATE_BV + 8)
#define EXT_RESERVED      (EXT_XCOMP_BV + 8)

/* Offsets in the legacy region (SDM vol. 1 10.5.1). */
#define FX_MXCSR          24
#define FX_ST0            32
#define FX_XMM0           160
#define FX_XMM_END        416

static uint64_t get64(const uint8_t *b, unsigned int off)
{
    uint64_t x;

    memcpy(&x, b + off, sizeof(x));
    return x;
}

/*
 * Xen's checks (validate_xstate and the size rules of its domctl), in its
 * order: xcr0 and the header's xstate_bv within xcr0_accum, both valid
 * XCR0 values (x87 set) and within the domain's features (-EINVAL);
 * features the host lacks or a compressed area (-EOPNOTSUPP); a reserved
 * header word set (-EIO); a size that is not the header alone nor
 * exactly PV_EXTSTATE_SIZE for xcr0_accum (-EINVAL). Xenolite adds an
 * MXCSR outside mxcsr_mask (-EINVAL): FXRSTOR would fault on it.
 */
int pv_extstate_check(const uint8_t *b, uint64_t size, uint32_t mxcsr_ok)
{
    uint64_t xcr0, accum, bv;
    uint32_t mxcsr;

    if ( size < EXT_LEGACY || size > PV_EXTSTATE_SIZE )
        return -EINVAL;
    xcr0 = get64(b, EXT_XCR0);
    accum = get64(b, EXT_XCR0_ACCUM);
    if ( !accum )
        return xcr0 || size != EXT_LEGACY ? -EINVAL : 0;
    if ( size != PV_EXTSTATE_SIZE )
        return -EINVAL;                 /* too short to hold the header */
    bv = get64(b, EXT_XSTATE_BV);
    if ( (bv & ~accum) || (xcr0 & ~accum) || !(xcr0 & XSTATE_FP) ||
         !(accum & XSTATE_FP) )
        return -EINVAL;
    if ( (accum & ~PV_XFEATURE_MASK) || get64(b, EXT_XCOMP_BV) )
        return -EOPNOTSUPP;
    for ( unsigned int off = EXT_RESERVED; off < PV_EXTSTATE_SIZE; off += 8 )
        if ( get64(b, off) )
            return -EIO;
    memcpy(&mxcsr, b + EXT_LEGACY + FX_MXCSR, sizeof(mxcsr));
    if ( (accum & XSTATE_SSE) && (mxcsr & ~mxcsr_ok) )
        return -EINVAL;
    return 0;
}

/*
 * The FXSAVE image a checked buffer restores: components the header marks
 * as in their initial state (xstate_bv clear) get FNINIT's x87 state and
 * zeroed XMM registers, as XRSTOR would; MXCSR is the default 0x1f80 if
 * SSE was never enabled.
 */
void pv_extstate_to_fxsave(const uint8_t *b, uint8_t fx[512])
{
    uint64_t accum = get64(b, EXT_XCR0_ACCUM);
    uint64_t bv = get64(b, EXT_XSTATE_BV);
    uint32_t mxcsr = 0x1f80;

    memcpy(fx, b + EXT_LEGACY, 512);
    if ( !(bv & XSTATE_FP) )
    {
        memset(fx, 0, FX_MXCSR);
        memset(fx + FX_ST0, 0, FX_XMM0 - FX_ST0);
        fx[0] = 0x7f;                   /* FCW 0x037f */
        fx[1] = 0x03;
    }
    if ( !(bv & XSTATE_SSE) )
        memset(fx + FX_XMM0, 0, FX_XMM_END - FX_XMM0);
    if ( !(accum & XSTATE_SSE) )
        memcpy(fx + FX_MXCSR, &mxcsr, sizeof(mxcsr));
}

/* The buffer for an FXSAVE image: both features live, nothing reserved. */
void pv_extstate_from_fxsave(const uint8_t fx[512], uint8_t *b)
{
    uint64_t fpsse = PV_XFEATURE_MASK;

    memset(b, 0, PV_EXTSTATE_SIZE);
    memcpy(b + EXT_XCR0, &fpsse, sizeof(fpsse));
    memcpy(b + EXT_XCR0_ACCUM, &fpsse, sizeof(fpsse));
    memcpy(b + EXT_LEGACY, fx, 512);
    memcpy(b + EXT_XSTATE_BV, &fpsse, sizeof(fpsse));
}
