/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Descriptor tables and exception dispatch. Faults in hypervisor context dump
 * the registers and stop the machine; faults in guest context are handed to
 * the PV trap code (arch/x86/pv/) which bounces them to the guest.
 */
#include <xen/lib.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/processor.h>

void do_trap(struct cpu_user_regs *regs);

extern char vector_stubs[];
extern char boot_gdt[];

char cpu_stacks[NR_CPUS * STACK_SIZE]
    __attribute__((section(".bss.stack_aligned"), aligned(STACK_SIZE)));
static char ist_stacks[NR_CPUS][IST_MAX][4096]
    __attribute__((section(".bss.page_aligned"), aligned(4096)));
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
void cpu_desc_init(unsigned int cpu)
{
    struct tss64 *tss = &cpu_tss[cpu];
    struct cpu_info *ci = cpu_info_of(cpu);
    uint64_t *gdt = (uint64_t *)boot_gdt;
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
        tss->ist[i] = (unsigned long)ist_stacks[cpu][i] + 4096;
    tss->iomap_base = sizeof(*tss);     /* no I/O bitmap: all ports trap */
    ci->processor_id = cpu;

    /* 16-byte available 64-bit TSS descriptor. */
    gdt[TSS_SELECTOR / 8 - 0xe000 / 8] =
        (sizeof(*tss) - 1) | ((base & 0xffffff) << 16) | (0x89UL << 40) |
        ((base >> 24) & 0xff) << 56;
    gdt[TSS_SELECTOR / 8 - 0xe000 / 8 + 1] = base >> 32;
    gdt[PER_CPU_SELECTOR / 8 - 0xe000 / 8] = 0x0000910000000000UL | cpu;

    gdtr.limit = 0xe000 + 0x70 - 1;
    gdtr.base = (unsigned long)boot_gdt - FIRST_RESERVED_GDT_BYTE;
    asm volatile ( "lgdt %0" :: "m" (gdtr) );
    idtr.limit = sizeof(idt) - 1;
    idtr.base = (unsigned long)idt;
    asm volatile ( "lidt %0" :: "m" (idtr) );
    asm volatile ( "ltr %w0" :: "r" (TSS_SELECTOR) );
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

void do_trap(struct cpu_user_regs *regs)
{
    unsigned int vec = regs->entry_vector;

    /* Nothing runs in guest context yet: every trap is the hypervisor's. */
    printk("\n*** Hypervisor fault: vector %u (%s), error code %#x ***\n",
           vec, vector_name(vec), regs->error_code);
    show_registers(regs);
    panic("Fatal trap %u (%s) in hypervisor context\n", vec, vector_name(vec));
}
