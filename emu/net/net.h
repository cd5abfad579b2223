/* net.h: the world outside the box, as a scenario scripts it. No emulator in it: the user-mode
 * personality asks it where a guest's packet goes and what a scripted peer answers.
 *   - interfaces: lo, br0 on the LAN, ppp0 with the public address (one table, net_ifaces)
 *   - routing by destination: the loopback (and the box's own addresses), a scripted peer, a
 *     real server on the host's 127.0.0.1 (peer.A:P = local:PORT), or unreachable
 *   - a DNS server (A records, NXDOMAIN, no answer) on port 53
 *   - the no-ip servers: ip1.dynupdate.no-ip.com answers the public address,
 *     dynupdate.no-ip.com:8245 answers ducupdate.php with `name:CODE` lines, www.no-ip.com
 *     answers settings.php (what `noip2 -C` asks)
 * A world file is `key = value` text (kvtext.h); the keys are listed at net_world_parse. Times
 * are virtual milliseconds since the run started. */
#ifndef WA_NET_H
#define WA_NET_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define NET_NREC 32
#define NET_NPEER 16
#define NET_NCHANGE 16

/* What a destination is (net_route). */
enum {
    NET_UNREACH, /* no route: ENETUNREACH */
    NET_LOOP,    /* the box itself: the guests' own sockets */
    NET_DNS,     /* the scripted DNS server */
    NET_NOIP,    /* the scripted no-ip HTTP servers */
    NET_REFUSED, /* a host that answers every connection with a reset */
    NET_SILENT,  /* a host that never answers */
    NET_LOCAL,   /* a real server on the host's 127.0.0.1 (the user's own mock) */
};

enum { NET_DNS_ANSWER, NET_DNS_NXDOMAIN, NET_DNS_SILENT };

typedef struct net_world {
    uint32_t lan_ip, lan_mask; /* br0 */
    uint32_t public_ip;        /* ppp0, and what ip1 answers, from the start */
    struct {
        uint64_t at_ms;
        uint32_t ip;       /* 0: the link goes down (ppp0 gone, the WAN unreachable) */
    } change[NET_NCHANGE]; /* in time order */
    int nchange;
    uint32_t dns_ip; /* where the DNS server answers; 0: at every address but the box's */
    int dns_mode;    /* NET_DNS_ANSWER, or NET_DNS_SILENT for a server that never answers */
    struct {
        char name[64];
        int kind; /* NET_DNS_* */
        uint32_t ip;
    } rec[NET_NREC];
    int nrec;
    struct {
        uint32_t ip;
        uint16_t port;
        uint8_t kind; /* NET_* */
        uint16_t local_port;
    } peer[NET_NPEER];
    int npeer;
    char noip_code[8];    /* what ducupdate.php answers for each host ("1") */
    char noip_user[64];   /* the account: a request for another user is answered 4 */
    char noip_pass[64];   /* ... with another password 3 */
    char noip_hosts[256]; /* the account's hosts, comma separated: others are answered 2 */
    int64_t epoch_s;      /* the wall time when the run starts (seconds since 1970) */
    uint64_t duration_ms; /* how long verify lets the booted box live */
    uint32_t stale_seed;  /* what a 2.4 kernel's stack holds where it leaves bytes unwritten
                           * (lx_opts.linux24): 0-3 that count, others a kernel pointer */
} net_world;
#define NET_STALE_DEFAULT 4 /* a kernel pointer: what such a stack mostly holds */

/* The default world: public address 203.0.113.7, LAN 192.168.1.1/24, a DNS server wherever
 * the guest asks, the no-ip names at 192.0.2.10 with its servers on ports 80 and 8245, every
 * update answered 1, any account; the clock starts at 1970-01-01 00:00:00 UTC (the box has no
 * real-time clock) and verify lets the box live 65 minutes (two update intervals of noip2's
 * 30 minutes, and more). */
void net_world_default(net_world *w);
/* Parse a world file over the default world; e says "line N: ..." when it is wrong. Keys:
 *   public_ip = A.B.C.D         public_ip@40m = A.B.C.D | down   (s, m, h suffixes)
 *   lan = A.B.C.D/N             dns = any | A.B.C.D | silent
 *   dns.NAME = A.B.C.D | nxdomain | silent
 *   peer.A.B.C.D:PORT = noip | refused | silent | local:PORT
 *   noip.code = N               noip.user, noip.password, noip.hosts = a,b
 *   clock = YYYY-MM-DD HH:MM:SS (UTC)   duration = 65m
 *   kernel.stale = N            (default 4: a kernel pointer) */
int net_world_parse(net_world *w, const char *text, size_t len, wa_err *e);

/* The public address at time t, or 0 while the link is down. */
uint32_t net_public_ip(const net_world *w, uint64_t t_ms);
/* Where a packet to ip:port goes at time t (udp: a datagram); *local_port for NET_LOCAL. */
int net_route(const net_world *w, uint32_t ip, uint16_t port, int udp, uint64_t t_ms,
              uint16_t *local_port);

/* The interfaces at time t, as SIOCGIFCONF lists them. */
typedef struct net_iface {
    char name[16];
    uint32_t ip, mask, flags; /* IFF_* of Linux */
} net_iface;
int net_ifaces(const net_world *w, uint64_t t_ms, net_iface out[4]);

/* The DNS server: the answer to query q in out (its length), 0 for none (a silent server or
 * record, or a query it cannot read). log gets one line of what was asked and answered. */
size_t net_dns_answer(const net_world *w, const uint8_t *q, size_t n, uint8_t *out, size_t cap,
                      char *log, size_t logcap);

/* The no-ip HTTP servers: 0 while the request in req is incomplete (no blank line yet), else
 * the length of the whole answer in out; log gets one line (the password is never in it). */
size_t net_http_answer(const net_world *w, uint64_t t_ms, const char *req, size_t n, char *out,
                       size_t cap, char *log, size_t logcap);

/* "203.0.113.7" */
const char *net_ntoa(uint32_t ip, char buf[16]);

#endif
