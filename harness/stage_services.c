/* stage_services.c: stage 6, what the services the boot started did in the world outside the
 * box (emu/net; verify --world, or the default world). Today's one service is the no-ip client:
 * an image whose boot starts noip2 must keep the box's name pointing at its public address, so
 * noip2 must still run when the boot settled and its update must have reached
 * dynupdate.no-ip.com with the host and the address ip1 gave it, and been answered as done.
 * Otherwise DEGRADED, with what happened on the way (no name lookup, no connection, the
 * server's answer) and the client's own words (its syslog lines and what it wrote to stderr). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stage.h"

#define UPDATE "http: GET dynupdate.no-ip.com/ducupdate.php "

/* Is the program of this exec or start event noip2? */
static int is_noip2(const char *text)
{
    size_t n = strcspn(text, " ");
    return n >= 5 && !strncmp(text + n - 5, "noip2", 5) && (n == 5 || text[n - 6] == '/');
}

/* What noip2's answer codes mean (noip2.c, handle_dynup_error). */
static const char *code_meaning(int code)
{
    switch (code) {
    case 0:
    case 12: return "already set";
    case 1:
    case 11: return "updated";
    case 2: return "no such host";
    case 3: return "bad password";
    case 4: return "no such user";
    case 6: return "account banned";
    case 7: return "a private address";
    case 8: return "host disabled";
    case 9: return "a web redirect";
    case 10: return "no such group";
    case 99: return "client disabled";
    }
    return "an unknown answer";
}

int stage_services(wa_run *run, wa_report *r)
{
    /* what the boot did: the userland stage's timeline in the report */
    if (!r->procs || !run->world) return WA_STAGE_NA;
    /* the noip2 processes: those that ran it, and their forks (the daemon); a fork comes
     * after its parent */
    int32_t pids[32];
    int np = 0;
    const wa_tl_proc *first = NULL;
    for (size_t i = 0; i < r->nprocs && np < 32; i++) {
        const wa_tl_proc *p = &r->procs[i];
        int forked = 0;
        for (int k = 0; k < np; k++)
            forked |= pids[k] == p->ppid;
        if (is_noip2(p->argv) || forked) {
            pids[np++] = p->pid;
            if (!first) first = p;
        }
    }
    if (!np && strstr(run->board->services, "noip2")) {
        wa_add(r, "services", WA_DEGRADED, "service-not-started", NULL,
               "start it from rcS as the box's owner does: /usr/sbin/noip2 -M -c "
               "/var/noip/noip.conf",
               "the board %s says noip2 must run, but the boot never started it", run->board->name);
        return WA_STAGE_GO;
    }
    if (!np) return WA_STAGE_NA; /* no service the stage knows was started */
    /* running at the end, or how it ended */
    int running = 0, status = -1, sig = 0;
    for (size_t i = 0; i < r->nprocs; i++)
        for (int k = 0; k < np; k++) {
            const wa_tl_proc *p = &r->procs[i];
            if (p->pid != pids[k]) continue;
            if (!p->end)
                running = 1;
            else if (p->end == 1)
                status = p->status;
            else
                sig = p->status;
        }
    /* its syslog lines, and what it did on the network */
    char logs[1024] = "", first_err[256] = "", ok_line[256] = "", dns[200] = "", conn[200] = "",
         quirk[200] = "";
    const char *upd = NULL, *ip1 = NULL;
    int nupd = 0, ndns = 0, nconn = 0;
    size_t ln = 0;
    for (size_t i = 0; i < r->nevents; i++) {
        const wa_tl_event *ev = &r->events[i];
        int ours = 0;
        for (int k = 0; k < np; k++)
            ours |= pids[k] == ev->pid;
        if (!ours) continue;
        int syslog = !strcmp(ev->kind, "syslog"), err = !strcmp(ev->kind, "stderr");
        if (syslog || err) {
            const char *msg = syslog ? strstr(ev->text, "]: ") : NULL;
            msg = msg ? msg + 3 : ev->text;
            if (ln < sizeof logs && !strstr(logs, msg)) /* each line once */
                ln += (size_t)snprintf(logs + ln, sizeof logs - ln, "%s%s", ln ? " | " : "", msg);
            if ((err || (ev->value & 7) <= 3) && !first_err[0])
                snprintf(first_err, sizeof first_err, "%s", msg);
            if (strstr(msg, " set to ")) snprintf(ok_line, sizeof ok_line, "%s", msg);
        } else if (!strcmp(ev->kind, "quirk") && strstr(ev->text, "shmctl")) {
            snprintf(quirk, sizeof quirk, "%s", ev->text);
        } else if (!strcmp(ev->kind, "net")) {
            if (!strncmp(ev->text, UPDATE, strlen(UPDATE))) upd = ev->text, nupd++;
            if (strstr(ev->text, "http: GET ip1.dynupdate.no-ip.com/")) ip1 = ev->text;
            if (strstr(ev->text, "dns: ") &&
                (strstr(ev->text, "NXDOMAIN") || strstr(ev->text, "no answer")))
                snprintf(dns, sizeof dns, "%s", ev->text), ndns++;
            if (!strncmp(ev->text, "connect ", 8) && strstr(ev->text, "): "))
                snprintf(conn, sizeof conn, "%s", ev->text), nconn++;
        }
    }
    char where[48];
    snprintf(where, sizeof where, "%s (pid %d)", "noip2", first->pid);
    if (upd) {
        /* "... user=U hosts=H ip=I -> H:CODE ..." */
        char hosts[256] = "", ip[32] = "";
        const char *h = strstr(upd, " hosts="), *a = strstr(upd, " ip="), *ans = strstr(upd, "-> ");
        if (h) sscanf(h + 7, "%255s", hosts);
        if (a) sscanf(a + 4, "%31s", ip);
        const char *colon = ans ? strrchr(ans, ':') : NULL;
        int code = colon ? atoi(colon + 1) : -1;
        const char *pub = ip1 ? strstr(ip1, "-> ") : NULL;
        char public_ip[32] = "";
        if (pub) sscanf(pub + 3, "%31s", public_ip);
        if (code != 0 && code != 1 && code != 11 && code != 12) {
            wa_add(r, "services", WA_DEGRADED, "noip2-update-refused", logs[0] ? logs : upd,
                   code == 3 || code == 4 ? "make the config again with noip2 -C and the "
                                            "account's user name and password"
                                          : NULL,
                   "no-ip answered noip2's update of %s with %d (%s)%s%s", hosts, code,
                   code_meaning(code), first_err[0] ? ": " : "", first_err);
            return WA_STAGE_GO;
        }
        if (public_ip[0] && strcmp(ip, public_ip)) {
            wa_add(r, "services", WA_DEGRADED, "noip2-wrong-address", upd, NULL,
                   "noip2 set %s to %s, but the box's public address is %s", hosts, ip, public_ip);
            return WA_STAGE_GO;
        }
        if (!running) {
            wa_add(r, "services", WA_DEGRADED, "noip2-not-running", logs[0] ? logs : upd,
                   "run it as a daemon (without -i): it must stay to follow address changes",
                   "noip2 updated %s once and then ended (%s %d): the next address change is "
                   "not followed",
                   hosts, sig ? "signal" : "status", sig ? sig : status);
            return WA_STAGE_GO;
        }
        wa_add(r, "services", WA_INFO, "noip2-updated", ok_line[0] ? ok_line : upd, NULL,
               "%s runs and updated %s to %s (answer %d: %s); %d update%s in the %llu minutes "
               "the box ran",
               where, hosts, ip, code, code_meaning(code), nupd, nupd == 1 ? "" : "s",
               (unsigned long long)(run->world->duration_ms / 60000));
        return WA_STAGE_GO;
    }
    unsigned long long mins = run->world->duration_ms / 60000;
    /* its instance check read shm_nattch from where the board's kernel left stale bytes */
    const char *att = strstr(quirk, "at 60 reads ");
    unsigned long nattch = att ? strtoul(att + 12, NULL, 10) : 0;
    if (quirk[0] && !running && (strstr(logs, "already active") || strstr(logs, "Too many")))
        wa_add(r, "services", WA_DEGRADED, "noip2-shmctl-mismatch", quirk,
               "build noip2 against a C library whose shmctl and struct shmid_ds agree (uClibc "
               ">= 0.9.21 or glibc), or make its instance check ignore shm_nattch",
               "noip2 refused to start (\"%.60s\"): shmctl old call, new struct: its libc asks "
               "without IPC_64 but reads shm_nattch at 60; the 2.4 kernel wrote the old struct "
               "(nattch at 52) and left 60-63 stale: shm_nattch = %lu",
               first_err, nattch);
    else if (dns[0])
        wa_add(r, "services", WA_DEGRADED, "noip2-dns-failed", logs[0] ? logs : dns,
               "check the image's /etc/resolv.conf and the DNS server it names",
               "noip2 never reached no-ip: the name lookup failed %d times in %llu minutes "
               "(%s)%s%s",
               ndns, mins, dns, first_err[0] ? ": " : "", first_err);
    else if (conn[0])
        wa_add(r, "services", WA_DEGRADED, "noip2-connect-failed", logs[0] ? logs : conn, NULL,
               "noip2 never reached no-ip: %d connections failed in %llu minutes (%s)%s%s", nconn,
               mins, conn, first_err[0] ? "; it logged: " : "", first_err);
    else if (!running)
        wa_add(r, "services", WA_DEGRADED, "noip2-not-running", logs[0] ? logs : first->argv,
               "run `noip2 -C` to make its configuration, and check the path its -c names",
               "noip2 ended (%s %d) without sending an update%s%s", sig ? "signal" : "status",
               sig ? sig : status, first_err[0] ? ": " : "", first_err);
    else
        wa_add(r, "services", WA_DEGRADED, "noip2-no-update", logs[0] ? logs : first->argv, NULL,
               "%s runs but sent no update to no-ip", where);
    return WA_STAGE_GO;
}
