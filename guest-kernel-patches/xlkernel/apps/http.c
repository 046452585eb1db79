/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * http: a tiny static HTTP/1.0 server (port 80, or port=N) on the first
 * vif; answers ping too. GET / returns a page naming the domain (its name
 * and id from the store) and the request count; any other path gets 404,
 * any other method 501. One response per connection, then close.
 */
#include <xlk.h>
#include <xlk-net.h>
#include <lwip/tcp.h>

const char app_name[] = "http";

#define REQ_MAX 1024                    /* request head kept; longer: 400 */

struct conn {
    char req[REQ_MAX];
    size_t len;
    bool answered;
};

static char dom_name[64] = "?";
static unsigned long requests;

/* ERR_ABRT when the pcb had to be aborted: callbacks must then return it. */
static err_t conn_close(struct tcp_pcb *pcb, struct conn *c)
{
    tcp_arg(pcb, NULL);
    tcp_recv(pcb, NULL);
    tcp_sent(pcb, NULL);
    tcp_err(pcb, NULL);
    xlk_free(c);
    if ( tcp_close(pcb) == ERR_OK )
        return ERR_OK;
    tcp_abort(pcb);
    return ERR_ABRT;
}

static void respond(struct tcp_pcb *pcb, const char *status, const char *body)
{
    char head[160];
    size_t blen = strlen(body);
    int n;

    n = snprintf(head, sizeof(head),
                 "HTTP/1.0 %s\r\nServer: xlkernel-http\r\n"
                 "Content-Type: text/html\r\nContent-Length: %lu\r\n"
                 "Connection: close\r\n\r\n", status, (unsigned long)blen);
    /* Both fit in the send buffer of a fresh connection (TCP_SND_BUF). */
    if ( tcp_write(pcb, head, n, TCP_WRITE_FLAG_COPY | TCP_WRITE_FLAG_MORE) != ERR_OK ||
         tcp_write(pcb, body, blen, TCP_WRITE_FLAG_COPY) != ERR_OK )
        printk("http: response did not fit the send buffer\n");
    tcp_output(pcb);
}

static bool starts_with(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);

    return strnlen(s, n) == n && !memcmp(s, prefix, n);
}

static void serve(struct tcp_pcb *pcb, struct conn *c)
{
    char page[512];

    requests++;
    if ( !starts_with(c->req, "GET ") )
    {
        respond(pcb, "501 Not Implemented", "<html><body>501</body></html>\n");
        return;
    }
    if ( !starts_with(c->req + 4, "/ ") && !starts_with(c->req + 4, "/index.html ") )
    {
        respond(pcb, "404 Not Found", "<html><body>404</body></html>\n");
        return;
    }
    snprintf(page, sizeof(page),
             "<html><head><title>xlkernel %s</title></head><body>\n"
             "<h1>xlkernel http appliance</h1>\n"
             "<p>domain %s (domid %u) at %s, request %lu</p>\n"
             "</body></html>\n",
             dom_name, dom_name, xlk_domid, xlk_net_addr(), requests);
    respond(pcb, "200 OK", page);
}

static err_t http_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    struct conn *c = arg;

    if ( !p || err != ERR_OK )
    {
        if ( p )
            pbuf_free(p);
        return conn_close(pcb, c);
    }
    if ( !c->answered )
    {
        size_t take = p->tot_len;

        if ( take > REQ_MAX - 1 - c->len )
            take = REQ_MAX - 1 - c->len;
        c->len += pbuf_copy_partial(p, c->req + c->len, take, 0);
        c->req[c->len] = '\0';
        if ( strstr(c->req, "\r\n\r\n") || strstr(c->req, "\n\n") )
        {
            c->answered = true;
            serve(pcb, c);
        }
        else if ( c->len == REQ_MAX - 1 )
        {
            c->answered = true;
            respond(pcb, "400 Bad Request", "<html><body>400</body></html>\n");
        }
    }
    tcp_recved(pcb, p->tot_len);
    pbuf_free(p);
    return ERR_OK;
}

/* Everything we wrote is acknowledged: done with this connection. */
static err_t http_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
    struct conn *c = arg;

    (void)len;
    if ( c && c->answered && !pcb->unacked && !pcb->unsent )
        return conn_close(pcb, c);
    return ERR_OK;
}

static void http_err(void *arg, err_t err)
{
    (void)err;
    if ( arg )
        xlk_free(arg);                  /* lwIP has freed the pcb */
}

static err_t http_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
    struct conn *c;

    (void)arg;
    if ( err != ERR_OK || !pcb )
        return ERR_VAL;
    c = xlk_zalloc(sizeof(*c));
    if ( !c )
    {
        tcp_abort(pcb);
        return ERR_ABRT;
    }
    tcp_arg(pcb, c);
    tcp_recv(pcb, http_recv);
    tcp_sent(pcb, http_sent);
    tcp_err(pcb, http_err);
    return ERR_OK;
}

int app_main(void)
{
    struct tcp_pcb *pcb;
    int port = xlk_net_cmdline_port("port", 80);

    if ( port < 0 )
        return 1;
    if ( xlk_xs_read("name", dom_name, sizeof(dom_name)) < 0 )
        snprintf(dom_name, sizeof(dom_name), "domain-%u", xlk_domid);
    if ( xlk_net_init(30000) < 0 )
        return 1;
    pcb = tcp_new();
    if ( !pcb || tcp_bind(pcb, IP_ANY_TYPE, port) != ERR_OK ||
         !(pcb = tcp_listen(pcb)) )
    {
        printk("http: cannot listen on port %d\n", port);
        return 1;
    }
    tcp_accept(pcb, http_accept);
    printk("http: serving %s on %s:%d\n", dom_name, xlk_net_addr(), port);
    xlk_net_run();
}
