/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The verbs the guest carries out itself, through its control/ directory
 * in the store: shutdown and reboot (control/shutdown, which Linux's PV
 * shutdown watch turns into /sbin/poweroff or /sbin/reboot), sysrq
 * (control/sysrq), and the -w wait for the outcome.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "hb.h"
#include "xl.h"

static int control_write(uint32_t domid, const char *node, const char *val)
{
    struct xen_domctl_getdomaininfo g;
    char path[96];
    int rc = hb_dominfo(domid, &g);

    if (rc < 0)
        return rc;
    snprintf(path, sizeof(path), "/local/domain/%u/control/%s", domid, node);
    return hb_xs_write(path, val);
}

int hb_shutdown(uint32_t domid, enum xl_shutdown_reason why)
{
    if (domid == 0)
        return hb_msg(-EPERM, "not shutting down Domain-0 from xl; use "
                      "poweroff in dom0");
    return control_write(domid, "shutdown",
                         why == XL_SHUTDOWN_REBOOT ? "reboot" : "poweroff");
}

/*
 * Shut down for good: nothing will act on it any more, because its config
 * says preserve for this reason, or no xl monitor started it (no config).
 */
static bool shut_down_for_good(uint32_t domid, unsigned int reason)
{
    struct xl_domain_config c;
    bool done;

    if (reason == XL_SHUTDOWN_SUSPEND)
        return false;
    xl_config_init(&c);
    done = hb_domain_config(domid, &c) < 0 ||
           hb_action_for(&c, reason) == XL_ACTION_PRESERVE;
    xl_config_free(&c);
    return done;
}

/*
 * shutdown/reboot -w: until the domain is gone (the monitor destroyed it,
 * or restarted it under a new domid) or shut down for good. Up to 5 min.
 */
int hb_wait_gone(uint32_t domid)
{
    struct xen_domctl_getdomaininfo g;
    int rc;

    for (int i = 0; i < 3000; i++) {
        rc = hb_dominfo(domid, &g);
        if (rc == -ESRCH) {
            xl_backend_msg[0] = '\0';
            return 0;
        }
        if (rc < 0)
            return rc;
        /* Dying: being destroyed (its store entries may be gone). */
        if ((g.flags & XEN_DOMINF_shutdown) &&
            !(g.flags & XEN_DOMINF_dying) &&
            shut_down_for_good(domid, (g.flags >> XEN_DOMINF_shutdownshift) &
                                      XEN_DOMINF_shutdownmask))
            return 0;
        usleep(100 * 1000);
    }
    return hb_msg(-ETIMEDOUT, "domain %u has not shut down after 5 minutes "
                  "(does its kernel watch control/shutdown?); xl destroy %u "
                  "removes it", domid, domid);
}

int hb_sysrq(uint32_t domid, char key)
{
    char v[2] = { key, 0 };

    return control_write(domid, "sysrq", v);
}
