/* test_net.c: the scripted world. DNS queries are made with libresolv's res_mkquery and the
 * answers read back with its ns_initparse/ns_parserr; the no-ip requests are made as noip2
 * 2.1.9 makes them (base64 with b64_ntop of username=&pass=&h[]=&ip=). */
#include <arpa/nameser.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <resolv.h>
#include <string.h>

#include "net.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static net_world parse(const char *text)
{
    net_world w;
    wa_err e = {0};
    int rc = net_world_parse(&w, text, strlen(text), &e);
    cr_assert_eq(rc, WA_OK, "%s", e.msg);
    return w;
}

static void parse_fails(const char *text, const char *words, uint64_t offset)
{
    net_world w;
    wa_err e = {0};
    cr_assert_neq(net_world_parse(&w, text, strlen(text), &e), WA_OK, "%s was accepted", text);
    cr_expect(strstr(e.msg, words), "'%s': %s", text, e.msg);
    cr_expect_eq(e.offset, offset, "'%s': offset %llu", text, (unsigned long long)e.offset);
}

Test(net, world_file_keys)
{
    net_world w = parse("# a scenario\npublic_ip = 198.51.100.4\npublic_ip@40m = 198.51.100.9\n"
                        "public_ip@2h = down\nlan = 10.0.0.1/8\ndns.example.org = 192.0.2.99\n"
                        "dns.gone.example = nxdomain\npeer.192.0.2.77:25 = refused\n"
                        "noip.code = 3\nnoip.hosts = a.no-ip.org, b.no-ip.org\n");
    cr_expect_eq(net_public_ip(&w, 0), IP(198, 51, 100, 4));
    cr_expect_eq(net_public_ip(&w, 40 * 60000 - 1), IP(198, 51, 100, 4));
    cr_expect_eq(net_public_ip(&w, 40 * 60000), IP(198, 51, 100, 9));
    cr_expect_eq(net_public_ip(&w, 2 * 3600000), 0, "the link is down");
    cr_expect_eq(w.lan_mask, 0xff000000u);
    cr_expect_str_eq(w.noip_code, "3");
    cr_expect_eq(net_route(&w, IP(192, 0, 2, 77), 25, 0, 0, NULL), NET_REFUSED);
    cr_expect_eq(net_route(&w, IP(192, 0, 2, 10), 8245, 0, 0, NULL), NET_NOIP, "default peer");
    cr_expect_eq(net_route(&w, IP(192, 0, 2, 10), 8245, 0, 2 * 3600000, NULL), NET_UNREACH,
                 "nothing beyond a link that is down");
    cr_expect_eq(net_route(&w, IP(8, 8, 8, 8), 53, 1, 0, NULL), NET_DNS);
    cr_expect_eq(net_route(&w, IP(8, 8, 8, 8), 80, 0, 0, NULL), NET_UNREACH);
    cr_expect_eq(net_route(&w, IP(127, 0, 0, 1), 53, 1, 0, NULL), NET_LOOP);
    cr_expect_eq(net_route(&w, IP(198, 51, 100, 4), 80, 0, 0, NULL), NET_LOOP, "its own address");
    cr_expect_eq(net_route(&w, IP(10, 0, 0, 2), 80, 0, 0, NULL), NET_UNREACH, "nobody on the LAN");
    net_iface ifs[4];
    cr_expect_eq(net_ifaces(&w, 0, ifs), 3);
    cr_expect_str_eq(ifs[2].name, "ppp0");
    cr_expect_eq(ifs[2].ip, IP(198, 51, 100, 4));
    cr_expect_eq(net_ifaces(&w, 3 * 3600000, ifs), 2, "ppp0 is gone while the link is down");
    uint16_t lp = 0;
    w = parse("peer.192.0.2.5:8245 = local:18245\n");
    cr_expect_eq(net_route(&w, IP(192, 0, 2, 5), 8245, 0, 0, &lp), NET_LOCAL);
    cr_expect_eq(lp, 18245);
}

Test(net, world_file_errors_name_the_line)
{
    parse_fails("public_ip = 1.2.3\n", "line 1: '1.2.3' is not an address", 0);
    parse_fails("# x\nlan = 10.0.0.1\n", "line 2: '10.0.0.1' is not A.B.C.D/N", 4);
    parse_fails("public_ip@40x = 1.2.3.4\n", "is not a time", 0);
    parse_fails("public_ip@2h = 1.2.3.4\npublic_ip@1h = 1.2.3.5\n", "line 2: changes must be", 23);
    parse_fails("peer.1.2.3.4 = refused\n", "is not peer.A.B.C.D:PORT", 0);
    parse_fails("peer.1.2.3.4:80 = maybe\n", "'maybe' is not noip, refused", 0);
    parse_fails("noip.code = x\n", "'x' is not an answer code", 0);
    parse_fails("nooip.code = 1\n", "line 1: unknown key 'nooip.code'", 0);
    parse_fails("public_ip\n", "line 1: expected key = value", 0);
}

/* Ask name (type A unless told) and read the answer with libresolv. */
static int ask(const net_world *w, const char *name, int type, ns_msg *m, uint8_t *ans, char *log)
{
    uint8_t q[512];
    int n = res_mkquery(ns_o_query, name, ns_c_in, type, NULL, 0, NULL, q, sizeof q);
    cr_assert_gt(n, 0);
    size_t k = net_dns_answer(w, q, (size_t)n, ans, 512, log, 200);
    if (!k) return 0;
    cr_assert_eq(ns_initparse(ans, (int)k, m), 0, "libresolv cannot read the answer");
    cr_expect_eq(ns_msg_id(*m), (q[0] << 8 | q[1]), "the query's id");
    cr_expect_eq(ns_msg_getflag(*m, ns_f_qr), 1);
    cr_expect_eq(ns_msg_count(*m, ns_s_qd), 1);
    return 1;
}

Test(net, dns_answers_records_nxdomain_and_silence)
{
    net_world w = parse("dns.gone.example = nxdomain\ndns.quiet.example = silent\n");
    ns_msg m;
    uint8_t ans[512];
    char log[200];
    cr_assert(ask(&w, "DynUpdate.No-IP.com", ns_t_a, &m, ans, log));
    cr_expect_eq(ns_msg_getflag(m, ns_f_rcode), ns_r_noerror);
    cr_assert_eq(ns_msg_count(m, ns_s_an), 1);
    ns_rr rr;
    cr_assert_eq(ns_parserr(&m, ns_s_an, 0, &rr), 0);
    cr_expect_eq(ns_rr_type(rr), ns_t_a);
    cr_expect_eq(ns_rr_rdlen(rr), 4);
    cr_expect_eq(memcmp(ns_rr_rdata(rr), (uint8_t[]){192, 0, 2, 10}, 4), 0);
    cr_expect_str_eq(ns_rr_name(rr), "DynUpdate.No-IP.com");
    cr_expect(strstr(log, "A 192.0.2.10"), "%s", log);
    cr_assert(ask(&w, "gone.example", ns_t_a, &m, ans, log));
    cr_expect_eq(ns_msg_getflag(m, ns_f_rcode), ns_r_nxdomain);
    cr_assert(ask(&w, "unknown.example", ns_t_a, &m, ans, log));
    cr_expect_eq(ns_msg_getflag(m, ns_f_rcode), ns_r_nxdomain, "a name not in the world");
    cr_assert(ask(&w, "www.no-ip.com", ns_t_aaaa, &m, ans, log));
    cr_expect_eq(ns_msg_getflag(m, ns_f_rcode), ns_r_noerror);
    cr_expect_eq(ns_msg_count(m, ns_s_an), 0, "no AAAA record");
    cr_expect_eq(ask(&w, "quiet.example", ns_t_a, &m, ans, log), 0, "a silent name");
    w = parse("dns = silent\n");
    cr_expect_eq(ask(&w, "www.no-ip.com", ns_t_a, &m, ans, log), 0, "a silent server");
    cr_expect_eq(net_dns_answer(&w, (const uint8_t *)"\0\1", 2, ans, 512, log, 200), 0);
}

/* noip2's update request for user/pass, hosts and ip, as dynamic_update() writes it. */
static size_t update(const net_world *w, uint64_t t, const char *plain, char *out, char *log)
{
    char b64[1024], req[1400];
    cr_assert_gt(b64_ntop((const unsigned char *)plain, strlen(plain), b64, sizeof b64), 0);
    snprintf(req, sizeof req,
             "GET http://dynupdate.no-ip.com/ducupdate.php?requestL=%s HTTP/1.0\r\n"
             "User-Agent: Linux-DUC/2.1.9\r\n\r\n",
             b64);
    cr_expect_eq(net_http_answer(w, t, req, strlen(req) - 2, out, 2048, log, 200), 0,
                 "incomplete without its blank line");
    return net_http_answer(w, t, req, strlen(req), out, 2048, log, 200);
}

Test(net, noip_update_answers_each_host_and_logs_without_the_password)
{
    net_world w = parse("noip.user = owner@example.com\nnoip.password = s3cret\n"
                        "noip.hosts = box.no-ip.org\n");
    char out[2048], log[200];
    cr_assert_gt(update(&w, 0,
                        "username=owner%40example.com&pass=s3cret&h[]=box.no-ip.org&ip=203.0.113.7",
                        out, log),
                 0);
    cr_expect(strstr(out, "HTTP/1.0 200 OK\r\n"), "%s", out);
    cr_expect(strstr(out, "\r\n\r\nbox.no-ip.org:1\n"), "%s", out);
    cr_expect(strstr(log, "user=owner@example.com hosts=box.no-ip.org ip=203.0.113.7 -> "
                          "box.no-ip.org:1"),
              "%s", log);
    cr_expect(!strstr(log, "s3cret"), "the password is in the log: %s", log);
    update(&w, 0, "username=owner%40example.com&pass=wrong&h[]=box.no-ip.org&ip=1.2.3.4", out, log);
    cr_expect(strstr(out, "box.no-ip.org:3\n"), "a wrong password: %s", out);
    update(&w, 0, "username=other&pass=s3cret&h[]=box.no-ip.org&ip=1.2.3.4", out, log);
    cr_expect(strstr(out, "box.no-ip.org:4\n"), "another user: %s", out);
    update(&w, 0, "username=owner%40example.com&pass=s3cret&h[]=nothere.no-ip.org&ip=1.2.3.4", out,
           log);
    cr_expect(strstr(out, "nothere.no-ip.org:2\n"), "a host not the account's: %s", out);
    w = parse("noip.code = 0\n");
    update(&w, 0, "username=u&pass=p&h[]=x.no-ip.org&h[]=y.no-ip.org&ip=1.2.3.4", out, log);
    cr_expect(strstr(out, "x.no-ip.org:0\ny.no-ip.org:0\n"), "%s", out);
}

Test(net, ip1_answers_the_public_address_of_the_moment)
{
    net_world w = parse("public_ip@40m = 198.51.100.9\n");
    const char *req = "GET http://ip1.dynupdate.no-ip.com/ HTTP/1.0\r\nUser-Agent: x\r\n\r\n";
    char out[2048], log[200];
    size_t n = net_http_answer(&w, 0, req, strlen(req), out, sizeof out, log, sizeof log);
    cr_assert_gt(n, 0);
    cr_expect(n > 11 && !strcmp(out + n - 11, "203.0.113.7"), "%s", out);
    net_http_answer(&w, 41 * 60000, req, strlen(req), out, sizeof out, log, sizeof log);
    cr_expect(strstr(out, "\r\n\r\n198.51.100.9"), "%s", out);
    /* noip2 -C asks without a version (HTTP/0.9): the body alone */
    req = "GET http://ip1.dynupdate.no-ip.com/\r\n\r\n";
    n = net_http_answer(&w, 0, req, strlen(req), out, sizeof out, log, sizeof log);
    cr_expect_str_eq(out, "203.0.113.7");
}

Test(net, settings_lists_the_account_hosts)
{
    net_world w = parse("noip.user = u\nnoip.password = p\nnoip.hosts = box.no-ip.org\n");
    char b64[200], req[400], out[2048], log[200];
    b64_ntop((const unsigned char *)"username=u&pass=p", 17, b64, sizeof b64);
    snprintf(req, sizeof req, "GET http://www.no-ip.com/settings.php?requestL=%s HTTP/1.0\r\n\r\n",
             b64);
    net_http_answer(&w, 0, req, strlen(req), out, sizeof out, log, sizeof log);
    cr_expect(strstr(out, "<domain name=\"no-ip.org\">\n<host name=\"box\" group=\"\">\n"), "%s",
              out);
    b64_ntop((const unsigned char *)"username=u&pass=x", 17, b64, sizeof b64);
    snprintf(req, sizeof req, "GET http://www.no-ip.com/settings.php?requestL=%s HTTP/1.0\r\n\r\n",
             b64);
    net_http_answer(&w, 0, req, strlen(req), out, sizeof out, log, sizeof log);
    cr_expect(strstr(out, "\r\n\r\nBad Password\n"), "%s", out);
    req[0] = 0;
    const char *junk = "\x01\x02 garbage\r\n\r\n";
    net_http_answer(&w, 0, junk, strlen(junk), out, sizeof out, log, sizeof log);
    cr_expect(strstr(log, "-> 404"), "%s", log);
}
