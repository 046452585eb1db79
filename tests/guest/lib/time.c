/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest system time from vCPU 0's vcpu_time_info (pvclock protocol). */
#include <xt.h>

uint64_t xt_now_ns(void)
{
    volatile struct vcpu_time_info *t = &xt_shared_info->vcpu_info[0].time;
    uint32_t ver, lo, hi;
    uint64_t delta, ns;

    do {
        ver = t->version;
        asm volatile ("rdtsc" : "=a" (lo), "=d" (hi) :: "memory");
        delta = (((uint64_t)hi << 32) | lo) - t->tsc_timestamp;
        delta = t->tsc_shift < 0 ? delta >> -t->tsc_shift : delta << t->tsc_shift;
        ns = t->system_time +
             (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
        asm volatile ("" ::: "memory");
    } while ( (ver & 1) || ver != t->version );
    return ns;
}
