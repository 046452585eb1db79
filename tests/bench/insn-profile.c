/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A QEMU TCG plugin (QEMU 7.2's plugin API, version 1) that counts the
 * guest instructions executed per translation block between two runs of a
 * marker address, on the vCPU that ran the marker: tests/bench/hotpath.c
 * calls hotpath_mark() before and after one batch of each benchmark, and
 * tests/bench/hotpath-profile.py symbolises the blocks.
 *
 *   -plugin insn-profile.so,mark=0xADDR,out=FILE
 *
 * FILE gets, per window, "window N cpu C" and one "vaddr insns execs" line
 * per block that ran. The API's few declarations are written here (the
 * Debian package ships no qemu-plugin.h).
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
typedef struct qemu_info_t qemu_info_t;
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu, void *ud);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *ud);
typedef void (*qemu_plugin_tb_trans_cb_t)(qemu_plugin_id_t id,
                                          struct qemu_plugin_tb *tb);
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };

size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                           qemu_plugin_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
                                          qemu_plugin_vcpu_udata_cb_t cb,
                                          enum qemu_plugin_cb_flags flags,
                                          void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
                                    qemu_plugin_udata_cb_t cb, void *ud);

#define EXPORT __attribute__((visibility("default")))
EXPORT int qemu_plugin_version = 1;

struct block {
    uint64_t vaddr;
    uint64_t insns;
    uint64_t execs;
    struct block *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct block *blocks;
static uint64_t mark;
static FILE *out;
static bool active;
static unsigned int active_cpu, window;

static void dump(void)
{
    fprintf(out, "window %u cpu %u\n", window, active_cpu);
    for (struct block *b = blocks; b; b = b->next) {
        if (b->execs)
            fprintf(out, "%" PRIx64 " %" PRIu64 " %" PRIu64 "\n",
                    b->vaddr, b->insns, b->execs);
        b->execs = 0;
    }
    fflush(out);
}

static void tb_exec(unsigned int cpu, void *ud)
{
    struct block *b = ud;

    if (b->vaddr == mark && (!active || cpu == active_cpu)) {
        pthread_mutex_lock(&lock);
        if (active) {
            dump();
            active = false;
        } else {
            for (struct block *p = blocks; p; p = p->next)
                p->execs = 0;
            active = true;
            active_cpu = cpu;
            window++;
        }
        pthread_mutex_unlock(&lock);
        return;
    }
    if (active && cpu == active_cpu)
        b->execs++;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    struct block *b = calloc(1, sizeof(*b));

    (void)id;
    if (!b)
        abort();
    b->vaddr = qemu_plugin_tb_vaddr(tb);
    b->insns = qemu_plugin_tb_n_insns(tb);
    pthread_mutex_lock(&lock);
    b->next = blocks;
    blocks = b;
    pthread_mutex_unlock(&lock);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS,
                                         b);
}

static void at_exit(qemu_plugin_id_t id, void *ud)
{
    (void)id;
    (void)ud;
    fclose(out);
}

EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                               int argc, char **argv)
{
    const char *path = NULL;

    (void)info;
    for (int i = 0; i < argc; i++) {
        if (!strncmp(argv[i], "mark=", 5))
            mark = strtoull(argv[i] + 5, NULL, 0);
        else if (!strncmp(argv[i], "out=", 4))
            path = argv[i] + 4;
    }
    if (!mark || !path) {
        fprintf(stderr, "insn-profile: needs mark=ADDR,out=FILE\n");
        return -1;
    }
    out = fopen(path, "w");
    if (!out) {
        perror(path);
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
