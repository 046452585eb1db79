/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bringing up more vCPUs of a test kernel (xt.h): each gets the boot
 * vCPU's address space and callbacks, a stack of its own, and starts in
 * ap_entry with its id and function in registers.
 */
#include <xt.h>
#include <xt-mm.h>
#include <public/vcpu.h>


extern const uint8_t xt_entry_event[], xt_entry_failsafe[];

static uint8_t ap_stack[XT_MAX_VCPUS][8192] __attribute__((aligned(16)));
static struct vcpu_guest_context ap_ctx;

void xt_ap_main(unsigned int id, void (*fn)(unsigned int id));
void xt_ap_main(unsigned int id, void (*fn)(unsigned int id))
{
    fn(id);
    for ( ;; )                          /* a later VCPUOP_up lands here */
        hc_vcpu_op(VCPUOP_down, id, 0);
}

/* %rdi = id, %rsi = fn (user_regs), %rsp = the top of its stack. */
asm (".pushsection .text, \"ax\", @progbits\n"
     "xt_ap_entry:\n\t"
     "and  $-16, %rsp\n\t"
     "call xt_ap_main\n\t"
     "ud2\n"
     ".popsection\n");
extern const uint8_t xt_ap_entry[];

void xt_vcpu_context(struct vcpu_guest_context *c, const void *entry,
                     void *stack_top)
{
    memset(c, 0, sizeof(*c));
    c->flags = VGCF_in_kernel;
    c->user_regs.rip = (uint64_t)entry;
    c->user_regs.rsp = (uint64_t)stack_top;
    c->user_regs.cs = FLAT_KERNEL_CS;
    c->user_regs.ss = FLAT_KERNEL_SS;
    c->user_regs.rflags = 0x200;
    c->kernel_ss = FLAT_KERNEL_SS;
    c->kernel_sp = c->user_regs.rsp;
    c->ctrlreg[3] = xt_l4_mfn() << 12;
    c->event_callback_eip = (uint64_t)xt_entry_event;
    c->failsafe_callback_eip = (uint64_t)xt_entry_failsafe;
}

long xt_vcpu_start(unsigned int id, void (*fn)(unsigned int id))
{
    struct vcpu_guest_context *c = &ap_ctx;
    long rc;

    if ( id == 0 || id >= XT_MAX_VCPUS )
        return -XEN_EINVAL;
    xt_vcpu_context(c, xt_ap_entry, ap_stack[id] + sizeof(ap_stack[id]));
    c->user_regs.rdi = id;
    c->user_regs.rsi = (uint64_t)fn;
    rc = hc_vcpu_op(VCPUOP_initialise, id, c);
    return rc ? rc : hc_vcpu_op(VCPUOP_up, id, 0);
}

unsigned int xt_nr_vcpus(void)
{
    unsigned int n = 1;

    while ( n < XT_MAX_VCPUS && hc_vcpu_op(VCPUOP_is_up, n, 0) != -XEN_ENOENT )
        n++;
    return n;
}
