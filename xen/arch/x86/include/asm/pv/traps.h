/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV guest exceptions: queuing a bounce to the guest's virtual IDT, and the
 * emulation hooks the hypervisor's #GP/#UD/#PF handlers call first.
 */
#ifndef ASM_PV_TRAPS_H
#define ASM_PV_TRAPS_H

#include <xen/types.h>
#include <xen/lib.h>
#include <public/xen.h>

struct vcpu;
struct cpu_user_regs;

#define X86_EVENT_NO_EC (~0U)   /* error_code argument: vector has none */

/*
 * Queue exception `vector` for the current vCPU; it is delivered (bounce
 * frame written, RIP = handler) on the way back to the guest. error_code is
 * X86_EVENT_NO_EC for vectors that push none. #PF also needs cr2.
 */
void pv_inject_hw_exception(unsigned int vector, unsigned int error_code);
void pv_inject_page_fault(unsigned int error_code, unsigned long cr2);
/* Software interrupt `int n` already permitted: bounce, no error code. */
void pv_inject_sw_interrupt(unsigned int vector);

/*
 * Emulation hooks, called for faults taken in guest context. Each returns
 * true when it handled the fault (registers updated, or an exception
 * injected instead); false lets the caller bounce the original fault.
 *
 * pv_emulate_privileged_op: #GP(0): CR/DR moves, RDMSR/WRMSR, I/O under
 *   virtual IOPL, CLI/STI, WBINVD, RDTSC(P) with TSD, INVLPG, LMSW/CLTS,
 *   HLT, XSETBV... (pv-abi-ladder 2.7).
 * pv_emulate_forced_invalid_op: #UD at `ud2;"xen"`: CPUID emulated, any
 *   other instruction behind the prefix -> guest #UD at the ud2.
 * pv_ptwr_fault: #PF on a write to a read-only mapping of one of the
 *   guest's L1 tables with VMASST writable_pagetables (ladder 2.2.4).
 * pv_mmio_ro_fault: #PF on a kernel write to read-only I/O memory (MSI-X
 *   tables, ECAM; arch/x86/mmio_ro.c), the store done or dropped there.
 */
bool pv_emulate_privileged_op(struct cpu_user_regs *regs);
bool pv_emulate_forced_invalid_op(struct cpu_user_regs *regs);
bool pv_ptwr_fault(struct cpu_user_regs *regs, unsigned long addr,
                   unsigned int error_code);
bool pv_mmio_ro_fault(struct cpu_user_regs *regs, unsigned long addr,
                      unsigned int error_code);

/* The CPUID the guest sees (policy), shared by native and forced CPUID. */
struct cpuid_leaf { uint32_t a, b, c, d; };
void guest_cpuid(const struct vcpu *v, uint32_t leaf, uint32_t subleaf,
                 struct cpuid_leaf *res);

/*
 * Guest RDMSR/WRMSR: 0, or -1 when the guest must get #GP(0). The FS/GS
 * bases take effect at once (v is current).
 */
int guest_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val);
int guest_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val);

/*
 * Debug registers: set_debugreg rules (pv-abi-ladder 2.6), shared with
 * emulated `mov %drN`. 0 or -EPERM/-EINVAL/-ENODEV.
 */
long set_debugreg(struct vcpu *v, unsigned int reg, unsigned long value);
long get_debugreg(struct vcpu *v, unsigned int reg, unsigned long *value);
/*
 * Load v's debug registers into hardware (context switch to v): DR7 minus
 * the emulated I/O breakpoints; DR0-3/DR6 only while DR7 enables any.
 */
void pv_load_debugregs(const struct vcpu *v);
/* DR6 B0-B3 bits of v's enabled I/O breakpoints hit by [port, port+len). */
unsigned int pv_io_breakpoint_match(const struct vcpu *v, unsigned int port,
                                    unsigned int len);

/* Guest's CR0 as it reads it: hardware CR0 with its virtual TS. */
unsigned long pv_guest_cr0(const struct vcpu *v);
/* Real CR4 while v runs (hypervisor bits | guest-chosen TSD/DE/...). */
unsigned long pv_make_cr4(const struct vcpu *v);

/* Switch the vCPU between guest kernel and guest user mode (CR3, GS). */
void pv_toggle_guest_mode(struct vcpu *v);
/* Load v's kernel or user page tables into CR3 according to its mode. */
void pv_update_cr3(struct vcpu *v);

/*
 * New kernel (MMUEXT_NEW_BASEPTR, `mov %cr3`) or user
 * (MMUEXT_NEW_USER_BASEPTR; mfn 0 = none) L4 of v: takes an L4 type
 * reference (validating the table if needed), drops the old one, reloads
 * CR3 if v is current. 0, or the error of getting the L4 type (-EINVAL).
 * pv/mm.c.
 */
int pv_new_guest_cr3(struct vcpu *v, mfn_t mfn);
int pv_new_user_cr3(struct vcpu *v, mfn_t mfn);
/*
 * The same for MMUEXT_NEW_(USER_)BASEPTR, preemptible: -ERESTART if the
 * validation of the new L4 was preempted (nothing changed; the same call
 * continues it). A preempted put of the old L4 is left in
 * v->arch.pv.pending_put.
 */
int pv_new_baseptr_preemptible(struct vcpu *v, mfn_t mfn, bool user);
/*
 * Continue v's pending preempted put (see struct pv_vcpu), preemptible:
 * 0 when none is left, -ERESTART. pv_drop_pending_put() completes it
 * without preemption (domain teardown).
 */
int pv_finish_pending_put(struct vcpu *v);
void pv_drop_pending_put(struct vcpu *v);

/*
 * Write a bounce frame for the queued trap/event and point the registers
 * at the handler (called on every exit to the guest). Crashes the domain
 * if the frame cannot be written.
 */
void pv_deliver_pending(struct cpu_user_regs *regs);

/* Entry points from entry.S and the trap code. */
void pv_do_trap(struct cpu_user_regs *regs);
void pv_do_syscall(struct cpu_user_regs *regs, bool compat);
void pv_exit_to_guest(struct cpu_user_regs *regs);
void pv_iret_fault(struct cpu_user_regs *regs);
bool pv_int_permitted(const struct vcpu *v, unsigned int vector);

/* Descriptor tables (pv/descriptor_tables.c). */
void pv_load_gdt(struct vcpu *v);
void pv_destroy_gdt(struct vcpu *v);
long pv_set_gdt(struct vcpu *v, const unsigned long *frames, unsigned int entries);
int pv_check_descriptor_page(const void *va);

/* LDTs, mapped lazily on the first fault (pv/ldt.c). */
int pv_set_ldt(struct vcpu *v, unsigned long base, unsigned int ents);
void pv_load_ldt(struct vcpu *v);
void pv_unmap_ldt(struct vcpu *v);
void pv_destroy_ldt(struct vcpu *v);
bool pv_ldt_fault(struct cpu_user_regs *regs, unsigned long cr2);

/* vCPU switching (arch/x86/domain.c) and the dom0 builder. */
void context_switch(struct vcpu *prev, struct vcpu *next);
noreturn void startup_guests(struct vcpu *first);
/* Continue at the exit path with this CPU's guest frame (new stack). */
noreturn void reset_stack_and_return_to_guest(void);
struct domain;
struct boot_module;
/* The 128 hypercall stubs of a HYPERCALL_PAGE (pv-abi-ladder 1.7). */
void write_hypercall_page(void *page);
int dom0_construct_pv(struct domain *d, const struct boot_module *kernel,
                      const struct boot_module *initrd);

#endif /* ASM_PV_TRAPS_H */
