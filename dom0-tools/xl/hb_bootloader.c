/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bootloader= (xl.cfg(5)): run the bootloader on the guest's first disk as
 * Xen's libxl does - --output=FILE --output-format=simple0
 * --output-directory=DIR [--args=CMDLINE] BOOTLOADER_ARGS... DISK - and boot
 * the kernel/ramdisk/args it prints ("kernel P\0ramdisk P\0args A\0").
 * "pygrub" means Xenolite's xenolite-pygrub (dom0-tools/bootloader); any
 * other name is looked up in PATH, a path is run as given. The kernel and
 * ramdisk files it leaves in DIR are deleted once the domain is built.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hb.h"
#include "xl_config.h"

#define HB_BOOT_DIR "/var/run/xen/pygrub"

static const struct xl_disk *boot_disk(const struct xl_domain_config *c)
{
    for (unsigned int i = 0; i < c->nr_disks; i++)
        if (c->disks[i].target && !c->disks[i].cdrom)
            return &c->disks[i];
    return NULL;
}

/* Reads the simple0 output file into b. */
static int parse_output(const char *bl, const char *path, struct hb_boot *b)
{
    char buf[8192];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

    if (f)
        fclose(f);
    buf[n] = '\0';
    for (size_t i = 0; i < n; i += strlen(buf + i) + 1) {
        const char *t = buf + i;
        char **dst = !strncmp(t, "kernel ", 7) ? &b->kernel :
                     !strncmp(t, "ramdisk ", 8) ? &b->ramdisk :
                     !strncmp(t, "args ", 5) ? &b->cmdline : NULL;

        if (dst && !*dst)
            *dst = strdup(strchr(t, ' ') + 1);
    }
    if (!b->kernel)
        return hb_msg(-EINVAL, "bootloader '%s' named no kernel; run it by "
                      "hand to see why", bl);
    return 0;
}

int hb_bootloader_run(const struct xl_domain_config *c, struct hb_boot *b)
{
    const char *bl = strcmp(c->bootloader, "pygrub") ? c->bootloader :
                     "xenolite-pygrub";
    const struct xl_disk *d = boot_disk(c);
    char out[] = "/tmp/xl-bootloader.XXXXXX", **argv, *opt_out, *opt_args;
    unsigned int n = 0;
    int fd, status, rc;
    pid_t pid;

    memset(b, 0, sizeof(*b));
    if (!d)
        return hb_msg(-EINVAL, "bootloader '%s' needs a disk with an image; "
                      "the config has none", c->bootloader);
    if ((fd = mkstemp(out)) < 0)
        return hb_msg(-errno, "cannot create a file in /tmp for the "
                      "bootloader's output: %s", strerror(errno));
    close(fd);
    argv = calloc(c->nr_bootloader_args + 8, sizeof(*argv));
    if (!argv || asprintf(&opt_out, "--output=%s", out) < 0) {
        unlink(out);
        free(argv);
        return hb_msg(-ENOMEM, "out of memory");
    }
    opt_args = NULL;
    if (c->cmdline && asprintf(&opt_args, "--args=%s", c->cmdline) < 0)
        opt_args = NULL;
    argv[n++] = (char *)bl;
    argv[n++] = opt_out;
    argv[n++] = "--output-format=simple0";
    argv[n++] = "--output-directory=" HB_BOOT_DIR;
    if (opt_args)
        argv[n++] = opt_args;
    for (unsigned int i = 0; i < c->nr_bootloader_args; i++)
        argv[n++] = c->bootloader_args[i];
    argv[n++] = d->target;
    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        execvp(bl, argv);
        fprintf(stderr, "xl: cannot run bootloader '%s': %s\n", bl,
                strerror(errno));
        _exit(127);
    }
    rc = 0;
    if (pid < 0)
        rc = hb_msg(-errno, "cannot start bootloader '%s': %s", bl,
                    strerror(errno));
    else if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
             WEXITSTATUS(status))
        rc = hb_msg(-EIO, "bootloader '%s' failed on '%s' (exit status %d); "
                    "its messages are above", bl, d->target,
                    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    else
        rc = parse_output(bl, out, b);
    unlink(out);
    free(opt_out);
    free(opt_args);
    free(argv);
    if (rc < 0)
        hb_bootloader_done(b);
    return rc;
}

/* Deletes the copies the bootloader left in its output directory. */
void hb_bootloader_done(struct hb_boot *b)
{
    char *files[2] = { b->kernel, b->ramdisk };

    for (int i = 0; i < 2; i++)
        if (files[i] && !strncmp(files[i], HB_BOOT_DIR "/",
                                 strlen(HB_BOOT_DIR) + 1))
            unlink(files[i]);
    free(b->kernel);
    free(b->ramdisk);
    free(b->cmdline);
    memset(b, 0, sizeof(*b));
}
