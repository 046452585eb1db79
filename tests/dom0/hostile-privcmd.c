/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bad hypercalls from the dom0 kernel: every hypercall number 0..63 with
 * garbage arguments, issued by Linux (kernel mode) through /dev/xen/privcmd.
 * The values are non-canonical and huge in their low 32 bits, so no pointer
 * is usable and no sub-op number is valid; each call must come back with an error and the
 * hypervisor must keep running. Calls that change this kernel's own
 * execution context (stack_switch, set_callbacks, fpu_taskswitch, iret)
 * are left out: their "success" would crash the kernel, not the hypervisor.
 * Three numbers may legitimately succeed: set_timer_op (15) takes any
 * deadline, memory_op (12) returns the start extent it decoded from the
 * command when it cannot read its argument, and Xen 4.17's kexec_op (37)
 * answers 0 to unknown sub-ops.
 * Prints "hostile-privcmd: ok, N calls" and exits 0 when every other call
 * failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};
#define IOCTL_PRIVCMD_HYPERCALL \
    _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

/*
 * Non-canonical as addresses, and huge in the low 32 bits too: handlers
 * take their sub-op as an unsigned int, so 0x8000000000000000 would be
 * sub-op 0 (SCHEDOP_yield...), a perfectly valid call.
 */
static const uint64_t patterns[] = {
    0x80000000deadbeefull, 0xdeadbeefdeadbeefull,
    0x8000dead8000f00dull, 0xfffe0000ffff0000ull,
};

static int skipped(unsigned int nr)
{
    return nr == 3 || nr == 4 || nr == 5 || nr == 23;
}

static int may_succeed(unsigned int nr)
{
    return nr == 12 || nr == 15 || nr == 37;
}

int main(void)
{
    unsigned int nr, p, calls = 0, unexpected = 0;
    int fd = open("/dev/xen/privcmd", O_RDWR);

    if ( fd < 0 )
    {
        perror("hostile-privcmd: /dev/xen/privcmd");
        return 2;
    }
    for ( nr = 0; nr < 64; nr++ )
        for ( p = 0; p < sizeof(patterns) / sizeof(patterns[0]); p++ )
        {
            struct privcmd_hypercall hc = { .op = nr };
            long rc;

            if ( skipped(nr) )
                continue;
            for ( unsigned int i = 0; i < 5; i++ )
                hc.arg[i] = patterns[p] + i * 0x10;
            rc = ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &hc);
            calls++;
            if ( rc >= 0 && !may_succeed(nr) )
            {
                unexpected++;
                printf("hostile-privcmd: hypercall %u pattern %u returned %ld\n",
                       nr, p, rc);
            }
        }
    close(fd);
    printf("hostile-privcmd: %s, %u calls\n", unexpected ? "FAILED" : "ok", calls);
    return unexpected ? 1 : 0;
}
