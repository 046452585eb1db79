/* SPDX-License-Identifier: GPL-2.0-only */
/* Running Debian's compressors from host unit tests. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "host_tool.h"

uint8_t *host_tool(const char *cmd, const uint8_t *in, size_t len,
                   size_t *out_len)
{
    char path[] = "/tmp/xenolite-host-tool-XXXXXX", full[512];
    size_t cap = len + 4096, n = 0, got;
    uint8_t *buf = NULL;
    FILE *p;
    int fd = mkstemp(path);

    if (fd < 0)
        return NULL;
    if (write(fd, in, len) != (ssize_t)len)
        goto out;
    snprintf(full, sizeof(full), "%s < %s 2>/dev/null", cmd, path);
    p = popen(full, "r");
    if (!p)
        goto out;
    buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, p)) > 0) {
        n += got;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    if (pclose(p) != 0 || !n) {
        free(buf);
        buf = NULL;
    }
    *out_len = n;
 out:
    close(fd);
    unlink(path);
    return buf;
}

bool host_tool_missing(const char *tool, const char *test)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
    if (system(cmd) == 0)
        return false;
    printf("SKIP: %s: host tool %s not installed\n", test, tool);
    return true;
}
