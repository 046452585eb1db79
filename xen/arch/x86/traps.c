/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Descriptor tables and exception dispatch. Faults in hypervisor context dump
 * the registers and stop the machine; faults in guest context are handed to
 * the PV trap code (arch/x86/pv/) which bounces them to the guest.
 */
#include <xen/lib.h>
#include <asm/config.h>
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/uaccess.h>
#include <asm/pv/traps.h>

void do_trap(struct cpu_user_regs *regs);

extern char vector_stubs[];
extern char boot_gdt[];

char cpu_stacks[NR_CPUS * STACK_SIZE]
    __attribute__((section(".bss.stack_aligned"), aligned(STACK_SIZE)));
/*
 * IST stacks live in the lowest pages of each CPU's stack block, so code
 * running on them still finds its struct cpu_info (get_cpu_info() masks RSP).
 */
static unsigned long ist_stack_top(unsigned int cpu, unsigned int i)
{
    return (unsigned long)cpu_stacks + cpu * STACK_SIZE + (i + 1) * 4096;
}
static struct tss64 cpu_tss[NR_CPUS];
static struct idt_entry idt[256] __aligned(4096);

static const char *const vector_names[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow",
    "bound range", "invalid opcode", "device not available", "double fault",
    "coprocessor overrun", "invalid TSS", "segment not present",
    "stack fault", "general protection", "page fault", "reserved",
    "x87 FPU error", "alignment check", "machine check", "SIMD error",
    "virtualization", "control protection",
};

static void set_gate(unsigned int vec, unsigned int dpl, unsigned int ist)
{
    unsigned long addr = (unsigned long)vector_stubs + vec * 16;

    idt[vec] = (struct idt_entry){
        .offset_lo = addr & 0xffff,
        .selector = __HYPERVISOR_CS,
        .ist = ist,
        .type_attr = 0x8e | (dpl << 5),  /* present, 64-bit interrupt gate */
        .offset_mid = (addr >> 16) & 0xffff,
        .offset_hi = addr >> 32,
    };
}

void idt_set_dpl(unsigned int vec, unsigned int dpl)
{
    idt[vec].type_attr = (idt[vec].type_attr & ~0x60) | (dpl << 5);
}

static void idt_init(void)
{
    unsigned int v;

    /*
     * DPL 0 everywhere, so a guest's `int n` arrives as #GP and is checked
     * against its virtual IDT; #BP/#OF and the int $0x80 fast path are
     * reachable from ring 3 directly.
     */
    for ( v = 0; v < 256; v++ )
        set_gate(v, 0, 0);
    set_gate(1, 0, IST_DB);
    set_gate(2, 0, IST_NMI);
    set_gate(8, 0, IST_DF);
    set_gate(18, 0, IST_MCE);
    idt_set_dpl(3, 3);
    idt_set_dpl(4, 3);
    idt_set_dpl(0x80, 3);
}

/*
 * Each CPU's GDT is the reserved page (selectors 0xe000-0xe06f) with a GDTR
 * base 0xe000 below it; the TSS descriptor at 0xe040 is filled in here.
 */
/*
 * SYSCALL entry. SYSCALL does not switch stacks and both GS bases belong to
 * the guest, so LSTAR/CSTAR point at small per-CPU trampolines with this
 * CPU's cpu_info addresses baked in as RIP-relative operands:
 *   mov %rsp, guest_rsp_scratch(%rip); lea guest_cpu_user_regs.es(%rip), %rsp;
 *   jmp lstar_enter/cstar_enter
 */
extern char lstar_enter[], cstar_enter[];
static uint8_t syscall_trampolines[NR_CPUS][2][32] __aligned(16);

static uint8_t *emit_rel32(uint8_t *p, unsigned int oplen, const uint8_t *op,
                           const void *target)
{
    int32_t rel;

    memcpy(p, op, oplen);
    rel = (int32_t)((unsigned long)target - (unsigned long)(p + oplen + 4));
    memcpy(p + oplen, &rel, 4);
    return p + oplen + 4;
}

static void *build_trampoline(uint8_t *p, struct cpu_info *ci, void *entry)
{
    static const uint8_t mov_rsp_to_mem[] = { 0x48, 0x89, 0x25 };
    static const uint8_t lea_mem_to_rsp[] = { 0x48, 0x8d, 0x25 };
    static const uint8_t jmp_rel32[] = { 0xe9 };
    uint8_t *q = p;

    q = emit_rel32(q, 3, mov_rsp_to_mem, &ci->guest_rsp_scratch);
    q = emit_rel32(q, 3, lea_mem_to_rsp, &ci->guest_cpu_user_regs.es);
    emit_rel32(q, 1, jmp_rel32, entry);
    return p;
}

static void syscall_init(unsigned int cpu)
{
    struct cpu_info *ci = cpu_info_of(cpu);

    wrmsr(MSR_LSTAR, (unsigned long)build_trampoline(
              syscall_trampolines[cpu][0], ci, lstar_enter));
    wrmsr(MSR_CSTAR, (unsigned long)build_trampoline(
              syscall_trampolines[cpu][1], ci, cstar_enter));
    /* SYSRET would give CS 0xe033 / SS 0xe02b; entry runs at 0xe008. */
    wrmsr(MSR_STAR, (0xe023UL << 48) | ((unsigned long)__HYPERVISOR_CS << 32));
    wrmsr(MSR_SYSCALL_MASK, X86_EFLAGS_TF | X86_EFLAGS_IF | X86_EFLAGS_DF |
          X86_EFLAGS_NT | X86_EFLAGS_AC | X86_EFLAGS_VM | X86_EFLAGS_RF);
    /* SYSENTER from a guest: CS 0 makes it #GP, handled as a guest fault. */
    wrmsr(MSR_IA32_SYSENTER_CS, 0);
}

#define GDT_RESERVED_BYTES 0x70            /* 0xe000-0xe06f in use */

void cpu_desc_init(unsigned int cpu)
{
    struct tss64 *tss = &cpu_tss[cpu];
    struct cpu_info *ci = cpu_info_of(cpu);
    uint64_t *gdt = percpu_reserved_gdt(cpu);
    unsigned long base = (unsigned long)tss;
    struct { uint16_t limit; uint64_t base; } __packed idtr, gdtr;
    unsigned int i;

    BUILD_BUG_ON((offsetof(struct cpu_user_regs, es) -
                  sizeof(struct cpu_info)) % 16);

    if ( cpu == 0 )
        idt_init();

    memset(tss, 0, sizeof(*tss));
    tss->rsp0 = (unsigned long)&ci->guest_cpu_user_regs.es;
    for ( i = 0; i < IST_MAX; i++ )
        tss->ist[i] = ist_stack_top(cpu, i);
    tss->iomap_base = sizeof(*tss);     /* no I/O bitmap: all ports trap */
    ci->processor_id = cpu;

    /* This CPU's own reserved GDT page, from the template in head.S. */
    memcpy(gdt, boot_gdt, GDT_RESERVED_BYTES);

    /* 16-byte available 64-bit TSS descriptor. */
    gdt[TSS_SELECTOR / 8 - 0xe000 / 8] =
        (sizeof(*tss) - 1) | ((base & 0xffffff) << 16) | (0x89UL << 40) |
        ((base >> 24) & 0xff) << 56;
    gdt[TSS_SELECTOR / 8 - 0xe000 / 8 + 1] = base >> 32;
    gdt[PER_CPU_SELECTOR / 8 - 0xe000 / 8] = 0x0000910000000000UL | cpu;

    gdtr.limit = FIRST_RESERVED_GDT_BYTE + GDT_RESERVED_BYTES - 1;
    gdtr.base = (unsigned long)gdt - FIRST_RESERVED_GDT_BYTE;
    asm volatile ( "lgdt %0" :: "m" (gdtr) );
    idtr.limit = sizeof(idt) - 1;
    idtr.base = (unsigned long)idt;
    asm volatile ( "lidt %0" :: "m" (idtr) );
    asm volatile ( "ltr %w0" :: "r" (TSS_SELECTOR) );
    syscall_init(cpu);
}

static void show_registers(const struct cpu_user_regs *r)
{
    printk("CPU:    %u   RIP: %04x:%016lx   RFLAGS: %016lx\n",
           smp_processor_id(), r->cs, (unsigned long)r->rip,
           (unsigned long)r->rflags);
    printk("rax: %016lx   rbx: %016lx   rcx: %016lx\n",
           (unsigned long)r->rax, (unsigned long)r->rbx, (unsigned long)r->rcx);
    printk("rdx: %016lx   rsi: %016lx   rdi: %016lx\n",
           (unsigned long)r->rdx, (unsigned long)r->rsi, (unsigned long)r->rdi);
    printk("rbp: %016lx   rsp: %016lx   r8:  %016lx\n",
           (unsigned long)r->rbp, (unsigned long)r->rsp, (unsigned long)r->r8);
    printk("r9:  %016lx   r10: %016lx   r11: %016lx\n",
           (unsigned long)r->r9, (unsigned long)r->r10, (unsigned long)r->r11);
    printk("r12: %016lx   r13: %016lx   r14: %016lx\n",
           (unsigned long)r->r12, (unsigned long)r->r13, (unsigned long)r->r14);
    printk("r15: %016lx   cr0: %016lx   cr4: %016lx\n",
           (unsigned long)r->r15, read_cr0(), read_cr4());
    printk("cr3: %016lx   cr2: %016lx   ss: %04x\n",
           read_cr3(), read_cr2(), r->ss);
}

static const char *vector_name(unsigned int vec)
{
    if ( vec < 32 && vector_names[vec] )
        return vector_names[vec];
    return vec < 32 ? "reserved" : "interrupt";
}

void show_guest_registers(const struct cpu_user_regs *regs)
{
    show_registers(regs);
}


void do_trap(struct cpu_user_regs *regs)
{
    unsigned int vec = regs->entry_vector;
    unsigned long fixup;

    /* An NMI may be another CPU's TLB flush request: answer it first. */
    if ( vec == 2 )
        smp_nmi_ipi();

    if ( (regs->cs & 3) == 3 )
    {
        /*
         * From a guest on an IST stack (#DB, NMI, #MC): continue on the
         * normal path with the frame where every guest frame lives.
         */
        if ( regs != guest_cpu_user_regs() )
        {
            *guest_cpu_user_regs() = *regs;
            pv_do_trap(guest_cpu_user_regs());
            reset_stack_and_return_to_guest();
        }
        pv_do_trap(regs);
        return;
    }
    /* An NMI is not a fault of the instruction it interrupted. */
    if ( vec == 2 )
        return;                         /* NMI in hypervisor context: ignore */
    /* Guest memory accesses and other marked instructions may fault. */
    if ( vec < 32 && (fixup = search_exception_table(regs->rip)) )
    {
        regs->rip = fixup;
        return;
    }
    if ( vec >= 32 && apic_do_interrupt(vec) )
        return;                         /* APIC timer etc. (idle loop's hlt) */
    if ( vec == 1 )
    {
        /*
         * A guest's breakpoint hit while the hypervisor ran: a watchpoint on
         * guest memory we copy, or a MovSS-deferred #DB on the first
         * instruction of the SYSCALL entry (XSA-260). Not ours: drop it.
         */
        asm volatile ( "mov %0, %%db6" :: "r" (0xffff0ff0UL) );
        return;
    }

    printk("\n*** Hypervisor fault: vector %u (%s), error code %#x ***\n",
           vec, vector_name(vec), regs->error_code);
    show_registers(regs);
    panic("Fatal trap %u (%s) in hypervisor context\n", vec, vector_name(vec));
}
