/* noip.c: the no-ip.com servers as noip2 2.1.9 talks to them (net.h). Every request goes to
 * dynupdate.no-ip.com:8245 as a proxy-style `GET http://HOST/PATH?requestL=BASE64 HTTP/1.0`;
 * the host in the URL says which server it is for. The request is base64 (libresolv's
 * b64_pton) of `username=U&pass=P&h[]=HOST...&ip=A.B.C.D`, each value URL-encoded. */
#include <ctype.h>
#include <resolv.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "net.h"

/* The value of field key in a decoded request ("a=1&b=2"), URL-decoded, the i-th one. */
static int field(const char *req, const char *key, int i, char *out, size_t cap)
{
    size_t kl = strlen(key);
    for (const char *p = req; p && *p; p = strchr(p, '&'), p = p ? p + 1 : NULL) {
        if (strncmp(p, key, kl) || p[kl] != '=' || i-- > 0) continue;
        size_t n = 0;
        for (p += kl + 1; *p && *p != '&' && n + 1 < cap; p++) {
            unsigned v;
            if (*p == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2]) &&
                sscanf(p + 1, "%2x", &v) == 1)
                out[n++] = (char)v, p += 2;
            else
                out[n++] = *p;
        }
        out[n] = 0;
        return 1;
    }
    *out = 0;
    return 0;
}

static int in_list(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; *p; p += strcspn(p, ","), p += *p == ',') {
        while (*p == ' ')
            p++;
        if (!strncasecmp(p, name, n) && (p[n] == ',' || p[n] == 0 || p[n] == ' ')) return 1;
    }
    return 0;
}

/* A URL-safe print of s (the log must not carry the guest's control bytes). */
static const char *clean(const char *s, char *buf, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 1 < cap; s++)
        buf[n++] = isprint((unsigned char)*s) ? *s : '?';
    buf[n] = 0;
    return buf;
}

static size_t reply(char *out, size_t cap, int http10, const char *status, const char *body)
{
    int k = http10 ? snprintf(out, cap, "HTTP/1.0 %s\r\nContent-Type: text/plain\r\n\r\n%s", status,
                              body)
                   : snprintf(out, cap, "%s", body);
    return k < 0 ? 0 : (size_t)k < cap ? (size_t)k : cap - 1;
}

static size_t answer(const net_world *w, uint64_t t_ms, const char *req, size_t n, char *out,
                     size_t cap, char *log, size_t logcap)
{
    /* the guest's bytes as one string: they hold no NUL of their own, or end at it */
    char copy[8193];
    if (n > sizeof copy - 1) n = sizeof copy - 1;
    memcpy(copy, req, n);
    copy[n] = 0;
    req = copy;
    n = strlen(copy);
    char line[2048], host[128] = "", path[1024] = "", query[1536] = "", ipb[16], c1[200], c2[200];
    const char *end = NULL;
    for (size_t i = 0; i + 1 < n && !end; i++)
        if (req[i] == '\n' &&
            (req[i + 1] == '\n' || (req[i + 1] == '\r' && i + 2 < n && req[i + 2] == '\n')))
            end = req + i;
    if (!end && n < 8192) return 0;
    size_t ll = strcspn(req, "\r\n");
    if (ll > n) ll = n;
    if (ll >= sizeof line) ll = sizeof line - 1;
    memcpy(line, req, ll);
    line[ll] = 0;
    char method[16], url[1800], version[16] = "";
    int k = sscanf(line, "%15s %1799s %15s", method, url, version);
    int http10 = k == 3;
    if (k < 2) {
        snprintf(log, logcap, "http: a request it cannot read: '%.60s'",
                 clean(line, c1, sizeof c1));
        return reply(out, cap, 1, "400 Bad Request", "");
    }
    const char *u = url;
    if (!strncasecmp(u, "http://", 7)) {
        u += 7;
        size_t hl = strcspn(u, "/");
        snprintf(host, sizeof host, "%.*s", (int)(hl < sizeof host ? hl : sizeof host - 1), u);
        u += hl;
    } else {
        const char *h = strcasestr(req, "\nHost:");
        if (h && h < req + n) sscanf(h + 6, " %127[^\r\n:]", host);
    }
    size_t pl = strcspn(u, "?");
    snprintf(path, sizeof path, "%.*s", (int)(pl < sizeof path ? pl : sizeof path - 1),
             *u ? u : "/");
    if (u[pl] == '?') snprintf(query, sizeof query, "%s", u + pl + 1);
    /* the request: base64 after requestL= */
    char dec[1200] = "";
    const char *b64 = strstr(query, "requestL=");
    if (b64) {
        int d = b64_pton(b64 + 9, (unsigned char *)dec, sizeof dec - 1);
        dec[d > 0 ? d : 0] = 0;
    }
    char user[128], ip[64], h[128], body[2048] = "";
    field(dec, "username", 0, user, sizeof user);
    field(dec, "ip", 0, ip, sizeof ip);
    char c0[32];
    int lk = snprintf(log, logcap, "http: %s %s%s", clean(method, c0, sizeof c0),
                      clean(host, c1, sizeof c1), clean(path, c2, sizeof c2));
    if (lk < 0 || (size_t)lk >= logcap) lk = (int)logcap - 1;
    if (!strcasecmp(host, "ip1.dynupdate.no-ip.com")) {
        net_ntoa(net_public_ip(w, t_ms), ipb);
        snprintf(log + lk, logcap - (size_t)lk, " -> %s", ipb);
        return reply(out, cap, http10, "200 OK", ipb);
    }
    if (!strcmp(path, "/ducupdate.php")) {
        char pass[128], hosts[300] = "";
        field(dec, "pass", 0, pass, sizeof pass);
        for (int g = 0; g < 2; g++)
            for (int i = 0; field(dec, g ? "g[]" : "h[]", i, h, sizeof h); i++) {
                const char *code = w->noip_user[0] && strcmp(user, w->noip_user)   ? "4"
                                   : w->noip_pass[0] && strcmp(pass, w->noip_pass) ? "3"
                                   : !g && w->noip_hosts[0] && !in_list(w->noip_hosts, h)
                                       ? "2"
                                       : w->noip_code;
                size_t bl = strlen(body);
                snprintf(body + bl, sizeof body - bl, "%s:%s\n", h, code);
                bl = strlen(hosts);
                snprintf(hosts + bl, sizeof hosts - bl, "%s%s", bl ? "," : "", h);
            }
        snprintf(log + lk, logcap - (size_t)lk, " user=%s hosts=%s ip=%s -> %s",
                 clean(user, c1, sizeof c1), clean(hosts, c2, sizeof c2), ip,
                 body[0] ? body : "(no hosts)");
        return reply(out, cap, http10, "200 OK", body);
    }
    if (!strcmp(path, "/settings.php")) {
        char pass[128];
        field(dec, "pass", 0, pass, sizeof pass);
        int bad = (w->noip_user[0] && strcmp(user, w->noip_user)) ||
                  (w->noip_pass[0] && strcmp(pass, w->noip_pass));
        int nh = 0;
        if (bad) {
            snprintf(body, sizeof body, "Bad Password\n");
        } else {
            /* one <domain> line, then its <host> lines, per host given as name.domain */
            for (const char *p = w->noip_hosts; *p; p += strcspn(p, ","), p += *p == ',') {
                size_t hl = strcspn(p, ",");
                snprintf(h, sizeof h, "%.*s", (int)(hl < sizeof h ? hl : sizeof h - 1), p);
                char *dot = strchr(h, '.');
                if (!dot) continue;
                *dot = 0;
                size_t bl = strlen(body);
                snprintf(body + bl, sizeof body - bl,
                         "<domain name=\"%s\">\n<host name=\"%s\" group=\"\">\n", dot + 1, h);
                nh++;
            }
            if (!nh) snprintf(body, sizeof body, "No Hosts\n");
        }
        snprintf(log + lk, logcap - (size_t)lk, " user=%s -> %s", clean(user, c1, sizeof c1),
                 bad  ? "bad password"
                 : nh ? "the account's hosts"
                      : "no hosts");
        return reply(out, cap, http10, "200 OK", body);
    }
    snprintf(log + lk, logcap - (size_t)lk, " -> 404");
    return reply(out, cap, http10, "404 Not Found", "");
}

size_t net_http_answer(const net_world *w, uint64_t t_ms, const char *req, size_t n, char *out,
                       size_t cap, char *log, size_t logcap)
{
    *log = 0;
    size_t k = answer(w, t_ms, req, n, out, cap, log, logcap);
    /* one printable line: the answer's newlines become spaces, the guest's bytes '?' */
    size_t l = strlen(log);
    while (l && log[l - 1] == '\n')
        log[--l] = 0;
    for (char *s = log; *s; s++)
        if (!isprint((unsigned char)*s)) *s = *s == '\n' ? ' ' : '?';
    return k;
}
