/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the x86 decoder/emulator (xen/arch/x86/x86_emulate*.c).
 * Instruction bytes come from the host assembler (so encodings are not typed
 * by hand), arithmetic flags and bit-test semantics are checked against the
 * host CPU executing the same operation, and a fixed-seed fuzz run checks that
 * random bytes never crash the decoder or make it fetch past 15 bytes.
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <asm/x86_emulate.h>
#include "harness.h"

/* ------------------------------------------------------------------------ */
/* Fake guest: code at any RIP, 256 bytes of data memory at MEM.            */

#define MEM      0x10000ULL
#define MEM_SIZE 256
#define CODE     0x400000ULL

struct fake {
    uint64_t code_base;
    const uint8_t *code;
    size_t code_len;
    unsigned int fault_at;      /* fetches of bytes >= this offset fault */
    unsigned int max_end;       /* highest fetched offset + 1 */
    uint8_t mem[MEM_SIZE];
    bool any_addr;              /* fuzz: reads/writes anywhere succeed */
    bool race;                  /* change memory between read and write */
    int write_rc;               /* forced write() result */
    unsigned int nr_reads, nr_writes, wflags;
};

static int f_fetch(uint64_t addr, void *buf, unsigned int len,
                   struct x86_emulate_ctxt *ctxt)
{
    struct fake *f = ctxt->priv;
    uint64_t off = addr - f->code_base;
    unsigned int i;

    for ( i = 0; i < len; i++ )
    {
        if ( off + i >= f->code_len || off + i >= f->fault_at )
        {
            x86_emul_set_pagefault(ctxt, 0x15, addr + i);
            return X86EMUL_EXCEPTION;
        }
        ((uint8_t *)buf)[i] = f->code[off + i];
        if ( off + i + 1 > f->max_end )
            f->max_end = off + i + 1;
    }
    return X86EMUL_OKAY;
}

static bool in_mem(uint64_t addr, unsigned int size)
{
    return addr >= MEM && addr + size <= MEM + MEM_SIZE;
}

static int f_read(uint64_t addr, uint64_t *val, unsigned int size,
                  struct x86_emulate_ctxt *ctxt)
{
    struct fake *f = ctxt->priv;
    unsigned int i;

    f->nr_reads++;
    if ( f->any_addr )
    {
        *val = addr * 0x9e3779b97f4a7c15ULL;
        return X86EMUL_OKAY;
    }
    if ( !in_mem(addr, size) )
    {
        x86_emul_set_pagefault(ctxt, 0x5, addr);
        return X86EMUL_EXCEPTION;
    }
    *val = 0;
    for ( i = 0; i < size; i++ )
        *val |= (uint64_t)f->mem[addr - MEM + i] << (8 * i);
    if ( f->race )
        f->mem[addr - MEM] ^= 1;    /* another vCPU got there first */
    return X86EMUL_OKAY;
}

static int f_write(uint64_t addr, uint64_t old, uint64_t new,
                   unsigned int size, unsigned int flags,
                   struct x86_emulate_ctxt *ctxt)
{
    struct fake *f = ctxt->priv;
    uint64_t cur = 0;
    unsigned int i;

    f->nr_writes++;
    f->wflags = flags;
    if ( f->write_rc )
        return f->write_rc;
    if ( f->any_addr )
        return X86EMUL_OKAY;
    if ( !in_mem(addr, size) )
    {
        x86_emul_set_pagefault(ctxt, 0x7, addr);
        return X86EMUL_EXCEPTION;
    }
    for ( i = 0; i < size; i++ )
        cur |= (uint64_t)f->mem[addr - MEM + i] << (8 * i);
    if ( (flags & X86EMUL_WR_CMPXCHG) && cur != old )
        return X86EMUL_RETRY;
    for ( i = 0; i < size; i++ )
        f->mem[addr - MEM + i] = new >> (8 * i);
    return X86EMUL_OKAY;
}

static const struct x86_emulate_ops fake_ops = {
    .fetch = f_fetch, .read = f_read, .write = f_write,
};

static uint64_t mem64(const struct fake *f, unsigned int off)
{
    uint64_t v = 0;

    for ( unsigned int i = 0; i < 8 && off + i < MEM_SIZE; i++ )
        v |= (uint64_t)f->mem[off + i] << (8 * i);
    return v;
}

static void set_mem64(struct fake *f, unsigned int off, uint64_t v)
{
    for ( unsigned int i = 0; i < 8 && off + i < MEM_SIZE; i++ )
        f->mem[off + i] = v >> (8 * i);
}

static void base_regs(struct emul_regs *r)
{
    static const uint64_t g[16] = {
        0x1122334455667788ULL, 2, 0x8877665544332211ULL, MEM,
        MEM + 0x80, MEM + 0x20, 0x10, MEM + 0x40,
        0xdeadbeefcafebabeULL, 0xfedcba9876543210ULL,
        0xffffffff00000000ULL | (MEM + 0x18), 199,
        MEM + 0x10, 3, (uint64_t)-9, 0xa5a5a5a5a5a5a5a5ULL,
    };

    memcpy(r->gpr, g, sizeof(g));
    r->rip = CODE;
    r->rflags = 0x202;
}

static void setup(struct fake *f, struct x86_emulate_ctxt *c,
                  struct emul_regs *r, const uint8_t *code, size_t len)
{
    memset(f, 0, sizeof(*f));
    memset(c, 0, sizeof(*c));
    for ( unsigned int i = 0; i < MEM_SIZE; i++ )
        f->mem[i] = 0xf0 ^ i;
    f->code = code;
    f->code_len = len;
    f->code_base = r->rip;
    f->fault_at = ~0u;
    c->ops = &fake_ops;
    c->regs = r;
    c->priv = f;
    c->fs_base = MEM;
    c->gs_base = 0x20;
}

/* ------------------------------------------------------------------------ */
/* Instruction bytes from the host assembler: NAME[] .. NAME_end[].         */

#define INSN(name, text)                                                 \
    extern const uint8_t name[] __attribute__((visibility("hidden")));   \
    extern const uint8_t name##_end[] __attribute__((visibility("hidden"))); \
    asm(".pushsection .rodata.x86emu,\"a\"\n"                             \
        ".globl " #name "\n.globl " #name "_end\n"                       \
        ".hidden " #name "\n.hidden " #name "_end\n"                     \
        #name ":\n\t" text "\n" #name "_end:\n.popsection\n")

#define BYTES(n) n, n##_end

/* ------------------------------------------------------------------------ */
/* Memory-destination forms: known answers.                                 */

INSN(m_mov64, "movq %rax, (%rbx)");
INSN(m_mov32, "movl %eax, 4(%rbx)");
INSN(m_mov16, "movw %ax, 6(%rbx)");
INSN(m_mov8, "movb %al, 1(%rbx)");
INSN(m_mov8ah, "movb %ah, 2(%rbx)");
INSN(m_mov8sil, "movb %sil, 3(%rbx)");
INSN(m_movsib, "movq %r8, 8(%rbx,%rcx,8)");
INSN(m_movsib2, "movq %r9, -8(%r12,%r13,4)");
INSN(m_movbp, "movq %rdx, 0x10(%rbp)");
INSN(m_movimm64, "movq $-2, 0x30(%rbx)");
INSN(m_movimm32, "movl $0x89abcdef, 0x30(%rbx)");
INSN(m_movimm16, "movw $0xbeef, 0x32(%rbx)");
INSN(m_movimm8, "movb $0x5a, 0x33(%rbx)");
INSN(m_movfs, "movq %rax, %fs:0x8");
INSN(m_movgs, "movq %rdx, %gs:0x10(%rbx)");
INSN(m_movrip, "movq %rax, -0x1000(%rip)");
INSN(m_movaddr32, "addr32 movl %eax, (%r10d)");
INSN(m_movmoffs64, "movabsq %rax, 0x10050");
INSN(m_movmoffs8, "movabsb %al, 0x10051");
INSN(m_movsegign,
      ".byte 0x64, 0x3e\n\tmovq %rax, 0x58");  /* fs ds: DS ignored */
INSN(m_movrexign,
      ".byte 0x48, 0x66, 0x89, 0x03");  /* REX then 66: REX dropped */
/* SIB base 101 with mod 0 means "no base" even with REX.B (SDM Table 2-5). */
INSN(m_movnobase_rexb, ".byte 0x41, 0x89, 0x04, 0x25\n\t.long 0x10060");
/* ModRM rm 101 with mod 0 is RIP-relative even with REX.B. */
INSN(m_movrip_rexb, ".byte 0x41, 0x89, 0x05\n\t.long -0x1000");
INSN(m_xchg64, "xchgq %rdx, 0x10(%rbx)");
INSN(m_xchg8dh, "xchgb %dh, 0x11(%rbx)");
INSN(m_xchg32, "xchgl %r9d, 0x14(%rbx)");
INSN(m_cx64ok, "lock cmpxchgq %r8, 0x18(%rbx)");
INSN(m_cx32ok, "lock cmpxchgl %r8d, 0x18(%rbx)");
INSN(m_cx8ok, "lock cmpxchgb %cl, 0x18(%rbx)");
INSN(m_cx16ok, "lock cmpxchgw %cx, 0x18(%rbx)");
INSN(m_cx8b, "lock cmpxchg8b (%rbx)");
INSN(m_or83, "lock orq $0x10, 0x20(%rbx)");
INSN(m_and83, "lock andq $-3, (%rbx,%rcx,8)");
INSN(m_and81, "lock andl $0xfffff7ff, 0x8(%rbx)");
INSN(m_and80, "lock andb $0xfe, 0x8(%rbx)");
INSN(m_and81w, "lock andw $0x7ff0, 0x8(%rbx)");
INSN(m_or09, "orq %rax, 0x8(%rbx)");
INSN(m_add01, "lock addq %rax, 0x8(%rbx)");
INSN(m_sub29, "subq %rax, 0x8(%rbx)");
INSN(m_sub29l, "subl %eax, 0x8(%rbx)");
INSN(m_xor31w, "lock xorw %ax, 0x8(%rbx)");
INSN(m_xor30, "xorb %dl, 0x8(%rbx)");
INSN(m_adc11, "adcq $0, 0x8(%rbx)");
INSN(m_sbb19, "lock sbbq %rcx, 0x8(%rbx)");
INSN(m_xadd, "lock xaddq %rcx, 0x8(%rbx)");
INSN(m_btsimm, "lock btsq $4, 0x8(%rbx)");
INSN(m_btrimm, "lock btrq $0, 0x8(%rbx)");
INSN(m_btcimm, "lock btcl $31, 0x8(%rbx)");
INSN(m_btrreg, "lock btrq %rcx, 0x8(%rbx)");
INSN(m_btsfar, "btsq %r11, (%rbx)");
INSN(m_btsneg, "lock btsq %r14, 0x40(%rbx)");
INSN(m_btcw, "lock btcw %cx, 0x8(%rbx)");
INSN(m_stosq, "stosq");
INSN(m_stosb, "stosb");

/* Case flags. */
#define C_SETMEM  0x01  /* store mem_val at off first */
#define C_NOWRITE 0x02  /* no write expected */
#define C_RIPREL  0x04  /* place the code so -0x1000(%rip) hits off */
#define C_DF      0x08  /* run with RFLAGS.DF set */
#define C_CF      0x10  /* run with RFLAGS.CF set */

struct mcase {
    const char *name;
    const uint8_t *code, *end;
    unsigned int flags, off, size;
    uint64_t mem_val, new_val;
    int reg;                    /* register to check, -1 none */
    uint64_t reg_val;
    uint32_t fl_set, fl_clr;    /* flags that must be set / clear after */
    unsigned int wflags;
};

#define V 0x0123456789abcdefULL
#define RAX 0x1122334455667788ULL
#define L  (X86EMUL_WR_CMPXCHG | X86EMUL_WR_LOCKED)
#define CX X86EMUL_WR_CMPXCHG

static const struct mcase mcases[] = {
    { "mov64", BYTES(m_mov64), 0, 0, 8, 0, RAX, -1, 0, 0, 0, 0 },
    { "mov32", BYTES(m_mov32), 0, 4, 4, 0, 0x55667788, -1, 0, 0, 0, 0 },
    { "mov16", BYTES(m_mov16), 0, 6, 2, 0, 0x7788, -1, 0, 0, 0, 0 },
    { "mov8", BYTES(m_mov8), 0, 1, 1, 0, 0x88, -1, 0, 0, 0, 0 },
    { "mov8ah", BYTES(m_mov8ah), 0, 2, 1, 0, 0x77, -1, 0, 0, 0, 0 },
    { "mov8sil", BYTES(m_mov8sil), 0, 3, 1, 0, 0x10, -1, 0, 0, 0, 0 },
    { "movsib", BYTES(m_movsib), 0, 24, 8, 0, 0xdeadbeefcafebabeULL, -1, 0, 0,
      0, 0 },
    { "movsib2", BYTES(m_movsib2), 0, 0x14, 8, 0, 0xfedcba9876543210ULL, -1,
      0, 0, 0, 0 },
    { "movbp", BYTES(m_movbp), 0, 0x30, 8, 0, 0x8877665544332211ULL, -1, 0, 0,
      0, 0 },
    { "movimm64", BYTES(m_movimm64), 0, 0x30, 8, 0, (uint64_t)-2, -1, 0, 0, 0,
      0 },
    { "movimm32", BYTES(m_movimm32), 0, 0x30, 4, 0, 0x89abcdef, -1, 0, 0, 0,
      0 },
    { "movimm16", BYTES(m_movimm16), 0, 0x32, 2, 0, 0xbeef, -1, 0, 0, 0, 0 },
    { "movimm8", BYTES(m_movimm8), 0, 0x33, 1, 0, 0x5a, -1, 0, 0, 0, 0 },
    { "movfs", BYTES(m_movfs), 0, 0x8, 8, 0, RAX, -1, 0, 0, 0, 0 },
    { "movgs", BYTES(m_movgs), 0, 0x30, 8, 0, 0x8877665544332211ULL, -1, 0, 0,
      0, 0 },
    { "movrip", BYTES(m_movrip), C_RIPREL, 0x40, 8, 0, RAX, -1, 0, 0, 0, 0 },
    { "movnobase_rexb", BYTES(m_movnobase_rexb), 0, 0x60, 4, 0, 0x55667788,
      -1, 0, 0, 0, 0 },
    { "movrip_rexb", BYTES(m_movrip_rexb), C_RIPREL, 0x48, 4, 0, 0x55667788,
      -1, 0, 0, 0, 0 },
    { "movaddr32", BYTES(m_movaddr32), 0, 0x18, 4, 0, 0x55667788, -1, 0, 0, 0,
      0 },
    { "movmoffs64", BYTES(m_movmoffs64), 0, 0x50, 8, 0, RAX, -1, 0, 0, 0, 0 },
    { "movmoffs8", BYTES(m_movmoffs8), 0, 0x51, 1, 0, 0x88, -1, 0, 0, 0, 0 },
    { "movsegign", BYTES(m_movsegign), 0, 0x58, 8, 0, RAX, -1, 0, 0, 0, 0 },
    { "movrexign", BYTES(m_movrexign), 0, 0, 2, 0, 0x7788, -1, 0, 0, 0, 0 },
    { "xchg64", BYTES(m_xchg64), C_SETMEM, 0x10, 8, V, 0x8877665544332211ULL,
      X86_GPR_RDX, V, 0, 0, L },
    { "xchg8dh", BYTES(m_xchg8dh), C_SETMEM, 0x11, 1, V, 0x22,
      X86_GPR_RDX, 0x887766554433ef11ULL, 0, 0, L },
    { "xchg32", BYTES(m_xchg32), C_SETMEM, 0x14, 4, V, 0x76543210,
      X86_GPR_R9, 0x89abcdef, 0, 0, L },
    { "cmpxchg64", BYTES(m_cx64ok), C_SETMEM, 0x18, 8, RAX,
      0xdeadbeefcafebabeULL,
      X86_GPR_RAX, RAX, X86_EFLAGS_ZF, 0, L },
    { "cmpxchg64fail", BYTES(m_cx64ok), C_SETMEM | C_NOWRITE, 0x18, 8, V, 0,
      X86_GPR_RAX, V, 0, X86_EFLAGS_ZF, 0 },
    { "cmpxchg32", BYTES(m_cx32ok), C_SETMEM, 0x18, 4, 0x55667788, 0xcafebabe,
      X86_GPR_RAX, RAX, X86_EFLAGS_ZF, 0, L },
    { "cmpxchg32fail", BYTES(m_cx32ok), C_SETMEM | C_NOWRITE, 0x18, 4, V, 0,
      X86_GPR_RAX, 0x89abcdef, 0, X86_EFLAGS_ZF, 0 },
    { "cmpxchg8", BYTES(m_cx8ok), C_SETMEM, 0x18, 1, 0x88, 0x02,
      X86_GPR_RAX, RAX, X86_EFLAGS_ZF, 0, L },
    { "cmpxchg8fail", BYTES(m_cx8ok), C_SETMEM | C_NOWRITE, 0x18, 1, V, 0,
      X86_GPR_RAX, 0x11223344556677efULL, 0, X86_EFLAGS_ZF, 0 },
    { "cmpxchg16", BYTES(m_cx16ok), C_SETMEM, 0x18, 2, 0x7788, 0x0002,
      X86_GPR_RAX, RAX, X86_EFLAGS_ZF, 0, L },
    { "cmpxchg8b", BYTES(m_cx8b), C_SETMEM, 0, 8, 0x4433221155667788ULL,
      0x0000000200000000ULL | MEM, X86_GPR_RAX, RAX, X86_EFLAGS_ZF, 0, L },
    { "cmpxchg8bfail", BYTES(m_cx8b), C_SETMEM | C_NOWRITE, 0, 8, V, 0,
      X86_GPR_RDX, 0x01234567, 0, X86_EFLAGS_ZF, 0 },
    { "or83", BYTES(m_or83), C_SETMEM, 0x20, 8, V, 0x0123456789abcdffULL,
      -1, 0, 0, X86_EFLAGS_CF | X86_EFLAGS_OF | X86_EFLAGS_ZF, L },
    { "and83", BYTES(m_and83), C_SETMEM, 0x10, 8, V, 0x0123456789abcdedULL,
      -1, 0, 0, X86_EFLAGS_CF | X86_EFLAGS_ZF, L },
    { "and81", BYTES(m_and81), C_SETMEM, 0x8, 4, V, 0x89abc5ef,
      -1, 0, X86_EFLAGS_SF, X86_EFLAGS_ZF, L },
    { "and80", BYTES(m_and80), C_SETMEM, 0x8, 1, V, 0xee, -1, 0,
      X86_EFLAGS_SF, 0, L },
    { "and81w", BYTES(m_and81w), C_SETMEM, 0x8, 2, V, 0x4de0, -1, 0,
      0, X86_EFLAGS_SF, L },
    { "or09", BYTES(m_or09), C_SETMEM, 0x8, 8, V, 0x11237767ddefffefULL,
      -1, 0, 0, 0, CX },
    { "add01", BYTES(m_add01), C_SETMEM, 0x8, 8, V, 0x124578abdf124577ULL,
      -1, 0, 0, X86_EFLAGS_CF, L },
    { "sub29", BYTES(m_sub29), C_SETMEM, 0x8, 8, V, 0xf001122334455667ULL,
      -1, 0, X86_EFLAGS_CF | X86_EFLAGS_SF, 0, CX },
    { "sub29l", BYTES(m_sub29l), C_SETMEM, 0x8, 4, V, 0x34455667,
      -1, 0, 0, X86_EFLAGS_CF | X86_EFLAGS_SF, CX },
    { "xor31w", BYTES(m_xor31w), C_SETMEM, 0x8, 2, V, 0xba67,
      -1, 0, X86_EFLAGS_SF, 0, L },
    { "xor30", BYTES(m_xor30), C_SETMEM, 0x8, 1, V, 0xfe, -1, 0, 0, 0, CX },
    { "adc11", BYTES(m_adc11), C_SETMEM | C_CF, 0x8, 8, V, V + 1,
      -1, 0, 0, X86_EFLAGS_CF, CX },
    { "sbb19", BYTES(m_sbb19), C_SETMEM | C_CF, 0x8, 8, V, V - 3,
      -1, 0, 0, X86_EFLAGS_CF, L },
    { "xadd", BYTES(m_xadd), C_SETMEM, 0x8, 8, V, V + 2, X86_GPR_RCX, V,
      0, 0, L },
    { "btsimm", BYTES(m_btsimm), C_SETMEM, 0x8, 8, V, V | 0x10, -1, 0,
      0, X86_EFLAGS_CF, L },
    { "btrimm", BYTES(m_btrimm), C_SETMEM, 0x8, 8, V, V & ~1ULL, -1, 0,
      X86_EFLAGS_CF, 0, L },
    { "btcimm", BYTES(m_btcimm), C_SETMEM, 0x8, 4, V, 0x09abcdef, -1, 0,
      X86_EFLAGS_CF, 0, L },
    { "btrreg", BYTES(m_btrreg), C_SETMEM, 0x8, 8, V, V & ~4ULL, -1, 0,
      X86_EFLAGS_CF, 0, L },
    /* rbx + (199 >> 6) * 8 = +24, bit 7 */
    { "btsfar", BYTES(m_btsfar), C_SETMEM, 24, 8, V, V, -1, 0,
      X86_EFLAGS_CF, 0, CX },
    /* 0x40 + (-9 >> 6) * 8 = 0x38, bit 55 */
    { "btsneg", BYTES(m_btsneg), C_SETMEM, 0x38, 8, V, V | (1ULL << 55), -1,
      0, 0, X86_EFLAGS_CF, L },
    { "btcw", BYTES(m_btcw), C_SETMEM, 0x8, 2, V, 0xcdeb, -1, 0,
      X86_EFLAGS_CF, 0, L },
    { "stosq", BYTES(m_stosq), 0, 0x40, 8, 0, RAX, X86_GPR_RDI, MEM + 0x48,
      0, 0, 0 },
    { "stosbdf", BYTES(m_stosb), C_DF, 0x40, 1, 0, 0x88, X86_GPR_RDI,
      MEM + 0x3f, 0, 0, 0 },
};

static void run_mcase(const struct mcase *m)
{
    struct fake f;
    struct x86_emulate_ctxt c;
    struct emul_regs r, before;
    size_t len = m->end - m->code;
    int rc;

    base_regs(&r);
    if ( m->flags & C_RIPREL )
        r.rip = MEM + m->off + 0x1000 - len;
    if ( m->flags & C_DF )
        r.rflags |= X86_EFLAGS_DF;
    if ( m->flags & C_CF )
        r.rflags |= X86_EFLAGS_CF;
    setup(&f, &c, &r, m->code, len);
    if ( m->flags & C_SETMEM )
        set_mem64(&f, m->off, m->mem_val);
    before = r;

    rc = x86_emulate_memop(&c);
    if ( rc != X86EMUL_OKAY )
        fprintf(stderr, "case %s: rc %d\n", m->name, rc);
    CU_ASSERT_EQUAL_FATAL(rc, X86EMUL_OKAY);
    CU_ASSERT_EQUAL(c.insn.len, len);
    CU_ASSERT_EQUAL(r.rip, before.rip + len);
    CU_ASSERT_EQUAL(c.memop.addr, MEM + m->off);
    CU_ASSERT_EQUAL(c.memop.size, m->size);
    CU_ASSERT(f.max_end <= len);
    if ( m->flags & C_NOWRITE )
    {
        CU_ASSERT_EQUAL(f.nr_writes, 0);
        CU_ASSERT_EQUAL(mem64(&f, m->off), m->mem_val);
    }
    else
    {
        uint64_t mask = m->size == 8 ? ~0ULL : (1ULL << (8 * m->size)) - 1;

        CU_ASSERT_EQUAL(f.nr_writes, 1);
        CU_ASSERT_EQUAL(c.memop.new_val, m->new_val);
        CU_ASSERT_EQUAL(mem64(&f, m->off) & mask, m->new_val);
        CU_ASSERT_EQUAL(f.wflags, m->wflags);
        if ( c.memop.new_val != m->new_val || f.wflags != m->wflags )
            fprintf(stderr, "case %s: new %#lx wflags %u\n", m->name,
                    (unsigned long)c.memop.new_val, f.wflags);
    }
    if ( m->reg >= 0 )
    {
        CU_ASSERT_EQUAL(r.gpr[m->reg], m->reg_val);
        if ( r.gpr[m->reg] != m->reg_val )
            fprintf(stderr, "case %s: reg %#lx\n", m->name,
                    (unsigned long)r.gpr[m->reg]);
    }
    CU_ASSERT_EQUAL(r.rflags & m->fl_set, m->fl_set);
    CU_ASSERT_EQUAL(r.rflags & m->fl_clr, 0);
    /* A failed CMPXCHG8B loads both EDX and EAX. */
    if ( m->code == m_cx8b && (m->flags & C_NOWRITE) )
    {
        CU_ASSERT_EQUAL(r.gpr[X86_GPR_RAX], 0x89abcdef);
        before.gpr[X86_GPR_RAX] = r.gpr[X86_GPR_RAX];
    }
    /* Registers other than the checked one, RIP and flags never change. */
    for ( int i = 0; i < 16; i++ )
        if ( i != m->reg )
            CU_ASSERT_EQUAL(r.gpr[i], before.gpr[i]);
}

static void test_memop_forms(void)
{
    for ( size_t i = 0; i < ARRAY_SIZE(mcases); i++ )
        run_mcase(&mcases[i]);
}

/* ------------------------------------------------------------------------ */
/* Arithmetic flags against the host CPU.                                   */

static uint64_t rng_state = 0x243f6a8885a308d3ULL;

static uint64_t rnd(void)
{
    /* xorshift64*: fixed seed, reproducible. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

/* Interesting operands: edges of every width plus random values. */
static uint64_t pick(void)
{
    static const uint64_t edge[] = {
        0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
        0x80000000, 0xffffffff, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
        ~0ULL, 0x0f, 0x10, 0xf0,
    };
    uint64_t r = rnd();

    return (r & 3) == 0 ? edge[(r >> 8) % ARRAY_SIZE(edge)] : rnd();
}

/*
 * Run "<mn><size suffix> y, x" on the host with the given input flags; the
 * stack is moved below the red zone around pushf/popf.
 */
#define HOST_RUN(mn, T, C)                                                  \
    do {                                                                    \
        T x = (T)a, y = (T)b;                                               \
        asm volatile ( "lea -128(%%rsp), %%rsp\n\tpushq %[f]\n\tpopfq\n\t"  \
                       mn " %[y], %[x]\n\t"                                 \
                       "pushfq\n\tpopq %[f]\n\tlea 128(%%rsp), %%rsp"       \
                       : [x] "+" C (x), [f] "+r" (f) : [y] C (y) : "cc" );  \
        res = x;                                                            \
    } while ( 0 )

#define HOST_SIZES(mn)                                                      \
    switch ( size )                                                         \
    {                                                                       \
    case 1: HOST_RUN(mn "b", uint8_t, "q"); break;                          \
    case 2: HOST_RUN(mn "w", uint16_t, "r"); break;                         \
    case 4: HOST_RUN(mn "l", uint32_t, "r"); break;                         \
    default: HOST_RUN(mn "q", uint64_t, "r"); break;                        \
    }

/* op: 0 add, 1 or, 2 adc, 3 sbb, 4 and, 5 sub, 6 xor (the /r encoding). */
static uint64_t host_alu(unsigned int op, unsigned int size, uint64_t a,
                         uint64_t b, uint64_t *flags)
{
    uint64_t f = *flags, res = 0;

    switch ( op )
    {
    case 0: HOST_SIZES("add"); break;
    case 1: HOST_SIZES("or"); break;
    case 2: HOST_SIZES("adc"); break;
    case 3: HOST_SIZES("sbb"); break;
    case 4: HOST_SIZES("and"); break;
    case 5: HOST_SIZES("sub"); break;
    default: HOST_SIZES("xor"); break;
    }
    *flags = f;
    return res;
}

/* Build "[lock] [66] [REX.W] op (%rbx), %dl-sized" or the 81/83/80 form. */
static size_t build_alu(uint8_t *p, unsigned int op, unsigned int size,
                        bool lock, int immform, uint64_t imm)
{
    size_t n = 0;

    if ( lock )
        p[n++] = 0xf0;
    if ( size == 2 )
        p[n++] = 0x66;
    if ( size == 8 )
        p[n++] = 0x48;
    if ( immform == 0 )
    {
        p[n++] = (op << 3) | (size == 1 ? 0 : 1);
        p[n++] = 0x13;                      /* mod 0, reg rdx, rm rbx */
        return n;
    }
    p[n++] = size == 1 ? 0x80 : immform == 8 ? 0x83 : 0x81;
    p[n++] = 0x03 | (op << 3);
    if ( size == 1 || immform == 8 )
        p[n++] = imm;
    else
        for ( unsigned int i = 0; i < (size == 2 ? 2u : 4u); i++ )
            p[n++] = imm >> (8 * i);
    return n;
}

static void test_alu_flags_vs_host(void)
{
    static const unsigned int sizes[] = { 1, 2, 4, 8 };
    unsigned int bad = 0;

    for ( unsigned int iter = 0; iter < 4000; iter++ )
    {
        unsigned int op = iter % 7, size = sizes[(iter / 7) % 4];
        int immform = (iter / 28) % 3 == 0 ? 0 : (iter / 28) % 3 == 1 ? 8 : 32;
        uint64_t mask = size == 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
        uint64_t a = pick() & mask, b = pick(), fin, fhost, host, imm = b;
        uint8_t code[16];
        struct fake f;
        struct x86_emulate_ctxt c;
        struct emul_regs r;
        size_t len;
        int rc;

        /* Equal operands exercise the SBB/ADC carry-in corner cases. */
        if ( immform == 0 && (rnd() & 7) == 0 )
            b = imm = (rnd() & 1) ? a : ~a;
        if ( immform == 8 || size == 1 )
            b = (uint64_t)(int64_t)(int8_t)imm;   /* sign-extended imm8 */
        else if ( immform == 32 )
            b = size == 2 ? (uint16_t)imm : (uint64_t)(int64_t)(int32_t)imm;
        len = build_alu(code, op, size, iter & 1, immform, imm);

        base_regs(&r);
        r.gpr[X86_GPR_RDX] = b;
        fin = 0x202 | (rnd() & X86_EFLAGS_ARITH);
        r.rflags = fin;
        setup(&f, &c, &r, code, len);
        set_mem64(&f, 0, a);

        rc = x86_emulate_memop(&c);
        CU_ASSERT_EQUAL_FATAL(rc, X86EMUL_OKAY);
        CU_ASSERT_EQUAL(r.rip, CODE + len);

        fhost = fin;
        host = host_alu(op, size, a, b, &fhost) & mask;
        if ( c.memop.new_val != host ||
             (r.rflags & X86_EFLAGS_ARITH) != (fhost & X86_EFLAGS_ARITH) )
        {
            if ( bad++ < 5 )
                fprintf(stderr, "alu op %u size %u a %#lx b %#lx: emu %#lx "
                        "fl %#lx host %#lx fl %#lx\n", op, size,
                        (unsigned long)a, (unsigned long)b,
                        (unsigned long)c.memop.new_val,
                        (unsigned long)r.rflags, (unsigned long)host,
                        (unsigned long)fhost);
        }
        /* Non-arithmetic flags untouched. */
        CU_ASSERT_EQUAL(r.rflags & ~X86_EFLAGS_ARITH, fin & ~X86_EFLAGS_ARITH);
    }
    CU_ASSERT_EQUAL(bad, 0);
}

/* CMPXCHG flags and outcome against the host's lock cmpxchg. */
static void test_cmpxchg_vs_host(void)
{
    static const uint8_t code64[] = { 0xf0, 0x48, 0x0f, 0xb1, 0x13 };
    static const uint8_t code32[] = { 0xf0, 0x0f, 0xb1, 0x13 };
    unsigned int bad = 0;

    for ( unsigned int iter = 0; iter < 2000; iter++ )
    {
        bool wide = iter & 1;
        uint64_t mem = pick(), acc = (iter & 2) ? mem : pick(), src = pick();
        uint64_t hmem, hacc, f, fin = 0x202 | (rnd() & X86_EFLAGS_ARITH);
        struct fake fk;
        struct x86_emulate_ctxt c;
        struct emul_regs r;
        int rc;

        if ( !wide )
            mem &= 0xffffffff, acc = (iter & 2) ? mem : acc;
        base_regs(&r);
        r.gpr[X86_GPR_RAX] = acc;
        r.gpr[X86_GPR_RDX] = src;
        r.rflags = fin;
        setup(&fk, &c, &r, wide ? code64 : code32, wide ? 5 : 4);
        set_mem64(&fk, 0, mem);
        rc = x86_emulate_memop(&c);
        CU_ASSERT_EQUAL_FATAL(rc, X86EMUL_OKAY);

        hmem = mem;
        hacc = acc;
        f = fin;
        if ( wide )
            asm volatile ( "lea -128(%%rsp), %%rsp\n\tpushq %[f]\n\tpopfq\n\t"
                           "lock cmpxchgq %[s], (%[p])\n\t"
                           "pushfq\n\tpopq %[f]\n\tlea 128(%%rsp), %%rsp"
                           : [f] "+r" (f), "+a" (hacc)
                           : [s] "r" (src), [p] "r" (&hmem) : "cc", "memory" );
        else
        {
            uint32_t m32 = hmem;

            asm volatile ( "lea -128(%%rsp), %%rsp\n\tpushq %[f]\n\tpopfq\n\t"
                           "lock cmpxchgl %k[s], (%[p])\n\t"
                           "pushfq\n\tpopq %[f]\n\tlea 128(%%rsp), %%rsp"
                           : [f] "+r" (f), "+a" (hacc)
                           : [s] "r" (src), [p] "r" (&m32) : "cc", "memory" );
            hmem = (hmem & ~0xffffffffULL) | m32;
        }
        if ( mem64(&fk, 0) != hmem || r.gpr[X86_GPR_RAX] != hacc ||
             (r.rflags & X86_EFLAGS_ARITH) != (f & X86_EFLAGS_ARITH) )
            bad++;
    }
    CU_ASSERT_EQUAL(bad, 0);
}

/*
 * BTS/BTR/BTC with a register bit offset address memory outside the operand;
 * let the host CPU do the same on a local array and compare everything.
 */
static void test_bitops_vs_host(void)
{
    unsigned int bad = 0;

    for ( unsigned int iter = 0; iter < 3000; iter++ )
    {
        unsigned int kind = iter % 3, size = 2 << ((iter / 3) % 3);
        int64_t off = (int64_t)(rnd() % 1024) - 512;
        bool immform = (iter / 9) & 1;
        uint64_t hbuf[32], f, fin = 0x202 | (rnd() & X86_EFLAGS_ARITH);
        uint8_t code[16];
        struct fake fk;
        struct x86_emulate_ctxt c;
        struct emul_regs r;
        size_t n = 0;
        int rc;

        if ( immform )
            off = rnd() & 0xff;
        if ( size == 2 )
            code[n++] = 0x66;
        code[n++] = size == 8 ? 0x48 : 0x40;
        code[n++] = 0x0f;
        if ( immform )
        {
            code[n++] = 0xba;
            code[n++] = 0x80 | ((5 + kind) << 3) | 3;   /* disp32(%rbx) */
        }
        else
        {
            code[n++] = kind == 0 ? 0xab : kind == 1 ? 0xb3 : 0xbb;
            code[n++] = 0x80 | (2 << 3) | 3;            /* %rdx, disp32(%rbx) */
        }
        code[n++] = 128; code[n++] = 0; code[n++] = 0; code[n++] = 0;
        if ( immform )
            code[n++] = off;

        base_regs(&r);
        r.gpr[X86_GPR_RDX] = (uint64_t)off;
        r.rflags = fin;
        setup(&fk, &c, &r, code, n);
        for ( unsigned int i = 0; i < 32; i++ )
            hbuf[i] = rnd();
        memcpy(fk.mem, hbuf, sizeof(hbuf));
        rc = x86_emulate_memop(&c);
        CU_ASSERT_EQUAL_FATAL(rc, X86EMUL_OKAY);

        f = fin;
#define HBT(mn, sfx, T)                                                     \
        asm volatile ( "lea -128(%%rsp), %%rsp\n\tpushq %[f]\n\tpopfq\n\t"  \
                       "lock " mn sfx " %[o], (%[p])\n\t"                   \
                       "pushfq\n\tpopq %[f]\n\tlea 128(%%rsp), %%rsp"       \
                       : [f] "+r" (f) : [o] "r" ((T)off),                   \
                         [p] "r" ((uint8_t *)hbuf + 128) : "cc", "memory" )
        /* Immediate forms take the offset modulo the operand width. */
        if ( immform )
            off &= 8 * size - 1;
        switch ( kind * 3 + size / 4 )
        {
        case 0: HBT("bts", "w", uint16_t); break;
        case 1: HBT("bts", "l", uint32_t); break;
        case 2: HBT("bts", "q", uint64_t); break;
        case 3: HBT("btr", "w", uint16_t); break;
        case 4: HBT("btr", "l", uint32_t); break;
        case 5: HBT("btr", "q", uint64_t); break;
        case 6: HBT("btc", "w", uint16_t); break;
        case 7: HBT("btc", "l", uint32_t); break;
        default: HBT("btc", "q", uint64_t); break;
        }
#undef HBT
        if ( memcmp(fk.mem, hbuf, sizeof(hbuf)) ||
             (r.rflags & (X86_EFLAGS_CF | X86_EFLAGS_ZF)) !=
             (f & (X86_EFLAGS_CF | X86_EFLAGS_ZF)) )
        {
            if ( bad++ < 5 )
                fprintf(stderr, "bt kind %u size %u off %ld imm %d\n",
                        kind, size, (long)off, immform);
        }
    }
    CU_ASSERT_EQUAL(bad, 0);
}

/* ------------------------------------------------------------------------ */
/* Refusals, faults and retries: nothing may be committed.                  */

INSN(n_regdst, "orq %rax, %rbx");
INSN(n_lockmov, ".byte 0xf0\n\tmovq %rax, (%rbx)");
INSN(n_cmp, "cmpq %rax, (%rbx)");
INSN(n_bt, "btq $3, (%rbx)");
INSN(n_load, "movq (%rbx), %rax");
INSN(n_inc, "incq (%rbx)");
INSN(n_cx16b, "lock cmpxchg16b (%rbx)");
INSN(n_vex, "vmovdqu %ymm0, (%rbx)");
INSN(n_ud2, "ud2");
INSN(n_c7ext, ".byte 0xc7, 0x0b, 0, 0, 0, 0");   /* C7 /1 */
INSN(n_btx, ".byte 0x0f, 0xba, 0x23, 0x01");     /* 0F BA /4: bt */
INSN(n_lockcmp, ".byte 0xf0\n\tcmpq $1, (%rbx)");

static void test_memop_unhandleable(void)
{
    static const struct { const uint8_t *s, *e; } t[] = {
        { BYTES(n_regdst) }, { BYTES(n_lockmov) }, { BYTES(n_cmp) },
        { BYTES(n_bt) }, { BYTES(n_load) }, { BYTES(n_inc) },
        { BYTES(n_cx16b) }, { BYTES(n_vex) }, { BYTES(n_ud2) },
        { BYTES(n_c7ext) }, { BYTES(n_btx) }, { BYTES(n_lockcmp) },
    };

    for ( size_t i = 0; i < ARRAY_SIZE(t); i++ )
    {
        struct fake f;
        struct x86_emulate_ctxt c;
        struct emul_regs r, before;

        base_regs(&r);
        setup(&f, &c, &r, t[i].s, t[i].e - t[i].s);
        before = r;
        CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_UNHANDLEABLE);
        CU_ASSERT_EQUAL(f.nr_writes, 0);
        CU_ASSERT(!memcmp(&r, &before, sizeof(r)));
    }
}

/* A fetch fault at every byte of an instruction gives #PF at that byte. */
static void test_fetch_fault_every_byte(void)
{
    static const struct { const uint8_t *s, *e; } t[] = {
        { BYTES(m_movimm64) }, { BYTES(m_movgs) }, { BYTES(m_movmoffs64) },
        { BYTES(m_cx64ok) }, { BYTES(m_btsneg) }, { BYTES(m_movsib2) },
    };

    for ( size_t i = 0; i < ARRAY_SIZE(t); i++ )
    {
        size_t len = t[i].e - t[i].s;

        for ( unsigned int k = 0; k < len; k++ )
        {
            struct fake f;
            struct x86_emulate_ctxt c;
            struct emul_regs r, before;

            base_regs(&r);
            setup(&f, &c, &r, t[i].s, len);
            f.fault_at = k;
            before = r;
            CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_EXCEPTION);
            CU_ASSERT(c.event.pending);
            CU_ASSERT_EQUAL(c.event.vector, X86_EXC_PF);
            CU_ASSERT_EQUAL(c.event.cr2, CODE + k);
            CU_ASSERT_EQUAL(f.nr_reads + f.nr_writes, 0);
            CU_ASSERT(!memcmp(&r, &before, sizeof(r)));
        }
    }
}

static void test_memop_faults_and_retry(void)
{
    struct fake f;
    struct x86_emulate_ctxt c;
    struct emul_regs r, before;

    /* read() faults: #PF passed through, no write. */
    base_regs(&r);
    r.gpr[X86_GPR_RBX] = 0x7000;
    setup(&f, &c, &r, m_or83, m_or83_end - m_or83);
    before = r;
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_EXCEPTION);
    CU_ASSERT_EQUAL(c.event.vector, X86_EXC_PF);
    CU_ASSERT_EQUAL(c.event.cr2, 0x7020);
    CU_ASSERT_EQUAL(f.nr_writes, 0);
    CU_ASSERT(!memcmp(&r, &before, sizeof(r)));

    /* Non-canonical address: #GP(0); with an RSP/RBP base: #SS(0). */
    base_regs(&r);
    r.gpr[X86_GPR_RBX] = 0x0000800000000000ULL;
    setup(&f, &c, &r, m_mov64, m_mov64_end - m_mov64);
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_EXCEPTION);
    CU_ASSERT_EQUAL(c.event.vector, X86_EXC_GP);
    CU_ASSERT(c.event.has_error_code && c.event.error_code == 0);
    base_regs(&r);
    r.gpr[X86_GPR_RBP] = 0xffff000000000000ULL;
    setup(&f, &c, &r, m_movbp, m_movbp_end - m_movbp);
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_EXCEPTION);
    CU_ASSERT_EQUAL(c.event.vector, X86_EXC_SS);
    /* FS-relative non-canonical: #GP even with an RBP base. */
    base_regs(&r);
    setup(&f, &c, &r, m_movfs, m_movfs_end - m_movfs);
    c.fs_base = 0x8000000000000000ULL;
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_EXCEPTION);
    CU_ASSERT_EQUAL(c.event.vector, X86_EXC_GP);

    /* write() asks for a retry: reported, registers untouched. */
    base_regs(&r);
    setup(&f, &c, &r, m_xchg64, m_xchg64_end - m_xchg64);
    f.write_rc = X86EMUL_RETRY;
    before = r;
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_RETRY);
    CU_ASSERT(!memcmp(&r, &before, sizeof(r)));

    /* Memory changed between read and cmpxchg-write: RETRY. */
    base_regs(&r);
    setup(&f, &c, &r, m_btsimm, m_btsimm_end - m_btsimm);
    f.race = true;
    before = r;
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_RETRY);
    CU_ASSERT(!memcmp(&r, &before, sizeof(r)));

    /* write() reports EXCEPTION without an event: UNHANDLEABLE. */
    base_regs(&r);
    setup(&f, &c, &r, m_mov64, m_mov64_end - m_mov64);
    f.write_rc = X86EMUL_EXCEPTION;
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_UNHANDLEABLE);

    /* REP STOS: one element per call, RIP stays until RCX hits zero. */
    {
        static const uint8_t rep_stosb[] = { 0xf3, 0xaa };

        base_regs(&r);
        r.gpr[X86_GPR_RCX] = 2;
        setup(&f, &c, &r, rep_stosb, 2);
        CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_OKAY);
        CU_ASSERT_EQUAL(r.rip, CODE);
        CU_ASSERT_EQUAL(r.gpr[X86_GPR_RCX], 1);
        CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_OKAY);
        CU_ASSERT_EQUAL(r.rip, CODE + 2);
        CU_ASSERT_EQUAL(r.gpr[X86_GPR_RCX], 0);
        CU_ASSERT_EQUAL(r.gpr[X86_GPR_RDI], MEM + 0x42);
        CU_ASSERT_EQUAL(f.mem[0x40], 0x88);
        CU_ASSERT_EQUAL(f.mem[0x41], 0x88);
        r.rip = CODE;
        CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_OKAY);   /* RCX 0 */
        CU_ASSERT_EQUAL(r.rip, CODE + 2);
        CU_ASSERT_EQUAL(f.nr_writes, 2);
    }
}

/* 15 bytes decode; 16 do not, and byte 16 is never fetched. */
static void test_prefix_runs(void)
{
    uint8_t buf[32];
    struct fake f;
    struct x86_emulate_ctxt c;
    struct emul_regs r;

    memset(buf, 0x66, sizeof(buf));
    buf[14] = 0x90;
    CU_ASSERT_EQUAL(x86_insn_length(buf, sizeof(buf)), 15);
    buf[14] = 0x66;
    buf[15] = 0x90;
    CU_ASSERT_EQUAL(x86_insn_length(buf, sizeof(buf)), -EINVAL);
    memset(buf, 0x66, sizeof(buf));
    CU_ASSERT_EQUAL(x86_insn_length(buf, sizeof(buf)), -EINVAL);
    /* 14 prefixes + "movq %rax,(%rbx)" = 17 bytes. */
    memset(buf, 0x2e, 14);
    memcpy(buf + 14, (const uint8_t[]){ 0x48, 0x89, 0x03 }, 3);
    base_regs(&r);
    setup(&f, &c, &r, buf, sizeof(buf));
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_UNHANDLEABLE);
    CU_ASSERT(f.max_end <= 15);
    CU_ASSERT_EQUAL(f.nr_writes, 0);
    /* 12 prefixes + 3 = 15: fine. */
    base_regs(&r);
    setup(&f, &c, &r, buf + 2, 15);
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_OKAY);
    CU_ASSERT_EQUAL(r.rip, CODE + 15);
    /* Truncated buffer: -EFAULT from the length decoder. */
    CU_ASSERT_EQUAL(x86_insn_length(m_movimm64, 5), -EFAULT);
    CU_ASSERT_EQUAL(x86_insn_length(m_movimm64, 0), -EFAULT);
}

static void test_gpr_helpers(void)
{
    struct emul_regs r;

    base_regs(&r);
    CU_ASSERT_EQUAL(x86_gpr_read(&r, X86_GPR_RSP, 1, true), 0x77);  /* AH */
    CU_ASSERT_EQUAL(x86_gpr_read(&r, X86_GPR_RSP, 1, false), 0x80); /* SPL */
    CU_ASSERT_EQUAL(x86_gpr_read(&r, X86_GPR_R8, 2, false), 0xbabe);
    x86_gpr_write(&r, X86_GPR_RDI, 1, true, 0x5a);                  /* BH */
    CU_ASSERT_EQUAL(r.gpr[X86_GPR_RBX], MEM | 0x5a00);
    x86_gpr_write(&r, X86_GPR_R9, 4, false, 0x11112222);
    CU_ASSERT_EQUAL(r.gpr[X86_GPR_R9], 0x11112222);
    x86_gpr_write(&r, X86_GPR_R8, 2, false, 0x1234);
    CU_ASSERT_EQUAL(r.gpr[X86_GPR_R8], 0xdeadbeefcafe1234ULL);
}

/* ------------------------------------------------------------------------ */
/* Length decoding against the assembler: each entry is <len> <bytes>.      */

#define LEN(text) "1: .byte 3f-2f\n2:\n\t" text "\n3:\n"

extern const uint8_t len_table[] __attribute__((visibility("hidden")));
asm(".pushsection .rodata.x86emu,\"a\"\n.globl len_table\n.hidden len_table\n"
    "len_table:\n"
    LEN("nop") LEN("ret") LEN("ret $8") LEN("push %rax") LEN("push %r12")
    LEN("pushq $0x12345678") LEN("pushq $1") LEN("pushw $0x1234")
    LEN("movabs $0x1122334455667788, %rax") LEN("mov $1, %eax")
    LEN("mov $1, %ax") LEN("mov $1, %r9b") LEN("mov $-1, %r10")
    LEN("mov %eax, 0x12345678(%rip)") LEN("mov 0x10(%rsp), %rax")
    LEN("mov (%rbp), %rax") LEN("mov (%r13), %rax") LEN("mov (%r12), %rax")
    LEN("mov 0x12345678(,%rax,4), %ecx") LEN("mov 0x12345678(,%r12,1), %ecx")
    LEN("mov 0x10(%r13,%r12,8), %ecx") LEN("lea 8(%rax,%rbx,2), %rdx")
    LEN("addr32 lea (%eax), %edx") LEN("imul $0x1234, %ax, %bx")
    LEN("imul $5, %rax, %rbx") LEN("imul $0x12345, %rax, %rbx")
    LEN("testb $1, (%rax)") LEN("testl $0x100, 4(%rax)")
    LEN("testw $0x100, 4(%rax)") LEN("testq $-1, (%rax)") LEN("notl (%rax)")
    LEN("negq %rax") LEN("mulb 8(%rax)") LEN("idivq 0x100(%rip)")
    LEN("shl $3, %rax") LEN("shl %cl, %eax") LEN("rol %eax")
    LEN("enter $0x10, $0") LEN("leave") LEN("call 1f\n1:")
    LEN(".byte 0x0f, 0x84\n\t.long 0") LEN(".byte 0x66, 0xe9\n\t.long 0")
    LEN("jmp *%rax") LEN("call *8(%rax)") LEN("lretq") LEN("lretq $8")
    LEN("int $0x80") LEN("int3") LEN("syscall") LEN("sysretq") LEN("iretq")
    LEN("cpuid") LEN("rdtsc") LEN("rdtscp") LEN("rdpmc") LEN("rdmsr")
    LEN("wrmsr") LEN("xsetbv") LEN("xgetbv") LEN("invlpg (%rax)")
    LEN("invlpg 0x12345678(%rax,%rbx,8)") LEN("mov %cr3, %rax")
    LEN("mov %rax, %cr8") LEN("mov %db7, %rax") LEN("mov %r9, %db0")
    LEN("in $0x80, %al") LEN("out %al, $0x80") LEN("inw (%dx), %ax")
    LEN("outl %eax, (%dx)") LEN("rep outsb") LEN("rep insw")
    LEN("lock cmpxchg8b (%rdi)") LEN("cmpxchg16b 8(%rdi)")
    LEN("movups %xmm0, (%rax)") LEN("movdqa 0x10(%rax), %xmm9")
    LEN("pshufd $0x1b, %xmm0, %xmm1") LEN("pslldq $4, %xmm2")
    LEN("pinsrw $2, %eax, %xmm0") LEN("shufps $0, %xmm0, %xmm1")
    LEN("cmpps $1, %xmm0, %xmm1") LEN("pshufb %xmm0, %xmm1")
    LEN("palignr $3, %xmm0, %xmm1") LEN("pextrq $1, %xmm0, %rax")
    LEN("vaddps %ymm0, %ymm1, %ymm2") LEN("vpshufb %ymm0, %ymm1, %ymm2")
    LEN("vpermq $0x1b, %ymm0, %ymm1") LEN("vpshufd $1, %xmm0, %xmm1")
    LEN("vzeroupper") LEN("vmovdqu %ymm8, 0x100(%r13,%r14,8)")
    LEN("vpsrlq $3, %ymm5, %ymm6") LEN("vfmadd231ps 0x40(%rax), %ymm1, %ymm2")
    LEN("vbroadcastss (%rax), %ymm0") LEN("vinserti128 $1, %xmm1, %ymm2, %ymm3")
    LEN("crc32b %al, %eax") LEN("popcnt %rax, %rbx") LEN("tzcnt %eax, %ebx")
    LEN("lzcnt 4(%rax), %rcx") LEN("movbe (%rax), %ecx") LEN("bswap %eax")
    LEN("bswap %r9") LEN("cmovz %rax, %rbx") LEN("sete %al")
    LEN("sete 0x1000(%rbx,%rcx,2)") LEN("fld1") LEN("fldt (%rax)")
    LEN("fistpll 8(%rax)") LEN("fadd %st(3), %st") LEN("xchg %rax, %r8")
    LEN("pause") LEN("movsb") LEN("rep movsq") LEN("lodsb") LEN("scasb")
    LEN("cmpsq") LEN("xlat") LEN("sahf") LEN("cqo") LEN("cwtl") LEN("cbw")
    LEN("movslq %eax, %rbx") LEN("movzbl (%rax), %eax") LEN("movswq %ax, %rbx")
    LEN("shld $3, %rax, %rbx") LEN("shrd %cl, %rax, %rbx") LEN("bt $3, %rax")
    LEN("btc %rax, (%rbx)") LEN("bsf %rax, %rbx") LEN("xadd %eax, (%rbx)")
    LEN("cmpxchg %ax, (%rbx)") LEN("prefetcht0 (%rax)")
    LEN("nopw 0x0(%rax,%rax,1)") LEN("nopl 0x0(%rax)") LEN("clflush (%rax)")
    LEN("lfence") LEN("mfence") LEN("sfence") LEN("fxsave (%rax)")
    LEN("xsave (%rax)") LEN("xrstor64 (%rax)") LEN("rdrand %eax")
    LEN("rdfsbase %rax") LEN("wrgsbase %rbx") LEN("swapgs") LEN("hlt")
    LEN("cli") LEN("sti") LEN("clc") LEN("stc") LEN("cld") LEN("std")
    LEN("cmc") LEN("lock incl (%rax)") LEN("mov %fs:0x28, %rax")
    LEN("movabs 0x1122334455667788, %al") LEN("movabs %eax, 0x1122334455667788")
    LEN("ud2") LEN("and $0x7f, %al") LEN("and $0x1234, %ax")
    LEN("and $0x12345678, %rax") LEN("adc $1, %bl") LEN("sbb $-1, %rax")
    LEN("test %al, %al") LEN("test $0x10, %al") LEN("test $0x1000, %eax")
    LEN("test $0x1000, %ax") LEN("movw $1, (%rax)") LEN("movb $1, (%rax)")
    LEN("movq $-1, (%rax,%rbx)") LEN("mov %ss, %ax") LEN("mov %ax, %ds")
    LEN("pushf") LEN("popf") LEN("push %fs") LEN("pop %gs") LEN("lgdt (%rax)")
    LEN("sgdt 4(%rax)") LEN("ltr %ax") LEN("str %eax") LEN("verr %ax")
    LEN("lsl %ax, %bx") LEN("lar %ax, %bx") LEN("clts") LEN("invd")
    LEN("wbinvd") LEN("lmsw %ax") LEN("smsw %eax") LEN("loop 1f\n1:")
    LEN("jrcxz 1f\n1:") LEN("jecxz 1f\n1:") LEN("sysenter") LEN("emms")
    LEN("xbegin 1f\n1:") LEN("xabort $1") LEN("xend")
    LEN("movq %xmm0, %rax") LEN("cvtsi2sd %rax, %xmm0")
    LEN("aesenc %xmm1, %xmm2") LEN("pclmulqdq $0x11, %xmm1, %xmm2")
    LEN("sha1rnds4 $1, %xmm1, %xmm2") LEN("lock xorq $0x12345678, 8(%rax)")
    LEN("gs lock orw $0x1234, (%r15)") LEN("data16 rex.W mov %eax, (%rbx)")
    LEN("mov %cr0, %r15") LEN("in $0x71, %eax") LEN("int1")
    ".byte 0\n.popsection\n");

static void test_length_vs_assembler(void)
{
    const uint8_t *p = len_table;
    unsigned int n = 0, bad = 0;

    for ( ; *p; p += 1 + *p, n++ )
    {
        int l = x86_insn_length(p + 1, *p);

        if ( l != *p )
        {
            if ( bad++ < 10 )
            {
                fprintf(stderr, "length entry %u: got %d want %u:", n, l, *p);
                for ( unsigned int i = 0; i < *p; i++ )
                    fprintf(stderr, " %02x", p[1 + i]);
                fprintf(stderr, "\n");
            }
        }
        /* The same bytes with trailing junk still measure the same. */
        {
            uint8_t buf[32];

            memset(buf, 0xcc, sizeof(buf));
            memcpy(buf, p + 1, *p);
            if ( x86_insn_length(buf, sizeof(buf)) != *p )
                bad++;
        }
    }
    CU_ASSERT(n > 200);
    CU_ASSERT_EQUAL(bad, 0);
}

/* ------------------------------------------------------------------------ */
/* Privileged-instruction classification.                                    */

INSN(p_movfromcr3, "mov %cr3, %rax");
INSN(p_movtocr4, "mov %rbx, %cr4");
INSN(p_movfromcr8, "mov %cr8, %r9");
INSN(p_movtocr0modignored, ".byte 0x0f, 0x22, 0x07");   /* mod 0: still regs */
INSN(p_movfromdr7, "mov %db7, %rax");
INSN(p_movtodr0, "mov %r13, %db0");
INSN(p_rdmsr, "rdmsr");
INSN(p_wrmsr, "wrmsr");
INSN(p_rdtsc, "rdtsc");
INSN(p_rdtscp, "rdtscp");
INSN(p_rdpmc, "rdpmc");
INSN(p_cpuid, "cpuid");
INSN(p_inal, "in $0x80, %al");
INSN(p_ineax, "in $0x71, %eax");
INSN(p_inax, "in $0x60, %ax");
INSN(p_outimm, "out %al, $0x43");
INSN(p_indx, "in (%dx), %al");
INSN(p_outdx32, "out %eax, (%dx)");
INSN(p_outdx16, "out %ax, (%dx)");
INSN(p_outrexw, "rex.W out %eax, (%dx)");
INSN(p_repinsw, "rep insw");
INSN(p_repoutsb, "rep outsb");
INSN(p_outsfs, "outsl %fs:(%rsi), (%dx)");
INSN(p_insa32, "addr32 insb");
INSN(p_cli, "cli");
INSN(p_sti, "sti");
INSN(p_hlt, "hlt");
INSN(p_wbinvd, "wbinvd");
INSN(p_invd, "invd");
INSN(p_xsetbv, "xsetbv");
INSN(p_xgetbv, "xgetbv");
INSN(p_lmswreg, "lmsw %r10w");
INSN(p_lmswmem, "lmsw 0x10(%rbx)");
INSN(p_clts, "clts");
INSN(p_invlpg, "invlpg %gs:0x8(%rbx)");
INSN(p_int80, "int $0x80");
INSN(p_int3, "int3");
INSN(p_int1, "int1");
INSN(p_into, ".byte 0xce");
INSN(p_fepcpuid, ".byte 0x0f, 0x0b, 0x78, 0x65, 0x6e\n\tcpuid");
INSN(p_feprdmsr, ".byte 0x0f, 0x0b, 0x78, 0x65, 0x6e\n\trdmsr");
INSN(p_prefixed, "rex.W cs cpuid");
INSN(p_bad_lock, ".byte 0xf0\n\tcpuid");
INSN(p_bad_dr8, ".byte 0x44, 0x0f, 0x21, 0xc0");   /* mov %dr8, %rax */
INSN(p_bad_ud2, "ud2");
INSN(p_bad_nop, "nop");
INSN(p_bad_fepshort, ".byte 0x0f, 0x0b, 0x78, 0x65");

struct pcase {
    const char *name;
    const uint8_t *code, *end;
    enum x86_priv_kind kind;
    uint8_t num, reg, size, vector;
    int port;                   /* -1: port in DX */
    bool rep, forced, has_mem;
    uint64_t linear;
};

#define P(n, k) #n, BYTES(p_##n), X86_PRIV_##k

static const struct pcase pcases[] = {
    { P(movfromcr3, MOV_FROM_CR), 3, X86_GPR_RAX, 8, 0, 0, 0, 0, 0, 0 },
    { P(movtocr4, MOV_TO_CR), 4, X86_GPR_RBX, 8, 0, 0, 0, 0, 0, 0 },
    { P(movfromcr8, MOV_FROM_CR), 8, X86_GPR_R9, 8, 0, 0, 0, 0, 0, 0 },
    { P(movtocr0modignored, MOV_TO_CR), 0, X86_GPR_RDI, 8, 0, 0, 0, 0, 0, 0 },
    { P(movfromdr7, MOV_FROM_DR), 7, X86_GPR_RAX, 8, 0, 0, 0, 0, 0, 0 },
    { P(movtodr0, MOV_TO_DR), 0, X86_GPR_R13, 8, 0, 0, 0, 0, 0, 0 },
    { P(rdmsr, RDMSR), 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    { P(wrmsr, WRMSR), 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    { P(rdtsc, RDTSC), 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    { P(rdtscp, RDTSCP), 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    { P(rdpmc, RDPMC), 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    { P(cpuid, CPUID), 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    { P(inal, IN), 0, 0, 1, 0, 0x80, 0, 0, 0, 0 },
    { P(ineax, IN), 0, 0, 4, 0, 0x71, 0, 0, 0, 0 },
    { P(inax, IN), 0, 0, 2, 0, 0x60, 0, 0, 0, 0 },
    { P(outimm, OUT), 0, 0, 1, 0, 0x43, 0, 0, 0, 0 },
    { P(indx, IN), 0, 0, 1, 0, -1, 0, 0, 0, 0 },
    { P(outdx32, OUT), 0, 0, 4, 0, -1, 0, 0, 0, 0 },
    { P(outdx16, OUT), 0, 0, 2, 0, -1, 0, 0, 0, 0 },
    { P(outrexw, OUT), 0, 0, 4, 0, -1, 0, 0, 0, 0 },
    { P(repinsw, INS), 0, 0, 2, 0, -1, 1, 0, 0, 0 },
    { P(repoutsb, OUTS), 0, 0, 1, 0, -1, 1, 0, 0, 0 },
    { P(outsfs, OUTS), 0, 0, 4, 0, -1, 0, 0, 0, 0 },
    { P(insa32, INS), 0, 0, 1, 0, -1, 0, 0, 0, 0 },
    { P(cli, CLI), 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    { P(sti, STI), 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    { P(hlt, HLT), 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    { P(wbinvd, WBINVD), 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    { P(invd, INVD), 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    { P(xsetbv, XSETBV), 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    { P(xgetbv, XGETBV), 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    { P(lmswreg, LMSW), 0, X86_GPR_R10, 0, 0, 0, 0, 0, 0, 0 },
    { P(lmswmem, LMSW), 0, 0, 0, 0, 0, 0, 0, 1, MEM + 0x10 },
    { P(clts, CLTS), 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    { P(invlpg, INVLPG), 0, 0, 0, 0, 0, 0, 0, 1, MEM + 0x28 },
    { P(int80, INT), 0, 0, 0, 0x80, 0, 0, 0, 0, 0 },
    { P(int3, INT3), 0, 0, 0, 3, 0, 0, 0, 0, 0 },
    { P(int1, INT1), 0, 0, 0, 1, 0, 0, 0, 0, 0 },
    { P(into, INTO), 0, 0, 0, 4, 0, 0, 0, 0, 0 },
    { P(fepcpuid, CPUID), 0, 0, 0, 0, 0, 0, 1, 0, 0 },
    { P(feprdmsr, RDMSR), 0, 0, 0, 0, 0, 0, 1, 0, 0 },
    { P(prefixed, CPUID), 0, 0, 0, 0, 0, 0, 0, 0, 0 },
};

static void test_priv_classify(void)
{
    for ( size_t i = 0; i < ARRAY_SIZE(pcases); i++ )
    {
        const struct pcase *p = &pcases[i];
        size_t len = p->end - p->code;
        struct fake f;
        struct x86_emulate_ctxt c;
        struct emul_regs r, before;
        struct x86_priv_insn pi;
        int rc;

        base_regs(&r);
        setup(&f, &c, &r, p->code, len);
        before = r;
        rc = x86_decode_priv(&c, &pi);
        if ( rc || pi.kind != p->kind || pi.len != len )
            fprintf(stderr, "priv %s: rc %d kind %d len %u\n", p->name, rc,
                    pi.kind, pi.len);
        CU_ASSERT_EQUAL_FATAL(rc, X86EMUL_OKAY);
        CU_ASSERT_EQUAL(pi.kind, p->kind);
        CU_ASSERT_EQUAL(pi.len, len);
        CU_ASSERT_EQUAL(pi.forced, p->forced);
        CU_ASSERT(!memcmp(&r, &before, sizeof(r)));
        CU_ASSERT(f.max_end <= len);
        switch ( p->kind )
        {
        case X86_PRIV_MOV_FROM_CR: case X86_PRIV_MOV_TO_CR:
        case X86_PRIV_MOV_FROM_DR: case X86_PRIV_MOV_TO_DR:
            CU_ASSERT_EQUAL(pi.num, p->num);
            CU_ASSERT_EQUAL(pi.reg, p->reg);
            CU_ASSERT_EQUAL(pi.size, 8);
            break;
        case X86_PRIV_IN: case X86_PRIV_OUT:
        case X86_PRIV_INS: case X86_PRIV_OUTS:
            CU_ASSERT_EQUAL(pi.size, p->size);
            CU_ASSERT_EQUAL(pi.port_in_dx, p->port < 0);
            if ( p->port >= 0 )
            {
                CU_ASSERT_EQUAL(pi.port, p->port);
            }
            CU_ASSERT_EQUAL(pi.rep, p->rep);
            break;
        case X86_PRIV_LMSW: case X86_PRIV_INVLPG:
            CU_ASSERT_EQUAL(pi.has_mem, p->has_mem);
            if ( p->has_mem )
            {
                CU_ASSERT_EQUAL(pi.linear, p->linear);
            }
            else
            {
                CU_ASSERT_EQUAL(pi.reg, p->reg);
            }
            break;
        case X86_PRIV_INT: case X86_PRIV_INT3:
        case X86_PRIV_INT1: case X86_PRIV_INTO:
            CU_ASSERT_EQUAL(pi.vector, p->vector);
            break;
        default:
            break;
        }
        x86_priv_complete(&r, &pi);
        CU_ASSERT_EQUAL(r.rip, CODE + len);
    }
}

static void test_priv_rejects(void)
{
    static const struct { const uint8_t *s, *e; int rc; } t[] = {
        { BYTES(p_bad_lock), X86EMUL_UNHANDLEABLE },
        { BYTES(p_bad_dr8), X86EMUL_UNHANDLEABLE },
        { BYTES(p_bad_ud2), X86EMUL_UNHANDLEABLE },
        { BYTES(p_bad_nop), X86EMUL_UNHANDLEABLE },
        { BYTES(p_bad_fepshort), X86EMUL_UNHANDLEABLE },  /* plain ud2 */
        { BYTES(m_mov64), X86EMUL_UNHANDLEABLE },
    };
    struct fake f;
    struct x86_emulate_ctxt c;
    struct emul_regs r;
    struct x86_priv_insn pi;

    for ( size_t i = 0; i < ARRAY_SIZE(t); i++ )
    {
        base_regs(&r);
        setup(&f, &c, &r, t[i].s, t[i].e - t[i].s);
        CU_ASSERT_EQUAL(x86_decode_priv(&c, &pi), t[i].rc);
        CU_ASSERT_EQUAL(pi.kind, X86_PRIV_NONE);
    }

    /* A 1-byte CLI as the last mapped byte: the FEP probe must not fault. */
    base_regs(&r);
    setup(&f, &c, &r, p_cli, 1);
    CU_ASSERT_EQUAL(x86_decode_priv(&c, &pi), X86EMUL_OKAY);
    CU_ASSERT_EQUAL(pi.kind, X86_PRIV_CLI);
    CU_ASSERT(!c.event.pending);

    /* FEP + CPUID with the CPUID bytes unmapped: #PF at rip + 5. */
    base_regs(&r);
    setup(&f, &c, &r, p_fepcpuid, 6);
    CU_ASSERT_EQUAL(x86_decode_priv(&c, &pi), X86EMUL_EXCEPTION);
    CU_ASSERT_EQUAL(c.event.vector, X86_EXC_PF);
    CU_ASSERT_EQUAL(c.event.cr2, CODE + 6);

    /* LMSW from a non-canonical address: #GP(0). */
    base_regs(&r);
    r.gpr[X86_GPR_RBX] = 0x0000900000000000ULL;
    setup(&f, &c, &r, p_lmswmem, p_lmswmem_end - p_lmswmem);
    CU_ASSERT_EQUAL(x86_decode_priv(&c, &pi), X86EMUL_EXCEPTION);
    CU_ASSERT_EQUAL(c.event.vector, X86_EXC_GP);
}

/* String I/O stepping: REP OUTSB over 3 bytes, then DF=1 INSW, addr32. */
static void test_priv_string(void)
{
    struct fake f;
    struct x86_emulate_ctxt c;
    struct emul_regs r;
    struct x86_priv_insn pi;
    unsigned int n = 0;

    base_regs(&r);
    r.gpr[X86_GPR_RCX] = 3;
    r.gpr[X86_GPR_RSI] = 0x100;
    setup(&f, &c, &r, p_repoutsb, p_repoutsb_end - p_repoutsb);
    CU_ASSERT_EQUAL_FATAL(x86_decode_priv(&c, &pi), X86EMUL_OKAY);
    CU_ASSERT(!x86_priv_string_empty(&r, &pi));
    do {
        CU_ASSERT_EQUAL(x86_priv_string_addr(&c, &pi), 0x100 + n);
        n++;
    } while ( x86_priv_string_advance(&r, &pi) );
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT_EQUAL(r.gpr[X86_GPR_RCX], 0);
    CU_ASSERT_EQUAL(r.gpr[X86_GPR_RSI], 0x103);
    CU_ASSERT(x86_priv_string_empty(&r, &pi));

    /* OUTS with an FS override uses the FS base. */
    base_regs(&r);
    setup(&f, &c, &r, p_outsfs, p_outsfs_end - p_outsfs);
    CU_ASSERT_EQUAL_FATAL(x86_decode_priv(&c, &pi), X86EMUL_OKAY);
    CU_ASSERT_EQUAL(x86_priv_string_addr(&c, &pi), MEM + 0x10);

    /* addr32 INSB with DF: EDI wraps and zero-extends. */
    base_regs(&r);
    r.gpr[X86_GPR_RDI] = 0xffffffff00000000ULL;
    r.rflags |= X86_EFLAGS_DF;
    setup(&f, &c, &r, p_insa32, p_insa32_end - p_insa32);
    CU_ASSERT_EQUAL_FATAL(x86_decode_priv(&c, &pi), X86EMUL_OKAY);
    CU_ASSERT_EQUAL(pi.addr_bytes, 4);
    CU_ASSERT_EQUAL(x86_priv_string_addr(&c, &pi), 0);
    CU_ASSERT(!x86_priv_string_advance(&r, &pi));
    CU_ASSERT_EQUAL(r.gpr[X86_GPR_RDI], 0xffffffffULL);
}

/* ------------------------------------------------------------------------ */
/* Fuzz: fixed seed, 100k random byte strings through every entry point.    */

static const uint8_t fep_bytes[] = { 0x0f, 0x0b, 0x78, 0x65, 0x6e };

static bool valid_rc(int rc)
{
    return rc == X86EMUL_OKAY || rc == X86EMUL_UNHANDLEABLE ||
           rc == X86EMUL_EXCEPTION || rc == X86EMUL_RETRY;
}

static void test_fuzz(void)
{
    static const uint8_t interesting[] = {
        0x0f, 0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x64, 0x65, 0x48, 0x4c, 0x41,
        0xc4, 0xc5, 0x62, 0x8f, 0x38, 0x3a, 0xba, 0xc7, 0x01, 0x20, 0x22,
        0x0b, 0x78, 0x65, 0x6e, 0xa2, 0x81, 0x83, 0x87, 0xb1, 0xab,
    };
    unsigned int bad_fetch = 0, bad_rc = 0, bad_len = 0, okay = 0;

    rng_state = 0x0123456789abcdefULL;
    for ( unsigned int iter = 0; iter < 100000; iter++ )
    {
        uint8_t code[32];
        size_t len = 1 + rnd() % 20;
        struct fake f;
        struct x86_emulate_ctxt c;
        struct emul_regs r;
        struct x86_priv_insn pi;
        int rc, l;

        for ( unsigned int i = 0; i < sizeof(code); i++ )
        {
            uint64_t x = rnd();

            code[i] = (x & 1) ? interesting[(x >> 8) % sizeof(interesting)]
                              : x >> 16;
        }
        if ( iter % 16 == 0 )
            memcpy(code, fep_bytes, 5);
        if ( len > sizeof(code) )
            len = sizeof(code);

        l = x86_insn_length(code, len);
        if ( !(l == -EINVAL || l == -EFAULT || (l >= 1 && l <= 15 &&
                                                (size_t)l <= len)) )
            bad_len++;

        base_regs(&r);
        for ( unsigned int i = 0; i < 16; i++ )
            r.gpr[i] = (iter & 2) ? rnd() : MEM + (rnd() & 0xff);
        r.rflags = 0x202 | (rnd() & (X86_EFLAGS_ARITH | X86_EFLAGS_DF));
        setup(&f, &c, &r, code, len);
        f.any_addr = iter & 1;
        rc = x86_emulate_memop(&c);
        if ( !valid_rc(rc) )
            bad_rc++;
        if ( f.max_end > 15 )
            bad_fetch++;
        if ( rc == X86EMUL_OKAY )
        {
            okay++;
            if ( r.rip - CODE > 15 || c.insn.len > 15 )
                bad_len++;
        }

        base_regs(&r);
        setup(&f, &c, &r, code, len);
        rc = x86_decode_priv(&c, &pi);
        if ( !valid_rc(rc) )
            bad_rc++;
        /* 15 bytes after a forced-emulation prefix. */
        if ( f.max_end > (pi.forced ? 20u : 15u) )
            bad_fetch++;
        if ( rc == X86EMUL_OKAY && pi.len > (pi.forced ? 20 : 15) )
            bad_len++;
    }
    CU_ASSERT_EQUAL(bad_fetch, 0);
    CU_ASSERT_EQUAL(bad_rc, 0);
    CU_ASSERT_EQUAL(bad_len, 0);
    CU_ASSERT(okay > 0);
}

static CU_TestInfo x86_emulate_cases[] = {
    { "memop_forms", test_memop_forms },
    { "alu_flags_vs_host", test_alu_flags_vs_host },
    { "cmpxchg_vs_host", test_cmpxchg_vs_host },
    { "bitops_vs_host", test_bitops_vs_host },
    { "memop_unhandleable", test_memop_unhandleable },
    { "fetch_fault_every_byte", test_fetch_fault_every_byte },
    { "memop_faults_and_retry", test_memop_faults_and_retry },
    { "prefix_runs", test_prefix_runs },
    { "gpr_helpers", test_gpr_helpers },
    { "length_vs_assembler", test_length_vs_assembler },
    { "priv_classify", test_priv_classify },
    { "priv_rejects", test_priv_rejects },
    { "priv_string", test_priv_string },
    { "fuzz", test_fuzz },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("x86_emulate", NULL, NULL, x86_emulate_cases);
