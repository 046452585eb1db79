/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the x86 decoder and privileged-instruction classifier
 * (xen/arch/x86/x86_emulate_decode.c, pv/emul-priv-decode.c) on the fake guest
 * of fake_x86.c: prefix runs and register helpers, instruction lengths
 * against the host assembler, privileged-op classification and string I/O
 * stepping, and a fixed-seed fuzz run checking that random bytes never crash
 * the decoder or make it fetch past 15 bytes. Memory operands:
 * test_x86_emulate.c.
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <asm/x86_emulate.h>
#include "harness.h"
#include "fake_x86.h"

/* Also in test_x86_emulate.c's known-answer table. */
INSN(d_mov64, "movq %rax, (%rbx)");
INSN(d_movimm64, "movq $-2, 0x30(%rbx)");

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
    fake_regs(&r);
    fake_setup(&f, &c, &r, buf, sizeof(buf));
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_UNHANDLEABLE);
    CU_ASSERT(f.max_end <= 15);
    CU_ASSERT_EQUAL(f.nr_writes, 0);
    /* 12 prefixes + 3 = 15: fine. */
    fake_regs(&r);
    fake_setup(&f, &c, &r, buf + 2, 15);
    CU_ASSERT_EQUAL(x86_emulate_memop(&c), X86EMUL_OKAY);
    CU_ASSERT_EQUAL(r.rip, CODE + 15);
    /* Truncated buffer: -EFAULT from the length decoder. */
    CU_ASSERT_EQUAL(x86_insn_length(d_movimm64, 5), -EFAULT);
    CU_ASSERT_EQUAL(x86_insn_length(d_movimm64, 0), -EFAULT);
}

static void test_gpr_helpers(void)
{
    struct emul_regs r;

    fake_regs(&r);
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

        fake_regs(&r);
        fake_setup(&f, &c, &r, p->code, len);
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
        { BYTES(d_mov64), X86EMUL_UNHANDLEABLE },
    };
    struct fake f;
    struct x86_emulate_ctxt c;
    struct emul_regs r;
    struct x86_priv_insn pi;

    for ( size_t i = 0; i < ARRAY_SIZE(t); i++ )
    {
        fake_regs(&r);
        fake_setup(&f, &c, &r, t[i].s, t[i].e - t[i].s);
        CU_ASSERT_EQUAL(x86_decode_priv(&c, &pi), t[i].rc);
        CU_ASSERT_EQUAL(pi.kind, X86_PRIV_NONE);
    }

    /* A 1-byte CLI as the last mapped byte: the FEP probe must not fault. */
    fake_regs(&r);
    fake_setup(&f, &c, &r, p_cli, 1);
    CU_ASSERT_EQUAL(x86_decode_priv(&c, &pi), X86EMUL_OKAY);
    CU_ASSERT_EQUAL(pi.kind, X86_PRIV_CLI);
    CU_ASSERT(!c.event.pending);

    /* FEP + CPUID with the CPUID bytes unmapped: #PF at rip + 5. */
    fake_regs(&r);
    fake_setup(&f, &c, &r, p_fepcpuid, 6);
    CU_ASSERT_EQUAL(x86_decode_priv(&c, &pi), X86EMUL_EXCEPTION);
    CU_ASSERT_EQUAL(c.event.vector, X86_EXC_PF);
    CU_ASSERT_EQUAL(c.event.cr2, CODE + 6);

    /* LMSW from a non-canonical address: #GP(0). */
    fake_regs(&r);
    r.gpr[X86_GPR_RBX] = 0x0000900000000000ULL;
    fake_setup(&f, &c, &r, p_lmswmem, p_lmswmem_end - p_lmswmem);
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

    fake_regs(&r);
    r.gpr[X86_GPR_RCX] = 3;
    r.gpr[X86_GPR_RSI] = 0x100;
    fake_setup(&f, &c, &r, p_repoutsb, p_repoutsb_end - p_repoutsb);
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
    fake_regs(&r);
    fake_setup(&f, &c, &r, p_outsfs, p_outsfs_end - p_outsfs);
    CU_ASSERT_EQUAL_FATAL(x86_decode_priv(&c, &pi), X86EMUL_OKAY);
    CU_ASSERT_EQUAL(x86_priv_string_addr(&c, &pi), MEM + 0x10);

    /* addr32 INSB with DF: EDI wraps and zero-extends. */
    fake_regs(&r);
    r.gpr[X86_GPR_RDI] = 0xffffffff00000000ULL;
    r.rflags |= X86_EFLAGS_DF;
    fake_setup(&f, &c, &r, p_insa32, p_insa32_end - p_insa32);
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

    rnd_seed(0x0123456789abcdefULL);
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

        fake_regs(&r);
        for ( unsigned int i = 0; i < 16; i++ )
            r.gpr[i] = (iter & 2) ? rnd() : MEM + (rnd() & 0xff);
        r.rflags = 0x202 | (rnd() & (X86_EFLAGS_ARITH | X86_EFLAGS_DF));
        fake_setup(&f, &c, &r, code, len);
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

        fake_regs(&r);
        fake_setup(&f, &c, &r, code, len);
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


static CU_TestInfo x86_decode_cases[] = {
    { "prefix_runs", test_prefix_runs },
    { "gpr_helpers", test_gpr_helpers },
    { "length_vs_assembler", test_length_vs_assembler },
    { "priv_classify", test_priv_classify },
    { "priv_rejects", test_priv_rejects },
    { "priv_string", test_priv_string },
    { "fuzz", test_fuzz },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("x86_decode", NULL, NULL, x86_decode_cases);
