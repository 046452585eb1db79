/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Argument decoding of mmu_update, mmuext_op, update_va_mapping and
 * memory_op (xen/arch/x86/include/asm/pv/mm.h): the foreigndom 16/16
 * split, the command in a request's low bits, UVMF flush type/scope and
 * the vCPU-bitmap pointer form, memory_op's cmd/cursor split, and which
 * addresses a guest may name for INVLPG (XSA-279).
 */
#include "harness.h"
#include <xen/types.h>
#include <asm/pv/mm.h>
#include <xen/memory.h>
#include <public/memory.h>

static void test_foreigndom(void)
{
    struct mmu_foreign f = mmu_split_foreigndom(DOMID_SELF);

    CU_ASSERT_EQUAL(f.pg_dom, DOMID_SELF);
    CU_ASSERT_FALSE(f.pt_foreign);

    f = mmu_split_foreigndom(5);
    CU_ASSERT_EQUAL(f.pg_dom, 5);
    CU_ASSERT_FALSE(f.pt_foreign);

    /* Upper half = page-table owner + 1: (3 + 1) << 16 names d3. */
    f = mmu_split_foreigndom((4U << 16) | DOMID_IO);
    CU_ASSERT_EQUAL(f.pg_dom, DOMID_IO);
    CU_ASSERT_TRUE(f.pt_foreign);
    CU_ASSERT_EQUAL(f.pt_dom, 3);

    /* d0 as table owner is 1 << 16, not 0. */
    f = mmu_split_foreigndom(1U << 16);
    CU_ASSERT_TRUE(f.pt_foreign);
    CU_ASSERT_EQUAL(f.pt_dom, 0);
    CU_ASSERT_EQUAL(f.pg_dom, 0);

    f = mmu_split_foreigndom(0xffffffffU);
    CU_ASSERT_TRUE(f.pt_foreign);
    CU_ASSERT_EQUAL(f.pt_dom, 0xfffe);
    CU_ASSERT_EQUAL(f.pg_dom, 0xffff);
}

static void test_mmu_req(void)
{
    uint64_t ptr = (0x12345UL << 12) | (0x1f8);

    CU_ASSERT_EQUAL(mmu_req_cmd(ptr), MMU_NORMAL_PT_UPDATE);
    CU_ASSERT_EQUAL(mmu_req_cmd(ptr | 1), MMU_MACHPHYS_UPDATE);
    CU_ASSERT_EQUAL(mmu_req_cmd(ptr | 2), MMU_PT_UPDATE_PRESERVE_AD);
    CU_ASSERT_EQUAL(mmu_req_cmd(ptr | 3), MMU_PT_UPDATE_NO_TRANSLATE);
    /* Bit 2 is part of the command (unknown -> -ENOSYS), not the address. */
    CU_ASSERT_EQUAL(mmu_req_cmd(ptr | 4), 4);
    CU_ASSERT_EQUAL(mmu_req_cmd(ptr | 7), 7);

    for ( unsigned int cmd = 0; cmd < 8; cmd++ )
    {
        CU_ASSERT_EQUAL(mfn_x(mmu_req_table(ptr | cmd)), 0x12345);
        CU_ASSERT_EQUAL(mmu_req_index(ptr | cmd), 0x1f8 / 8);
    }
    CU_ASSERT_EQUAL(mmu_req_index(0xff8), 511);
    CU_ASSERT_EQUAL(mmu_req_index(0x1000), 0);
    CU_ASSERT_EQUAL(mfn_x(mmu_req_table(0xfffffffffffff000UL)),
                    0xfffffffffffffUL);
    CU_ASSERT_EQUAL(MMU_UPDATE_PREEMPTED, 0x80000000U);
}

static void test_uvmf(void)
{
    struct uvmf f = uvmf_decode(UVMF_NONE);

    CU_ASSERT_EQUAL(f.type, UVMF_NONE);
    CU_ASSERT_EQUAL(f.scope, UVMF_SCOPE_LOCAL);

    f = uvmf_decode(UVMF_TLB_FLUSH | UVMF_LOCAL);
    CU_ASSERT_EQUAL(f.type, UVMF_TLB_FLUSH);
    CU_ASSERT_EQUAL(f.scope, UVMF_SCOPE_LOCAL);

    f = uvmf_decode(UVMF_INVLPG | UVMF_ALL);
    CU_ASSERT_EQUAL(f.type, UVMF_INVLPG);
    CU_ASSERT_EQUAL(f.scope, UVMF_SCOPE_ALL);

    f = uvmf_decode(3 | UVMF_ALL);      /* type 3: no flush at all */
    CU_ASSERT_EQUAL(f.type, 3);

    /* Any other upper value is an 8-byte-aligned bitmap pointer. */
    f = uvmf_decode(0x7fff12345678UL | UVMF_INVLPG);
    CU_ASSERT_EQUAL(f.type, UVMF_INVLPG);
    CU_ASSERT_EQUAL(f.scope, UVMF_SCOPE_MASK);
    CU_ASSERT_EQUAL(f.mask_va, 0x7fff12345678UL);

    f = uvmf_decode(0xffff880000001008UL | UVMF_TLB_FLUSH);
    CU_ASSERT_EQUAL(f.scope, UVMF_SCOPE_MASK);
    CU_ASSERT_EQUAL(f.mask_va, 0xffff880000001008UL);

    f = uvmf_decode(8);                 /* a pointer with type NONE */
    CU_ASSERT_EQUAL(f.type, UVMF_NONE);
    CU_ASSERT_EQUAL(f.scope, UVMF_SCOPE_MASK);
}

static void test_memop(void)
{
    CU_ASSERT_EQUAL(memop_cmd(12), 12);
    CU_ASSERT_EQUAL(memop_start(12), 0);
    CU_ASSERT_EQUAL(memop_cmd(0 | (5UL << 6)), 0);
    CU_ASSERT_EQUAL(memop_start(0 | (5UL << 6)), 5);
    CU_ASSERT_EQUAL(memop_cmd(~0UL), 63);
    CU_ASSERT_EQUAL(memop_start(~0UL), ~0UL >> 6);
    CU_ASSERT_EQUAL(MEMOP_SHIFT, MEMOP_EXTENT_SHIFT);
}

static void test_guest_va(void)
{
    CU_ASSERT_TRUE(pv_guest_va_ok(0));
    CU_ASSERT_TRUE(pv_guest_va_ok(0x00007ffffffff000UL));
    CU_ASSERT_FALSE(pv_guest_va_ok(0x0000800000000000UL));
    CU_ASSERT_FALSE(pv_guest_va_ok(0x8000000000000000UL));
    CU_ASSERT_FALSE(pv_guest_va_ok(0xdeadbeefdeadb000UL));
    CU_ASSERT_FALSE(pv_guest_va_ok(0xffff800000000000UL));   /* slot 256 */
    CU_ASSERT_FALSE(pv_guest_va_ok(0xffff87ffffffffffUL));   /* slot 271 */
    CU_ASSERT_TRUE(pv_guest_va_ok(0xffff880000000000UL));    /* slot 272 */
    CU_ASSERT_TRUE(pv_guest_va_ok(0xfffffffffffff000UL));
}

static CU_TestInfo cases[] = {
    { "foreigndom_split", test_foreigndom },
    { "mmu_update_request", test_mmu_req },
    { "uvmf_flags", test_uvmf },
    { "memory_op_cmd", test_memop },
    { "guest_va_for_invlpg", test_guest_va },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("pv_mm", NULL, NULL, cases);
