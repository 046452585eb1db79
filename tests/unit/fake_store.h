/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The in-memory xenstore of fake_store.c, with the hcall_xs_*,
 * hcall_gntdev_* and hcall_evtchn_* calls the backends make.
 */
#ifndef UNIT_FAKE_STORE_H
#define UNIT_FAKE_STORE_H

#include <hcall.h>

struct fs_node {
    char *path, *val;
};

/* The node at @path, NULL if absent. */
struct fs_node *fs_find(const char *path);
/* Its value, NULL if absent. */
char *fs_get(const char *path);
/* Writes @path (and its missing parents) outside any transaction. */
void fs_put(const char *path, const char *val);
/* Removes @path and everything below it. */
void fs_rm(const char *path);
/* Empties the store and clears the counters below. */
void fs_reset(void);

/* Removed at the next commit, which then fails with EAGAIN (a racing rm). */
extern const char *fs_rm_at_commit;
extern unsigned fs_commits_failed;
/* Grant maps and bound ports outstanding. */
extern unsigned fs_nmapped, fs_nbound;

#endif /* UNIT_FAKE_STORE_H */
