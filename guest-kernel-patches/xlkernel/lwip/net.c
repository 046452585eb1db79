/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlk-net: lwIP's Ethernet netif over the netfront library, its address
 * configuration and the event loop that drives lwIP (include/xlk-net.h).
 * Received frames are copied into pbufs and queued by the netfront callback,
 * then handed to lwIP after netfront_poll() returns, so that lwIP is never
 * entered twice (linkoutput may poll the ring to retire sent frames).
 */
#include <xlk.h>
#include <xlk-fe.h>
#include <xlk-net.h>
#include <netfront.h>
#include <lwip/init.h>
#include <lwip/timeouts.h>
#include <lwip/etharp.h>
#include <lwip/dhcp.h>
#include <lwip/inet_chksum.h>
#include <lwip/prot/ethernet.h>
#include <lwip/prot/ip4.h>
#include <lwip/priv/tcp_priv.h>         /* tcp_active_pcbs, tcp_tw_pcbs */
#include <netif/ethernet.h>

#define MAX_FRAGS 18                    /* pbufs in one frame we send */
/*
 * An idle appliance (no TCP connection open or in TIME-WAIT, no DHCP
 * exchange under way) sleeps at least this long: lwIP's housekeeping
 * timers (ARP ageing and IP reassembly every second, DHCP's fine timer
 * every 500 ms) then run late, once per wake, instead of waking every
 * guest twice a second. A frame, a store watch or a suspend still wakes
 * it at once. What it costs: ARP entries age this many times slower.
 */
#define IDLE_SLEEP_MS 4000

struct netif xlk_netif;
static struct netfront *nf;
static bool vif_down;                   /* closed for a suspend, not back */
static uint64_t next_retry;
#define RXQ_LEN 128                     /* > NETFRONT_RX_BUFS */
static struct pbuf *rxq[RXQ_LEN];      /* frames received, not yet in lwIP */
static unsigned int rxq_n;
static struct xlk_net_stats stats;
static char addr_text[16];
static bool debug;                      /* netdebug=1: a line per frame */

/* netdebug=1: one console line per frame (type, IPv4 protocol, ports,
 * TCP flags, netfront flags). */
static void trace(const char *dir, const uint8_t *f, size_t len, unsigned int flags)
{
    unsigned int type = len >= 14 ? (f[12] << 8) | f[13] : 0, proto = 0;
    unsigned int sport = 0, dport = 0, tflags = 0, ihl = 0;

    if ( type == 0x0800 && len >= 34 )
    {
        proto = f[23];
        ihl = (f[14] & 0x0f) * 4;
        if ( (proto == IP_PROTO_TCP || proto == IP_PROTO_UDP) && len >= 14 + ihl + 14 )
        {
            sport = (f[14 + ihl] << 8) | f[15 + ihl];
            dport = (f[16 + ihl] << 8) | f[17 + ihl];
            tflags = proto == IP_PROTO_TCP ? f[14 + ihl + 13] : 0;
        }
    }
    printk("xlk-net: %s %lu type %04x proto %u %u->%u tcp %02x nf %x\n", dir,
           (unsigned long)len, type, proto, sport, dport, tflags, flags);
}

void xlk_net_stats(struct xlk_net_stats *st)
{
    *st = stats;
}

/*
 * A local backend may leave the TCP/UDP checksum blank (NETRXF_csum_blank:
 * the field holds the pseudo-header sum). Complete it so that lwIP's check
 * passes; lwIP checks every other frame itself.
 */
static void fill_csum(struct pbuf *p, const uint8_t *f, size_t len)
{
    size_t ihl, l4len, off;
    uint16_t c;

    if ( len < SIZEOF_ETH_HDR + IP_HLEN || f[12] != 0x08 || f[13] != 0x00 )
        return;
    ihl = (f[SIZEOF_ETH_HDR] & 0x0f) * 4;
    l4len = (((size_t)f[SIZEOF_ETH_HDR + 2] << 8) | f[SIZEOF_ETH_HDR + 3]);
    if ( ihl < IP_HLEN || l4len < ihl || SIZEOF_ETH_HDR + l4len > len )
        return;
    l4len -= ihl;
    off = SIZEOF_ETH_HDR + ihl;
    switch ( f[SIZEOF_ETH_HDR + 9] )
    {
    case IP_PROTO_TCP: off += 16; break;
    case IP_PROTO_UDP: off += 6; break;
    default: return;
    }
    if ( off + 2 > SIZEOF_ETH_HDR + ihl + l4len )
        return;
    c = inet_chksum(f + SIZEOF_ETH_HDR + ihl, (u16_t)l4len);
    if ( c == 0 && f[SIZEOF_ETH_HDR + 9] == IP_PROTO_UDP )
        c = 0xffff;
    pbuf_take_at(p, &c, sizeof(c), (u16_t)off);
}

static void rx_frame(void *arg, const void *frame, size_t len, unsigned int flags)
{
    struct pbuf *p;

    (void)arg;
    if ( debug )
        trace("rx", frame, len, flags);
    p = NULL;
    if ( len <= 0xffff && rxq_n < RXQ_LEN )
        p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
    if ( !p )
    {
        stats.rx_drop++;
        return;
    }
    pbuf_take(p, frame, (u16_t)len);
    if ( flags & NETFRONT_CSUM_BLANK )
        fill_csum(p, frame, len);
    rxq[rxq_n++] = p;
    stats.rx++;
}

static err_t linkoutput(struct netif *netif, struct pbuf *p)
{
    struct netfront_frag frag[MAX_FRAGS];
    unsigned int n = 0, tries;
    int rc;

    (void)netif;
    if ( vif_down )
    {
        stats.tx_drop++;
        return ERR_IF;
    }
    if ( debug && p->len >= 14 )
        trace("tx", p->payload, p->len, 0);
    for ( struct pbuf *q = p; q; q = q->next )
    {
        if ( n == MAX_FRAGS )
        {
            stats.tx_drop++;
            return ERR_BUF;
        }
        frag[n].data = q->payload;
        frag[n++].len = q->len;
    }
    for ( tries = 0; ; tries++ )
    {
        unsigned long seen = xlk_events();

        rc = netfront_send(nf, frag, n, 0);
        if ( rc != -XEN_EAGAIN || tries == 100 )
            break;
        /* Ring or buffers full: retire sent frames (received ones are only
         * queued), waiting a little for the backend. */
        if ( netfront_poll(nf, rx_frame, NULL) == 0 )
            xlk_wait(seen, xlk_now_ns() + XLK_MS);
    }
    if ( rc < 0 )
    {
        stats.tx_drop++;
        return rc == -XEN_EAGAIN ? ERR_MEM : ERR_IF;
    }
    stats.tx++;
    return ERR_OK;
}

static err_t netif_setup(struct netif *netif)
{
    netif->name[0] = 'x';
    netif->name[1] = 'n';
    netif->output = etharp_output;
    netif->linkoutput = linkoutput;
    netif->mtu = 1500;
    netif->hwaddr_len = ETH_HWADDR_LEN;
    memcpy(netif->hwaddr, nf->mac, ETH_HWADDR_LEN);
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
                   NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
    return ERR_OK;
}

/* Hand the queued frames to lwIP; how many there were. */
static unsigned int deliver(void)
{
    unsigned int n = rxq_n;

    for ( unsigned int i = 0; i < n; i++ )
        if ( xlk_netif.input(rxq[i], &xlk_netif) != ERR_OK )
            pbuf_free(rxq[i]);
    rxq_n = 0;
    return n;
}

static unsigned int prefix_len(const ip4_addr_t *mask)
{
    uint32_t m = lwip_ntohl(ip4_addr_get_u32(mask));

    return m ? 32 - __builtin_ctz(m) : 0;
}

static void addr_changed(struct netif *netif)
{
    char gw[16];

    ip4addr_ntoa_r(netif_ip4_addr(netif), addr_text, sizeof(addr_text));
    ip4addr_ntoa_r(netif_ip4_gw(netif), gw, sizeof(gw));
    if ( !ip4_addr_isany_val(*netif_ip4_addr(netif)) )
        printk("xlk-net: %s/%u gw %s mac %02x:%02x:%02x:%02x:%02x:%02x\n",
               addr_text, prefix_len(netif_ip4_netmask(netif)), gw,
               netif->hwaddr[0], netif->hwaddr[1], netif->hwaddr[2],
               netif->hwaddr[3], netif->hwaddr[4], netif->hwaddr[5]);
}

const char *xlk_net_addr(void)
{
    return addr_text;
}

int xlk_net_cmdline_port(const char *key, int def)
{
    char v[16];
    const char *c;
    int port = 0;

    if ( !xlk_cmdline_get(key, v, sizeof(v)) )
        return def;
    for ( c = v; *c >= '0' && *c <= '9' && port <= 65535; c++ )
        port = port * 10 + (*c - '0');
    if ( *c || port == 0 || port > 65535 )
    {
        printk("%s: command line %s=%s: not a port number (1-65535)\n",
               app_name, key, v);
        return -1;
    }
    return port;
}

/* "A.B.C.D/N": 0, or -XEN_EINVAL. */
static int parse_cidr(const char *s, ip4_addr_t *ip, ip4_addr_t *mask)
{
    char a[20];
    unsigned int i, bits = 24;

    for ( i = 0; s[i] && s[i] != '/' && i + 1 < sizeof(a); i++ )
        a[i] = s[i];
    a[i] = '\0';
    if ( s[i] == '/' )
    {
        const char *b = s + i + 1;

        bits = 0;
        if ( !*b )
            return -XEN_EINVAL;
        for ( ; *b; b++ )
        {
            if ( *b < '0' || *b > '9' )
                return -XEN_EINVAL;
            bits = bits * 10 + (*b - '0');
            if ( bits > 32 )
                return -XEN_EINVAL;
        }
    }
    else if ( s[i] )
        return -XEN_EINVAL;
    if ( !ip4addr_aton(a, ip) )
        return -XEN_EINVAL;
    ip4_addr_set_u32(mask, lwip_htonl(bits ? ~0u << (32 - bits) : 0));
    return 0;
}

/*
 * The address: the command line's ip= and gw=, else the store's
 * <vif>/../backend/ip (xl writes vif=['ip=...'] there), else DHCP. A bad
 * value is refused, naming where it came from.
 */
static int configure(bool *dhcp)
{
    char v[64], from[160] = "command line ip=", gw[20];
    ip4_addr_t ip, mask, gwa;

    *dhcp = false;
    if ( !xlk_cmdline_get("ip", v, sizeof(v)) )
    {
        snprintf(from, sizeof(from), "%s/ip", nf->backend);
        if ( xlk_xs_read(from, v, sizeof(v)) < 0 || !v[0] )
            snprintf(v, sizeof(v), "dhcp");
    }
    ip4_addr_set_zero(&gwa);
    if ( !strcmp(v, "dhcp") )
    {
        *dhcp = true;
        ip4_addr_set_zero(&ip);
        ip4_addr_set_zero(&mask);
    }
    else if ( parse_cidr(v, &ip, &mask) )
    {
        printk("xlk-net: %s: bad address '%s' (want A.B.C.D/N or dhcp)\n", from, v);
        return -XEN_EINVAL;
    }
    if ( xlk_cmdline_get("gw", gw, sizeof(gw)) && !ip4addr_aton(gw, &gwa) )
    {
        printk("xlk-net: command line gw=: bad address '%s'\n", gw);
        return -XEN_EINVAL;
    }
    netif_add(&xlk_netif, &ip, &mask, &gwa, NULL, netif_setup, ethernet_input);
    return 0;
}

/*
 * Suspend: the vif is closed (rings freed, grants ended, port closed) and
 * connected again on resume, to the same backend (cancelled) or to the new
 * domain's; lwIP and its connections are only memory and carry on. While
 * the vif is down (a reconnect failed) frames are dropped and
 * xlk_net_poll() tries again every second.
 */
static void net_suspend(void *arg)
{
    (void)arg;
    if ( vif_down )
        return;
    if ( netfront_close(nf, 5000) < 0 )
        printk("xlk-net: %s: backend did not close, going on\n", nf->node);
    vif_down = true;
}

static void net_reconnect(void)
{
    char node[sizeof(nf->node)];
    int rc;

    memcpy(node, nf->node, sizeof(node));
    rc = xlk_fe_restart(node, 30000);
    if ( rc == 0 )
        rc = netfront_init(nf, &xlk_frontend_ops, node, 30000);
    if ( rc < 0 )
    {
        /* Keep the node for the next try; nothing of the ring is live. */
        memcpy(nf->node, node, sizeof(node));
        next_retry = xlk_now_ns() + 1000 * XLK_MS;
        printk("xlk-net: %s: reconnect failed (%d)\n", node, rc);
        return;
    }
    vif_down = false;
    printk("xlk-net: %s: reconnected\n", node);
}

static void net_resume(void *arg, bool cancelled)
{
    (void)arg, (void)cancelled;
    net_reconnect();
}

int xlk_net_init(unsigned int timeout_ms)
{
    static const struct xlk_suspend_hook hook = {
        .suspend = net_suspend, .resume = net_resume,
    };

    char node[48];
    bool dhcp;
    uint64_t deadline;
    int rc;

    rc = xlk_fe_first("vif", node, sizeof(node));
    if ( rc < 0 )
    {
        printk("xlk-net: no vif (%d)\n", rc);
        return rc;
    }
    nf = xlk_zalloc(sizeof(*nf));
    if ( !nf )
        return -XEN_ENOMEM;
    rc = netfront_init(nf, &xlk_frontend_ops, node, timeout_ms);
    if ( rc < 0 )
    {
        printk("xlk-net: %s: netfront_init failed (%d)\n", node, rc);
        return rc;
    }
    xlk_suspend_hook_register(&hook);
    debug = xlk_cmdline_get("netdebug", node, sizeof(node)) && node[0] == '1';
    lwip_init();
    rc = configure(&dhcp);
    if ( rc < 0 )
        return rc;
    netif_set_status_callback(&xlk_netif, addr_changed);
    netif_set_default(&xlk_netif);
    netif_set_up(&xlk_netif);
    if ( !dhcp )
        return 0;
    printk("xlk-net: %s: asking DHCP\n", node);
    dhcp_start(&xlk_netif);
    deadline = xlk_now_ns() + timeout_ms * XLK_MS;
    while ( !dhcp_supplied_address(&xlk_netif) )
    {
        if ( xlk_now_ns() >= deadline )
        {
            printk("xlk-net: no DHCP lease in %u ms\n", timeout_ms);
            return -XEN_ETIMEDOUT;
        }
        xlk_net_poll(deadline - xlk_now_ns());
    }
    return 0;
}

/* Nothing of lwIP's needs its timers on time (IDLE_SLEEP_MS above). */
static bool lwip_idle(void)
{
    return !tcp_active_pcbs && !tcp_tw_pcbs && !rxq_n &&
           (!netif_dhcp_data(&xlk_netif) || dhcp_supplied_address(&xlk_netif));
}

void xlk_net_poll(uint64_t max_wait_ns)
{
    unsigned long seen = xlk_events();
    uint64_t wait;
    uint32_t sleep_ms;
    int n;

    if ( vif_down && xlk_now_ns() >= next_retry )
        net_reconnect();
    n = vif_down ? 0 : netfront_poll(nf, rx_frame, NULL);
    n += deliver();
    sys_check_timeouts();
    xlk_poll_control();
    if ( n > 0 )
        return;
    sleep_ms = sys_timeouts_sleeptime();
    if ( sleep_ms != SYS_TIMEOUTS_SLEEPTIME_INFINITE && lwip_idle() )
        sleep_ms = LWIP_MAX(sleep_ms, (uint32_t)IDLE_SLEEP_MS);
    if ( sleep_ms == 0 )
        return;                         /* a timer is due now */
    wait = sleep_ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE ? 0 : sleep_ms * XLK_MS;
    if ( max_wait_ns && (!wait || wait > max_wait_ns) )
        wait = max_wait_ns;
    xlk_wait(seen, wait ? xlk_now_ns() + wait : 0);
}

void xlk_net_run(void)
{
    for ( ;; )
        xlk_net_poll(0);
}
