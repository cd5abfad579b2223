/* scenario.c: the world file, the default world, routing and the interfaces (net.h). */
#define _DEFAULT_SOURCE /* strptime, timegm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "kvtext.h"
#include "net.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))
#define NOIP_SERVER IP(192, 0, 2, 10)

const char *net_ntoa(uint32_t ip, char buf[16])
{
    snprintf(buf, 16, "%u.%u.%u.%u", ip >> 24, ip >> 16 & 255, ip >> 8 & 255, ip & 255);
    return buf;
}

/* "A.B.C.D" -> 1 and *ip */
static int parse_ip(const char *s, uint32_t *ip)
{
    unsigned a, b, c, d;
    int used = 0;
    if (sscanf(s, "%3u.%3u.%3u.%3u%n", &a, &b, &c, &d, &used) != 4 || s[used] || a > 255 ||
        b > 255 || c > 255 || d > 255)
        return 0;
    *ip = IP(a, b, c, d);
    return 1;
}

static void add_rec(net_world *w, const char *name, int kind, uint32_t ip)
{
    for (int i = 0; i < w->nrec; i++)
        if (!strcasecmp(w->rec[i].name, name)) {
            w->rec[i].kind = kind, w->rec[i].ip = ip;
            return;
        }
    if (w->nrec == NET_NREC) return;
    snprintf(w->rec[w->nrec].name, sizeof w->rec[0].name, "%s", name);
    w->rec[w->nrec].kind = kind;
    w->rec[w->nrec++].ip = ip;
}

static void add_peer(net_world *w, uint32_t ip, uint16_t port, int kind, uint16_t local)
{
    int i;
    for (i = 0; i < w->npeer; i++)
        if (w->peer[i].ip == ip && w->peer[i].port == port) break;
    if (i == NET_NPEER) return;
    if (i == w->npeer) w->npeer++;
    w->peer[i].ip = ip;
    w->peer[i].port = port;
    w->peer[i].kind = (uint8_t)kind;
    w->peer[i].local_port = local;
}

void net_world_default(net_world *w)
{
    memset(w, 0, sizeof *w);
    w->lan_ip = IP(192, 168, 1, 1);
    w->lan_mask = IP(255, 255, 255, 0);
    w->public_ip = IP(203, 0, 113, 7);
    add_rec(w, "dynupdate.no-ip.com", NET_DNS_ANSWER, NOIP_SERVER);
    add_rec(w, "ip1.dynupdate.no-ip.com", NET_DNS_ANSWER, NOIP_SERVER);
    add_rec(w, "www.no-ip.com", NET_DNS_ANSWER, NOIP_SERVER);
    add_peer(w, NOIP_SERVER, 8245, NET_NOIP, 0);
    add_peer(w, NOIP_SERVER, 80, NET_NOIP, 0);
    strcpy(w->noip_code, "1");
    w->duration_ms = 65 * 60000;
    w->stale_seed = NET_STALE_DEFAULT;
}

static const struct {
    const char *name;
    int kind;
} peer_kinds[] = {{"noip", NET_NOIP}, {"refused", NET_REFUSED}, {"silent", NET_SILENT}};

/* One pair; a message in why (without the line) when it is wrong. */
static int set(net_world *w, const char *key, const char *val, char *why, size_t n)
{
    uint32_t ip;
    uint64_t t;
    if (!strcmp(key, "public_ip")) {
        if (!parse_ip(val, &w->public_ip)) return snprintf(why, n, "'%s' is not an address", val);
    } else if (!strncmp(key, "public_ip@", 10)) {
        if (!wa_kv_time(key + 10, &t))
            return snprintf(why, n, "'%s' is not a time (40m, 90s, 6h)", key + 10);
        if (strcmp(val, "down") && !parse_ip(val, &ip))
            return snprintf(why, n, "'%s' is not an address or 'down'", val);
        if (w->nchange && w->change[w->nchange - 1].at_ms > t)
            return snprintf(why, n, "changes must be given in time order");
        if (w->nchange == NET_NCHANGE) return snprintf(why, n, "more than %d changes", NET_NCHANGE);
        w->change[w->nchange].at_ms = t;
        w->change[w->nchange++].ip = strcmp(val, "down") ? ip : 0;
    } else if (!strcmp(key, "lan")) {
        unsigned bits;
        char a[20];
        int used = 0;
        if (sscanf(val, "%19[0-9.]/%2u%n", a, &bits, &used) != 2 || val[used] ||
            !parse_ip(a, &w->lan_ip) || bits < 8 || bits > 30)
            return snprintf(why, n, "'%s' is not A.B.C.D/N", val);
        w->lan_mask = ~0u << (32 - bits);
    } else if (!strcmp(key, "dns")) {
        w->dns_mode = NET_DNS_ANSWER;
        w->dns_ip = 0;
        if (!strcmp(val, "silent"))
            w->dns_mode = NET_DNS_SILENT;
        else if (strcmp(val, "any") && !parse_ip(val, &w->dns_ip))
            return snprintf(why, n, "'%s' is not any, silent or an address", val);
    } else if (!strncmp(key, "dns.", 4)) {
        if (strlen(key + 4) >= sizeof w->rec[0].name || !key[4])
            return snprintf(why, n, "the name is empty or too long");
        if (w->nrec == NET_NREC) return snprintf(why, n, "more than %d names", NET_NREC);
        if (!strcmp(val, "nxdomain"))
            add_rec(w, key + 4, NET_DNS_NXDOMAIN, 0);
        else if (!strcmp(val, "silent"))
            add_rec(w, key + 4, NET_DNS_SILENT, 0);
        else if (parse_ip(val, &ip))
            add_rec(w, key + 4, NET_DNS_ANSWER, ip);
        else
            return snprintf(why, n, "'%s' is not an address, nxdomain or silent", val);
    } else if (!strncmp(key, "peer.", 5)) {
        char a[20];
        unsigned port, local;
        int used = 0;
        if (sscanf(key + 5, "%19[0-9.]:%5u%n", a, &port, &used) != 2 || key[5 + used] ||
            !parse_ip(a, &ip) || !port || port > 65535)
            return snprintf(why, n, "'%s' is not peer.A.B.C.D:PORT", key);
        if (w->npeer == NET_NPEER) return snprintf(why, n, "more than %d peers", NET_NPEER);
        if (sscanf(val, "local:%5u%n", &local, &used) == 1 && !val[used] && local &&
            local <= 65535) {
            add_peer(w, ip, (uint16_t)port, NET_LOCAL, (uint16_t)local);
            return 0;
        }
        for (size_t i = 0; i < sizeof peer_kinds / sizeof peer_kinds[0]; i++)
            if (!strcmp(val, peer_kinds[i].name)) {
                add_peer(w, ip, (uint16_t)port, peer_kinds[i].kind, 0);
                return 0;
            }
        return snprintf(why, n, "'%s' is not noip, refused, silent or local:PORT", val);
    } else if (!strcmp(key, "clock")) {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        const char *end = strptime(val, "%Y-%m-%d %H:%M:%S", &tm);
        if (!end || *end) return snprintf(why, n, "'%s' is not YYYY-MM-DD HH:MM:SS", val);
        w->epoch_s = (int64_t)timegm(&tm);
    } else if (!strcmp(key, "duration")) {
        if (!wa_kv_time(val, &w->duration_ms) || !w->duration_ms)
            return snprintf(why, n, "'%s' is not a time (40m, 90s, 6h)", val);
    } else if (!strcmp(key, "kernel.stale")) {
        char *end;
        unsigned long v = strtoul(val, &end, 0);
        if (end == val || *end || v > 0xffffffffu)
            return snprintf(why, n, "'%s' is not a number", val);
        w->stale_seed = (uint32_t)v;
    } else if (!strcmp(key, "noip.code")) {
        char *end;
        long c = strtol(val, &end, 10);
        if (end == val || *end || c < 0 || c > 99)
            return snprintf(why, n, "'%s' is not an answer code (0-99)", val);
        snprintf(w->noip_code, sizeof w->noip_code, "%ld", c);
    } else if (!strcmp(key, "noip.user") && strlen(val) < sizeof w->noip_user) {
        strcpy(w->noip_user, val);
    } else if (!strcmp(key, "noip.password") && strlen(val) < sizeof w->noip_pass) {
        strcpy(w->noip_pass, val);
    } else if (!strcmp(key, "noip.hosts") && strlen(val) < sizeof w->noip_hosts) {
        strcpy(w->noip_hosts, val);
    } else {
        return snprintf(why, n, "unknown key '%s' or value too long", key);
    }
    return 0;
}

int net_world_parse(net_world *w, const char *text, size_t len, wa_err *e)
{
    net_world_default(w);
    wa_kv kv;
    wa_kv_init(&kv, text, len);
    char *key, *val;
    int rc;
    while ((rc = wa_kv_next(&kv, &key, &val, e)) > 0) {
        char why[200];
        if (set(w, key, val, why, sizeof why))
            return wa_fail(e, WA_E_FORMAT, kv.start, "line %u: %s", kv.line, why);
    }
    return rc < 0 ? (e ? e->code : WA_E_FORMAT) : WA_OK;
}

uint32_t net_public_ip(const net_world *w, uint64_t t_ms)
{
    uint32_t ip = w->public_ip;
    for (int i = 0; i < w->nchange && w->change[i].at_ms <= t_ms; i++)
        ip = w->change[i].ip;
    return ip;
}

int net_route(const net_world *w, uint32_t ip, uint16_t port, int udp, uint64_t t_ms,
              uint16_t *local_port)
{
    uint32_t pub = net_public_ip(w, t_ms);
    if (ip >> 24 == 127 || ip == 0 || ip == w->lan_ip || (pub && ip == pub)) return NET_LOOP;
    if ((ip & w->lan_mask) == (w->lan_ip & w->lan_mask)) return NET_UNREACH; /* nobody there */
    if (!pub) return NET_UNREACH; /* the WAN link is down */
    if (udp && port == 53 && (!w->dns_ip || ip == w->dns_ip)) return NET_DNS;
    for (int i = 0; i < w->npeer; i++)
        if (w->peer[i].ip == ip && w->peer[i].port == port) {
            if (local_port) *local_port = w->peer[i].local_port;
            return udp && w->peer[i].kind == NET_NOIP ? NET_SILENT : w->peer[i].kind;
        }
    return NET_UNREACH;
}

int net_ifaces(const net_world *w, uint64_t t_ms, net_iface out[4])
{
    enum {
        UP = 0x1,
        BROADCAST = 0x2,
        LOOPBACK = 0x8,
        POINTOPOINT = 0x10,
        RUNNING = 0x40,
        NOARP = 0x80,
        MULTICAST = 0x1000
    };
    int n = 0;
    out[n++] = (net_iface){"lo", IP(127, 0, 0, 1), IP(255, 0, 0, 0), UP | LOOPBACK | RUNNING};
    out[n++] = (net_iface){"br0", w->lan_ip, w->lan_mask, UP | BROADCAST | RUNNING | MULTICAST};
    uint32_t pub = net_public_ip(w, t_ms);
    if (pub)
        out[n++] = (net_iface){"ppp0", pub, ~0u, UP | POINTOPOINT | RUNNING | NOARP | MULTICAST};
    return n;
}
