/* SPDX-License-Identifier: GPL-2.0-only */
/* __start_xen: the boot CPU's path from the 64-bit entry to the first domain. */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/console.h>
#include <xen/time.h>
#include <asm/config.h>
#include <asm/acpi.h>
#include <asm/bootinfo.h>
#include <asm/processor.h>
#include <asm/desc.h>
#include <asm/io_apic.h>
#include <asm/pci.h>
#include <asm/ioport.h>
#include <asm/mm.h>
#include <xen/sched.h>
#include <xen/schedule.h>
#include <xen/page_alloc.h>
#include <asm/smp.h>
#include <xen/dom0less.h>
#include <xen/shutdown.h>

void __start_xen(uint32_t magic, paddr_t mbi);


static bool opt_noreboot;
boolean_param("noreboot", opt_noreboot);

/* Xen's smep= / smap= (boolean here): on when the CPU has them. */
static bool opt_smep = true, opt_smap = true;
boolean_param("smep", opt_smep);
boolean_param("smap", opt_smap);

#define CPUID7_EBX_SMEP (1U << 7)
#define CPUID7_EBX_SMAP (1U << 20)

/*
 * SMEP: the hypervisor never executes a user page; SMAP: it reads or
 * writes one only inside the guest-copy routines (stac/clac). Every page
 * of a 64-bit PV guest is a user page (its kernel runs in ring 3 too), so
 * a hypervisor bug that follows a guest pointer faults instead of running
 * or leaking guest memory. The guest never sees either (cpuid.c hides
 * them; CR4 keeps them in guest context, where they do not apply: CPL 3).
 * Secondary CPUs copy the boot CPU's CR4 (smpboot.c).
 */
static void smep_smap_init(void)
{
    uint32_t max, a, b = 0, c, d;
    unsigned long cr4 = read_cr4();

    cpuid(0, &max, &a, &c, &d);
    if ( max >= 7 )
        cpuid_count(7, 0, &a, &b, &c, &d);
    if ( opt_smep && (b & CPUID7_EBX_SMEP) )
        cr4 |= X86_CR4_SMEP;
    if ( opt_smap && (b & CPUID7_EBX_SMAP) )
        cr4 |= X86_CR4_SMAP;
    x86_smap_on = cr4 & X86_CR4_SMAP;
    write_cr4(cr4);
    printk(XENLOG_INFO "CR4: SMEP %s, SMAP %s\n",
           cr4 & X86_CR4_SMEP ? "on" : "off", cr4 & X86_CR4_SMAP ? "on" : "off");
}

static const char *e820_name(uint32_t type)
{
    switch ( type )
    {
    case E820_RAM:      return "RAM";
    case E820_RESERVED: return "reserved";
    case E820_ACPI:     return "ACPI data";
    case E820_NVS:      return "ACPI NVS";
    case E820_UNUSABLE: return "unusable";
    default:            return "unknown";
    }
}

static void print_boot_info(const struct boot_info *bi)
{
    unsigned int i;

    printk(XENLOG_INFO "Boot loader: %s\n", bi->loader ? bi->loader : "unknown");
    printk(XENLOG_INFO "Command line: %s\n", bi->cmdline ? bi->cmdline : "");
    printk(XENLOG_INFO "Physical memory map:\n");
    for ( i = 0; i < bi->nr_e820; i++ )
        printk(XENLOG_INFO " %016lx - %016lx (%s)\n",
               (unsigned long)bi->e820[i].addr,
               (unsigned long)(bi->e820[i].addr + bi->e820[i].size),
               e820_name(bi->e820[i].type));
    for ( i = 0; i < bi->nr_mods; i++ )
        printk(XENLOG_INFO "Module %u: %#lx-%#lx '%s'\n", i,
               (unsigned long)bi->mods[i].start,
               (unsigned long)(bi->mods[i].start + bi->mods[i].size),
               bi->mods[i].cmdline);
}

/* How the initial domain's shutdown ends the machine. */
noreturn void hypervisor_shutdown(bool reboot)
{
    sched_print_stats();
    smp_stop_other_cpus();
    if ( !reboot )
    {
        printk("Powering off the machine.\n");
        machine_power_off();
    }
    if ( opt_noreboot )
        machine_halt();
    printk("Rebooting the machine.\n");
    machine_restart();
}

void pic_disable(void);

static unsigned int opt_dom0_max_vcpus = 1;
integer_param("dom0_max_vcpus", opt_dom0_max_vcpus);

int dom0_construct_pv(struct domain *d, const struct boot_module *kernel,
                      const struct boot_module *initrd);
noreturn void startup_guests(struct vcpu *first);

/* Build domain 0 from module 0 (kernel) and module 1 (initrd), then run it. */
static noreturn void start_dom0(struct boot_info *bi)
{
    const struct boot_module *kernel = &bi->mods[0];
    const struct boot_module *initrd = NULL;
    unsigned int nr_vcpus = max(1U, min(opt_dom0_max_vcpus, (unsigned int)MAX_VIRT_CPUS));
    struct domain *d;
    int rc;

    d = domain_create(0, nr_vcpus, true, &rc);
    if ( !d )
        panic("Cannot create domain 0: error %d\n", rc);
    rc = hwdom_setup_permissions(d);
    if ( rc )
        panic("Cannot give domain 0 its hardware: error %d\n", rc);
    for ( unsigned int i = 0; i < nr_vcpus; i++ )
        if ( !vcpu_create(d, i) )
            panic("Cannot create dom0 vCPU %u\n", i);

    /* Boot domUs (domu=) take their memory first; module 1 may be theirs. */
    create_boot_domus(bi);
    if ( bi->nr_mods > 1 && !boot_module_claimed(1) )
        initrd = &bi->mods[1];
    rc = dom0_construct_pv(d, kernel, initrd);
    if ( rc )
        panic("Could not set up DOM0 guest OS (error %d)\n", rc);

    /* The kernel image is copied out; its frames go back to the allocator. */
    page_alloc_add_range(kernel->start >> PAGE_SHIFT,
                         ROUNDUP(kernel->start + kernel->size, PAGE_SIZE) >>
                         PAGE_SHIFT);

    printk("Starting domain 0 (%u vCPU%s)\n", nr_vcpus, nr_vcpus > 1 ? "s" : "");
    startup_guests(d->vcpu[0]);
}

void __start_xen(uint32_t magic, paddr_t mbi)
{
    struct boot_info *bi = &boot_info;
    static const char banner[] =
        "Xenolite " XENOLITE_VERSION
        " - a thin hypervisor for the Xen 4.17 x86_64 PV ABI\n";

    if ( multiboot_parse(magic, mbi, bi) )
    {
        console_init_preirq();
        panic("Not booted by a multiboot loader (magic %#x)\n", magic);
    }
    cmdline_parse(bi->cmdline);
    console_init_preirq();
    console_puts(banner, sizeof(banner) - 1);
    /* SSE for guests (the hypervisor itself is built without it). */
    write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
    pic_disable();
    cpu_desc_init(0);
    print_boot_info(bi);
    smep_smap_init();

    early_time_init();
    acpi_boot_init(bi->rsdp);
    memory_init(bi);
    mm_machine_init();
    ioapic_init();
    pci_mmcfg_init();
    sched_init_pcpu(0);
    smp_boot_cpus();

    if ( !bi->nr_mods )
    {
        printk("No initial domain: boot a kernel as the first multiboot module.\n");
        hypervisor_shutdown(false);
    }

    start_dom0(bi);
}
