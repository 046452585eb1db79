/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Xen 4.17 xl verbs Xenolite does not implement (xl's command table,
 * minus what cmd_table[] has), each with the reason. They answer
 * "xl: VERB: not implemented by Xenolite" with exit status 2, so a script
 * can tell them from a failure (1) or an unknown word (1, with a hint).
 */
#include <string.h>

#include "xl.h"

#define NO_PCI    "no PCI passthrough (PV guests get PV devices only)"
#define NO_REMUS "no Remus replication (xl migrate works)"
#define NO_DM     "no device model (QEMU): PV guests only"
#define NO_POOL   "one scheduler and one CPU pool (all pCPUs)"
#define NO_XSM    "no XSM/FLASK security module"
#define NO_PSR    "no Intel RDT (cache/memory bandwidth) support"
#define NO_USB    "no PV USB"
#define NO_DEV(d) "no " d " device (disk, vif and console are the PV devices)"

const struct xl_xen_verb xl_xen_verbs[] = {
    { "config-update", "configs are read at create time only" },
    { "pci-attach", NO_PCI },
    { "pci-detach", NO_PCI },
    { "pci-list", NO_PCI },
    { "pci-assignable-add", NO_PCI },
    { "pci-assignable-remove", NO_PCI },
    { "pci-assignable-list", NO_PCI },
    { "vncviewer", NO_DM },
    { "remus", NO_REMUS },
    { "dump-core", "no guest core dumps yet" },
    { "cd-insert", NO_DM },
    { "cd-eject", NO_DM },
    { "button-press", "no ACPI buttons: use xl shutdown or xl sysrq" },
    { "trigger", "no HVM triggers: use xl shutdown, reboot or sysrq" },
    { "qemu-monitor-command", NO_DM },
    { "vm-list", "use xl list" },
    { "sharing", "no memory sharing" },
    { "claims", "no memory claims (claim_mode)" },
    { "sched-credit2", NO_POOL },
    { "sched-rtds", NO_POOL },
    { "cpupool-create", NO_POOL },
    { "cpupool-list", NO_POOL },
    { "cpupool-destroy", NO_POOL },
    { "cpupool-rename", NO_POOL },
    { "cpupool-cpu-add", NO_POOL },
    { "cpupool-cpu-remove", NO_POOL },
    { "cpupool-migrate", NO_POOL },
    { "cpupool-numa-split", NO_POOL },
    { "debug-keys", "the hypervisor has no debug-key handlers" },
    { "set-parameters", "hypervisor parameters are fixed at boot" },
    { "channel-list", NO_DEV("channel") },
    { "vtpm-attach", NO_DEV("vTPM") },
    { "vtpm-list", NO_DEV("vTPM") },
    { "vtpm-detach", NO_DEV("vTPM") },
    { "vkb-attach", NO_DEV("virtual keyboard") },
    { "vkb-list", NO_DEV("virtual keyboard") },
    { "vkb-detach", NO_DEV("virtual keyboard") },
    { "vdispl-attach", NO_DEV("virtual display") },
    { "vdispl-list", NO_DEV("virtual display") },
    { "vdispl-detach", NO_DEV("virtual display") },
    { "vsnd-attach", NO_DEV("virtual sound") },
    { "vsnd-list", NO_DEV("virtual sound") },
    { "vsnd-detach", NO_DEV("virtual sound") },
    { "usbctrl-attach", NO_USB },
    { "usbctrl-detach", NO_USB },
    { "usbdev-attach", NO_USB },
    { "usbdev-detach", NO_USB },
    { "usblist", NO_USB },
    { "getenforce", NO_XSM },
    { "setenforce", NO_XSM },
    { "loadpolicy", NO_XSM },
    { "devd", "no driver domains: backends run in dom0" },
    { "psr-hwinfo", NO_PSR },
    { "psr-cmt-attach", NO_PSR },
    { "psr-cmt-detach", NO_PSR },
    { "psr-cmt-show", NO_PSR },
    { "psr-cat-set", NO_PSR },
    { "psr-cat-show", NO_PSR },
    { "psr-mba-set", NO_PSR },
    { "psr-mba-show", NO_PSR },
};

const unsigned int xl_xen_verb_count =
    sizeof(xl_xen_verbs) / sizeof(xl_xen_verbs[0]);

const struct xl_xen_verb *xl_find_xen_verb(const char *verb)
{
    for (unsigned int i = 0; i < xl_xen_verb_count; i++)
        if (!strcmp(verb, xl_xen_verbs[i].name))
            return &xl_xen_verbs[i];
    return NULL;
}

int xl_not_implemented(const struct xl_xen_verb *v)
{
    fprintf(xl_err, "xl: %s: not implemented by Xenolite (%s)\n", v->name,
            v->reason);
    return XL_EXIT_NOT_IMPLEMENTED;
}
