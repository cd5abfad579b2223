/* fuzz_net.c: what a guest sends to the scripted world (a DNS query, an HTTP request) and a
 * world file, on any bytes: answers stay inside their buffers, logs are printable lines. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"

static void check_log(const char *log)
{
    for (const char *s = log; *s; s++)
        if (!isprint((unsigned char)*s)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    net_world w;
    wa_err e;
    net_world_parse(&w, (const char *)data, size, &e);
    net_world_default(&w);
    uint8_t out[600];
    char log[200], http[4096];
    size_t n = net_dns_answer(&w, data, size, out, sizeof out, log, sizeof log);
    if (n > sizeof out) abort();
    check_log(log);
    n = net_http_answer(&w, 0, (const char *)data, size, http, sizeof http, log, sizeof log);
    if (n >= sizeof http) abort();
    if (n) check_log(log);
    return 0;
}
