/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lwIP's configuration in xlkernel: NO_SYS (no threads; the raw API driven
 * by the kernel's event loop, xlk_net_poll()), IPv4 with ARP, ICMP (ping),
 * UDP (DHCP) and TCP. Sized for an appliance in 8 MiB: about 300 KiB of
 * lwIP heap and pools. Options not named here keep lwIP's defaults (opt.h).
 */
#ifndef XLK_LWIPOPTS_H
#define XLK_LWIPOPTS_H

#define NO_SYS                  1
#define SYS_LIGHTWEIGHT_PROT    0       /* one vCPU, lwIP never runs in an upcall */
#define LWIP_TIMERS             1
#define LWIP_SOCKET             0
#define LWIP_NETCONN            0
#define LWIP_NETIF_API          0

#define LWIP_IPV4               1
#define LWIP_IPV6               0
#define LWIP_ARP                1
#define LWIP_ETHERNET           1
#define LWIP_ICMP               1
#define LWIP_RAW                0
#define LWIP_UDP                1
#define LWIP_TCP                1
#define LWIP_DHCP               1
#define LWIP_DNS                0
#define LWIP_IGMP               0
#define LWIP_AUTOIP             0
#define LWIP_SINGLE_NETIF       1
#define LWIP_NETIF_STATUS_CALLBACK 1    /* DHCP's address reported */
#define IP_REASSEMBLY           1
#define IP_FRAG                 1

#define MEM_ALIGNMENT           8
#define MEM_SIZE                (192 * 1024)
#define MEMP_NUM_PBUF           64
#define MEMP_NUM_TCP_PCB        32
#define MEMP_NUM_TCP_PCB_LISTEN 4
#define MEMP_NUM_TCP_SEG        128
#define PBUF_POOL_SIZE          64
#define TCP_MSS                 1460
#define TCP_WND                 (16 * TCP_MSS)
#define TCP_SND_BUF             (16 * TCP_MSS)
#define TCP_SND_QUEUELEN        (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_LISTEN_BACKLOG      1

/* Checksums computed and checked in software; the netif fills in the ones
 * a local backend leaves blank (NETRXF_csum_blank) before lwIP sees them. */
#define LWIP_CHKSUM_ALGORITHM   3

#define LWIP_STATS              0
#define LWIP_NETIF_HOSTNAME     0
#define LWIP_DEBUG              0

#endif /* XLK_LWIPOPTS_H */
