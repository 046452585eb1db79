/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * segment-bases: FS, kernel GS and user GS bases set with set_segment_base
 * and with emulated wrmsr (FS_BASE, GS_BASE, SHADOW_GS_BASE) read back
 * through emulated rdmsr and through %fs:/%gs: memory accesses, the user GS
 * base from guest user mode. Non-canonical bases: -EINVAL from the
 * hypercall, #GP(0) from wrmsr (XSA-193).
 */
#include <xt.h>

const char test_title[] = "segment bases: set_segment_base and FS/GS MSRs";

#define MSR_FS_BASE        0xc0000100
#define MSR_GS_BASE        0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102

static uint64_t fs_buf[2] = { 0x1111111111111111UL, 0x1212121212121212UL };
static uint64_t kgs_buf[2] = { 0x2222222222222222UL, 0x2323232323232323UL };
static uint64_t ugs_buf[2] = { 0x3333333333333333UL, 0x3434343434343434UL };

static inline uint64_t read_fs0(void)
{
    uint64_t v;
    asm volatile ("mov %%fs:0, %0" : "=r" (v));
    return v;
}

static inline uint64_t read_gs0(void)
{
    uint64_t v;
    asm volatile ("mov %%gs:0, %0" : "=r" (v));
    return v;
}

static unsigned long user_read_gs0(void) { return read_gs0(); }
static unsigned long user_read_fs0(void) { return read_fs0(); }

static void check_msr(const char *how, uint32_t msr, uint64_t want)
{
    uint64_t v = 0;
    int vec = rdmsr_safe(msr, &v);

    xt_check(vec < 0 && v == want, "%s: rdmsr(%#x) = %#lx (fault %d), want "
             "%#lx", how, msr, v, vec, want);
}

static void check_all(const char *how, uint64_t *fs, uint64_t *kgs,
                      uint64_t *ugs)
{
    uint64_t v;

    check_msr(how, MSR_FS_BASE, (uint64_t)fs);
    check_msr(how, MSR_GS_BASE, (uint64_t)kgs);
    check_msr(how, MSR_SHADOW_GS_BASE, (uint64_t)ugs);

    v = read_fs0();
    xt_check(v == fs[0], "%s: %%fs:0 = %#lx, want %#lx", how, v, fs[0]);
    v = read_gs0();
    xt_check(v == kgs[0], "%s: %%gs:0 = %#lx, want %#lx", how, v, kgs[0]);
    v = xt_exec_user(user_read_gs0);
    xt_check(v == ugs[0], "%s: user %%gs:0 = %#lx, want %#lx", how, v, ugs[0]);
    v = xt_exec_user(user_read_fs0);
    xt_check(v == fs[0], "%s: user %%fs:0 = %#lx, want %#lx", how, v, fs[0]);
    /* Kernel GS is back after the round trip through user mode. */
    v = read_gs0();
    xt_check(v == kgs[0], "%s: %%gs:0 after user mode = %#lx, want %#lx", how,
             v, kgs[0]);
}

void test_main(void)
{
    long rc;
    int vec;

    rc = hc_set_segment_base(SEGBASE_FS, (unsigned long)fs_buf);
    xt_check(rc == 0, "set_segment_base(FS) = %ld", rc);
    rc = hc_set_segment_base(SEGBASE_GS_KERNEL, (unsigned long)kgs_buf);
    xt_check(rc == 0, "set_segment_base(GS_KERNEL) = %ld", rc);
    rc = hc_set_segment_base(SEGBASE_GS_USER, (unsigned long)ugs_buf);
    xt_check(rc == 0, "set_segment_base(GS_USER) = %ld", rc);
    check_all("hypercall", fs_buf, kgs_buf, ugs_buf);

    /* Rotate the buffers through wrmsr: 8 bytes in, so %x:0 reads [1]. */
    vec = wrmsr_safe(MSR_FS_BASE, (uint64_t)&kgs_buf[1]);
    xt_check(vec < 0, "wrmsr(FS_BASE) faulted (vector %d)", vec);
    vec = wrmsr_safe(MSR_GS_BASE, (uint64_t)&ugs_buf[1]);
    xt_check(vec < 0, "wrmsr(GS_BASE) faulted (vector %d)", vec);
    vec = wrmsr_safe(MSR_SHADOW_GS_BASE, (uint64_t)&fs_buf[1]);
    xt_check(vec < 0, "wrmsr(SHADOW_GS_BASE) faulted (vector %d)", vec);
    check_all("wrmsr", &kgs_buf[1], &ugs_buf[1], &fs_buf[1]);

    /* Non-canonical. */
    rc = hc_set_segment_base(SEGBASE_FS, 0x8000000000000000UL);
    xt_check(rc == -XEN_EINVAL, "set_segment_base(FS, non-canonical) = %ld, "
             "want -EINVAL", rc);
    rc = hc_set_segment_base(SEGBASE_GS_USER, 0x0000800000000000UL);
    xt_check(rc == -XEN_EINVAL, "set_segment_base(GS_USER, non-canonical) = "
             "%ld, want -EINVAL", rc);
    rc = hc_set_segment_base(99, 0);
    xt_check(rc == -XEN_EINVAL, "set_segment_base(99) = %ld, want -EINVAL", rc);
    for ( uint32_t msr = MSR_FS_BASE; msr <= MSR_SHADOW_GS_BASE; msr++ )
    {
        vec = wrmsr_safe(msr, 0x8000000000000000UL);
        xt_check(vec == X86_EXC_GP && xt_last_trap.error_code == 0,
                 "wrmsr(%#x, non-canonical): vector %d error %#lx, want "
                 "#GP(0)", msr, vec, xt_last_trap.error_code);
    }
    check_all("after bad writes", &kgs_buf[1], &ugs_buf[1], &fs_buf[1]);

    hc_set_segment_base(SEGBASE_FS, 0);
    hc_set_segment_base(SEGBASE_GS_KERNEL, 0);
    hc_set_segment_base(SEGBASE_GS_USER, 0);
}
