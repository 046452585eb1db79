/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Xen ELF notes (owner "Xen") as top-level asm: XT_ELFNOTE(type, directive,
 * value) emits one note into .note.Xen, e.g.
 * XT_ELFNOTE(XEN_ELFNOTE_GUEST_OS, ".asciz", "\"Xenolite-tests\"").
 */
#ifndef XT_ELFNOTE_H
#define XT_ELFNOTE_H

#define S_(x) #x
#define S(x) S_(x)

#define XT_ELFNOTE(type, directive, value)                                \
    asm (".pushsection .note.Xen, \"a\", @note\n\t"                       \
         ".balign 4\n\t"                                                  \
         ".long 2f - 1f, 4f - 3f, " S(type) "\n"                          \
         "1: .asciz \"Xen\"\n"                                            \
         "2: .balign 4\n"                                                 \
         "3: " directive " " value "\n"                                   \
         "4: .balign 4\n\t"                                               \
         ".popsection\n");

#endif /* XT_ELFNOTE_H */
