/* SPDX-License-Identifier: GPL-2.0-only */
/* Running Debian's compressors from host unit tests (host_tool.c). */
#ifndef UNIT_HOST_TOOL_H
#define UNIT_HOST_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Runs "cmd < tmpfile" over in[]; returns malloc'd stdout, NULL on failure. */
uint8_t *host_tool(const char *cmd, const uint8_t *in, size_t len,
                   size_t *out_len);
/* True (after printing "SKIP: test: ...") when tool is not installed. */
bool host_tool_missing(const char *tool, const char *test);

#endif /* UNIT_HOST_TOOL_H */
