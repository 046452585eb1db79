/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VCPUOP_initialise for 64-bit PV vCPUs (pv-abi-ladder 3.8): checking a
 * vcpu_guest_context (pure, host-tested) and loading it into a vCPU.
 */
#ifndef ASM_PV_VCPU_CONTEXT_H
#define ASM_PV_VCPU_CONTEXT_H

#include <xen/types.h>
#include <public/xen.h>

struct vcpu;

/*
 * The MXCSR bits this CPU accepts (MXCSR_MASK of an FXSAVE image, taken at
 * boot; a stored 0 means the default below, SDM vol. 1 11.6.6).
 */
#define MXCSR_MASK_DEFAULT 0x0000ffbfu
extern uint32_t mxcsr_mask;

/*
 * Check c for vCPU vcpu_id of a domain whose valid VMASST mask is
 * vm_assist_valid, normalising it in place: CS/SS/kernel_ss and the trap
 * table's selectors get RPL 3. -EINVAL if any address is non-canonical,
 * the LDT is misaligned or too big, the GDT too big, vm_assist (vCPU 0
 * only) has unknown bits, a user-mode start has no user page table, or a
 * valid FPU image (VGCF_i387_valid) has MXCSR bits outside mxcsr_mask.
 */
int pv_vcpu_context_check(struct vcpu_guest_context *c, unsigned int vcpu_id,
                          uint64_t vm_assist_valid);

/*
 * Load a checked context into v (not yet initialised): debug registers,
 * GDT, kernel/user L4 type references, then everything else. On error
 * nothing is left referenced. 0, -EINVAL, or the page-type error.
 */
int pv_vcpu_context_load(struct vcpu *v, const struct vcpu_guest_context *c);

#endif /* ASM_PV_VCPU_CONTEXT_H */
