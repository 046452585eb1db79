/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * softint-dpl: `int $n` for a vector without a DPL-3 gate in the
 * hypervisor's IDT faults with #GP, error code (n << 3) | 2; the hypervisor
 * then applies the DPL of the guest's trap_info: 0 nobody, 1-2 guest kernel
 * only, 3 everybody. Allowed: vector n delivered with RIP after the
 * instruction. Refused: #GP with that error code at the instruction.
 *
 * QEMU's TCG (at least 7.2) reports such #GPs in long mode with error code
 * (n << 4) | 2 (the 16-byte IDT entry offset). A hypervisor that trusts the
 * hardware error code then sees the wrong vector. The first probe detects
 * this and the test SKIPs instead of reading garbage.
 */
#include <xt.h>

const char test_title[] = "software interrupts through #GP: trap_info DPL rules";

static uint64_t user_at;

static unsigned long user_int81(void) { XT_INT_AT(0x81, user_at); return 0; }
static unsigned long user_int83(void) { XT_INT_AT(0x83, user_at); return 0; }

void test_main(void)
{
    uint64_t at;
    long rc;

    /* Probe: no handler for 0x30 (nor 0x60, what QEMU's code would name). */
    xt_trap_reset();
    XT_INT_AT(0x30, at);
    if ( xt_last_trap.count == 1 && xt_last_trap.vector == X86_EXC_GP &&
         xt_last_trap.error_code == ((0x30 << 4) | 2) )
    {
        xt_skip("int $0x30 gave #GP error %#lx = (n << 4) | 2: the CPU "
                "(QEMU TCG) reports a wrong IDT error code",
                xt_last_trap.error_code);
        return;
    }
    xt_expect_trap("int $0x30, no handler (kernel)", X86_EXC_GP, (0x30 << 3) | 2, at,
           false);

    /* DPL 1: guest kernel only. */
    rc = xt_set_trap(0x81, 1);
    xt_check(rc == 0, "set_trap_table(0x81, DPL 1) = %ld", rc);
    xt_trap_reset();
    XT_INT_AT(0x81, at);
    xt_expect_trap("int $0x81, DPL 1 (kernel)", 0x81, 0, at + 2, false);
    xt_trap_reset();
    xt_exec_user(user_int81);
    xt_expect_trap("int $0x81, DPL 1 (user)", X86_EXC_GP, (0x81 << 3) | 2, user_at,
           true);

    /* DPL 0: nobody. */
    rc = xt_set_trap(0x82, 0);
    xt_check(rc == 0, "set_trap_table(0x82, DPL 0) = %ld", rc);
    xt_trap_reset();
    XT_INT_AT(0x82, at);
    xt_expect_trap("int $0x82, DPL 0 (kernel)", X86_EXC_GP, (0x82 << 3) | 2, at, false);

    /* DPL 3: everybody. */
    rc = xt_set_trap(0x83, 3);
    xt_check(rc == 0, "set_trap_table(0x83, DPL 3) = %ld", rc);
    xt_trap_reset();
    XT_INT_AT(0x83, at);
    xt_expect_trap("int $0x83, DPL 3 (kernel)", 0x83, 0, at + 2, false);
    xt_trap_reset();
    xt_exec_user(user_int83);
    xt_expect_trap("int $0x83, DPL 3 (user)", 0x83, 0, user_at + 2, true);
}
