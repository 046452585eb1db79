/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory-destination instruction emulation for writable page tables:
 * MOV, XCHG, CMPXCHG(8B), XADD, ADD/OR/ADC/SBB/AND/SUB/XOR, BTS/BTR/BTC, STOS.
 * Reads and writes go through ctxt->ops; registers are committed only after
 * the write succeeded. Flag semantics: Intel SDM Vol. 1 3.4.3 and Vol. 2.
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <asm/x86_emulate.h>


enum alu_op { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR,
              ALU_CMP };

enum mem_op {
    OP_ALU,             /* alu op from the encoding, src reg or imm */
    OP_MOV,
    OP_XCHG,
    OP_XADD,
    OP_CMPXCHG,
    OP_CMPXCHG8B,
    OP_BTS, OP_BTR, OP_BTC,
    OP_STOS,
};

/* What one memory-destination instruction does, from its decode. */
struct mem_insn {
    enum mem_op op;
    enum alu_op alu;
    unsigned int size;  /* memory operand bytes */
    bool src_imm;       /* source is insn->imm, else gpr[insn->reg] */
    bool rmw;           /* reads the destination */
    bool lockable;      /* LOCK is legal (SDM LOCK: "#UD otherwise") */
};

static uint64_t size_mask(unsigned int size)
{
    return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

static uint64_t sign_bit(unsigned int size)
{
    return 1ULL << (8 * size - 1);
}

static bool parity_even(uint64_t v)
{
    v &= 0xff;
    v ^= v >> 4;
    v ^= v >> 2;
    v ^= v >> 1;
    return !(v & 1);
}

/* SF, ZF, PF from a result; clears the other arithmetic flags. */
static uint64_t szp(uint64_t res, unsigned int size)
{
    uint64_t f = 0;

    res &= size_mask(size);
    if ( res == 0 )
        f |= X86_EFLAGS_ZF;
    if ( res & sign_bit(size) )
        f |= X86_EFLAGS_SF;
    if ( parity_even(res) )
        f |= X86_EFLAGS_PF;
    return f;
}

/*
 * dst OP src with carry-in cf; returns the result and sets *flags to the new
 * arithmetic flags. Logic ops clear CF/OF and (as hardware does) AF.
 */
static uint64_t alu_calc(enum alu_op op, uint64_t dst, uint64_t src, bool cf,
                         unsigned int size, uint64_t *flags)
{
    uint64_t m = size_mask(size), sb = sign_bit(size), res, f;
    bool carry = false, overflow = false;

    dst &= m;
    src &= m;
    switch ( op )
    {
    case ALU_ADC:
    case ALU_ADD:
        if ( op == ALU_ADD )
            cf = false;
        res = (dst + src + cf) & m;
        carry = cf ? res <= dst : res < dst;
        overflow = ((dst ^ res) & (src ^ res) & sb) != 0;
        break;
    case ALU_SBB:
    case ALU_SUB:
    case ALU_CMP:
        if ( op != ALU_SBB )
            cf = false;
        res = (dst - src - cf) & m;
        carry = cf ? dst <= src : dst < src;
        overflow = ((dst ^ src) & (dst ^ res) & sb) != 0;
        break;
    case ALU_OR:  res = dst | src; break;
    case ALU_AND: res = dst & src; break;
    default:      res = dst ^ src; break;
    }
    f = szp(res, size);
    if ( carry )
        f |= X86_EFLAGS_CF;
    if ( overflow )
        f |= X86_EFLAGS_OF;
    if ( op != ALU_OR && op != ALU_AND && op != ALU_XOR &&
         ((dst ^ src ^ res) & 0x10) )
        f |= X86_EFLAGS_AF;
    *flags = f;
    return res;
}

/* Map the decoded opcode onto a memory-destination operation. */
static int classify(const struct x86_insn *insn, struct mem_insn *mi)
{
    uint8_t opc = insn->opcode, ext = insn->reg & 7;
    bool byte = !(opc & 1);

    memset(mi, 0, sizeof(*mi));
    mi->size = insn->op_bytes;
    if ( insn->vex )
        return X86EMUL_UNHANDLEABLE;

    if ( insn->map == 0 )
    {
        switch ( opc )
        {
        case 0x00 ... 0x3f:
            /* ALU r/m, reg (even: byte). CMP (38/39) never writes. */
            if ( (opc & 7) > 1 || (opc >> 3) == ALU_CMP )
                return X86EMUL_UNHANDLEABLE;
            mi->op = OP_ALU;
            mi->alu = opc >> 3;
            mi->rmw = mi->lockable = true;
            break;
        case 0x80: case 0x81: case 0x83:
            if ( ext == ALU_CMP )
                return X86EMUL_UNHANDLEABLE;
            mi->op = OP_ALU;
            mi->alu = ext;
            mi->src_imm = mi->rmw = mi->lockable = true;
            byte = opc == 0x80;
            break;
        case 0x86: case 0x87:
            mi->op = OP_XCHG;
            mi->rmw = mi->lockable = true;
            break;
        case 0x88: case 0x89:
            mi->op = OP_MOV;
            break;
        case 0xa2: case 0xa3:
            mi->op = OP_MOV;            /* moffs, AL/rAX: reg field is 0 */
            break;
        case 0xaa: case 0xab:
            mi->op = OP_STOS;
            break;
        case 0xc6: case 0xc7:
            if ( ext != 0 )
                return X86EMUL_UNHANDLEABLE;
            mi->op = OP_MOV;
            mi->src_imm = true;
            break;
        default:
            return X86EMUL_UNHANDLEABLE;
        }
        if ( byte )
            mi->size = 1;
        return X86EMUL_OKAY;
    }
    if ( insn->map != 1 )
        return X86EMUL_UNHANDLEABLE;

    mi->rmw = mi->lockable = true;
    switch ( opc )
    {
    case 0xab: mi->op = OP_BTS; break;
    case 0xb3: mi->op = OP_BTR; break;
    case 0xbb: mi->op = OP_BTC; break;
    case 0xba:
        if ( ext < 5 )                  /* /4 BT reads only; /0-/3 #UD */
            return X86EMUL_UNHANDLEABLE;
        mi->op = ext == 5 ? OP_BTS : ext == 6 ? OP_BTR : OP_BTC;
        mi->src_imm = true;
        break;
    case 0xb0: case 0xb1:
        mi->op = OP_CMPXCHG;
        if ( opc == 0xb0 )
            mi->size = 1;
        break;
    case 0xc0: case 0xc1:
        mi->op = OP_XADD;
        if ( opc == 0xc0 )
            mi->size = 1;
        break;
    case 0xc7:
        /* /1 without REX.W; CMPXCHG16B (REX.W) is not supported. */
        if ( ext != 1 || (insn->rex & 8) )
            return X86EMUL_UNHANDLEABLE;
        mi->op = OP_CMPXCHG8B;
        mi->size = 8;
        break;
    default:
        return X86EMUL_UNHANDLEABLE;
    }
    return X86EMUL_OKAY;
}

/* The source operand, sized and (for immediates) sign-extended. */
static uint64_t source(const struct x86_insn *insn, const struct mem_insn *mi,
                       const struct emul_regs *regs)
{
    uint64_t v;
    unsigned int ib = insn->imm_bytes;

    if ( !mi->src_imm )
        return x86_gpr_read(regs, insn->reg, mi->size, !insn->rex);
    v = insn->imm;
    if ( ib && ib < 8 )
        v = (uint64_t)((int64_t)(v << (64 - 8 * ib)) >> (64 - 8 * ib));
    return v & size_mask(mi->size);
}

/*
 * Bit-test ops: bit index and, for the register form, the displaced operand
 * (SDM BT: the register offset is signed and selects any bit in memory).
 */
static void bit_operand(const struct x86_insn *insn, const struct mem_insn *mi,
                        const struct emul_regs *regs, uint64_t *ea,
                        unsigned int *bit)
{
    unsigned int bits = 8 * mi->size, shift = mi->size == 2 ? 4 :
                        mi->size == 4 ? 5 : 6;
    int64_t off;

    if ( mi->src_imm )
    {
        *bit = insn->imm & (bits - 1);
        return;
    }
    off = (int64_t)(x86_gpr_read(regs, insn->reg, mi->size, false) <<
                    (64 - bits)) >> (64 - bits);
    *bit = (uint64_t)off & (bits - 1);
    /* Arithmetic shift: floor division, as the SDM's "BitOffset DIV n". */
    *ea += (uint64_t)((off >> shift) * (int64_t)mi->size);
}

static int do_read(struct x86_emulate_ctxt *ctxt, uint64_t addr,
                   unsigned int size, uint64_t *val)
{
    int rc;

    *val = 0;
    if ( !ctxt->ops->read )
        return X86EMUL_UNHANDLEABLE;
    rc = ctxt->ops->read(addr, val, size, ctxt);
    if ( rc == X86EMUL_EXCEPTION && !ctxt->event.pending )
        rc = X86EMUL_UNHANDLEABLE;
    *val &= size_mask(size);
    return rc;
}

static int do_write(struct x86_emulate_ctxt *ctxt, uint64_t addr,
                    uint64_t old, uint64_t new, unsigned int size,
                    unsigned int flags)
{
    int rc;

    if ( !ctxt->ops->write )
        return X86EMUL_UNHANDLEABLE;
    rc = ctxt->ops->write(addr, old, new & size_mask(size), size, flags, ctxt);
    if ( rc == X86EMUL_EXCEPTION && !ctxt->event.pending )
        rc = X86EMUL_UNHANDLEABLE;
    return rc;
}

/* STOS: one element per emulation; REP re-executes until RCX reaches 0. */
static void stos_target(struct x86_emulate_ctxt *ctxt, struct emul_regs *r,
                       const struct mem_insn *mi, bool *done)
{
    struct x86_insn *insn = &ctxt->insn;
    unsigned int ab = insn->addr_bytes;
    uint64_t count = x86_gpr_read(r, X86_GPR_RCX, ab, false);
    int64_t step;

    *done = false;
    if ( insn->rep && count == 0 )
    {
        *done = true;
        return;
    }
    insn->mem = true;
    insn->seg = X86_SEG_NONE;   /* ES:rDI, no override (SDM STOS) */
    insn->ea = x86_gpr_read(r, X86_GPR_RDI, ab, false);
    insn->linear = x86_insn_linear(ctxt, insn->ea, X86_SEG_ES);
    /* Registers for after the store; RIP stays put until the count ends. */
    step = (r->rflags & X86_EFLAGS_DF) ? -(int64_t)mi->size : mi->size;
    x86_gpr_write(r, X86_GPR_RDI, ab, false, insn->ea + (uint64_t)step);
    if ( insn->rep )
    {
        x86_gpr_write(r, X86_GPR_RCX, ab, false, count - 1);
        *done = (count == 1);
    }
    else
        *done = true;
}

/*
 * The operation itself: from the old memory value and the source, compute
 * the value to store and update flags/registers in *r. Returns false when
 * nothing is to be stored (failed compare-exchange).
 */
static bool compute(const struct x86_insn *insn, const struct mem_insn *mi,
                    struct emul_regs *r, uint64_t old, uint64_t src,
                    unsigned int bit, uint64_t *new)
{
    uint64_t f = 0, acc;
    bool write = true;

    switch ( mi->op )
    {
    case OP_ALU:
        *new = alu_calc(mi->alu, old, src, r->rflags & X86_EFLAGS_CF,
                        mi->size, &f);
        r->rflags = (r->rflags & ~X86_EFLAGS_ARITH) | f;
        break;
    case OP_MOV:
    case OP_STOS:
        *new = src;
        break;
    case OP_XCHG:
        *new = src;
        x86_gpr_write(r, insn->reg, mi->size, !insn->rex, old);
        break;
    case OP_XADD:
        *new = alu_calc(ALU_ADD, old, src, false, mi->size, &f);
        r->rflags = (r->rflags & ~X86_EFLAGS_ARITH) | f;
        x86_gpr_write(r, insn->reg, mi->size, !insn->rex, old);
        break;
    case OP_CMPXCHG:
        /* Flags as CMP accumulator, destination (SDM CMPXCHG). */
        acc = x86_gpr_read(r, X86_GPR_RAX, mi->size, false);
        alu_calc(ALU_CMP, acc, old, false, mi->size, &f);
        r->rflags = (r->rflags & ~X86_EFLAGS_ARITH) | f;
        if ( acc == old )
            *new = src;
        else
        {
            write = false;  /* locked hardware rewrites old: no change */
            x86_gpr_write(r, X86_GPR_RAX, mi->size, false, old);
        }
        break;
    case OP_CMPXCHG8B:
        acc = (r->gpr[X86_GPR_RAX] & 0xffffffffULL) |
              (r->gpr[X86_GPR_RDX] << 32);
        if ( acc == old )
        {
            r->rflags |= X86_EFLAGS_ZF;
            *new = (r->gpr[X86_GPR_RBX] & 0xffffffffULL) |
                   (r->gpr[X86_GPR_RCX] << 32);
        }
        else
        {
            r->rflags &= ~X86_EFLAGS_ZF;
            write = false;
            x86_gpr_write(r, X86_GPR_RAX, 4, false, old);
            x86_gpr_write(r, X86_GPR_RDX, 4, false, old >> 32);
        }
        break;
    case OP_BTS:
    case OP_BTR:
    case OP_BTC:
        /* CF = old bit; ZF unaffected; OF/SF/AF/PF undefined: kept. */
        r->rflags = (r->rflags & ~X86_EFLAGS_CF) |
                    (((old >> bit) & 1) ? X86_EFLAGS_CF : 0);
        *new = mi->op == OP_BTS ? old | (1ULL << bit) :
               mi->op == OP_BTR ? old & ~(1ULL << bit) : old ^ (1ULL << bit);
        break;
    }
    return write;
}

int x86_emulate_memop(struct x86_emulate_ctxt *ctxt)
{
    struct x86_insn *insn = &ctxt->insn;
    struct x86_emul_memop *mo = &ctxt->memop;
    struct emul_regs r = *ctxt->regs;
    struct mem_insn mi;
    uint64_t addr, ea, old = 0, new = 0, src;
    unsigned int bit = 0, wflags = 0;
    bool write, advance = true;
    int rc;

    memset(mo, 0, sizeof(*mo));
    rc = x86_decode_insn(ctxt);
    if ( rc )
        return rc;
    rc = classify(insn, &mi);
    if ( rc )
        return rc;
    if ( insn->lock && !mi.lockable )
        return X86EMUL_UNHANDLEABLE;            /* #UD */
    if ( mi.op == OP_STOS )
    {
        stos_target(ctxt, &r, &mi, &advance);
        if ( !insn->mem )                       /* REP with RCX == 0 */
            goto commit;
    }
    else if ( !insn->mem )
        return X86EMUL_UNHANDLEABLE;            /* register destination */

    src = (mi.op == OP_STOS) ? x86_gpr_read(&r, X86_GPR_RAX, mi.size, false)
                             : source(insn, &mi, &r);
    ea = insn->ea;
    if ( mi.op == OP_BTS || mi.op == OP_BTR || mi.op == OP_BTC )
    {
        bit_operand(insn, &mi, &r, &ea, &bit);
        addr = x86_insn_linear(ctxt, ea, insn->seg);
    }
    else
        addr = insn->linear;
    rc = x86_insn_check_linear(ctxt, addr);
    if ( rc )
        return rc;
    mo->addr = addr;
    mo->size = mi.size;

    if ( mi.rmw )
    {
        rc = do_read(ctxt, addr, mi.size, &old);
        if ( rc )
            return rc;
        mo->read = true;
        wflags = X86EMUL_WR_CMPXCHG;
        if ( insn->lock || mi.op == OP_XCHG )
            wflags |= X86EMUL_WR_LOCKED;
    }

    write = compute(insn, &mi, &r, old, src, bit, &new);

    mo->old_val = old;
    mo->new_val = new & size_mask(mi.size);
    if ( write )
    {
        rc = do_write(ctxt, addr, old, new, mi.size, wflags);
        if ( rc )
            return rc;
        mo->written = true;
    }

 commit:
    if ( advance )
        r.rip += insn->len;
    r.rflags &= ~X86_EFLAGS_RF;
    *ctxt->regs = r;
    return X86EMUL_OKAY;
}
