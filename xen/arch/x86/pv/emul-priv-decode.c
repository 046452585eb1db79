/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Classification of privileged and trapping instructions for the PV #GP/#UD
 * paths: the caller performs the action, this file only decodes (and steps
 * string I/O registers). Includes the forced-emulation prefix ud2;"xen".
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <asm/x86_emulate.h>


static const uint8_t fep_sig[] = { 0x0f, 0x0b, 0x78, 0x65, 0x6e };

/*
 * Is the forced-emulation prefix at addr? Probed one byte at a time so a
 * short instruction at the end of a mapped page never faults spuriously;
 * a fault while probing just means "no prefix".
 */
static bool has_fep(struct x86_emulate_ctxt *ctxt, uint64_t addr)
{
    unsigned int i;
    uint8_t b;

    for ( i = 0; i < sizeof(fep_sig); i++ )
    {
        if ( ctxt->ops->fetch(addr + i, &b, 1, ctxt) != X86EMUL_OKAY ||
             b != fep_sig[i] )
        {
            ctxt->event.pending = false;
            return false;
        }
    }
    return true;
}

static int classify_io(const struct x86_insn *insn, struct x86_priv_insn *pi)
{
    uint8_t opc = insn->opcode;

    pi->size = (opc & 1) ? (insn->opsize ? 2 : 4) : 1;  /* REX.W ignored */
    switch ( opc )
    {
    case 0xe4: case 0xe5:
        pi->kind = X86_PRIV_IN;
        pi->port = insn->imm & 0xff;
        break;
    case 0xe6: case 0xe7:
        pi->kind = X86_PRIV_OUT;
        pi->port = insn->imm & 0xff;
        break;
    case 0xec: case 0xed:
        pi->kind = X86_PRIV_IN;
        pi->port_in_dx = true;
        break;
    case 0xee: case 0xef:
        pi->kind = X86_PRIV_OUT;
        pi->port_in_dx = true;
        break;
    case 0x6c: case 0x6d:
        pi->kind = X86_PRIV_INS;
        pi->seg = X86_SEG_ES;           /* INS: ES:rDI, no override */
        break;
    default:    /* 6E/6F */
        pi->kind = X86_PRIV_OUTS;
        pi->seg = insn->seg != X86_SEG_NONE ? insn->seg : X86_SEG_DS;
        break;
    }
    if ( pi->kind == X86_PRIV_INS || pi->kind == X86_PRIV_OUTS )
    {
        pi->port_in_dx = true;
        pi->rep = insn->rep || insn->repne;
        pi->addr_bytes = insn->addr_bytes;
    }
    return X86EMUL_OKAY;
}

static int classify_map0(const struct x86_insn *insn, struct x86_priv_insn *pi)
{
    switch ( insn->opcode )
    {
    case 0xe4 ... 0xe7:
    case 0xec ... 0xef:
    case 0x6c ... 0x6f:
        return classify_io(insn, pi);
    case 0xfa: pi->kind = X86_PRIV_CLI; break;
    case 0xfb: pi->kind = X86_PRIV_STI; break;
    case 0xf4: pi->kind = X86_PRIV_HLT; break;
    case 0xcd: pi->kind = X86_PRIV_INT; pi->vector = insn->imm; break;
    case 0xcc: pi->kind = X86_PRIV_INT3; pi->vector = 3; break;
    case 0xf1: pi->kind = X86_PRIV_INT1; pi->vector = 1; break;
    case 0xce: pi->kind = X86_PRIV_INTO; pi->vector = 4; break;
    default:
        return X86EMUL_UNHANDLEABLE;
    }
    return X86EMUL_OKAY;
}

/* 0F 01: group 7 (SDM Vol. 2 Table A-6). */
static int classify_grp7(struct x86_emulate_ctxt *ctxt,
                         struct x86_priv_insn *pi)
{
    const struct x86_insn *insn = &ctxt->insn;
    unsigned int reg = insn->reg & 7, rm = insn->rm & 7;

    if ( insn->mod == 3 )
    {
        if ( reg == 2 && rm == 1 )
            pi->kind = X86_PRIV_XSETBV;
        else if ( reg == 2 && rm == 0 )
            pi->kind = X86_PRIV_XGETBV;
        else if ( reg == 7 && rm == 1 )
            pi->kind = X86_PRIV_RDTSCP;
        else if ( reg == 6 )
        {
            pi->kind = X86_PRIV_LMSW;
            pi->reg = insn->rm;
        }
        else
            return X86EMUL_UNHANDLEABLE;
        return X86EMUL_OKAY;
    }
    if ( reg == 6 )
    {
        pi->kind = X86_PRIV_LMSW;
        pi->has_mem = true;
        pi->linear = insn->linear;
        return x86_insn_check_linear(ctxt, insn->linear);
    }
    if ( reg == 7 )
    {
        /* No canonical check: INVLPG never faults on its address. */
        pi->kind = X86_PRIV_INVLPG;
        pi->has_mem = true;
        pi->linear = insn->linear;
        return X86EMUL_OKAY;
    }
    return X86EMUL_UNHANDLEABLE;
}

static int classify_map1(struct x86_emulate_ctxt *ctxt,
                         struct x86_priv_insn *pi)
{
    const struct x86_insn *insn = &ctxt->insn;

    switch ( insn->opcode )
    {
    case 0x20: case 0x22:
        /* MOV CR: mod ignored, 64-bit operand; REX.R selects CR8-15. */
        pi->kind = insn->opcode == 0x20 ? X86_PRIV_MOV_FROM_CR
                                        : X86_PRIV_MOV_TO_CR;
        pi->num = insn->reg;
        pi->reg = insn->rm;
        pi->size = 8;
        break;
    case 0x21: case 0x23:
        if ( insn->reg > 7 )            /* DR8-15: #UD */
            return X86EMUL_UNHANDLEABLE;
        pi->kind = insn->opcode == 0x21 ? X86_PRIV_MOV_FROM_DR
                                        : X86_PRIV_MOV_TO_DR;
        pi->num = insn->reg;
        pi->reg = insn->rm;
        pi->size = 8;
        break;
    case 0x01: return classify_grp7(ctxt, pi);
    case 0x06: pi->kind = X86_PRIV_CLTS; break;
    case 0x08: pi->kind = X86_PRIV_INVD; break;
    case 0x09: pi->kind = X86_PRIV_WBINVD; break;
    case 0x30: pi->kind = X86_PRIV_WRMSR; break;
    case 0x31: pi->kind = X86_PRIV_RDTSC; break;
    case 0x32: pi->kind = X86_PRIV_RDMSR; break;
    case 0x33: pi->kind = X86_PRIV_RDPMC; break;
    case 0xa2: pi->kind = X86_PRIV_CPUID; break;
    default:
        return X86EMUL_UNHANDLEABLE;
    }
    return X86EMUL_OKAY;
}

int x86_decode_priv(struct x86_emulate_ctxt *ctxt, struct x86_priv_insn *pi)
{
    uint64_t start = ctxt->regs->rip;
    unsigned int extra = 0;
    int rc;

    memset(pi, 0, sizeof(*pi));
    ctxt->event.pending = false;
    if ( has_fep(ctxt, start) )
    {
        pi->forced = true;
        extra = sizeof(fep_sig);
    }
    rc = x86_decode_insn_at(ctxt, start + extra);
    if ( rc )
        return rc;
    ctxt->insn.forced = pi->forced;
    if ( ctxt->insn.lock || ctxt->insn.vex )
        return X86EMUL_UNHANDLEABLE;            /* #UD */

    if ( ctxt->insn.map == 0 )
        rc = classify_map0(&ctxt->insn, pi);
    else if ( ctxt->insn.map == 1 )
        rc = classify_map1(ctxt, pi);
    else
        rc = X86EMUL_UNHANDLEABLE;
    if ( rc )
    {
        pi->kind = X86_PRIV_NONE;
        return rc;
    }
    pi->len = ctxt->insn.len + extra;
    return X86EMUL_OKAY;
}

void x86_priv_complete(struct emul_regs *regs, const struct x86_priv_insn *pi)
{
    regs->rip += pi->len;
    regs->rflags &= ~X86_EFLAGS_RF;
}

static uint64_t addr_mask(const struct x86_priv_insn *pi)
{
    return pi->addr_bytes == 4 ? 0xffffffffULL : ~0ULL;
}

uint64_t x86_priv_string_addr(const struct x86_emulate_ctxt *ctxt,
                              const struct x86_priv_insn *pi)
{
    const struct emul_regs *regs = ctxt->regs;
    uint64_t base = 0, off;

    if ( pi->kind == X86_PRIV_OUTS )
    {
        off = regs->gpr[X86_GPR_RSI] & addr_mask(pi);
        if ( pi->seg == X86_SEG_FS )
            base = ctxt->fs_base;
        else if ( pi->seg == X86_SEG_GS )
            base = ctxt->gs_base;
    }
    else
        off = regs->gpr[X86_GPR_RDI] & addr_mask(pi);
    return off + base;
}

bool x86_priv_string_empty(const struct emul_regs *regs,
                           const struct x86_priv_insn *pi)
{
    return pi->rep && !(regs->gpr[X86_GPR_RCX] & addr_mask(pi));
}

bool x86_priv_string_advance(struct emul_regs *regs,
                             const struct x86_priv_insn *pi)
{
    unsigned int reg = pi->kind == X86_PRIV_OUTS ? X86_GPR_RSI : X86_GPR_RDI;
    int64_t step = (regs->rflags & X86_EFLAGS_DF) ? -(int64_t)pi->size
                                                  : pi->size;
    uint64_t count;

    x86_gpr_write(regs, reg, pi->addr_bytes, false,
                  regs->gpr[reg] + (uint64_t)step);
    if ( !pi->rep )
        return false;
    count = (regs->gpr[X86_GPR_RCX] - 1) & addr_mask(pi);
    x86_gpr_write(regs, X86_GPR_RCX, pi->addr_bytes, false, count);
    return count != 0;
}
