/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl top: a xentop-style view of the domains (CPU seconds and percent over
 * the last interval, memory, vCPUs), refreshed every -d seconds. On a
 * terminal it redraws until 'q' (no Enter: the terminal is in cbreak mode
 * meanwhile, restored on every exit and on SIGINT/SIGTERM/SIGHUP) or Ctrl-C;
 * another key redraws at once. -b prints frame after frame (for scripts and
 * tests), -i N stops after N frames.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "xl.h"

struct sample {
    uint32_t domid;
    uint64_t cpu_time_ns;
};

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of domid in the previous frame, or its current one if new. */
static uint64_t prev_time(const struct sample *prev, unsigned int nr_prev,
                          const struct xl_domain_info *d)
{
    for (unsigned int i = 0; i < nr_prev; i++)
        if (prev[i].domid == d->domid && prev[i].cpu_time_ns <= d->cpu_time_ns)
            return prev[i].cpu_time_ns;
    return d->cpu_time_ns;
}

static void print_frame(const struct xl_host_info *hi,
                        const struct xl_domain_info *d, unsigned int nr,
                        const struct sample *prev, unsigned int nr_prev,
                        double interval)
{
    static const unsigned int bits[6] = {
        XL_DOMSTATE_RUNNING, XL_DOMSTATE_BLOCKED, XL_DOMSTATE_PAUSED,
        XL_DOMSTATE_CRASHED, XL_DOMSTATE_DYING, XL_DOMSTATE_SHUTDOWN,
    };
    unsigned int count[6] = { 0 };
    uint64_t used = hi->total_memkb - hi->free_memkb;
    double total = hi->total_memkb ? (double)hi->total_memkb : 1;
    time_t t = time(NULL);
    char stamp[16];

    strftime(stamp, sizeof(stamp), "%H:%M:%S", localtime(&t));
    for (unsigned int i = 0; i < nr; i++)
        for (unsigned int b = 0; b < 6; b++)
            count[b] += !!(d[i].state & bits[b]);
    fprintf(xl_out, "xl top - %s   Xen %s\n", stamp, hi->hypervisor_version);
    fprintf(xl_out, "%u domains: %u running, %u blocked, %u paused, "
            "%u crashed, %u dying, %u shutdown\n", nr, count[0], count[1],
            count[2], count[3], count[4], count[5]);
    fprintf(xl_out, "Mem: %lluk total, %lluk used, %lluk free    CPUs: %u @ "
            "%uMHz\n", (unsigned long long)hi->total_memkb,
            (unsigned long long)used, (unsigned long long)hi->free_memkb,
            hi->nr_cpus, hi->cpu_mhz);
    fprintf(xl_out, "%10s STATE   CPU(sec) CPU(%%)     MEM(k) MEM(%%)  "
            "MAXMEM(k) MAXMEM(%%) VCPUS\n", "NAME");
    for (unsigned int i = 0; i < nr; i++) {
        uint64_t dt = d[i].cpu_time_ns - prev_time(prev, nr_prev, &d[i]);
        char state[7];

        for (unsigned int b = 0; b < 6; b++)
            state[b] = (d[i].state & (1u << b)) ? "rbpscd"[b] : '-';
        state[6] = '\0';
        fprintf(xl_out, "%10.10s %s %10llu %6.1f %10llu %6.1f %10llu %9.1f "
                "%5u\n", d[i].name, state,
                (unsigned long long)(d[i].cpu_time_ns / 1000000000ULL),
                interval > 0 ? dt / 1e9 / interval * 100 : 0.0,
                (unsigned long long)d[i].current_memkb,
                d[i].current_memkb / total * 100,
                (unsigned long long)d[i].max_memkb,
                d[i].max_memkb / total * 100, d[i].online_vcpus);
    }
}

/* ---- the terminal in interactive mode --------------------------------- */

static const int term_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction term_old[3];
static struct termios term_saved;
static volatile sig_atomic_t term_fd = -1;

/* Put the terminal back, then die of the signal as if never caught. */
static void term_on_signal(int sig)
{
    if (term_fd >= 0)
        tcsetattr(term_fd, TCSANOW, &term_saved);
    raise(sig);         /* SA_RESETHAND: the default action, once unblocked */
}

int xl_top_term_enter(int fd)
{
    struct sigaction sa = { .sa_handler = term_on_signal,
                            .sa_flags = SA_RESETHAND };
    struct termios t;

    if (!isatty(fd))
        return 0;                   /* piped: lines as they come */
    if (tcgetattr(fd, &term_saved) < 0)
        return -errno;
    t = term_saved;
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);   /* ISIG stays: Ctrl-C works */
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    sigemptyset(&sa.sa_mask);
    for (unsigned int i = 0; i < 3; i++)
        sigaction(term_signals[i], &sa, &term_old[i]);
    term_fd = fd;
    if (tcsetattr(fd, TCSANOW, &t) < 0) {
        int rc = -errno;

        xl_top_term_leave();
        return rc;
    }
    return 1;
}

void xl_top_term_leave(void)
{
    if (term_fd < 0)
        return;
    tcsetattr(term_fd, TCSANOW, &term_saved);
    term_fd = -1;
    for (unsigned int i = 0; i < 3; i++)
        sigaction(term_signals[i], &term_old[i], NULL);
}

bool xl_top_wait(int *fd, double delay)
{
    struct pollfd p = { .fd = *fd, .events = POLLIN };
    char keys[64];
    ssize_t n;

    /* An fd of -1 is ignored by poll: then this only sleeps. */
    if (poll(&p, 1, (int)(delay * 1000)) <= 0)
        return false;
    n = read(*fd, keys, sizeof(keys));
    if (n <= 0) {
        *fd = -1;       /* end of input: nothing can quit but Ctrl-C/-i */
        return false;
    }
    for (ssize_t i = 0; i < n; i++)
        if (keys[i] == 'q' || keys[i] == 'Q')
            return true;
    return false;
}

int cmd_top(struct xl_ctx *ctx)
{
    static const struct option longopts[] = {
        { "batch", no_argument, NULL, 'b' },
        { "iterations", required_argument, NULL, 'i' },
        { "delay", required_argument, NULL, 'd' },
        { 0, 0, 0, 0 },
    };
    struct xl_domain_info *doms = NULL;
    struct sample *prev = NULL;
    unsigned int nr = 0, nr_prev = 0;
    unsigned long iterations = 0, frame;
    double delay = 3, last = 0;
    bool batch = false;
    char *end;
    int opt, rc = 0, in = 0;

    while ((opt = xl_getopt(ctx, "bi:d:", longopts)) != -1) {
        switch (opt) {
        case 'b': batch = true; break;
        case 'i':
            if (xl_parse_uint(ctx, "-i (iterations)", optarg, 1, 1000000,
                              &iterations) < 0)
                return 1;
            break;
        case 'd':
            delay = strtod(optarg, &end);
            if (end == optarg || *end || !(delay >= 0 && delay <= 3600))
                return xl_fail(ctx, "-d (delay) must be 0 to 3600 seconds, "
                               "got '%s'", optarg);
            break;
        default: return 1;
        }
    }
    if (!XL_HAVE_OP(list_domains) || !XL_HAVE_OP(host_info))
        return xl_backend_fail(ctx, -ENOSYS);
    if (!batch && (rc = xl_top_term_enter(in)) < 0)
        return xl_fail(ctx, "cannot set up the terminal: %s", strerror(-rc));
    rc = 0;
    for (frame = 0; !iterations || frame < iterations; frame++) {
        struct xl_host_info hi;
        double t;

        if (frame && (batch ? (usleep((useconds_t)(delay * 1e6)), false)
                            : xl_top_wait(&in, delay)))
            break;
        memset(&hi, 0, sizeof(hi));
        if ((rc = xl_backend->host_info(&hi)) < 0 ||
            (rc = xl_backend->list_domains(&doms, &nr)) < 0)
            break;
        t = now_s();
        if (!batch)
            fprintf(xl_out, "\033[H\033[2J");       /* home, clear */
        print_frame(&hi, doms, nr, prev, nr_prev, frame ? t - last : 0);
        if (batch)
            fputc('\n', xl_out);
        fflush(xl_out);
        last = t;
        free(prev);
        prev = calloc(nr ? nr : 1, sizeof(*prev));
        nr_prev = prev ? nr : 0;
        for (unsigned int i = 0; i < nr_prev; i++)
            prev[i] = (struct sample){ doms[i].domid, doms[i].cpu_time_ns };
        free(doms);
        doms = NULL;
    }
    xl_top_term_leave();
    free(prev);
    free(doms);
    return rc < 0 ? xl_backend_fail(ctx, rc) : 0;
}
