/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Layout pins for the guest ABI in xen/include/public. Every structure that
 * crosses the guest (or toolstack) boundary has its size and the offsets of
 * its fields fixed here with _Static_assert, using the numbers of Xen 4.17's
 * 64-bit x86 ABI (docs: pv-abi-ladder.md). A wrong layout does not build.
 * At run time the program reports what was checked and exercises the ring
 * macros and the X-macro lists.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <public/xen.h>
#include <public/errno.h>
#include <public/elfnote.h>
#include <public/features.h>
#include <public/version.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/callback.h>
#include <public/nmi.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/physdev.h>
#include <public/platform.h>
#include <public/pmu.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include <public/io/ring.h>
#include <public/io/console.h>
#include <public/io/xs_wire.h>
#include <public/io/xenbus.h>
#include <public/io/blkif.h>
#include <public/io/netif.h>

#include "report.h"

#define SIZE(t, n)    _Static_assert(sizeof(t) == (n), "sizeof(" #t ") != " #n)
#define OFF(t, f, n)  _Static_assert(offsetof(t, f) == (n), \
                                     "offsetof(" #t ", " #f ") != " #n)
#define EQ(a, b)      _Static_assert((a) == (b), #a " != " #b)

/* ---- arch-x86: selectors, hole, trap table, registers, vCPU context ---- */
EQ(FLAT_RING3_CS64, 0xe033);
EQ(FLAT_RING3_CS32, 0xe023);
EQ(FLAT_RING3_SS64, 0xe02b);
EQ(FLAT_RING3_DS64, 0);
EQ(FLAT_KERNEL_CS, 0xe033);
EQ(FLAT_KERNEL_SS, 0xe02b);
EQ(FLAT_USER_CS, 0xe033);
EQ(FIRST_RESERVED_GDT_PAGE, 14);
EQ(FIRST_RESERVED_GDT_ENTRY, 7168);
EQ(FIRST_RESERVED_GDT_BYTE, 0xe000);
EQ(HYPERVISOR_VIRT_START, 0xffff800000000000UL);
EQ(HYPERVISOR_VIRT_END, 0xffff880000000000UL);
EQ(MACH2PHYS_VIRT_START, 0xffff800000000000UL);
EQ(MACH2PHYS_VIRT_END, 0xffff804000000000UL);
EQ(VGCF_in_syscall, 1UL << 8);
EQ(VGCF_in_kernel, 1UL << 2);
EQ(VGCF_online, 1UL << 5);
EQ(SEGBASE_GS_USER_SEL, 3);
SIZE(xen_pfn_t, 8);
SIZE(xen_ulong_t, 8);
SIZE(XEN_GUEST_HANDLE(void), 8);
SIZE(XEN_GUEST_HANDLE_64(uint8), 8);
_Static_assert(_Alignof(XEN_GUEST_HANDLE(void)) == 8, "handle alignment");

SIZE(struct trap_info, 16);
OFF(struct trap_info, vector, 0);
OFF(struct trap_info, flags, 1);
OFF(struct trap_info, cs, 2);
OFF(struct trap_info, address, 8);

SIZE(struct iret_context, 72);
OFF(struct iret_context, rax, 0x00);
OFF(struct iret_context, r11, 0x08);
OFF(struct iret_context, rcx, 0x10);
OFF(struct iret_context, flags, 0x18);
OFF(struct iret_context, rip, 0x20);
OFF(struct iret_context, cs, 0x28);
OFF(struct iret_context, rflags, 0x30);
OFF(struct iret_context, rsp, 0x38);
OFF(struct iret_context, ss, 0x40);

SIZE(struct cpu_user_regs, 200);
OFF(struct cpu_user_regs, r15, 0x00);
OFF(struct cpu_user_regs, r14, 0x08);
OFF(struct cpu_user_regs, r13, 0x10);
OFF(struct cpu_user_regs, r12, 0x18);
OFF(struct cpu_user_regs, rbp, 0x20);
OFF(struct cpu_user_regs, rbx, 0x28);
OFF(struct cpu_user_regs, r11, 0x30);
OFF(struct cpu_user_regs, r10, 0x38);
OFF(struct cpu_user_regs, r9, 0x40);
OFF(struct cpu_user_regs, r8, 0x48);
OFF(struct cpu_user_regs, rax, 0x50);
OFF(struct cpu_user_regs, rcx, 0x58);
OFF(struct cpu_user_regs, rdx, 0x60);
OFF(struct cpu_user_regs, rsi, 0x68);
OFF(struct cpu_user_regs, rdi, 0x70);
OFF(struct cpu_user_regs, error_code, 0x78);
OFF(struct cpu_user_regs, entry_vector, 0x7c);
OFF(struct cpu_user_regs, rip, 0x80);
OFF(struct cpu_user_regs, cs, 0x88);
OFF(struct cpu_user_regs, saved_upcall_mask, 0x8c);
OFF(struct cpu_user_regs, rflags, 0x90);
OFF(struct cpu_user_regs, rsp, 0x98);
OFF(struct cpu_user_regs, ss, 0xa0);
OFF(struct cpu_user_regs, es, 0xa8);
OFF(struct cpu_user_regs, ds, 0xb0);
OFF(struct cpu_user_regs, fs, 0xb8);
OFF(struct cpu_user_regs, gs, 0xc0);

SIZE(struct vcpu_guest_context, 5168);
OFF(struct vcpu_guest_context, fpu_ctxt, 0x000);
OFF(struct vcpu_guest_context, flags, 0x200);
OFF(struct vcpu_guest_context, user_regs, 0x208);
OFF(struct vcpu_guest_context, user_regs.rip, 0x288);
OFF(struct vcpu_guest_context, trap_ctxt, 0x2d0);
OFF(struct vcpu_guest_context, ldt_base, 0x12d0);
OFF(struct vcpu_guest_context, ldt_ents, 0x12d8);
OFF(struct vcpu_guest_context, gdt_frames, 0x12e0);
OFF(struct vcpu_guest_context, gdt_ents, 0x1360);
OFF(struct vcpu_guest_context, kernel_ss, 0x1368);
OFF(struct vcpu_guest_context, kernel_sp, 0x1370);
OFF(struct vcpu_guest_context, ctrlreg, 0x1378);
OFF(struct vcpu_guest_context, ctrlreg[3], 0x1390);
OFF(struct vcpu_guest_context, debugreg, 0x13b8);
OFF(struct vcpu_guest_context, event_callback_eip, 0x13f8);
OFF(struct vcpu_guest_context, failsafe_callback_eip, 0x1400);
OFF(struct vcpu_guest_context, syscall_callback_eip, 0x1408);
OFF(struct vcpu_guest_context, vm_assist, 0x1410);
OFF(struct vcpu_guest_context, fs_base, 0x1418);
OFF(struct vcpu_guest_context, gs_base_kernel, 0x1420);
OFF(struct vcpu_guest_context, gs_base_user, 0x1428);

SIZE(struct arch_vcpu_info, 16);
SIZE(struct arch_shared_info, 48);
SIZE(struct xen_arch_domainconfig, 8);
SIZE(struct xen_cpuid_leaf, 24);
SIZE(struct xen_msr_entry, 16);
OFF(struct xen_msr_entry, val, 8);

/* ---- xen.h ---- */
EQ(__HYPERVISOR_set_trap_table, 0);
EQ(__HYPERVISOR_mmu_update, 1);
EQ(__HYPERVISOR_sched_op_compat, 6);
EQ(__HYPERVISOR_update_descriptor, 10);
EQ(__HYPERVISOR_memory_op, 12);
EQ(__HYPERVISOR_multicall, 13);
EQ(__HYPERVISOR_update_va_mapping, 14);
EQ(__HYPERVISOR_xen_version, 17);
EQ(__HYPERVISOR_console_io, 18);
EQ(__HYPERVISOR_physdev_op_compat, 19);
EQ(__HYPERVISOR_grant_table_op, 20);
EQ(__HYPERVISOR_iret, 23);
EQ(__HYPERVISOR_vcpu_op, 24);
EQ(__HYPERVISOR_mmuext_op, 26);
EQ(__HYPERVISOR_sched_op, 29);
EQ(__HYPERVISOR_callback_op, 30);
EQ(__HYPERVISOR_event_channel_op, 32);
EQ(__HYPERVISOR_physdev_op, 33);
EQ(__HYPERVISOR_sysctl, 35);
EQ(__HYPERVISOR_domctl, 36);
EQ(__HYPERVISOR_xenpmu_op, 40);
EQ(__HYPERVISOR_hypfs_op, 42);
EQ(__HYPERVISOR_arch_0, 48);
EQ(__HYPERVISOR_arch_7, 55);
/* The list itself is checked by tests/abi/hypercalls.c. */

EQ(DOMID_SELF, 0x7ff0);
EQ(DOMID_IO, 0x7ff1);
EQ(DOMID_XEN, 0x7ff2);
EQ(DOMID_COW, 0x7ff3);
EQ(DOMID_INVALID, 0x7ff4);
EQ(DOMID_IDLE, 0x7fff);
EQ(VIRQ_TIMER, 0);
EQ(VIRQ_DOM_EXC, 3);
EQ(VIRQ_CON_RING, 8);
EQ(VIRQ_XENPMU, 13);
EQ(VIRQ_MCA, 16);
EQ(NR_VIRQS, 24);
EQ(MMU_PT_UPDATE_PRESERVE_AD, 2);
EQ(MMUEXT_NEW_USER_BASEPTR, 15);
EQ(MMUEXT_UNMARK_SUPER, 20);
EQ(UVMF_ALL, 4);
EQ(VMASST_TYPE_writable_pagetables, 2);
EQ(VMASST_TYPE_runstate_update_flag, 5);
EQ(VMASST_TYPE_m2p_strict, 32);
EQ(SIF_INITDOMAIN, 2);
EQ(SIF_MOD_START_PFN, 8);
EQ(SIF_PM_MASK, 0xff00);
EQ(XEN_VGATYPE_VESA_LFB, 0x23);

SIZE(struct mmu_update, 16);
SIZE(struct mmuext_op, 24);
OFF(struct mmuext_op, arg1, 8);
OFF(struct mmuext_op, arg2, 16);
SIZE(struct multicall_entry, 64);
OFF(struct multicall_entry, result, 8);
OFF(struct multicall_entry, args, 16);

SIZE(struct vcpu_time_info, 32);
OFF(struct vcpu_time_info, version, 0x00);
OFF(struct vcpu_time_info, tsc_timestamp, 0x08);
OFF(struct vcpu_time_info, system_time, 0x10);
OFF(struct vcpu_time_info, tsc_to_system_mul, 0x18);
OFF(struct vcpu_time_info, tsc_shift, 0x1c);
OFF(struct vcpu_time_info, flags, 0x1d);

SIZE(struct vcpu_info, 64);
OFF(struct vcpu_info, evtchn_upcall_pending, 0);
OFF(struct vcpu_info, evtchn_upcall_mask, 1);
OFF(struct vcpu_info, evtchn_pending_sel, 8);
OFF(struct vcpu_info, arch.cr2, 0x10);
OFF(struct vcpu_info, time, 0x20);

SIZE(struct shared_info, 3136);
OFF(struct shared_info, vcpu_info, 0x000);
OFF(struct shared_info, vcpu_info[1], 0x040);
OFF(struct shared_info, evtchn_pending, 0x800);
OFF(struct shared_info, evtchn_mask, 0xa00);
OFF(struct shared_info, wc_version, 0xc00);
OFF(struct shared_info, wc_sec, 0xc04);
OFF(struct shared_info, wc_nsec, 0xc08);
OFF(struct shared_info, wc_sec_hi, 0xc0c);
OFF(struct shared_info, arch.max_pfn, 0xc10);
OFF(struct shared_info, arch.pfn_to_mfn_frame_list_list, 0xc18);
OFF(struct shared_info, arch.nmi_reason, 0xc20);
OFF(struct shared_info, arch.p2m_cr3, 0xc28);
OFF(struct shared_info, arch.p2m_vaddr, 0xc30);
OFF(struct shared_info, arch.p2m_generation, 0xc38);

SIZE(struct start_info, 0x490);
OFF(struct start_info, magic, 0x000);
OFF(struct start_info, nr_pages, 0x020);
OFF(struct start_info, shared_info, 0x028);
OFF(struct start_info, flags, 0x030);
OFF(struct start_info, store_mfn, 0x038);
OFF(struct start_info, store_evtchn, 0x040);
OFF(struct start_info, console.domU.mfn, 0x048);
OFF(struct start_info, console.domU.evtchn, 0x050);
OFF(struct start_info, console.dom0.info_off, 0x048);
OFF(struct start_info, console.dom0.info_size, 0x04c);
OFF(struct start_info, pt_base, 0x058);
OFF(struct start_info, nr_pt_frames, 0x060);
OFF(struct start_info, mfn_list, 0x068);
OFF(struct start_info, mod_start, 0x070);
OFF(struct start_info, mod_len, 0x078);
OFF(struct start_info, cmd_line, 0x080);
OFF(struct start_info, first_p2m_pfn, 0x480);
OFF(struct start_info, nr_p2m_frames, 0x488);

SIZE(struct dom0_vga_console_info, 40);
OFF(struct dom0_vga_console_info, u.vesa_lfb.lfb_base, 0x0c);
OFF(struct dom0_vga_console_info, u.vesa_lfb.gbl_caps, 0x1c);
OFF(struct dom0_vga_console_info, u.vesa_lfb.ext_lfb_base, 0x24);
SIZE(struct xen_multiboot_mod_list, 16);
SIZE(struct xenctl_bitmap, 16);
OFF(struct xenctl_bitmap, nr_bits, 8);

/* ---- errno.h: list and constants agree, values as Linux x86 ---- */
#define CHECK_ERR(name, val, str) EQ(XEN_##name, val);
XEN_ERRNO_LIST(CHECK_ERR)
#undef CHECK_ERR
EQ(XEN_ENOSYS, 38);
EQ(XEN_EOPNOTSUPP, 95);
EQ(XEN_ERESTART, 85);

/* ---- elfnote.h, features.h ---- */
EQ(XEN_ELFNOTE_HYPERCALL_PAGE, 2);
EQ(XEN_ELFNOTE_FEATURES, 10);
EQ(XEN_ELFNOTE_INIT_P2M, 15);
EQ(XEN_ELFNOTE_MOD_START_PFN, 16);
EQ(XEN_ELFNOTE_SUPPORTED_FEATURES, 17);
EQ(XEN_ELFNOTE_PHYS32_ENTRY, 18);
EQ((1 << XENFEAT_writable_page_tables) | (1 << XENFEAT_dom0) |
   (1 << XENFEAT_linux_rsdp_unrestricted), 0x8801);
EQ(XENFEAT_mmu_pt_update_preserve_ad, 5);
EQ(XENFEAT_gnttab_map_avail_bits, 7);

/* ---- version.h ---- */
EQ(XENVER_capabilities, 3);
EQ(XENVER_get_features, 6);
EQ(XENVER_build_id, 10);
SIZE(struct xen_compile_info, 144);
SIZE(struct xen_feature_info, 8);
SIZE(xen_extraversion_t, 16);
SIZE(xen_capabilities_info_t, 1024);
SIZE(xen_changeset_info_t, 64);
SIZE(struct xen_platform_parameters, 8);

/* ---- sched.h ---- */
EQ(SCHEDOP_poll, 3);
EQ(SCHEDOP_pin_override, 7);
EQ(SHUTDOWN_soft_reset, 5);
SIZE(struct sched_shutdown, 4);
SIZE(struct sched_poll, 24);
OFF(struct sched_poll, nr_ports, 8);
OFF(struct sched_poll, timeout, 16);
SIZE(struct sched_remote_shutdown, 8);
OFF(struct sched_remote_shutdown, reason, 4);
SIZE(struct sched_watchdog, 8);
SIZE(struct sched_pin_override, 4);

/* ---- vcpu.h ---- */
EQ(VCPUOP_register_vcpu_info, 10);
EQ(VCPUOP_register_vcpu_time_memory_area, 13);
EQ(XEN_RUNSTATE_UPDATE, 1ULL << 63);
SIZE(struct vcpu_runstate_info, 48);
OFF(struct vcpu_runstate_info, state_entry_time, 8);
OFF(struct vcpu_runstate_info, time, 0x10);
SIZE(struct vcpu_register_runstate_memory_area, 8);
SIZE(struct vcpu_set_periodic_timer, 8);
SIZE(struct vcpu_set_singleshot_timer, 16);
OFF(struct vcpu_set_singleshot_timer, flags, 8);
SIZE(struct vcpu_register_vcpu_info, 16);
OFF(struct vcpu_register_vcpu_info, offset, 8);
OFF(struct vcpu_register_vcpu_info, rsvd, 12);
SIZE(struct vcpu_get_physid, 8);
SIZE(struct vcpu_register_time_memory_area, 8);

/* ---- callback.h, nmi.h ---- */
EQ(CALLBACKTYPE_syscall32, 7);
EQ(CALLBACKTYPE_sysenter, 5);
EQ(CALLBACKTYPE_nmi, 4);
SIZE(struct callback_register, 16);
OFF(struct callback_register, flags, 2);
OFF(struct callback_register, address, 8);
SIZE(struct callback_unregister, 4);
SIZE(struct xennmi_callback, 16);

/* ---- event_channel.h ---- */
EQ(EVTCHNOP_alloc_unbound, 6);
EQ(EVTCHNOP_init_control, 11);
EQ(EVTCHNOP_reset_cont, 14);
EQ(EVTCHN_2L_NR_CHANNELS, 4096);
EQ(EVTCHN_FIFO_NR_CHANNELS, 1U << 17);
SIZE(struct evtchn_alloc_unbound, 8);
OFF(struct evtchn_alloc_unbound, remote_dom, 2);
OFF(struct evtchn_alloc_unbound, port, 4);
SIZE(struct evtchn_bind_interdomain, 12);
OFF(struct evtchn_bind_interdomain, remote_port, 4);
OFF(struct evtchn_bind_interdomain, local_port, 8);
SIZE(struct evtchn_bind_virq, 12);
OFF(struct evtchn_bind_virq, port, 8);
SIZE(struct evtchn_bind_pirq, 12);
SIZE(struct evtchn_bind_ipi, 8);
SIZE(struct evtchn_close, 4);
SIZE(struct evtchn_send, 4);
SIZE(struct evtchn_status, 24);
OFF(struct evtchn_status, port, 4);
OFF(struct evtchn_status, status, 8);
OFF(struct evtchn_status, vcpu, 12);
OFF(struct evtchn_status, u, 16);
OFF(struct evtchn_status, u.interdomain.port, 20);
SIZE(struct evtchn_bind_vcpu, 8);
SIZE(struct evtchn_unmask, 4);
SIZE(struct evtchn_reset, 2);
SIZE(struct evtchn_init_control, 24);
OFF(struct evtchn_init_control, offset, 8);
OFF(struct evtchn_init_control, vcpu, 12);
OFF(struct evtchn_init_control, link_bits, 16);
SIZE(struct evtchn_expand_array, 8);
SIZE(struct evtchn_set_priority, 8);
SIZE(struct evtchn_op, 28);
OFF(struct evtchn_op, u, 4);
SIZE(struct evtchn_fifo_control_block, 72);
OFF(struct evtchn_fifo_control_block, head, 8);

/* ---- grant_table.h ---- */
EQ(GNTTABOP_cache_flush, 12);
EQ(GNTST_no_space, -13);
EQ(GNTMAP_contains_pte, 16);
EQ(GTF_sub_page, 256);
SIZE(struct grant_entry_v1, 8);
OFF(struct grant_entry_v1, domid, 2);
OFF(struct grant_entry_v1, frame, 4);
SIZE(union grant_entry_v2, 16);
OFF(union grant_entry_v2, full_page.frame, 8);
OFF(union grant_entry_v2, sub_page.page_off, 4);
OFF(union grant_entry_v2, transitive.gref, 8);
SIZE(struct gnttab_map_grant_ref, 32);
OFF(struct gnttab_map_grant_ref, flags, 8);
OFF(struct gnttab_map_grant_ref, ref, 12);
OFF(struct gnttab_map_grant_ref, dom, 16);
OFF(struct gnttab_map_grant_ref, status, 18);
OFF(struct gnttab_map_grant_ref, handle, 20);
OFF(struct gnttab_map_grant_ref, dev_bus_addr, 24);
SIZE(struct gnttab_unmap_grant_ref, 24);
OFF(struct gnttab_unmap_grant_ref, dev_bus_addr, 8);
OFF(struct gnttab_unmap_grant_ref, handle, 16);
OFF(struct gnttab_unmap_grant_ref, status, 20);
SIZE(struct gnttab_setup_table, 24);
OFF(struct gnttab_setup_table, nr_frames, 4);
OFF(struct gnttab_setup_table, status, 8);
OFF(struct gnttab_setup_table, frame_list, 16);
SIZE(struct gnttab_dump_table, 4);
SIZE(struct gnttab_transfer, 24);
OFF(struct gnttab_transfer, ref, 12);
OFF(struct gnttab_transfer, status, 16);
SIZE(struct gnttab_copy, 40);
OFF(struct gnttab_copy, source.domid, 8);
OFF(struct gnttab_copy, source.offset, 10);
OFF(struct gnttab_copy, dest, 16);
OFF(struct gnttab_copy, len, 32);
OFF(struct gnttab_copy, flags, 34);
OFF(struct gnttab_copy, status, 36);
SIZE(struct gnttab_query_size, 16);
OFF(struct gnttab_query_size, nr_frames, 4);
OFF(struct gnttab_query_size, max_nr_frames, 8);
OFF(struct gnttab_query_size, status, 12);
SIZE(struct gnttab_unmap_and_replace, 24);
OFF(struct gnttab_unmap_and_replace, handle, 16);
OFF(struct gnttab_unmap_and_replace, status, 20);
SIZE(struct gnttab_set_version, 4);
SIZE(struct gnttab_get_status_frames, 16);
OFF(struct gnttab_get_status_frames, dom, 4);
OFF(struct gnttab_get_status_frames, status, 6);
OFF(struct gnttab_get_status_frames, frame_list, 8);
SIZE(struct gnttab_get_version, 8);
SIZE(struct gnttab_swap_grant_ref, 12);
SIZE(struct gnttab_cache_flush, 16);
OFF(struct gnttab_cache_flush, offset, 8);
OFF(struct gnttab_cache_flush, op, 12);

/* ---- memory.h ---- */
EQ(XENMEM_exchange, 11);
EQ(XENMEM_machphys_mapping, 12);
EQ(XENMEM_set_memory_map, 13);
EQ(XENMEM_acquire_resource, 28);
EQ(XENMEMF_node(0), 0x100);
SIZE(struct xen_memory_reservation, 32);
OFF(struct xen_memory_reservation, nr_extents, 8);
OFF(struct xen_memory_reservation, extent_order, 16);
OFF(struct xen_memory_reservation, mem_flags, 20);
OFF(struct xen_memory_reservation, domid, 24);
SIZE(struct xen_memory_exchange, 72);
OFF(struct xen_memory_exchange, out, 32);
OFF(struct xen_memory_exchange, nr_exchanged, 64);
SIZE(struct xen_machphys_mfn_list, 24);
OFF(struct xen_machphys_mfn_list, extent_start, 8);
OFF(struct xen_machphys_mfn_list, nr_extents, 16);
SIZE(struct xen_machphys_mapping, 24);
SIZE(struct xen_add_to_physmap, 24);
OFF(struct xen_add_to_physmap, space, 4);
OFF(struct xen_add_to_physmap, idx, 8);
OFF(struct xen_add_to_physmap, gpfn, 16);
SIZE(struct xen_add_to_physmap_batch, 32);
OFF(struct xen_add_to_physmap_batch, u, 6);
OFF(struct xen_add_to_physmap_batch, idxs, 8);
SIZE(struct xen_remove_from_physmap, 16);
SIZE(struct xen_memory_map, 16);
OFF(struct xen_memory_map, buffer, 8);
SIZE(struct xen_e820_entry, 20);
SIZE(struct xen_foreign_memory_map, 24);
OFF(struct xen_foreign_memory_map, map, 8);
SIZE(struct xen_pod_target, 40);
SIZE(struct xen_vmemrange, 24);
SIZE(struct xen_vnuma_topology_info, 40);
OFF(struct xen_vnuma_topology_info, vdistance, 16);
SIZE(struct xen_mem_acquire_resource, 32);
OFF(struct xen_mem_acquire_resource, type, 2);
OFF(struct xen_mem_acquire_resource, id, 4);
OFF(struct xen_mem_acquire_resource, nr_frames, 8);
OFF(struct xen_mem_acquire_resource, frame, 16);
OFF(struct xen_mem_acquire_resource, frame_list, 24);

/* ---- physdev.h ---- */
EQ(PHYSDEVOP_set_iopl, 6);
EQ(PHYSDEVOP_set_iobitmap, 7);
EQ(PHYSDEVOP_eoi, 12);
EQ(PHYSDEVOP_map_pirq, 13);
EQ(PHYSDEVOP_pirq_eoi_gmfn_v2, 28);
EQ(PHYSDEVOP_release_msix, 31);
SIZE(struct physdev_eoi, 4);
SIZE(struct physdev_pirq_eoi_gmfn, 8);
SIZE(struct physdev_irq_status_query, 8);
SIZE(struct physdev_set_iopl, 4);
SIZE(struct physdev_set_iobitmap, 16);
OFF(struct physdev_set_iobitmap, nr_ports, 8);
SIZE(struct physdev_apic, 16);
SIZE(struct physdev_irq, 8);
SIZE(struct physdev_map_pirq, 40);
OFF(struct physdev_map_pirq, type, 4);
OFF(struct physdev_map_pirq, index, 8);
OFF(struct physdev_map_pirq, pirq, 12);
OFF(struct physdev_map_pirq, bus, 16);
OFF(struct physdev_map_pirq, devfn, 20);
OFF(struct physdev_map_pirq, entry_nr, 24);
OFF(struct physdev_map_pirq, table_base, 32);
SIZE(struct physdev_unmap_pirq, 8);
SIZE(struct physdev_manage_pci, 2);
SIZE(struct physdev_manage_pci_ext, 16);
SIZE(struct physdev_restore_msi, 2);
SIZE(struct physdev_setup_gsi, 8);
SIZE(struct physdev_get_free_pirq, 8);
SIZE(struct physdev_pci_mmcfg_reserved, 16);
OFF(struct physdev_pci_device_add, flags, 4);
OFF(struct physdev_pci_device_add, physfn, 8);
OFF(struct physdev_pci_device_add, optarr, 12);
SIZE(struct physdev_pci_device, 4);
SIZE(struct physdev_dbgp_op, 6);
SIZE(struct physdev_op, 24);

/* ---- platform.h, pmu.h ---- */
EQ(XENPF_INTERFACE_VERSION, 0x03000001);
EQ(XENPF_settime64, 62);
EQ(XENPF_firmware_info, 50);
SIZE(struct xenpf_settime32, 16);
SIZE(struct xenpf_settime64, 24);
OFF(struct xenpf_settime64, system_time, 16);
SIZE(struct xenpf_firmware_info, 40);
OFF(struct xenpf_firmware_info, u.disk_info.edd_params, 16);
OFF(struct xenpf_firmware_info, u.disk_mbr_signature.mbr_signature, 12);
OFF(struct xenpf_firmware_info, u.vbeddc_info.edid, 16);
SIZE(struct xenpf_pcpuinfo, 20);
SIZE(struct xenpf_pcpu_version, 32);
OFF(struct xenpf_pcpu_version, family, 20);
SIZE(struct xen_platform_op, 136);
OFF(struct xen_platform_op, u, 8);
EQ(XENPMU_init, 4);
SIZE(struct xen_pmu_params, 24);

/* ---- domctl.h ---- */
EQ(XEN_DOMCTL_INTERFACE_VERSION, 0x15);
EQ(XEN_DOMCTL_createdomain, 1);
EQ(XEN_DOMCTL_getdomaininfo, 5);
EQ(XEN_DOMCTL_setvcpucontext, 12);
EQ(XEN_DOMCTL_max_vcpus, 15);
EQ(XEN_DOMCTL_hypercall_init, 22);
EQ(XEN_DOMCTL_set_address_size, 35);
EQ(XEN_DOMCTL_settscinfo, 60);
EQ(XEN_DOMCTL_setnodeaffinity, 68);
EQ(XEN_DOMCTL_get_cpu_policy, 82);
EQ(XEN_DOMCTL_set_cpu_policy, 83);
SIZE(struct xen_domctl, 144);
OFF(struct xen_domctl, interface_version, 4);
OFF(struct xen_domctl, domain, 8);
OFF(struct xen_domctl, u, 16);
SIZE(struct xen_domctl_createdomain, 64);
OFF(struct xen_domctl_createdomain, handle, 0x04);
OFF(struct xen_domctl_createdomain, flags, 0x14);
OFF(struct xen_domctl_createdomain, iommu_opts, 0x18);
OFF(struct xen_domctl_createdomain, max_vcpus, 0x1c);
OFF(struct xen_domctl_createdomain, max_evtchn_port, 0x20);
OFF(struct xen_domctl_createdomain, max_grant_frames, 0x24);
OFF(struct xen_domctl_createdomain, max_maptrack_frames, 0x28);
OFF(struct xen_domctl_createdomain, grant_opts, 0x2c);
OFF(struct xen_domctl_createdomain, vmtrace_size, 0x30);
OFF(struct xen_domctl_createdomain, cpupool_id, 0x34);
OFF(struct xen_domctl_createdomain, arch, 0x38);
SIZE(struct xen_domctl_getdomaininfo, 112);
OFF(struct xen_domctl_getdomaininfo, flags, 0x04);
OFF(struct xen_domctl_getdomaininfo, tot_pages, 0x08);
OFF(struct xen_domctl_getdomaininfo, max_pages, 0x10);
OFF(struct xen_domctl_getdomaininfo, outstanding_pages, 0x18);
OFF(struct xen_domctl_getdomaininfo, shr_pages, 0x20);
OFF(struct xen_domctl_getdomaininfo, paged_pages, 0x28);
OFF(struct xen_domctl_getdomaininfo, shared_info_frame, 0x30);
OFF(struct xen_domctl_getdomaininfo, cpu_time, 0x38);
OFF(struct xen_domctl_getdomaininfo, nr_online_vcpus, 0x40);
OFF(struct xen_domctl_getdomaininfo, max_vcpu_id, 0x44);
OFF(struct xen_domctl_getdomaininfo, ssidref, 0x48);
OFF(struct xen_domctl_getdomaininfo, handle, 0x4c);
OFF(struct xen_domctl_getdomaininfo, cpupool, 0x5c);
OFF(struct xen_domctl_getdomaininfo, gpaddr_bits, 0x60);
OFF(struct xen_domctl_getdomaininfo, arch_config, 0x68);
SIZE(struct xen_domctl_getpageframeinfo3, 16);
SIZE(struct xen_domctl_shadow_op, 40);
OFF(struct xen_domctl_shadow_op, dirty_bitmap, 16);
OFF(struct xen_domctl_shadow_op, pages, 24);
OFF(struct xen_domctl_shadow_op, stats, 32);
SIZE(struct xen_domctl_max_mem, 8);
SIZE(struct xen_domctl_vcpucontext, 16);
OFF(struct xen_domctl_vcpucontext, ctxt, 8);
SIZE(struct xen_domctl_getvcpuinfo, 24);
OFF(struct xen_domctl_getvcpuinfo, online, 4);
OFF(struct xen_domctl_getvcpuinfo, cpu_time, 8);
OFF(struct xen_domctl_getvcpuinfo, cpu, 16);
SIZE(struct xen_domctl_nodeaffinity, 16);
SIZE(struct xen_domctl_vcpuaffinity, 40);
OFF(struct xen_domctl_vcpuaffinity, cpumap_hard, 8);
OFF(struct xen_domctl_vcpuaffinity, cpumap_soft, 24);
SIZE(struct xen_domctl_max_vcpus, 4);
SIZE(struct xen_domctl_sched_credit, 4);
SIZE(struct xen_domctl_schedparam_vcpu, 16);
SIZE(struct xen_domctl_scheduler_op, 24);
OFF(struct xen_domctl_scheduler_op, u, 8);
OFF(struct xen_domctl_scheduler_op, u.v.nr_vcpus, 16);
SIZE(struct xen_domctl_setdomainhandle, 16);
SIZE(struct xen_domctl_irq_permission, 8);
SIZE(struct xen_domctl_iomem_permission, 24);
SIZE(struct xen_domctl_ioport_permission, 12);
SIZE(struct xen_domctl_hypercall_init, 8);
SIZE(struct xen_domctl_settimeoffset, 8);
SIZE(struct xen_domctl_tsc_info, 24);
OFF(struct xen_domctl_tsc_info, elapsed_nsec, 16);
SIZE(struct xen_domctl_address_size, 4);
SIZE(struct xen_domctl_sendtrigger, 8);
SIZE(struct xen_domctl_cpu_policy, 40);
OFF(struct xen_domctl_cpu_policy, leaves, 8);
OFF(struct xen_domctl_cpu_policy, msrs, 16);
OFF(struct xen_domctl_cpu_policy, err_leaf, 24);
OFF(struct xen_domctl_cpu_policy, err_msr, 32);
SIZE(struct xen_domctl_vcpuextstate, 32);
SIZE(struct xen_domctl_vcpu_msr, 16);
SIZE(struct xen_domctl_vcpu_msrs, 16);
SIZE(struct xen_domctl_cacheflush, 16);
SIZE(struct xen_domctl_paging_mempool, 8);

/* ---- sysctl.h ---- */
EQ(XEN_SYSCTL_INTERFACE_VERSION, 0x15);
EQ(XEN_SYSCTL_readconsole, 1);
EQ(XEN_SYSCTL_physinfo, 3);
EQ(XEN_SYSCTL_getdomaininfolist, 6);
EQ(XEN_SYSCTL_cputopoinfo, 16);
EQ(XEN_SYSCTL_cpupool_op, 18);
EQ(XEN_SYSCTL_livepatch_op, 27);
EQ(XEN_SYSCTL_get_cpu_policy, 29);
SIZE(struct xen_sysctl, 136);
OFF(struct xen_sysctl, u, 8);
SIZE(struct xen_sysctl_readconsole, 24);
OFF(struct xen_sysctl_readconsole, index, 4);
OFF(struct xen_sysctl_readconsole, buffer, 8);
OFF(struct xen_sysctl_readconsole, count, 16);
SIZE(struct xen_sysctl_physinfo, 112);
OFF(struct xen_sysctl_physinfo, capabilities, 0x1c);
OFF(struct xen_sysctl_physinfo, total_pages, 0x28);
OFF(struct xen_sysctl_physinfo, max_mfn, 0x48);
OFF(struct xen_sysctl_physinfo, hw_cap, 0x50);
SIZE(struct xen_sysctl_getdomaininfolist, 24);
OFF(struct xen_sysctl_getdomaininfolist, max_domains, 4);
OFF(struct xen_sysctl_getdomaininfolist, buffer, 8);
OFF(struct xen_sysctl_getdomaininfolist, num_domains, 16);
SIZE(struct xen_sysctl_getcpuinfo, 24);
SIZE(struct xen_sysctl_cputopo, 12);
SIZE(struct xen_sysctl_cputopoinfo, 16);
SIZE(struct xen_sysctl_meminfo, 16);
SIZE(struct xen_sysctl_numainfo, 24);
SIZE(struct xen_sysctl_cpupool_op, 40);
OFF(struct xen_sysctl_cpupool_op, cpumap, 24);
SIZE(struct xen_sysctl_credit_schedule, 12);
SIZE(struct xen_sysctl_scheduler_op, 32);
OFF(struct xen_sysctl_scheduler_op, u, 16);
SIZE(struct xen_sysctl_cpu_featureset, 16);
SIZE(struct xen_sysctl_cpu_policy, 32);
OFF(struct xen_sysctl_cpu_policy, leaves, 16);
OFF(struct xen_sysctl_cpu_policy, msrs, 24);

/* ---- io/console.h, io/xs_wire.h, io/xenbus.h ---- */
SIZE(struct xencons_interface, 0xc10);
OFF(struct xencons_interface, in, 0x000);
OFF(struct xencons_interface, out, 0x400);
OFF(struct xencons_interface, in_cons, 0xc00);
OFF(struct xencons_interface, in_prod, 0xc04);
OFF(struct xencons_interface, out_cons, 0xc08);
OFF(struct xencons_interface, out_prod, 0xc0c);

SIZE(struct xsd_sockmsg, 16);
OFF(struct xsd_sockmsg, req_id, 4);
OFF(struct xsd_sockmsg, tx_id, 8);
OFF(struct xsd_sockmsg, len, 12);
SIZE(struct xenstore_domain_interface, 0x81c);
OFF(struct xenstore_domain_interface, rsp, 0x400);
OFF(struct xenstore_domain_interface, req_cons, 0x800);
OFF(struct xenstore_domain_interface, req_prod, 0x804);
OFF(struct xenstore_domain_interface, rsp_cons, 0x808);
OFF(struct xenstore_domain_interface, rsp_prod, 0x80c);
OFF(struct xenstore_domain_interface, server_features, 0x810);
OFF(struct xenstore_domain_interface, connection, 0x814);
OFF(struct xenstore_domain_interface, error, 0x818);
EQ(XS_CONTROL, 0);
EQ(XS_WRITE, 11);
EQ(XS_ERROR, 16);
EQ(XS_SET_TARGET, 19);
EQ(XS_RESET_WATCHES, 21);
EQ(XS_DIRECTORY_PART, 22);
EQ(XS_TYPE_COUNT, 23);
EQ(XenbusStateConnected, 4);
EQ(XenbusStateReconfigured, 8);

/* ---- io/ring.h, io/blkif.h, io/netif.h ---- */
OFF(struct blkif_sring, rsp_prod, 8);
OFF(struct blkif_sring, pvt, 16);
OFF(struct blkif_sring, ring, 64);
SIZE(struct blkif_request_segment, 8);
SIZE(struct blkif_request, 112);
OFF(struct blkif_request, id, 8);
OFF(struct blkif_request, sector_number, 16);
OFF(struct blkif_request, seg, 24);
SIZE(struct blkif_request_discard, 32);
OFF(struct blkif_request_discard, nr_sectors, 24);
SIZE(struct blkif_request_indirect, 64);
OFF(struct blkif_request_indirect, handle, 24);
OFF(struct blkif_request_indirect, indirect_grefs, 28);
SIZE(struct blkif_response, 16);
OFF(struct blkif_response, status, 10);
EQ(__CONST_RING_SIZE(blkif, 4096), 32);
SIZE(struct netif_tx_request, 12);
OFF(struct netif_tx_request, size, 10);
SIZE(struct netif_extra_info, 8);
OFF(struct netif_extra_info, u, 2);
SIZE(struct netif_tx_response, 4);
SIZE(struct netif_rx_request, 8);
OFF(struct netif_rx_request, gref, 4);
SIZE(struct netif_rx_response, 8);
OFF(struct netif_rx_response, status, 6);
EQ(__CONST_RING_SIZE(netif_tx, 4096), 256);
EQ(__CONST_RING_SIZE(netif_rx, 4096), 256);

/* ----------------------------- run time ----------------------------- */

/* Headers that compiled alone as C99 and C++11 (listed by abi.mk). */
static const char *const alone_headers[] = {
#define ABI_HEADER(h) h,
#include "abi-headers.inc"
#undef ABI_HEADER
};

/* A tiny protocol to drive the ring macros with. */
struct abi_req { uint32_t v; };
struct abi_rsp { uint32_t v; };
DEFINE_RING_TYPES(abi, struct abi_req, struct abi_rsp);

static void test_ring(void)
{
    static union { uint8_t page[4096]; uint64_t align; } mem;
    struct abi_sring *s = (struct abi_sring *)mem.page;
    struct abi_front_ring f;
    struct abi_back_ring b;
    int notify, work;
    unsigned int i, n;
    int ok = 1;

    SHARED_RING_INIT(s);
    FRONT_RING_INIT(&f, s, sizeof(mem.page));
    BACK_RING_INIT(&b, s, sizeof(mem.page));
    /* (4096 - 64) / 4 = 1008 entries, rounded down to 512. */
    ok &= RING_SIZE(&f) == 512 && RING_SIZE(&b) == 512;
    ok &= RING_FREE_REQUESTS(&f) == 512 && !RING_FULL(&f);

    /* Fill the ring completely; the first push must notify (req_event 1). */
    for (i = 0; i < RING_SIZE(&f); i++)
        RING_GET_REQUEST(&f, f.req_prod_pvt++)->v = i;
    ok &= RING_FULL(&f);
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&f, notify);
    ok &= notify == 1;

    /* Back end consumes everything and answers each request. */
    ok &= RING_HAS_UNCONSUMED_REQUESTS(&b) == RING_SIZE(&b);
    n = 0;
    while (RING_HAS_UNCONSUMED_REQUESTS(&b)) {
        struct abi_req req;
        RING_COPY_REQUEST(&b, b.req_cons, &req);
        ok &= req.v == n;
        b.req_cons++;
        RING_GET_RESPONSE(&b, b.rsp_prod_pvt++)->v = req.v + 1;
        n++;
    }
    ok &= n == 512;
    RING_FINAL_CHECK_FOR_REQUESTS(&b, work);
    ok &= work == 0 && s->req_event == b.req_cons + 1;

    /* The front end asked for no response event yet (rsp_event = 1). */
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b, notify);
    ok &= notify == 1;
    ok &= RING_HAS_UNCONSUMED_RESPONSES(&f) == 512;
    while (RING_HAS_UNCONSUMED_RESPONSES(&f)) {
        ok &= RING_GET_RESPONSE(&f, f.rsp_cons)->v == f.rsp_cons + 1;
        f.rsp_cons++;
    }
    ok &= RING_FREE_REQUESTS(&f) == 512;
    RING_FINAL_CHECK_FOR_RESPONSES(&f, work);
    ok &= work == 0;

    /* One more request crosses req_event: notify; a second one does not. */
    RING_GET_REQUEST(&f, f.req_prod_pvt++)->v = 7;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&f, notify);
    ok &= notify == 1;
    RING_GET_REQUEST(&f, f.req_prod_pvt++)->v = 8;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&f, notify);
    ok &= notify == 0;

    /* Overflow checks used by back ends against a hostile front end. */
    ok &= !RING_REQUEST_PROD_OVERFLOW(&b, s->req_prod);
    ok &= RING_REQUEST_PROD_OVERFLOW(&b, b.rsp_prod_pvt + 513);

    report("abi/io/ring.h: ring macros", ok, "ring index arithmetic wrong");
}

static void test_lists(void)
{
    static const struct { const char *name; int val; } err[] = {
#define X(n, v, s) { #n, v },
        XEN_ERRNO_LIST(X)
#undef X
    };
    size_t i, j;
    int ok = 1;

    for (i = 0; i < sizeof(err) / sizeof(err[0]); i++)
        for (j = 0; j < i; j++)
            ok &= err[i].val != err[j].val && strcmp(err[i].name, err[j].name);
    report("abi/errno.h: errno list unique", ok, "duplicate errno");

    ok = sizeof(xsd_errors) / sizeof(xsd_errors[0]) == 16;
    for (i = 0; ok && i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++) {
        for (j = 0; j < sizeof(err) / sizeof(err[0]); j++)
            if (!strcmp(err[j].name, xsd_errors[i].errstring))
                break;
        ok &= j < sizeof(err) / sizeof(err[0]) &&
              err[j].val == xsd_errors[i].errnum;
    }
    report("abi/io/xs_wire.h: xsd_errors table", ok,
           "xsd_errors entry does not match XEN_ERRNO_LIST");
}

static void test_handles(void)
{
    struct sched_poll poll;
    evtchn_port_t ports[2] = { 1, 2 };
    int ok;

    memset(&poll, 0, sizeof(poll));
    set_xen_guest_handle(poll.ports, ports);
    ok = xen_guest_handle(poll.ports) == ports &&
         *(evtchn_port_t **)(void *)&poll.ports == ports;
    report("abi/arch-x86/xen.h: guest handle is a plain pointer", ok,
           "handle does not hold the pointer at offset 0");
}

int main(void)
{
    static const char *const groups[] = {
        "arch-x86/xen.h", "arch-x86/xen-x86_64.h", "xen.h", "errno.h",
        "elfnote.h", "features.h", "version.h", "sched.h", "vcpu.h",
        "callback.h", "nmi.h", "event_channel.h", "grant_table.h",
        "memory.h", "physdev.h", "platform.h", "pmu.h", "domctl.h",
        "sysctl.h", "io/console.h", "io/xs_wire.h", "io/xenbus.h",
        "io/ring.h", "io/blkif.h", "io/netif.h",
    };
    size_t i;
    char name[128];

    for (i = 0; i < sizeof(alone_headers) / sizeof(alone_headers[0]); i++) {
        snprintf(name, sizeof(name), "abi/alone/%s", alone_headers[i]);
        report(name, 1, "");
    }
    /* Compile-time pins: reaching main() means every one held. */
    for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
        snprintf(name, sizeof(name), "abi/%s", groups[i]);
        report(name, 1, "");
    }
    test_lists();
    test_handles();
    test_ring();
    return failures ? 1 : 0;
}
