/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bringing up the other physical CPUs: their APIC ids from the ACPI MADT,
 * the real-mode trampoline (boot/trampoline.S) copied below 1 MiB, then
 * for each CPU in turn INIT-SIPI-SIPI and a wait for it to report in.
 * Each CPU sets up its own descriptor tables (its reserved GDT page, TSS
 * and IST stacks, SYSCALL trampolines), local APIC, time stamp and run
 * queue, then enters its idle loop. `maxcpus=N` limits, `nosmp` skips it.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/page_alloc.h>
#include <xen/schedule.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/acpi.h>
#include <asm/bootinfo.h>
#include <asm/directmap.h>
#include <asm/smp.h>

#define AP_TIMEOUT SECONDS(1)

unsigned long cpu_online_map = 1;           /* the boot CPU */
unsigned int nr_cpu_ids = 1;
uint32_t cpu_apic_id[NR_CPUS];

/* Read by trampoline.S (ap_start64) for the CPU being started. */
uint64_t ap_boot_stack;
uint32_t ap_boot_cpu;
static volatile bool ap_alive;
static unsigned long bsp_cr4;

static bool opt_nosmp;
boolean_param("nosmp", opt_nosmp);
static unsigned int opt_maxcpus = NR_CPUS;
integer_param("maxcpus", opt_maxcpus);

extern const char trampoline_start[], trampoline_end[], tr_gdt_desc[],
    tr_pm_jump[], tr_lm_jump[], tr_cr3[], tr_efer[], tr_gdt[], tr_pm[], tr_lm[];

void start_secondary(unsigned int cpu);

/* The first C code on a secondary CPU, on its own stack. */
void start_secondary(unsigned int cpu)
{
    write_cr4(bsp_cr4);
    cpu_desc_init(cpu);
    apic_init_secondary();
    sched_init_pcpu(cpu);
    timer_softirq();                    /* programs the APIC for its list */
    __atomic_fetch_or(&cpu_online_map, 1UL << cpu, __ATOMIC_SEQ_CST);
    ap_alive = true;
    idle_loop();
}

static void patch32(char *base, const char *field, uint32_t val)
{
    memcpy(base + (field - trampoline_start), &val, sizeof(val));
}

/*
 * A page for the trampoline: the allocator never hands out the first MiB
 * (mm.c keeps it for the BIOS and us), so take a RAM page there that holds
 * neither the multiboot information nor a module.
 */
static bool page_in_use(paddr_t pa)
{
    const struct boot_info *bi = &boot_info;
    bool ram = false;

    for ( unsigned int i = 0; i < bi->nr_e820; i++ )
        if ( bi->e820[i].type == E820_RAM && pa >= bi->e820[i].addr &&
             pa + PAGE_SIZE <= bi->e820[i].addr + bi->e820[i].size )
            ram = true;
    if ( !ram || (pa < bi->mbi_end && bi->mbi_start < pa + PAGE_SIZE) )
        return true;
    for ( unsigned int i = 0; i < bi->nr_mods; i++ )
        if ( pa < bi->mods[i].start + bi->mods[i].size &&
             bi->mods[i].start < pa + PAGE_SIZE )
            return true;
    return false;
}

/* Copy the trampoline to a page below 1 MiB; its physical address. */
static paddr_t setup_trampoline(void)
{
    paddr_t pa;
    char *p;

    for ( pa = 0x8000; pa < 0x9f000 && page_in_use(pa); pa += PAGE_SIZE )
        ;
    if ( pa >= 0x9f000 )
        return 0;
    p = __va(pa);
    memcpy(p, trampoline_start, trampoline_end - trampoline_start);
    patch32(p, tr_gdt_desc + 2, pa + (tr_gdt - trampoline_start));
    patch32(p, tr_pm_jump, pa + (tr_pm - trampoline_start));
    patch32(p, tr_lm_jump, pa + (tr_lm - trampoline_start));
    patch32(p, tr_cr3, __pa(idle_pg_table));
    patch32(p, tr_efer, rdmsr(MSR_EFER) & (EFER_SCE | EFER_LME | EFER_NXE));
    return pa;
}

static bool start_cpu(unsigned int cpu, uint32_t apic_id, paddr_t tramp)
{
    s_time_t deadline;

    cpu_apic_id[cpu] = apic_id;
    ap_boot_cpu = cpu;
    ap_boot_stack = (unsigned long)cpu_info_of(cpu);
    time_init_secondary(cpu);
    ap_alive = false;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);

    apic_send_init_sipi(apic_id, tramp >> PAGE_SHIFT);
    deadline = NOW() + AP_TIMEOUT;
    while ( !ap_alive && NOW() < deadline )
        cpu_relax();
    return ap_alive;
}

void smp_boot_cpus(void)
{
    uint32_t ids[NR_CPUS * 4], bsp = apic_read_id();
    unsigned int n = acpi_madt_apic_ids(ids, ARRAY_SIZE(ids)), i, cpu = 1;
    unsigned int limit = min(max(opt_maxcpus, 1U), (unsigned int)NR_CPUS);
    paddr_t tramp = 0;

    cpu_apic_id[0] = bsp;
    bsp_cr4 = read_cr4();
    if ( opt_nosmp )
        limit = 1;
    if ( n > 1 && limit > 1 )
        tramp = setup_trampoline();
    if ( n > 1 && limit > 1 && !tramp )
        printk(XENLOG_WARNING "SMP: no page below 1 MiB for the trampoline\n");

    for ( i = 0; tramp && i < n && cpu < limit; i++ )
    {
        if ( ids[i] == bsp )
            continue;
        if ( !start_cpu(cpu, ids[i], tramp) )
        {
            /* It may still wake up later: start no more CPUs. */
            printk(XENLOG_ERR "SMP: CPU with APIC id %u did not start\n", ids[i]);
            break;
        }
        cpu++;
    }
    nr_cpu_ids = max(n, 1U);
    printk("Brought up %u CPU%s\n", num_online_cpus(),
           num_online_cpus() > 1 ? "s" : "");
}
