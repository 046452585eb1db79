/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake guest for the x86 decoder/emulator unit tests (test_x86_emulate.c,
 * test_x86_decode.c): code at any RIP, MEM_SIZE bytes of data memory at MEM
 * behind x86_emulate_ops callbacks that count accesses and can fault, race
 * or fail on request, a fixed register file, and a reproducible PRNG.
 */
#ifndef UNIT_FAKE_X86_H
#define UNIT_FAKE_X86_H

#include <xen/types.h>
#include <asm/x86_emulate.h>
#include "insn.h"

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

/*
 * Registers: RBX = MEM, RSP/RBP/RDI/R12 point into MEM, R10 = MEM + 0x18
 * with junk above bit 31, the rest distinct values; RIP = CODE.
 */
void fake_regs(struct emul_regs *r);
/*
 * Reset f (MEM byte i = 0xf0 ^ i, no injected faults, code at r->rip), point
 * the context c at f, r and the callbacks; FS base MEM, GS base 0x20.
 */
void fake_setup(struct fake *f, struct x86_emulate_ctxt *c,
                struct emul_regs *r, const uint8_t *code, size_t len);
/* Little-endian 64-bit access to MEM at offset off (clipped at the end). */
uint64_t fake_mem64(const struct fake *f, unsigned int off);
void fake_set_mem64(struct fake *f, unsigned int off, uint64_t v);

/* xorshift64*: fixed seed, reproducible; rnd_seed() restarts it. */
uint64_t rnd(void);
void rnd_seed(uint64_t seed);

#endif /* UNIT_FAKE_X86_H */
