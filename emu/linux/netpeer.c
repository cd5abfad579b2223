/* netpeer.c: the guests' sockets to the world outside the box (lx_int.h, emu/net). A
 * destination is routed by the world: the box itself goes back to syscall_net.c's loopback;
 * a scripted peer (the DNS server, the no-ip servers) gets a host socketpair whose far end
 * this process holds and answers on, right after each thing the guest sends, so nothing runs
 * beside the guests; a real server on the host's 127.0.0.1 (local:PORT) gets a real
 * connection; everything else is refused, silent or unreachable, as the world says. Each
 * connection attempt and each answer is on the timeline. The connections are the descriptor
 * table's (lx_files): threads that share it share them, changed under the space's lock. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lx_int.h"

uint64_t lx_net_now(lx_proc *p)
{
    return lx_vnow(p->w) / 1000000;
}

void lx_net_event(lx_proc *p, int kind, int value, const char *fmt, ...)
{
    char text[sizeof((lx_event *)0)->text];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    lx_event_add(p->w, kind, p->pid, p->ppid, value, text);
}

static uint64_t ino_of(int fd)
{
    struct stat st;
    return fstat(fd, &st) ? 0 : (uint64_t)st.st_ino;
}

static void conn_free(lx_proc *p, lx_conn *c)
{
    close(c->peer);
    c->used = 0;
    p->files->nconn--;
}

/* A connection none of this process's descriptors reaches any more is let go. */
static void conn_collect(lx_proc *p)
{
    for (int i = 0; i < LX_NCONN; i++) {
        lx_conn *c = &p->files->conn[i];
        if (!c->used) continue;
        int seen = 0;
        for (int fd = 0; fd < LX_NFD && !seen; fd++)
            seen = p->files->fd[fd].used && p->files->fd[fd].sock &&
                   ino_of(p->files->fd[fd].host) == c->ino;
        if (!seen) conn_free(p, c);
    }
}

static lx_conn *conn_of(lx_proc *p, const lx_fd *f)
{
    if (!p->files->nconn) return NULL;
    uint64_t ino = ino_of(f->host);
    for (int i = 0; i < LX_NCONN; i++)
        if (p->files->conn[i].used && p->files->conn[i].ino == ino) return &p->files->conn[i];
    return NULL;
}

/* f's connection to the world: the one it has, or f's host socket swapped for one end of a
 * socketpair (its flags kept) whose other end this process keeps; NULL with -errno in *err. */
static lx_conn *conn_get(lx_proc *p, lx_fd *f, int kind, int *err)
{
    lx_conn *c = conn_of(p, f);
    if (c) return c;
    if (p->files->nconn == LX_NCONN) conn_collect(p);
    for (int i = 0; i < LX_NCONN && !c; i++)
        if (!p->files->conn[i].used) c = &p->files->conn[i];
    *err = -LX_ENFILE;
    if (!c) return NULL;
    *err = -LX_EMFILE;
    int sv[2];
    if (socketpair(AF_UNIX, f->sock_type == LX_SOCK_DGRAM ? SOCK_DGRAM : SOCK_STREAM, 0, sv))
        return NULL;
    int fl = fcntl(f->host, F_GETFL);
    if (dup2(sv[0], f->host) < 0) {
        close(sv[0]);
        close(sv[1]);
        return NULL;
    }
    close(sv[0]);
    if (fl >= 0) fcntl(f->host, F_SETFL, fl);
    *c = (lx_conn){.used = 1, .peer = sv[1], .ino = ino_of(f->host), .kind = kind};
    p->files->nconn++;
    return c;
}

int lx_conn_open(lx_proc *p, lx_fd *f, int kind)
{
    int err;
    lx_vm_lock(p);
    lx_conn *c = conn_get(p, f, kind, &err);
    lx_vm_unlock(p);
    return c ? 0 : err;
}

static const char *proto(const lx_fd *f)
{
    return f->sock_type == LX_SOCK_DGRAM ? "udp" : "tcp";
}

/* A real connection to the host's 127.0.0.1:port in place of f's host socket. */
static int64_t connect_local(lx_proc *p, lx_fd *f, uint16_t port, const char *to)
{
    int h = socket(AF_INET, f->sock_type == LX_SOCK_DGRAM ? SOCK_DGRAM : SOCK_STREAM, 0);
    if (h < 0) return -LX_EMFILE;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int rc = connect(h, (struct sockaddr *)&sa, sizeof sa);
    int err = errno;
    lx_net_event(p, LX_EV_NET, 0, "connect %s (%s): the host's 127.0.0.1:%u%s", to, proto(f), port,
                 rc ? " refused" : "");
    if (rc) {
        close(h);
        return err == ECONNREFUSED ? -LX_ECONNREFUSED : -LX_ENETUNREACH;
    }
    dup2(h, f->host);
    close(h);
    return 0;
}

/* Wait for a signal, as a connect to a host that never answers does until its alarm. */
static int64_t wait_forever(lx_proc *p)
{
    while (!lx_sig_interrupted(p))
        poll(NULL, 0, 100);
    return -LX_EINTR;
}

int lx_ifaces(lx_proc *p, net_iface out[4])
{
    if (p->o->net) return net_ifaces(p->o->net, lx_net_now(p), out);
    out[0] = (net_iface){"lo", 0x7f000001u, 0xff000000u, 0x49}; /* UP LOOPBACK RUNNING */
    return 1;
}

int64_t lx_net_connect(lx_proc *p, lx_fd *f, uint32_t ip, uint16_t port)
{
    uint16_t lp = 0;
    int udp = f->sock_type == LX_SOCK_DGRAM;
    int r = net_route(p->o->net, ip, port, udp, lx_net_now(p), &lp);
    if (r == NET_LOOP) return 1;
    char ipb[16], to[24];
    snprintf(to, sizeof to, "%s:%u", net_ntoa(ip, ipb), port);
    f->peer_ip = ip;
    f->peer_port = port;
    if (udp) { /* nothing is sent yet: where the datagrams go is decided as they are sent */
        if (r == NET_LOCAL) return connect_local(p, f, lp, to);
        return r == NET_UNREACH ? -LX_ENETUNREACH : 0;
    }
    switch (r) {
    case NET_NOIP:
        lx_net_event(p, LX_EV_NET, 0, "connect %s (tcp)", to);
        return lx_conn_open(p, f, NET_NOIP);
    case NET_LOCAL: return connect_local(p, f, lp, to);
    case NET_REFUSED:
    case NET_DNS:
        lx_net_event(p, LX_EV_NET, 0, "connect %s (tcp): refused", to);
        return -LX_ECONNREFUSED;
    case NET_SILENT:
        lx_net_event(p, LX_EV_NET, 0, "connect %s (tcp): no answer", to);
        if (fcntl(f->host, F_GETFL) & O_NONBLOCK) return -150; /* EINPROGRESS, for ever */
        return wait_forever(p);
    }
    lx_net_event(p, LX_EV_NET, 0, "connect %s (tcp): unreachable", to);
    return -LX_ENETUNREACH;
}

int64_t lx_net_sendto(lx_proc *p, lx_fd *f, const uint8_t *b, size_t n, uint32_t ip, uint16_t port)
{
    int r = net_route(p->o->net, ip, port, 1, lx_net_now(p), NULL);
    if (r == NET_LOOP) return 1;
    char ipb[16];
    if (r == NET_UNREACH) {
        lx_net_event(p, LX_EV_NET, 0, "udp %s:%u: unreachable", net_ntoa(ip, ipb), port);
        return -LX_ENETUNREACH;
    }
    f->peer_ip = ip;
    f->peer_port = port;
    if (r != NET_DNS) return (int64_t)n; /* nobody answers: the datagram is gone */
    int err;
    lx_vm_lock(p);
    lx_conn *c = conn_get(p, f, NET_DNS, &err);
    if (!c) {
        lx_vm_unlock(p);
        return err;
    }
    uint8_t out[600];
    char log[160];
    size_t k = net_dns_answer(p->o->net, b, n, out, sizeof out, log, sizeof log);
    lx_net_event(p, LX_EV_NET, 0, "udp %s:53 %s", net_ntoa(ip, ipb), log);
    if (k) send(c->peer, out, k, MSG_DONTWAIT | MSG_NOSIGNAL);
    lx_vm_unlock(p);
    return (int64_t)n;
}

void lx_net_pump(lx_proc *p)
{
    lx_vm_lock(p);
    for (int i = 0; i < LX_NCONN; i++) {
        lx_conn *c = &p->files->conn[i];
        if (!c->used || c->kind == NET_DNS) continue;
        char buf[4096];
        ssize_t k;
        while ((k = recv(c->peer, buf, sizeof buf, MSG_DONTWAIT)) > 0) {
            if (c->kind != NET_NOIP) continue; /* a sink: drained */
            size_t room = sizeof c->req - 1 - c->got;
            size_t take = (size_t)k < room ? (size_t)k : room;
            memcpy(c->req + c->got, buf, take);
            c->got += (uint32_t)take;
        }
        if (c->kind != NET_NOIP || c->answered || !c->got) continue;
        char out[8192], log[sizeof((lx_event *)0)->text];
        size_t n = net_http_answer(p->o->net, lx_net_now(p), c->req, c->got, out, sizeof out, log,
                                   sizeof log);
        if (!n) continue;
        c->answered = 1;
        lx_net_event(p, LX_EV_NET, 0, "%s", log);
        send(c->peer, out, n, MSG_NOSIGNAL);
        shutdown(c->peer, SHUT_WR); /* HTTP/1.0: the answer ends with the connection */
    }
    lx_vm_unlock(p);
}
