/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vcpu_op (pv-abi-ladder 3.4, 3.6, 3.8), booted with two vCPUs:
 *  - is_up: 1 for vCPU 0, 0 for the never-started vCPU 1, -ENOENT past
 *    the last vCPU; get_runstate_info: vCPU 0 running, vCPU 1 offline;
 *  - register_runstate_memory_area: written at once (running), then the
 *    time spent blocked in a 5 ms SCHEDOP_poll shows up, with
 *    XEN_RUNSTATE_UPDATE clear afterwards (VMASST runstate_update_flag on);
 *    a hypervisor address is -EFAULT;
 *  - vCPU 1: up before initialise -EINVAL; initialise with a non-canonical
 *    RIP or a user-mode start without a user L4 -EINVAL; a minimal context
 *    (kernel mode, our L4, a stack) is accepted, a second initialise is
 *    -EEXIST; after up it runs, sees itself up, and takes itself down;
 *  - register_vcpu_info: misaligned / too-late offsets -ENXIO; for the
 *    offline vCPU 1 and for ourselves once each, the second time -EINVAL;
 *    the moved vcpu_info has pending_sel ~0, upcall_pending 1 and the time.
 */
#include <xt.h>
#include <xt-mm.h>
#include <public/event_channel.h>
#include <public/vcpu.h>

const char test_title[] = "vcpu_op: is_up, runstate, initialise/up/down, vcpu_info";

#define MS 1000000ULL

static struct vcpu_guest_context ctx;
static uint8_t ap_stack[8192] __attribute__((aligned(16)));
static uint8_t vi_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct vcpu_runstate_info area __attribute__((aligned(64)));
static volatile unsigned int ap_ran;
static volatile long ap_is_up = -1;

void ap_main(void);
void ap_main(void)
{
    ap_is_up = hc_vcpu_op(VCPUOP_is_up, 1, 0);
    __atomic_fetch_add(&ap_ran, 1, __ATOMIC_SEQ_CST);
    hc_vcpu_op(VCPUOP_down, 1, 0);
    for ( ;; )
        hc_sched_op(SCHEDOP_yield, 0);
}

asm (".pushsection .text, \"ax\", @progbits\n"
     "ap_entry:\n\t"
     "and  $-16, %rsp\n\t"
     "call ap_main\n\t"
     "ud2\n"
     ".popsection\n");
extern const uint8_t ap_entry[];

static long vcpus;


static void check_is_up(void)
{
    long rc;

    rc = hc_vcpu_op(VCPUOP_is_up, 0, 0);
    xt_check(rc == 1, "is_up(0) = %ld", rc);
    rc = hc_vcpu_op(VCPUOP_is_up, 1, 0);
    vcpus = rc == -XEN_ENOENT ? 1 : 2;
    xt_check(rc == 0 || rc == -XEN_ENOENT, "is_up(1) = %ld", rc);
    rc = hc_vcpu_op(VCPUOP_is_up, vcpus, 0);
    xt_check(rc == -XEN_ENOENT, "is_up(%ld) = %ld", vcpus, rc);
    rc = hc_vcpu_op(VCPUOP_is_up, 4000, 0);
    xt_check(rc == -XEN_ENOENT, "is_up(4000) = %ld", rc);
}

static void check_runstate(void)
{
    struct vcpu_runstate_info r;
    struct vcpu_register_runstate_memory_area reg = { .addr.p = 0 };
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = 0 };
    struct sched_poll sp = { .nr_ports = 1 };
    uint32_t port;
    uint64_t blocked0;
    long rc;

    rc = hc_vcpu_op(VCPUOP_get_runstate_info, 0, &r);
    xt_check(rc == 0 && r.state == RUNSTATE_running && r.time[RUNSTATE_running] > 0,
             "get_runstate_info(0) = %ld state %d running %lu", rc, r.state,
             (unsigned long)r.time[RUNSTATE_running]);
    if ( vcpus > 1 )
    {
        rc = hc_vcpu_op(VCPUOP_get_runstate_info, 1, &r);
        xt_check(rc == 0 && r.state == RUNSTATE_offline,
                 "get_runstate_info(1) = %ld state %d", rc, r.state);
    }

    reg.addr.p = 0xffff800000001000ULL;
    rc = hc_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &reg);
    xt_check(rc == -XEN_EFAULT, "runstate area in the hypervisor hole = %ld", rc);

    HC(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
       VMASST_TYPE_runstate_update_flag, 0, 0, 0);
    memset(&area, 0xff, sizeof(area));
    reg.addr.p = (uint64_t)&area;
    rc = hc_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &reg);
    xt_check(rc == 0, "register_runstate_memory_area = %ld", rc);
    xt_check(area.state == RUNSTATE_running && area.state_entry_time > 0 &&
             !(area.state_entry_time & XEN_RUNSTATE_UPDATE),
             "runstate area: state %d entry %#lx", area.state,
             (unsigned long)area.state_entry_time);
    blocked0 = area.time[RUNSTATE_blocked];

    rc = HC(__HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound, &au, 0, 0, 0);
    if ( rc )
    {
        xt_error("alloc_unbound = %ld", rc);
        return;
    }
    port = au.port;
    sp.ports.p = &port;
    for ( int i = 0; i < 3; i++ )
    {
        sp.timeout = xt_now_ns() + 5 * MS;
        rc = hc_sched_op(SCHEDOP_poll, &sp);
        r = area;
        if ( r.time[RUNSTATE_blocked] > blocked0 )
            break;
    }
    xt_check(rc == 0, "SCHEDOP_poll = %ld", rc);
    xt_check(r.state == RUNSTATE_running && r.time[RUNSTATE_blocked] > blocked0 &&
             !(r.state_entry_time & XEN_RUNSTATE_UPDATE),
             "runstate area after poll: state %d blocked %lu -> %lu entry %#lx",
             r.state, (unsigned long)blocked0,
             (unsigned long)r.time[RUNSTATE_blocked],
             (unsigned long)r.state_entry_time);
}

static void fill_ctx(void)
{
    xt_vcpu_context(&ctx, ap_entry, ap_stack + sizeof(ap_stack));
}

static void check_bringup(void)
{
    long rc;
    unsigned int i;

    rc = hc_vcpu_op(VCPUOP_up, 1, 0);
    xt_check(rc == -XEN_EINVAL, "up(1) before initialise = %ld", rc);

    fill_ctx();
    ctx.user_regs.rip = 0x8000000000000000ULL;
    rc = hc_vcpu_op(VCPUOP_initialise, 1, &ctx);
    xt_check(rc == -XEN_EINVAL, "initialise(non-canonical rip) = %ld", rc);
    fill_ctx();
    ctx.flags = 0;
    rc = hc_vcpu_op(VCPUOP_initialise, 1, &ctx);
    xt_check(rc == -XEN_EINVAL, "initialise(user mode, no user L4) = %ld", rc);

    fill_ctx();
    rc = hc_vcpu_op(VCPUOP_initialise, 1, &ctx);
    xt_check(rc == 0, "initialise(1) = %ld", rc);
    if ( rc )
        return;
    rc = hc_vcpu_op(VCPUOP_initialise, 1, &ctx);
    xt_check(rc == -XEN_EEXIST, "second initialise(1) = %ld", rc);
    rc = hc_vcpu_op(VCPUOP_is_up, 1, 0);
    xt_check(rc == 0, "is_up(1) after initialise = %ld", rc);

    rc = hc_vcpu_op(VCPUOP_up, 1, 0);
    xt_check(rc == 0, "up(1) = %ld", rc);
    for ( i = 0; i < 200000 && !ap_ran; i++ )
        hc_sched_op(SCHEDOP_yield, 0);
    xt_check(ap_ran == 1, "vCPU 1 ran %u times", ap_ran);
    xt_check(ap_is_up == 1, "is_up(1) on vCPU 1 = %ld", ap_is_up);
    for ( i = 0; i < 200000 && hc_vcpu_op(VCPUOP_is_up, 1, 0) != 0; i++ )
        hc_sched_op(SCHEDOP_yield, 0);
    rc = hc_vcpu_op(VCPUOP_is_up, 1, 0);
    xt_check(rc == 0, "is_up(1) after it went down = %ld", rc);
}

static long reg_vcpu_info(unsigned int id, unsigned int offset)
{
    struct vcpu_register_vcpu_info info = {
        .mfn = xt_virt_to_mfn(vi_page), .offset = offset,
    };

    return hc_vcpu_op(VCPUOP_register_vcpu_info, id, &info);
}

static void check_vcpu_info(void)
{
    vcpu_info_t *nv = (vcpu_info_t *)(vi_page + 64);
    long rc;

    rc = reg_vcpu_info(0, 4);
    xt_check(rc == -XEN_ENXIO, "register_vcpu_info(offset 4) = %ld", rc);
    rc = reg_vcpu_info(0, PAGE_SIZE - 32);
    xt_check(rc == -XEN_ENXIO, "register_vcpu_info(offset 4064) = %ld", rc);

    if ( vcpus > 1 )
    {
        rc = reg_vcpu_info(1, 256);
        xt_check(rc == 0, "register_vcpu_info(offline vCPU 1) = %ld", rc);
        rc = reg_vcpu_info(1, 320);
        xt_check(rc == -XEN_EINVAL, "second register_vcpu_info(1) = %ld", rc);
    }

    memset(nv, 0, sizeof(*nv));
    rc = reg_vcpu_info(0, 64);
    xt_check(rc == 0, "register_vcpu_info(0) = %ld", rc);
    if ( rc )
        return;
    xt_check(nv->evtchn_pending_sel == ~0UL && nv->evtchn_upcall_pending == 1 &&
             nv->evtchn_upcall_mask == 1,
             "moved vcpu_info: sel %#lx pending %u mask %u",
             (unsigned long)nv->evtchn_pending_sel, nv->evtchn_upcall_pending,
             nv->evtchn_upcall_mask);
    xt_check(!(nv->time.version & 1) && nv->time.tsc_to_system_mul &&
             nv->time.tsc_timestamp,
             "moved vcpu_info time: version %u mul %#x", nv->time.version,
             nv->time.tsc_to_system_mul);
    rc = reg_vcpu_info(0, 128);
    xt_check(rc == -XEN_EINVAL, "second register_vcpu_info(0) = %ld", rc);
}

void test_main(void)
{
    check_is_up();
    check_runstate();
    if ( vcpus > 1 )
        check_bringup();
    else
        xt_skip("only one vCPU: boot with dom0_max_vcpus=2");
    check_vcpu_info();
}
