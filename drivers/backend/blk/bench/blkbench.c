/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blkbench: the DomU side of the block benchmark (make bench, blk-bench.py).
 * Sequential O_DIRECT write and read in 1 MiB blocks, then 4 KiB O_DIRECT
 * reads at random aligned offsets from QD threads for a while:
 *
 *   blkbench DEV MIB SECONDS [QD]
 *
 * Prints "BLKBENCH: seq-write MB/s", "BLKBENCH: seq-read MB/s" and
 * "BLKBENCH: rand-read IOPS"; writes over the first MIB MiB of DEV.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/fs.h>
#include <sys/ioctl.h>

#define BLOCK (1u << 20)
#define RAND_BS 4096u
#define MAX_QD 64

static const char *dev;
static uint64_t dev_bytes;
static double rand_until;
static unsigned long long rand_ios[MAX_QD];

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* MB/s of @mib sequential 1 MiB transfers; negative on error. */
static double sequential(int write, unsigned mib)
{
    int fd = open(dev, (write ? O_WRONLY : O_RDONLY) | O_DIRECT);
    void *buf = NULL;
    double t0, rc = -1;

    if (fd < 0 || posix_memalign(&buf, 4096, BLOCK))
        goto out;
    memset(buf, 0x5a, BLOCK);
    t0 = now();
    for (unsigned i = 0; i < mib; i++) {
        ssize_t n = write ? pwrite(fd, buf, BLOCK, (off_t)i * BLOCK)
                          : pread(fd, buf, BLOCK, (off_t)i * BLOCK);

        if (n != (ssize_t)BLOCK)
            goto out;
    }
    if (write && fdatasync(fd) < 0)
        goto out;
    rc = mib / (now() - t0) * (double)BLOCK / 1e6;
 out:
    free(buf);
    if (fd >= 0)
        close(fd);
    return rc;
}

static void *rand_reader(void *arg)
{
    unsigned idx = (unsigned)(uintptr_t)arg, seed = idx * 7919u + 1;
    uint64_t blocks = dev_bytes / RAND_BS;
    int fd = open(dev, O_RDONLY | O_DIRECT);
    void *buf = NULL;

    if (fd < 0 || posix_memalign(&buf, 4096, RAND_BS))
        goto out;
    while (now() < rand_until) {
        uint64_t b = ((uint64_t)rand_r(&seed) << 16 ^ (uint64_t)rand_r(&seed)) % blocks;

        if (pread(fd, buf, RAND_BS, (off_t)(b * RAND_BS)) != (ssize_t)RAND_BS)
            break;
        rand_ios[idx]++;
    }
 out:
    free(buf);
    if (fd >= 0)
        close(fd);
    return NULL;
}

/* 4 KiB reads per second from @qd threads during @secs seconds. */
static double random_reads(unsigned secs, unsigned qd)
{
    pthread_t th[MAX_QD];
    unsigned long long total = 0;
    double t0 = now();

    rand_until = t0 + secs;
    for (unsigned i = 0; i < qd; i++)
        if (pthread_create(&th[i], NULL, rand_reader, (void *)(uintptr_t)i))
            return -1;
    for (unsigned i = 0; i < qd; i++) {
        pthread_join(th[i], NULL);
        total += rand_ios[i];
    }
    return total / (now() - t0);
}

int main(int argc, char **argv)
{
    unsigned mib, secs, qd;
    int fd;

    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: blkbench DEV MIB SECONDS [QD]\n");
        return 2;
    }
    dev = argv[1];
    mib = (unsigned)strtoul(argv[2], NULL, 10);
    secs = (unsigned)strtoul(argv[3], NULL, 10);
    qd = argc == 5 ? (unsigned)strtoul(argv[4], NULL, 10) : 8;
    fd = open(dev, O_RDONLY);
    if (fd >= 0 && ioctl(fd, BLKGETSIZE64, &dev_bytes) < 0)
        dev_bytes = (uint64_t)lseek(fd, 0, SEEK_END);  /* an image file */
    if (fd < 0 || dev_bytes == (uint64_t)-1) {
        fprintf(stderr, "blkbench: %s: %s\n", dev, strerror(errno));
        return 1;
    }
    close(fd);
    if (qd < 1 || qd > MAX_QD || (uint64_t)mib * BLOCK > dev_bytes) {
        fprintf(stderr, "blkbench: QD 1..%d, MIB within the device\n", MAX_QD);
        return 2;
    }
    printf("BLKBENCH: seq-write %.1f\n", sequential(1, mib));
    printf("BLKBENCH: seq-read %.1f\n", sequential(0, mib));
    printf("BLKBENCH: rand-read %.0f\n", random_reads(secs, qd));
    return 0;
}
