/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake kernel for the frontend libraries (drivers/frontend/): a store of
 * path/value pairs, a grant table whose frames are host addresses
 * (VA >> 12), and struct frontend_ops over them. The test plays the
 * backend through two hooks: on_write (a store write) and run (called each
 * time the frontend waits).
 */
#ifndef FAKE_FRONTEND_H
#define FAKE_FRONTEND_H

#include <stdbool.h>
#include <stdint.h>
#include "frontend.h"

extern const struct frontend_ops fake_fe_ops;
extern void (*fake_fe_on_write)(const char *path, const char *val);
extern void (*fake_fe_run)(void);
extern unsigned int fake_fe_grants_live, fake_fe_notifies;

/* Forget every node, grant and hook. */
void fake_fe_reset(void);
const char *fake_fe_get(const char *path);
void fake_fe_set(const char *path, const char *val);
/* The page behind a live grant; asserts it is writable when write. */
void *fake_fe_map(uint32_t ref, bool write);
bool fake_fe_readonly(uint32_t ref);

#endif /* FAKE_FRONTEND_H */
