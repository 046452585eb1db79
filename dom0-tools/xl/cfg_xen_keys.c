/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The xl.cfg(5) keys of Xen 4.17 that Xenolite does not honour, each with
 * the reason it is refused. A few are accepted with the one value that
 * asks for what Xenolite does anyway (nomigrate = 1, claim_mode = 0 ...).
 * cfg_build.c turns a hit into an error naming file:line:key.
 */
#include <string.h>

#include "cfg_syntax.h"

#define HVM      "HVM/PVH only; Xenolite runs PV guests"
#define NO_DM    "no device model (QEMU); Xenolite runs PV guests"
#define NO_PCI   "no PCI or device passthrough (no IOMMU support)"
#define NO_DEV(d) "no " d " device; the PV devices are disk=, vif= and " \
                  "the console"
#define NO_POOL  "one CPU pool and one scheduler (credit)"
#define NO_XSM   "no XSM/FLASK security labels"
#define NO_SAVE  "domains cannot be saved or migrated"
#define ARM      "Arm only"
#define SCHED    "set it after create with xl sched-credit"
#define GRANT    "the hypervisor's fixed grant table limits apply"

static const struct cfg_refused refused[] = {
    /* Domain-wide settings. */
    { "pool", "Pool-0", NO_POOL },
    { "cpus_soft", NULL, "no soft affinity; use cpus= (hard affinity)" },
    { "vcpu_hard_affinity", NULL, "use cpus=" },
    { "vcpu_soft_affinity", NULL, "no soft affinity; use cpus=" },
    { "cpu_weight", "256", SCHED },
    { "cap", "0", SCHED },
    { "vnuma", NULL, "one NUMA node: no virtual NUMA" },
    { "on_watchdog", NULL, "no watchdog hypercall (SCHEDOP_watchdog)" },
    { "on_soft_reset", NULL, "no soft reset of PV guests" },
    { "seclabel", NULL, NO_XSM },
    { "init_seclabel", NULL, NO_XSM },
    { "max_grant_frames", NULL, GRANT },
    { "max_maptrack_frames", NULL, GRANT },
    { "max_grant_version", "1", "grant tables are version 1 only" },
    { "nomigrate", "1", NO_SAVE " (nomigrate = 1 is always true)" },
    { "driver_domain", "0", "no driver domains: backends run in dom0" },
    { "device_tree", NULL, ARM },
    { "passthrough", "disabled", NO_PCI },
    { "claim_mode", "0", "no memory claims" },
    { "e820_host", "0", "PV guests see a plain memory map (no host E820)" },
    { "tsc_mode", "default", "the TSC mode is fixed (native when stable)" },
    { "localtime", "0", "the wallclock is UTC" },
    { "rtc_timeoffset", "0", "no per-domain wallclock offset" },
    { "cpuid", NULL, "no CPUID policy per domain: guests see the host's "
      "filtered policy" },
    { "mca_caps", NULL, HVM },
    { "dm_restrict", NULL, NO_DM },
    { "device_model_user", NULL, NO_DM },
    { "pvshim", "0", "no PV shim: guests run PV directly" },
    { "pvshim_path", NULL, "no PV shim" },
    { "pvshim_cmdline", NULL, "no PV shim" },
    { "pvshim_extra", NULL, "no PV shim" },
    /* Devices Xenolite has no back end for. */
    { "pci", NULL, NO_PCI },
    { "pci_permissive", NULL, NO_PCI },
    { "pci_msitranslate", NULL, NO_PCI },
    { "pci_seize", NULL, NO_PCI },
    { "pci_power_mgmt", NULL, NO_PCI },
    { "rdm", NULL, NO_PCI },
    { "rdm_mem_boundary", NULL, NO_PCI },
    { "dtdev", NULL, NO_PCI },
    { "ioports", NULL, NO_PCI },
    { "iomem", NULL, NO_PCI },
    { "irqs", NULL, NO_PCI },
    { "gfx_passthru", NULL, NO_PCI },
    { "vtpm", NULL, NO_DEV("vTPM") },
    { "p9", NULL, NO_DEV("9pfs") },
    { "pvcalls", NULL, NO_DEV("PV calls") },
    { "vfb", NULL, NO_DEV("framebuffer") },
    { "vkb", NULL, NO_DEV("keyboard") },
    { "channel", NULL, NO_DEV("channel") },
    { "usbctrl", NULL, NO_DEV("USB") },
    { "usbdev", NULL, NO_DEV("USB") },
    { "vdispl", NULL, NO_DEV("display") },
    { "vsnd", NULL, NO_DEV("sound") },
    { "tee", NULL, ARM },
    { "gic_version", NULL, ARM },
    { "vuart", NULL, ARM },
    { "nr_spis", NULL, ARM },
    { "sve", NULL, ARM },
    /* HVM and device-model keys. */
    { "hap", NULL, HVM }, { "oos", NULL, HVM }, { "shadow_memory", NULL, HVM },
    { "nestedhvm", NULL, HVM }, { "altp2m", NULL, HVM },
    { "altp2mhvm", NULL, HVM }, { "bios", NULL, HVM },
    { "bios_path_override", NULL, HVM }, { "pae", NULL, HVM },
    { "acpi", NULL, HVM }, { "acpi_s3", NULL, HVM }, { "acpi_s4", NULL, HVM },
    { "acpi_laptop_slate", NULL, HVM }, { "apic", NULL, HVM },
    { "viridian", NULL, HVM }, { "hpet", NULL, HVM },
    { "vpt_align", NULL, HVM }, { "timer_mode", NULL, HVM },
    { "mmio_hole", NULL, HVM }, { "firmware", NULL, HVM },
    { "acpi_firmware", NULL, HVM }, { "smbios_firmware", NULL, HVM },
    { "ms_vm_genid", NULL, HVM }, { "xen_platform_pci", NULL, HVM },
    { "vendor_device", NULL, HVM }, { "hdtype", NULL, HVM },
    { "boot", NULL, HVM }, { "serial", NULL, NO_DM },
    { "stdvga", NULL, NO_DM }, { "vga", NULL, NO_DM },
    { "videoram", NULL, NO_DM }, { "vnc", NULL, NO_DM },
    { "vnclisten", NULL, NO_DM }, { "vncdisplay", NULL, NO_DM },
    { "vncunused", NULL, NO_DM }, { "vncpasswd", NULL, NO_DM },
    { "keymap", NULL, NO_DM }, { "sdl", NULL, NO_DM },
    { "opengl", NULL, NO_DM }, { "nographic", NULL, NO_DM },
    { "spice", NULL, NO_DM }, { "spicehost", NULL, NO_DM },
    { "spiceport", NULL, NO_DM }, { "spicetls_port", NULL, NO_DM },
    { "spicedisable_ticketing", NULL, NO_DM },
    { "spicepasswd", NULL, NO_DM }, { "spiceagent_mouse", NULL, NO_DM },
    { "spicevdagent", NULL, NO_DM },
    { "spice_clipboard_sharing", NULL, NO_DM },
    { "spiceusbredirection", NULL, NO_DM },
    { "spice_image_compression", NULL, NO_DM },
    { "spice_streaming_video", NULL, NO_DM },
    { "usb", NULL, NO_DM }, { "usbdevice", NULL, NO_DM },
    { "usbversion", NULL, NO_DM }, { "soundhw", NULL, NO_DM },
    { "vkb_device", NULL, NO_DM },
    { "device_model_version", NULL, NO_DM },
    { "device_model_override", NULL, NO_DM },
    { "device_model_stubdomain_override", NULL, NO_DM },
    { "device_model_stub_domain_seclabel", NULL, NO_DM },
    { "device_model_args", NULL, NO_DM },
    { "device_model_args_pv", NULL, NO_DM },
    { "device_model_args_hvm", NULL, NO_DM },
    { "stubdomain_kernel", NULL, NO_DM },
    { "stubdomain_ramdisk", NULL, NO_DM },
    { "stubdomain_cmdline", NULL, NO_DM },
    { "stubdomain_memory", NULL, NO_DM },
};

const struct cfg_refused *cfg_refused_key(const char *key)
{
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
        if (!strcmp(key, refused[i].key))
            return &refused[i];
    return NULL;
}

const struct cfg_refused *cfg_refused_table(unsigned int *nr)
{
    *nr = sizeof(refused) / sizeof(refused[0]);
    return refused;
}
