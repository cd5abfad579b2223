/* test_sockets.c: the guests' sockets and clock in a scripted world (wa-emu run --world). The
 * clients are the release-1 busybox's own (wget, ifconfig, logger, on musl's resolver; date,
 * sleep, timeout), so nothing here is noip2's; a real server on the host's 127.0.0.1 stands
 * for a user's own mock. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define ROOTFS WA_FIXTURES "/images/rootfs-user.sqfs"
#define BB "/bin/busybox.r1"

/* Run script under sh in a world (a world file's text, "default", or NULL for none); /var is
 * filled from the image's var.tar first (its /etc/resolv.conf is there). */
static int in_world(const char *world, const char *script, char **out)
{
    char wfile[64] = "", cmd[4096];
    if (world && strcmp(world, "default")) {
        snprintf(wfile, sizeof wfile, "/tmp/wa-world-%d.world", (int)getpid());
        FILE *f = fopen(wfile, "w");
        cr_assert(f);
        fputs(world, f);
        fclose(f);
    }
    snprintf(cmd, sizeof cmd,
             "'%s' run %s%s%s --timeline '%s' -- " BB " sh -c '" BB " tar -xf /etc/var.tar -C / "
             "&& %s' 2>&1",
             WA_BIN, world ? "--world '" : "", world ? (wfile[0] ? wfile : "default") : "",
             world ? "'" : "", ROOTFS, script);
    int rc = run(cmd, out);
    if (wfile[0]) unlink(wfile);
    return rc;
}

Test(sockets, a_name_resolved_and_a_page_fetched_from_the_world)
{
    char *out;
    cr_assert_eq(in_world("default", BB " wget -q -O - http://ip1.dynupdate.no-ip.com/", &out), 0,
                 "%s", out);
    cr_expect(!strncmp(out, "203.0.113.7", 11), "the page is the public address: %s", out);
    cr_expect(
        strstr(out, "net         udp 192.0.2.53:53 dns: ip1.dynupdate.no-ip.com A 192.0.2.10"),
        "%s", out);
    cr_expect(strstr(out, "connect 192.0.2.10:80 (tcp)"), "%s", out);
    cr_expect(strstr(out, "http: GET ip1.dynupdate.no-ip.com/ -> 203.0.113.7"), "%s", out);
    free(out);
    cr_assert_eq(in_world("public_ip = 198.51.100.1\n",
                          BB " wget -q -O - http://ip1.dynupdate.no-ip.com/", &out),
                 0, "%s", out);
    cr_expect(!strncmp(out, "198.51.100.1", 12), "the world's address: %s", out);
    free(out);
}

Test(sockets, the_interfaces_are_the_worlds)
{
    char *out;
    cr_assert_eq(in_world("default", BB " ifconfig", &out), 0, "%s", out);
    cr_expect(strstr(out, "br0 ") && strstr(out, "inet addr:192.168.1.1  Bcast:192.168.1.255  "
                                                 "Mask:255.255.255.0"),
              "%s", out);
    cr_expect(strstr(out, "ppp0 ") && strstr(out, "Link encap:Point-to-Point Protocol") &&
                  strstr(out, "inet addr:203.0.113.7"),
              "%s", out);
    free(out);
    /* /proc/net from the same table: busybox's route reads /proc/net/route */
    cr_assert_eq(in_world("public_ip@1h = down\n",
                          BB " route -n; " BB " sleep 3601; " BB " route -n; " BB
                             " cat /proc/net/dev",
                          &out),
                 0, "%s", out);
    cr_expect(strstr(out, "192.168.1.0     0.0.0.0         255.255.255.0   U     0      0        0 "
                          "br0\n0.0.0.0         0.0.0.0         0.0.0.0         U     0      0   "
                          "     0 ppp0\n"),
              "%s", out);
    const char *after = strstr(out, "Kernel IP routing table");
    after = after ? strstr(after + 1, "Kernel IP routing table") : NULL;
    cr_expect(after && !strstr(after, "ppp0"), "the link went down at 1 h: no ppp0 after it\n%s",
              out);
    free(out);
    /* no world: the box has no link, lo alone */
    cr_assert_eq(in_world(NULL, BB " ifconfig", &out), 0, "%s", out);
    cr_expect(strstr(out, "lo ") && !strstr(out, "br0") && !strstr(out, "ppp0"), "%s", out);
    free(out);
}

Test(sockets, refused_unreachable_and_no_world)
{
    char *out;
    in_world("peer.192.0.2.77:80 = refused\n",
             BB " wget -q -O - http://192.0.2.77/; " BB " wget -q -O - http://8.8.8.8/", &out);
    cr_expect(strstr(out, "wget: can't connect to remote host (192.0.2.77): Connection refused"),
              "%s", out);
    cr_expect(strstr(out, "connect 192.0.2.77:80 (tcp): refused"), "%s", out);
    cr_expect(strstr(out, "wget: can't connect to remote host (8.8.8.8): Network unreachable"),
              "%s", out);
    cr_expect(strstr(out, "connect 8.8.8.8:80 (tcp): unreachable"), "%s", out);
    free(out);
    cr_expect_neq(in_world(NULL, BB " wget -q -O - http://ip1.dynupdate.no-ip.com/", &out), 0);
    cr_expect(strstr(out, "bad address 'ip1.dynupdate.no-ip.com'"), "no world, no DNS: %s", out);
    free(out);
    in_world("dns.ip1.dynupdate.no-ip.com = nxdomain\n",
             BB " wget -q -O - http://ip1.dynupdate.no-ip.com/", &out);
    cr_expect(strstr(out, "bad address 'ip1.dynupdate.no-ip.com'"), "%s", out);
    cr_expect(strstr(out, "dns: ip1.dynupdate.no-ip.com: NXDOMAIN"), "%s", out);
    free(out);
}

Test(sockets, syslog_lines_are_on_the_timeline)
{
    char *out;
    cr_assert_eq(in_world("default", BB " logger -t me -p daemon.err hello there", &out), 0, "%s",
                 out);
    /* daemon.err: facility 3, severity 3 */
    cr_expect(strstr(out, " syslog ") && strstr(out, "me: hello there"), "%s", out);
    free(out);
}

/* peer A:P = local:PORT: the guest reaches a real server on the host's 127.0.0.1. The server
 * says its port once it listens (the handshake), answers one request and ends. */
Test(sockets, a_local_server_stands_in_for_a_peer)
{
    FILE *srv = popen("/usr/bin/python3 -c '"
                      "import socket,sys\n"
                      "s=socket.socket(); s.bind((\"127.0.0.1\",0)); s.listen(1)\n"
                      "print(s.getsockname()[1], flush=True)\n"
                      "c,_=s.accept(); r=c.recv(4096)\n"
                      "c.sendall(b\"HTTP/1.0 200 OK\\r\\n\\r\\nmock:\" + r.split(b\" \")[1])\n"
                      "c.close()'",
                      "r");
    cr_assert(srv);
    unsigned port = 0;
    cr_assert_eq(fscanf(srv, "%u", &port), 1, "the server did not say its port");
    char world[128], *out;
    snprintf(world, sizeof world, "peer.192.0.2.10:80 = local:%u\n", port);
    cr_expect_eq(in_world(world, BB " wget -q -O - http://192.0.2.10/hello", &out), 0, "%s", out);
    cr_expect(!strncmp(out, "mock:/hello", 11), "%s", out);
    char want[96];
    snprintf(want, sizeof want, "connect 192.0.2.10:80 (tcp): the host's 127.0.0.1:%u", port);
    cr_expect(strstr(out, want), "%s", out);
    free(out);
    pclose(srv);
}

Test(sockets, a_bad_world_file_is_refused_with_its_line)
{
    char *out, cmd[1024];
    FILE *f = fopen("/tmp/wa-bad.world", "w");
    cr_assert(f);
    fputs("# a typo on line 2\npublic_ip = 203.0.113\n", f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "'%s' run --world /tmp/wa-bad.world '%s' -- " BB " true 2>&1", WA_BIN,
             ROOTFS);
    cr_expect_eq(run(cmd, &out), 64, "%s", out);
    cr_expect(strstr(out, "wa-emu run: /tmp/wa-bad.world: line 2: '203.0.113' is not an address"),
              "%s", out);
    free(out);
    unlink("/tmp/wa-bad.world");
    snprintf(cmd, sizeof cmd, "'%s' run --world /tmp/wa-no-such.world '%s' -- " BB " true 2>&1",
             WA_BIN, ROOTFS);
    cr_expect_eq(run(cmd, &out), 66, "%s", out);
    free(out);
}

/* The world's clock: it starts at the world's epoch (1970 by default: the box has no RTC),
 * an hour of sleep passes at once, and /proc/uptime, date and file times follow it. */
Test(sockets, the_clock_is_the_worlds_and_skips_sleep)
{
    char *out;
    cr_assert_eq(in_world("default",
                          BB " date -u +%s; " BB " sleep 3600; " BB " date -u +%s; " BB
                             " cut -d. -f1 /proc/uptime; " BB " touch /tmp/f; " BB
                             " stat -c %Y /tmp/f",
                          &out),
                 0, "%s", out);
    const char *want = "0\n3600\n3600\n3600\n";
    cr_expect(!strncmp(out, want, strlen(want)), "%s", out);
    free(out);
    cr_assert_eq(in_world("clock = 2026-12-01 08:00:00\n",
                          BB " sleep 90; " BB " date -u \"+%Y-%m-%d %H:%M:%S\"", &out),
                 0, "%s", out);
    want = "2026-12-01 08:01:30\n";
    cr_expect(!strncmp(out, want, strlen(want)), "%s", out);
    free(out);
}

/* Time passes with the instructions a guest runs, at the board's 150 MHz: cases/progs/vclock.c
 * times a loop of 14 million instructions (93.33 ms, and a little for the calls around it),
 * then counts, without a system call, while a 10 ms ITIMER_REAL goes off four times: the
 * counts between two alarms are equal (to the clock's quantum), and the same in a second run. */
Test(sockets, a_computing_program_sees_its_instructions_take_time)
{
    char cmd[1024], *out[2];
    snprintf(cmd, sizeof cmd, "'%s' run --cpu 24Kf --world default '%s' -- /t/vclock.elf 2>&1",
             WA_BIN, ROOTFS);
    for (int i = 0; i < 2; i++)
        cr_assert_eq(run(cmd, &out[i]), 0, "%s", out[i]);
    long us = 0;
    unsigned long at[4] = {0};
    cr_assert_eq(sscanf(out[0], "loop of 14000000 instructions: %ld us", &us), 1, "%s", out[0]);
    cr_expect(us >= 93333 && us < 93433, "14e6 instructions at 150 MHz: %ld us", us);
    const char *a = strstr(out[0], "alarms at ");
    cr_assert(a && sscanf(a, "alarms at %lu %lu %lu %lu", &at[0], &at[1], &at[2], &at[3]) == 4,
              "%s", out[0]);
    for (int k = 1; k < 3; k++) {
        long d = (long)(at[k] - at[k - 1]), e = (long)(at[k + 1] - at[k]);
        cr_expect(d > 0 && labs(d - e) * 100 < d, "alarm periods of %ld and %ld iterations: %s", d,
                  e, out[0]);
    }
    cr_expect_str_eq(out[0], out[1], "two runs differ:\n%s---\n%s", out[0], out[1]);
    free(out[0]);
    free(out[1]);
}

/* Sleepers wake in the order of their deadlines, however the host schedules them; a timeout
 * (busybox's, a sleep loop and a kill) ends its program in virtual time. */
Test(sockets, deadlines_come_in_virtual_time_order)
{
    char *out;
    cr_assert_eq(in_world("default",
                          "(" BB " sleep 50; echo fifty) & (" BB " sleep 20; echo twenty) & "
                          "(" BB " sleep 35; echo thirty-five) & wait; " BB " timeout -s TERM 7 " BB
                          " sleep 600; echo rc=$?; " BB " date -u +%s",
                          &out),
                 0, "%s", out);
    const char *want = "twenty\nthirty-five\nfifty\n";
    cr_expect(!strncmp(out, want, strlen(want)), "%s", out);
    cr_expect(strstr(out, "rc=143\n57\n"), "timeout ended sleep 600 at 7 s (50 + 7): %s", out);
    free(out);
}

/* The same scenario twice: the same timeline (times, programs, events and traffic), whatever
 * the host's speed; only the host's pids differ. The guests take turns here, as a boot's do:
 * two that run at once may interleave their system calls differently from run to run. */
Test(sockets, two_runs_give_the_same_timeline)
{
    const char *script = BB " wget -q -O - http://ip1.dynupdate.no-ip.com/; " BB " sleep 600; " BB
                            " wget -q -O - http://ip1.dynupdate.no-ip.com/; " BB " sleep 30; " BB
                            " logger -t a late";
    char *out[2];
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(in_world("public_ip@5m = 198.51.100.3\n", script, &out[i]), 0, "%s", out[i]);
        /* keep the time, the event and its text of each timeline line, sorted */
        char cmd[512], path[64];
        snprintf(path, sizeof path, "/tmp/wa-tl-%d-%d", (int)getpid(), i);
        FILE *f = fopen(path, "w");
        cr_assert(f);
        fputs(out[i], f);
        fclose(f);
        free(out[i]);
        snprintf(cmd, sizeof cmd,
                 "awk 'NF > 3 && $1 ~ /^[0-9]+$/ { $2 = $3 = \"\"; print }' %s | "
                 "sed 's/\\[[0-9]*\\]//' | sort",
                 path);
        cr_assert_eq(run(cmd, &out[i]), 0);
        unlink(path);
    }
    cr_expect(strstr(out[0], "http: GET ip1.dynupdate.no-ip.com/ -> 198.51.100.3"), "%s", out[0]);
    cr_expect(strstr(out[0], " syslog "), "%s", out[0]);
    cr_expect_str_eq(out[0], out[1], "the two timelines differ:\n%s\n---\n%s", out[0], out[1]);
    free(out[0]);
    free(out[1]);
}
