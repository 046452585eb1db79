/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the memory-operand emulator (xen/arch/x86/x86_emulate.c)
 * on the fake guest of fake_x86.c: known answers for every supported form,
 * arithmetic flags and bit-test semantics checked against the host CPU
 * executing the same operation, and refusals, faults and retries that must
 * commit nothing. Decoder and privileged-op tests: test_x86_decode.c.
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <asm/x86_emulate.h>
#include "harness.h"
#include "fake_x86.h"

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

    fake_regs(&r);
    if ( m->flags & C_RIPREL )
        r.rip = MEM + m->off + 0x1000 - len;
    if ( m->flags & C_DF )
        r.rflags |= X86_EFLAGS_DF;
    if ( m->flags & C_CF )
        r.rflags |= X86_EFLAGS_CF;
    fake_setup(&f, &c, &r, m->code, len);
    if ( m->flags & C_SETMEM )
        fake_set_mem64(&f, m->off, m->mem_val);
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
        CU_ASSERT_EQUAL(fake_mem64(&f, m->off), m->mem_val);
    }
    else
    {
        uint64_t mask = m->size == 8 ? ~0ULL : (1ULL << (8 * m->size)) - 1;

        CU_ASSERT_EQUAL(f.nr_writes, 1);
        CU_ASSERT_EQUAL(c.memop.new_val, m->new_val);
        CU_ASSERT_EQUAL(fake_mem64(&f, m->off) & mask, m->new_val);
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

        fake_regs(&r);
        r.gpr[X86_GPR_RDX] = b;
        fin = 0x202 | (rnd() & X86_EFLAGS_ARITH);
        r.rflags = fin;
        fake_setup(&f, &c, &r, code, len);
        fake_set_mem64(&f, 0, a);

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
        fake_regs(&r);
        r.gpr[X86_GPR_RAX] = acc;
        r.gpr[X86_GPR_RDX] = src;
        r.rflags = fin;
        fake_setup(&fk, &c, &r, wide ? code64 : code32, wide ? 5 : 4);
        fake_set_mem64(&fk, 0, mem);
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
        if ( fake_mem64(&fk, 0) != hmem || r.gpr[X86_GPR_RAX] != hacc ||
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

        fake_regs(&r);
        r.gpr[X86_GPR_RDX] = (uint64_t)off;
        r.rflags = fin;
        fake_setup(&fk, &c, &r, code, n);
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

        fake_regs(&r);
        fake_setup(&f, &c, &r, t[i].s, t[i].e - t[i].s);
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

            fake_regs(&r);
            fake_setup(&f, &c, &r, t[i].s, len);
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
    fake_regs(&r);
    r.gpr[X86_GPR_RBX] = 0x7000;
    fake_setup(&f, &c, &r, m_or83, m_or83_end - m_or83);
    before = r;
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_EXCEPTION);
    CU_ASSERT_EQUAL(c.event.vector, X86_EXC_PF);
    CU_ASSERT_EQUAL(c.event.cr2, 0x7020);
    CU_ASSERT_EQUAL(f.nr_writes, 0);
    CU_ASSERT(!memcmp(&r, &before, sizeof(r)));

    /* Non-canonical address: #GP(0); with an RSP/RBP base: #SS(0). */
    fake_regs(&r);
    r.gpr[X86_GPR_RBX] = 0x0000800000000000ULL;
    fake_setup(&f, &c, &r, m_mov64, m_mov64_end - m_mov64);
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_EXCEPTION);
    CU_ASSERT_EQUAL(c.event.vector, X86_EXC_GP);
    CU_ASSERT(c.event.has_error_code && c.event.error_code == 0);
    fake_regs(&r);
    r.gpr[X86_GPR_RBP] = 0xffff000000000000ULL;
    fake_setup(&f, &c, &r, m_movbp, m_movbp_end - m_movbp);
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_EXCEPTION);
    CU_ASSERT_EQUAL(c.event.vector, X86_EXC_SS);
    /* FS-relative non-canonical: #GP even with an RBP base. */
    fake_regs(&r);
    fake_setup(&f, &c, &r, m_movfs, m_movfs_end - m_movfs);
    c.fs_base = 0x8000000000000000ULL;
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_EXCEPTION);
    CU_ASSERT_EQUAL(c.event.vector, X86_EXC_GP);

    /* write() asks for a retry: reported, registers untouched. */
    fake_regs(&r);
    fake_setup(&f, &c, &r, m_xchg64, m_xchg64_end - m_xchg64);
    f.write_rc = X86EMUL_RETRY;
    before = r;
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_RETRY);
    CU_ASSERT(!memcmp(&r, &before, sizeof(r)));

    /* Memory changed between read and cmpxchg-write: RETRY. */
    fake_regs(&r);
    fake_setup(&f, &c, &r, m_btsimm, m_btsimm_end - m_btsimm);
    f.race = true;
    before = r;
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_RETRY);
    CU_ASSERT(!memcmp(&r, &before, sizeof(r)));

    /* write() reports EXCEPTION without an event: UNHANDLEABLE. */
    fake_regs(&r);
    fake_setup(&f, &c, &r, m_mov64, m_mov64_end - m_mov64);
    f.write_rc = X86EMUL_EXCEPTION;
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_UNHANDLEABLE);

    /* REP STOS: one element per call, RIP stays until RCX hits zero. */
    {
        static const uint8_t rep_stosb[] = { 0xf3, 0xaa };

        fake_regs(&r);
        r.gpr[X86_GPR_RCX] = 2;
        fake_setup(&f, &c, &r, rep_stosb, 2);
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


/* ------------------------------------------------------------------------ */
/*
 * Non-canonical operands: #SS(0) when the reference is SS-based (base
 * register RSP or RBP, the full register number: R12/R13 are DS-based), #GP(0)
 * otherwise, for every form the emulator handles (SDM Vol. 3 6.15 "#SS" and
 * "#GP" in 64-bit mode; CS/DS/ES/SS overrides are ignored in 64-bit mode,
 * FS/GS overrides make the reference FS/GS-based). Nothing is read or written.
 */
INSN(s_mov_rsp, "movq %rax, (%rsp)");
INSN(s_mov_rbp, "movq %rax, 8(%rbp)");
INSN(s_mov_sib_rsp, "movq %rax, 8(%rsp,%rcx,1)");
INSN(s_mov_sib_rbp, "movl %eax, (%rbp,%rcx,4)");
INSN(s_mov_idx_rbp, "movq %rax, (%rbx,%rbp,1)");
INSN(s_mov_r12, "movq %rax, (%r12)");
INSN(s_mov_r13, "movq %rax, 8(%r13)");
INSN(s_mov_sib_r13, "movq %rax, (%r13,%rcx,2)");
INSN(s_mov_ss_rbx, ".byte 0x36\n\tmovq %rax, (%rbx)");
INSN(s_mov_ds_rbp, ".byte 0x3e\n\tmovq %rax, 8(%rbp)");
INSN(s_mov_fs_rbp, "movq %rax, %fs:8(%rbp)");
INSN(s_imm_rbp, "movb $1, 1(%rbp)");
INSN(s_xchg_rsp, "xchgq %rdx, (%rsp)");
INSN(s_cx_rbp, "lock cmpxchgq %r8, 0x18(%rbp)");
INSN(s_cx8b_rsp, "lock cmpxchg8b (%rsp)");
INSN(s_or_rbp, "lock orq $0x10, 0x20(%rbp)");
INSN(s_add_rsp, "lock addq %rax, 8(%rsp)");
INSN(s_xadd_rbp, "lock xaddq %rcx, 8(%rbp)");
INSN(s_bts_rsp, "lock btsq $4, 8(%rsp)");
INSN(s_btr_rbp, "lock btrq %rcx, 8(%rbp)");
INSN(s_stos_rsp, "stosq");              /* ES:rDI even with RSP set wild */

static const struct ss_case {
    const char *name;
    const uint8_t *code, *end;
    uint8_t vector;
} ss_cases[] = {
    { "mov (rsp)", BYTES(s_mov_rsp), X86_EXC_SS },
    { "mov 8(rbp)", BYTES(s_mov_rbp), X86_EXC_SS },
    { "mov sib base rsp", BYTES(s_mov_sib_rsp), X86_EXC_SS },
    { "mov sib base rbp", BYTES(s_mov_sib_rbp), X86_EXC_SS },
    { "mov sib index rbp", BYTES(s_mov_idx_rbp), X86_EXC_GP },
    { "mov (r12)", BYTES(s_mov_r12), X86_EXC_GP },
    { "mov 8(r13)", BYTES(s_mov_r13), X86_EXC_GP },
    { "mov sib base r13", BYTES(s_mov_sib_r13), X86_EXC_GP },
    { "ss: mov (rbx)", BYTES(s_mov_ss_rbx), X86_EXC_GP },
    { "ds: mov 8(rbp)", BYTES(s_mov_ds_rbp), X86_EXC_SS },
    { "fs: mov 8(rbp)", BYTES(s_mov_fs_rbp), X86_EXC_GP },
    { "mov imm 1(rbp)", BYTES(s_imm_rbp), X86_EXC_SS },
    { "xchg (rsp)", BYTES(s_xchg_rsp), X86_EXC_SS },
    { "cmpxchg (rbp)", BYTES(s_cx_rbp), X86_EXC_SS },
    { "cmpxchg8b (rsp)", BYTES(s_cx8b_rsp), X86_EXC_SS },
    { "or imm (rbp)", BYTES(s_or_rbp), X86_EXC_SS },
    { "add (rsp)", BYTES(s_add_rsp), X86_EXC_SS },
    { "xadd (rbp)", BYTES(s_xadd_rbp), X86_EXC_SS },
    { "bts imm (rsp)", BYTES(s_bts_rsp), X86_EXC_SS },
    { "btr reg (rbp)", BYTES(s_btr_rbp), X86_EXC_SS },
    { "stos rdi", BYTES(s_stos_rsp), X86_EXC_GP },
};

static void test_stack_segment_faults(void)
{
    /* Far outside the canonical range whatever index or displacement adds. */
    const uint64_t wild = 0x4000000000000000ULL;

    for ( size_t i = 0; i < ARRAY_SIZE(ss_cases); i++ )
    {
        const struct ss_case *sc = &ss_cases[i];
        struct fake f;
        struct x86_emulate_ctxt c;
        struct emul_regs r, before;
        int rc;

        fake_regs(&r);
        /* Every register a form may use as base or index goes wild. */
        r.gpr[X86_GPR_RSP] = r.gpr[X86_GPR_RBP] = wild;
        r.gpr[X86_GPR_RBX] = r.gpr[X86_GPR_R12] = wild;
        r.gpr[X86_GPR_R13] = r.gpr[X86_GPR_RDI] = wild;
        r.gpr[X86_GPR_RCX] = 0;
        fake_setup(&f, &c, &r, sc->code, sc->end - sc->code);
        before = r;
        rc = x86_emulate_memop(&c);
        if ( rc != X86EMUL_EXCEPTION || c.event.vector != sc->vector ||
             !c.event.has_error_code || c.event.error_code != 0 )
            fprintf(stderr, "  %s: rc %d vector %u (want %u)\n", sc->name,
                    rc, c.event.vector, sc->vector);
        CU_ASSERT_EQUAL(rc, X86EMUL_EXCEPTION);
        CU_ASSERT_EQUAL(c.event.vector, sc->vector);
        CU_ASSERT(c.event.has_error_code && c.event.error_code == 0);
        CU_ASSERT_EQUAL(f.nr_reads + f.nr_writes, 0);
        CU_ASSERT(!memcmp(&r, &before, sizeof(r)));
    }
}

static CU_TestInfo x86_emulate_cases[] = {
    { "memop_forms", test_memop_forms },
    { "alu_flags_vs_host", test_alu_flags_vs_host },
    { "cmpxchg_vs_host", test_cmpxchg_vs_host },
    { "bitops_vs_host", test_bitops_vs_host },
    { "memop_unhandleable", test_memop_unhandleable },
    { "fetch_fault_every_byte", test_fetch_fault_every_byte },
    { "memop_faults_and_retry", test_memop_faults_and_retry },
    { "stack_segment_faults", test_stack_segment_faults },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("x86_emulate", NULL, NULL, x86_emulate_cases);
