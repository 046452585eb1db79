/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tls-check [PROCS [SECONDS]]: does every dom0 process keep its own FS base
 * (the thread pointer of its TLS) across context switches? Starts PROCS
 * copies of itself with exec, so each static copy gets its own randomised
 * brk and with it a TLS block at its own address, and each one compares
 * %fs:0 (glibc's TCB points to itself) with the base the kernel reports
 * for it, round after round of system calls, yields and short sleeps, for
 * SECONDS.
 * A process running on another's FS base either reads the wrong pointer or
 * faults at the other process's TLS address; both are reported with the
 * expected base. Prints "tls-check: N processes, M rounds, K bad" and
 * exits 0 only when K is 0.
 */
#include <asm/prctl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned long expected_base;

static unsigned long fs_self(void)
{
    unsigned long v;

    asm volatile ("mov %%fs:0, %0" : "=r" (v));
    return v;
}

/* No stdio, no errno: TLS is exactly what may be broken here. */
static void say(const char *s)
{
    if ( write(2, s, strlen(s)) < 0 )
        _exit(3);
}

static void hex(char *out, unsigned long v)
{
    for ( int i = 15; i >= 0; i--, v >>= 4 )
        out[i] = "0123456789abcdef"[v & 15];
    out[16] = '\0';
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    char a[17], e[17];

    (void)sig;
    (void)uc;
    hex(a, (unsigned long)si->si_addr);
    hex(e, expected_base);
    say("tls-check: SIGSEGV at 0x");
    say(a);
    say(", own FS base 0x");
    say(e);
    say("\n");
    _exit(2);
}

/* One child: returns the number of rounds done; exits 1 on a mismatch. */
static int child(int seconds)
{
    struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
    time_t end = time(NULL) + seconds;
    const struct timespec nap = { 0, 2000000 };
    unsigned long rounds = 0;
    char got[17], want[17];

    sigaction(SIGSEGV, &sa, NULL);
    syscall(SYS_arch_prctl, ARCH_GET_FS, &expected_base);
    while ( time(NULL) < end )
    {
        for ( int i = 0; i < 1000; i++, rounds++ )
        {
            unsigned long v = fs_self();

            if ( v != expected_base )
            {
                hex(got, v);
                hex(want, expected_base);
                say("tls-check: %fs:0 is 0x");
                say(got);
                say(", own FS base 0x");
                say(want);
                say("\n");
                _exit(1);
            }
            if ( i & 1 )
                sched_yield();
            else
                syscall(SYS_getppid);
        }
        /* Block now and then: the vCPU may go idle and move. */
        nanosleep(&nap, NULL);
    }
    printf("%lu\n", rounds);
    return 0;
}

int main(int argc, char **argv)
{
    int procs = argc > 1 ? atoi(argv[1]) : 8;
    int seconds = argc > 2 ? atoi(argv[2]) : 20;
    int bad = 0, fds[2];
    unsigned long rounds = 0;
    char secs[16];
    FILE *f;

    if ( argc > 3 && !strcmp(argv[3], "--child") )
        return child(seconds);
    if ( pipe(fds) )
        return 3;
    snprintf(secs, sizeof(secs), "%d", seconds);
    for ( int i = 0; i < procs; i++ )
    {
        pid_t pid = fork();

        if ( pid < 0 )
            return 3;
        if ( pid == 0 )
        {
            dup2(fds[1], 1);
            execl("/proc/self/exe", "tls-check", "1", secs, "--child",
                  (char *)NULL);
            _exit(3);
        }
    }
    close(fds[1]);
    f = fdopen(fds[0], "r");
    for ( unsigned long n; f && fscanf(f, "%lu", &n) == 1; )
        rounds += n;
    for ( int status; wait(&status) > 0; )
        if ( !WIFEXITED(status) || WEXITSTATUS(status) )
            bad++;
    printf("tls-check: %d processes, %lu rounds, %d bad\n", procs, rounds,
           bad);
    return bad ? 1 : 0;
}
