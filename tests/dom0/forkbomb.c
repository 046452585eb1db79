/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A bounded fork bomb: a binary tree of processes, DEPTH levels deep
 * (2^DEPTH - 1 of them alive at once), each spinning for a moment before
 * reaping its children. Stresses fork/exit/page-table churn in the dom0
 * kernel (every fork pins and every exit unpins whole page-table trees).
 * Prints "forkbomb: N processes" and exits 0 when every fork succeeded.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEPTH 9

/* 1 when this process and its whole subtree succeeded, else 0. */
static int spawn(int depth)
{
    pid_t kids[2];
    int ok = 1, status;

    if ( depth <= 1 )
        return 1;
    for ( int i = 0; i < 2; i++ )
    {
        kids[i] = fork();
        if ( kids[i] < 0 )
            return 0;
        if ( kids[i] == 0 )
            _exit(spawn(depth - 1) ? 0 : 1);
    }
    /* Touch some memory and spin a little while the whole tree is alive. */
    {
        volatile char buf[64 * 1024];
        struct timespec t0, t;

        for ( unsigned int i = 0; i < sizeof(buf); i += 4096 )
            buf[i] = (char)i;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        do
            clock_gettime(CLOCK_MONOTONIC, &t);
        while ( (t.tv_sec - t0.tv_sec) * 1000000000L + t.tv_nsec - t0.tv_nsec <
                20 * 1000000L );
    }
    for ( int i = 0; i < 2; i++ )
        if ( waitpid(kids[i], &status, 0) != kids[i] || !WIFEXITED(status) ||
             WEXITSTATUS(status) )
            ok = 0;
    return ok;
}

int main(void)
{
    int ok = spawn(DEPTH);

    printf("forkbomb: %s, %d processes\n", ok ? "ok" : "FAILED",
           (1 << DEPTH) - 1);
    return ok ? 0 : 1;
}
