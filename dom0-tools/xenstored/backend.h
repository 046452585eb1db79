/* SPDX-License-Identifier: GPL-2.0-only */
/* xenstored: the daemon entry point and the libhcall-backed domain backend. */
#ifndef XSD_BACKEND_H
#define XSD_BACKEND_H

struct hcall_evtchn;
struct xsd_backend;

struct xsd_options {
    const char *socket_path;    /* Unix socket; NULL: default/$XENSTORED_PATH */
    int no_domains;             /* do not touch /dev/xen (host tests) */
    int verbose;
    int ready_fd;               /* if >= 0: write "1" and close when serving */
};

/* Opens evtchn (required), privcmd and gntdev (optional). */
struct xsd_backend *backend_hcall_open(struct hcall_evtchn **evtchn);
void backend_hcall_close(struct xsd_backend *b);

/* Runs the daemon until SIGTERM/SIGINT; returns the exit status. */
int xsd_run(const struct xsd_options *o);

#endif /* XSD_BACKEND_H */
