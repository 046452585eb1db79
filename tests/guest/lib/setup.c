/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Runtime set-up and verdicts: virtual IDT and callbacks, shared_info
 * mapping, VA 0 unmapped, user page tables (xt_runtime_init); exactly one
 * "Test result:" line (xt_exit, panic).
 */
#include <xt.h>

start_info_t *xt_start_info;
shared_info_t *xt_shared_info;
bool xt_raw_hypercalls;

static uint8_t shared_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* Ordered by severity: the highest one reported wins. */
enum verdict { V_SUCCESS, V_SKIP, V_ERROR, V_FAILURE };
static const char *const verdict_name[] = {
    [V_SUCCESS] = "SUCCESS", [V_SKIP] = "SKIP",
    [V_ERROR] = "ERROR", [V_FAILURE] = "FAILURE",
};
static enum verdict verdict = V_SUCCESS;
static bool result_printed;

static void report(enum verdict v, const char *fmt, va_list ap)
{
    char buf[400];

    vsnprintf(buf, sizeof(buf), fmt, ap);
    printk("%s: %s\n", verdict_name[v], buf);
    if ( v > verdict )
        verdict = v;
}

#define REPORT(v) do { va_list ap; va_start(ap, fmt); report(v, fmt, ap); \
                       va_end(ap); } while (0)
void xt_fail(const char *fmt, ...)  { REPORT(V_FAILURE); }
void xt_error(const char *fmt, ...) { REPORT(V_ERROR); }
void xt_skip(const char *fmt, ...)  { REPORT(V_SKIP); }

static void __attribute__((noreturn)) shutdown(unsigned int reason)
{
    struct sched_shutdown s = { .reason = reason };

    hc_sched_op(SCHEDOP_shutdown, &s);
    /* Shutdown failed: nothing else to do but spin. */
    for ( ;; )
        hc_sched_op(SCHEDOP_yield, NULL);
}

void xt_exit(void)
{
    if ( !result_printed )
    {
        result_printed = true;
        printk("Test result: %s\n", verdict_name[verdict]);
    }
    shutdown(SHUTDOWN_poweroff);
}

void panic(const char *fmt, ...)
{
    char buf[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk("PANIC: %s\n", buf);
    if ( !result_printed )
    {
        result_printed = true;
        printk("Test result: ERROR\n");
    }
    shutdown(SHUTDOWN_crash);
}

/* Map the shared_info frame over our page-aligned .bss page. */
static void map_shared_info(void)
{
    uint64_t pte = xt_start_info->shared_info | 0x63; /* P RW A D */
    long rc = hc_update_va_mapping(shared_info_page, pte, UVMF_INVLPG);

    if ( rc )
        panic("update_va_mapping(shared_info) = %ld", rc);
    xt_shared_info = (shared_info_t *)shared_info_page;
}

/* Guest user mode uses the kernel's own L4 (like XTF). */
static void set_user_baseptr(void)
{
    const xen_pfn_t *p2m = (const xen_pfn_t *)xt_start_info->mfn_list;
    mmuext_op_t op;
    long rc;

    memset(&op, 0, sizeof(op));
    op.cmd = MMUEXT_NEW_USER_BASEPTR;
    op.arg1.mfn = p2m[xt_start_info->pt_base >> 12];   /* VA == PFN << 12 */
    rc = hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
    if ( rc )
        panic("mmuext_op(NEW_USER_BASEPTR) = %ld", rc);
}

void xt_runtime_init(start_info_t *si)
{
    long rc;

    xt_start_info = si;
    xt_traps_init();
    map_shared_info();

    /* Leave VA 0 unmapped so that NULL dereferences fault. */
    rc = hc_update_va_mapping(0, 0, UVMF_INVLPG);
    if ( rc )
        panic("update_va_mapping(0, 0) = %ld", rc);

    set_user_baseptr();
}
