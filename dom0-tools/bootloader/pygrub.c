/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenolite-pygrub: Xen's pygrub for xl's bootloader= step. Finds the boot
 * menu on a guest disk image (a bare ext2/3/4 file system or one of its
 * MBR/GPT partitions) with libext2fs, picks an entry, copies its kernel and
 * initrd out to files and prints them in pygrub's output format:
 *   sxp:     linux (kernel PATH)(ramdisk PATH)(args "ARGS")
 *   simple:  kernel PATH\nramdisk PATH\nargs ARGS\n   (simple0: NULs)
 * The menu is never interactive (as pygrub -q).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <et/com_err.h>
#include <ext2fs/ext2fs.h>

#include "bootcfg.h"
#include "disk.h"

static const char *const cfg_paths[] = {
    "/boot/grub/grub.cfg", "/grub/grub.cfg", "/boot/grub2/grub.cfg",
    "/grub2/grub.cfg", "/boot/extlinux/extlinux.conf",
    "/extlinux/extlinux.conf", "/boot/extlinux.conf", "/extlinux.conf",
    "/boot/syslinux/syslinux.cfg", "/syslinux/syslinux.cfg",
};

static int quiet;

static void die(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "xenolite-pygrub: ");
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    exit(1);
}

/* Reads path (following symlinks) from fs into a malloc'ed buffer + NUL. */
static char *fs_read(ext2_filsys fs, const char *path, size_t *len)
{
    ext2_ino_t ino;
    ext2_file_t f;
    __u64 size;
    unsigned int got;
    char *buf;
    size_t n = 0;

    if (ext2fs_namei_follow(fs, EXT2_ROOT_INO, EXT2_ROOT_INO, path, &ino) ||
        ext2fs_file_open(fs, ino, 0, &f))
        return NULL;
    size = ext2fs_file_get_size(f);
    if (size > (1ull << 30) || !(buf = malloc(size + 1))) {
        ext2fs_file_close(f);
        return NULL;
    }
    while (n < size && !ext2fs_file_read(f, buf + n, size - n > (1u << 24) ?
                                         1u << 24 : size - n, &got) && got)
        n += got;
    ext2fs_file_close(f);
    if (n != size) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Opens the first file system of the image that has a boot menu. */
static ext2_filsys open_fs(const char *disk, char **cfg, int *grub)
{
    uint8_t head[65536];
    uint64_t off[BL_MAX_PARTS];
    ssize_t len;
    int fd = open(disk, O_RDONLY), n;

    if (fd < 0)
        die("cannot open disk image '%s': %s", disk, strerror(errno));
    len = read(fd, head, sizeof(head));
    close(fd);
    if (len < 0)
        die("cannot read disk image '%s': %s", disk, strerror(errno));
    n = bl_partitions(head, len, off);
    for (int i = 0; i < n; i++) {
        char opts[64];
        ext2_filsys fs;

        snprintf(opts, sizeof(opts), "offset=%llu", (unsigned long long)off[i]);
        if (ext2fs_open2(disk, opts, 0, 0, 0, unix_io_manager, &fs))
            continue;
        for (size_t c = 0; c < sizeof(cfg_paths) / sizeof(cfg_paths[0]); c++) {
            size_t l;

            if ((*cfg = fs_read(fs, cfg_paths[c], &l))) {
                *grub = strstr(cfg_paths[c], "grub") != NULL;
                if (!quiet)
                    fprintf(stderr, "xenolite-pygrub: using %s (file system "
                            "at byte %llu)\n", cfg_paths[c],
                            (unsigned long long)off[i]);
                return fs;
            }
        }
        ext2fs_close_free(&fs);
    }
    die("no ext2/3/4 file system with /boot/grub/grub.cfg or extlinux.conf "
        "in '%s'%s", disk, " (bare or in an MBR/GPT partition)");
    return NULL;
}

/* Copies path out of fs into a new file in dir; returns its name. */
static char *copy_out(ext2_filsys fs, const char *path, const char *dir,
                      const char *prefix)
{
    size_t len;
    char *data = fs_read(fs, path, &len), *name;
    int fd;

    if (!data)
        die("cannot read '%s' from the guest's file system%s", path,
            " (named by its boot menu)");
    if (asprintf(&name, "%s/%sXXXXXX", dir, prefix) < 0 ||
        (fd = mkstemp(name)) < 0)
        die("cannot create a file in '%s': %s", dir, strerror(errno));
    if (write(fd, data, len) != (ssize_t)len || close(fd))
        die("cannot write '%s': %s", name, strerror(errno));
    free(data);
    return name;
}

/* mkdir -p: the default /var/run/xen/pygrub may not exist yet. */
static int mkdir_p(const char *dir)
{
    char path[4096];

    snprintf(path, sizeof(path), "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0755) && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(path, 0700) && errno != EEXIST ? -1 : 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: xenolite-pygrub [-q] [-l] [-n] [--entry=N|TITLE] "
            "[--args=ARGS]\n  [--output=FILE] [--output-format=sxp|simple|"
            "simple0] [--output-directory=DIR] DISK-IMAGE\n");
    exit(2);
}

static void print_out(FILE *o, const char *fmt, const char *k,
                      const char *r, const char *a)
{
    if (!strcmp(fmt, "sxp")) {
        fprintf(o, "linux (kernel %s)", k);
        if (r)
            fprintf(o, "(ramdisk %s)", r);
        if (*a)
            fprintf(o, "(args \"%s\")", a);
        fputc('\n', o);
        return;
    }
    char sep = strcmp(fmt, "simple0") ? '\n' : '\0';

    /* strchr finds the terminating NUL: simple0 never needs the check. */
    if (sep && (strchr(a, sep) || strchr(k, sep) || (r && strchr(r, sep))))
        die("the %s output format cannot hold a value containing its "
            "separator%s", fmt, "");
    fprintf(o, "kernel %s%c", k, sep);
    if (r)
        fprintf(o, "ramdisk %s%c", r, sep);
    if (*a)
        fprintf(o, "args %s%c", a, sep);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "quiet", no_argument, NULL, 'q' },
        { "list-entries", no_argument, NULL, 'l' },
        { "not-really", no_argument, NULL, 'n' },
        { "interactive", no_argument, NULL, 'i' },
        { "entry", required_argument, NULL, 'E' },
        { "args", required_argument, NULL, 'A' },
        { "output", required_argument, NULL, 'o' },
        { "output-format", required_argument, NULL, 'F' },
        { "output-directory", required_argument, NULL, 'D' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *entry = NULL, *extra = "", *output = NULL, *fmt = "sxp";
    const char *dir = "/var/run/xen/pygrub";
    int list = 0, dry = 0, grub = 0, c, pick;
    char err[BL_STR], *cfg, *endp, args[2 * BL_STR + 2];
    char *kernel, *ramdisk = NULL;
    struct bl_menu m;
    ext2_filsys fs;
    FILE *o = stdout;

    while ((c = getopt_long(argc, argv, "qlnih", opts, NULL)) != -1) {
        switch (c) {
        case 'q': quiet = 1; break;
        case 'l': list = 1; break;
        case 'n': dry = 1; break;
        case 'E': entry = optarg; break;
        case 'A': extra = optarg; break;
        case 'o': output = optarg; break;
        case 'D': dir = optarg; break;
        case 'F':
            if (strcmp(optarg, "sxp") && strcmp(optarg, "simple") &&
                strcmp(optarg, "simple0"))
                die("--output-format: '%s' is not sxp, simple or simple0%s",
                    optarg, "");
            fmt = optarg;
            break;
        case 'i':
            die("--interactive: %s%s", "Xenolite's pygrub has no menu; pick "
                "an entry with --entry", "");
            break;
        default:
            usage();
        }
    }
    if (optind != argc - 1)
        usage();
    initialize_ext2_error_table();
    fs = open_fs(argv[optind], &cfg, &grub);
    if (bl_parse(cfg, grub, &m, err))
        die("boot menu of '%s': %s", argv[optind], err);
    free(cfg);
    if (list) {
        for (int i = 0; i < m.n; i++)
            printf("%d: %s%s\n", i, m.e[i].title, i == m.deflt ? " (default)"
                   : "");
        ext2fs_close_free(&fs);
        return 0;
    }
    pick = m.deflt;
    if (entry) {
        long n = strtol(entry, &endp, 10);

        pick = -1;
        if (*entry && !*endp && n >= 0 && n < m.n)
            pick = (int)n;
        for (int i = 0; pick < 0 && i < m.n; i++)
            if (!strcmp(m.e[i].title, entry))
                pick = i;
        if (pick < 0)
            die("--entry: no boot entry '%s' (xenolite-pygrub -l %s lists "
                "them)", entry, argv[optind]);
    }
    /* --args (xl's extra=) is added to the entry's own command line. */
    snprintf(args, sizeof(args), "%s%s%s", m.e[pick].args,
             *m.e[pick].args && *extra ? " " : "", extra);
    if (!quiet)
        fprintf(stderr, "xenolite-pygrub: booting '%s'\n", m.e[pick].title);
    if (dry) {
        kernel = strdup(m.e[pick].kernel);
        ramdisk = m.e[pick].initrd[0] ? strdup(m.e[pick].initrd) : NULL;
    } else {
        if (mkdir_p(dir))
            die("cannot create '%s': %s", dir, strerror(errno));
        kernel = copy_out(fs, m.e[pick].kernel, dir, "boot_kernel.");
        if (m.e[pick].initrd[0])
            ramdisk = copy_out(fs, m.e[pick].initrd, dir, "boot_ramdisk.");
    }
    ext2fs_close_free(&fs);
    if (output && strcmp(output, "-") && !(o = fopen(output, "w")))
        die("cannot open --output '%s': %s", output, strerror(errno));
    print_out(o, fmt, kernel, ramdisk, args);
    if (fclose(o))
        die("cannot write the output%s%s", "", "");
    free(kernel);
    free(ramdisk);
    return 0;
}
