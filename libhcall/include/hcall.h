/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libhcall: the C API dom0 tools and drivers use to reach the hypervisor
 * (privcmd), event channels, grants and xenstore. See docs/libhcall.md.
 *
 * Conventions
 *  - Each facility has its own opaque handle, opened and closed separately.
 *  - Failing calls return -1 (or NULL) and set errno; hypervisor errors are
 *    reported as the matching positive errno.
 *
 * Thread safety
 *  - hcall_privcmd, hcall_evtchn, hcall_gntdev and hcall_gntalloc handles may
 *    be used from several threads at once (each call is one ioctl/mmap;
 *    gntalloc keeps its bookkeeping under a lock). hcall_evtchn_pending()
 *    from two threads each gets a different port.
 *  - An hcall_xs handle may be shared between threads: requests are
 *    serialised internally. Once a watch has been registered the handle owns
 *    a reader thread; watch events are queued and may be taken by any thread.
 *  - Memory returned through out-pointers belongs to the caller (free()).
 *
 * fork()
 *  - Handles are opened O_CLOEXEC and are not meant to be used by a forked
 *    child. privcmd/evtchn/gnt handles may be used in the child only if the
 *    parent stops using them (the descriptors are shared); mappings made by
 *    hcall_fmem_map()/hcall_gntdev_map() stay valid in the parent only and
 *    hypercall buffers are MADV_DONTFORK. An hcall_xs handle must not be used
 *    or closed in the child (its reader thread does not exist there and its
 *    locks may be held): the child opens its own.
 */
#ifndef HCALL_H
#define HCALL_H

#include <hcall/privcmd.h>
#include <hcall/evtchn.h>
#include <hcall/gnt.h>
#include <hcall/xs.h>

#define HCALL_VERSION_MAJOR 1
#define HCALL_VERSION_MINOR 0

#endif /* HCALL_H */
