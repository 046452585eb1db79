/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Runtime API of the guest test kernels (tests/guest/): console output,
 * verdicts, traps with fixups, user-mode execution, CPUID/MSR helpers.
 * A test defines `test_title` and `test_main()`; see tests/guest/README.md.
 */
#ifndef XT_H
#define XT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/xen.h>
#include <public/errno.h>
#include <public/features.h>
#include <public/sched.h>
#include <public/version.h>
#include <public/callback.h>

#include "hypercall.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PAGE_SIZE 4096UL

/* Supplied by each test. */
extern const char test_title[];
void test_main(void);

/*
 * The runtime's set-up (virtual IDT, callbacks, shared_info, VA 0 unmapped,
 * user page tables), done for a test kernel before test_main(); a kernel
 * with its own xt_runtime_start (xlkernel) calls it first.
 */
void xt_runtime_init(start_info_t *si);
/*
 * Called for each event upcall (events masked) when set; unset, the
 * runtime only clears evtchn_upcall_pending (test kernels keep events
 * masked).
 */
extern void (*xt_event_hook)(void);

/* Set up by the runtime before test_main() runs. */
extern start_info_t *xt_start_info;
extern shared_info_t *xt_shared_info;   /* mapped at a page of our .bss */
/* System time in ns since hypervisor boot (vCPU 0's pvclock; lib/time.c). */
uint64_t xt_now_ns(void);

/* ---- console --------------------------------------------------------- */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Give a domU's console back end time to read what was written. */
void xt_console_flush(void);

/* ---- verdicts ----------------------------------------------------------
 * Each call prints its message and raises the verdict; the most severe one
 * wins: SUCCESS < SKIP < ERROR < FAILURE. FAILURE = the hypervisor behaved
 * wrongly; ERROR = the test itself could not do its job; SKIP = the
 * behaviour is absent/unsupported here. xt_check() fails when !cond.
 */
void xt_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xt_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xt_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define xt_check(cond, ...) do { if ( !(cond) ) xt_fail(__VA_ARGS__); } while (0)

/* Print the verdict line and power off (does not return). */
void __attribute__((noreturn)) xt_exit(void);
/* Internal error: print, report ERROR, crash the domain (does not return). */
void __attribute__((noreturn, format(printf, 1, 2))) panic(const char *fmt, ...);

/* ---- traps --------------------------------------------------------------
 * Every exception vector (except NMI, #DF, #MC) and vectors 0x20-0xff have a
 * runtime entry stub. An exception whose RIP has an exception-table entry
 * is recorded in xt_last_trap and execution resumes at the fixup address.
 * #BP, #OF and software interrupts (vector >= 32) are always recorded and
 * resumed after the instruction. Anything else panics.
 */
struct xt_trap {
    unsigned int vector;
    unsigned int count;          /* traps recorded since xt_trap_reset() */
    uint64_t error_code;         /* 0 for vectors without one */
    uint64_t cr2;                /* vcpu_info.arch.cr2 at delivery (#PF) */
    uint64_t rip;                /* RIP in the delivered frame */
    uint64_t cs;                 /* CS in the frame (RPL 3 = guest user) */
};
extern volatile struct xt_trap xt_last_trap;
void xt_trap_reset(void);
/* Exactly one trap since xt_trap_reset(), with these vector/error/rip/mode. */
void xt_expect_trap(const char *what, unsigned int vec, uint64_t ec,
                    uint64_t rip, bool user);
/* `int $n` at a known address (stored in at), with a fixup for the #GP case. */
#define XT_INT_AT(n, at)                                        \
    asm volatile ("lea 1f(%%rip), %0\n\t"                       \
                  "1: int $" #n "\n\t"                          \
                  "2:\n\t" XT_EXTABLE(1b, 2b)                   \
                  : "=r" (at) :: "memory")

#define X86_EXC_DE  0
#define X86_EXC_DB  1
#define X86_EXC_BP  3
#define X86_EXC_OF  4
#define X86_EXC_BR  5
#define X86_EXC_UD  6
#define X86_EXC_NM  7
#define X86_EXC_TS 10
#define X86_EXC_NP 11
#define X86_EXC_SS 12
#define X86_EXC_GP 13
#define X86_EXC_PF 14
#define X86_EXC_MF 16
#define X86_EXC_AC 17
#define X86_EXC_XM 19

/* Pseudo-vectors recorded for callbacks (not x86 vectors). */
#define XT_VEC_EVENT   256   /* event upcall */
#define XT_VEC_SYSCALL 257   /* `syscall` from guest user mode */

#define X86_PFEC_PRESENT (1U << 0)
#define X86_PFEC_WRITE   (1U << 1)
#define X86_PFEC_USER    (1U << 2)

/* Exception-table entry: a fault at `fault` resumes at `fixup`. */
#define XT_EXTABLE(fault, fixup)            \
    ".pushsection .xt_extable, \"a\"\n\t"   \
    ".balign 8\n\t"                         \
    ".quad " #fault ", " #fixup "\n\t"      \
    ".popsection\n\t"

/*
 * Install the runtime stub for `vector` in the virtual IDT with the given
 * DPL (who may reach it with INT n). Returns the set_trap_table result.
 */
long xt_set_trap(unsigned int vector, unsigned int dpl);

/* (Re)register the runtime's event/failsafe/syscall callbacks and its
 * user->kernel stack (stack_switch). Panics on failure. */
void xt_install_callbacks(void);
/* The runtime's virtual IDT, then xt_install_callbacks() (done by
 * xt_runtime_init; again by a kernel resumed in a new domain). */
void xt_traps_init(void);

/*
 * Run fn() in guest user mode (same page tables as the kernel, CS 0xe033 on
 * a separate user stack, events masked) and return its result. fn comes
 * back through an int3 at a fixed trampoline address (the #BP gate is DPL 3
 * in the hypervisor's own IDT, so this avoids the #GP path of `int $n`).
 */
unsigned long xt_exec_user(unsigned long (*fn)(void));

/* Runtime hypercall transport: false = hypercall page, true = raw syscall.
 * Also selects how exception handlers return (iret stub vs raw syscall). */
extern bool xt_raw_hypercalls;

/* Entry stubs: vector n's runtime stub is at xt_entry_base + n * 16. */
extern const uint8_t xt_entry_base[];
#define xt_entry_stub(vec) ((uint64_t)xt_entry_base + (uint64_t)(vec) * 16)

/* ---- CPU helpers --------------------------------------------------------- */
struct cpuid_regs { uint32_t a, b, c, d; };

static inline void cpuid_native(uint32_t leaf, uint32_t sub, struct cpuid_regs *r)
{
    asm volatile ("cpuid"
                  : "=a" (r->a), "=b" (r->b), "=c" (r->c), "=d" (r->d)
                  : "a" (leaf), "c" (sub));
}

/* Forced emulation prefix: the hypervisor emulates the next instruction. */
#define XT_FEP "ud2; .ascii \"xen\";"

static inline void cpuid_forced(uint32_t leaf, uint32_t sub, struct cpuid_regs *r)
{
    asm volatile (XT_FEP "cpuid"
                  : "=a" (r->a), "=b" (r->b), "=c" (r->c), "=d" (r->d)
                  : "a" (leaf), "c" (sub));
}

/*
 * rdmsr/wrmsr through the hypervisor's privileged-op emulation. Return -1
 * on success, else the vector of the exception raised (error code in
 * xt_last_trap).
 */
int rdmsr_safe(uint32_t msr, uint64_t *val);
int wrmsr_safe(uint32_t msr, uint64_t val);

/* ---- freestanding string helpers ------------------------------------- */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
const char *strstr(const char *hay, const char *needle);

/* ---- more vCPUs (lib/smp.c) ---------------------------------------------
 * xt_vcpu_start(id, fn) gives vCPU id a kernel-mode context on our page
 * tables, callbacks and a stack of its own, brings it up (VCPUOP_initialise
 * + VCPUOP_up) and has it run fn(id); when fn returns, the vCPU takes
 * itself down. Returns the hypercall's result (0 on success).
 * xt_nr_vcpus() counts the vCPUs the domain has (VCPUOP_is_up probing).
 * xt_vcpu_context(c, entry, stack_top) fills c as xt_vcpu_start does
 * (kernel mode at entry, our L4 and callbacks), for tests that initialise
 * a vCPU themselves.
 */
/* Free pages of the machine (XEN_SYSCTL_physinfo; control domain only). */
uint64_t xt_free_pages(void);
/* True on Xenolite, false on the reference (XENVER_changeset). */
bool xt_on_xenolite(void);

#define XT_MAX_VCPUS 8
long xt_vcpu_start(unsigned int id, void (*fn)(unsigned int id));
unsigned int xt_nr_vcpus(void);
struct vcpu_guest_context;
void xt_vcpu_context(struct vcpu_guest_context *c, const void *entry,
                     void *stack_top);

#endif /* XT_H */
