/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Untyped settings: what the xl.cfg lexer/parser and the XML reader both
 * produce, and what cfg_build.c turns into a struct xl_domain_config.
 */
#ifndef XL_CFG_SYNTAX_H
#define XL_CFG_SYNTAX_H

#include "xl_config.h"

enum cfg_kind {
    CFG_STRING,         /* 'text' or "text" (escapes resolved) */
    CFG_NUMBER,         /* bare 512, 0x200; text kept as written */
    CFG_LIST,           /* [ v, v, ] */
    CFG_RECORD,         /* key=value pairs (XML attributes of <disk>/<vif>) */
};

struct cfg_pair {
    char *key;
    char *value;
};

struct cfg_value {
    enum cfg_kind kind;
    struct xl_loc loc;
    char *text;                         /* STRING, NUMBER */
    unsigned int nr_items;              /* LIST, RECORD */
    struct cfg_value **items;           /* LIST */
    struct cfg_pair *pairs;             /* RECORD */
};

struct cfg_setting {
    char *key;
    bool append;                        /* "+=" */
    struct xl_loc loc;                  /* of the key */
    struct cfg_value *value;
};

struct cfg_file {
    const char *src;                    /* file name, NULL: command line */
    unsigned int nr;
    struct cfg_setting *settings;
};

/* Parse text; src must outlive the result (locations point at it).
 * Returns 0 or -1 with one syntax error in msgs. */
int cfg_syntax_parse(const char *text, size_t len, const char *src,
                     struct cfg_file *out, struct xl_msgs *msgs);

/* Parse one command-line "key=value" override (argument number argno). */
int cfg_syntax_parse_override(const char *arg, int argno,
                              struct cfg_file *out, struct xl_msgs *msgs);

struct cfg_value *cfg_value_new(enum cfg_kind kind, const struct xl_loc *loc);
void cfg_value_free(struct cfg_value *v);
int cfg_file_add(struct cfg_file *f, char *key, bool append,
                 const struct xl_loc *loc, struct cfg_value *v);
void cfg_file_free(struct cfg_file *f);
int cfg_list_add(struct cfg_value *list, struct cfg_value *item);
int cfg_record_add(struct cfg_value *rec, const char *key, const char *value);

/* Typed domain config from settings (file settings, then overrides). */
int cfg_build(const struct cfg_file *file, const struct cfg_file *overrides,
              struct xl_domain_config *c, struct xl_msgs *msgs);

/* Devices (cfg_devices.c). spec/record -> one entry; what is "disk[2]". */
int cfg_disk_from_value(const struct cfg_value *v, const char *what,
                        struct xl_disk *d, struct xl_msgs *msgs);
int cfg_vif_from_value(const struct cfg_value *v, const char *what,
                       struct xl_vif *vif, struct xl_msgs *msgs);
void xl_disk_free(struct xl_disk *d);
/* The disk's canonical spec string (cfg_write.c); malloc'd, NULL on ENOMEM. */
char *xl_disk_spec(const struct xl_disk *d);
/* Xen's device number of a vdev ("xvda" -> 51712), -1 if out of range. */
int xl_vdev_to_devid(const char *vdev);
void xl_vif_free(struct xl_vif *v);

/*
 * An xl.cfg(5) key Xenolite does not honour (cfg_xen_keys.c): refused
 * with why, unless its value is ok_value (what Xenolite does anyway).
 */
struct cfg_refused {
    const char *key;
    const char *ok_value;               /* NULL: refused whatever the value */
    const char *why;
};
const struct cfg_refused *cfg_refused_key(const char *key);
const struct cfg_refused *cfg_refused_table(unsigned int *nr);

#endif /* XL_CFG_SYNTAX_H */
