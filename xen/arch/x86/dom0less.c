/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains started at boot without a toolstack (Xen's "dom0less" idea,
 * docs/boot.md): every `domu=kernel:N[,ramdisk:M][,mem:SIZE][,vcpus:K]`
 * option builds one unprivileged PV domain from multiboot module N (its
 * module string is the kernel command line) with the same builder as
 * domain 0, gives it a hypervisor-served console and a xenstore page whose
 * port waits for domain 0, and unpauses it. They are built before domain 0
 * takes its memory; domain 0 stays the control domain.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/event.h>
#include <xen/page_alloc.h>
#include <xen/dom0less.h>
#include <asm/mm.h>
#include <asm/bootinfo.h>
#include <asm/pv/build.h>

#define MAX_BOOT_DOMUS 8
#define DOMU_DEFAULT_MEM (64UL << 20)

struct domu_spec {
    int kernel, ramdisk;                /* module indexes, -1 = none */
    unsigned long long mem;
    unsigned int vcpus;
};

static char opt_domu[MAX_BOOT_DOMUS][128];
static unsigned int nr_opt_domu;
static bool module_claimed[MAX_MODS];

/* One `domu=` per domain; parsed once the console can report errors. */
static int parse_domu_opt(const char *val)
{
    if ( nr_opt_domu >= MAX_BOOT_DOMUS )
        return -ENOSPC;
    strlcpy(opt_domu[nr_opt_domu++], val, sizeof(opt_domu[0]));
    return 0;
}
custom_param("domu", parse_domu_opt);

bool boot_module_claimed(unsigned int idx)
{
    return idx < MAX_MODS && module_claimed[idx];
}

/* A module index for `key`: 1 .. nr_mods-1 (module 0 is domain 0's kernel). */
static int parse_module(const char *opt, const char *key, const char *val,
                        const char **end, const struct boot_info *bi)
{
    unsigned long idx = simple_strtoul(val, end, 10);

    if ( *end == val || idx == 0 || idx >= bi->nr_mods )
    {
        printk(XENLOG_ERR "domu=%s: '%s' must name a module 1..%u\n", opt, key,
               bi->nr_mods ? bi->nr_mods - 1 : 0);
        return -EINVAL;
    }
    return idx;
}

/* "key:value,key:value..." -> spec; every error names the key. */
static int parse_spec(const char *opt, const struct boot_info *bi,
                      struct domu_spec *s)
{
    const char *p = opt, *end;

    *s = (struct domu_spec){ .kernel = -1, .ramdisk = -1,
                             .mem = DOMU_DEFAULT_MEM, .vcpus = 1 };
    while ( *p )
    {
        const char *key = p, *colon = strchr(p, ':');
        char name[16];

        if ( !colon || (size_t)(colon - key) >= sizeof(name) )
        {
            printk(XENLOG_ERR "domu=%s: expected 'key:value' at '%s'\n", opt, p);
            return -EINVAL;
        }
        strlcpy(name, key, colon - key + 1);
        p = colon + 1;
        if ( !strcmp(name, "kernel") || !strcmp(name, "ramdisk") )
        {
            int idx = parse_module(opt, name, p, &end, bi);

            if ( idx < 0 )
                return idx;
            *(name[0] == 'k' ? &s->kernel : &s->ramdisk) = idx;
        }
        else if ( !strcmp(name, "mem") )
        {
            s->mem = parse_size_and_unit(p, &end);
            if ( end == p || s->mem < (4UL << 20) )
            {
                printk(XENLOG_ERR "domu=%s: 'mem' needs a size of at least 4M\n",
                       opt);
                return -EINVAL;
            }
        }
        else if ( !strcmp(name, "vcpus") )
        {
            s->vcpus = simple_strtoul(p, &end, 10);
            if ( end == p || !s->vcpus || s->vcpus > MAX_VIRT_CPUS )
            {
                printk(XENLOG_ERR "domu=%s: 'vcpus' must be 1..%u\n", opt,
                       MAX_VIRT_CPUS);
                return -EINVAL;
            }
        }
        else
        {
            printk(XENLOG_ERR "domu=%s: unknown key '%s'\n", opt, name);
            return -EINVAL;
        }
        if ( *end && *end != ',' )
        {
            printk(XENLOG_ERR "domu=%s: junk after '%s' value: '%s'\n", opt,
                   name, end);
            return -EINVAL;
        }
        p = *end ? end + 1 : end;
    }
    if ( s->kernel < 0 )
    {
        printk(XENLOG_ERR "domu=%s: missing 'kernel'\n", opt);
        return -EINVAL;
    }
    return 0;
}

static domid_t next_free_domid(void)
{
    for ( domid_t id = 1; id < DOMID_FIRST_RESERVED; id++ )
        if ( !domain_by_id(id) )
            return id;
    return DOMID_INVALID;
}

static struct domain *build_domu(const struct domu_spec *s,
                                 const struct boot_info *bi)
{
    struct pv_build_info info = {
        .kernel = &bi->mods[s->kernel],
        .initrd = s->ramdisk >= 0 ? &bi->mods[s->ramdisk] : NULL,
        .nr_pages = s->mem >> PAGE_SHIFT,
    };
    domid_t id = next_free_domid();
    struct domain *d;
    int rc = -ENOSPC;

    if ( id == DOMID_INVALID || !(d = domain_create(id, s->vcpus, false, &rc)) )
    {
        printk(XENLOG_ERR "Cannot create a boot domain: error %d\n", rc);
        return NULL;
    }
    d->pause_count = 1;
    evtchn_set_max_port(d, 1023);       /* Xen's dom0less and libxl default */
    for ( unsigned int i = 0; i < s->vcpus; i++ )
        if ( !vcpu_create(d, i) )
        {
            rc = -ENOMEM;
            goto fail;
        }
    rc = pv_build_domain(d, &info);
    if ( rc )
        goto fail;
    console_backend_add(d);
    printk("Boot domain d%u: module %d, %llu MiB, %u vCPU%s\n", id, s->kernel,
           s->mem >> 20, s->vcpus, s->vcpus > 1 ? "s" : "");
    return d;

 fail:
    printk(XENLOG_ERR "Cannot build boot domain d%u: error %d\n", id, rc);
    /* Nothing preempts outside a hypercall: one call does it all. */
    domain_destroy(d, NULL);
    return NULL;
}

/* Kernel modules were copied out; ramdisks may be the domain's own frames. */
static void release_kernel_modules(const struct boot_info *bi,
                                   const struct domu_spec *specs, unsigned int n)
{
    bool is_kernel[MAX_MODS] = { false }, is_ramdisk[MAX_MODS] = { false };

    for ( unsigned int i = 0; i < n; i++ )
    {
        is_kernel[specs[i].kernel] = true;
        if ( specs[i].ramdisk >= 0 )
            is_ramdisk[specs[i].ramdisk] = true;
    }
    for ( unsigned int m = 1; m < bi->nr_mods; m++ )
        if ( is_kernel[m] && !is_ramdisk[m] )
            page_alloc_add_range(bi->mods[m].start >> PAGE_SHIFT,
                                 ROUNDUP(bi->mods[m].start + bi->mods[m].size,
                                         PAGE_SIZE) >> PAGE_SHIFT);
}

void create_boot_domus(const struct boot_info *bi)
{
    struct domu_spec specs[MAX_BOOT_DOMUS];
    struct domain *built[MAX_BOOT_DOMUS];
    bool is_kernel[MAX_MODS] = { false };
    unsigned int n = 0, nr_built = 0;

    for ( unsigned int i = 0; i < nr_opt_domu; i++ )
    {
        struct domu_spec *sp = &specs[n];

        if ( parse_spec(opt_domu[i], bi, sp) )
            continue;
        /* A ramdisk may become the domain's own frames: never shared. */
        if ( sp->ramdisk >= 0 &&
             (module_claimed[sp->ramdisk] || is_kernel[sp->ramdisk] ||
              sp->ramdisk == sp->kernel) )
        {
            printk(XENLOG_ERR "domu=%s: 'ramdisk' module %d is used elsewhere\n",
                   opt_domu[i], sp->ramdisk);
            continue;
        }
        if ( module_claimed[sp->kernel] && !is_kernel[sp->kernel] )
        {
            printk(XENLOG_ERR "domu=%s: 'kernel' module %d is a ramdisk\n",
                   opt_domu[i], sp->kernel);
            continue;
        }
        is_kernel[sp->kernel] = module_claimed[sp->kernel] = true;
        if ( sp->ramdisk >= 0 )
            module_claimed[sp->ramdisk] = true;
        n++;
    }
    for ( unsigned int i = 0; i < n; i++ )
    {
        struct domain *d = build_domu(&specs[i], bi);

        if ( d )
            built[nr_built++] = d;
    }
    release_kernel_modules(bi, specs, n);
    for ( unsigned int i = 0; i < nr_built; i++ )
        domain_unpause(built[i]);
    if ( nr_built )
        console_backend_start();
}
