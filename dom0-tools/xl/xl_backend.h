/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The interface between the xl command layer and whatever talks to the
 * hypervisor (libhcall + xenstore, implemented later). Every op returns 0 or
 * a negative errno; a NULL op, or -ENOSYS, means "not available in this
 * build" and xl says so instead of pretending.
 */
#ifndef XL_BACKEND_H
#define XL_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "migrate_proto.h"
#include "xl_config.h"

/* Runtime state flags, Xen's `xl list` State column "rbpscd". */
#define XL_DOMSTATE_RUNNING   (1u << 0)
#define XL_DOMSTATE_BLOCKED   (1u << 1)
#define XL_DOMSTATE_PAUSED    (1u << 2)
#define XL_DOMSTATE_SHUTDOWN  (1u << 3)
#define XL_DOMSTATE_CRASHED   (1u << 4)
#define XL_DOMSTATE_DYING     (1u << 5)

enum xl_shutdown_reason {
    XL_SHUTDOWN_NONE = -1,              /* not shut down */
    XL_SHUTDOWN_POWEROFF = 0,           /* SHUTDOWN_poweroff, public/sched.h */
    XL_SHUTDOWN_REBOOT = 1,
    XL_SHUTDOWN_SUSPEND = 2,
    XL_SHUTDOWN_CRASH = 3,
    XL_SHUTDOWN_WATCHDOG = 4,
    XL_SHUTDOWN_SOFT_RESET = 5,
};

/* What the runtime layer knows about a live domain (filled by list_domains). */
struct xl_domain_info {
    uint32_t domid;
    char name[XL_MAX_NAME_LEN + 1];
    uint8_t uuid[16];
    unsigned int state;                 /* XL_DOMSTATE_* */
    enum xl_shutdown_reason shutdown_reason;
    uint64_t current_memkb;
    uint64_t max_memkb;
    unsigned int online_vcpus;
    unsigned int max_vcpus;
    uint64_t cpu_time_ns;
    uint64_t uptime_sec;
};

struct xl_vcpu_info {
    uint32_t domid;
    unsigned int vcpu;
    int cpu;                            /* -1: not running anywhere */
    bool online, running, blocked;
    uint64_t cpu_time_ns;
    struct xl_cpumap hard_affinity;
};

/* What xl info prints: Xen's fields (hypervisor facts + dom0's uname). */
struct xl_host_info {
    char host[65], release[65], version[65], machine[65];   /* uname */
    char hypervisor_version[64];        /* "4.17.0" */
    unsigned int xen_major, xen_minor;
    char xen_extra[32];                 /* ".0" */
    unsigned int nr_cpus, max_cpu_id, nr_nodes;
    unsigned int cores_per_socket, threads_per_core;
    unsigned int cpu_mhz;
    uint32_t hw_caps[8];
    char virt_caps[128];                /* "pv gnttab-v1" */
    uint64_t total_memkb, free_memkb, outstanding_kb;
    char capabilities[128];
    char scheduler[16];                 /* "credit" */
    unsigned long pagesize;
    uint64_t virt_start;                /* platform_params */
    char changeset[64];
    char cmdline[512];
    char cc_compiler[64], cc_compile_by[16], cc_compile_domain[32],
         cc_compile_date[32];
    char build_id[129];                 /* hex, "" if none */
};

struct xl_sched_credit {
    unsigned int weight;                /* 1..65535, default 256 */
    unsigned int cap;                   /* percent of one CPU, 0 = none */
};

enum xl_console_type { XL_CONSOLE_PV, XL_CONSOLE_SERIAL };

/* One PV disk of a domain, Xen's `xl block-list` columns (-1: not set). */
struct xl_disk_info {
    int devid;
    uint32_t backend_id, frontend_id;
    int state;                          /* the frontend's XenbusState */
    int evtch, rref;
    char backend[128];                  /* the backend's store path */
};

/* One PV NIC of a domain, Xen's `xl network-list` columns (-1: not set). */
struct xl_vif_info {
    int devid;
    uint32_t backend_id;
    char mac[18];
    int state;                          /* the frontend's XenbusState */
    int evtch, tx_rref, rx_rref;
    char backend[128];                  /* the backend's store path */
};

#define XL_CREATE_PAUSED      1u
#define XL_CREATE_NO_MONITOR  2u
#define XL_CREATE_FOREGROUND  4u

struct xl_backend {
    const char *name;
    /*
     * Build and start a domain. flags: XL_CREATE_PAUSED leaves it paused;
     * XL_CREATE_NO_MONITOR starts no lifecycle monitor (on_poweroff etc.
     * are not carried out, xl create -e); XL_CREATE_FOREGROUND runs the
     * monitor in this process and returns when it ends (xl create -F).
     */
    int (*create_domain)(const struct xl_domain_config *c, unsigned int flags,
                         uint32_t *domid);
    /* Caller frees *out with free(). */
    int (*list_domains)(struct xl_domain_info **out, unsigned int *nr);
    /* Config a domain was created with; -ENOENT if unknown (e.g. dom0). */
    int (*domain_config)(uint32_t domid, struct xl_domain_config *c);
    int (*name_to_domid)(const char *name, uint32_t *domid);
    int (*destroy)(uint32_t domid);
    int (*shutdown)(uint32_t domid, enum xl_shutdown_reason why);
    /* Block until the domain is gone (shutdown -w). */
    int (*wait_gone)(uint32_t domid);
    int (*pause)(uint32_t domid);
    int (*unpause)(uint32_t domid);
    int (*rename)(uint32_t domid, const char *new_name);
    int (*sysrq)(uint32_t domid, char key);
    /*
     * Attach the terminal to a console until the escape key (Ctrl-]) or
     * the domain's end. With unpause, the domain (created paused) is
     * unpaused once attached, so none of its output is missed (create -c);
     * it is unpaused even if attaching fails.
     */
    int (*console)(uint32_t domid, enum xl_console_type type, unsigned int num,
                   bool unpause);
    int (*host_info)(struct xl_host_info *info);
    /* Hypervisor log; caller frees *buf. */
    int (*dmesg)(bool clear, char **buf, size_t *len);
    int (*set_memory_target)(uint32_t domid, uint64_t kib);
    int (*set_memory_max)(uint32_t domid, uint64_t kib);
    int (*vcpu_list)(uint32_t domid, struct xl_vcpu_info **out,
                     unsigned int *nr);
    int (*vcpu_set_online)(uint32_t domid, unsigned int nr_online);
    /* vcpu -1: every vCPU. */
    int (*vcpu_pin)(uint32_t domid, int vcpu, const struct xl_cpumap *hard);
    int (*sched_credit_get)(uint32_t domid, struct xl_sched_credit *p);
    int (*sched_credit_set)(uint32_t domid, const struct xl_sched_credit *p);
    /* Attach a disk to a running domain; returns once it is connected. */
    int (*disk_attach)(uint32_t domid, const struct xl_disk *d);
    /* vdev ("xvdb") or device number; force skips asking the guest. */
    int (*disk_detach)(uint32_t domid, const char *vdev, bool force);
    /* Caller frees *out. */
    int (*disk_list)(uint32_t domid, struct xl_disk_info **out,
                     unsigned int *nr);
    /* Attach a NIC to a running domain; returns once it is connected. */
    int (*vif_attach)(uint32_t domid, const struct xl_vif *v);
    /* which: the device number or the MAC address. */
    int (*vif_detach)(uint32_t domid, const char *which);
    /* Caller frees *out. */
    int (*vif_list)(uint32_t domid, struct xl_vif_info **out,
                    unsigned int *nr);
    /*
     * Suspend the guest, write its state to file (docs/migration.md), then
     * destroy it; XL_SAVE_CONTINUE resumes it instead, XL_SAVE_PAUSED
     * resumes it paused. On failure the guest runs on and no file is left.
     */
    int (*save)(uint32_t domid, const char *file, unsigned int flags);
    /*
     * A new domain from a save file (override: its config instead of the
     * saved one, or NULL). flags: XL_CREATE_PAUSED, XL_CREATE_NO_MONITOR.
     * On failure no domain is left.
     */
    int (*restore)(const char *file, const struct xl_domain_config *override,
                   unsigned int flags, uint32_t *domid);
    /*
     * Live migration (docs/migration.md): run rune (a shell command that
     * starts xl migrate-receive on the target), stream the domain to it
     * with pre-copy rounds bounded by the policy, destroy the source once
     * the target has it. On failure the source runs on.
     */
    int (*migrate)(uint32_t domid, const char *rune,
                   const struct mig_policy *p);
    /* The target side on stdin/stdout. flags: XL_CREATE_PAUSED, _NO_MONITOR */
    int (*migrate_receive)(unsigned int flags);
};
#define XL_SAVE_CONTINUE 1u
#define XL_SAVE_PAUSED   2u

/*
 * A backend may leave a sentence here saying what failed and what to do
 * next; xl prints it instead of the bare errno text (and clears it).
 */
extern char xl_backend_msg[512];

/* The backend xl uses; tests may swap in a recording fake. */
extern const struct xl_backend *xl_backend;
/* This build's: every op NULL until the hypercall layer lands. */
extern const struct xl_backend xl_backend_none;

#endif /* XL_BACKEND_H */
