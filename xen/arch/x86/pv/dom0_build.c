/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV domain builder (pv-abi-ladder 1.1-1.8), for the initial domain and
 * for the domUs started at boot (asm/pv/build.h): load the ELF kernel
 * (unwrapping a Linux bzImage first), lay out the start-of-day region
 * [v_start, v_end) as a 1:1 image of PFNs from 0 -- kernel, initrd (unless
 * MOD_START_PFN), P2M list, start_info, (domU: xenstore and console pages,)
 * bootstrap page tables, boot stack -- build and validate the page tables
 * with the real page-type code, fill P2M/M2P and start_info, write the
 * hypercall page last, and set vCPU 0's registers for entry in guest kernel
 * mode.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/param.h>
#include <xen/page_alloc.h>
#include <xen/libelf.h>
#include <xen/decompress.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/bootinfo.h>
#include <asm/directmap.h>
#include <asm/pv/pt_validate.h>
#include <asm/pv/traps.h>
#include <asm/pv/build.h>

/*
 * dom0_mem=[min:SIZE,][max:SIZE,][SIZE]: the initial allocation (a SIZE of
 * -N means "all but N"), kept within min and max; max also caps how far
 * domain 0 may grow later (XENMEM_increase_reservation, maxmem).
 */
static unsigned long long dom0_mem_amt, dom0_mem_min, dom0_mem_max;
static bool dom0_mem_all_but;

static int parse_dom0_mem(const char *s)
{
    do {
        unsigned long long *dst = &dom0_mem_amt;
        bool neg = false;

        if ( !strncmp(s, "min:", 4) )
            dst = &dom0_mem_min, s += 4;
        else if ( !strncmp(s, "max:", 4) )
            dst = &dom0_mem_max, s += 4;
        else if ( *s == '-' )
            neg = true, s++;
        *dst = parse_size_and_unit(s, &s);
        if ( dst == &dom0_mem_amt )
            dom0_mem_all_but = neg;
    } while ( *s++ == ',' );
    return s[-1] ? -EINVAL : 0;
}
custom_param("dom0_mem", parse_dom0_mem);

#define MB(x) ((unsigned long)(x) << 20)
#define PFN_UP(x) (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)

struct dom0_layout {
    unsigned long v_start, v_end;
    unsigned long kstart, kend;
    unsigned long initrd_start, initrd_end;     /* 0 if unmapped/none */
    unsigned long p2m_start, p2m_end;
    unsigned long si_start, si_end;
    unsigned long store_start, cons_start;      /* domU only, else 0 */
    unsigned long pt_start, pt_end;
    unsigned long stack_start, stack_end;
    unsigned long nr_pt;
};

struct dom0_builder {
    struct domain *d;
    struct dom0_layout l;
    bool initial;               /* dom0, not a domU */
    unsigned long nr_pages;
    unsigned long *p2m;         /* hypervisor copy while building */
    unsigned int p2m_order;
    unsigned long next_pt_pfn;
};

/* Pages the bootstrap tables need to map [s, e) with 4 KiB pages. */
static unsigned long count_pt_pages(unsigned long s, unsigned long e)
{
    unsigned long n = 1;                /* L4 */

    for ( unsigned int shift = 39; shift >= 21; shift -= 9 )
        n += ((e - 1) >> shift) - (s >> shift) + 1;
    return n;
}

static int compute_layout(struct dom0_builder *b,
                          const struct elf_dom_parms *parms,
                          size_t initrd_len)
{
    struct dom0_layout *l = &b->l;
    unsigned long v;

    l->v_start = parms->virt_base;
    l->kstart = parms->virt_kstart;
    l->kend = ROUNDUP(parms->virt_kend, PAGE_SIZE);
    v = l->kend;
    if ( initrd_len && !parms->mod_start_pfn )
    {
        l->initrd_start = v;
        l->initrd_end = v + ROUNDUP(initrd_len, PAGE_SIZE);
        v = l->initrd_end;
    }
    l->p2m_start = v;
    l->p2m_end = v + ROUNDUP(b->nr_pages * sizeof(unsigned long), PAGE_SIZE);
    l->si_start = l->p2m_end;
    l->si_end = l->si_start + PAGE_SIZE;
    v = l->si_end;
    if ( !b->initial )
    {
        l->store_start = v;
        l->cons_start = v + PAGE_SIZE;
        v += 2 * PAGE_SIZE;
    }

    for ( l->nr_pt = 1; ; l->nr_pt++ )
    {
        l->pt_start = v;
        l->pt_end = l->pt_start + l->nr_pt * PAGE_SIZE;
        l->stack_start = l->pt_end;
        l->stack_end = l->stack_start + PAGE_SIZE;
        l->v_end = ROUNDUP(l->stack_end, MB(4));
        if ( l->v_end - l->stack_end < (512UL << 10) )
            l->v_end += MB(4);
        if ( l->v_end < l->v_start )
            return -EINVAL;
        if ( count_pt_pages(l->v_start, l->v_end) <= l->nr_pt )
            break;
        if ( l->nr_pt > 4096 )
            return -ENOMEM;
    }
    if ( ((l->v_end - l->v_start) >> PAGE_SHIFT) > b->nr_pages )
        return -ENOMEM;
    return 0;
}

static void *pfn_va(const struct dom0_builder *b, unsigned long pfn)
{
    return mfn_to_virt(_mfn(b->p2m[pfn]));
}

static void *va_to_hv(const struct dom0_builder *b, unsigned long va)
{
    return pfn_va(b, (va - b->l.v_start) >> PAGE_SHIFT);
}

/* Entry `idx` of the table one level down, allocating it from the PT area. */
static intpte_t *next_table(struct dom0_builder *b, intpte_t *table,
                            unsigned int idx)
{
    unsigned long pfn;

    if ( !(table[idx] & _PAGE_PRESENT) )
    {
        pfn = b->next_pt_pfn++;
        table[idx] = pte_from_mfn(_mfn(b->p2m[pfn]), _PAGE_PRESENT | _PAGE_RW |
                                  _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_USER);
    }
    return mfn_to_virt(pte_mfn(table[idx]));
}

static void build_page_tables(struct dom0_builder *b)
{
    struct dom0_layout *l = &b->l;
    unsigned long va, pfn;
    intpte_t *l4, *l3, *l2, *l1;

    b->next_pt_pfn = (l->pt_start - l->v_start) >> PAGE_SHIFT;
    l4 = pfn_va(b, b->next_pt_pfn++);
    for ( va = l->v_start; va < l->v_end; va += PAGE_SIZE )
    {
        unsigned long flags = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
                              _PAGE_USER;

        pfn = (va - l->v_start) >> PAGE_SHIFT;
        l3 = next_table(b, l4, l4_table_offset(va));
        l2 = next_table(b, l3, l3_table_offset(va));
        l1 = next_table(b, l2, l2_table_offset(va));
        /* Page-table pages are mapped read-only inside the region. */
        if ( va >= l->pt_start && va < l->pt_end )
            flags &= ~_PAGE_RW;
        l1[l1_table_offset(va)] = pte_from_mfn(_mfn(b->p2m[pfn]), flags);
    }
}

/* Give the domain nr_pages frames (the initrd's own frames at initrd_pfn). */
static int populate(struct dom0_builder *b, unsigned long initrd_pfn,
                    mfn_t initrd_mfn, unsigned long initrd_pages)
{
    struct domain *d = b->d;
    unsigned long pfn = 0, i;
    unsigned int order = 9;

    while ( pfn < b->nr_pages )
    {
        mfn_t mfn;
        unsigned long n;

        if ( initrd_pages && pfn == initrd_pfn )
        {
            for ( i = 0; i < initrd_pages; i++ )
            {
                b->p2m[pfn + i] = mfn_x(initrd_mfn) + i;
                page_assign(mfn_to_page(mfn_add(initrd_mfn, i)), d, false);
            }
            pfn += initrd_pages;
            d->tot_pages += initrd_pages;
            continue;
        }
        n = 1UL << order;
        if ( pfn + n > b->nr_pages ||
             (initrd_pages && pfn < initrd_pfn && pfn + n > initrd_pfn) )
        {
            if ( order )
            {
                order--;
                continue;
            }
        }
        mfn = alloc_frames(order, 32);
        if ( mfn_eq(mfn, INVALID_MFN) )
        {
            if ( !order )
                return -ENOMEM;
            order--;
            continue;
        }
        for ( i = 0; i < n; i++ )
        {
            b->p2m[pfn + i] = mfn_x(mfn) + i;
            page_assign(mfn_to_page(mfn_add(mfn, i)), d, false);
        }
        d->tot_pages += n;
        pfn += n;
    }
    return 0;
}

static void *elf_map_page(void *opaque, uint64_t va)
{
    struct dom0_builder *b = opaque;

    if ( va < b->l.v_start || va >= b->l.v_end )
        return NULL;
    return va_to_hv(b, va);
}

/* The 128 hypercall stubs (pv-abi-ladder 1.7). */
void write_hypercall_page(void *page)
{
    uint8_t *p = page;

    memset(p, 0xcc, PAGE_SIZE);
    for ( unsigned int i = 0; i < PAGE_SIZE / 32; i++, p += 32 )
    {
        if ( i == __HYPERVISOR_iret )
        {
            static const uint8_t iret[] = {
                0x51, 0x41, 0x53, 0x50, 0xb8, 23, 0, 0, 0, 0x0f, 0x05,
            };
            memcpy(p, iret, sizeof(iret));
            continue;
        }
        p[0] = 0x51;                            /* push %rcx */
        p[1] = 0x41; p[2] = 0x53;               /* push %r11 */
        p[3] = 0xb8; memcpy(&p[4], &i, 4);      /* mov $i, %eax */
        p[8] = 0x0f; p[9] = 0x05;               /* syscall */
        p[10] = 0x41; p[11] = 0x5b;             /* pop %r11 */
        p[12] = 0x59;                           /* pop %rcx */
        p[13] = 0xc3;                           /* ret */
    }
}

/* Default dom0 size: everything but a reserve for the hypervisor. */
static unsigned long dom0_pages(void)
{
    unsigned long avail = page_alloc_free_count();
    unsigned long reserve = min(avail / 16, MB(128) >> PAGE_SHIFT);

    unsigned long base = avail - reserve, nr = base;

    if ( dom0_mem_amt )
    {
        unsigned long amt = dom0_mem_amt >> PAGE_SHIFT;

        nr = dom0_mem_all_but ? base - min(amt, base) : amt;
    }
    if ( dom0_mem_min )
        nr = max(nr, (unsigned long)(dom0_mem_min >> PAGE_SHIFT));
    if ( dom0_mem_max )
        nr = min(nr, (unsigned long)(dom0_mem_max >> PAGE_SHIFT));
    return min(nr, base);
}

/*
 * Unwrap a bzImage into fresh frames if needed. On return img and len point at
 * an ELF; tmp and tmp_order describe frames to free afterwards (if any).
 */
static int unwrap_kernel(const void **img, size_t *len, mfn_t *tmp,
                         unsigned int *tmp_order)
{
    struct bzimage_info bz;
    unsigned int order = 0;
    size_t used;
    int rc;

    *tmp = INVALID_MFN;
    if ( bzimage_probe(*img, *len, &bz) )
        return 0;                       /* not a bzImage: try it as an ELF */
    while ( (PAGE_SIZE << order) < bz.decompressed_size )
        order++;
    *tmp = alloc_frames(order, 32);
    if ( mfn_eq(*tmp, INVALID_MFN) )
        return -ENOMEM;
    *tmp_order = order;
    printk("Unpacking %s-compressed bzImage payload (%u KiB)\n",
           decompress_format_name(bz.format), bz.decompressed_size >> 10);
    rc = bzimage_unwrap(*img, *len, mfn_to_virt(*tmp), PAGE_SIZE << order,
                        &used);
    if ( rc )
        return rc;
    *img = mfn_to_virt(*tmp);
    *len = used;
    return 0;
}

static void fill_start_info(struct dom0_builder *b,
                            const struct elf_dom_parms *parms,
                            unsigned long initrd_pfn, size_t initrd_len,
                            const char *cmdline)
{
    struct dom0_layout *l = &b->l;
    struct start_info *si = va_to_hv(b, l->si_start);

    memset(si, 0, PAGE_SIZE);
    snprintf(si->magic, sizeof(si->magic), "xen-3.0-x86_64%s",
             b->initial && parms->pae != ELF_PAE_NO ? "p" : "");
    si->nr_pages = b->nr_pages;
    si->shared_info = mfn_x(b->d->shared_info_mfn) << PAGE_SHIFT;
    si->flags = b->initial ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0;
    if ( !b->initial )
    {
        si->store_mfn = mfn_x(b->d->store_mfn);
        si->store_evtchn = b->d->store_evtchn;
        si->console.domU.mfn = mfn_x(b->d->console_mfn);
        si->console.domU.evtchn = b->d->console_evtchn;
    }
    si->pt_base = l->pt_start;
    si->nr_pt_frames = l->nr_pt;
    si->mfn_list = l->p2m_start;
    if ( initrd_len )
    {
        if ( parms->mod_start_pfn )
        {
            si->flags |= SIF_MOD_START_PFN;
            si->mod_start = initrd_pfn;
        }
        else
            si->mod_start = l->initrd_start;
        si->mod_len = initrd_len;
    }
    if ( cmdline )
        strlcpy((char *)si->cmd_line, cmdline, sizeof(si->cmd_line));
}

/*
 * domU: the xenstore page waits for domain 0 (its port is unbound for
 * domain 0, grant ref 1); the console ring is served by the hypervisor
 * (common/console_backend.c), its port bound to nobody a guest could name, and
 * grant ref 0 still offers it to domain 0 as Xen's tools do.
 */
static int setup_domu_rings(struct dom0_builder *b)
{
    struct domain *d = b->d;
    int port;

    d->store_mfn = _mfn(b->p2m[(b->l.store_start - b->l.v_start) >> PAGE_SHIFT]);
    d->console_mfn = _mfn(b->p2m[(b->l.cons_start - b->l.v_start) >> PAGE_SHIFT]);
    port = evtchn_alloc_unbound_port(d, 0);
    if ( port < 0 )
        return port;
    d->store_evtchn = port;
    port = evtchn_alloc_unbound_port(d, DOMID_XEN);
    if ( port < 0 )
        return port;
    d->console_evtchn = port;
    if ( gnttab_seed_entry(d, GNTTAB_RESERVED_CONSOLE, 0, mfn_x(d->console_mfn)) ||
         gnttab_seed_entry(d, GNTTAB_RESERVED_XENSTORE, 0, mfn_x(d->store_mfn)) )
        return -EINVAL;
    return 0;
}

int dom0_construct_pv(struct domain *d, const struct boot_module *kernel,
                      const struct boot_module *initrd)
{
    struct pv_build_info info = {
        .kernel = kernel, .initrd = initrd, .nr_pages = dom0_pages(),
        .initial = true,
    };
    int rc = pv_build_domain(d, &info);

    if ( !rc && dom0_mem_max )
        d->max_pages = max(info.nr_pages,
                           (unsigned long)(dom0_mem_max >> PAGE_SHIFT));
    return rc;
}

int pv_build_domain(struct domain *d, const struct pv_build_info *info)
{
    const struct boot_module *kernel = info->kernel, *initrd = info->initrd;
    struct dom0_builder b = { .d = d, .initial = info->initial };
    struct elf_binary elf;
    struct elf_dom_parms parms;
    struct elf_load_ops ops = { .map = elf_map_page, .opaque = &b };
    const void *img = __va(kernel->start);
    size_t len = kernel->size, initrd_len = initrd ? initrd->size : 0;
    unsigned long initrd_pfn = 0, initrd_pages = PFN_UP(initrd_len), pfn;
    unsigned int tmp_order = 0;
    struct vcpu *v = d->vcpu[0];
    struct cpu_user_regs *regs = &v->arch.user_regs;
    mfn_t tmp, l4;
    int rc;

    rc = unwrap_kernel(&img, &len, &tmp, &tmp_order);
    if ( rc )
    {
        printk(XENLOG_ERR "d%u: cannot unpack the kernel: error %d\n",
               d->domain_id, rc);
        goto out;
    }
    rc = elf_init(&elf, img, len);
    if ( !rc )
        rc = elf_xen_parse(&elf, &parms,
                           info->initial ? ELF_XEN_INITIAL_DOMAIN : 0);
    if ( rc )
    {
        printk(XENLOG_ERR "d%u: not a usable PV kernel: %s\n", d->domain_id,
               elf.reason);
        goto out;
    }

    b.nr_pages = info->nr_pages;
    d->max_pages = b.nr_pages;
    rc = compute_layout(&b, &parms, initrd_len);
    if ( rc )
    {
        printk(XENLOG_ERR "d%u: layout does not fit in %lu pages\n",
               d->domain_id, b.nr_pages);
        goto out;
    }
    if ( initrd_len && parms.mod_start_pfn )
    {
        initrd_pfn = (b.l.v_end - b.l.v_start) >> PAGE_SHIFT;
        if ( initrd_pfn + initrd_pages > b.nr_pages )
        {
            rc = -ENOMEM;
            goto out;
        }
    }

    printk("PV d%u: %lu MiB, virtual %#lx-%#lx, entry %#lx\n",
           d->domain_id, b.nr_pages >> 8, b.l.v_start, b.l.v_end,
           (unsigned long)parms.virt_entry);

    /* Hypervisor copy of the P2M while building. */
    while ( (PAGE_SIZE << b.p2m_order) < b.nr_pages * sizeof(unsigned long) )
        b.p2m_order++;
    {
        mfn_t m = alloc_frames(b.p2m_order, 32);

        if ( mfn_eq(m, INVALID_MFN) )
        {
            rc = -ENOMEM;
            goto out;
        }
        b.p2m = mfn_to_virt(m);
    }

    rc = populate(&b, initrd_pfn,
                  initrd && parms.mod_start_pfn ? _mfn(initrd->start >> PAGE_SHIFT)
                                                : INVALID_MFN,
                  parms.mod_start_pfn ? initrd_pages : 0);
    if ( rc )
        goto out_p2m;

    /* The mapped region starts out zeroed; the rest is scrubbed lazily. */
    for ( pfn = 0; pfn < (b.l.v_end - b.l.v_start) >> PAGE_SHIFT; pfn++ )
        memset(pfn_va(&b, pfn), 0, PAGE_SIZE);

    build_page_tables(&b);
    rc = elf_load(&elf, &parms, &ops);
    if ( rc )
    {
        printk(XENLOG_ERR "d%u: loading the kernel failed: %s\n",
               d->domain_id, elf.reason);
        goto out_p2m;
    }
    if ( initrd_len && !parms.mod_start_pfn )
        memcpy(va_to_hv(&b, b.l.initrd_start), __va(initrd->start), initrd_len);
    /* After the ELF load, or .data would overwrite it (ladder 1.14.1). */
    if ( parms.virt_hypercall != ELF_UNSET_ADDR )
        write_hypercall_page(va_to_hv(&b, parms.virt_hypercall));

    for ( pfn = 0; pfn < b.nr_pages; pfn++ )
    {
        set_gpfn_from_mfn(_mfn(b.p2m[pfn]), pfn);
        ((unsigned long *)va_to_hv(&b, b.l.p2m_start + (pfn & ~511UL) * 8))
            [pfn & 511] = b.p2m[pfn];
    }
    if ( !b.initial && (rc = setup_domu_rings(&b)) )
    {
        printk(XENLOG_ERR "d%u: console/xenstore channels: %d\n",
               d->domain_id, rc);
        goto out_p2m;
    }
    fill_start_info(&b, &parms, initrd_pfn, initrd_len, kernel->cmdline);

    /* Type and validate the tables; the L4 is pinned and is vCPU 0's CR3. */
    l4 = _mfn(b.p2m[(b.l.pt_start - b.l.v_start) >> PAGE_SHIFT]);
    rc = get_page_and_type(mfn_to_page(l4), d, PGT_l4_page_table);
    if ( !rc )
        rc = page_pin_table(mfn_to_page(l4), d, PGT_l4_page_table);
    if ( rc )
    {
        printk(XENLOG_ERR "d%u: bootstrap page tables do not validate: %d\n",
               d->domain_id, rc);
        goto out_p2m;
    }
    v->arch.pv.guest_table = l4;

    memset(regs, 0, sizeof(*regs));
    regs->rip = parms.virt_entry;
    regs->rsp = b.l.stack_end;
    regs->rsi = b.l.si_start;
    regs->cs = FLAT_KERNEL_CS;
    regs->ss = FLAT_KERNEL_SS;
    regs->rflags = X86_EFLAGS_IF | X86_EFLAGS_MBS;
    v->arch.pv.kernel_mode = true;
    v->is_initialised = true;
    v->pause_flags &= ~VPF_down;
    rc = 0;

 out_p2m:
    free_frames(virt_to_mfn(b.p2m), b.p2m_order);
 out:
    if ( !mfn_eq(tmp, INVALID_MFN) )
        free_frames(tmp, tmp_order);
    return rc;
}
