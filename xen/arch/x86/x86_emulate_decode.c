/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86-64 instruction decoding: prefixes, opcode maps, ModRM/SIB/displacement,
 * immediates and effective address, for every 64-bit-mode encoding we need to
 * measure, plus GPR access helpers. Encodings follow Intel SDM Vol. 2 ch. 2
 * and the opcode maps of Vol. 2 appendix A.
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <asm/x86_emulate.h>

/* Per-opcode length attributes. */
#define D_M     0x001u  /* ModRM follows                                    */
#define D_I8    0x002u  /* imm8                                             */
#define D_IZ    0x004u  /* imm16, or imm32 for 32/64-bit operand size       */
#define D_IV    0x008u  /* imm16/32/64 by operand size (MOV r, imm)         */
#define D_I16   0x010u  /* imm16 (RET n; ENTER adds D_I8)                   */
#define D_MOFFS 0x020u  /* moffs of address size (MOV A0-A3)                */
#define D_REL32 0x040u  /* rel32 (64-bit mode ignores 66 for near branches) */
#define D_GRP3  0x080u  /* F6/F7: the immediate exists only for /0 and /1   */
#define D_INV   0x100u  /* invalid in 64-bit mode (#UD) or unsupported      */

static const uint16_t map0[256] = {
    [0x00 ... 0x03] = D_M, [0x04] = D_I8, [0x05] = D_IZ,
    [0x06 ... 0x07] = D_INV,
    [0x08 ... 0x0b] = D_M, [0x0c] = D_I8, [0x0d] = D_IZ, [0x0e] = D_INV,
    [0x10 ... 0x13] = D_M, [0x14] = D_I8, [0x15] = D_IZ,
    [0x16 ... 0x17] = D_INV,
    [0x18 ... 0x1b] = D_M, [0x1c] = D_I8, [0x1d] = D_IZ,
    [0x1e ... 0x1f] = D_INV,
    [0x20 ... 0x23] = D_M, [0x24] = D_I8, [0x25] = D_IZ, [0x27] = D_INV,
    [0x28 ... 0x2b] = D_M, [0x2c] = D_I8, [0x2d] = D_IZ, [0x2f] = D_INV,
    [0x30 ... 0x33] = D_M, [0x34] = D_I8, [0x35] = D_IZ, [0x37] = D_INV,
    [0x38 ... 0x3b] = D_M, [0x3c] = D_I8, [0x3d] = D_IZ, [0x3f] = D_INV,
    [0x60 ... 0x62] = D_INV, [0x63] = D_M,
    [0x68] = D_IZ, [0x69] = D_M | D_IZ, [0x6a] = D_I8, [0x6b] = D_M | D_I8,
    [0x70 ... 0x7f] = D_I8,
    [0x80] = D_M | D_I8, [0x81] = D_M | D_IZ, [0x82] = D_INV,
    [0x83] = D_M | D_I8,
    [0x84 ... 0x8f] = D_M,
    [0x9a] = D_INV,
    [0xa0 ... 0xa3] = D_MOFFS,
    [0xa8] = D_I8, [0xa9] = D_IZ,
    [0xb0 ... 0xb7] = D_I8, [0xb8 ... 0xbf] = D_IV,
    [0xc0 ... 0xc1] = D_M | D_I8, [0xc2] = D_I16,
    [0xc4 ... 0xc5] = D_INV,    /* VEX, handled before the table lookup */
    [0xc6] = D_M | D_I8, [0xc7] = D_M | D_IZ,
    [0xc8] = D_I16 | D_I8, [0xca] = D_I16, [0xcd] = D_I8,
    [0xd0 ... 0xd3] = D_M, [0xd4 ... 0xd6] = D_INV, [0xd8 ... 0xdf] = D_M,
    [0xe0 ... 0xe7] = D_I8, [0xe8 ... 0xe9] = D_REL32, [0xea] = D_INV,
    [0xeb] = D_I8,
    [0xf6] = D_M | D_I8 | D_GRP3, [0xf7] = D_M | D_IZ | D_GRP3,
    [0xfe ... 0xff] = D_M,
};

static const uint16_t map1[256] = {
    [0x00 ... 0x03] = D_M, [0x04] = D_INV, [0x0a] = D_INV, [0x0c] = D_INV,
    [0x0d] = D_M, [0x0f] = D_M | D_I8,      /* 3DNow!: imm8 is the opcode */
    [0x10 ... 0x23] = D_M, [0x24 ... 0x27] = D_INV, [0x28 ... 0x2f] = D_M,
    [0x36] = D_INV, [0x38 ... 0x3f] = D_INV, /* 38/3A are escapes */
    [0x40 ... 0x6f] = D_M, [0x70 ... 0x73] = D_M | D_I8,
    [0x74 ... 0x76] = D_M, [0x78 ... 0x7f] = D_M,
    [0x80 ... 0x8f] = D_REL32, [0x90 ... 0x9f] = D_M,
    [0xa3] = D_M, [0xa4] = D_M | D_I8, [0xa5] = D_M, [0xa6 ... 0xa7] = D_INV,
    [0xab] = D_M, [0xac] = D_M | D_I8, [0xad ... 0xb9] = D_M,
    [0xba] = D_M | D_I8, [0xbb ... 0xc1] = D_M, [0xc2] = D_M | D_I8,
    [0xc3] = D_M, [0xc4 ... 0xc6] = D_M | D_I8, [0xc7] = D_M,
    [0xd0 ... 0xff] = D_M,
};

/* Decoder state: the bytes fetched so far for one instruction. */
struct dstate {
    struct x86_emulate_ctxt *ctxt;
    struct x86_insn *insn;
    uint64_t start;
    unsigned int n;
};

/*
 * Fetch len (1..8) more bytes as a little-endian value. Never asks the caller
 * for a byte at or beyond start + 15.
 */
static int fetch(struct dstate *s, unsigned int len, uint64_t *val)
{
    uint8_t buf[8];
    uint64_t v = 0;
    unsigned int i;
    int rc;

    if ( len == 0 || len > sizeof(buf) || s->n + len > X86_MAX_INSN_LEN )
        return X86EMUL_UNHANDLEABLE;
    rc = s->ctxt->ops->fetch(s->start + s->n, buf, len, s->ctxt);
    if ( rc == X86EMUL_EXCEPTION && !s->ctxt->event.pending )
        rc = X86EMUL_UNHANDLEABLE;
    if ( rc != X86EMUL_OKAY )
        return rc;
    for ( i = 0; i < len; i++ )
        v |= (uint64_t)buf[i] << (8 * i);
    s->n += len;
    *val = v;
    return X86EMUL_OKAY;
}

static int64_t sext(uint64_t v, unsigned int bytes)
{
    unsigned int shift = 64 - 8 * bytes;

    return bytes >= 8 ? (int64_t)v : (int64_t)(v << shift) >> shift;
}

uint64_t x86_gpr_read(const struct emul_regs *regs, unsigned int reg,
                      unsigned int size, bool byte_regs_legacy)
{
    uint64_t v;

    reg &= 15;
    if ( size == 1 && byte_regs_legacy && reg >= 4 && reg < 8 )
        return (regs->gpr[reg - 4] >> 8) & 0xff;      /* AH, CH, DH, BH */
    v = regs->gpr[reg];
    return size >= 8 ? v : v & ((1ULL << (8 * size)) - 1);
}

void x86_gpr_write(struct emul_regs *regs, unsigned int reg,
                   unsigned int size, bool byte_regs_legacy, uint64_t val)
{
    uint64_t *r;

    reg &= 15;
    if ( size == 1 && byte_regs_legacy && reg >= 4 && reg < 8 )
    {
        r = &regs->gpr[reg - 4];
        *r = (*r & ~0xff00ULL) | ((val & 0xff) << 8);
        return;
    }
    r = &regs->gpr[reg];
    switch ( size )
    {
    case 1: *r = (*r & ~0xffULL) | (val & 0xff); break;
    case 2: *r = (*r & ~0xffffULL) | (val & 0xffff); break;
    case 4: *r = val & 0xffffffffULL; break;    /* zero-extends (SDM 3.4.1.1) */
    default: *r = val; break;
    }
}

void x86_emul_set_event(struct x86_emulate_ctxt *ctxt, uint8_t vector,
                        bool has_error_code, uint32_t error_code)
{
    ctxt->event.pending = true;
    ctxt->event.vector = vector;
    ctxt->event.has_error_code = has_error_code;
    ctxt->event.error_code = has_error_code ? error_code : 0;
    ctxt->event.cr2 = 0;
}

void x86_emul_set_pagefault(struct x86_emulate_ctxt *ctxt,
                            uint32_t error_code, uint64_t cr2)
{
    x86_emul_set_event(ctxt, X86_EXC_PF, true, error_code);
    ctxt->event.cr2 = cr2;
}

static uint64_t seg_base(const struct x86_emulate_ctxt *ctxt, unsigned int seg)
{
    if ( seg == X86_SEG_FS )
        return ctxt->fs_base;
    if ( seg == X86_SEG_GS )
        return ctxt->gs_base;
    return 0;                   /* 64-bit mode: ES/CS/SS/DS bases are 0 */
}

uint64_t x86_insn_linear(const struct x86_emulate_ctxt *ctxt, uint64_t ea,
                         unsigned int seg)
{
    if ( ctxt->insn.addr_bytes == 4 )
        ea &= 0xffffffffULL;
    return ea + seg_base(ctxt, seg);
}

/* Canonical for 48-bit linear addresses (PV guests never run with LA57). */
static bool is_canonical(uint64_t a)
{
    return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

int x86_insn_check_linear(struct x86_emulate_ctxt *ctxt, uint64_t linear)
{
    const struct x86_insn *insn = &ctxt->insn;

    if ( is_canonical(linear) )
        return X86EMUL_OKAY;
    /* SDM Vol. 3 6.15: an SS-based reference faults with #SS, others #GP. */
    if ( insn->stack_base && insn->seg == X86_SEG_NONE )
        x86_emul_set_event(ctxt, X86_EXC_SS, true, 0);
    else
        x86_emul_set_event(ctxt, X86_EXC_GP, true, 0);
    return X86EMUL_EXCEPTION;
}

static int decode_modrm(struct dstate *s, uint8_t opc_map, uint8_t opcode)
{
    struct x86_insn *insn = s->insn;
    const struct emul_regs *regs = s->ctxt->regs;
    uint64_t b, ea = 0;
    unsigned int base, index, scale, dispsz = 0;
    int rc;

    rc = fetch(s, 1, &b);
    if ( rc )
        return rc;
    insn->has_modrm = true;
    insn->mod = b >> 6;
    insn->reg = ((b >> 3) & 7) | ((insn->rex & 4) << 1);
    insn->rm = (b & 7) | ((insn->rex & 1) << 3);
    /* MOV to/from CR/DR ignore mod: the operand is always a register. */
    if ( opc_map == 1 && opcode >= 0x20 && opcode <= 0x23 )
        insn->mod = 3;
    if ( insn->mod == 3 )
        return X86EMUL_OKAY;

    insn->mem = true;
    if ( (b & 7) == 4 )
    {
        rc = fetch(s, 1, &b);                       /* SIB */
        if ( rc )
            return rc;
        scale = b >> 6;
        index = ((b >> 3) & 7) | ((insn->rex & 2) << 2);
        base = (b & 7) | ((insn->rex & 1) << 3);
        if ( index != X86_GPR_RSP )
            ea = regs->gpr[index] << scale;
        if ( (base & 7) == 5 && insn->mod == 0 )
            dispsz = 4;                             /* no base */
        else
        {
            ea += regs->gpr[base];
            insn->stack_base = (base == X86_GPR_RSP || base == X86_GPR_RBP);
        }
    }
    else if ( (b & 7) == 5 && insn->mod == 0 )
    {
        insn->rip_rel = true;
        dispsz = 4;
    }
    else
    {
        ea = regs->gpr[insn->rm];
        insn->stack_base = (insn->rm == X86_GPR_RSP ||
                            insn->rm == X86_GPR_RBP);
    }
    if ( insn->mod == 1 )
        dispsz = 1;
    else if ( insn->mod == 2 )
        dispsz = 4;
    if ( dispsz )
    {
        rc = fetch(s, dispsz, &b);
        if ( rc )
            return rc;
        insn->disp = sext(b, dispsz);
    }
    insn->ea = ea + insn->disp;     /* RIP-relative fixed up at the end */
    return X86EMUL_OKAY;
}

/* VEX (C4/C5, SDM Vol. 2 2.3.5): returns the opcode map and fetches opcode. */
static int decode_vex(struct dstate *s, uint8_t first, uint8_t *opc_map,
                      uint8_t *opcode)
{
    struct x86_insn *insn = s->insn;
    uint64_t b1, b2 = 0, op;
    int rc;

    /* VEX after 66/F2/F3/LOCK/REX is #UD. */
    if ( insn->opsize || insn->rep || insn->repne || insn->lock || insn->rex )
        return X86EMUL_UNHANDLEABLE;
    rc = fetch(s, 1, &b1);
    if ( rc )
        return rc;
    if ( first == 0xc4 )
    {
        rc = fetch(s, 1, &b2);
        if ( rc )
            return rc;
        if ( (b1 & 0x1f) < 1 || (b1 & 0x1f) > 3 )
            return X86EMUL_UNHANDLEABLE;
        *opc_map = b1 & 0x1f;
        /* Synthesise REX from the inverted R/X/B bits and W. */
        insn->rex = 0x40 | ((~b1 >> 5) & 7) | ((b2 & 0x80) ? 8 : 0);
    }
    else
    {
        *opc_map = 1;
        insn->rex = 0x40 | ((~b1 >> 5) & 4);
    }
    insn->vex = true;
    rc = fetch(s, 1, &op);
    if ( rc )
        return rc;
    *opcode = op;
    return X86EMUL_OKAY;
}

static unsigned int imm_size(const struct x86_insn *insn, unsigned int d)
{
    unsigned int sz = 0;

    if ( (d & D_GRP3) && (insn->reg & 7) > 1 )
        return 0;
    if ( d & D_I8 )
        sz += 1;
    if ( d & D_IZ )
        sz += insn->op_bytes == 2 ? 2 : 4;
    if ( d & D_IV )
        sz += insn->op_bytes;
    if ( d & D_I16 )
        sz += 2;
    if ( d & D_MOFFS )
        sz += insn->addr_bytes;
    if ( d & D_REL32 )
        sz += 4;
    return sz;
}

/* Prefixes (SDM Vol. 2 2.1.1, 2.2.1). Returns with *b = first opcode byte. */
static int decode_prefixes(struct dstate *s, uint64_t *b)
{
    struct x86_insn *insn = s->insn;
    int rc;

    for ( ;; )
    {
        rc = fetch(s, 1, b);
        if ( rc )
            return rc;
        switch ( *b )
        {
        case 0x66: insn->opsize = true; break;
        case 0x67: insn->addr_bytes = 4; break;
        case 0xf0: insn->lock = true; break;
        case 0xf2: insn->repne = true; insn->rep = false; break;
        case 0xf3: insn->rep = true; insn->repne = false; break;
        case 0x26: case 0x2e: case 0x36: case 0x3e:
            break;              /* ignored in 64-bit mode */
        case 0x64: insn->seg = X86_SEG_FS; break;
        case 0x65: insn->seg = X86_SEG_GS; break;
        case 0x40 ... 0x4f:
            insn->rex = *b;     /* a later REX replaces an earlier one */
            continue;
        default:
            return X86EMUL_OKAY;
        }
        insn->rex = 0;          /* REX not right before the opcode: ignored */
    }
}

static int decode_at(struct x86_emulate_ctxt *ctxt, uint64_t start)
{
    struct x86_insn *insn = &ctxt->insn;
    struct dstate s = { .ctxt = ctxt, .insn = insn, .start = start };
    uint8_t opc_map = 0, opcode;
    unsigned int d, isz;
    uint64_t b;
    int rc;

    memset(insn, 0, sizeof(*insn));
    insn->addr_bytes = 8;
    rc = decode_prefixes(&s, &b);
    if ( rc )
        return rc;

    opcode = b;
    if ( opcode == 0xc4 || opcode == 0xc5 )
    {
        rc = decode_vex(&s, opcode, &opc_map, &opcode);
        if ( rc )
            return rc;
    }
    else if ( opcode == 0x0f )
    {
        opc_map = 1;
        rc = fetch(&s, 1, &b);
        if ( rc )
            return rc;
        opcode = b;
        if ( opcode == 0x38 || opcode == 0x3a )
        {
            opc_map = opcode == 0x38 ? 2 : 3;
            rc = fetch(&s, 1, &b);
            if ( rc )
                return rc;
            opcode = b;
        }
    }
    insn->map = opc_map;
    insn->opcode = opcode;
    insn->op_bytes = (insn->rex & 8) ? 8 : insn->opsize ? 2 : 4;

    switch ( opc_map )
    {
    case 0: d = map0[opcode]; break;
    case 1: d = map1[opcode]; break;
    case 2: d = D_M; break;
    default: d = D_M | D_I8; break;
    }
    if ( insn->vex && opc_map == 1 )
        d = (opcode == 0x77) ? 0 : (d & D_I8) | D_M;
    if ( d & D_INV )
        return X86EMUL_UNHANDLEABLE;

    if ( d & D_M )
    {
        rc = decode_modrm(&s, opc_map, opcode);
        if ( rc )
            return rc;
        /* 8F /1-/7 is AMD's XOP escape: not supported. */
        if ( opc_map == 0 && opcode == 0x8f && (insn->reg & 7) )
            return X86EMUL_UNHANDLEABLE;
    }

    isz = imm_size(insn, d);
    insn->imm_bytes = isz;
    if ( isz )
    {
        /* ENTER's iw+ib and 3DNow!'s suffix fit; nothing exceeds 8 bytes. */
        rc = fetch(&s, isz, &insn->imm);
        if ( rc )
            return rc;
    }
    if ( d & D_MOFFS )
    {
        insn->mem = true;
        insn->disp = (int64_t)insn->imm;
        insn->ea = insn->imm;
    }

    insn->len = s.n;
    if ( insn->rip_rel )
        insn->ea = start + s.n + insn->disp;
    if ( insn->mem )
        insn->linear = x86_insn_linear(ctxt, insn->ea, insn->seg);
    return X86EMUL_OKAY;
}

int x86_decode_insn_at(struct x86_emulate_ctxt *ctxt, uint64_t start)
{
    return decode_at(ctxt, start);
}

int x86_decode_insn(struct x86_emulate_ctxt *ctxt)
{
    ctxt->event.pending = false;
    return decode_at(ctxt, ctxt->regs->rip);
}

/* Length decoding from a caller buffer. */
struct len_buf {
    const uint8_t *buf;
    size_t size;
};

static int buf_fetch(uint64_t addr, void *dst, unsigned int len,
                     struct x86_emulate_ctxt *ctxt)
{
    const struct len_buf *lb = ctxt->priv;

    if ( addr >= lb->size || len > lb->size - addr )
    {
        x86_emul_set_pagefault(ctxt, 0x10, addr);
        return X86EMUL_EXCEPTION;
    }
    memcpy(dst, lb->buf + addr, len);
    return X86EMUL_OKAY;
}

int x86_insn_length(const uint8_t *buf, size_t size)
{
    static const struct x86_emulate_ops ops = { .fetch = buf_fetch };
    struct len_buf lb = { .buf = buf, .size = size };
    struct emul_regs regs = { .rip = 0 };
    struct x86_emulate_ctxt ctxt = { .ops = &ops, .regs = &regs, .priv = &lb };
    int rc = x86_decode_insn(&ctxt);

    if ( rc == X86EMUL_OKAY )
        return ctxt.insn.len;
    return rc == X86EMUL_EXCEPTION ? -EFAULT : -EINVAL;
}
