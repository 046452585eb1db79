/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The typed domain configuration that xl.cfg files, XML documents and
 * command-line overrides all turn into, and the diagnostics they produce.
 */
#ifndef XL_CONFIG_H
#define XL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Tool-side limits; the hypervisor may enforce lower ones at create time. */
#define XL_MAX_CPUS      1024            /* pCPUs a pinning map covers */
#define XL_MAX_VCPUS     512
#define XL_MAX_EVTCHN    131071      /* the FIFO ABI's highest port */
#define XL_MAX_MEMORY_MIB (UINT64_C(1) << 24)   /* 16 TiB */
#define XL_MAX_NAME_LEN  64

/* ---- diagnostics ------------------------------------------------------ */

/*
 * Where a setting came from: a file and line (col only for syntax errors),
 * or the Nth `key=value` argument of the command line (src == NULL).
 */
struct xl_loc {
    const char *src;
    int line;
    int col;
};

/* Collected error and warning lines, each complete ("xl: g.cfg:7: ..."). */
struct xl_msgs {
    char **lines;
    unsigned int nr_lines;
    unsigned int nr_errors;
    unsigned int nr_warnings;
};

void xl_msgs_init(struct xl_msgs *m);
void xl_msgs_free(struct xl_msgs *m);
/* key may be NULL. */
void xl_msg_error(struct xl_msgs *m, const struct xl_loc *loc, const char *key,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void xl_msg_warn(struct xl_msgs *m, const struct xl_loc *loc, const char *key,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Print every line to f; returns the number of errors. */
unsigned int xl_msgs_print(const struct xl_msgs *m, FILE *f);
/* All lines joined with '\n' (for tests); caller frees. */
char *xl_msgs_join(const struct xl_msgs *m);
/* "g.cfg:7", "g.cfg:7:3", "g.cfg" or "command line argument 2". */
void xl_loc_format(const struct xl_loc *loc, char *buf, size_t len);

/* ---- the configuration ----------------------------------------------- */

enum xl_guest_type {
    XL_TYPE_PV,
};

/* What to do when the guest powers off, reboots or crashes (Xen's words). */
enum xl_action {
    XL_ACTION_DESTROY,
    XL_ACTION_RESTART,
    XL_ACTION_RENAME_RESTART,
    XL_ACTION_PRESERVE,
    XL_ACTION_COREDUMP_DESTROY,
    XL_ACTION_COREDUMP_RESTART,
    XL_ACTION__COUNT
};

struct xl_cpumap {
    uint64_t bits[XL_MAX_CPUS / 64];
};

enum xl_disk_format {
    XL_DISK_FORMAT_RAW,
    XL_DISK_FORMAT_QCOW,
    XL_DISK_FORMAT_QCOW2,
    XL_DISK_FORMAT_VHD,
    XL_DISK_FORMAT_QED,
    XL_DISK_FORMAT_EMPTY,
    XL_DISK_FORMAT__COUNT
};

enum xl_disk_backendtype {
    XL_DISK_BACKEND_DEFAULT,            /* toolstack chooses */
    XL_DISK_BACKEND_PHY,
    XL_DISK_BACKEND_QDISK,
    XL_DISK_BACKEND_TAP,
    XL_DISK_BACKEND_STANDALONE,
    XL_DISK_BACKEND__COUNT
};

/* One disk= entry; see docs/xl.md for the spec string syntax. */
struct xl_disk {
    char *target;                       /* NULL only for an empty cdrom */
    enum xl_disk_format format;
    char *vdev;                         /* required, e.g. "xvda" */
    bool readonly;
    bool cdrom;
    char *backend;                      /* backend domain name, NULL = dom0 */
    enum xl_disk_backendtype backendtype;
    char *script;
    int discard;                        /* -1 unset, 0 no-discard, 1 discard */
    bool direct_io_safe;
};

/* One vif= entry. Strings are NULL when not given. */
struct xl_vif {
    bool has_mac;
    uint8_t mac[6];
    char *bridge;
    char *ip;
    char *model;
    char *vifname;
    char *backend;
    char *script;
    char *gatewaydev;
    char *type;                         /* "vif" or "ioemu" */
    char *backendtype;                  /* "qnic" or "netback" (Xenolite) */
    unsigned int mtu;                   /* 0 = default */
    char *rate;                         /* as written, NULL = unlimited */
    uint64_t rate_bytes_per_sec;
    uint32_t rate_interval_usec;
};

struct xl_domain_config {
    char *name;
    uint8_t uuid[16];
    bool uuid_generated;                /* no uuid= given: generated */
    enum xl_guest_type type;
    uint64_t memory_mib;
    uint64_t maxmem_mib;
    unsigned int vcpus;
    unsigned int maxvcpus;
    /* max_event_channels=: the highest event channel port; 0 = 1023. */
    unsigned int max_event_channels;
    /*
     * CPU pinning. nr_cpumaps == 0: none. !cpus_per_vcpu: cpumaps[0]
     * applies to every vCPU. cpus_per_vcpu: cpumaps[i] pins vCPU i.
     */
    bool cpus_per_vcpu;
    unsigned int nr_cpumaps;
    struct xl_cpumap *cpumaps;
    char *kernel;
    char *ramdisk;
    /* bootloader=: "pygrub" or a path, run when kernel= is absent
     * (hb_bootloader.c); bootloader_args= its extra arguments. */
    char *bootloader;
    unsigned int nr_bootloader_args;
    char **bootloader_args;
    char *cmdline;                      /* after Xen's root=/extra= rules */
    enum xl_action on_poweroff;
    enum xl_action on_reboot;
    enum xl_action on_crash;
    unsigned int nr_disks;
    struct xl_disk *disks;
    unsigned int nr_vifs;
    struct xl_vif *vifs;
};

void xl_config_init(struct xl_domain_config *c);
void xl_config_free(struct xl_domain_config *c);
/* 1 if equal in every field, else 0; *what names the first difference. */
int xl_config_equal(const struct xl_domain_config *a,
                    const struct xl_domain_config *b, const char **what);

const char *xl_action_name(enum xl_action a);
int xl_action_parse(const char *s, enum xl_action *a);
const char *xl_disk_format_name(enum xl_disk_format f);
const char *xl_disk_backendtype_name(enum xl_disk_backendtype t);

/* Pinning specs: "all", "0-3,^1", "^2" (all but 2). Returns 0 or -1 with
 * a message ("expected ...") in err. */
int xl_cpumap_parse(const char *s, struct xl_cpumap *map, char *err,
                    size_t errlen);
/* Canonical text: "all", "0,2-3"; "" for an empty map. Caller frees. */
char *xl_cpumap_format(const struct xl_cpumap *map);
bool xl_cpumap_test(const struct xl_cpumap *map, unsigned int cpu);
bool xl_cpumap_is_empty(const struct xl_cpumap *map);

/* "00:16:3e:01:02:03" */
void xl_mac_format(const uint8_t mac[6], char buf[18]);
/* The reverse: six hex pairs separated by ':'; 0, or -1 if it is not one. */
int xl_mac_parse(const char *s, uint8_t mac[6]);
/* Canonical rate text ("1000000B/s@50000us"). */
void xl_rate_format(const struct xl_vif *v, char *buf, size_t len);

/* ---- front ends ------------------------------------------------------- */

/*
 * Parse an xl.cfg text (src names it in messages) plus command-line
 * overrides ("key=value" each). Returns 0, or -1 with errors in msgs;
 * warnings may be added either way. On failure c is left initialised.
 */
int xl_cfg_parse(const char *text, size_t len, const char *src,
                 char *const *overrides, unsigned int nr_overrides,
                 struct xl_domain_config *c, struct xl_msgs *msgs);

/* The same for an XML document, validated against xl-domain.rng. */
int xl_xml_parse(const char *text, size_t len, const char *src,
                 char *const *overrides, unsigned int nr_overrides,
                 struct xl_domain_config *c, struct xl_msgs *msgs);

/*
 * Read path (XML if it ends in .xml or starts with '<', else xl.cfg) and
 * parse it. path "-" reads stdin.
 */
int xl_config_load(const char *path, char *const *overrides,
                   unsigned int nr_overrides, struct xl_domain_config *c,
                   struct xl_msgs *msgs);

/* Writers. Return a malloc'd NUL-terminated text, NULL on ENOMEM. */
char *xl_cfg_write(const struct xl_domain_config *c);
char *xl_xml_write(const struct xl_domain_config *c);

/* The embedded RELAX NG schema (xl-domain.rng). */
extern const char xl_domain_rng[];

#endif /* XL_CONFIG_H */
