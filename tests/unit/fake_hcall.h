/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-ins for the hypercall plumbing of batched sub-ops (fake_hcall.c):
 * guest copies are memcpy (guest pointers are host pointers), check number
 * preempt_at of hypercall_preempt_check() says yes, and the continuation
 * made is recorded in cont_nr and cont_args.
 */
#ifndef UNIT_FAKE_HCALL_H
#define UNIT_FAKE_HCALL_H

extern unsigned int preempt_calls, preempt_at, cont_nr;
extern unsigned long cont_args[3];

#endif /* UNIT_FAKE_HCALL_H */
