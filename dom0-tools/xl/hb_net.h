/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV network devices of the libhcall backend: vif= at create, the
 * network-* verbs and the teardown (hb_vif.c), and dom0's bridge and
 * hotplug steps for Linux's xen-netback (hb_netdev.c).
 */
#ifndef XL_HB_NET_H
#define XL_HB_NET_H

#include <stdbool.h>

#include "hb.h"

/* The bridge a vif spec without bridge= joins. */
#define HB_DEFAULT_BRIDGE "xenbr0"

/* hb_vif.c */
int hb_vifs_create(const struct xl_domain_config *c, uint32_t domid);
void hb_vifs_destroy(uint32_t domid);
void hb_vifs_keep_macs(uint32_t domid, struct xl_domain_config *c);
int hb_vif_attach(uint32_t domid, const struct xl_vif *v);
int hb_vif_detach(uint32_t domid, const char *which);
int hb_vif_list(uint32_t domid, struct xl_vif_info **out, unsigned int *nr);

/* hb_netdev.c (all set xl_backend_msg on failure) */
bool hb_netdev_exists(const char *name);
/* Create the bridge if missing, and bring it up. */
int hb_bridge_ensure(const char *bridge);
/* Rename dev to newname (if set), set mtu (if not 0), enslave, bring up. */
int hb_netdev_plug(const char *dev, const char *newname, unsigned int mtu,
                   const char *bridge);
int hb_net_script(const char *script, const char *action, const char *be,
                  const char *ifname, const char *gatewaydev);
bool hb_process_running(const char *comm);

#endif /* XL_HB_NET_H */
