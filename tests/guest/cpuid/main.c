/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cpuid: forced-emulation CPUID (ud2; "xen"; cpuid) returns the domain's
 * CPUID policy: hypervisor leaves at 0x40000000 ("XenVMMXenVMM", max leaf
 * >= 0x40000002), 0x40000001 = the xen_version, leaf 1 ECX bit 31
 * (hypervisor). Native CPUID is compared where the two must agree.
 */
#include <xt.h>

const char test_title[] = "CPUID: hypervisor leaves, forced vs native";

static void show(const char *how, uint32_t leaf, const struct cpuid_regs *r)
{
    printk("%s %#010x: %08x %08x %08x %08x\n", how, leaf, r->a, r->b, r->c,
           r->d);
}

void test_main(void)
{
    struct cpuid_regs f, n;
    char sig[13];
    long ver = hc_xen_version(XENVER_version, 0);

    cpuid_forced(0x40000000, 0, &f);
    show("forced", 0x40000000, &f);
    memcpy(sig, &f.b, 4);
    memcpy(sig + 4, &f.c, 4);
    memcpy(sig + 8, &f.d, 4);
    sig[12] = '\0';
    xt_check(!strcmp(sig, "XenVMMXenVMM"), "leaf 0x40000000 signature '%s'",
             sig);
    xt_check(f.a >= 0x40000002 && f.a < 0x40000100,
             "leaf 0x40000000 max leaf %#x", f.a);

    cpuid_forced(0x40000001, 0, &f);
    show("forced", 0x40000001, &f);
    xt_check(f.a == (uint32_t)ver, "leaf 0x40000001 eax %#x, xen_version %#lx",
             f.a, ver);

    cpuid_forced(0x40000002, 0, &f);
    show("forced", 0x40000002, &f);
    xt_check(f.a >= 1, "leaf 0x40000002: %u hypercall pages", f.a);

    cpuid_forced(1, 0, &f);
    show("forced", 1, &f);
    xt_check(f.c & (1U << 31), "forced leaf 1 ECX lacks the hypervisor bit");

    /* Leaf 0: the vendor is the host's in both views. */
    cpuid_forced(0, 0, &f);
    cpuid_native(0, 0, &n);
    show("forced", 0, &f);
    show("native", 0, &n);
    xt_check(f.b == n.b && f.c == n.c && f.d == n.d,
             "vendor differs between forced and native CPUID");

    /*
     * Native CPUID of 0x40000000 is only the hypervisor's answer when it
     * faults CPUID; either is valid, report which.
     */
    cpuid_native(0x40000000, 0, &n);
    show("native", 0x40000000, &n);
    cpuid_forced(0x40000000, 0, &f);
    printk("native CPUID is %s\n",
           !memcmp(&n, &f, sizeof(n)) ? "intercepted (CPUID faulting)"
                                      : "the hardware's");
}
