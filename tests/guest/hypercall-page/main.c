/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hypercall-page: the domain builder filled our HYPERCALL_PAGE with 128
 * 32-byte stubs (push rcx; push r11; mov $n,%eax; syscall; pop r11;
 * pop rcx; ret, and the jump-only iret stub), and a raw `syscall` gives the
 * same results as the page.
 */
#include <xt.h>

const char test_title[] = "hypercall page contents and raw-syscall hypercalls";

static void check_stubs(void)
{
    unsigned int i, bad = 0;

    if ( hypercall_page[0] == 0xc3 )
    {
        xt_fail("hypercall page still holds its 0xc3 poison");
        return;
    }

    for ( i = 0; i < 128; i++ )
    {
        const uint8_t *p = hypercall_page + i * 32;
        uint8_t want[14];
        size_t n;

        if ( i == __HYPERVISOR_iret )
        {
            const uint8_t iret[] = { 0x51, 0x41, 0x53, 0x50, 0xb8,
                                     i, 0, 0, 0, 0x0f, 0x05 };
            memcpy(want, iret, sizeof(iret));
            n = sizeof(iret);
        }
        else
        {
            const uint8_t stub[] = { 0x51, 0x41, 0x53, 0xb8, i, 0, 0, 0,
                                     0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3 };
            memcpy(want, stub, sizeof(stub));
            n = sizeof(stub);
        }
        if ( memcmp(p, want, n) && bad++ < 4 )
            xt_fail("stub %u: %02x %02x %02x %02x %02x %02x %02x %02x %02x "
                    "%02x %02x ...", i, p[0], p[1], p[2], p[3], p[4], p[5],
                    p[6], p[7], p[8], p[9], p[10]);
    }
    printk("128 stubs checked, %u wrong; stub 0 padding byte %#x\n", bad,
           hypercall_page[31]);
}

static void compare_transports(void)
{
    long page = hypercall_page_call(__HYPERVISOR_xen_version, XENVER_version,
                                    0, 0, 0, 0);
    long raw = hypercall_raw(__HYPERVISOR_xen_version, XENVER_version,
                             0, 0, 0, 0);
    long page_nosys = hypercall_page_call(100, 0, 0, 0, 0, 0);
    long raw_nosys = hypercall_raw(100, 0, 0, 0, 0, 0);
    xen_extraversion_t a, b;

    printk("xen_version: page %#lx raw %#lx\n", page, raw);
    xt_check(page > 0 && page == raw,
             "xen_version differs: page %#lx raw %#lx", page, raw);
    xt_check(page_nosys == -XEN_ENOSYS && raw_nosys == -XEN_ENOSYS,
             "hypercall 100: page %ld raw %ld, want -ENOSYS",
             page_nosys, raw_nosys);

    /* A call with a pointer argument through both paths. */
    memset(a, 0xaa, sizeof(a));
    memset(b, 0x55, sizeof(b));
    page = hypercall_page_call(__HYPERVISOR_xen_version, XENVER_extraversion,
                               (unsigned long)a, 0, 0, 0);
    raw = hypercall_raw(__HYPERVISOR_xen_version, XENVER_extraversion,
                        (unsigned long)b, 0, 0, 0);
    xt_check(page == 0 && raw == 0 && !memcmp(a, b, sizeof(a)),
             "extraversion: page rc %ld raw rc %ld, buffers %s", page, raw,
             memcmp(a, b, sizeof(a)) ? "differ" : "equal");
}

/* rcx and r11 survive a call through the page (the stub saves them). */
static void check_preserved(void)
{
    unsigned long rcx = 0x1234567890abcdefUL, r11 = 0xfedcba0987654321UL;

    asm volatile ("mov %[rcx], %%rcx\n\t"
                  "mov %[r11], %%r11\n\t"
                  "mov %[v], %%edi\n\t"
                  "xor %%esi, %%esi\n\t"
                  "call hypercall_page + %c[nr] * 32\n\t"
                  "mov %%rcx, %[rcx]\n\t"
                  "mov %%r11, %[r11]\n\t"
                  : [rcx] "+m" (rcx), [r11] "+m" (r11)
                  : [nr] "i" (__HYPERVISOR_xen_version),
                    [v] "i" (XENVER_version)
                  : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",
                    "r11", "memory");
    xt_check(rcx == 0x1234567890abcdefUL && r11 == 0xfedcba0987654321UL,
             "stub did not preserve rcx/r11: %#lx %#lx", rcx, r11);
}

/* Exception return through the raw iret syscall instead of the stub. */
static void check_raw_iret(void)
{
    for ( int raw = 0; raw < 2; raw++ )
    {
        xt_raw_hypercalls = raw;
        xt_trap_reset();
        asm volatile ("int3" ::: "memory");
        xt_raw_hypercalls = false;
        xt_check(xt_last_trap.count == 1 && xt_last_trap.vector == X86_EXC_BP,
                 "int3 with %s iret: count %u vector %u",
                 raw ? "raw" : "stub", xt_last_trap.count, xt_last_trap.vector);
    }
}

void test_main(void)
{
    check_stubs();
    compare_transports();
    check_preserved();
    check_raw_iret();
}
