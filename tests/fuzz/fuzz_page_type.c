/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzz the frame reference/type state machine (xen/arch/x86/mm/page_type.c)
 * and PV page-table validation (xen/arch/x86/pv/pt_validate.c) on the fake
 * machine of tests/unit/fake_mm.c. Each 12-byte record of the input is one
 * guest-reachable operation: pin/unpin a table, update an entry (plain,
 * preserve-A/D, cmpxchg, L1-only, as the owner or for a foreign domain),
 * walk to an L1, take or drop a harness-held typed reference, or tear a
 * domain down. Pins, unpins and updates may be preemptible, with the fake
 * preempt check saying yes every few entries: one call only, so tables are
 * left PGT_partial for later operations to take over (a preempted unpin's
 * reference is kept as the vCPU's pending put would be). Invariants after every operation: no frame mapping is left
 * open, and the frame-table audit finds nothing (exact while the harness
 * holds no references); at the end every count returns to zero.
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <asm/page.h>
#include <asm/page_info.h>
#include <asm/pv/pt_validate.h>
#include "fake_mm.h"
#include "fuzz.h"

#define MAX_HELD 8

static struct page_info *held[MAX_HELD];
static unsigned int nr_held;
/* A preempted unpin's or old entry's general ref (the vCPU's pending put). */
static struct page_info *pending;

static void drop_pending(bool finish)
{
    if (!pending)
        return;
    if (finish)
        page_finish_partial(pending, false);
    put_page(pending);          /* else page_relinquish finishes it */
    pending = NULL;
}

static struct domain *dom_of(unsigned long mfn, uint8_t sel)
{
    if (sel % 16 == 0)
        return &dom_io;                 /* a stranger with I/O rights */
    if (sel % 16 == 1)
        return mfn >= FM_DOM_B ? &dom_a : &dom_b;       /* not the owner */
    return mfn >= FM_DOM_B ? &dom_b : &dom_a;
}

static intpte_t make_pte(uint8_t target, uint8_t flags_lo, uint8_t flags_hi)
{
    /* Frames just past RAM are MMIO; bit 7 of flags_hi sets NX. */
    intpte_t flags = flags_lo | ((intpte_t)(flags_hi & 0x0f) << 8);

    if (flags_hi & 0x80)
        flags |= _PAGE_NX;
    return fm_pte(target % (FM_FRAMES + 4), flags);
}

static void hold(struct page_info *pg, struct domain *d, unsigned long type)
{
    if (nr_held < MAX_HELD && !get_page_and_type(pg, d, type))
        held[nr_held++] = pg;
}

static void op(struct fuzz_in *in)
{
    uint8_t kind = fin_u8(in), frame = fin_u8(in), sel = fin_u8(in);
    uint16_t idx = fin_u16(in) % (PT_ENTRIES + 8);    /* a few bad ones */
    uint8_t target = fin_u8(in), flo = fin_u8(in), fhi = fin_u8(in);
    uint64_t extra = fin_u16(in) | ((uint64_t)fin_u16(in) << 16);
    unsigned long mfn = frame % FM_FRAMES;
    struct domain *d = dom_of(mfn, sel);
    struct page_info *pg = fm_pg(mfn);
    unsigned int level = 1 + (sel >> 4) % 4;

    /* Preemptible variants (bit 7; bit 6 for updates) stop every few checks. */
    fm_preempt_every = 1 + extra % 13;
    switch (kind % 8) {
    case 0:
        if (kind & 0x80)
            page_pin_table_preemptible(pg, d, PGT_pt_of_level(level));
        else
            page_pin_table(pg, d, PGT_pt_of_level(level));
        break;
    case 1:
        if (!(kind & 0x80))
            page_unpin_table(pg, d);
        else {
            drop_pending(true);
            if (page_unpin_table_preemptible(pg, d) == -ERESTART)
                pending = pg;
        }
        break;
    case 2: case 3: case 4: {
        struct pt_update u = {
            .table = _mfn(mfn), .idx = idx,
            .val = make_pte(target, flo, fhi),
            .flags = (sel >> 6) | ((kind & 8) ? PT_UPD_REQUIRE_L1 : 0) |
                     ((kind & 0x40) ? PT_UPD_PREEMPTIBLE : 0),
        };

        if (u.flags & PT_UPD_CMPXCHG)
            u.expect = (kind & 0x10) && idx < PT_ENTRIES ? fm_table(mfn)[idx]
                                                         : extra;
        /* The page owner is foreign for a few updates (foreigndom). */
        pt_update_entry(&u, d, (kind & 0x20) ? &dom_b : d);
        if (u.pending) {
            drop_pending(true);
            pending = u.pending;
        }
        break;
    }
    case 5: {
        mfn_t l1;
        unsigned int i;
        unsigned long va = ((unsigned long)extra << 21) ^
                           ((unsigned long)target << 39) ^ ((unsigned long)idx << 12);

        pt_walk_to_l1(_mfn(mfn), va, &l1, &i);
        break;
    }
    case 6:
        if (kind & 0x80 && nr_held)
            put_page_and_type(held[--nr_held]);
        else
            hold(pg, d, (kind & 0x40) ? PGT_writable_page
                                      : PGT_pt_of_level(level));
        break;
    case 7:
        if ((kind & 0xf8) == 0xf8) {
            /* Domain death: drop what we hold, relinquish, start over. */
            while (nr_held)
                put_page_and_type(held[--nr_held]);
            drop_pending(kind & 1);
            FUZZ_CHECK(fm_release_all() == 0);
            fm_reset();
        }
        break;
    }
    fm_preempt_every = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = { data, size };

    fm_reset();
    nr_held = 0;
    pending = NULL;
    while (in.left) {
        op(&in);
        FUZZ_CHECK(fm_maps == 0);
        FUZZ_CHECK(frame_table_audit(NULL, _mfn(0), FM_FRAMES,
                                     nr_held || pending ? 0
                                                        : FT_AUDIT_EXACT) == 0);
    }
    while (nr_held)
        put_page_and_type(held[--nr_held]);
    drop_pending(true);
    FUZZ_CHECK(fm_audit() == 0);
    FUZZ_CHECK(fm_release_all() == 0);
    return 0;
}
