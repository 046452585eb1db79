/* SPDX-License-Identifier: MIT */
/*
 * xenpmu_op hypercall (hc 40): (cmd, struct xen_pmu_params *). Virtual
 * PMU control. Xenolite provides no vPMU: every sub-op returns
 * -EOPNOTSUPP (Linux treats that, and -ENOSYS, as "no PMU" quietly).
 */
#ifndef XEN_PUBLIC_PMU_H
#define XEN_PUBLIC_PMU_H

#include <stdint.h>

#include "xen.h"

#define XENPMU_VER_MAJ 0
#define XENPMU_VER_MIN 1

#define XENPMU_mode_get    0   /* OUT val = XENPMU_MODE_* */
#define XENPMU_mode_set    1   /* IN val = XENPMU_MODE_* (privileged) */
#define XENPMU_feature_get 2   /* OUT val = XENPMU_FEATURE_* */
#define XENPMU_feature_set 3   /* IN val (privileged) */
#define XENPMU_init        4   /* IN val = GFN of the PMU data page, vcpu */
#define XENPMU_finish      5   /* IN vcpu */
#define XENPMU_lvtpc_set   6   /* IN val = LVTPC value */
#define XENPMU_flush       7   /* write back cached PMU state */

#define XENPMU_MODE_OFF  0
#define XENPMU_MODE_SELF (1 << 0)
#define XENPMU_MODE_HV   (1 << 1)
#define XENPMU_MODE_ALL  (1 << 2)

#define XENPMU_FEATURE_INTEL_BTS  (1 << 0)
#define XENPMU_FEATURE_IPC_ONLY   (1 << 1)
#define XENPMU_FEATURE_ARCH_ONLY  (1 << 2)

struct xen_pmu_params {
    struct {
        uint32_t maj;   /* IN: XENPMU_VER_MAJ */
        uint32_t min;   /* IN: XENPMU_VER_MIN */
    } version;          /* 0x00 */
    uint64_t val;       /* 0x08: IN/OUT per sub-op */
    uint32_t vcpu;      /* 0x10: IN */
    uint32_t pad;       /* 0x14 */
};                      /* 24 bytes */
typedef struct xen_pmu_params xen_pmu_params_t;
DEFINE_XEN_GUEST_HANDLE(xen_pmu_params_t);

#endif /* XEN_PUBLIC_PMU_H */
