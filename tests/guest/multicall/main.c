/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * multicall: a batch runs every entry, each result lands in its own entry,
 * a failing entry does not stop the batch, and the multicall itself returns
 * 0. An iret entry ends the batch (XSA-213): execution resumes at the iret
 * frame with its rax, and later entries are not run.
 */
#include <xt.h>

const char test_title[] = "multicall: per-entry results, iret ends the batch";

#define POISON 0xdeadbeefcafef00dUL

static multicall_entry_t mc[6];

static void set(unsigned int i, unsigned long op, unsigned long a0,
                unsigned long a1)
{
    memset(&mc[i], 0, sizeof(mc[i]));
    mc[i].op = op;
    mc[i].result = POISON;
    mc[i].args[0] = a0;
    mc[i].args[1] = a1;
}

static void batch(const char *how)
{
    long ver = hc_xen_version(XENVER_version, 0);
    const long want[] = { ver, PAGE_SIZE, -XEN_ENOSYS, -XEN_ENOSYS,
                          -XEN_EFAULT, ver };
    long rc;

    set(0, __HYPERVISOR_xen_version, XENVER_version, 0);
    set(1, __HYPERVISOR_xen_version, XENVER_pagesize, 0);
    set(2, __HYPERVISOR_xen_version, 0x7fff, 0);           /* bad sub-op */
    set(3, 60, 0, 0);                                       /* no such call */
    set(4, __HYPERVISOR_xen_version, XENVER_extraversion,
        0x8000000000000000UL);                              /* bad pointer */
    set(5, __HYPERVISOR_xen_version, XENVER_version, 0);

    rc = hc_multicall(mc, ARRAY_SIZE(mc));
    xt_check(rc == 0, "%s: multicall returned %ld", how, rc);
    for ( unsigned int i = 0; i < ARRAY_SIZE(mc); i++ )
    {
        printk("%s: entry %u op %lu result %ld\n", how, i, mc[i].op,
               (long)mc[i].result);
        xt_check((long)mc[i].result == want[i],
                 "%s: entry %u result %ld, want %ld", how, i,
                 (long)mc[i].result, want[i]);
    }
}

/* Bad list pointer: the multicall itself fails. */
static void bad_list(void)
{
    long rc = hc_multicall((void *)0x8000000000000000UL, 1);

    xt_check(rc == -XEN_EFAULT, "multicall(non-canonical list) = %ld, want "
             "-EFAULT", rc);
}

/*
 * [iret, xen_version]: issued with a raw syscall so that the iret frame
 * sits exactly at rsp. Kernel-mode frame (RPL 0 CS), guest IF clear so
 * events stay masked.
 */
static void iret_in_batch(void)
{
    unsigned long rax, normal;

    set(0, __HYPERVISOR_iret, 0, 0);
    set(1, __HYPERVISOR_xen_version, XENVER_version, 0);

    asm volatile ("mov   %%rsp, %%rbx\n\t"
                  "push  %[ss]\n\t"
                  "push  %%rbx\n\t"
                  "pushf\n\t"
                  "andq  $~0x200, (%%rsp)\n\t"
                  "push  %[cs]\n\t"
                  "lea   1f(%%rip), %%rax\n\t"
                  "push  %%rax\n\t"
                  "push  $0\n\t"           /* flags */
                  "push  $0\n\t"           /* rcx */
                  "push  $0\n\t"           /* r11 */
                  "push  $0xdead\n\t"      /* rax */
                  "mov   %[nr], %%eax\n\t"
                  "syscall\n\t"
                  /* Came back normally: the iret was ignored. */
                  "mov   %%rbx, %%rsp\n\t"
                  "mov   $1, %%edx\n\t"
                  "jmp   2f\n"
                  "1: xor %%edx, %%edx\n"
                  "2:\n\t"
                  : "=a" (rax), "=d" (normal)
                  : [ss] "i" (FLAT_KERNEL_SS), [cs] "i" (FLAT_KERNEL_CS & ~3),
                    [nr] "i" (__HYPERVISOR_multicall),
                    "D" (mc), "S" (2UL)
                  : "rbx", "rcx", "r8", "r9", "r10", "r11", "memory");

    printk("iret batch: resumed %s, rax %#lx, entry 0 result %#lx, "
           "entry 1 result %#lx\n", normal ? "after the syscall" : "at the "
           "iret frame", rax, mc[0].result, mc[1].result);
    xt_check(!normal, "multicall returned normally past an iret entry");
    xt_check(rax == 0xdead, "rax after the iret %#lx, want 0xdead", rax);
    xt_check(mc[1].result == POISON, "entry after the iret was run "
             "(result %#lx)", mc[1].result);
}

void test_main(void)
{
    batch("stub");
    xt_raw_hypercalls = true;
    batch("raw");
    xt_raw_hypercalls = false;
    bad_list();
    iret_in_batch();
}
