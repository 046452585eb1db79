/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fpu-mxcsr: regression test for issue 14, "any DomU can panic the host
 * through the FPU state". VCPUOP_initialise (and XEN_DOMCTL_setvcpucontext)
 * with VGCF_i387_valid copied the FXSAVE image unchecked; an MXCSR with
 * reserved bits made the hypervisor's fxrstor #GP when the vCPU was first
 * scheduled, in hypervisor context: a host panic. Booted with two vCPUs:
 *  - an image with MXCSR = 0xffffffff is refused with -EINVAL on Xenolite
 *    (checked against the CPU's MXCSR_MASK, as Linux's ptrace does). The
 *    reference, Xen 4.17, accepts it (rc 0: arch_set_info_guest checks no
 *    MXCSR; its fxrstor has a fixup that zeroes the image instead): there
 *    vCPU 1 is started anyway, as a hostile guest would, and must run with
 *    the host alive. (QEMU's TCG loads the reserved bits without a #GP, so
 *    under the boot tests the panic itself is not reproduced.)
 *  - a valid image (MXCSR 0x9f80: default + flush-to-zero) is accepted and
 *    vCPU 1 starts with exactly that MXCSR.
 */
#include <xt.h>
#include <public/vcpu.h>

const char test_title[] = "VCPUOP_initialise: FXSAVE image with reserved MXCSR bits";

#define hc_vcpu_op(cmd, id, arg) HC(__HYPERVISOR_vcpu_op, cmd, id, arg, 0, 0)

#define FXSAVE_FCW      0
#define FXSAVE_MXCSR    24
#define MXCSR_GOOD      0x9f80u

static struct vcpu_guest_context ctx;
static uint8_t ap_stack[8192] __attribute__((aligned(16)));
static volatile unsigned int ap_ran;
static volatile uint32_t ap_mxcsr;

void ap_main(void);
void ap_main(void)
{
    uint32_t m;

    asm volatile ( "stmxcsr %0" : "=m" (m) );
    ap_mxcsr = m;
    __atomic_fetch_add(&ap_ran, 1, __ATOMIC_SEQ_CST);
    for ( ;; )
        hc_vcpu_op(VCPUOP_down, 1, 0);
}

asm (".pushsection .text, \"ax\", @progbits\n"
     "fpu_ap_entry:\n\t"
     "and  $-16, %rsp\n\t"
     "call ap_main\n\t"
     "ud2\n"
     ".popsection\n");
extern const uint8_t fpu_ap_entry[];

static void fill_ctx(uint32_t mxcsr)
{
    uint16_t fcw = 0x37f;

    xt_vcpu_context(&ctx, fpu_ap_entry, ap_stack + sizeof(ap_stack));
    ctx.flags |= VGCF_i387_valid;
    memcpy(&ctx.fpu_ctxt.x[FXSAVE_FCW], &fcw, sizeof(fcw));
    memcpy(&ctx.fpu_ctxt.x[FXSAVE_MXCSR], &mxcsr, sizeof(mxcsr));
}

/* Up vCPU 1 and wait until it has run once (or give up). */
static bool run_ap(void)
{
    unsigned int start = ap_ran, i;
    long rc = hc_vcpu_op(VCPUOP_up, 1, 0);

    if ( rc )
    {
        xt_error("up(1) = %ld", rc);
        return false;
    }
    for ( i = 0; i < 200000 && ap_ran == start; i++ )
        hc_sched_op(SCHEDOP_yield, 0);
    return ap_ran != start;
}

/* Wait for vCPU 1 to be down again before it is reused. */
static void wait_down(void)
{
    for ( unsigned int i = 0; i < 200000 && hc_vcpu_op(VCPUOP_is_up, 1, 0); i++ )
        hc_sched_op(SCHEDOP_yield, 0);
}

void test_main(void)
{
    long rc;

    if ( hc_vcpu_op(VCPUOP_is_up, 1, 0) == -XEN_ENOENT )
    {
        xt_skip("only one vCPU: boot with dom0_max_vcpus=2");
        return;
    }

    fill_ctx(0xffffffffu);
    rc = hc_vcpu_op(VCPUOP_initialise, 1, &ctx);
    if ( rc == 0 && !xt_on_xenolite() )
    {
        /* The reference accepts it: the host must survive loading it. */
        xt_check(run_ap(), "vCPU 1 with MXCSR 0xffffffff did not run");
        printk("accepted (reference behaviour); vCPU 1 ran, MXCSR %#x\n",
               ap_mxcsr);
        return;
    }
    xt_check(rc == -XEN_EINVAL,
             "initialise(MXCSR 0xffffffff) = %ld, want -EINVAL", rc);
    if ( rc == 0 )
        return;                 /* vCPU 1 is taken: nothing more to try */

    fill_ctx(MXCSR_GOOD);
    rc = hc_vcpu_op(VCPUOP_initialise, 1, &ctx);
    xt_check(rc == 0, "initialise(MXCSR %#x) = %ld", MXCSR_GOOD, rc);
    if ( rc )
        return;
    xt_check(run_ap(), "vCPU 1 did not run");
    xt_check(ap_mxcsr == MXCSR_GOOD, "vCPU 1 MXCSR = %#x, want %#x",
             ap_mxcsr, MXCSR_GOOD);
    printk("MXCSR 0xffffffff refused, vCPU 1 started with MXCSR %#x\n",
           ap_mxcsr);
    wait_down();
}
