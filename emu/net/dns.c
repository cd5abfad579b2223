/* dns.c: the scripted DNS server (net.h). The query is read with libresolv's dn_expand and
 * dn_skipname; the answer is the query's header and question with one A record after it. */
#include <arpa/nameser.h>
#include <resolv.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bytes.h"
#include "net.h"

size_t net_dns_answer(const net_world *w, const uint8_t *q, size_t n, uint8_t *out, size_t cap,
                      char *log, size_t logcap)
{
    char name[NS_MAXDNAME], ipb[16];
    snprintf(log, logcap, "dns: a query it cannot read (%zu bytes)", n);
    if (n < 12 || n > 512 || q[2] & 0x80) return 0;             /* not a query */
    if ((q[2] >> 3 & 15) != 0 || rd_be16(q + 4) != 1) return 0; /* not one standard question */
    int k = dn_skipname(q + 12, q + n);
    if (k < 0 || 12 + (size_t)k + 4 > n || dn_expand(q, q + n, q + 12, name, sizeof name) < 0)
        return 0;
    size_t qend = 12 + (size_t)k + 4;
    uint16_t type = rd_be16(q + 12 + k), cls = rd_be16(q + 12 + k + 2);
    int kind = NET_DNS_NXDOMAIN;
    uint32_t ip = 0;
    for (int i = 0; i < w->nrec; i++)
        if (!strcasecmp(w->rec[i].name, name)) kind = w->rec[i].kind, ip = w->rec[i].ip;
    if (w->dns_mode == NET_DNS_SILENT || kind == NET_DNS_SILENT) {
        snprintf(log, logcap, "dns: %s type %u: no answer", name, type);
        return 0;
    }
    if (qend + 16 > cap) return 0;
    memcpy(out, q, qend);
    int a = kind == NET_DNS_ANSWER && type == ns_t_a && cls == ns_c_in;
    out[2] = (uint8_t)(0x80 | (q[2] & 0x01)); /* QR, RD as asked */
    out[3] = (uint8_t)(0x80 | (kind == NET_DNS_NXDOMAIN ? ns_r_nxdomain : ns_r_noerror)); /* RA */
    wr_be16(out + 6, (uint16_t)a);
    memset(out + 8, 0, 4);
    size_t len = qend;
    if (a) {
        static const uint8_t rr[12] = {0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4};
        memcpy(out + len, rr, sizeof rr);
        wr_be32(out + len + 12, ip);
        len += 16;
    }
    if (kind == NET_DNS_NXDOMAIN)
        snprintf(log, logcap, "dns: %s: NXDOMAIN", name);
    else if (a)
        snprintf(log, logcap, "dns: %s A %s", name, net_ntoa(ip, ipb));
    else
        snprintf(log, logcap, "dns: %s type %u: no such record", name, type);
    return len;
}
