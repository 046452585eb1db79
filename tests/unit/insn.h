/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Instruction bytes from the host assembler for emulator unit tests, so that
 * encodings are never typed by hand: INSN(name, "asm text") defines the
 * read-only byte arrays name[] .. name_end[]; BYTES(name) expands to both.
 */
#ifndef UNIT_INSN_H
#define UNIT_INSN_H

#include <stdint.h>

#define INSN(name, text)                                                 \
    extern const uint8_t name[] __attribute__((visibility("hidden")));   \
    extern const uint8_t name##_end[] __attribute__((visibility("hidden"))); \
    asm(".pushsection .rodata.x86emu,\"a\"\n"                             \
        ".globl " #name "\n.globl " #name "_end\n"                       \
        ".hidden " #name "\n.hidden " #name "_end\n"                     \
        #name ":\n\t" text "\n" #name "_end:\n.popsection\n")

#define BYTES(n) n, n##_end

#endif /* UNIT_INSN_H */
