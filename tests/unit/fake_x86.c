/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fake guest behind the x86 decoder/emulator unit tests: fetch, read and
 * write callbacks over a code buffer and MEM_SIZE bytes at MEM (see
 * fake_x86.h), the register file the tests start from, and the test PRNG.
 */
#include <xen/types.h>
#include <xen/lib.h>
#include "fake_x86.h"

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
    return addr >= MEM && addr - MEM <= MEM_SIZE - size;   /* no wrap */
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

uint64_t fake_mem64(const struct fake *f, unsigned int off)
{
    uint64_t v = 0;

    for ( unsigned int i = 0; i < 8 && off + i < MEM_SIZE; i++ )
        v |= (uint64_t)f->mem[off + i] << (8 * i);
    return v;
}

void fake_set_mem64(struct fake *f, unsigned int off, uint64_t v)
{
    for ( unsigned int i = 0; i < 8 && off + i < MEM_SIZE; i++ )
        f->mem[off + i] = v >> (8 * i);
}

void fake_regs(struct emul_regs *r)
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

void fake_setup(struct fake *f, struct x86_emulate_ctxt *c,
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

static uint64_t rng_state = 0x243f6a8885a308d3ULL;

void rnd_seed(uint64_t seed)
{
    rng_state = seed;
}

uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}
