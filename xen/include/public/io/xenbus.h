/* SPDX-License-Identifier: MIT */
/*
 * XenBus device states, written by each end of a split driver to its
 * "state" node in xenstore (as a decimal string) to drive the handshake.
 */
#ifndef XEN_PUBLIC_IO_XENBUS_H
#define XEN_PUBLIC_IO_XENBUS_H

enum xenbus_state {
    XenbusStateUnknown      = 0,  /* node missing or unreadable */
    XenbusStateInitialising = 1,  /* setting up */
    XenbusStateInitWait     = 2,  /* back end: waiting for front-end info
                                     (after publishing its own) */
    XenbusStateInitialised  = 3,  /* front end: ring and event channel
                                     published */
    XenbusStateConnected    = 4,  /* up and running */
    XenbusStateClosing      = 5,  /* shutting down, peer should close */
    XenbusStateClosed       = 6,  /* gone; may be re-initialised */
    XenbusStateReconfiguring = 7, /* renegotiating (back end) */
    XenbusStateReconfigured = 8   /* renegotiation done */
};
typedef enum xenbus_state XenbusState;

#endif /* XEN_PUBLIC_IO_XENBUS_H */
