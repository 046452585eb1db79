/* SPDX-License-Identifier: GPL-2.0-only */
/* xenstored: command line. See docs/xenstored.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "backend.h"
#include "dom0_daemon.h"

static void usage(FILE *f)
{
    fputs("usage: xenstored [--socket PATH] [--log-file PATH] [--no-domains] [--verbose]\n"
          "  --socket PATH   Unix socket (default $XENSTORED_PATH or\n"
          "                  /run/xenstored/socket)\n"
          "  --log-file PATH append the log there (default stderr);\n"
          "                  SIGHUP reopens it\n"
          "  --no-domains    serve the socket only; do not open /dev/xen\n"
          "  --verbose       log every request\n", f);
}

int main(int argc, char **argv)
{
    struct xsd_options o = { .ready_fd = -1 };
    const char *log_path = NULL;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--socket") && i + 1 < argc) {
            o.socket_path = argv[++i];
        } else if (!strcmp(argv[i], "--log-file") && i + 1 < argc) {
            log_path = argv[++i];
        } else if (!strcmp(argv[i], "--no-domains")) {
            o.no_domains = 1;
        } else if (!strcmp(argv[i], "--verbose")) {
            o.verbose = 1;
        } else if (!strcmp(argv[i], "--version")) {
            return printf("xenstored (Xenolite) %s\n", XENOLITE_VERSION) < 0;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "xenstored: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 1;
        }
    }
    if (dom0_log_open(log_path) < 0) {
        perror(log_path);
        return 1;
    }
    return xsd_run(&o);
}
