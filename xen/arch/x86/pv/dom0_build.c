/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV domain builder (pv-abi-ladder 1.1-1.8), for the initial domain and
 * for the domUs started at boot (asm/pv/build.h): load the ELF kernel
 * (unwrapping a Linux bzImage first), lay out the start-of-day region
 * [v_start, v_end) as a 1:1 image of PFNs from 0 -- kernel, initrd (unless
 * MOD_START_PFN), P2M list, start_info, (domU: xenstore and console pages,)
 * bootstrap page tables, boot stack: xen/lib/pv_layout.c, shared with the
 * toolstack's builder -- build and validate the page tables
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
#include <xen/pv_layout.h>
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

struct dom0_builder {
    struct domain *d;
    bool initial;               /* dom0, not a domU */
    unsigned long nr_pages;
    struct elf_binary elf;
    struct elf_dom_parms parms;
    mfn_t tmp;                  /* the unwrapped bzImage, or INVALID_MFN */
    unsigned int tmp_order;
    const struct boot_module *initrd;
    size_t initrd_len;
    unsigned long mod_pfn;      /* MOD_START_PFN: the initrd's first PFN */
    struct pv_layout l;         /* xen/lib/pv_layout.c */
    unsigned long *p2m;         /* hypervisor copy while building */
    unsigned int p2m_order;
    unsigned long next_pt_pfn;
};

static void *pfn_va(const struct dom0_builder *b, unsigned long pfn)
{
    return mfn_to_virt(_mfn(b->p2m[pfn]));
}

static void *va_to_hv(const struct dom0_builder *b, unsigned long va)
{
    return pfn_va(b, (va - b->l.virt_base) >> PAGE_SHIFT);
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
    const struct pv_layout *l = &b->l;
    unsigned long va, pfn;
    intpte_t *l4, *l3, *l2, *l1;

    b->next_pt_pfn = l->pt_pfn;
    l4 = pfn_va(b, b->next_pt_pfn++);
    for ( pfn = 0; pfn < l->mapped_pages; pfn++ )
    {
        unsigned long flags = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
                              _PAGE_USER;

        va = pv_layout_va(l, pfn);
        l3 = next_table(b, l4, l4_table_offset(va));
        l2 = next_table(b, l3, l3_table_offset(va));
        l1 = next_table(b, l2, l2_table_offset(va));
        /* Page-table pages are mapped read-only inside the region. */
        if ( pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt )
            flags &= ~_PAGE_RW;
        l1[l1_table_offset(va)] = pte_from_mfn(_mfn(b->p2m[pfn]), flags);
    }
}

/* Frames [mfn, mfn + n) become the domain's PFNs [pfn, pfn + n). */
static void assign_frames(struct dom0_builder *b, unsigned long pfn,
                          mfn_t mfn, unsigned long n)
{
    for ( unsigned long i = 0; i < n; i++ )
    {
        b->p2m[pfn + i] = mfn_x(mfn) + i;
        page_assign(mfn_to_page(mfn_add(mfn, i)), b->d, false);
    }
    b->d->tot_pages += n;
}

/* Give the domain nr_pages frames (the initrd's own frames at initrd_pfn). */
static int populate(struct dom0_builder *b, unsigned long initrd_pfn,
                    mfn_t initrd_mfn, unsigned long initrd_pages)
{
    unsigned long pfn = 0, n;
    unsigned int order = 9;
    mfn_t mfn;

    while ( pfn < b->nr_pages )
    {
        if ( initrd_pages && pfn == initrd_pfn )
        {
            assign_frames(b, pfn, initrd_mfn, initrd_pages);
            pfn += initrd_pages;
            continue;
        }
        n = 1UL << order;
        if ( order && (pfn + n > b->nr_pages ||
                       (initrd_pages && pfn < initrd_pfn &&
                        pfn + n > initrd_pfn)) )
        {
            order--;
            continue;
        }
        mfn = alloc_frames(order, 32);
        if ( mfn_eq(mfn, INVALID_MFN) )
        {
            if ( !order )
                return -ENOMEM;
            order--;
            continue;
        }
        assign_frames(b, pfn, mfn, n);
        pfn += n;
    }
    return 0;
}

static void *elf_map_page(void *opaque, uint64_t va)
{
    struct dom0_builder *b = opaque;

    if ( va < b->l.virt_base || va >= pv_layout_end(&b->l) )
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
 * Unwrap a bzImage, or a whole compressed kernel file (as Xen does: a
 * vmlinux.gz, .xz, .lzma, .lz4), into fresh frames if needed. On return img
 * and len point at an ELF; tmp and tmp_order describe frames to free
 * afterwards (if any). A bzImage says its unpacked size; a bare file is
 * tried with its last LE32 (gzip's ISIZE) or 16 times its size, doubling
 * on -ENOSPC up to UNPACK_MAX.
 */
#define UNPACK_MAX (256ul << 20)
static int unwrap_kernel(const void **img, size_t *len, mfn_t *tmp,
                         unsigned int *tmp_order)
{
    struct bzimage_info bz;
    const uint8_t *in = *img;
    size_t in_len = *len, size, used = 0;
    enum decompress_format fmt;
    unsigned int order = 0;
    int rc = -ENOSPC;

    *tmp = INVALID_MFN;
    if ( !bzimage_probe(*img, *len, &bz) )
    {
        in = bz.payload;
        in_len = bz.payload_len;
        fmt = bz.format;
        size = bz.decompressed_size;
    }
    else if ( (fmt = decompress_format(*img, *len)) != DECOMP_NONE )
    {
        size = in_len >= 4 ? in[in_len - 4] | (in[in_len - 3] << 8) |
               (in[in_len - 2] << 16) | ((size_t)in[in_len - 1] << 24) : 0;
        if ( size < in_len || size > UNPACK_MAX )
            size = min(in_len * 16, UNPACK_MAX);
    }
    else
        return 0;                       /* try it as an ELF */
    while ( (PAGE_SIZE << order) < size )
        order++;
    printk("Unpacking %s-compressed %s (%zu KiB)\n",
           decompress_format_name(fmt), in == *img ? "kernel" :
           "bzImage payload", size >> 10);
    for ( ; rc == -ENOSPC && (PAGE_SIZE << order) <= UNPACK_MAX; order++ )
    {
        if ( !mfn_eq(*tmp, INVALID_MFN) )
            free_frames(*tmp, *tmp_order);
        *tmp = alloc_frames(order, 32);
        if ( mfn_eq(*tmp, INVALID_MFN) )
            return -ENOMEM;
        *tmp_order = order;
        rc = decompress(in, in_len, mfn_to_virt(*tmp), PAGE_SIZE << order,
                        &used);
    }
    if ( rc )
        return rc;
    *img = mfn_to_virt(*tmp);
    *len = used;
    return 0;
}

/* The ELF kernel (unwrapped from a bzImage if need be) and its notes. */
static int parse_kernel(struct dom0_builder *b,
                        const struct boot_module *kernel)
{
    const void *img = __va(kernel->start);
    size_t len = kernel->size;
    int rc;

    rc = unwrap_kernel(&img, &len, &b->tmp, &b->tmp_order);
    if ( rc )
    {
        printk(XENLOG_ERR "d%u: cannot unpack the kernel: error %d\n",
               b->d->domain_id, rc);
        return rc;
    }
    rc = elf_init(&b->elf, img, len);
    if ( !rc )
        rc = elf_xen_parse(&b->elf, &b->parms,
                           b->initial ? ELF_XEN_INITIAL_DOMAIN : 0);
    if ( rc )
        printk(XENLOG_ERR "d%u: not a usable PV kernel: %s\n",
               b->d->domain_id, b->elf.reason);
    return rc;
}

/*
 * The start-of-day layout (pv_layout_compute); a MOD_START_PFN initrd is not
 * mapped and keeps its own frames, just past the mapped region.
 */
static int compute_layout(struct dom0_builder *b)
{
    const struct elf_dom_parms *parms = &b->parms;
    struct pv_layout_req req = {
        .virt_base = parms->virt_base,
        .kstart = parms->virt_kstart, .kend = parms->virt_kend,
        .nr_pages = b->nr_pages,
        .initrd_len = parms->mod_start_pfn ? 0 : b->initrd_len,
        .rings = !b->initial,
    };
    int rc = pv_layout_compute(&req, &b->l);

    if ( rc )
    {
        printk(XENLOG_ERR "d%u: layout does not fit in %lu pages\n",
               b->d->domain_id, b->nr_pages);
        return rc;
    }
    if ( b->initrd_len && parms->mod_start_pfn )
    {
        b->mod_pfn = b->l.mapped_pages;
        if ( b->mod_pfn + PFN_UP(b->initrd_len) > b->nr_pages )
            return -ENOMEM;
    }
    printk("PV d%u: %lu MiB, virtual %#lx-%#lx, entry %#lx\n",
           b->d->domain_id, b->nr_pages >> 8, (unsigned long)b->l.virt_base,
           (unsigned long)pv_layout_end(&b->l),
           (unsigned long)parms->virt_entry);
    return 0;
}

/* The hypervisor's copy of the P2M, then the domain's frames. */
static int allocate_memory(struct dom0_builder *b)
{
    bool own_frames = b->initrd && b->parms.mod_start_pfn;
    mfn_t m;

    while ( (PAGE_SIZE << b->p2m_order) < b->nr_pages * sizeof(*b->p2m) )
        b->p2m_order++;
    m = alloc_frames(b->p2m_order, 32);
    if ( mfn_eq(m, INVALID_MFN) )
        return -ENOMEM;
    b->p2m = mfn_to_virt(m);

    return populate(b, b->mod_pfn,
                    own_frames ? _mfn(b->initrd->start >> PAGE_SHIFT)
                               : INVALID_MFN,
                    b->parms.mod_start_pfn ? PFN_UP(b->initrd_len) : 0);
}

/* Zeroed region, bootstrap tables, kernel, initrd, hypercall page, P2M. */
static int load_image(struct dom0_builder *b)
{
    struct elf_load_ops ops = { .map = elf_map_page, .opaque = b };
    const struct pv_layout *l = &b->l;
    unsigned long pfn;
    int rc;

    /* The mapped region starts out zeroed; the rest is scrubbed lazily. */
    for ( pfn = 0; pfn < l->mapped_pages; pfn++ )
        memset(pfn_va(b, pfn), 0, PAGE_SIZE);

    build_page_tables(b);
    rc = elf_load(&b->elf, &b->parms, &ops);
    if ( rc )
    {
        printk(XENLOG_ERR "d%u: loading the kernel failed: %s\n",
               b->d->domain_id, b->elf.reason);
        return rc;
    }
    if ( b->initrd_len && !b->parms.mod_start_pfn )
        memcpy(pfn_va(b, l->initrd_pfn), __va(b->initrd->start),
               b->initrd_len);
    /* After the ELF load, or .data would overwrite it (ladder 1.14.1). */
    if ( b->parms.virt_hypercall != ELF_UNSET_ADDR )
        write_hypercall_page(va_to_hv(b, b->parms.virt_hypercall));

    for ( pfn = 0; pfn < b->nr_pages; pfn++ )
    {
        set_gpfn_from_mfn(_mfn(b->p2m[pfn]), pfn);
        ((unsigned long *)pfn_va(b, l->p2m_pfn + pfn / 512))[pfn % 512] =
            b->p2m[pfn];
    }
    return 0;
}

static void fill_start_info(struct dom0_builder *b, const char *cmdline)
{
    const struct pv_layout *l = &b->l;
    struct start_info *si = pfn_va(b, l->start_info_pfn);

    memset(si, 0, PAGE_SIZE);
    snprintf(si->magic, sizeof(si->magic), "xen-3.0-x86_64%s",
             b->initial && b->parms.pae != ELF_PAE_NO ? "p" : "");
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
    si->pt_base = pv_layout_va(l, l->pt_pfn);
    si->nr_pt_frames = l->nr_pt;
    si->mfn_list = pv_layout_va(l, l->p2m_pfn);
    if ( b->initrd_len )
    {
        if ( b->parms.mod_start_pfn )
        {
            si->flags |= SIF_MOD_START_PFN;
            si->mod_start = b->mod_pfn;
        }
        else
            si->mod_start = pv_layout_va(l, l->initrd_pfn);
        si->mod_len = b->initrd_len;
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

    d->store_mfn = _mfn(b->p2m[b->l.store_pfn]);
    d->console_mfn = _mfn(b->p2m[b->l.console_pfn]);
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

/* Type and validate the tables; the L4 is pinned and is vCPU 0's CR3. */
static int pin_page_tables(struct dom0_builder *b)
{
    struct domain *d = b->d;
    mfn_t l4 = _mfn(b->p2m[b->l.pt_pfn]);
    int rc;

    rc = get_page_and_type(mfn_to_page(l4), d, PGT_l4_page_table);
    if ( !rc )
        rc = page_pin_table(mfn_to_page(l4), d, PGT_l4_page_table);
    if ( rc )
    {
        printk(XENLOG_ERR "d%u: bootstrap page tables do not validate: %d\n",
               d->domain_id, rc);
        return rc;
    }
    d->vcpu[0]->arch.pv.guest_table = l4;
    return 0;
}

/* vCPU 0 enters the kernel in guest kernel mode (ladder 1.8). */
static void init_vcpu0(const struct dom0_builder *b)
{
    struct vcpu *v = b->d->vcpu[0];
    struct cpu_user_regs *regs = &v->arch.user_regs;

    memset(regs, 0, sizeof(*regs));
    regs->rip = b->parms.virt_entry;
    regs->rsp = pv_layout_va(&b->l, b->l.stack_pfn + 1);
    regs->rsi = pv_layout_va(&b->l, b->l.start_info_pfn);
    regs->cs = FLAT_KERNEL_CS;
    regs->ss = FLAT_KERNEL_SS;
    regs->rflags = X86_EFLAGS_IF | X86_EFLAGS_MBS;
    v->arch.pv.kernel_mode = true;
    v->is_initialised = true;
    v->pause_flags &= ~VPF_down;
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
    struct dom0_builder b = {
        .d = d, .initial = info->initial, .nr_pages = info->nr_pages,
        .tmp = INVALID_MFN, .initrd = info->initrd,
        .initrd_len = info->initrd ? info->initrd->size : 0,
    };
    int rc;

    rc = parse_kernel(&b, info->kernel);
    if ( rc )
        goto out;
    d->max_pages = b.nr_pages;
    rc = compute_layout(&b);
    if ( !rc )
        rc = allocate_memory(&b);
    if ( !rc )
        rc = load_image(&b);
    if ( rc )
        goto out;
    if ( !b.initial && (rc = setup_domu_rings(&b)) )
    {
        printk(XENLOG_ERR "d%u: console/xenstore channels: %d\n",
               d->domain_id, rc);
        goto out;
    }
    fill_start_info(&b, info->kernel->cmdline);
    rc = pin_page_tables(&b);
    if ( !rc )
        init_vcpu0(&b);

 out:
    if ( b.p2m )
        free_frames(virt_to_mfn(b.p2m), b.p2m_order);
    if ( !mfn_eq(b.tmp, INVALID_MFN) )
        free_frames(b.tmp, b.tmp_order);
    return rc;
}
