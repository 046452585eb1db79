/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VCPU_XSAVE buffer of XEN_DOMCTL_get/setvcpuextstate
 * (pv/extstate.c): the get image round-trips through set, and every
 * check returns Xen's code before anything is converted.
 */
#include <string.h>
#include "harness.h"
#include <xen/types.h>
#include <xen/errno.h>
#include <asm/pv/extstate.h>

#define MXCSR_OK 0xffbfu                /* the default MXCSR_MASK */

static uint8_t buf[PV_EXTSTATE_SIZE];

static void put64(unsigned int off, uint64_t x)
{
    memcpy(buf + off, &x, sizeof(x));
}

static void good_image(void)
{
    uint8_t fx[512];

    for ( unsigned int i = 0; i < sizeof(fx); i++ )
        fx[i] = (uint8_t)(i * 7 + 1);
    fx[24] = 0x80; fx[25] = 0x1f; fx[26] = fx[27] = 0;  /* MXCSR 0x1f80 */
    pv_extstate_from_fxsave(fx, buf);
}

static void test_round_trip(void)
{
    uint8_t fx[512], back[512];
    uint64_t x;

    good_image();
    memcpy(fx, buf + 16, sizeof(fx));
    memcpy(&x, buf, 8);
    CU_ASSERT_EQUAL(x, PV_XFEATURE_MASK);                  /* xcr0 */
    memcpy(&x, buf + 8, 8);
    CU_ASSERT_EQUAL(x, PV_XFEATURE_MASK);                  /* xcr0_accum */
    memcpy(&x, buf + 528, 8);
    CU_ASSERT_EQUAL(x, PV_XFEATURE_MASK);                  /* xstate_bv */
    for ( unsigned int off = 536; off < PV_EXTSTATE_SIZE; off++ )
        CU_ASSERT_EQUAL(buf[off], 0);
    CU_ASSERT_EQUAL(pv_extstate_check(buf, PV_EXTSTATE_SIZE, MXCSR_OK), 0);
    pv_extstate_to_fxsave(buf, back);
    CU_ASSERT_EQUAL(memcmp(fx, back, sizeof(fx)), 0);
}

static void test_sizes(void)
{
    good_image();
    CU_ASSERT_EQUAL(pv_extstate_check(buf, 0, MXCSR_OK), -EINVAL);
    CU_ASSERT_EQUAL(pv_extstate_check(buf, 15, MXCSR_OK), -EINVAL);
    CU_ASSERT_EQUAL(pv_extstate_check(buf, 16, MXCSR_OK), -EINVAL);
    CU_ASSERT_EQUAL(pv_extstate_check(buf, PV_EXTSTATE_SIZE - 8, MXCSR_OK),
                    -EINVAL);
    CU_ASSERT_EQUAL(pv_extstate_check(buf, PV_EXTSTATE_SIZE + 8, MXCSR_OK),
                    -EINVAL);
    /* The header alone with nothing accumulated: nothing to restore. */
    put64(0, 0); put64(8, 0);
    CU_ASSERT_EQUAL(pv_extstate_check(buf, 16, MXCSR_OK), 0);
    CU_ASSERT_EQUAL(pv_extstate_check(buf, PV_EXTSTATE_SIZE, MXCSR_OK),
                    -EINVAL);
    put64(0, 1);                        /* xcr0 without an accumulation */
    CU_ASSERT_EQUAL(pv_extstate_check(buf, 16, MXCSR_OK), -EINVAL);
}

static void test_feature_bits(void)
{
    good_image(); put64(0, 2);          /* xcr0 without x87 */
    CU_ASSERT_EQUAL(pv_extstate_check(buf, PV_EXTSTATE_SIZE, MXCSR_OK), -EINVAL);
    good_image(); put64(8, 1);          /* xcr0 beyond xcr0_accum */
    CU_ASSERT_EQUAL(pv_extstate_check(buf, PV_EXTSTATE_SIZE, MXCSR_OK), -EINVAL);
    good_image(); put64(528, 7);        /* xstate_bv beyond xcr0_accum */
    CU_ASSERT_EQUAL(pv_extstate_check(buf, PV_EXTSTATE_SIZE, MXCSR_OK), -EINVAL);
    good_image(); put64(8, 7);          /* AVX accumulated: host lacks it */
    CU_ASSERT_EQUAL(pv_extstate_check(buf, PV_EXTSTATE_SIZE, MXCSR_OK),
                    -EOPNOTSUPP);
    good_image(); put64(536, 1ULL << 63);   /* compressed area */
    CU_ASSERT_EQUAL(pv_extstate_check(buf, PV_EXTSTATE_SIZE, MXCSR_OK),
                    -EOPNOTSUPP);
    for ( unsigned int off = 544; off < PV_EXTSTATE_SIZE; off += 8 )
    {
        good_image(); put64(off, 1);    /* each reserved header word */
        CU_ASSERT_EQUAL(pv_extstate_check(buf, PV_EXTSTATE_SIZE, MXCSR_OK),
                        -EIO);
    }
}

static void test_mxcsr(void)
{
    uint32_t daz = 0x1fc0;

    good_image(); memcpy(buf + 16 + 24, &daz, 4);
    CU_ASSERT_EQUAL(pv_extstate_check(buf, PV_EXTSTATE_SIZE, MXCSR_OK), -EINVAL);
    CU_ASSERT_EQUAL(pv_extstate_check(buf, PV_EXTSTATE_SIZE, 0xffff), 0);
}

/* Components in their initial state (xstate_bv clear) restore as XRSTOR. */
static void test_init_components(void)
{
    uint8_t fx[512];
    uint32_t mxcsr;

    good_image(); put64(528, 0);
    CU_ASSERT_EQUAL(pv_extstate_check(buf, PV_EXTSTATE_SIZE, MXCSR_OK), 0);
    pv_extstate_to_fxsave(buf, fx);
    CU_ASSERT_EQUAL(fx[0], 0x7f);
    CU_ASSERT_EQUAL(fx[1], 0x03);
    for ( unsigned int i = 2; i < 24; i++ )
        CU_ASSERT_EQUAL(fx[i], 0);
    for ( unsigned int i = 32; i < 416; i++ )
        CU_ASSERT_EQUAL(fx[i], 0);
    memcpy(&mxcsr, fx + 24, 4);
    CU_ASSERT_EQUAL(mxcsr, 0x1f80);
    CU_ASSERT_EQUAL(fx[416], buf[16 + 416]);     /* available bytes kept */
    /* x87 only ever: MXCSR is the default, whatever the buffer holds. */
    good_image(); put64(0, 1); put64(8, 1); put64(528, 1);
    memset(buf + 16 + 24, 0xff, 4);
    CU_ASSERT_EQUAL(pv_extstate_check(buf, PV_EXTSTATE_SIZE, MXCSR_OK), 0);
    pv_extstate_to_fxsave(buf, fx);
    memcpy(&mxcsr, fx + 24, 4);
    CU_ASSERT_EQUAL(mxcsr, 0x1f80);
}

static CU_TestInfo cases[] = {
    { "round_trip", test_round_trip },
    { "sizes", test_sizes },
    { "feature_bits", test_feature_bits },
    { "mxcsr", test_mxcsr },
    { "init_components", test_init_components },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("extstate", NULL, NULL, cases);
