/* syscall_net.c: sockets, poll/select and ioctl. Loopback (127.0.0.0/8, the box's own
 * addresses, and AF_UNIX paths) works between the run's guest processes: each guest socket is
 * a host AF_UNIX socket of the same type, and an address becomes a socket file in the run's
 * own directory (mkdtemp, 0700, removed at the end: no other user can reach it, no host
 * port). Not the abstract namespace: any local user can connect to a name there. Other
 * destinations go to the
 * world of lx_opts.net (netpeer.c); without one, they are unreachable and lo is the only
 * interface. What is sent to /dev/log is on the timeline. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "bytes.h"
#include "lx_int.h"

static int64_t herr(void)
{
    switch (errno) {
    case EAGAIN: return -LX_EAGAIN;
    case EINTR: return -LX_EINTR;
    case ECONNREFUSED:
    case ENOENT: return -LX_ECONNREFUSED;
    case EADDRINUSE: return -LX_EADDRINUSE;
    case ENOTCONN: return -LX_ENOTCONN;
    case EPIPE: return -LX_EPIPE;
    case EINPROGRESS: return -150;
    case EISCONN: return -133;
    case EINVAL: return -LX_EINVAL;
    }
    return -LX_EIO;
}

static lx_fd *sock(lx_proc *p, uint32_t fd)
{
    return fd < LX_NFD && p->files->fd[fd].used && p->files->fd[fd].sock ? &p->files->fd[fd] : NULL;
}

static int64_t sys_socket(lx_proc *p, const uint32_t *a)
{
    uint32_t fam = a[0], type = a[1] & 0xf;
    if (fam != LX_AF_UNIX && fam != LX_AF_INET) return -LX_EAFNOSUPPORT;
    /* A raw IP socket is root's, and the guests are root: the box's daemons make one to ask
     * the kernel about an interface (udhcpd's read_interface: SIOCGIFINDEX, SIOCGIFADDR,
     * SIOCGIFHWADDR on br0; the WAG200G's udhcpd spins for ever when it is refused). Its
     * ioctls are every socket's; what it sends leaves the box and nothing answers raw IP (the
     * world's peers speak UDP and TCP), so a read waits as on a quiet wire. */
    int raw = fam == LX_AF_INET && type == LX_SOCK_RAW;
    if (type != LX_SOCK_DGRAM && type != LX_SOCK_STREAM && !raw) return -LX_EPROTONOSUPPORT;
    int fd = lx_fd_new(p, 0);
    if (fd < 0) return fd;
    int h = socket(
        AF_UNIX,
        (type == LX_SOCK_STREAM ? SOCK_STREAM : SOCK_DGRAM) | (a[1] & 0x80 ? SOCK_NONBLOCK : 0), 0);
    if (h < 0) return lx_fd_unreserve(p, fd, -LX_EMFILE);
    p->files->fd[fd] = (lx_fd){.used = 1,
                               .host = h,
                               .cloexec = !!(a[1] & 0x80000),
                               .sock = 1,
                               .sock_type = (int)type,
                               .sock_family = (int)fam};
    return fd;
}

/* The run's socket directory, made at the first use (world locked); 0 or -1. */
static int net_dir(lx_world *w)
{
    if (w->net_dir[0]) return 0;
    const char *tmp = getenv("TMPDIR");
    snprintf(w->net_dir, sizeof w->net_dir, "%s/wa-emu-net-XXXXXX",
             tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
    if (mkdtemp(w->net_dir)) return 0;
    w->net_dir[0] = 0;
    return -1;
}

void lx_net_dir_remove(lx_world *w)
{
    if (!w->net_dir[0]) return;
    DIR *d = opendir(w->net_dir);
    for (struct dirent *de; d && (de = readdir(d));) {
        char path[400];
        snprintf(path, sizeof path, "%s/%s", w->net_dir, de->d_name);
        if (de->d_name[0] != '.') unlink(path);
    }
    if (d) closedir(d);
    rmdir(w->net_dir);
}

/* A guest address as a socket file of the run's directory; 1: loopback (or AF_UNIX), 0:
 * elsewhere. A guest AF_UNIX name (a path, or an abstract name) is a hash of its bytes, so
 * that any of its 108 bytes fit beside the directory's name. */
static int host_addr(lx_proc *p, const lx_fd *f, uint32_t addr, uint32_t len,
                     struct sockaddr_un *out, socklen_t *olen, uint16_t *port_out)
{
    uint8_t b[112] = {0};
    if (len > sizeof b) len = sizeof b;
    if (len < 2 || lx_get(p, addr, b, len)) return -LX_EFAULT;
    uint16_t fam = rd_le16(b);
    memset(out, 0, sizeof *out);
    out->sun_family = AF_UNIX;
    char name[32];
    if (fam == LX_AF_UNIX) {
        b[len < sizeof b ? len : sizeof b - 1] = 0;
        /* a path ends at its NUL; an abstract name (a NUL first) is all its bytes */
        size_t k = b[2] ? strlen((char *)b + 2) : len - 2;
        uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
        for (size_t i = 0; i < k; i++)
            h = (h ^ b[2 + i]) * 0x100000001b3u;
        snprintf(name, sizeof name, "u%016llx", (unsigned long long)h);
    } else if (fam == LX_AF_INET) {
        if (len < 8) return -LX_EINVAL;
        uint16_t port = (uint16_t)(b[2] << 8 | b[3]);
        if (b[4] != 127 && !(b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0)) return 0;
        if (port_out) *port_out = port;
        snprintf(name, sizeof name, "i%d-%u", f->sock_type, port);
    } else {
        return -LX_EAFNOSUPPORT;
    }
    lx_lock(p->w);
    int rc = net_dir(p->w);
    lx_unlock(p->w);
    if (rc) return -LX_EACCES;
    int n = snprintf(out->sun_path, sizeof out->sun_path, "%s/%s", p->w->net_dir, name);
    if (n < 0 || (size_t)n >= sizeof out->sun_path) return -LX_ENAMETOOLONG;
    *olen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + (size_t)n + 1);
    return 1;
}

static int64_t sys_bind(lx_proc *p, const uint32_t *a)
{
    lx_fd *f = sock(p, a[0]);
    if (!f) return -LX_ENOTSOCK;
    struct sockaddr_un u;
    socklen_t ul;
    uint16_t port = 0;
    int rc = host_addr(p, f, a[1], a[2], &u, &ul, &port);
    if (rc < 0) return rc;
    if (!rc) return -LX_EADDRNOTAVAIL;
    if (!bind(f->host, (struct sockaddr *)&u, ul)) return 0;
    if (errno != EADDRINUSE) return herr();
    /* a socket file outlives its socket (an abstract name did not): one nobody answers on
     * is a port or name closed since, and free again */
    int probe = socket(AF_UNIX, f->sock_type == LX_SOCK_STREAM ? SOCK_STREAM : SOCK_DGRAM, 0);
    int stale = probe >= 0 && connect(probe, (struct sockaddr *)&u, ul) && errno == ECONNREFUSED;
    if (probe >= 0) close(probe);
    if (!stale) return -LX_EADDRINUSE;
    unlink(u.sun_path);
    return bind(f->host, (struct sockaddr *)&u, ul) ? herr() : 0;
}

/* An AF_INET destination (struct sockaddr_in) -> 0, ip and port; -errno. */
static int inet_dest(lx_proc *p, uint32_t addr, uint32_t len, uint32_t *ip, uint16_t *port)
{
    uint8_t b[8];
    if (len < 8) return -LX_EINVAL;
    if (lx_get(p, addr, b, 8)) return -LX_EFAULT;
    if (rd_le16(b) != LX_AF_INET) return -LX_EAFNOSUPPORT;
    *port = rd_be16(b + 2);
    *ip = rd_be32(b + 4);
    return 0;
}

static int is_dev_log(lx_proc *p, uint32_t addr, uint32_t len)
{
    char b[16] = {0};
    if (len < 2 + 8 || lx_get(p, addr, b, len < sizeof b ? len : sizeof b)) return 0;
    return rd_le16((uint8_t *)b) == LX_AF_UNIX && !strcmp(b + 2, "/dev/log");
}

static int64_t sys_connect(lx_proc *p, const uint32_t *a)
{
    lx_fd *f = sock(p, a[0]);
    if (!f) return -LX_ENOTSOCK;
    if (p->o->net && f->sock_family == LX_AF_INET) {
        uint32_t ip;
        uint16_t port;
        int64_t r = inet_dest(p, a[1], a[2], &ip, &port);
        if (!r) r = lx_net_connect(p, f, ip, port);
        if (r != 1) return r;
        f->peer_ip = ip, f->peer_port = port;
    }
    struct sockaddr_un u;
    socklen_t ul;
    int rc = host_addr(p, f, a[1], a[2], &u, &ul, NULL);
    if (rc < 0) return rc;
    if (!rc) return -LX_ENETUNREACH;
    if (f->sock_family == LX_AF_UNIX && is_dev_log(p, a[1], a[2])) {
        f->syslog = 1;
        /* no syslogd of the image's listens: the world takes the lines */
        if (connect(f->host, (struct sockaddr *)&u, ul) && p->o->net)
            return lx_conn_open(p, f, LX_CONN_SINK);
        return 0;
    }
    return connect(f->host, (struct sockaddr *)&u, ul) ? herr() : 0;
}

static int64_t sys_listen(lx_proc *p, const uint32_t *a)
{
    lx_fd *f = sock(p, a[0]);
    if (!f) return -LX_ENOTSOCK;
    return listen(f->host, (int)a[1]) ? herr() : 0;
}

static int64_t sys_accept(lx_proc *p, const uint32_t *a)
{
    lx_fd *f = sock(p, a[0]);
    if (!f) return -LX_ENOTSOCK;
    int fd = lx_fd_new(p, 0);
    if (fd < 0) return fd;
    int h = accept(f->host, NULL, NULL);
    if (h < 0) return lx_fd_unreserve(p, fd, herr());
    p->files->fd[fd] = *f;
    p->files->fd[fd].host = h;
    p->files->fd[fd].cloexec = 0;
    if (a[1] && a[2]) { /* the peer: 127.0.0.1, port 0 */
        uint8_t in[16] = {2, 0, 0, 0, 127, 0, 0, 1}, l[4];
        wr_le32(l, 16);
        if (lx_put(p, a[1], in, 16) || lx_put(p, a[2], l, 4)) return -LX_EFAULT;
    }
    return fd;
}

/* The sockaddr_in of f's peer: the world's host it talks to, else 127.0.0.1 port 0. */
static void peer_addr(const lx_fd *f, uint8_t in[16])
{
    memset(in, 0, 16);
    in[0] = LX_AF_INET;
    wr_be16(in + 2, f->peer_ip ? f->peer_port : 0);
    wr_be32(in + 4, f->peer_ip ? f->peer_ip : 0x7f000001u);
}

static int64_t sys_getsockname(lx_proc *p, const uint32_t *a)
{
    lx_fd *f = sock(p, a[0]);
    if (!f) return -LX_ENOTSOCK;
    uint8_t in[16] = {(uint8_t)f->sock_family, 0, 0, 0, 127, 0, 0, 1}, l[4];
    wr_le32(l, f->sock_family == LX_AF_INET ? 16 : 2);
    return lx_put(p, a[1], in, f->sock_family == LX_AF_INET ? 16 : 2) || lx_put(p, a[2], l, 4)
               ? -LX_EFAULT
               : 0;
}

static int64_t sys_getpeername(lx_proc *p, const uint32_t *a)
{
    lx_fd *f = sock(p, a[0]);
    if (!f) return -LX_ENOTSOCK;
    if (f->sock_family != LX_AF_INET || !f->peer_ip) return sys_getsockname(p, a);
    uint8_t in[16], l[4];
    peer_addr(f, in);
    wr_le32(l, 16);
    return lx_put(p, a[1], in, 16) || lx_put(p, a[2], l, 4) ? -LX_EFAULT : 0;
}

static int64_t sys_socketpair(lx_proc *p, const uint32_t *a)
{
    int h[2], fd[2];
    if (a[0] != LX_AF_UNIX) return -LX_EAFNOSUPPORT;
    if (socketpair(AF_UNIX, (a[1] & 0xf) == LX_SOCK_STREAM ? SOCK_STREAM : SOCK_DGRAM, 0, h))
        return herr();
    for (int i = 0; i < 2; i++) {
        fd[i] = lx_fd_new(p, 0);
        if (fd[i] < 0) {
            close(h[0]);
            close(h[1]);
            if (i) lx_fd_unreserve(p, fd[0], 0);
            return -LX_EMFILE;
        }
        p->files->fd[fd[i]] = (lx_fd){.used = 1,
                                      .host = h[i],
                                      .sock = 1,
                                      .sock_type = (int)(a[1] & 0xf),
                                      .sock_family = LX_AF_UNIX};
    }
    uint8_t out[8];
    wr_le32(out, (uint32_t)fd[0]);
    wr_le32(out + 4, (uint32_t)fd[1]);
    return lx_put(p, a[3], out, 8);
}

/* Send len bytes of b, or receive up to len into b, on socket f; addr and alen are the
 * guest's (the destination, or where to write the source and its length). */
static int64_t xfer_buf(lx_proc *p, lx_fd *f, uint8_t *b, uint32_t len, uint32_t flags,
                        uint32_t addr, uint32_t alen, int send_)
{
    int hf = (flags & 0x40 ? MSG_DONTWAIT : 0) | (flags & 0x2 ? MSG_PEEK : 0) | MSG_NOSIGNAL;
    ssize_t k;
    if (send_ && f->syslog && len) { /* "<PRI>line": the line, and PRI as the value */
        char line[sizeof((lx_event *)0)->text];
        uint32_t at = 0, pri = 0;
        if (b[0] == '<')
            for (at = 1; at < len && at < 5 && b[at] >= '0' && b[at] <= '9'; at++)
                pri = pri * 10 + (b[at] - '0');
        at = at < len && b[at] == '>' ? at + 1 : 0;
        size_t n = len - at < sizeof line - 1 ? len - at : sizeof line - 1;
        memcpy(line, b + at, n);
        while (n && (line[n - 1] == '\n' || line[n - 1] == 0))
            n--;
        line[n] = 0;
        lx_net_event(p, LX_EV_SYSLOG, (int)pri, "%s", line);
    }
    if (send_ && p->o->net && f->sock_family == LX_AF_INET && f->sock_type == LX_SOCK_DGRAM &&
        (addr || f->peer_ip)) {
        uint32_t ip = f->peer_ip;
        uint16_t port = f->peer_port;
        int64_t r = addr ? inet_dest(p, addr, alen, &ip, &port) : 0;
        if (!r) r = lx_net_sendto(p, f, b, len, ip, port);
        if (r != 1) return r;
    }
    if (send_ && f->sock_type == LX_SOCK_RAW) return len; /* onto the wire: no answer */
    if (send_) {
        if (addr && f->sock_type == LX_SOCK_DGRAM) {
            struct sockaddr_un u;
            socklen_t ul;
            int rc = host_addr(p, f, addr, alen, &u, &ul, NULL);
            if (rc < 0) return rc;
            if (!rc) return -LX_ENETUNREACH;
            k = sendto(f->host, b, len, hf, (struct sockaddr *)&u, ul);
            if (k < 0 && errno == ECONNREFUSED) return (int64_t)len; /* UDP: nobody listens */
        } else {
            k = send(f->host, b, len, hf);
        }
        if (k > 0 && p->files->nconn) lx_net_pump(p);
    } else {
        k = recv(f->host, b, len, hf);
        if (k >= 0 && addr && alen) {
            uint8_t in[16], l[4];
            peer_addr(f, in);
            wr_le32(l, 16);
            lx_put(p, addr, in, 16);
            lx_put(p, alen, l, 4);
        }
    }
    return k < 0 ? herr() : k;
}

static int64_t xfer(lx_proc *p, uint32_t fd, uint32_t buf, uint32_t len, uint32_t flags,
                    uint32_t addr, uint32_t alen, int send_)
{
    lx_fd *f = sock(p, fd);
    if (!f) return fd < LX_NFD && p->files->fd[fd].used ? -LX_ENOTSOCK : -LX_EBADF;
    uint8_t b[65536];
    if (len > sizeof b) len = sizeof b;
    if (send_ && lx_get(p, buf, b, len)) return -LX_EFAULT;
    int64_t k = xfer_buf(p, f, b, len, flags, addr, alen, send_);
    if (!send_ && k > 0 && lx_put(p, buf, b, (size_t)k)) return -LX_EFAULT;
    return k;
}

/* sendmsg and recvmsg: o32's struct msghdr (name, namelen, iov, iovlen, control, controllen,
 * flags; 32-bit each) gathered into, or scattered from, one buffer. Control messages (passing
 * descriptors, credentials) are not provided: EOPNOTSUPP when a sender gives one. */
static int64_t xfer_msg(lx_proc *p, uint32_t fd, uint32_t msg, uint32_t flags, int send_)
{
    lx_fd *f = sock(p, fd);
    if (!f) return fd < LX_NFD && p->files->fd[fd].used ? -LX_ENOTSOCK : -LX_EBADF;
    uint8_t h[28], b[65536];
    if (lx_get(p, msg, h, sizeof h)) return -LX_EFAULT;
    uint32_t name = rd_le32(h), iov = rd_le32(h + 8), niov = rd_le32(h + 12);
    if (niov > 1024) return -LX_EINVAL;
    if (send_ && rd_le32(h + 20)) return -LX_EOPNOTSUPP;
    uint32_t total = 0;
    for (uint32_t i = 0; i < niov && total < sizeof b; i++) { /* gather, or size the buffer */
        uint8_t v[8];
        if (lx_get(p, iov + 8 * i, v, 8)) return -LX_EFAULT;
        uint32_t n = rd_le32(v + 4) < sizeof b - total ? rd_le32(v + 4) : sizeof b - total;
        if (send_ && lx_get(p, rd_le32(v), b + total, n)) return -LX_EFAULT;
        total += n;
    }
    /* a sender gives namelen; a receiver gets it written back into its msghdr */
    uint32_t alen = send_ ? rd_le32(h + 4) : name ? msg + 4 : 0;
    int64_t k = xfer_buf(p, f, b, total, flags, name, alen, send_);
    if (send_ || k < 0) return k;
    for (uint32_t i = 0, at = 0; i < niov && at < (uint32_t)k; i++) { /* scatter */
        uint8_t v[8];
        if (lx_get(p, iov + 8 * i, v, 8)) return -LX_EFAULT;
        uint32_t n = rd_le32(v + 4) < (uint32_t)k - at ? rd_le32(v + 4) : (uint32_t)k - at;
        if (lx_put(p, rd_le32(v), b + at, n)) return -LX_EFAULT;
        at += n;
    }
    memset(h + 20, 0, 8); /* no control data; no flags */
    return lx_put(p, msg + 20, h + 20, 8) ? -LX_EFAULT : k;
}
static int64_t sys_sendmsg(lx_proc *p, const uint32_t *a)
{
    return xfer_msg(p, a[0], a[1], a[2], 1);
}
static int64_t sys_recvmsg(lx_proc *p, const uint32_t *a)
{
    return xfer_msg(p, a[0], a[1], a[2], 0);
}
static int64_t sys_send(lx_proc *p, const uint32_t *a)
{
    return xfer(p, a[0], a[1], a[2], a[3], 0, 0, 1);
}
static int64_t sys_sendto(lx_proc *p, const uint32_t *a)
{
    return xfer(p, a[0], a[1], a[2], a[3], a[4], a[5], 1);
}
static int64_t sys_recv(lx_proc *p, const uint32_t *a)
{
    return xfer(p, a[0], a[1], a[2], a[3], 0, 0, 0);
}
static int64_t sys_recvfrom(lx_proc *p, const uint32_t *a)
{
    return xfer(p, a[0], a[1], a[2], a[3], a[4], a[5], 0);
}

static int64_t sys_shutdown(lx_proc *p, const uint32_t *a)
{
    lx_fd *f = sock(p, a[0]);
    if (!f) return -LX_ENOTSOCK;
    return shutdown(f->host, (int)a[1]) ? herr() : 0;
}

static int64_t sys_setsockopt(lx_proc *p, const uint32_t *a)
{
    return sock(p, a[0]) ? 0 : -LX_ENOTSOCK;
}

static int64_t sys_getsockopt(lx_proc *p, const uint32_t *a)
{
    lx_fd *f = sock(p, a[0]);
    if (!f) return -LX_ENOTSOCK;
    uint32_t v = 0;
    if (a[1] == 0xffff && a[2] == 0x1008) v = (uint32_t)f->sock_type; /* SO_TYPE */
    if (a[1] == 0xffff && a[2] == 0x1007) {                           /* SO_ERROR */
        int err = 0;
        socklen_t l = sizeof err;
        getsockopt(f->host, SOL_SOCKET, SO_ERROR, &err, &l);
        v = err == ECONNREFUSED ? LX_ECONNREFUSED : err ? LX_EIO : 0;
    }
    uint8_t out[4], l[4];
    wr_le32(out, v);
    wr_le32(l, 4);
    return lx_put(p, a[3], out, 4) || lx_put(p, a[4], l, 4) ? -LX_EFAULT : 0;
}

/* socketcall(call, args): the old multiplexer, onto the direct calls. */
static int64_t sys_socketcall(lx_proc *p, const uint32_t *a)
{
    static const lx_fn fns[] = {NULL,           sys_socket,   sys_bind,        sys_connect,
                                sys_listen,     sys_accept,   sys_getsockname, sys_getpeername,
                                sys_socketpair, sys_send,     sys_recv,        sys_sendto,
                                sys_recvfrom,   sys_shutdown, sys_setsockopt,  sys_getsockopt,
                                sys_sendmsg,    sys_recvmsg};
    if (a[0] < 1 || a[0] >= sizeof fns / sizeof fns[0]) return -LX_EINVAL;
    uint8_t b[24];
    uint32_t args[6];
    if (lx_get(p, a[1], b, sizeof b)) return -LX_EFAULT;
    for (int i = 0; i < 6; i++)
        args[i] = rd_le32(b + 4 * i);
    return fns[a[0]](p, args);
}

/* poll and select over guest descriptors: host ones are polled on the host, and so is the
 * host end of an open console device (its input when asked for POLLIN: a console nobody types
 * into is never ready to read); files and other devices are always ready, and a descriptor
 * that is not open is POLLNVAL. One entry: its host pollfd, and in *fixed what it reports
 * when it has no host descriptor (poll() zeroes revents of those). */
static void poll_entry(lx_proc *p, int32_t fd, short ev, struct pollfd *h, short *fixed)
{
    *h = (struct pollfd){.fd = -1, .events = ev};
    *fixed = 0;
    if (fd < 0) return;
    if (fd >= LX_NFD || !p->files->fd[fd].used)
        *fixed = POLLNVAL;
    else if (p->files->fd[fd].host >= 0)
        h->fd = p->files->fd[fd].host;
    else if ((h->fd = lx_console_host(p, lx_fd_ofd(p, (uint32_t)fd), ev & POLLIN)) < 0)
        *fixed = ev & (POLLIN | POLLOUT);
}

/* Poll the entries (no wait when one is ready without the host) for at most timeout_ms of the
 * world's time (-1: no limit; clock.c); the number ready or -errno. */
static int do_poll_host(lx_proc *p, struct pollfd *h, const short *fixed, uint32_t n,
                        int timeout_ms)
{
    int ready_now = 0;
    for (uint32_t i = 0; i < n; i++)
        ready_now += fixed[i] != 0;
    uint64_t until = timeout_ms > 0 ? lx_vdeadline(p, (uint64_t)timeout_ms * 1000000) : 0;
    int k;
    for (;;) {
        int ms = ready_now || !timeout_ms ? 0 : timeout_ms < 0 ? -1 : -2;
        if (ms == -2) {
            uint64_t left = lx_vwait_ns(p, until);
            ms = left ? lx_ns_to_ms(left) : 0;
        }
        k = poll(h, n, ms);
        if (until) lx_vwait_done(p);
        /* the clock moved (LX_SIG_CLOCK) and no guest signal came, nor the debugger: look at
         * it again */
        if (k < 0 && errno == EINTR && !lx_sig_interrupted(p)) continue;
        if (k == 0 && !ready_now && until && lx_vnow(p->w) < until) continue;
        break;
    }
    if (k < 0) return errno == EINTR ? -LX_EINTR : -LX_EINVAL;
    int total = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (h[i].fd < 0) h[i].revents = fixed[i];
        total += h[i].revents != 0;
    }
    return total;
}

static int64_t do_poll(lx_proc *p, uint32_t fds, uint32_t n, int timeout_ms)
{
    if (n > LX_NFD) return -LX_EINVAL;
    struct pollfd h[LX_NFD];
    short fixed[LX_NFD] = {0};
    uint8_t b[8 * LX_NFD];
    if (lx_get(p, fds, b, 8 * n)) return -LX_EFAULT;
    for (uint32_t i = 0; i < n; i++)
        poll_entry(p, (int32_t)rd_le32(b + 8 * i), (short)rd_le16(b + 8 * i + 4), &h[i], &fixed[i]);
    int total = do_poll_host(p, h, fixed, n, timeout_ms);
    if (total < 0) return total;
    for (uint32_t i = 0; i < n; i++)
        wr_le16(b + 8 * i + 6, (uint16_t)h[i].revents);
    if (lx_put(p, fds, b, 8 * n)) return -LX_EFAULT;
    return total;
}

static int64_t sys_poll(lx_proc *p, const uint32_t *a)
{
    return do_poll(p, a[0], a[1], (int)a[2]);
}

static int64_t sys_ppoll(lx_proc *p, const uint32_t *a)
{
    int ms = -1;
    if (a[2]) {
        uint8_t t[8];
        if (lx_get(p, a[2], t, 8)) return -LX_EFAULT;
        ms = (int)(rd_le32(t) * 1000 + rd_le32(t + 4) / 1000000);
    }
    return do_poll(p, a[0], a[1], ms);
}

/* select: three bit sets of 32-bit little-endian words, onto poll. */
static int64_t do_select(lx_proc *p, uint32_t n, const uint32_t sets[3], int ms)
{
    if (n > LX_NFD) n = LX_NFD;
    uint8_t in[3][LX_NFD / 8] = {{0}}, out[3][LX_NFD / 8] = {{0}};
    uint32_t bytes = (n + 31) / 32 * 4;
    for (int s = 0; s < 3; s++)
        if (sets[s] && lx_get(p, sets[s], in[s], bytes)) return -LX_EFAULT;
    struct pollfd h[LX_NFD];
    short fixed[LX_NFD] = {0};
    int map[LX_NFD], m = 0;
    for (uint32_t fd = 0; fd < n; fd++) {
        short ev = 0;
        if (in[0][fd / 8] >> (fd % 8) & 1) ev |= POLLIN;
        if (in[1][fd / 8] >> (fd % 8) & 1) ev |= POLLOUT;
        if (in[2][fd / 8] >> (fd % 8) & 1) ev |= POLLPRI;
        if (!ev) continue;
        if (!p->files->fd[fd].used) return -LX_EBADF;
        poll_entry(p, (int32_t)fd, ev, &h[m], &fixed[m]);
        map[m++] = (int)fd;
    }
    int k = do_poll_host(p, h, fixed, (uint32_t)m, ms);
    if (k < 0) return k;
    int total = 0;
    for (int i = 0; i < m; i++) {
        int fd = map[i];
        short r = h[i].revents;
        if (r & (POLLIN | POLLHUP | POLLERR) && (h[i].events & POLLIN))
            out[0][fd / 8] |= (uint8_t)(1 << (fd % 8)), total++;
        if (r & (POLLOUT | POLLERR) && (h[i].events & POLLOUT))
            out[1][fd / 8] |= (uint8_t)(1 << (fd % 8)), total++;
        if (r & POLLPRI && (h[i].events & POLLPRI))
            out[2][fd / 8] |= (uint8_t)(1 << (fd % 8)), total++;
    }
    for (int s = 0; s < 3; s++)
        if (sets[s] && lx_put(p, sets[s], out[s], bytes)) return -LX_EFAULT;
    return total;
}

static int64_t sys_newselect(lx_proc *p, const uint32_t *a)
{
    int ms = -1;
    if (a[4]) {
        uint8_t t[8];
        if (lx_get(p, a[4], t, 8)) return -LX_EFAULT;
        ms = (int)(rd_le32(t) * 1000 + rd_le32(t + 4) / 1000);
    }
    uint32_t sets[3] = {a[1], a[2], a[3]};
    return do_select(p, a[0], sets, ms);
}

static int64_t sys_pselect6(lx_proc *p, const uint32_t *a)
{
    int ms = -1;
    if (a[4]) {
        uint8_t t[8];
        if (lx_get(p, a[4], t, 8)) return -LX_EFAULT;
        ms = (int)(rd_le32(t) * 1000 + rd_le32(t + 4) / 1000000);
    }
    uint32_t sets[3] = {a[1], a[2], a[3]};
    return do_select(p, a[0], sets, ms);
}

/* Terminal settings: MIPS's c_lflag and c_cc differ from the host's; the rest is the same. */
static const uint8_t cc_map[][2] = {{0, VINTR},    {1, VQUIT},   {2, VERASE},    {3, VKILL},
                                    {4, VMIN},     {5, VTIME},   {6, VEOL2},     {8, VSTART},
                                    {9, VSTOP},    {10, VSUSP},  {12, VREPRINT}, {13, VDISCARD},
                                    {14, VWERASE}, {15, VLNEXT}, {16, VEOF},     {17, VEOL}};
static const uint32_t lflag_map[][2] = {{0x100, IEXTEN}, {0x8000, TOSTOP}, {0x2000, FLUSHO}};

static uint32_t swap_lflag(uint32_t v, int to_host)
{
    uint32_t out = v;
    for (size_t i = 0; i < sizeof lflag_map / sizeof lflag_map[0]; i++)
        out &= ~lflag_map[i][!to_host];
    for (size_t i = 0; i < sizeof lflag_map / sizeof lflag_map[0]; i++)
        if (v & lflag_map[i][!to_host]) out |= lflag_map[i][to_host];
    return out;
}

static int64_t tty_ioctl(lx_proc *p, int h, uint32_t req, uint32_t arg)
{
    struct termios t;
    uint8_t b[40] = {0};
    switch (req) {
    case 0x540d: /* TCGETS */
        if (tcgetattr(h, &t)) return -LX_ENOTTY;
        wr_le32(b, t.c_iflag);
        wr_le32(b + 4, t.c_oflag);
        wr_le32(b + 8, t.c_cflag);
        wr_le32(b + 12, swap_lflag(t.c_lflag, 0));
        b[16] = t.c_line;
        for (size_t i = 0; i < sizeof cc_map / sizeof cc_map[0]; i++)
            b[17 + cc_map[i][0]] = t.c_cc[cc_map[i][1]];
        return lx_put(p, arg, b, 40);
    case 0x540e:
    case 0x540f:
    case 0x5410: /* TCSETS, TCSETSW, TCSETSF */
        if (tcgetattr(h, &t)) return -LX_ENOTTY;
        if (lx_get(p, arg, b, 40)) return -LX_EFAULT;
        t.c_iflag = rd_le32(b);
        t.c_oflag = rd_le32(b + 4);
        t.c_cflag = rd_le32(b + 8);
        t.c_lflag = swap_lflag(rd_le32(b + 12), 1);
        for (size_t i = 0; i < sizeof cc_map / sizeof cc_map[0]; i++)
            t.c_cc[cc_map[i][1]] = b[17 + cc_map[i][0]];
        return tcsetattr(h,
                         req == 0x540e   ? TCSANOW
                         : req == 0x540f ? TCSADRAIN
                                         : TCSAFLUSH,
                         &t)
                   ? -LX_EINVAL
                   : 0;
    case 0x40087468: { /* TIOCGWINSZ */
        struct winsize ws;
        if (ioctl(h, TIOCGWINSZ, &ws)) return -LX_ENOTTY;
        wr_le16(b, ws.ws_row);
        wr_le16(b + 2, ws.ws_col);
        return lx_put(p, arg, b, 8);
    }
    case 0x40047477: { /* TIOCGPGRP */
        pid_t g = tcgetpgrp(h);
        if (g < 0) return -LX_ENOTTY;
        wr_le32(b, (uint32_t)g);
        return lx_put(p, arg, b, 4);
    }
    case 0x80047476:
    case 0x5480:
    case 0x5471:
    case 0x80087467: /* set pgrp, ctty, winsize */ return isatty(h) ? 0 : -LX_ENOTTY;
    }
    return -LX_ENOTTY;
}

/* The interfaces: the world's (lo, br0, ppp0), or lo alone. struct ifreq: name[16], then the
 * union (a sockaddr_in, flags or a number). */
static int64_t if_ioctl(lx_proc *p, uint32_t req, uint32_t arg)
{
    net_iface ifs[4];
    int nif = lx_ifaces(p, ifs);
    uint8_t r[32];
    if (lx_get(p, arg, r, 32)) return -LX_EFAULT;
    if (req == 0x8912) { /* SIOCGIFCONF: {len, buf}, 32 bytes an interface */
        uint32_t len = rd_le32(r), buf = rd_le32(r + 4), n = 0;
        for (int i = 0; i < nif && len >= 32 * (n + 1); i++, n++) {
            uint8_t one[32] = {0};
            memcpy(one, ifs[i].name, strlen(ifs[i].name));
            one[16] = LX_AF_INET;
            wr_be32(one + 20, ifs[i].ip);
            if (lx_put(p, buf + 32 * n, one, 32)) return -LX_EFAULT;
        }
        wr_le32(r, 32 * n);
        return lx_put(p, arg, r, 8);
    }
    /* routes (struct rtentry): the table is the world's, and cannot be changed */
    if (req == 0x890b) return -LX_ENETUNREACH; /* SIOCADDRT */
    if (req == 0x890c) return -LX_ESRCH;       /* SIOCDELRT */
    r[15] = 0;
    const net_iface *it = NULL;
    for (int i = 0; i < nif && !it; i++)
        if (!strcmp((char *)r, ifs[i].name)) it = &ifs[i];
    if (!it) return -LX_ENODEV;
    int lo = it->flags & 0x8;
    memset(r + 16, 0, 16);
    switch (req) {
    case 0x8913: wr_le16(r + 16, (uint16_t)it->flags); break;          /* SIOCGIFFLAGS */
    case 0x8915: r[16] = LX_AF_INET, wr_be32(r + 20, it->ip); break;   /* SIOCGIFADDR */
    case 0x891b: r[16] = LX_AF_INET, wr_be32(r + 20, it->mask); break; /* SIOCGIFNETMASK */
    case 0x8921: wr_le32(r + 16, lo ? 65536 : 1500); break;            /* SIOCGIFMTU */
    case 0x8927: /* SIOCGIFHWADDR: ARPHRD_LOOPBACK, _PPP, _ETHER */
        wr_le16(r + 16, lo ? 772 : it->flags & 0x10 ? 512 : 1);
        break;
    case 0x8933: wr_le32(r + 16, (uint32_t)(it - ifs) + 1); break; /* SIOCGIFINDEX */
    case 0x891d:
    case 0x8942:
    case 0x8970: break; /* metric, txqlen, map */
    case 0x8917:
    case 0x8919: /* dstaddr, broadaddr */
        if (!strcmp(it->name, "br0")) {
            r[16] = LX_AF_INET, wr_be32(r + 20, it->ip | ~it->mask);
            break;
        }
        return -LX_EADDRNOTAVAIL;
    default:
        if (req >= 0x8900 && req < 0x8a00 && (req & 0xff) >= 0x14) return 0; /* SIOCS*: kept */
        return -LX_EINVAL;
    }
    return lx_put(p, arg, r, 32);
}

static int64_t sys_ioctl(lx_proc *p, const uint32_t *a)
{
    uint32_t fd = a[0], req = a[1];
    if (fd >= LX_NFD || !p->files->fd[fd].used) return -LX_EBADF;
    lx_fd *f = &p->files->fd[fd];
    if (req == 0x6601 || req == 0x6602) { /* FIOCLEX, FIONCLEX */
        f->cloexec = req == 0x6601;
        return 0;
    }
    if (f->sock && req >= 0x8900 && req < 0x8a00) return if_ioctl(p, req, a[2]);
    if (f->host < 0) return -LX_ENOTTY;
    if (req == 0x467f) { /* FIONREAD */
        int n = 0;
        uint8_t b[4];
        if (ioctl(f->host, FIONREAD, &n)) return -LX_ENOTTY;
        wr_le32(b, (uint32_t)n);
        return lx_put(p, a[2], b, 4);
    }
    if (req == 0x667e) { /* FIONBIO */
        uint8_t b[4];
        if (lx_get(p, a[2], b, 4)) return -LX_EFAULT;
        int fl = fcntl(f->host, F_GETFL);
        fcntl(f->host, F_SETFL, rd_le32(b) ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
        return 0;
    }
    return tty_ioctl(p, f->host, req, a[2]);
}

static const lx_call calls[] = {
    {LX_NR_ioctl, sys_ioctl},
    {LX_NR_socketcall, sys_socketcall},
    {LX_NR__newselect, sys_newselect},
    {LX_NR_accept, sys_accept},
    {LX_NR_bind, sys_bind},
    {LX_NR_connect, sys_connect},
    {LX_NR_getpeername, sys_getpeername},
    {LX_NR_getsockname, sys_getsockname},
    {LX_NR_getsockopt, sys_getsockopt},
    {LX_NR_listen, sys_listen},
    {LX_NR_recv, sys_recv},
    {LX_NR_recvfrom, sys_recvfrom},
    {LX_NR_recvmsg, sys_recvmsg},
    {LX_NR_send, sys_send},
    {LX_NR_sendmsg, sys_sendmsg},
    {LX_NR_sendto, sys_sendto},
    {LX_NR_setsockopt, sys_setsockopt},
    {LX_NR_shutdown, sys_shutdown},
    {LX_NR_socket, sys_socket},
    {LX_NR_socketpair, sys_socketpair},
    {LX_NR_poll, sys_poll},
    {LX_NR_pselect6, sys_pselect6},
    {LX_NR_ppoll, sys_ppoll},
};

const lx_call *lx_net_call(uint32_t nr)
{
    return lx_find_call(calls, sizeof calls / sizeof calls[0], nr);
}
