/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The real machine behind the frame-table code (struct mm_ops), the M2P
 * table in L4 slots 256 (guest view, read-only) and 257 (hypervisor view),
 * the per-CPU GDT/LDT windows in slot 260, and frames for domains.
 *
 * Every hypervisor L4 slot is populated here at boot, before any guest L4
 * is validated: guest L4s get copies of these entries, so anything added
 * below them later is visible everywhere, but a new L4 entry would not be.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/page_alloc.h>
#include <xen/sched.h>
#include <xen/domain.h>
#include <asm/bootinfo.h>
#include <asm/config.h>
#include <asm/ioport.h>
#include <asm/mm.h>
#include <asm/mmio_ro.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/current.h>
#include <asm/pv/pt_validate.h>
#include <asm/pv/logdirty.h>

#define L4_SLOT_RO_MPT   256
#define L4_SLOT_RW_MPT   257
#define L4_SLOT_PERDOMAIN 260

/* Per-CPU window: 16 GDT pages then 16 LDT pages (128 KiB per CPU). */
#define WINDOW_PAGES     32

static intpte_t *perdomain_l1;          /* maps PERDOMAIN_VIRT_START.. */
static char percpu_gdt_pages[NR_CPUS][PAGE_SIZE] __aligned(PAGE_SIZE);

mfn_t alloc_xen_frame(void)
{
    mfn_t mfn = alloc_frames(0, 32);    /* direct map covers 4 GiB today */

    if ( !mfn_eq(mfn, INVALID_MFN) )
        memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
    return mfn;
}

void free_xen_frame(mfn_t mfn)
{
    free_frames(mfn, 0);
}

static intpte_t *boot_table(void)
{
    mfn_t mfn = alloc_xen_frame();

    if ( mfn_eq(mfn, INVALID_MFN) )
        panic("Out of memory for the hypervisor's page tables\n");
    return mfn_to_virt(mfn);
}

static intpte_t table_entry(const void *table, unsigned long flags)
{
    return pte_from_mfn(virt_to_mfn(table), flags);
}

/*
 * The M2P: 8 bytes per frame in 2 MiB pages, mapped twice: supervisor
 * read-write in slot 257 and user read-only in slot 256 (the ABI address).
 */
static void m2p_init(void)
{
    unsigned long bytes = ROUNDUP(max_page * 8UL, 1UL << L2_PAGETABLE_SHIFT);
    unsigned long nr2m = bytes >> L2_PAGETABLE_SHIFT, i;
    intpte_t *ro_l3 = boot_table(), *rw_l3 = boot_table();
    intpte_t *ro_l2 = NULL, *rw_l2 = NULL;

    /* One L2 maps 1 GiB of M2P = 128 Mi frames = 512 GiB of RAM: plenty. */
    BUG_ON(nr2m > PT_ENTRIES);
    ro_l2 = boot_table();
    rw_l2 = boot_table();
    for ( i = 0; i < nr2m; i++ )
    {
        mfn_t chunk = alloc_frames(PT_ENTRIES == 512 ? 9 : 0, 32);

        if ( mfn_eq(chunk, INVALID_MFN) )
            panic("Out of memory for the M2P table\n");
        memset(mfn_to_virt(chunk), 0xff, 1UL << L2_PAGETABLE_SHIFT);
        rw_l2[i] = pte_from_mfn(chunk, _PAGE_PRESENT | _PAGE_RW |
                                _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_PSE);
        ro_l2[i] = pte_from_mfn(chunk, _PAGE_PRESENT | _PAGE_USER |
                                _PAGE_ACCESSED | _PAGE_PSE);
    }
    rw_l3[0] = table_entry(rw_l2, _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED);
    ro_l3[0] = table_entry(ro_l2, _PAGE_PRESENT | _PAGE_RW | _PAGE_USER |
                           _PAGE_ACCESSED);
    idle_pg_table[L4_SLOT_RW_MPT] =
        table_entry(rw_l3, _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED);
    idle_pg_table[L4_SLOT_RO_MPT] =
        table_entry(ro_l3, _PAGE_PRESENT | _PAGE_RW | _PAGE_USER |
                    _PAGE_ACCESSED);
}

static void perdomain_init(void)
{
    intpte_t *l3 = boot_table(), *l2 = boot_table();

    BUILD_BUG_ON(NR_CPUS * WINDOW_PAGES > PT_ENTRIES);
    perdomain_l1 = boot_table();
    l2[0] = table_entry(perdomain_l1, _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED);
    l3[0] = table_entry(l2, _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED);
    idle_pg_table[L4_SLOT_PERDOMAIN] =
        table_entry(l3, _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED);
}

unsigned long percpu_gdt_va(unsigned int cpu)
{
    return PERDOMAIN_VIRT_START + (unsigned long)cpu * WINDOW_PAGES * PAGE_SIZE;
}

unsigned long percpu_ldt_va(unsigned int cpu)
{
    return percpu_gdt_va(cpu) + 16 * PAGE_SIZE;
}

uint64_t *percpu_reserved_gdt(unsigned int cpu)
{
    return (uint64_t *)percpu_gdt_pages[cpu];
}

void percpu_window_map(unsigned long va, mfn_t mfn, bool writable)
{
    unsigned int idx = (va - PERDOMAIN_VIRT_START) >> PAGE_SHIFT;

    perdomain_l1[idx] = pte_from_mfn(mfn, _PAGE_PRESENT | _PAGE_ACCESSED |
                                     _PAGE_DIRTY | (writable ? _PAGE_RW : 0));
    invlpg(va);
}

void percpu_window_unmap(unsigned long va)
{
    unsigned int idx = (va - PERDOMAIN_VIRT_START) >> PAGE_SHIFT;

    perdomain_l1[idx] = 0;
    invlpg(va);
}

/* ---- struct mm_ops for the hypervisor ---------------------------------- */

/*
 * RAM is what the e820 map says is RAM; everything else (BIOS areas, ACPI
 * tables, MMIO) is I/O memory that only domains with I/O permission map.
 */
static bool mfn_is_ram(mfn_t mfn)
{
    paddr_t pa = (paddr_t)mfn_x(mfn) << PAGE_SHIFT;

    for ( unsigned int i = 0; i < boot_info.nr_e820; i++ )
    {
        const struct e820entry *e = &boot_info.e820[i];

        if ( e->type == E820_RAM && pa >= e->addr &&
             pa + PAGE_SIZE <= e->addr + e->size )
            return true;
    }
    return false;
}

static struct page_info *hv_mfn_to_page(mfn_t mfn)
{
    return mfn_valid(mfn) && mfn_is_ram(mfn) ? mfn_to_page(mfn) : NULL;
}

static mfn_t hv_page_to_mfn(const struct page_info *pg)
{
    return page_to_mfn(pg);
}

static void *hv_map_frame(mfn_t mfn)
{
    return mfn_to_virt(mfn);
}

static void hv_unmap_frame(void *va)
{
}

/*
 * Non-RAM frames a domain may map: its I/O memory permissions
 * (arch/x86/ioport.c; the hardware domain has all but the local APIC and
 * IO-APICs, which the hypervisor drives).
 */
static bool hv_iomem_access(const struct domain *d, mfn_t mfn)
{
    return iomem_access_permitted(d, mfn_x(mfn));
}

/* MSI-X tables and ECAM: writes trap to pv/mmio_ro.c. */
static bool hv_iomem_ro(mfn_t mfn)
{
    return mmio_ro_frame(mfn_x(mfn));
}

static bool hv_cache_attrs_allowed(const struct domain *d)
{
    return d && d->is_privileged;
}

static void hv_fill_xen_l4_slots(intpte_t *l4, mfn_t l4_mfn,
                                 const struct domain *d)
{
    for ( unsigned int i = PT_XEN_L4_SLOT_FIRST; i <= PT_XEN_L4_SLOT_LAST; i++ )
        l4[i] = idle_pg_table[i];
}

/* Code and data descriptors only (pv-abi-ladder 1.9), see traps code. */
int pv_check_descriptor_page(const void *va);

static int hv_validate_desc_page(const void *va)
{
    return pv_check_descriptor_page(va);
}

/*
 * The TLB clock: the TSC in units of 2^16 ticks (32 bits last a day or
 * more; an older stamp reads as a later one, which only costs a flush). A
 * frame is stamped when its type count drops to 0 (rounded up); each CPU
 * notes the TSC just before each CR3 load (no global pages: a full flush),
 * which every guest kernel/user switch does, so the note is the bare
 * rdtsc (asm/smp.h), not NOW(). The TSCs run in step (time.c assumes the
 * same). A CPU whose last flush is later than a frame's stamp holds no
 * translation made under the frame's old type.
 */
#define TLB_CLOCK_SHIFT 16

uint64_t tlb_last_flush[NR_CPUS];

/* Log-dirty: the frame's owner may be tracking its writes. */
static void hv_mark_dirty(struct page_info *pg)
{
    paging_mark_dirty(page_get_owner(pg), page_to_mfn(pg));
}

static uint32_t hv_tlb_clock(void)
{
    return (uint32_t)(rdtsc() >> TLB_CLOCK_SHIFT) + 1;
}

static bool flushed_since(unsigned int cpu, uint32_t stamp, uint64_t now)
{
    /* The latest time not after now whose low 32 bits are the stamp. */
    uint64_t full = (now & ~0xffffffffULL) | stamp;

    if ( full > now + 1 )
    {
        if ( now < (1ULL << 32) )
            return false;
        full -= 1ULL << 32;
    }
    return (uint64_t)__atomic_load_n(&tlb_last_flush[cpu], __ATOMIC_SEQ_CST) >>
           TLB_CLOCK_SHIFT > full;
}

/*
 * A frame changes type: any CPU with guest page tables loaded may hold a
 * stale translation of it, whichever domain mapped it (foreign mappings),
 * unless it flushed since the frame's type count dropped to 0.
 */
static void hv_flush_stale_tlbs(const struct domain *d, uint32_t stamp)
{
    uint64_t now;
    unsigned long mask;
    unsigned int cpu;

    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    now = rdtsc() >> TLB_CLOCK_SHIFT;
    mask = __atomic_load_n(&guest_tables_cpumask, __ATOMIC_SEQ_CST);
    for ( cpu = 0; cpu < NR_CPUS; cpu++ )
        if ( (mask & (1UL << cpu)) && cpu != smp_processor_id() &&
             flushed_since(cpu, stamp, now) )
            mask &= ~(1UL << cpu);
    flush_tlb_mask(mask | (1UL << smp_processor_id()));
}

/*
 * Every CPU that may hold d's translations (d NULL: any guest's), and this
 * one: the bit is set before a CPU loads d's CR3 and cleared only after it
 * loaded another, so reading the mask after the page-table write (the
 * fence) cannot miss a CPU that still uses the old entries.
 */
unsigned long guest_tables_cpumask;     /* CPUs with any guest's CR3 */

void flush_domain_tlbs(const struct domain *d)
{
    unsigned long mask;

    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    mask = __atomic_load_n(d ? &d->dirty_cpumask : &guest_tables_cpumask,
                           __ATOMIC_SEQ_CST);
    flush_tlb_mask(mask | (1UL << smp_processor_id()));
}

/* The last reference of pg went: back to the allocator, off d's count. */
static void hv_free_page(struct page_info *pg)
{
    struct domain *d = page_get_owner(pg);
    mfn_t mfn = page_to_mfn(pg);
    bool last = false;

    set_gpfn_from_mfn(mfn, M2P_INVALID_ENTRY);
    if ( d )
    {
        spin_lock(&d->page_alloc_lock);
        page_list_del(&d->arch.frames, pg);
        if ( pg->count_info & PGC_xen_heap )
            d->arch.xenheap_pages--;
        else
            d->tot_pages--;
        last = arch_domain_frames_gone(d);
        spin_unlock(&d->page_alloc_lock);
    }
    pg->owner = NULL;
    pg->count_info = 0;
    pg->type_info = 0;
    free_frames(mfn, 0);
    /* A dead domain waited for this frame (a foreign or grant mapping). */
    if ( last )
        domain_reap_later(d);
}

void arch_domain_audit_dead(struct domain *d)
{
    spin_lock(&d->page_alloc_lock);
    frame_audit_list_report(d, d->domain_id, &d->arch.frames, FT_AUDIT_DYING);
    spin_unlock(&d->page_alloc_lock);
}

static void hv_link_page(struct page_info *pg)
{
    struct domain *d = page_get_owner(pg);

    spin_lock(&d->page_alloc_lock);
    page_list_add_tail(&d->arch.frames, pg);
    spin_unlock(&d->page_alloc_lock);
}

static void hv_unlink_page(struct page_info *pg)
{
    struct domain *d = page_get_owner(pg);

    spin_lock(&d->page_alloc_lock);
    page_list_del(&d->arch.frames, pg);
    spin_unlock(&d->page_alloc_lock);
}

static const struct mm_ops hv_mm_ops = {
    .mfn_to_page = hv_mfn_to_page,
    .page_to_mfn = hv_page_to_mfn,
    .map_frame = hv_map_frame,
    .unmap_frame = hv_unmap_frame,
    .iomem_access = hv_iomem_access,
    .iomem_ro = hv_iomem_ro,
    .cache_attrs_allowed = hv_cache_attrs_allowed,
    .fill_xen_l4_slots = hv_fill_xen_l4_slots,
    .validate_desc_page = hv_validate_desc_page,
    .tlb_clock = hv_tlb_clock,
    .flush_stale_tlbs = hv_flush_stale_tlbs,
    .free_page = hv_free_page,
    .mark_dirty = hv_mark_dirty,
    .link_page = hv_link_page,
    .unlink_page = hv_unlink_page,
};

static mfn_t assign_frame(struct domain *d, mfn_t mfn, bool xen_heap)
{
    page_assign(mfn_to_page(mfn), d, xen_heap);
    set_gpfn_from_mfn(mfn, M2P_INVALID_ENTRY);
    return mfn;
}

mfn_t alloc_domain_frame(struct domain *d, unsigned int address_bits)
{
    mfn_t mfn;

    spin_lock(&d->page_alloc_lock);
    if ( d->is_dying || d->tot_pages >= d->max_pages )
    {
        spin_unlock(&d->page_alloc_lock);
        return INVALID_MFN;
    }
    d->tot_pages++;
    spin_unlock(&d->page_alloc_lock);

    mfn = alloc_frames(0, address_bits ? min(address_bits, 32U) : 32);
    if ( mfn_eq(mfn, INVALID_MFN) )
    {
        spin_lock(&d->page_alloc_lock);
        d->tot_pages--;
        spin_unlock(&d->page_alloc_lock);
        return INVALID_MFN;
    }
    return assign_frame(d, mfn, false);
}

mfn_t alloc_xenheap_frame_for(struct domain *d)
{
    mfn_t mfn = alloc_xen_frame();

    if ( mfn_eq(mfn, INVALID_MFN) )
        return mfn;
    /* Shared hypervisor frames are counted apart from tot_pages. */
    spin_lock(&d->page_alloc_lock);
    d->arch.xenheap_pages++;
    spin_unlock(&d->page_alloc_lock);
    page_assign(mfn_to_page(mfn), d, true);
    set_gpfn_from_mfn(mfn, M2P_INVALID_ENTRY);
    return mfn;
}

void mm_machine_init(void)
{
    /* percpu_gdt_pages: each CPU fills its own in cpu_desc_init(). */
    m2p_init();
    perdomain_init();
    mm_set_ops(&hv_mm_ops);
}
