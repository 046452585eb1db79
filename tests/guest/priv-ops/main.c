/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * priv-ops: privileged instructions a PV kernel executes at CPL 3 are
 * emulated against its virtual state (pv-abi-ladder 2.7):
 * - mov from %cr0 (virtual TS from fpu_taskswitch/clts/mov to %cr0),
 *   %cr2 (write/read back), %cr3 (the L4's MFN; writing it back works,
 *   a non-L4 frame is #GP(0)), %cr4 (PAE visible; bits outside the
 *   TSD|DE|FSGSBASE|OSXSAVE policy silently dropped);
 * - rdmsr/wrmsr of FS/GS/SHADOW_GS base (non-canonical: #GP(0)), MSRs a
 *   guest may not touch (#GP(0)), EFER rewritten unchanged;
 * - in/out under PHYSDEVOP_set_iopl 0/1/3 from kernel and user mode
 *   (kernel counts as CPL 1), the I/O bitmap, hypervisor-owned COM1 reads
 *   all ones; cli/sti as no-ops that leave the upcall mask alone; with
 *   VMASST_TYPE_architectural_iopl the kernel counts as CPL 0 and iret
 *   loads the virtual IOPL;
 * - rdtsc with CR4.TSD: emulated in kernel mode, #GP(0) in user mode.
 */
#include <xt.h>
#include <public/physdev.h>

const char test_title[] = "privileged instruction emulation";

#define MSR_EFER           0xc0000080
#define MSR_LSTAR          0xc0000082
#define MSR_FS_BASE        0xc0000100
#define MSR_GS_BASE        0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102

#define CR0_TS   (1UL << 3)
#define CR4_TSD  (1UL << 2)
#define CR4_DE   (1UL << 3)
#define CR4_PAE  (1UL << 5)
#define CR4_PGE  (1UL << 7)
#define CR4_VMXE (1UL << 13)
#define CR4_FSGSBASE (1UL << 16)

static uint8_t scratch[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

#define READ_CR(n) ({ unsigned long v_;                                 \
    asm volatile ("mov %%cr" #n ", %0" : "=r" (v_)); v_; })

/* mov to %crN with a fixup; returns the vector raised or -1. */
#define WRITE_CR(n, val) ({                                             \
    xt_trap_reset();                                                    \
    asm volatile ("1: mov %0, %%cr" #n "; 2:\n\t" XT_EXTABLE(1b, 2b)    \
                  :: "r" ((unsigned long)(val)) : "memory");            \
    xt_last_trap.count ? (int)xt_last_trap.vector : -1; })

static unsigned long va_to_mfn(const void *va)
{
    const unsigned long *p2m = (const unsigned long *)xt_start_info->mfn_list;

    return p2m[(unsigned long)va >> 12];
}

static void expect_gp0(const char *what, int vec)
{
    xt_check(vec == X86_EXC_GP && xt_last_trap.error_code == 0,
             "%s: vector %d error %#lx, want #GP(0)", what, vec,
             xt_last_trap.error_code);
}

static void test_cr0(void)
{
    unsigned long cr0 = READ_CR(0);

    printk("cr0 %#lx\n", cr0);
    xt_check((cr0 & 0x80000001UL) == 0x80000001UL, "cr0 %#lx: PE/PG clear",
             cr0);
    hc_fpu_taskswitch(1);
    xt_check(READ_CR(0) & CR0_TS, "fpu_taskswitch(1): cr0.TS clear");
    asm volatile ("clts");
    xt_check(!(READ_CR(0) & CR0_TS), "clts: cr0.TS still set");
    xt_check(WRITE_CR(0, READ_CR(0) | CR0_TS) < 0, "mov to cr0 (TS) faulted");
    xt_check(READ_CR(0) & CR0_TS, "mov to cr0: TS not set");
    xt_check(WRITE_CR(0, READ_CR(0) & ~CR0_TS) < 0, "mov to cr0 faulted");
    xt_check(!(READ_CR(0) & CR0_TS), "mov to cr0: TS not cleared");
    /* Anything but TS: #GP(0), as on Xen. */
    expect_gp0("mov to cr0 (clear WP)", WRITE_CR(0, READ_CR(0) & ~(1UL << 16)));
    xt_check(READ_CR(0) == cr0, "cr0 changed to %#lx", READ_CR(0));
}

static void test_cr2_cr3(void)
{
    unsigned long cr3 = READ_CR(3);
    unsigned long l4_mfn = va_to_mfn((void *)xt_start_info->pt_base);

    xt_check(WRITE_CR(2, 0x123456789abcUL) < 0, "mov to cr2 faulted");
    xt_check(READ_CR(2) == 0x123456789abcUL, "cr2 reads %#lx", READ_CR(2));

    printk("cr3 %#lx, L4 mfn %#lx\n", cr3, l4_mfn);
    xt_check(cr3 == l4_mfn << 12, "cr3 %#lx, want L4 mfn %#lx << 12", cr3,
             l4_mfn);
    xt_check(WRITE_CR(3, cr3) < 0, "mov of the same L4 to cr3 faulted");
    xt_check(READ_CR(3) == cr3, "cr3 changed to %#lx", READ_CR(3));
    /* A page we map writable cannot become an L4. */
    scratch[0] = 1;
    expect_gp0("mov of a data page to cr3",
               WRITE_CR(3, va_to_mfn(scratch) << 12));
    xt_check(READ_CR(3) == cr3, "cr3 changed to %#lx after a bad write",
             READ_CR(3));
}

static unsigned long user_rdtsc(void)
{
    uint32_t lo = 0, hi = 0;

    asm volatile ("1: rdtsc; 2:\n\t" XT_EXTABLE(1b, 2b) : "+a" (lo), "+d" (hi));
    return lo | ((unsigned long)hi << 32);
}

static void test_cr4(void)
{
    unsigned long cr4 = READ_CR(4), fsgs;
    struct cpuid_regs l7;

    printk("cr4 %#lx\n", cr4);
    xt_check(cr4 & CR4_PAE, "cr4 %#lx: PAE clear", cr4);
    xt_check(!(cr4 & (CR4_TSD | CR4_DE | CR4_FSGSBASE)),
             "cr4 %#lx: guest bits set at boot", cr4);
    xt_check(WRITE_CR(4, cr4 | CR4_PGE | CR4_VMXE) < 0, "mov to cr4 faulted");
    xt_check(READ_CR(4) == cr4, "cr4 PGE|VMXE not dropped: %#lx", READ_CR(4));

    cpuid_forced(7, 0, &l7);
    fsgs = (l7.b & 1) ? CR4_FSGSBASE : 0;
    WRITE_CR(4, cr4 | CR4_FSGSBASE);
    xt_check((READ_CR(4) & CR4_FSGSBASE) == fsgs, "cr4.FSGSBASE %#lx, CPUID "
             "says %#lx", READ_CR(4) & CR4_FSGSBASE, fsgs);
    WRITE_CR(4, cr4 | CR4_DE);
    xt_check(READ_CR(4) & CR4_DE, "cr4.DE not settable");

    WRITE_CR(4, cr4 | CR4_TSD);
    xt_check(READ_CR(4) & CR4_TSD, "cr4.TSD not settable");
    xt_trap_reset();
    xt_check(user_rdtsc() != 0 && !xt_last_trap.count,
             "kernel rdtsc with TSD faulted (vector %u)", xt_last_trap.vector);
    xt_trap_reset();
    xt_exec_user(user_rdtsc);
    expect_gp0("user rdtsc with TSD", xt_last_trap.count
               ? (int)xt_last_trap.vector : -1);
    WRITE_CR(4, cr4);
    xt_check(READ_CR(4) == cr4, "cr4 not restored: %#lx", READ_CR(4));
}

static void test_msrs(void)
{
    uint64_t v, efer;

    for ( uint32_t msr = MSR_FS_BASE; msr <= MSR_SHADOW_GS_BASE; msr++ )
    {
        uint64_t old = 0, val = 0x00007f0000001000UL + msr;

        xt_check(rdmsr_safe(msr, &old) < 0, "rdmsr(%#x) faulted", msr);
        xt_check(wrmsr_safe(msr, val) < 0, "wrmsr(%#x) faulted", msr);
        xt_check(rdmsr_safe(msr, &v) < 0 && v == val,
                 "rdmsr(%#x) = %#lx, want %#lx", msr, v, val);
        expect_gp0("wrmsr(non-canonical)",
                   wrmsr_safe(msr, 0x0000800000000000UL));
        wrmsr_safe(msr, old);
    }
    expect_gp0("rdmsr(LSTAR)", rdmsr_safe(MSR_LSTAR, &v));
    expect_gp0("wrmsr(LSTAR)", wrmsr_safe(MSR_LSTAR, 0));
    /* Xen's hypercall-page MSR (CPUID 0x40000002 EBX) reads as zero. */
    v = 1;
    xt_check(rdmsr_safe(0x40000000, &v) < 0 && v == 0,
             "rdmsr(0x40000000) = %#lx (vector %u), want 0", v,
             xt_last_trap.vector);
    expect_gp0("rdmsr(0xdeadbeef)", rdmsr_safe(0xdeadbeef, &v));

    xt_check(rdmsr_safe(MSR_EFER, &efer) < 0, "rdmsr(EFER) faulted");
    printk("efer %#lx\n", efer);
    xt_check((efer & 0x500) == 0x500, "EFER %#lx: LME/LMA clear", efer);
    xt_check(wrmsr_safe(MSR_EFER, efer) < 0, "wrmsr(EFER, unchanged) faulted");
    expect_gp0("wrmsr(EFER, ~NXE)", wrmsr_safe(MSR_EFER, efer ^ (1UL << 11)));
}

static long set_iopl(unsigned int iopl)
{
    struct physdev_set_iopl op = { .iopl = iopl };

    return HC(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, &op, 0, 0, 0);
}

static long set_iobitmap(const void *bitmap, unsigned int nr_ports)
{
    struct physdev_set_iobitmap op = { .nr_ports = nr_ports };

    set_xen_guest_handle(op.bitmap, (uint8_t *)bitmap);
    return HC(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iobitmap, &op, 0, 0, 0);
}

static unsigned long stub_outb(void)
{
    xt_trap_reset();
    asm volatile ("1: outb %%al, $0x80; 2:\n\t" XT_EXTABLE(1b, 2b) :: "a" (0));
    return xt_last_trap.count;
}

static unsigned long stub_outb81(void)
{
    xt_trap_reset();
    asm volatile ("1: outb %%al, $0x81; 2:\n\t" XT_EXTABLE(1b, 2b) :: "a" (0));
    return xt_last_trap.count;
}

static unsigned long stub_cli(void)
{
    xt_trap_reset();
    asm volatile ("1: cli; 2:\n\t" XT_EXTABLE(1b, 2b));
    asm volatile ("3: sti; 4:\n\t" XT_EXTABLE(3b, 4b));
    return xt_last_trap.count;
}

/* Run fn in kernel and user mode; check a #GP(0) came exactly as expected. */
static void check_io(const char *name, unsigned long (*fn)(void),
                     unsigned int iopl, bool kfault, bool ufault)
{
    for ( int user = 0; user <= 1; user++ )
    {
        bool want = user ? ufault : kfault;

        xt_trap_reset();
        if ( user )
            xt_exec_user(fn);
        else
            fn();
        if ( want )
            xt_check(xt_last_trap.count >= 1 &&
                     xt_last_trap.vector == X86_EXC_GP &&
                     xt_last_trap.error_code == 0,
                     "iopl %u %s %s: want #GP(0), got %u traps (vector %u)",
                     iopl, user ? "user" : "kernel", name, xt_last_trap.count,
                     xt_last_trap.vector);
        else
            xt_check(xt_last_trap.count == 0, "iopl %u %s %s: faulted "
                     "(vector %u error %#lx)", iopl, user ? "user" : "kernel",
                     name, xt_last_trap.vector, xt_last_trap.error_code);
    }
}

static void test_io(void)
{
    static const uint8_t bitmap[8192] = { [0x80 / 8] = 0xfe, [0x88 / 8] = 0 };
    uint8_t mask_before = xt_shared_info->vcpu_info[0].evtchn_upcall_mask;
    uint8_t b;
    uint16_t w;
    uint32_t l;
    long rc;

    xt_check(set_iopl(4) == -XEN_EINVAL, "set_iopl(4) = %ld", set_iopl(4));
    rc = HC(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, 0x10, 0, 0, 0);
    xt_check(rc == -XEN_EFAULT, "set_iopl(bad pointer) = %ld", rc);

    for ( unsigned int iopl = 0; iopl <= 3; iopl += (iopl == 1) ? 2 : 1 )
    {
        xt_check(set_iopl(iopl) == 0, "set_iopl(%u) failed", iopl);
        check_io("outb", stub_outb, iopl, iopl < 1, iopl < 3);
        check_io("cli/sti", stub_cli, iopl, iopl < 1, iopl < 3);
    }
    xt_check(xt_shared_info->vcpu_info[0].evtchn_upcall_mask == mask_before,
             "cli/sti changed the upcall mask");

    /* Ports the hypervisor keeps (its COM1) read as all ones. */
    asm volatile ("inb %%dx, %%al" : "=a" (b) : "d" (0x3fd));
    asm volatile ("inw %%dx, %%ax" : "=a" (w) : "d" (0x3f8));
    asm volatile ("inl %%dx, %%eax" : "=a" (l) : "d" (0x3f8));
    xt_check(b == 0xff && w == 0xffff && l == 0xffffffffU,
             "COM1 reads %#x %#x %#x, want all ones", b, w, l);

    /* I/O bitmap with iopl 0: port 0x80 allowed (bit clear), 0x81 not. */
    set_iopl(0);
    rc = set_iobitmap(bitmap, 65537);
    xt_check(rc == -XEN_EINVAL, "set_iobitmap(65537 ports) = %ld", rc);
    rc = set_iobitmap(bitmap, 0x100);
    xt_check(rc == 0, "set_iobitmap = %ld", rc);
    check_io("outb 0x80 (bitmap)", stub_outb, 0, false, false);
    check_io("outb 0x81 (bitmap)", stub_outb81, 0, true, true);
    xt_check(set_iobitmap(NULL, 0) == 0, "removing the I/O bitmap failed");
    check_io("outb 0x80 (no bitmap)", stub_outb, 0, true, true);
}

/*
 * VMASST_TYPE_architectural_iopl: the kernel counts as CPL 0 (any virtual
 * IOPL lets it do I/O), and iret loads the virtual IOPL from the frame's
 * rflags, so entering user mode with IOPL 0 in the frame takes the
 * set_iopl(3) grant away again.
 */
static void test_arch_iopl(void)
{
    long rc = HC(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
                 VMASST_TYPE_architectural_iopl, 0, 0, 0);

    xt_check(rc == 0, "vm_assist(enable, architectural_iopl) = %ld", rc);
    if ( rc )
        return;
    set_iopl(0);
    check_io("outb (architectural iopl 0)", stub_outb, 0, false, true);
    set_iopl(3);
    /* xt_exec_user's iret frame carries IOPL 0: user mode loses the grant. */
    check_io("outb (architectural iopl 3, iret IOPL 0)", stub_outb, 3, false,
             true);
    HC(__HYPERVISOR_vm_assist, VMASST_CMD_disable,
       VMASST_TYPE_architectural_iopl, 0, 0, 0);
    set_iopl(0);
}

void test_main(void)
{
    test_cr0();
    test_cr2_cr3();
    test_cr4();
    test_msrs();
    test_io();
    test_arch_iopl();
}
