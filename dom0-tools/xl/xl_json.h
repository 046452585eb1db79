/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * JSON for `xl list -l` and `xl create -n`: the stable schema documented in
 * docs/xl-json.md (version XL_JSON_VERSION), generated with yajl.
 */
#ifndef XL_JSON_H
#define XL_JSON_H

#include <yajl/yajl_gen.h>

#include "xl_backend.h"

#define XL_JSON_VERSION 1

/* One element of the top-level array. Either pointer may be NULL. */
struct xl_json_domain {
    const struct xl_domain_info *info;  /* runtime state; NULL: not running */
    const struct xl_domain_config *config;  /* NULL: unknown (e.g. dom0) */
};

/* Emit one domain object into g. Returns 0 or -1. */
int xl_json_gen_domain(yajl_gen g, const struct xl_json_domain *d);
/* Emit the "config" object alone. */
int xl_json_gen_config(yajl_gen g, const struct xl_domain_config *c);

/* The whole document: a JSON array of domain objects, indented, ending in
 * a newline. Returns a malloc'd string or NULL. */
char *xl_json_domains(const struct xl_json_domain *doms, unsigned int nr);

#endif /* XL_JSON_H */
