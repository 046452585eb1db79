/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gdt: set_gdt and update_descriptor (pv-abi-ladder 1.9), the two
 * descriptor-table hypercalls no other kernel exercised:
 * - update_descriptor into a plain frame we own stores a code/data
 *   descriptor with its DPL raised to 3 (the guest kernel's ring); a
 *   misaligned address, a frame we do not own, and an LDT-type system
 *   descriptor are -EINVAL;
 * - set_gdt with that frame: a selector of it loads into %es; the frame can
 *   no longer be mapped writable; more than 14 pages of entries, a frame
 *   mapped writable, and an unreadable frame list are refused, the first
 *   two with -EINVAL, the last with -EFAULT; set_gdt(0 entries) drops it.
 * Call gates and present type-0 system descriptors are left out: Xen 4.17
 * accepts some of them, Xenolite refuses every system descriptor.
 */
#include <xt-mm.h>

const char test_title[] = "set_gdt and update_descriptor";

#define W_RO   50               /* read-only view of the GDT frame */
#define W_RW   51               /* a writable mapping that must block set_gdt */
#define SLOT   5                /* GDT entry used */
#define SEL    ((SLOT << 3) | 3)

/* Flat 64-bit data segment, present, writable, DPL dpl. */
static uint64_t data_desc(unsigned int dpl)
{
    return 0x00cf92000000ffffUL | ((uint64_t)dpl << 45);
}

static int load_es(uint16_t sel)
{
    int faulted = 0;

    asm volatile ("1: mov %[s], %%es\n\t"
                  "jmp 3f\n\t"
                  "2: movl $1, %[f]\n\t"
                  "3:\n\t" XT_EXTABLE(1b, 2b)
                  : [f] "+m" (faulted) : [s] "r" (sel) : "memory");
    return faulted;
}

static void descriptors(unsigned long f)
{
    uint64_t maddr = (f << 12) + SLOT * 8;
    volatile uint64_t *ro = xt_scratch(W_RO);
    long rc;

    rc = hc_update_descriptor(maddr, data_desc(0));
    xt_check(rc == 0, "update_descriptor(data, DPL 0) = %ld", rc);
    xt_check(xt_map(W_RO, f, PTE_P) == 0, "read-only view of the frame");
    xt_check(((ro[SLOT] >> 45) & 3) == 3,
             "stored descriptor %#lx: DPL not raised to 3",
             (unsigned long)ro[SLOT]);
    rc = hc_update_descriptor(maddr + 4, data_desc(3));
    xt_check(rc == -XEN_EINVAL, "misaligned update_descriptor = %ld", rc);
    /* Present LDT descriptor (system type 2): never for a PV guest. */
    rc = hc_update_descriptor(maddr + 8, 0x0000820000000000UL);
    xt_check(rc == -XEN_EINVAL, "LDT-type descriptor = %ld", rc);
    /* Frame 0 of the machine belongs to the hypervisor. */
    rc = hc_update_descriptor(8, data_desc(3));
    xt_check(rc < 0, "update_descriptor into frame 0 = %ld", rc);
}

static void gdt(unsigned long f)
{
    unsigned long list[15], rw = xt_spare_mfn(1);
    long rc;

    list[0] = f;
    rc = hc_set_gdt(list, 512);
    xt_check(rc == 0, "set_gdt(1 frame, 512 entries) = %ld", rc);
    if ( rc )
        return;
    xt_check(!load_es(SEL), "loading selector %#x from our GDT faulted", SEL);
    xt_check(!load_es(0), "loading the null selector faulted");
    rc = xt_map(W_RW, f, PTE_P | PTE_RW);
    xt_check(rc < 0, "writable mapping of a GDT frame = %ld", rc);
    xt_map(W_RW, 0, 0);

    for ( unsigned int i = 0; i < 15; i++ )
        list[i] = f;
    rc = hc_set_gdt(list, 14 * 512 + 1);
    xt_check(rc == -XEN_EINVAL, "set_gdt(14 pages + 1 entry) = %ld", rc);
    xt_check(xt_map(W_RW, rw, PTE_P | PTE_RW) == 0, "mapping a frame RW");
    list[0] = rw;
    rc = hc_set_gdt(list, 512);
    xt_check(rc == -XEN_EINVAL, "set_gdt(frame mapped writable) = %ld", rc);
    xt_map(W_RW, 0, 0);
    rc = hc_set_gdt((void *)0x8000000000000000UL, 512);
    xt_check(rc == -XEN_EFAULT, "set_gdt(unreadable list) = %ld", rc);
    rc = hc_set_gdt(list, 0);
    xt_check(rc == 0, "set_gdt(0 entries) = %ld", rc);
    rc = xt_map(W_RW, f, PTE_P | PTE_RW);
    xt_check(rc == 0, "frame not writable again after the GDT went: %ld", rc);
    xt_map(W_RW, 0, 0);
}

void test_main(void)
{
    unsigned long f = xt_spare_mfn(0);

    xt_check(xt_mmuext1(MMUEXT_CLEAR_PAGE, f, 0) == 0, "CLEAR_PAGE failed");
    descriptors(f);
    xt_map(W_RO, 0, 0);
    gdt(f);
    xt_restore(W_RO);
    xt_restore(W_RW);
}
