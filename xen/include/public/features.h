/* SPDX-License-Identifier: MIT */
/*
 * Feature bits reported by XENVER_get_features (submap 0) and named in the
 * FEATURES / SUPPORTED_FEATURES ELF notes.
 */
#ifndef XEN_PUBLIC_FEATURES_H
#define XEN_PUBLIC_FEATURES_H

/* Guest may write its page tables directly (never reported for PV). */
#define XENFEAT_writable_page_tables       0
/* Guest may write descriptor tables directly. */
#define XENFEAT_writable_descriptor_tables 1
/* Guest sees pseudo-physical addresses in its page tables (HVM/PVH). */
#define XENFEAT_auto_translated_physmap    2
/* Guest kernel runs in ring 0 (not supported; a kernel requiring it is refused). */
#define XENFEAT_supervisor_mode_kernel     3
/* Page directories may live above 4 GiB (PAE); always true on 64-bit. */
#define XENFEAT_pae_pgdir_above_4gb        4
/* MMU_PT_UPDATE_PRESERVE_AD is available (Linux requires it). */
#define XENFEAT_mmu_pt_update_preserve_ad  5
/* MMUEXT_[UN]MARK_SUPER are available. */
#define XENFEAT_highmem_assist             6
/* GNTMAP_guest_avail bits are copied into grant-mapped PTEs. */
#define XENFEAT_gnttab_map_avail_bits      7
/* HVM: event upcall through a vector. */
#define XENFEAT_hvm_callback_vector        8
/* HVM: pvclock is safe to use. */
#define XENFEAT_hvm_safe_pvclock           9
/* HVM: PIRQs are delivered as event channels. */
#define XENFEAT_hvm_pirqs                 10
/* Kernel can run as the initial domain (SUPPORTED_FEATURES note). */
#define XENFEAT_dom0                      11
/* Grant mappings are identity (ARM). */
#define XENFEAT_grant_map_identity        12
/* XENMEMF_vnode is understood by memory_op. */
#define XENFEAT_memory_op_vnode_supported 13
/* ARM SMCCC is available. */
#define XENFEAT_ARM_SMCCC_supported       14
/* Linux may use the RSDP address without restriction (PVH dom0). */
#define XENFEAT_linux_rsdp_unrestricted   15
/* The domain is not direct-mapped / is direct-mapped (ARM). */
#define XENFEAT_not_direct_mapped         16
#define XENFEAT_direct_mapped             17

/* Number of 32-bit submaps. */
#define XENFEAT_NR_SUBMAPS 1

#endif /* XEN_PUBLIC_FEATURES_H */
