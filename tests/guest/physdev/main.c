/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * physdev: physical IRQs and platform calls, from both sides.
 * As an unprivileged DomU: every physdev_op hardware sub-op, platform_op
 * and EVTCHNOP_bind_pirq are -EPERM (set_iopl/set_iobitmap stay allowed).
 * As the hardware domain: GSIs, PIRQs and IO-APICs that do not exist get
 * -EINVAL, a wrong platform_op interface version -EACCES, and one GSI
 * (5, free on QEMU's i440fx) goes through map_pirq, irq_status_query,
 * bind_pirq, close and unmap_pirq. With "peers=1" on its command line
 * (physdev-domu.case) dom0 then waits for d1 to shut down, so the machine
 * is not powered off before the DomU's verdict is out.
 */
#include <xt.h>
#include <public/event_channel.h>
#include <public/physdev.h>
#include <public/platform.h>

#include "../multi/multi.h"

const char test_title[] = "physdev: PIRQs and platform_op, DomU and dom0";

#define BAD 100000

static long physdev(unsigned int cmd, void *arg)
{
    return HC(__HYPERVISOR_physdev_op, cmd, arg, 0, 0, 0);
}

static long evtchn(unsigned int cmd, void *arg)
{
    return HC(__HYPERVISOR_event_channel_op, cmd, arg, 0, 0, 0);
}

static long platform(struct xen_platform_op *op)
{
    return HC(__HYPERVISOR_platform_op, op, 0, 0, 0, 0);
}

static void domu_checks(void)
{
    static const unsigned int cmds[] = {
        PHYSDEVOP_IRQ_UNMASK_NOTIFY, PHYSDEVOP_irq_status_query,
        PHYSDEVOP_apic_read, PHYSDEVOP_apic_write,
        PHYSDEVOP_alloc_irq_vector, PHYSDEVOP_free_irq_vector,
        PHYSDEVOP_eoi, PHYSDEVOP_map_pirq, PHYSDEVOP_unmap_pirq,
        PHYSDEVOP_manage_pci_add, PHYSDEVOP_manage_pci_remove,
        PHYSDEVOP_pirq_eoi_gmfn_v1, PHYSDEVOP_restore_msi,
        PHYSDEVOP_manage_pci_add_ext, PHYSDEVOP_setup_gsi,
        PHYSDEVOP_get_free_pirq, PHYSDEVOP_pci_mmcfg_reserved,
        PHYSDEVOP_pci_device_add, PHYSDEVOP_pci_device_remove,
        PHYSDEVOP_restore_msi_ext, PHYSDEVOP_pirq_eoi_gmfn_v2,
        PHYSDEVOP_dbgp_op, PHYSDEVOP_prepare_msix, PHYSDEVOP_release_msix,
    };
    static uint8_t buf[256];
    struct xen_platform_op pop = {
        .cmd = XENPF_get_cpuinfo,
        .interface_version = XENPF_INTERFACE_VERSION,
    };
    struct evtchn_bind_pirq bp = { .pirq = 1 };
    struct physdev_set_iopl iopl = { .iopl = 1 };
    long rc;

    for ( unsigned int i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++ )
    {
        memset(buf, 0, sizeof(buf));
        rc = physdev(cmds[i], buf);
        xt_check(rc == -XEN_EPERM, "physdev_op %u = %ld, not -EPERM",
                 cmds[i], rc);
    }
    rc = platform(&pop);
    xt_check(rc == -XEN_EPERM, "platform_op get_cpuinfo = %ld", rc);
    rc = evtchn(EVTCHNOP_bind_pirq, &bp);
    xt_check(rc == -XEN_EPERM, "bind_pirq(1) = %ld", rc);
    rc = physdev(PHYSDEVOP_set_iopl, &iopl);
    xt_check(rc == 0, "set_iopl(1) = %ld", rc);
}

static void dom0_errors(void)
{
    struct physdev_map_pirq map = { .domid = DOMID_SELF,
                                    .type = MAP_PIRQ_TYPE_GSI,
                                    .index = BAD, .pirq = -1 };
    struct physdev_setup_gsi gsi = { .gsi = BAD };
    struct physdev_eoi eoi = { .irq = BAD };
    struct physdev_irq_status_query q = { .irq = BAD };
    struct physdev_unmap_pirq unmap = { .domid = DOMID_SELF, .pirq = BAD };
    struct physdev_apic apic = { .apic_physbase = 0x1000, .reg = 1 };
    struct evtchn_bind_pirq bp = { .pirq = BAD };
    struct xen_platform_op pop = { .cmd = XENPF_get_cpuinfo,
                                   .interface_version = 1 };
    long rc;

    rc = physdev(PHYSDEVOP_map_pirq, &map);
    xt_check(rc == -XEN_EINVAL, "map_pirq(GSI %d) = %ld", BAD, rc);
    map.index = 5;
    map.type = 7;
    rc = physdev(PHYSDEVOP_map_pirq, &map);
    xt_check(rc == -XEN_EINVAL, "map_pirq(type 7) = %ld", rc);
    rc = physdev(PHYSDEVOP_setup_gsi, &gsi);
    xt_check(rc == -XEN_EINVAL, "setup_gsi(%d) = %ld", BAD, rc);
    rc = physdev(PHYSDEVOP_eoi, &eoi);
    xt_check(rc == -XEN_EINVAL, "eoi(%d) = %ld", BAD, rc);
    rc = physdev(PHYSDEVOP_irq_status_query, &q);
    xt_check(rc == -XEN_EINVAL, "irq_status_query(%d) = %ld", BAD, rc);
    rc = physdev(PHYSDEVOP_unmap_pirq, &unmap);
    xt_check(rc == -XEN_EINVAL, "unmap_pirq(%d) = %ld", BAD, rc);
    rc = physdev(PHYSDEVOP_apic_read, &apic);
    xt_check(rc == -XEN_EINVAL, "apic_read(no IO-APIC) = %ld", rc);
    rc = evtchn(EVTCHNOP_bind_pirq, &bp);
    xt_check(rc == -XEN_EINVAL, "bind_pirq(%d) = %ld", BAD, rc);
    rc = platform(&pop);
    xt_check(rc == -XEN_EACCES, "platform_op(version 1) = %ld", rc);
}

/* GSI 5 (level, unused on QEMU's i440fx): the whole PIRQ life cycle. */
static void dom0_pirq(void)
{
    struct physdev_map_pirq map = { .domid = DOMID_SELF,
                                    .type = MAP_PIRQ_TYPE_GSI,
                                    .index = 5, .pirq = -1 };
    struct physdev_irq_status_query q;
    struct evtchn_bind_pirq bp = { .flags = BIND_PIRQ__WILL_SHARE };
    struct evtchn_close cl;
    struct physdev_unmap_pirq unmap = { .domid = DOMID_SELF };
    struct physdev_eoi eoi;
    long rc;

    rc = physdev(PHYSDEVOP_map_pirq, &map);
    if ( rc )
    {
        xt_fail("map_pirq(GSI 5) = %ld", rc);
        return;
    }
    printk("GSI 5 is PIRQ %d\n", map.pirq);
    q.irq = map.pirq;
    rc = physdev(PHYSDEVOP_irq_status_query, &q);
    xt_check(rc == 0, "irq_status_query(%d) = %ld", map.pirq, rc);
    bp.pirq = map.pirq;
    rc = evtchn(EVTCHNOP_bind_pirq, &bp);
    xt_check(rc == 0, "bind_pirq(%d) = %ld", map.pirq, rc);
    rc = evtchn(EVTCHNOP_bind_pirq, &bp);
    xt_check(rc == -XEN_EEXIST, "second bind_pirq(%d) = %ld", map.pirq, rc);
    eoi.irq = map.pirq;
    rc = physdev(PHYSDEVOP_eoi, &eoi);
    xt_check(rc == 0, "eoi(%d) = %ld", map.pirq, rc);
    cl.port = bp.port;
    rc = evtchn(EVTCHNOP_close, &cl);
    xt_check(rc == 0, "close(%u) = %ld", bp.port, rc);
    unmap.pirq = map.pirq;
    rc = physdev(PHYSDEVOP_unmap_pirq, &unmap);
    xt_check(rc == 0, "unmap_pirq(%d) = %ld", map.pirq, rc);
}

void test_main(void)
{
    if ( !(xt_start_info->flags & SIF_INITDOMAIN) )
    {
        domu_checks();
        return;
    }
    dom0_errors();
    dom0_pirq();
    if ( multi_arg("peers=", 0) )
        xt_check(multi_wait_shutdown(1), "d1 never shut down");
}
