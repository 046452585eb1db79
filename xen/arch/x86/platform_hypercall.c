/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * platform_op (hc 7) for the hardware domain's boot path: setting the wall
 * clock, physical CPU ids, the CPU's signature, and firmware data (none
 * collected: the hypervisor does not run real-mode BIOS calls, so every
 * entry is -ESRCH). Everything else is -ENOSYS; other domains get -EPERM.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/uaccess.h>
#include <public/platform.h>

static long get_cpuinfo(struct xenpf_pcpuinfo *pi)
{
    unsigned int cpu = pi->xen_cpuid;

    pi->max_present = nr_cpu_ids - 1;
    if ( cpu >= nr_cpu_ids )
    {
        pi->flags = XEN_PCPU_FLAGS_INVALID;
        return 0;
    }
    pi->flags = cpu_online(cpu) ? XEN_PCPU_FLAGS_ONLINE : 0;
    pi->apic_id = pi->acpi_id = cpu_apic_id[cpu];
    return 0;
}

static long get_cpu_version(struct xenpf_pcpu_version *ver)
{
    uint32_t a, b, c, d;

    ver->max_present = nr_cpu_ids - 1;
    if ( ver->xen_cpuid >= nr_cpu_ids || !cpu_online(ver->xen_cpuid) )
    {
        memset(ver->vendor_id, 0, sizeof(ver->vendor_id));
        ver->family = ver->model = ver->stepping = 0;
        return 0;
    }
    /* All CPUs are the boot CPU's kind. */
    cpuid(0, &a, &b, &c, &d);
    memcpy(ver->vendor_id, &b, 4);
    memcpy(ver->vendor_id + 4, &d, 4);
    memcpy(ver->vendor_id + 8, &c, 4);
    cpuid(1, &a, &b, &c, &d);
    ver->family = (a >> 8) & 0xf;
    if ( ver->family == 0xf )
        ver->family += (a >> 20) & 0xff;
    ver->model = (a >> 4) & 0xf;
    if ( ver->family >= 6 )
        ver->model |= ((a >> 16) & 0xf) << 4;
    ver->stepping = a & 0xf;
    return 0;
}

static long firmware_info(const struct xenpf_firmware_info *fw)
{
    if ( fw->type < XEN_FW_DISK_INFO || fw->type > XEN_FW_KBD_SHIFT_FLAGS )
        return -EINVAL;
    return -ESRCH;
}

/* Copy back (the whole struct, as Xen) when *out and the call succeeded. */
static long platform_op(struct xen_platform_op *op, bool *out)
{
    switch ( op->cmd )
    {
    case XENPF_settime32:
        do_settime(op->u.settime32.secs, op->u.settime32.nsecs,
                   op->u.settime32.system_time);
        return 0;
    case XENPF_settime64:
        if ( op->u.settime64.mbz || op->u.settime64.nsecs >= 1000000000U )
            return -EINVAL;
        do_settime(op->u.settime64.secs, op->u.settime64.nsecs,
                   op->u.settime64.system_time);
        return 0;
    case XENPF_get_cpuinfo:
        *out = true;
        return get_cpuinfo(&op->u.pcpu_info);
    case XENPF_get_cpu_version:
        *out = true;
        return get_cpu_version(&op->u.pcpu_version);
    case XENPF_firmware_info:
        return firmware_info(&op->u.firmware_info);
    }
    return -ENOSYS;
}

long do_platform_op(unsigned long arg)
{
    struct xen_platform_op op;
    bool out = false;
    long rc;

    if ( current->domain != hardware_domain )
        return -EPERM;
    if ( copy_from_guest_va(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.interface_version != XENPF_INTERFACE_VERSION )
        return -EACCES;
    rc = platform_op(&op, &out);
    if ( !rc && out && copy_to_guest_va(arg, &op, sizeof(op)) )
        rc = -EFAULT;
    return rc;
}
