/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host tests of xenolite-pygrub (dom0-tools/bootloader): grub.cfg and
 * extlinux.conf parsing (Debian's shapes: nested if blocks, submenus,
 * device prefixes, default by number and by title, errors), MBR and GPT
 * partition tables, and the built tool on ext4 images made with mke2fs -d
 * (bare and behind an MBR), checking pygrub's output formats and that the
 * copied kernel and initrd hold the image's bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bootcfg.h"
#include "disk.h"
#include "harness.h"

static const char debian_cfg[] =
    "# DO NOT EDIT\n"
    "set default=\"Debian GNU/Linux, with Linux 6.1-old\"\n"
    "if [ x\"${feature_menuentry_id}\" = xy ]; then\n"
    "  menuentry_id_option=\"--id\"\n"
    "fi\n"
    "menuentry 'Debian GNU/Linux' --class debian $menuentry_id_option 'gnulinux-simple' {\n"
    "\tload_video\n"
    "\tif [ x$grub_platform = xxen ]; then insmod xzio; fi\n"
    "\tif [ x$feature_platform_search_hint = xy ]; then\n"
    "\t  search --no-floppy --fs-uuid --set=root 1234\n"
    "\telse\n"
    "\t  search --no-floppy --fs-uuid --set=root 1234\n"
    "\tfi\n"
    "\tlinux\t/boot/vmlinuz-6.1 root=UUID=1234 ro  quiet\n"
    "\tinitrd\t/boot/initrd.img-6.1\n"
    "}\n"
    "submenu 'Advanced options for Debian GNU/Linux' $menuentry_id_option 'adv' {\n"
    "menuentry \"Debian GNU/Linux, with Linux 6.1-old\" {\n"
    "\tlinux (hd0,msdos1)/boot/vmlinuz-old root=/dev/xvda1 single\n"
    "}\n"
    "}\n"
    "menuentry 'Memory test' {\n"
    "\tinsmod part_msdos\n"
    "}\n";

static void test_grub(void)
{
    struct bl_menu m;
    char err[BL_STR];

    CU_ASSERT_EQUAL_FATAL(bl_parse(debian_cfg, 1, &m, err), 0);
    CU_ASSERT_EQUAL(m.n, 2);                    /* memtest has no kernel */
    CU_ASSERT_STRING_EQUAL(m.e[0].title, "Debian GNU/Linux");
    CU_ASSERT_STRING_EQUAL(m.e[0].kernel, "/boot/vmlinuz-6.1");
    CU_ASSERT_STRING_EQUAL(m.e[0].initrd, "/boot/initrd.img-6.1");
    CU_ASSERT_STRING_EQUAL(m.e[0].args, "root=UUID=1234 ro  quiet");
    CU_ASSERT_STRING_EQUAL(m.e[1].kernel, "/boot/vmlinuz-old");
    CU_ASSERT_STRING_EQUAL(m.e[1].initrd, "");
    CU_ASSERT_EQUAL(m.deflt, 1);                /* by title */

    CU_ASSERT_EQUAL(bl_parse("set default=1\nmenuentry a {\nlinux /a\n}\n"
                             "menuentry 'b c' {\nlinux /b x=1\n}\n", 1, &m,
                             err), 0);
    CU_ASSERT_EQUAL(m.deflt, 1);
    CU_ASSERT_STRING_EQUAL(m.e[1].title, "b c");
    CU_ASSERT_STRING_EQUAL(m.e[1].args, "x=1");
    CU_ASSERT_EQUAL(bl_parse("set default=7\nmenuentry a {\nlinux /a\n}\n",
                             1, &m, err), 0);
    CU_ASSERT_EQUAL(m.deflt, 0);                /* out of range */

    CU_ASSERT_EQUAL(bl_parse("menuentry a {\nlinux /a\n", 1, &m, err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "not closed"));
    CU_ASSERT_EQUAL(bl_parse("menuentry a\nlinux /a\n}\n", 1, &m, err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "line 1"));
    CU_ASSERT_EQUAL(bl_parse("insmod gzio\n", 1, &m, err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "no boot entry"));
}

static void test_extlinux(void)
{
    struct bl_menu m;
    char err[BL_STR];

    CU_ASSERT_EQUAL_FATAL(bl_parse(
        "# extlinux\nDEFAULT debian\nTIMEOUT 50\n"
        "LABEL rescue\n  KERNEL /boot/vmlinuz-r\n  APPEND single\n"
        "label debian\n  linux /boot/vmlinuz\n"
        "  append initrd=/boot/initrd.img root=/dev/xvda1 ro\n",
        0, &m, err), 0);
    CU_ASSERT_EQUAL(m.n, 2);
    CU_ASSERT_EQUAL(m.deflt, 1);
    CU_ASSERT_STRING_EQUAL(m.e[1].kernel, "/boot/vmlinuz");
    CU_ASSERT_STRING_EQUAL(m.e[1].initrd, "/boot/initrd.img");
    CU_ASSERT_STRING_EQUAL(m.e[1].args,
                           "initrd=/boot/initrd.img root=/dev/xvda1 ro");
    CU_ASSERT_STRING_EQUAL(m.e[0].args, "single");
    CU_ASSERT_EQUAL(bl_parse("LABEL x\nINITRD /i\nKERNEL /k\n", 0, &m, err),
                    0);
    CU_ASSERT_STRING_EQUAL(m.e[0].initrd, "/i");
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

static void test_partitions(void)
{
    static uint8_t head[65536];
    uint64_t off[BL_MAX_PARTS];

    CU_ASSERT_EQUAL(bl_partitions(head, sizeof(head), off), 1);
    CU_ASSERT_EQUAL(off[0], 0);
    head[510] = 0x55;
    head[511] = 0xaa;
    head[446 + 4] = 0x83;                       /* Linux at LBA 2048 */
    put32(head + 446 + 8, 2048);
    head[446 + 16 + 4] = 0x82;                  /* swap at LBA 99999 */
    put32(head + 446 + 16 + 8, 99999);
    CU_ASSERT_EQUAL(bl_partitions(head, sizeof(head), off), 3);
    CU_ASSERT_EQUAL(off[1], 2048 * 512);
    CU_ASSERT_EQUAL(off[2], 99999ull * 512);
    CU_ASSERT_EQUAL(bl_partitions(head, 100, off), 1);   /* too short */

    /* GPT: protective MBR, header at LBA 1, entries at LBA 2. */
    memset(head + 446, 0, 64);
    head[446 + 4] = 0xee;
    memcpy(head + 512, "EFI PART", 8);
    put32(head + 512 + 72, 2);
    put32(head + 512 + 80, 128);
    put32(head + 512 + 84, 128);
    head[1024] = 0xaf;                          /* entry 0 used */
    put32(head + 1024 + 32, 4096);
    head[1024 + 2 * 128] = 0x0f;                /* entry 2 used */
    put32(head + 1024 + 2 * 128 + 32, 1);
    put32(head + 1024 + 2 * 128 + 36, 1);       /* LBA 2^32 + 1 */
    CU_ASSERT_EQUAL(bl_partitions(head, sizeof(head), off), 3);
    CU_ASSERT_EQUAL(off[1], 4096 * 512);
    CU_ASSERT_EQUAL(off[2], ((1ull << 32) + 1) * 512);
    put32(head + 512 + 72, 1000);               /* entries outside head */
    CU_ASSERT_EQUAL(bl_partitions(head, sizeof(head), off), 1);
}

/* Runs cmd, returns its stdout (malloc'ed, NUL-terminated) or NULL. */
static char *run(const char *cmd, size_t *len)
{
    FILE *p = popen(cmd, "r");
    char *buf = calloc(1, 65536);
    size_t n = 0;

    if (!p || !buf)
        return NULL;
    n = fread(buf, 1, 65535, p);
    *len = n;
    if (pclose(p)) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int same_file(const char *path, const char *content)
{
    FILE *f = fopen(path, "rb");
    char buf[256] = "";
    size_t n;

    if (!f)
        return 0;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    return !strcmp(buf, content);
}

static void test_image(void)
{
    char dir[] = "/tmp/xenolite-pygrub-XXXXXX", cmd[1024], k[256], r[256];
    char *out;
    size_t len;

    if (system("command -v mke2fs >/dev/null 2>&1")) {
        printf("SKIP: bootloader/image: mke2fs not installed\n");
        return;
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    snprintf(cmd, sizeof(cmd),
             "set -e; cd %s; mkdir -p root/boot/grub out;"
             "printf 'KERNEL-BYTES' > root/boot/vmlinuz-6.1;"
             "printf 'INITRD-BYTES' > root/boot/initrd.img-6.1;"
             "ln -s boot/vmlinuz-6.1 root/vmlinuz;"
             "printf 'set default=\"1\"\\nmenuentry a {\\n linux /nope\\n}\\n"
             "menuentry \"Debian\" {\\n linux /vmlinuz root=/dev/xvda1 ro\\n"
             " initrd /boot/initrd.img-6.1\\n}\\n' > root/boot/grub/grub.cfg;"
             "mke2fs -q -F -t ext4 -d root fs.img 4M >/dev/null 2>&1;"
             /* The same file system at LBA 2048 behind an MBR. */
             "dd if=/dev/zero of=disk.img bs=1M count=1 status=none;"
             "printf '\\203' | dd of=disk.img bs=1 seek=450 conv=notrunc status=none;"
             "printf '\\000\\010' | dd of=disk.img bs=1 seek=454 conv=notrunc status=none;"
             "printf '\\125\\252' | dd of=disk.img bs=1 seek=510 conv=notrunc status=none;"
             "cat fs.img >> disk.img", dir);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);

    for (int img = 0; img < 2; img++) {
        snprintf(cmd, sizeof(cmd), "%s -q --output-directory=%s/out "
                 "--args='console=hvc0' %s/%s", BL_PYGRUB, dir, dir,
                 img ? "disk.img" : "fs.img");
        out = run(cmd, &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        CU_ASSERT_EQUAL_FATAL(sscanf(out, "linux (kernel %255[^)])(ramdisk "
                                     "%255[^)])", k, r), 2);
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "(args \"root=/dev/xvda1 ro "
                                      "console=hvc0\")"));
        CU_ASSERT(same_file(k, "KERNEL-BYTES"));
        CU_ASSERT(same_file(r, "INITRD-BYTES"));
        free(out);
    }
    /* simple0, an entry by number, --output. */
    snprintf(cmd, sizeof(cmd), "%s -q -n --entry=0 --output-format=simple0 "
             "--output=%s/o %s/fs.img && cat %s/o", BL_PYGRUB, dir, dir, dir);
    out = run(cmd, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(len, sizeof("kernel /nope"));
    CU_ASSERT_STRING_EQUAL(out, "kernel /nope");
    free(out);
    /* Errors name the problem and exit 1. */
    snprintf(cmd, sizeof(cmd), "%s -q --entry=Nope %s/fs.img 2>&1; echo rc=$?",
             BL_PYGRUB, dir);
    out = run(cmd, &len);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "no boot entry 'Nope'"));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "rc=1"));
    free(out);
    snprintf(cmd, sizeof(cmd), "%s -q --entry=0 --output-directory=%s/out "
             "%s/fs.img 2>&1; echo rc=$?", BL_PYGRUB, dir, dir);
    out = run(cmd, &len);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "cannot read '/nope'"));
    free(out);
    snprintf(cmd, sizeof(cmd), "%s -q %s/out 2>&1; %s /dev/null 2>&1; "
             "echo rc=$?", BL_PYGRUB, dir, BL_PYGRUB);
    out = run(cmd, &len);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "cannot read disk image"));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "no ext2/3/4 file system"));
    free(out);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

static CU_TestInfo cases[] = {
    { "grub", test_grub },
    { "extlinux", test_extlinux },
    { "partitions", test_partitions },
    { "image", test_image },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("bootloader", NULL, NULL, cases);
