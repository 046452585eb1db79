/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot menus of a guest disk for xenolite-pygrub: GRUB 2's grub.cfg
 * (menuentry, linux, initrd, set default, set root) and extlinux.conf /
 * syslinux.cfg (DEFAULT, LABEL, KERNEL/LINUX, APPEND, INITRD). Pure text
 * parsing, host-tested (tests/unit/test_bootloader.c).
 */
#ifndef BL_BOOTCFG_H
#define BL_BOOTCFG_H

#define BL_MAX_ENTRIES 32
#define BL_STR 512

struct bl_entry {
    char title[BL_STR];
    char kernel[BL_STR];        /* path inside the file system */
    char initrd[BL_STR];        /* "" if none */
    char args[BL_STR];          /* kernel command line */
};

struct bl_menu {
    struct bl_entry e[BL_MAX_ENTRIES];
    int n;
    int deflt;                  /* index into e[] */
};

/*
 * Parse text (NUL-terminated) as grub.cfg (grub = 1) or extlinux.conf.
 * Returns 0, or -1 with err (size BL_STR) saying which line is wrong.
 * Entries without a kernel are dropped; the default is clamped into range.
 */
int bl_parse(const char *text, int grub, struct bl_menu *m, char *err);

#endif /* BL_BOOTCFG_H */
