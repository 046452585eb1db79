/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzz the x86 decoder and memory-operand emulator
 * (xen/arch/x86/x86_emulate*.c) on the fake guest of tests/unit/fake_x86.c.
 * Input: a flags byte (any-address memory, racing memory, fetch fault
 * position, forced write result), one byte per GPR (keep, point into MEM, or
 * 8 literal bytes), an RFLAGS byte, then up to 32 code bytes at RIP.
 * Invariants: every entry point returns a documented code; no byte at or
 * beyond 15 past the instruction start (20 with the forced-emulation prefix)
 * is fetched; x86_emulate_memop changes registers and memory only when it
 * succeeds, then advances RIP by the decoded length (a REP string store may
 * stay on the instruction while it counts RCX down), which the length
 * decoder agrees with; x86_decode_priv never changes registers and its
 * length stays in bounds.
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <asm/x86_emulate.h>
#include "fake_x86.h"
#include "fuzz.h"

static bool valid_rc(int rc)
{
    return rc == X86EMUL_OKAY || rc == X86EMUL_UNHANDLEABLE ||
           rc == X86EMUL_EXCEPTION || rc == X86EMUL_RETRY;
}

struct setup {
    uint8_t flags, fault_at, rflags;
    struct emul_regs regs;
    uint8_t code[32];
    size_t len;
};

static void read_setup(struct fuzz_in *in, struct setup *s)
{
    s->flags = fin_u8(in);
    s->fault_at = fin_u8(in);
    fake_regs(&s->regs);
    for (unsigned int i = 0; i < 16; i++) {
        uint8_t b = fin_u8(in);

        if (b >= 0xc0)
            s->regs.gpr[i] = fin_u64(in);
        else if (b >= 0x80)
            s->regs.gpr[i] = MEM + (b & 0x3f) * 4;
    }
    s->rflags = fin_u8(in);
    s->regs.rflags = 0x202 | (s->rflags & (X86_EFLAGS_ARITH | X86_EFLAGS_DF));
    s->len = fin_bytes(in, s->code, sizeof(s->code));
}

static void prepare(const struct setup *s, struct fake *f,
                    struct x86_emulate_ctxt *c, struct emul_regs *r)
{
    *r = s->regs;
    fake_setup(f, c, r, s->code, s->len);
    f->any_addr = s->flags & 1;
    f->race = s->flags & 2;
    if (s->flags & 4)
        f->fault_at = s->fault_at % 24;
    if (s->flags & 8)
        f->write_rc = (s->flags & 0x10) ? X86EMUL_RETRY : X86EMUL_UNHANDLEABLE;
}

static void fuzz_memop(const struct setup *s)
{
    struct fake f;
    struct x86_emulate_ctxt c;
    struct emul_regs r;
    uint8_t mem_before[MEM_SIZE];
    int rc, l;

    prepare(s, &f, &c, &r);
    memcpy(mem_before, f.mem, sizeof(mem_before));
    rc = x86_emulate_memop(&c);
    FUZZ_CHECK(valid_rc(rc));
    FUZZ_CHECK(f.max_end <= 15);
    if (rc != X86EMUL_OKAY) {
        FUZZ_CHECK(!memcmp(&r, &s->regs, sizeof(r)));
        if (!f.race)
            FUZZ_CHECK(!memcmp(mem_before, f.mem, sizeof(mem_before)));
        return;
    }
    FUZZ_CHECK(c.insn.len >= 1 && c.insn.len <= 15);
    /* REP STOS stores one element and stays on the insn until RCX ends. */
    FUZZ_CHECK(r.rip == s->regs.rip + c.insn.len ||
               (c.insn.rep && r.rip == s->regs.rip &&
                r.gpr[X86_GPR_RCX] != s->regs.gpr[X86_GPR_RCX]));
    l = x86_insn_length(s->code, s->len);
    FUZZ_CHECK(l == c.insn.len);
}

static void fuzz_priv(const struct setup *s)
{
    struct fake f;
    struct x86_emulate_ctxt c;
    struct x86_priv_insn pi;
    struct emul_regs r;
    int rc;

    prepare(s, &f, &c, &r);
    memset(&pi, 0, sizeof(pi));
    rc = x86_decode_priv(&c, &pi);
    FUZZ_CHECK(valid_rc(rc));
    FUZZ_CHECK(!memcmp(&r, &s->regs, sizeof(r)));
    FUZZ_CHECK(f.max_end <= (pi.forced ? 20u : 15u));
    if (rc != X86EMUL_OKAY)
        return;
    FUZZ_CHECK(pi.len >= 1 && pi.len <= (pi.forced ? 20 : 15));
    if (pi.kind == X86_PRIV_INS || pi.kind == X86_PRIV_OUTS) {
        /* A few elements of string I/O, as the caller would step them. */
        for (unsigned int i = 0; i < 4 && !x86_priv_string_empty(&r, &pi); i++) {
            x86_priv_string_addr(&c, &pi);
            if (!x86_priv_string_advance(&r, &pi))
                break;
        }
        r.rip = s->regs.rip;
    }
    x86_priv_complete(&r, &pi);
    FUZZ_CHECK(r.rip == s->regs.rip + pi.len);
}

static void fuzz_decode(const struct setup *s)
{
    struct fake f;
    struct x86_emulate_ctxt c;
    struct emul_regs r;
    int rc, l;

    prepare(s, &f, &c, &r);
    rc = x86_decode_insn(&c);
    FUZZ_CHECK(rc == X86EMUL_OKAY || rc == X86EMUL_EXCEPTION ||
               rc == X86EMUL_UNHANDLEABLE);
    FUZZ_CHECK(f.max_end <= 15);
    l = x86_insn_length(s->code, s->len);
    FUZZ_CHECK(l == -EINVAL || l == -EFAULT ||
               (l >= 1 && l <= 15 && (size_t)l <= s->len));
    if (rc == X86EMUL_OKAY && !(s->flags & 4))
        FUZZ_CHECK(l == c.insn.len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = { data, size };
    struct setup s;

    read_setup(&in, &s);
    fuzz_decode(&s);
    fuzz_memop(&s);
    fuzz_priv(&s);
    return 0;
}
