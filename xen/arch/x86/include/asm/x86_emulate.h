/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small x86-64 instruction decoder and emulator for the PV paths that need
 * one: writable page-table emulation (memory-destination MOV/XCHG/CMPXCHG/ALU
 * and bit-test ops) and privileged-instruction classification after a #GP/#UD.
 * Pure logic: all guest access goes through caller callbacks; no global state.
 * See docs/x86-emulate.md for the supported instruction list.
 */
#ifndef ASM_X86_EMULATE_H
#define ASM_X86_EMULATE_H

#include <xen/types.h>

/* Results of every entry point and of every callback. */
#define X86EMUL_OKAY          0 /* done; registers updated (RIP advanced)    */
#define X86EMUL_UNHANDLEABLE  1 /* not supported/invalid: caller injects #GP or
                                   #UD (or re-injects the original #PF)      */
#define X86EMUL_EXCEPTION     2 /* ctxt->event holds the fault to inject     */
#define X86EMUL_RETRY         3 /* transient failure (e.g. cmpxchg lost a race):
                                   nothing committed, re-execute the insn    */

/* Architectural limit (SDM Vol. 2 2.3.11): longer encodings raise #GP. */
#define X86_MAX_INSN_LEN 15

/* RFLAGS bits. */
#include <asm/x86-defns.h>
#define X86_EFLAGS_ARITH (X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | \
                          X86_EFLAGS_ZF | X86_EFLAGS_SF | X86_EFLAGS_OF)

/* Exception vectors the emulator itself can raise. */
#define X86_EXC_DB   1
#define X86_EXC_UD   6
#define X86_EXC_SS  12
#define X86_EXC_GP  13
#define X86_EXC_PF  14

/* General-purpose registers, in hardware encoding order (ModRM/SIB/REX). */
enum x86_gpr {
    X86_GPR_RAX, X86_GPR_RCX, X86_GPR_RDX, X86_GPR_RBX,
    X86_GPR_RSP, X86_GPR_RBP, X86_GPR_RSI, X86_GPR_RDI,
    X86_GPR_R8,  X86_GPR_R9,  X86_GPR_R10, X86_GPR_R11,
    X86_GPR_R12, X86_GPR_R13, X86_GPR_R14, X86_GPR_R15,
    X86_NR_GPRS
};

/*
 * The register file the emulator reads and updates. gpr[] is indexed by
 * enum x86_gpr; a caller holding Xen's struct cpu_user_regs copies
 * rax,rcx,rdx,rbx,rsp,rbp,rsi,rdi,r8..r15 into gpr[0..15], rip and rflags
 * (eflags) alongside, and copies them back after X86EMUL_OKAY.
 */
struct emul_regs {
    uint64_t gpr[X86_NR_GPRS];
    uint64_t rip;
    uint64_t rflags;
};

/* Segment named by an override prefix (64-bit mode: only FS/GS have a base). */
enum x86_seg {
    X86_SEG_NONE, X86_SEG_ES, X86_SEG_CS, X86_SEG_SS, X86_SEG_DS,
    X86_SEG_FS, X86_SEG_GS
};

/* A fault for the caller to inject (valid when pending). */
struct x86_emul_event {
    bool pending;
    uint8_t vector;
    bool has_error_code;
    uint32_t error_code;
    uint64_t cr2;               /* #PF only */
};

/*
 * One decoded instruction. Filled by x86_decode_insn(); the other entry points
 * leave their decode in ctxt->insn so callers can audit it.
 */
struct x86_insn {
    uint8_t len;                /* total bytes, prefixes included (<= 15)   */
    uint8_t map;                /* 0 one-byte, 1 0F, 2 0F38, 3 0F3A         */
    uint8_t opcode;             /* last opcode byte                         */
    uint8_t rex;                /* REX byte (0x40-0x4f) in effect, or 0     */
    uint8_t op_bytes;           /* 2/4/8 from 66/REX.W (byte ops: see emu)  */
    uint8_t addr_bytes;         /* 8, or 4 with the 0x67 prefix             */
    uint8_t seg;                /* enum x86_seg override, last FS/GS wins   */
    bool lock, rep, repne, opsize;
    bool vex;                   /* VEX-encoded (length decode only)         */
    bool forced;                /* preceded by ud2;"xen" (priv decode only) */
    bool has_modrm;
    uint8_t mod, reg, rm;       /* ModRM fields; reg/rm include REX.R/REX.B */
    bool mem;                   /* ModRM names memory (mod != 3)            */
    bool rip_rel;
    bool stack_base;            /* base register is RSP/RBP (default SS)    */
    uint8_t imm_bytes;          /* size of imm (first immediate)            */
    int64_t disp;               /* sign-extended displacement / moffs       */
    uint64_t imm;               /* zero-extended raw immediate              */
    uint64_t ea;                /* offset (before segment base), if mem     */
    uint64_t linear;            /* ea + FS/GS base, if mem                  */
};

/* Result of a memory-operand emulation, for the caller's audit/trace. */
struct x86_emul_memop {
    uint64_t addr;              /* linear address accessed                  */
    unsigned int size;          /* 1, 2, 4 or 8                             */
    uint64_t old_val;           /* value read (0 if the op does not read)   */
    uint64_t new_val;           /* value written                            */
    bool read, written;
};

struct x86_emulate_ctxt;

/* write() flags. */
#define X86EMUL_WR_CMPXCHG 0x1u /* store only if memory still holds old_val;
                                   otherwise return X86EMUL_RETRY          */
#define X86EMUL_WR_LOCKED  0x2u /* LOCK prefix or implicit lock (XCHG): the
                                   caller must make the update atomic      */

/*
 * Callbacks. Each returns X86EMUL_OKAY, or X86EMUL_EXCEPTION after filling
 * ctxt->event (x86_emul_set_pagefault() helps), or X86EMUL_RETRY /
 * X86EMUL_UNHANDLEABLE, which the emulator passes through with nothing
 * committed. An EXCEPTION with no pending event becomes UNHANDLEABLE.
 *
 * fetch: copy len (1..8) instruction bytes from linear address addr. The
 *        emulator never asks for bytes at or beyond start + 15, where start
 *        is the instruction's first byte (rip, or rip + 5 after the forced-
 *        emulation prefix), and probes that prefix one byte at a time.
 * read:  read a size-byte (1/2/4/8) little-endian value at linear addr.
 * write: store size bytes of new_val at addr; old_val is what read() returned
 *        (meaningful with X86EMUL_WR_CMPXCHG). Sub-8-byte stores are passed as
 *        such; merging into a wider PTE is the callee's job.
 * read/write may be NULL for x86_decode_priv().
 */
struct x86_emulate_ops {
    int (*fetch)(uint64_t addr, void *buf, unsigned int len,
                 struct x86_emulate_ctxt *ctxt);
    int (*read)(uint64_t addr, uint64_t *val, unsigned int size,
                struct x86_emulate_ctxt *ctxt);
    int (*write)(uint64_t addr, uint64_t old_val, uint64_t new_val,
                 unsigned int size, unsigned int flags,
                 struct x86_emulate_ctxt *ctxt);
};

struct x86_emulate_ctxt {
    /* IN */
    const struct x86_emulate_ops *ops;
    struct emul_regs *regs;     /* IN/OUT; changed only on X86EMUL_OKAY     */
    uint64_t fs_base, gs_base;  /* current FS/GS bases                      */
    void *priv;                 /* caller data for the callbacks            */
    /* OUT */
    struct x86_insn insn;
    struct x86_emul_memop memop;
    struct x86_emul_event event;
};

/*
 * Decode the instruction at regs->rip (any x86-64 legacy/0F/0F38/0F3A/VEX
 * encoding, length-wise) into ctxt->insn, computing the effective address
 * (not checked: LEA/NOP/INVLPG never access it). Returns OKAY, EXCEPTION
 * (fetch fault) or UNHANDLEABLE (invalid in 64-bit mode, longer than 15
 * bytes, EVEX/XOP).
 */
int x86_decode_insn(struct x86_emulate_ctxt *ctxt);

/*
 * Helpers shared by the emulator's decode/execute files (also usable by
 * callers): decode at an explicit address (regs->rip untouched, event not
 * cleared); turn an offset into a linear address with the instruction's
 * address size and a segment's base; and check a linear address is canonical,
 * setting #GP(0) (or #SS(0) for a stack-based reference) if not.
 */
int x86_decode_insn_at(struct x86_emulate_ctxt *ctxt, uint64_t start);
uint64_t x86_insn_linear(const struct x86_emulate_ctxt *ctxt, uint64_t ea,
                         unsigned int seg);
int x86_insn_check_linear(struct x86_emulate_ctxt *ctxt, uint64_t linear);

/*
 * Length of the instruction in buf[0..size) (size may exceed 15; only the
 * first 15 bytes are ever looked at). Returns 1..15, or -EINVAL for an
 * invalid/unsupported encoding, -EFAULT if buf ends mid-instruction.
 */
int x86_insn_length(const uint8_t *buf, size_t size);

/*
 * Writable page-table emulation: decode the faulting instruction at
 * regs->rip, which must write memory (see docs/x86-emulate.md), perform it
 * through ops->read/ops->write, then update arithmetic flags, register
 * results and RIP (RF cleared). ctxt->memop describes the access. The caller
 * checks that memop.addr/size match the fault (CR2, one PTE, alignment) in
 * its write() callback, and delivers #DB afterwards if RFLAGS.TF was set.
 * Read-modify-write forms always pass X86EMUL_WR_CMPXCHG; a write() that
 * finds memory changed returns X86EMUL_RETRY and nothing is committed.
 */
int x86_emulate_memop(struct x86_emulate_ctxt *ctxt);

/* Privileged / trapping instruction classification. */
enum x86_priv_kind {
    X86_PRIV_NONE,
    X86_PRIV_MOV_FROM_CR,       /* gpr[reg] = CR[num]                     */
    X86_PRIV_MOV_TO_CR,         /* CR[num] = gpr[reg]                     */
    X86_PRIV_MOV_FROM_DR,       /* gpr[reg] = DR[num]                     */
    X86_PRIV_MOV_TO_DR,         /* DR[num] = gpr[reg]                     */
    X86_PRIV_RDMSR, X86_PRIV_WRMSR,
    X86_PRIV_RDTSC, X86_PRIV_RDTSCP, X86_PRIV_RDPMC,
    X86_PRIV_CPUID,
    X86_PRIV_IN, X86_PRIV_OUT,  /* port (or DX), size; AL/AX/EAX        */
    X86_PRIV_INS, X86_PRIV_OUTS,/* string forms, see x86_priv_string_*  */
    X86_PRIV_CLI, X86_PRIV_STI, X86_PRIV_HLT,
    X86_PRIV_WBINVD, X86_PRIV_INVD,
    X86_PRIV_XSETBV, X86_PRIV_XGETBV,
    X86_PRIV_LMSW,              /* source: gpr[reg] or 2 bytes at linear */
    X86_PRIV_CLTS,
    X86_PRIV_INVLPG,            /* target: linear                        */
    X86_PRIV_INT,               /* CD ib: vector                         */
    X86_PRIV_INT3,              /* CC: vector 3                          */
    X86_PRIV_INT1,              /* F1 (icebp): vector 1                  */
    X86_PRIV_INTO,              /* CE: #UD in 64-bit mode                */
};

struct x86_priv_insn {
    enum x86_priv_kind kind;
    uint8_t len;                /* bytes to add to RIP, FEP included      */
    bool forced;                /* ud2;"xen" prefix was present           */
    uint8_t num;                /* CR/DR number (REX.R applied)           */
    uint8_t reg;                /* GPR operand (enum x86_gpr)             */
    bool has_mem;               /* LMSW/INVLPG memory operand             */
    uint64_t linear;            /*   ... its linear address               */
    bool port_in_dx;            /* IN/OUT/INS/OUTS: port is DX            */
    uint16_t port;              /* imm8 port when !port_in_dx             */
    uint8_t size;               /* I/O size 1/2/4; 8 for CR/DR moves      */
    bool rep;                   /* string I/O with F3/F2                  */
    uint8_t addr_bytes;         /* string I/O address size (8 or 4)       */
    uint8_t seg;                /* OUTS source segment override           */
    uint8_t vector;             /* INT/INT3/INT1/INTO                     */
};

/*
 * Decode the instruction at regs->rip (optionally behind the 5-byte
 * forced-emulation prefix 0F 0B 78 65 6E) and describe it in *pi. Nothing is
 * executed and regs are not changed: the caller performs the action and
 * then adds pi->len to RIP (x86_priv_complete()). A FEP followed by anything
 * but CPUID must be reflected as #UD by the caller (XTF's FEP probe); a plain
 * 0F 0B yields UNHANDLEABLE. Returns OKAY, EXCEPTION or UNHANDLEABLE.
 */
int x86_decode_priv(struct x86_emulate_ctxt *ctxt, struct x86_priv_insn *pi);

/* Advance RIP past a performed privileged instruction. */
void x86_priv_complete(struct emul_regs *regs, const struct x86_priv_insn *pi);

/*
 * String I/O, one element at a time: x86_priv_string_addr() gives the linear
 * address of the current element (OUTS: seg:RSI, INS: RDI), the caller moves
 * pi->size bytes, then x86_priv_string_advance() steps RSI/RDI (by DF) and,
 * for rep, RCX. It returns true while more elements remain (rep && RCX != 0);
 * when it returns false the caller completes the instruction. A rep with
 * RCX == 0 on entry performs nothing: check x86_priv_string_empty() first.
 */
uint64_t x86_priv_string_addr(const struct x86_emulate_ctxt *ctxt,
                              const struct x86_priv_insn *pi);
bool x86_priv_string_advance(struct emul_regs *regs,
                             const struct x86_priv_insn *pi);
bool x86_priv_string_empty(const struct emul_regs *regs,
                           const struct x86_priv_insn *pi);

/*
 * GPR access with x86 width rules: reading size bytes truncates; writing 4
 * bytes zero-extends to 64, writing 1 or 2 bytes preserves the rest. For
 * size 1, byte_regs_legacy selects AH/CH/DH/BH for regs 4-7 (no REX prefix).
 */
uint64_t x86_gpr_read(const struct emul_regs *regs, unsigned int reg,
                      unsigned int size, bool byte_regs_legacy);
void x86_gpr_write(struct emul_regs *regs, unsigned int reg,
                   unsigned int size, bool byte_regs_legacy, uint64_t val);

/* Fill ctxt->event; helpers for callbacks. */
void x86_emul_set_event(struct x86_emulate_ctxt *ctxt, uint8_t vector,
                        bool has_error_code, uint32_t error_code);
void x86_emul_set_pagefault(struct x86_emulate_ctxt *ctxt,
                            uint32_t error_code, uint64_t cr2);

#endif /* ASM_X86_EMULATE_H */
