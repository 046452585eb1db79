/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The isolation checks of the xenstored fuzz harness (fuzz_xs_check.c):
 * the secrets set up in the store, a snapshot of the store before a DomU's
 * message compared with the store after it, leak scanning of what a DomU
 * receives, and the store's own consistency.
 */
#ifndef FUZZ_XS_CHECK_H
#define FUZZ_XS_CHECK_H

#include <stddef.h>
#include <stdint.h>

struct conn;

/* Secret s is owned by domain s (0..2), readable by nobody else. */
#define XS_NR_SECRETS 3
const char *xs_secret_path(unsigned int s);
const char *xs_secret_value(unsigned int s);
const char *xs_secret_perms(unsigned int s);

/* Per input: a token the input itself contains is not a secret. */
void xs_check_setup(const uint8_t *data, size_t size);
/* Before each message: who may see each secret now (c1, c2 may be NULL). */
void xs_check_exposure(const struct conn *c1, const struct conn *c2);
/* Around a DomU's message: snapshot, then compare (c may be NULL). */
void xs_check_before(const struct conn *c);
void xs_check_after(const struct conn *c, uint16_t domid);
/* A message payload delivered to domid (conn c, may be NULL). */
void xs_check_leaks(uint16_t domid, const struct conn *c, const char *payload,
                    size_t len);
/* Tree, path index and node counts agree. */
void xs_check_store(void);

#endif /* FUZZ_XS_CHECK_H */
