/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * echo: a TCP echo server (port 7, or port=N on the command line) on the
 * first vif; answers ping too. Every byte received is sent back; a client's
 * FIN closes the connection. Runs until the toolstack stops the domain.
 */
#include <xlk.h>
#include <xlk-net.h>
#include <lwip/tcp.h>
#include <lwip/priv/tcp_priv.h>        /* tcp_process_refused_data */

const char app_name[] = "echo";

static unsigned long connections;

/*
 * Take data only when it all fits in the send buffer: lwIP keeps refused
 * data and offers it again (on the next timer tick or our sent callback).
 */
/* ERR_ABRT when the pcb had to be aborted: callbacks must then return it. */
static err_t echo_close(struct tcp_pcb *pcb)
{
    tcp_recv(pcb, NULL);
    tcp_sent(pcb, NULL);
    if ( tcp_close(pcb) == ERR_OK )
        return ERR_OK;
    tcp_abort(pcb);
    return ERR_ABRT;
}

static err_t echo_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    (void)arg;
    if ( !p || err != ERR_OK )
    {
        if ( p )
            pbuf_free(p);
        return echo_close(pcb);
    }
    if ( tcp_sndbuf(pcb) < p->tot_len ||
         tcp_sndqueuelen(pcb) + pbuf_clen(p) > TCP_SND_QUEUELEN )
        return ERR_MEM;
    for ( struct pbuf *q = p; q; q = q->next )
        if ( tcp_write(pcb, q->payload, q->len, TCP_WRITE_FLAG_COPY) != ERR_OK )
            return ERR_MEM;             /* cannot happen: space checked */
    tcp_recved(pcb, p->tot_len);
    pbuf_free(p);
    tcp_output(pcb);
    return ERR_OK;
}

static err_t echo_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
    (void)arg;
    (void)len;
    /* Space again: take what was refused. */
    if ( pcb->refused_data )
        tcp_process_refused_data(pcb);
    return ERR_OK;
}

static err_t echo_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
    (void)arg;
    if ( err != ERR_OK || !pcb )
        return ERR_VAL;
    connections++;
    tcp_recv(pcb, echo_recv);
    tcp_sent(pcb, echo_sent);
    return ERR_OK;
}

int app_main(void)
{
    struct tcp_pcb *pcb;
    int port = xlk_net_cmdline_port("port", 7);

    if ( port < 0 )
        return 1;
    if ( xlk_net_init(30000) < 0 )
        return 1;
    pcb = tcp_new();
    if ( !pcb || tcp_bind(pcb, IP_ANY_TYPE, port) != ERR_OK ||
         !(pcb = tcp_listen(pcb)) )
    {
        printk("echo: cannot listen on port %u\n", port);
        return 1;
    }
    tcp_accept(pcb, echo_accept);
    printk("echo: listening on %s:%u\n", xlk_net_addr(), port);
    xlk_net_run();
}
