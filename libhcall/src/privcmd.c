/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libhcall: hypercalls, domctl/sysctl and foreign mappings via privcmd.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <public/xen.h>
#include <hcall/privcmd.h>
#include "linux_xen_ioctl.h"

#include <public/domctl.h>
#include <public/sysctl.h>

/* The header promises 4.17's versions; keep it honest. */
_Static_assert(HCALL_DOMCTL_INTERFACE_VERSION == XEN_DOMCTL_INTERFACE_VERSION,
               "domctl interface version");
_Static_assert(HCALL_SYSCTL_INTERFACE_VERSION == XEN_SYSCTL_INTERFACE_VERSION,
               "sysctl interface version");

#define PAGE_SIZE 4096UL

struct hcall_privcmd {
    int fd;
};

struct hcall_privcmd *hcall_privcmd_open(void)
{
    struct hcall_privcmd *h = malloc(sizeof(*h));

    if (!h)
        return NULL;
    h->fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    if (h->fd < 0) {
        free(h);
        return NULL;
    }
    return h;
}

void hcall_privcmd_close(struct hcall_privcmd *h)
{
    if (!h)
        return;
    close(h->fd);
    free(h);
}

int hcall_privcmd_fd(struct hcall_privcmd *h)
{
    return h->fd;
}

long hcall_hypercall(struct hcall_privcmd *h, unsigned int op,
                     uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                     uint64_t a5)
{
    struct lx_privcmd_hypercall call = {
        .op = op, .arg = { a1, a2, a3, a4, a5 },
    };

    /* privcmd returns the hypercall's value, or -1 with errno = -rc. */
    return ioctl(h->fd, LX_IOCTL_PRIVCMD_HYPERCALL, &call);
}

void *hcall_buf_alloc(struct hcall_privcmd *h, size_t size)
{
    size_t len = (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    void *p;

    (void)h;
    p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
             -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    /*
     * The hypervisor copies through the user mapping: the pages must not be
     * swapped out or shared copy-on-write with a forked child meanwhile.
     */
    if (mlock(p, len) || madvise(p, len, MADV_DONTFORK)) {
        int saved = errno;

        munmap(p, len);
        errno = saved;
        return NULL;
    }
    return p;
}

void hcall_buf_free(struct hcall_privcmd *h, void *buf, size_t size)
{
    (void)h;
    if (buf)
        munmap(buf, (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1));
}

static int bounce_call(struct hcall_privcmd *h, unsigned int hc, void *op,
                       size_t size, uint32_t version)
{
    void *buf = hcall_buf_alloc(h, size);
    long rc;
    int saved;

    if (!buf)
        return -1;
    memcpy(buf, op, size);
    /* interface_version sits at offset 4 in both xen_domctl and xen_sysctl. */
    memcpy((char *)buf + 4, &version, sizeof(version));
    rc = hcall_hypercall(h, hc, (uint64_t)(uintptr_t)buf, 0, 0, 0, 0);
    saved = errno;
    /* Results come back in the same buffer, also for some errors. */
    memcpy(op, buf, size);
    hcall_buf_free(h, buf, size);
    errno = saved;
    return rc < 0 ? -1 : 0;
}

int hcall_domctl(struct hcall_privcmd *h, struct xen_domctl *op)
{
    return bounce_call(h, __HYPERVISOR_domctl, op, sizeof(*op),
                       HCALL_DOMCTL_INTERFACE_VERSION);
}

int hcall_sysctl(struct hcall_privcmd *h, struct xen_sysctl *op)
{
    return bounce_call(h, __HYPERVISOR_sysctl, op, sizeof(*op),
                       HCALL_SYSCTL_INTERFACE_VERSION);
}

void *hcall_fmem_map(struct hcall_privcmd *h, uint16_t domid, int prot,
                     const uint64_t *gfns, int *err, size_t nr)
{
    struct lx_privcmd_mmapbatch_v2 batch;
    int *errs = err;
    void *addr;
    int rc, saved;

    if (!nr || nr > UINT32_MAX) {
        errno = EINVAL;
        return NULL;
    }
    if (!errs && !(errs = calloc(nr, sizeof(int))))
        return NULL;
    /* privcmd wants a shared mapping of its own fd to populate. */
    addr = mmap(NULL, nr * PAGE_SIZE, prot, MAP_SHARED, h->fd, 0);
    if (addr == MAP_FAILED) {
        addr = NULL;
        goto out;
    }
    batch = (struct lx_privcmd_mmapbatch_v2){
        .num = (uint32_t)nr, .dom = domid,
        .addr = (uint64_t)(uintptr_t)addr, .arr = gfns, .err = errs,
    };
    do {
        rc = ioctl(h->fd, LX_IOCTL_PRIVCMD_MMAPBATCH_V2, &batch);
    } while (rc < 0 && errno == EINTR);
    /* ENOENT from the ioctl means "some frames failed", see errs. */
    if (rc < 0 && errno != ENOENT) {
        saved = errno;
        munmap(addr, nr * PAGE_SIZE);
        errno = saved;
        addr = NULL;
        goto out;
    }
    if (!err) {
        for (size_t i = 0; i < nr; i++) {
            if (errs[i]) {
                munmap(addr, nr * PAGE_SIZE);
                errno = -errs[i];
                addr = NULL;
                break;
            }
        }
    }
 out:
    if (errs != err) {
        saved = errno;
        free(errs);
        errno = saved;
    }
    return addr;
}

int hcall_fmem_unmap(struct hcall_privcmd *h, void *addr, size_t nr)
{
    (void)h;
    return munmap(addr, nr * PAGE_SIZE);
}
