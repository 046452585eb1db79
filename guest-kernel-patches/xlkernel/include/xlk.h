/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlkernel: the API a small PV appliance (an "app") is written against.
 * The kernel is the guest runtime of tests/guest/lib (entry, traps,
 * console, hypercalls: <xt.h>) plus memory, events, time, grants and
 * xenbus. An app defines app_name and app_main(); see docs/pv-kernel.md.
 */
#ifndef XLK_H
#define XLK_H

#include <xt.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <hcall_guest.h>

/* ---- the app ------------------------------------------------------------ */
extern const char app_name[];
/*
 * Runs once the kernel is up, events enabled. Its return value is the exit
 * status: 0 powers the domain off, anything else crashes it, unless the
 * command line says on_exit=idle (then the kernel keeps answering
 * control/shutdown until the toolstack asks it to stop).
 */
int app_main(void);

/* The command line (start_info cmd_line) and its words "key=value". */
const char *xlk_cmdline(void);
/* The value of key= on the command line (copied into buf), or NULL. */
const char *xlk_cmdline_get(const char *key, char *buf, size_t size);

/* The kernel's own domain id (from the store; 0 for the initial domain). */
extern domid_t xlk_domid;
bool xlk_is_initial_domain(void);

/* ---- memory --------------------------------------------------------------
 * Pseudo-physical memory is mapped 1:1 (VA == PFN << 12). Pages come from a
 * bitmap allocator over the P2M, the heap from pages.
 */
#define XLK_PAGE_SHIFT 12
void *xlk_alloc_pages(unsigned int n);          /* contiguous, zeroed */
void xlk_free_pages(void *p, unsigned int n);
unsigned long xlk_free_page_count(void);
unsigned long xlk_total_pages(void);
void *xlk_malloc(size_t size);                  /* 16-byte aligned */
void *xlk_zalloc(size_t size);
void xlk_free(void *p);
unsigned long xlk_virt_to_mfn(const void *va);
/*
 * Map machine frame mfn at va (outside the 1:1 region, e.g. from
 * xlk_alloc_va), building missing page tables; flags e.g. PTE_P|PTE_RW.
 * 0 or a negative Xen errno.
 */
int xlk_map_mfn(unsigned long va, unsigned long mfn, unsigned long flags);
/* n pages of virtual address space above the 1:1 region, unbacked. */
unsigned long xlk_alloc_va(unsigned int n);

/* ---- events and time ----------------------------------------------------
 * Handlers run in the upcall (events masked on this vCPU); they must be
 * short. Every event also advances xlk_events(), which waiters compare.
 */
typedef void (*xlk_evtchn_handler_t)(evtchn_port_t port, void *arg);
int xlk_evtchn_bind(evtchn_port_t port, xlk_evtchn_handler_t fn, void *arg);
void xlk_evtchn_unbind(evtchn_port_t port);     /* closes it too */
int xlk_evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port);
int xlk_evtchn_bind_interdomain(domid_t remote, evtchn_port_t rport,
                                evtchn_port_t *port);
int xlk_evtchn_notify(evtchn_port_t port);
unsigned long xlk_events(void);
/*
 * Block (SCHEDOP_block) until an event arrives after `seen` (a value of
 * xlk_events() taken before testing the condition waited for) or until
 * system time `deadline` ns (0: no deadline). Returns at once if one did.
 */
void xlk_wait(unsigned long seen, uint64_t deadline);
uint64_t xlk_now_ns(void);
void xlk_sleep_ns(uint64_t ns);
#define XLK_MS 1000000ULL

/* ---- grants (v1 table) ---------------------------------------------------- */
extern struct hcall_gnttab xlk_gnttab;
/* Grant our page at va to domid: the reference, or a negative Xen errno. */
int xlk_grant_page(domid_t domid, const void *va, bool readonly);
int xlk_grant_end(grant_ref_t ref);

/* ---- xenbus (NULL for the initial domain, which has no store) ---------- */
extern struct hcall_xs *xlk_xs;
extern const struct hcall_guest_env xlk_env;
/* Read path into buf (NUL ended): 0 or a negative Xen errno. */
int xlk_xs_read(const char *path, char *buf, size_t size);
int xlk_xs_printf(const char *path, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * Wait until path reads one of the states in the string `want` (e.g.
 * "\x04" for Connected, several allowed), watching it; the state read, or a
 * negative Xen errno (-XEN_ETIMEDOUT after timeout_ms).
 */
int xlk_xs_wait_state(const char *path, const char *want, unsigned int timeout_ms);

/* ---- shutdown ------------------------------------------------------------- */
void __attribute__((noreturn)) xlk_shutdown(unsigned int reason);
/*
 * Act on a pending control/shutdown request without blocking: for apps with
 * their own loop (xlk_net_poll() calls it). Other watch events are dropped.
 */
void xlk_poll_control(void);
/* Serve control/shutdown until told to stop (does not return). */
void __attribute__((noreturn)) xlk_idle(void);

/* ---- suspend and resume ----------------------------------------------------
 * control/shutdown = "suspend" (xl save, xl migrate) is answered from
 * xlk_poll_control() and xlk_idle(): every hook's suspend runs (the last
 * registered first; a frontend closes its rings and ends its grants), the
 * kernel suspends the domain, then every hook's resume runs in registration
 * order, with cancelled = true when the toolstack resumed this same domain
 * (xl save -c, a failed migration) and false in a new domain (restored or
 * migrated: new MFNs, event channels, grant table, store connection and
 * backends). Hooks run from the app's loop, never in an event handler.
 */
struct xlk_suspend_hook {
    void (*suspend)(void *arg);
    void (*resume)(void *arg, bool cancelled);
    void *arg;
};
#define XLK_SUSPEND_HOOKS 8
/* 0, or -XEN_ENOSPC when XLK_SUSPEND_HOOKS are registered already. */
int xlk_suspend_hook_register(const struct xlk_suspend_hook *h);
/*
 * Suspend now: 1 when the suspend was cancelled (same domain), 0 when
 * resumed in a new domain, -XEN_EOPNOTSUPP as the initial domain or without
 * a store.
 */
int xlk_suspend(void);
/* Suspends and resumes so far (cancelled ones included). */
extern unsigned int xlk_suspend_count;

/* kernel-internal set-up, in order */
void xlk_mm_init(void);
void xlk_events_init(void);
void xlk_gnttab_init(void);
void xlk_xenbus_init(void);
/* kernel-internal: around a suspend (suspend.c), see docs/pv-kernel.md */
void xlk_p2m_publish(void);
uint64_t xlk_events_suspend(void);
void xlk_events_resume(bool new_domain, uint64_t then_ns);
void xlk_gnttab_suspend(void);
void xlk_gnttab_resume(void);
void xlk_xenbus_resume(bool new_domain);

#endif /* XLK_H */
