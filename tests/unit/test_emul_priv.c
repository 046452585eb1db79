/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV privileged-op emulation and CPU policy on a fake CPU: the CPUID
 * filter (xen/arch/x86/pv/cpuid.c), guest MSR rules (pv/msr.c), debug-register
 * rules (pv/debugreg.c), IOPL/I-O bitmap decisions and instruction
 * emulation end to end (pv/emul-priv-op.c, pv/emul-io.c) and physdev_op
 * (pv/physdev.c). Instruction bytes come from the host assembler; "guest
 * memory" is host memory, with one page that faults on access.
 */
#include <string.h>
#include "harness.h"
#include "insn.h"
#include <xen/types.h>
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/hypercall.h>
#include <asm/current.h>
#include <asm/uaccess.h>
#include <asm/pv/priv-hw.h>
#include <asm/pv/traps.h>
#include <public/physdev.h>
#include <asm/ioport.h>
#include <asm/physdev.h>
#include "../../xen/arch/x86/pv/emul-priv.h"

/* ---- fake CPU, guest memory and trap injection ------------------------- */

struct vcpu *unit_current_vcpu;
struct cpu_user_regs unit_guest_regs;
uint64_t cpu_khz = 2000000;             /* 2 GHz */
unsigned long max_page = 0x20000;       /* 512 MiB */

#define NR_FAKE_MSRS 8
static struct {
    unsigned long cr0, cr3, cr4, dr[8];
    unsigned int cr3_writes, dr_writes, invlpgs, wrmsrs;
    uint32_t last_wrmsr;
    struct { uint32_t msr; uint64_t val; } msr[NR_FAKE_MSRS];
} cpu;

static struct { unsigned int count, vector, ec; unsigned long cr2; } trap;
static uint8_t fault_page[4096] __attribute__((aligned(4096)));
static unsigned long new_cr3_mfn;
static int new_cr3_rc;

static struct domain dom;
static struct vcpu vcpu;
struct domain *hardware_domain;         /* NULL: dom is an ordinary domain */
static vcpu_info_t vinfo;

/* Host CPUID: every feature bit set, so the filter alone decides. */
void hw_cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_leaf *r)
{
    *r = (struct cpuid_leaf){ 0 };
    switch ( leaf )
    {
    case 0: *r = (struct cpuid_leaf){ 0x16, 0x756e6547, 0x6c65746e, 0x49656e69 };
        break;
    case 1: *r = (struct cpuid_leaf){ 0x000906ea, 0x05100800, ~0U, ~0U }; break;
    case 4: r->a = 0x1c004121 + subleaf; break;
    case 5: case 6: case 0xa: case 0xb: case 0xd:
        *r = (struct cpuid_leaf){ ~0U, ~0U, ~0U, ~0U }; break;
    case 7: *r = (struct cpuid_leaf){ 2, ~0U, ~0U, ~0U }; break;
    case 0x80000000: r->a = 0x80000021; break;
    case 0x80000001: *r = (struct cpuid_leaf){ 0x906ea, ~0U, ~0U, ~0U }; break;
    case 0x80000007: case 0x80000009:
        *r = (struct cpuid_leaf){ ~0U, ~0U, ~0U, ~0U }; break;
    case 0x80000008: *r = (struct cpuid_leaf){ 0x3030, ~0U, ~0U, ~0U }; break;
    }
}

static void fake_msr(unsigned int i, uint32_t msr, uint64_t val)
{
    cpu.msr[i].msr = msr;
    cpu.msr[i].val = val;
}

int hw_rdmsr_safe(uint32_t msr, uint64_t *val)
{
    for ( unsigned int i = 0; i < NR_FAKE_MSRS; i++ )
        if ( cpu.msr[i].msr == msr )
        {
            *val = cpu.msr[i].val;
            return 0;
        }
    return -1;
}

void hw_wrmsr(uint32_t msr, uint64_t val)
{
    cpu.wrmsrs++;
    cpu.last_wrmsr = msr;
    for ( unsigned int i = 0; i < NR_FAKE_MSRS; i++ )
        if ( cpu.msr[i].msr == msr )
            cpu.msr[i].val = val;
}

uint64_t hw_rdtsc(void) { return 0x1122334455667788ULL; }
unsigned long hw_read_cr0(void) { return cpu.cr0; }
void hw_write_cr0(unsigned long v) { cpu.cr0 = v; }
unsigned long hw_read_cr3(void) { return cpu.cr3; }
void hw_write_cr3(unsigned long v) { cpu.cr3 = v; cpu.cr3_writes++; }
unsigned long hw_read_cr4(void) { return cpu.cr4; }
void hw_write_cr4(unsigned long v) { cpu.cr4 = v; }
void hw_invlpg(unsigned long va) { cpu.invlpgs++; }
void hw_write_dr(unsigned int reg, unsigned long val)
{
    cpu.dr[reg] = val;
    cpu.dr_writes++;
}

static bool faults(const void *p, size_t len)
{
    const uint8_t *a = p;

    return a < fault_page + sizeof(fault_page) && a + len > fault_page;
}

unsigned long raw_copy_from_guest(void *dst, const void *src, size_t len)
{
    if ( faults(src, len) )
        return len;
    memcpy(dst, src, len);
    return 0;
}

unsigned long raw_copy_to_guest(void *dst, const void *src, size_t len)
{
    if ( faults(dst, len) )
        return len;
    memcpy(dst, src, len);
    return 0;
}

void pv_inject_hw_exception(unsigned int vector, unsigned int error_code)
{
    trap.count++;
    trap.vector = vector;
    trap.ec = error_code;
}

void pv_inject_page_fault(unsigned int error_code, unsigned long cr2)
{
    pv_inject_hw_exception(14, error_code);
    trap.cr2 = cr2;
}

/*
 * The domain's port permissions (arch/x86/ioport.c) are not built: the
 * test domain owns no port: reads float high, writes vanish.
 */
uint32_t guest_io_read(struct domain *d, unsigned int port,
                       unsigned int bytes)
{
    return bytes == 4 ? ~0U : (1U << (bytes * 8)) - 1;
}

void guest_io_write(struct domain *d, unsigned int port, unsigned int bytes,
                    uint32_t val)
{
}

/* The hardware sub-ops (arch/x86/physdev.c): as for a domain without any. */
long arch_physdev_op(unsigned int cmd, unsigned long arg)
{
    return -ENOSYS;
}

int pv_new_guest_cr3(struct vcpu *v, mfn_t mfn)
{
    new_cr3_mfn = mfn_x(mfn);
    if ( !new_cr3_rc )
        v->arch.pv.guest_table = mfn;
    return new_cr3_rc;
}

/* A fresh guest-kernel vCPU 0 on the fake CPU, with a #GP handler. */
static int setup(void)
{
    memset(&cpu, 0, sizeof(cpu));
    memset(&trap, 0, sizeof(trap));
    memset(&dom, 0, sizeof(dom));
    memset(&vcpu, 0, sizeof(vcpu));
    cpu.cr0 = 0x80050033;
    cpu.cr4 = 0x6a0;                    /* PAE PGE OSFXSR OSXMMEXCPT */
    cpu.cr3 = 0x5000;
    fake_msr(0, MSR_FS_BASE, 0);
    fake_msr(1, MSR_GS_BASE, 0);
    fake_msr(2, MSR_SHADOW_GS_BASE, 0);
    fake_msr(3, MSR_EFER, 0x1d01);      /* SCE LME LMA NXE SVME */
    fake_msr(4, MSR_IA32_CR_PAT, 0x0007010600070106ULL);
    fake_msr(5, MSR_IA32_APICBASE, 0xfee00d00);  /* BSP EXTD EN */
    fake_msr(6, MSR_LSTAR, 0xffff82d040000000ULL);
    vcpu.domain = &dom;
    vcpu.vcpu_info = &vinfo;
    vcpu.arch.pv.kernel_mode = true;
    vcpu.arch.pv.guest_table = _mfn(0x1234);
    vcpu.arch.pv.trap_ctxt[13].address = 0x1000;
    unit_current_vcpu = &vcpu;
    new_cr3_rc = 0;
    return 0;
}

/* ---- CPUID --------------------------------------------------------------- */

static struct cpuid_leaf pcpuid(uint32_t leaf, uint32_t subleaf)
{
    struct cpuid_leaf r;

    guest_cpuid(&vcpu, leaf, subleaf, &r);
    return r;
}

static void test_cpuid_xen_leaves(void)
{
    struct cpuid_leaf r;
    uint64_t ns;

    setup();
    r = pcpuid(0x40000000, 0);

    CU_ASSERT_EQUAL(r.a, 0x40000005);
    CU_ASSERT(r.b == 0x566e6558 && r.c == 0x65584d4d && r.d == 0x4d4d566e);
    CU_ASSERT_EQUAL(pcpuid(0x40000001, 0).a, (4U << 16) | 17);
    r = pcpuid(0x40000002, 0);
    CU_ASSERT(r.a == 1 && r.b == 0x40000000 && r.c == 1 && r.d == 0);
    CU_ASSERT_EQUAL(pcpuid(0x40000003, 0).c, 2000000);
    CU_ASSERT_EQUAL(pcpuid(0x40000003, 2).a, 2000000);
    /* Sub-leaf 1: tsc -> ns; one second of ticks is one second. */
    r = pcpuid(0x40000003, 1);
    ns = 2000000000ULL;
    ns = (int8_t)r.d >= 0 ? ns << (int8_t)r.d : ns >> -(int8_t)r.d;
    ns = (uint64_t)(((unsigned __int128)ns * r.c) >> 32);
    CU_ASSERT(ns > 999999000 && ns < 1000001000);
    CU_ASSERT_EQUAL(pcpuid(0x40000005, 0).b, 29);   /* 512 MiB */
    r = pcpuid(0x40000006, 0);
    CU_ASSERT(!r.a && !r.b && !r.c && !r.d);
    CU_ASSERT_EQUAL(pcpuid(0x40000100, 0).a, 0);
}

static void test_cpuid_leaf1(void)
{
    struct cpuid_leaf r;

    setup();

    vcpu.vcpu_id = 3;
    r = pcpuid(1, 0);
    CU_ASSERT_EQUAL(r.a, 0x000906ea);
    CU_ASSERT_EQUAL(r.b, (6U << 24) | 0x0800);     /* APIC id, no count */
    CU_ASSERT(r.c & (1U << 31));                    /* hypervisor */
    /* MONITOR VMX PCID x2APIC TSC-deadline XSAVE OSXSAVE AVX FMA F16C */
    CU_ASSERT_EQUAL(r.c & 0x3d221028, 0);
    CU_ASSERT(r.c & (1U << 20));                    /* SSE4.2 */
    /* VME PSE MCE APIC MTRR PGE MCA PSE36 ACPI HTT */
    CU_ASSERT_EQUAL(r.d & 0x1042728a, 0);
    CU_ASSERT_EQUAL(r.d & 0x00010014, 0x00010014);  /* DE TSC PAT */

    /* XSAVE is not offered, so OSXSAVE never shows, whatever CR4 says. */
    vcpu.arch.pv.ctrlreg[4] = X86_CR4_OSXSAVE;
    CU_ASSERT_EQUAL(pcpuid(1, 0).c & (1U << 27), 0);

    /* The hardware domain alone sees the APIC (it routes GSIs by ACPI). */
    hardware_domain = &dom;
    CU_ASSERT_EQUAL(pcpuid(1, 0).d & 0x1042728a, 1U << 9);
    hardware_domain = NULL;
}

static void test_cpuid_leaf7(void)
{
    struct cpuid_leaf r;

    setup();
    r = pcpuid(7, 0);

    CU_ASSERT_EQUAL(r.a, 0);
    /* FSGSBASE AVX2 SMEP INVPCID RTM AVX512F SMAP PT */
    CU_ASSERT_EQUAL(r.b & 0x02110ca1, 0);
    CU_ASSERT(r.b & (1U << 9));                     /* ERMS */
    CU_ASSERT_EQUAL(r.c & ((1U << 3) | (1U << 22)), 0);  /* PKU RDPID */
    CU_ASSERT_EQUAL(r.d, (1U << 4) | (1U << 10) | (1U << 14));
    r = pcpuid(7, 1);
    CU_ASSERT(!r.a && !r.b && !r.c && !r.d);
}

static void test_cpuid_ranges(void)
{
    struct cpuid_leaf r;

    setup();
    r = pcpuid(0, 0);

    CU_ASSERT_EQUAL(r.a, 0xd);
    CU_ASSERT_EQUAL(r.b, 0x756e6547);
    CU_ASSERT_EQUAL(pcpuid(4, 1).a, 0x1c004122);
    for ( uint32_t l = 5; l <= 0xe; l++ )
        if ( l != 7 )
        {
            r = pcpuid(l, 0);
            CU_ASSERT(!r.a && !r.b && !r.c && !r.d);
        }
    CU_ASSERT_EQUAL(pcpuid(0x80000000, 0).a, 0x80000008);
    r = pcpuid(0x80000001, 0);
    CU_ASSERT_EQUAL(r.c & (1U << 2), 0);            /* SVM */
    CU_ASSERT_EQUAL(r.d & ((1U << 26) | (1U << 27)), 0);  /* 1G, RDTSCP */
    CU_ASSERT_EQUAL(r.d & ((1U << 29) | (1U << 20)), (1U << 29) | (1U << 20));
    r = pcpuid(0x80000008, 0);
    CU_ASSERT(r.a == 0x3030 && !r.b && !r.c && !r.d);
    r = pcpuid(0x80000007, 0);
    CU_ASSERT(!r.d);
    CU_ASSERT_EQUAL(pcpuid(0x80000009, 0).a, 0);
}

/* ---- MSRs ----------------------------------------------------------------- */

static void test_msr_bases(void)
{
    static struct vcpu other;
    uint64_t v;

    setup();

    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, MSR_GS_BASE, 0x1000), 0);
    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, MSR_SHADOW_GS_BASE, 0x2000), 0);
    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, MSR_FS_BASE, 0xffff888000000000ULL), 0);
    CU_ASSERT(vcpu.arch.pv.gs_base_kernel == 0x1000 &&
              vcpu.arch.pv.gs_base_user == 0x2000 &&
              vcpu.arch.pv.fs_base == 0xffff888000000000ULL);
    CU_ASSERT(guest_rdmsr(&vcpu, MSR_SHADOW_GS_BASE, &v) == 0 && v == 0x2000);
    CU_ASSERT_EQUAL(cpu.wrmsrs, 3);
    /* XSA-193: non-canonical bases #GP and change nothing. */
    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, MSR_GS_BASE, 0x0000800000000000ULL), -1);
    CU_ASSERT_EQUAL(vcpu.arch.pv.gs_base_kernel, 0x1000);
    CU_ASSERT_EQUAL(cpu.wrmsrs, 3);

    /* Not current, in user mode: GS_BASE is the user base. */
    other = vcpu;
    other.arch.pv.kernel_mode = false;
    CU_ASSERT(guest_rdmsr(&other, MSR_GS_BASE, &v) == 0 && v == 0x2000);
    CU_ASSERT(guest_rdmsr(&other, MSR_SHADOW_GS_BASE, &v) == 0 && v == 0x1000);
    CU_ASSERT_EQUAL(guest_wrmsr(&other, MSR_GS_BASE, 0x3000), 0);
    CU_ASSERT_EQUAL(other.arch.pv.gs_base_user, 0x3000);
    CU_ASSERT_EQUAL(cpu.wrmsrs, 3);     /* hardware untouched */
}

static void test_msr_readonly(void)
{
    uint64_t v;

    setup();

    CU_ASSERT(guest_rdmsr(&vcpu, MSR_EFER, &v) == 0 && v == 0xd01);
    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, MSR_EFER, 0xd01), 0);
    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, MSR_EFER, 0x501), -1);
    CU_ASSERT(guest_rdmsr(&vcpu, MSR_IA32_CR_PAT, &v) == 0 &&
              v == 0x0007010600070106ULL);
    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, MSR_IA32_CR_PAT, v), 0);
    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, MSR_IA32_CR_PAT, 0), -1);
    CU_ASSERT(guest_rdmsr(&vcpu, MSR_IA32_APICBASE, &v) == 0 && v == 0xfee00900);
    vcpu.vcpu_id = 1;
    CU_ASSERT(guest_rdmsr(&vcpu, MSR_IA32_APICBASE, &v) == 0 && v == 0xfee00800);
    CU_ASSERT(guest_rdmsr(&vcpu, MSR_IA32_TSC, &v) == 0 &&
              v == 0x1122334455667788ULL);
    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, MSR_IA32_TSC, 0), -1);
    /* MISC_ENABLE: absent on this "AMD" -> #GP (XSA-333); Intel: filtered. */
    CU_ASSERT_EQUAL(guest_rdmsr(&vcpu, MSR_IA32_MISC_ENABLE, &v), -1);
    fake_msr(7, MSR_IA32_MISC_ENABLE, (1UL << 7) | (1UL << 18) | 1);
    CU_ASSERT(guest_rdmsr(&vcpu, MSR_IA32_MISC_ENABLE, &v) == 0 &&
              v == (1 | (1UL << 11) | (1UL << 12) | (1UL << 23)));
    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, MSR_IA32_MISC_ENABLE, v), 0);
    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, MSR_IA32_MISC_ENABLE, 1), -1);
    /* No CPUID faulting offered. */
    CU_ASSERT(guest_rdmsr(&vcpu, 0xce, &v) == 0 && v == 0);
    CU_ASSERT(guest_rdmsr(&vcpu, 0x140, &v) == 0 && v == 0);
    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, 0x140, 0), 0);
    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, 0x140, 1), -1);
    CU_ASSERT_EQUAL(cpu.wrmsrs, 0);     /* never a real MSR write */
}

static void test_msr_unknown(void)
{
    uint64_t v = 5;

    setup();

    /* SPEC_CTRL, PRED_CMD, ARCH_CAPABILITIES: not in the policy. */
    CU_ASSERT_EQUAL(guest_rdmsr(&vcpu, 0x48, &v), -1);
    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, 0x49, 1), -1);
    CU_ASSERT_EQUAL(guest_rdmsr(&vcpu, 0x10a, &v), -1);
    CU_ASSERT_EQUAL(guest_rdmsr(&vcpu, MSR_LSTAR, &v), -1);
    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, MSR_LSTAR, 0), -1);
    CU_ASSERT(guest_rdmsr(&vcpu, 0x40000000, &v) == 0 && v == 0);
    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, 0x40000000, 0x1000), -1);
    /* No #GP handler yet: MSRs the hardware has read as 0 (Xen quirk). */
    vcpu.arch.pv.trap_ctxt[13].address = 0;
    v = 5;
    CU_ASSERT(guest_rdmsr(&vcpu, MSR_LSTAR, &v) == 0 && v == 0);
    CU_ASSERT_EQUAL(guest_rdmsr(&vcpu, 0xdeadbeef, &v), -1);
    CU_ASSERT_EQUAL(guest_wrmsr(&vcpu, MSR_LSTAR, 0), -1);
    CU_ASSERT_EQUAL(cpu.wrmsrs, 0);
}

/* ---- debug registers ------------------------------------------------------ */

static void test_debugreg_addresses(void)
{
    unsigned long v;

    setup();

    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 0, 0x00007ffffffffff8UL), 0);
    CU_ASSERT_EQUAL(cpu.dr[0], 0x00007ffffffffff8UL);
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 1, 0xffff880000000000UL), 0);
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 2, 0x0000800000000000UL), -EPERM);
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 2, 0xffff87fffffffff8UL), -EPERM);
    CU_ASSERT(get_debugreg(&vcpu, 2, &v) == 0 && v == 0);
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 8, 0), -ENODEV);
    CU_ASSERT_EQUAL(get_debugreg(&vcpu, 8, &v), -ENODEV);
    /* Not current: state only. */
    unit_current_vcpu = NULL;
    cpu.dr_writes = 0;
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 3, 0x1000), 0);
    CU_ASSERT_EQUAL(cpu.dr_writes, 0);
}

static void test_debugreg_dr6_dr7(void)
{
    unsigned long v;

    setup();

    /* A zeroed vCPU reads the architectural defaults. */
    CU_ASSERT(get_debugreg(&vcpu, 6, &v) == 0 && v == 0xffff0ff0);
    CU_ASSERT(get_debugreg(&vcpu, 7, &v) == 0 && v == 0x400);
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 6, 0x100f), 0);
    CU_ASSERT(get_debugreg(&vcpu, 6, &v) == 0 && v == 0xffff0fff);
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 6, 1UL << 32), -EINVAL);
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 7, 1UL << 32), -EINVAL);
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 7, 0x2001), -EPERM);    /* GD */
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 7, 0x2000), -EPERM);
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 7, 0x20001), -EPERM);   /* I/O bp */
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 7, 0x20000), 0);        /* disabled */
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 7, 0xd800), 0);         /* reserved */
    CU_ASSERT(get_debugreg(&vcpu, 7, &v) == 0 && v == 0x400);

    /* DR4/5 alias 6/7 without CR4.DE, -ENODEV with it. */
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 5, 0), 0);
    CU_ASSERT(get_debugreg(&vcpu, 4, &v) == 0 && v == 0xffff0fff);
    vcpu.arch.pv.ctrlreg[4] = X86_CR4_DE;
    CU_ASSERT_EQUAL(get_debugreg(&vcpu, 4, &v), -ENODEV);
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 5, 0), -ENODEV);

    /* With CR4.DE an I/O breakpoint is kept but not loaded. */
    set_debugreg(&vcpu, 0, 0x80);
    set_debugreg(&vcpu, 1, 0x4000);
    cpu.dr_writes = 0;
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 7, 0x10020005), 0); /* L0 io, L1 rw */
    CU_ASSERT(get_debugreg(&vcpu, 7, &v) == 0 && v == 0x10020405);
    CU_ASSERT_EQUAL(cpu.dr[7], 0x10020404);
    CU_ASSERT_EQUAL(cpu.dr[1], 0x4000);
    CU_ASSERT_EQUAL(cpu.dr_writes, 6);  /* DR0-3, DR6, DR7 */
    CU_ASSERT_EQUAL(pv_io_breakpoint_match(&vcpu, 0x80, 1), 1);
    CU_ASSERT_EQUAL(pv_io_breakpoint_match(&vcpu, 0x7f, 2), 1);
    CU_ASSERT_EQUAL(pv_io_breakpoint_match(&vcpu, 0x81, 1), 0);
    vcpu.arch.pv.ctrlreg[4] = 0;
    CU_ASSERT_EQUAL(pv_io_breakpoint_match(&vcpu, 0x80, 1), 0);

    /* Nothing enabled: only DR7 reaches hardware. */
    cpu.dr_writes = 0;
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 7, 0), 0);
    CU_ASSERT(cpu.dr_writes == 1 && cpu.dr[7] == 0x400);
    CU_ASSERT(do_get_debugreg(7) == 0x400 && do_set_debugreg(9, 0) == -ENODEV);
}

/* ---- I/O permission ------------------------------------------------------- */

static uint8_t iobmp[8192];

static void test_iopl(void)
{
    static const struct { bool kernel, arch; unsigned int iopl; bool ok; } t[] = {
        { true, false, 0, false }, { true, false, 1, true },
        { true, false, 3, true },  { true, true, 0, true },
        { false, false, 1, false }, { false, true, 2, false },
        { false, false, 3, true },
    };

    setup();

    for ( unsigned int i = 0; i < ARRAY_SIZE(t); i++ )
    {
        vcpu.arch.pv.kernel_mode = t[i].kernel;
        dom.arch.pv.vm_assist = t[i].arch
            ? 1UL << VMASST_TYPE_architectural_iopl : 0;
        vcpu.arch.pv.iopl = t[i].iopl << 12;
        CU_ASSERT_EQUAL(pv_iopl_ok(&vcpu), t[i].ok);
    }
}

static void test_iobitmap(void)
{
    setup();
    memset(iobmp, 0xff, sizeof(iobmp));
    iobmp[0x80 / 8] = 0xfe;                     /* port 0x80 only */
    iobmp[0x3fe / 8] = 0x3f;                    /* 0x3fe, 0x3ff */
    vcpu.arch.pv.iobmp = (unsigned long)iobmp;
    vcpu.arch.pv.iobmp_limit = 0x400;

    CU_ASSERT(pv_io_permitted(&vcpu, 0x80, 1));
    CU_ASSERT(!pv_io_permitted(&vcpu, 0x81, 1));
    CU_ASSERT(!pv_io_permitted(&vcpu, 0x80, 2));
    CU_ASSERT(!pv_io_permitted(&vcpu, 0x3fe, 4));   /* past the limit */
    vcpu.arch.pv.iobmp_limit = 0x402;
    CU_ASSERT(pv_io_permitted(&vcpu, 0x3fe, 2));    /* spans two bytes */
    CU_ASSERT(!pv_io_permitted(&vcpu, 0x3fd, 2));
    CU_ASSERT_EQUAL(cpu.cr3_writes, 0);
    /* User mode reads the bitmap through the kernel page tables. */
    vcpu.arch.pv.kernel_mode = false;
    CU_ASSERT(pv_io_permitted(&vcpu, 0x80, 1));
    CU_ASSERT(cpu.cr3_writes == 2 && cpu.cr3 == 0x5000);
    /* An unreadable bitmap denies. */
    vcpu.arch.pv.iobmp = (unsigned long)fault_page;
    CU_ASSERT(!pv_io_permitted(&vcpu, 0, 1));
}


/* ---- instruction emulation end to end ------------------------------------ */

/* Guest "code": instruction bytes from the host assembler (insn.h). */
INSN(c_in_al_80, "in $0x80, %al");
INSN(c_out_80, "out %al, $0x80");
INSN(c_inl_dx, "inl (%dx), %eax");
INSN(c_rep_insb, "rep insb (%dx), %es:(%rdi)");
INSN(c_outsb, "outsb (%rsi), (%dx)");
INSN(c_cli, "cli");
INSN(c_hlt, "hlt");
INSN(c_clts, "clts");
INSN(c_rd_cr0, "mov %cr0, %rax");
INSN(c_wr_cr0, "mov %rax, %cr0");
INSN(c_rd_cr3, "mov %cr3, %rbx");
INSN(c_wr_cr3, "mov %rbx, %cr3");
INSN(c_rd_cr4, "mov %cr4, %rax");
INSN(c_wr_cr4, "mov %rax, %cr4");
INSN(c_rd_cr8, "mov %cr8, %rax");
INSN(c_wr_dr0, "mov %rax, %dr0");
INSN(c_rd_dr4, "mov %dr4, %rax");
INSN(c_rd_dr7, "mov %dr7, %r9");
INSN(c_rdmsr, "rdmsr");
INSN(c_wrmsr, "wrmsr");
INSN(c_rdtsc, "rdtsc");
INSN(c_lmsw, "lmsw %ax");
INSN(c_fep_cpuid, "ud2; .ascii \"xen\"; cpuid");
INSN(c_fep_nop, "ud2; .ascii \"xen\"; nop");
INSN(c_ud2, "ud2");

static struct cpu_user_regs regs;

static bool run_at(const uint8_t *code)
{
    regs.rip = (unsigned long)code;
    regs.cs = FLAT_KERNEL_CS;
    regs.rflags = 0x202;
    return pv_emulate_privileged_op(&regs);
}

static void emul_setup(void)
{
    setup();
    memset(&regs, 0, sizeof(regs));
}

static void test_emul_io(void)
{
    static uint8_t buf[8];

    emul_setup();
    vcpu.arch.pv.iopl = 1 << 12;
    regs.rax = 0x1234;
    CU_ASSERT(run_at(c_in_al_80));
    CU_ASSERT_EQUAL(regs.rax, 0x12ff);
    CU_ASSERT_EQUAL(regs.rip, (unsigned long)c_in_al_80 + 2);
    regs.rax = ~0UL;
    regs.rdx = 0x10000 + 0x3f8;                 /* port is DX & 0xffff */
    CU_ASSERT(run_at(c_inl_dx));
    CU_ASSERT_EQUAL(regs.rax, 0xffffffffUL);

    /* rep insb: three bytes of all-ones, registers stepped. */
    regs.rcx = 3;
    regs.rdi = (unsigned long)buf;
    CU_ASSERT(run_at(c_rep_insb));
    CU_ASSERT(buf[0] == 0xff && buf[2] == 0xff && buf[3] == 0);
    CU_ASSERT(regs.rcx == 0 && regs.rdi == (unsigned long)buf + 3);
    /* outsb from a faulting address: #PF, nothing stepped. */
    regs.rsi = (unsigned long)fault_page + 8;
    CU_ASSERT(run_at(c_outsb));
    CU_ASSERT(trap.count == 1 && trap.vector == 14 &&
              trap.cr2 == (unsigned long)fault_page + 8);
    CU_ASSERT_EQUAL(regs.rip, (unsigned long)c_outsb);

    /* vIOPL 0 in kernel mode (CPL 1): the #GP goes to the guest. */
    vcpu.arch.pv.iopl = 0;
    CU_ASSERT(!run_at(c_out_80));
    CU_ASSERT(!run_at(c_cli));
    /* User mode with vIOPL 3: allowed; privileged ops are not. */
    vcpu.arch.pv.kernel_mode = false;
    vcpu.arch.pv.iopl = 3 << 12;
    CU_ASSERT(run_at(c_cli));
    CU_ASSERT(!run_at(c_rd_cr0));
    CU_ASSERT(!run_at(c_hlt));
}

static void test_emul_cr(void)
{
    emul_setup();
    vcpu.arch.pv.ctrlreg[0] = X86_CR0_TS;
    CU_ASSERT(run_at(c_rd_cr0));
    CU_ASSERT_EQUAL(regs.rax, 0x80050033 | X86_CR0_TS);
    CU_ASSERT(run_at(c_clts));
    CU_ASSERT(!(vcpu.arch.pv.ctrlreg[0] & X86_CR0_TS) && !(cpu.cr0 & 8));
    regs.rax = 0x80050033 | X86_CR0_TS;
    CU_ASSERT(run_at(c_wr_cr0));
    CU_ASSERT((vcpu.arch.pv.ctrlreg[0] & X86_CR0_TS) && (cpu.cr0 & 8));
    regs.rax = 0x80040033;                      /* clears WP: #GP */
    CU_ASSERT(!run_at(c_wr_cr0));
    regs.rax = 0x3;                             /* lmsw: PE MP, TS off */
    CU_ASSERT(run_at(c_lmsw));
    CU_ASSERT(!(vcpu.arch.pv.ctrlreg[0] & X86_CR0_TS));
    regs.rax = 0x8;                             /* would clear MP: #GP */
    CU_ASSERT(!run_at(c_lmsw));
    CU_ASSERT(!run_at(c_rd_cr8));

    CU_ASSERT(run_at(c_rd_cr3));
    CU_ASSERT_EQUAL(regs.rbx, 0x1234000);
    regs.rbx = 0x5678000;
    CU_ASSERT(run_at(c_wr_cr3));
    CU_ASSERT_EQUAL(new_cr3_mfn, 0x5678);
    new_cr3_rc = -EINVAL;
    CU_ASSERT(!run_at(c_wr_cr3));

    /* CR4: TSD and DE kept, PGE/FSGSBASE/OSXSAVE dropped silently. */
    regs.rax = X86_CR4_TSD | X86_CR4_DE | X86_CR4_PGE | X86_CR4_FSGSBASE |
               X86_CR4_OSXSAVE;
    CU_ASSERT(run_at(c_wr_cr4));
    CU_ASSERT_EQUAL(vcpu.arch.pv.ctrlreg[4], X86_CR4_TSD | X86_CR4_DE);
    CU_ASSERT_EQUAL(cpu.cr4, 0x6a0 | X86_CR4_TSD | X86_CR4_DE);
    CU_ASSERT(run_at(c_rd_cr4));
    CU_ASSERT_EQUAL(regs.rax, 0x620 | X86_CR4_TSD | X86_CR4_DE);
    CU_ASSERT_EQUAL(pv_make_cr4(&vcpu), cpu.cr4);
    CU_ASSERT(run_at(c_rdtsc));
    CU_ASSERT(regs.rax == 0x55667788 && regs.rdx == 0x11223344);
}

static void test_emul_msr_dr(void)
{
    emul_setup();
    regs.rcx = MSR_FS_BASE;
    regs.rdx = 0x7fff;
    regs.rax = 0x12345678;
    CU_ASSERT(run_at(c_wrmsr));
    CU_ASSERT_EQUAL(vcpu.arch.pv.fs_base, 0x00007fff12345678UL);
    regs.rax = regs.rdx = ~0UL;
    CU_ASSERT(run_at(c_rdmsr));
    CU_ASSERT(regs.rax == 0x12345678 && regs.rdx == 0x7fff);
    regs.rcx = MSR_LSTAR;
    CU_ASSERT(!run_at(c_wrmsr));

    regs.rax = 0xffff800000000000UL;            /* the hole: #GP */
    CU_ASSERT(!run_at(c_wr_dr0));
    regs.rax = 0x1000;
    CU_ASSERT(run_at(c_wr_dr0));
    CU_ASSERT(run_at(c_rd_dr7));
    CU_ASSERT_EQUAL(regs.r9, 0x400);
    vcpu.arch.pv.ctrlreg[4] = X86_CR4_DE;       /* DR4 with DE: #UD */
    CU_ASSERT(run_at(c_rd_dr4));
    CU_ASSERT(trap.count == 1 && trap.vector == 6);
    CU_ASSERT_EQUAL(regs.rip, (unsigned long)c_rd_dr4);
}

static void test_emul_debug_traps(void)
{
    emul_setup();
    vcpu.arch.pv.iopl = 1 << 12;
    /* Single-stepping over an emulated instruction: #DB with DR6.BS. */
    regs.rflags = 0x302;
    regs.rip = (unsigned long)c_hlt;
    regs.cs = FLAT_KERNEL_CS;
    CU_ASSERT(pv_emulate_privileged_op(&regs));
    CU_ASSERT(trap.count == 1 && trap.vector == 1);
    CU_ASSERT(vcpu.arch.pv.debugreg[6] & (1UL << 14));
    /* An I/O breakpoint on port 0x80 (CR4.DE): #DB with DR6.B0. */
    vcpu.arch.pv.ctrlreg[4] = X86_CR4_DE;
    vcpu.arch.pv.debugreg[6] = 0xffff0ff0;
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 0, 0x80), 0);
    CU_ASSERT_EQUAL(set_debugreg(&vcpu, 7, 0x20001), 0);
    CU_ASSERT(run_at(c_in_al_80));
    CU_ASSERT(trap.count == 2 && trap.vector == 1);
    CU_ASSERT_EQUAL(vcpu.arch.pv.debugreg[6], 0xffff0ff1);
}

static void test_emul_forced(void)
{
    emul_setup();
    regs.rax = 0x40000000;
    regs.rcx = 0;
    regs.rip = (unsigned long)c_fep_cpuid;
    regs.cs = FLAT_KERNEL_CS;
    CU_ASSERT(pv_emulate_forced_invalid_op(&regs));
    CU_ASSERT(regs.rax == 0x40000005 && regs.rbx == 0x566e6558);
    CU_ASSERT_EQUAL(regs.rip, (unsigned long)c_fep_cpuid + 7);
    /* Works with no trap table at all, from user mode too. */
    vcpu.arch.pv.trap_ctxt[13].address = 0;
    vcpu.arch.pv.kernel_mode = false;
    regs.rax = 1;
    regs.rip = (unsigned long)c_fep_cpuid;
    CU_ASSERT(pv_emulate_forced_invalid_op(&regs));
    CU_ASSERT(regs.rcx & (1U << 31));
    /* Anything else behind the prefix, or a plain ud2: the guest's #UD. */
    regs.rip = (unsigned long)c_fep_nop;
    CU_ASSERT(!pv_emulate_forced_invalid_op(&regs));
    CU_ASSERT_EQUAL(regs.rip, (unsigned long)c_fep_nop);
    regs.rip = (unsigned long)c_ud2;
    CU_ASSERT(!pv_emulate_forced_invalid_op(&regs));
    CU_ASSERT_EQUAL(trap.count, 0);
}

static void test_physdev(void)
{
    struct physdev_set_iopl iopl = { .iopl = 3 };
    struct physdev_set_iobitmap bm = { .nr_ports = 0x100 };

    emul_setup();
    CU_ASSERT_EQUAL(do_physdev_op(PHYSDEVOP_set_iopl, (unsigned long)&iopl), 0);
    CU_ASSERT_EQUAL(vcpu.arch.pv.iopl, 3 << 12);
    iopl.iopl = 4;
    CU_ASSERT_EQUAL(do_physdev_op(PHYSDEVOP_set_iopl, (unsigned long)&iopl),
                    -EINVAL);
    CU_ASSERT_EQUAL(vcpu.arch.pv.iopl, 3 << 12);
    CU_ASSERT_EQUAL(do_physdev_op(PHYSDEVOP_set_iopl,
                                  (unsigned long)fault_page), -EFAULT);

    set_xen_guest_handle(bm.bitmap, iobmp);
    CU_ASSERT_EQUAL(do_physdev_op(PHYSDEVOP_set_iobitmap, (unsigned long)&bm), 0);
    CU_ASSERT(vcpu.arch.pv.iobmp == (unsigned long)iobmp &&
              vcpu.arch.pv.iobmp_limit == 0x100);
    bm.nr_ports = 65537;
    CU_ASSERT_EQUAL(do_physdev_op(PHYSDEVOP_set_iobitmap, (unsigned long)&bm),
                    -EINVAL);
    bm.nr_ports = 1;
    set_xen_guest_handle(bm.bitmap, (uint8_t *)0xffff830000000000UL);
    CU_ASSERT_EQUAL(do_physdev_op(PHYSDEVOP_set_iobitmap, (unsigned long)&bm),
                    -EINVAL);
    CU_ASSERT_EQUAL(vcpu.arch.pv.iobmp_limit, 0x100);
    CU_ASSERT_EQUAL(do_physdev_op(PHYSDEVOP_eoi, 0), -ENOSYS);
}

/* physdev_op_compat: the same sub-ops, command and argument in one struct. */
static void test_physdev_compat(void)
{
    struct physdev_op op = { .cmd = PHYSDEVOP_set_iopl };

    emul_setup();
    op.u.set_iopl.iopl = 2;
    CU_ASSERT_EQUAL(do_physdev_op_compat((unsigned long)&op), 0);
    CU_ASSERT_EQUAL(vcpu.arch.pv.iopl, 2 << 12);
    op.u.set_iopl.iopl = 4;
    CU_ASSERT_EQUAL(do_physdev_op_compat((unsigned long)&op), -EINVAL);
    CU_ASSERT_EQUAL(vcpu.arch.pv.iopl, 2 << 12);
    op.cmd = PHYSDEVOP_eoi;
    CU_ASSERT_EQUAL(do_physdev_op_compat((unsigned long)&op), -ENOSYS);
    CU_ASSERT_EQUAL(do_physdev_op_compat((unsigned long)fault_page), -EFAULT);
}

static CU_TestInfo cases[] = {
    { "cpuid_xen_leaves", test_cpuid_xen_leaves },
    { "cpuid_leaf1", test_cpuid_leaf1 },
    { "cpuid_leaf7", test_cpuid_leaf7 },
    { "cpuid_ranges", test_cpuid_ranges },
    { "msr_bases", test_msr_bases },
    { "msr_readonly", test_msr_readonly },
    { "msr_unknown", test_msr_unknown },
    { "debugreg_addresses", test_debugreg_addresses },
    { "debugreg_dr6_dr7", test_debugreg_dr6_dr7 },
    { "iopl", test_iopl },
    { "iobitmap", test_iobitmap },
    { "io", test_emul_io },
    { "control_registers", test_emul_cr },
    { "msr_and_dr", test_emul_msr_dr },
    { "debug_traps", test_emul_debug_traps },
    { "forced_cpuid", test_emul_forced },
    { "physdev_op", test_physdev },
    { "physdev_op_compat", test_physdev_compat },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("emul_priv", NULL, NULL, cases);
