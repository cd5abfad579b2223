/* procfs.c: /proc, made from the world's process table and counters: a directory per guest
 * process (stat, cmdline, status, comm) and the system files busybox and boot scripts read.
 * A node id is pid << 8 | entry; pid 0 is /proc itself, entry 0 a directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vfs.h"

typedef int (*gen_fn)(lx_proc *p, int32_t pid, char *b, size_t cap);
typedef int64_t (*put_fn)(lx_proc *p, const char *buf, size_t n); /* one write(2) */

/* The board's CPU as its kernel prints it: a 2.4 kernel's lines end with the interrupt vector,
 * watchpoint and VCE lines and have no machine or isa line (2.4's show_cpuinfo; today's has
 * them). */
static int g_cpuinfo(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    (void)pid;
    const char *cpu = p->o->cpu_name ? p->o->cpu_name : "4KEc";
    if (p->o->linux24)
        return snprintf(b, cap,
                        "system type\t\t: TI AR7 (TNETD7300)\nprocessor\t\t: 0\n"
                        "cpu model\t\t: MIPS %s V4.8\nBogoMIPS\t\t: 149.50\n"
                        "wait instruction\t: yes\nmicrosecond timers\t: yes\ntlb_entries\t\t: 16\n"
                        "extra interrupt vector\t: yes\nhardware watchpoint\t: yes\n"
                        "VCED exceptions\t\t: not available\nVCEI exceptions\t\t: not available\n",
                        cpu);
    return snprintf(b, cap,
                    "system type\t\t: TI AR7 (TNETD7300)\nmachine\t\t\t: Unknown\n"
                    "processor\t\t: 0\ncpu model\t\t: MIPS %s V4.8\nBogoMIPS\t\t: 149.50\n"
                    "wait instruction\t: yes\nmicrosecond timers\t: yes\ntlb_entries\t\t: 16\n"
                    "isa\t\t\t: mips1 mips2 mips32r1%s\n",
                    cpu, p->o->isa_r1 ? "" : " mips32r2");
}
static int g_meminfo(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    (void)pid;
    return lx_meminfo_text(p, b, cap);
}
static int g_mtd(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    (void)pid;
    return lx_mtd_text(p, b, cap);
}
static int g_ticfg_env(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    (void)pid;
    return lx_ticfg_text(p, b, cap);
}
static int g_mounts(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    (void)pid;
    int n = snprintf(b, cap, "/dev/root / squashfs ro,relatime 0 0\n");
    lx_lock(p->w);
    for (int i = 0; i < LX_NMOUNT && n >= 0 && (size_t)n < cap; i++) {
        const lx_mount *m = &p->w->mnt[i];
        if (!m->path[0] || m->type == LX_MNT_SYSCTL) continue; /* part of proc */
        const char *t = m->type == LX_MNT_PROC ? "proc" : "ramfs";
        n += snprintf(b + n, cap - (size_t)n, "%s %s %s rw,relatime 0 0\n", t, m->path, t);
    }
    lx_unlock(p->w);
    return n;
}
static int g_uptime(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    (void)pid;
    uint64_t ms = lx_vnow(p->w) / 1000000;
    return snprintf(b, cap, "%llu.%02llu 0.00\n", (unsigned long long)ms / 1000,
                    (unsigned long long)ms % 1000 / 10);
}
static int g_loadavg(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    (void)pid;
    int n = 0;
    lx_lock(p->w);
    for (int i = 0; i < LX_NPROC; i++)
        n += p->w->proc[i].pid && p->w->proc[i].state == 'R';
    lx_unlock(p->w);
    return snprintf(b, cap, "0.00 0.00 0.00 1/%d %d\n", n, p->pid);
}
static int g_version(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    (void)pid;
    return lx_proc_version_text(p->o, b, cap);
}
static int g_stat(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    (void)pid;
    return snprintf(b, cap, "cpu  0 0 0 0 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\nbtime %llu\n",
                    (unsigned long long)(p->w->t0_ms / 1000));
}
static int g_filesystems(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    (void)p, (void)pid;
    return snprintf(b, cap, "nodev\tramfs\nnodev\ttmpfs\nnodev\tproc\n\tsquashfs\n");
}
static int g_kcmdline(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    (void)p, (void)pid;
    return snprintf(b, cap, "root=/dev/mtdblock2 console=ttyS0,38400\n");
}
/* The interfaces of the world (lx_ifaces), no traffic counted. */
static int g_netdev(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    (void)pid;
    net_iface ifs[4];
    int n = lx_ifaces(p, ifs);
    int k =
        snprintf(b, cap,
                 "Inter-|   Receive                                                |  Transmit\n"
                 " face |bytes    packets errs drop fifo frame compressed multicast|bytes    "
                 "packets errs drop fifo colls carrier compressed\n");
    for (int i = 0; i < n && k >= 0 && (size_t)k < cap; i++)
        k += snprintf(b + k, cap - (size_t)k,
                      "%6s:       0       0    0    0    0     0          0         0        0 "
                      "      0    0    0    0     0       0          0\n",
                      ifs[i].name);
    return k;
}
/* The main routing table: the LAN on br0, and the default route through ppp0 while the link
 * is up (lo's routes are in the local table, which this does not show). Addresses in hex as
 * the kernel prints them (the bytes of the address in memory order). */
static int g_netroute(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    (void)pid;
    net_iface ifs[4];
    int n = lx_ifaces(p, ifs);
    int k = snprintf(b, cap, "%-127s\n",
                     "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow"
                     "\tIRTT");
    for (int i = 0; i < n && k >= 0 && (size_t)k < cap; i++) {
        char line[160];
        uint32_t dst = ifs[i].ip & ifs[i].mask, mask = ifs[i].mask;
        if (!strcmp(ifs[i].name, "ppp0"))
            dst = mask = 0; /* the default route */
        else if (strcmp(ifs[i].name, "br0"))
            continue;
        snprintf(line, sizeof line, "%s\t%08X\t%08X\t%04X\t0\t0\t0\t%08X\t0\t0\t0", ifs[i].name,
                 __builtin_bswap32(dst), 0u, 1u, __builtin_bswap32(mask));
        k += snprintf(b + k, cap - (size_t)k, "%-127.127s\n", line);
    }
    return k;
}
static int g_self(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    (void)pid;
    return snprintf(b, cap, "%d", lx_vpid(p->w, p->pid));
}

/* The process-table entry of pid, copied under the lock. */
static int pent(lx_proc *p, int32_t pid, lx_pent *out)
{
    lx_lock(p->w);
    lx_pent *e = lx_pent_find(p->w, pid);
    if (e) *out = *e;
    lx_unlock(p->w);
    return e ? 0 : -LX_ENOENT;
}
static char state(lx_proc *p, const lx_pent *e)
{
    return e->state == 'Z' ? 'Z' : e->pid == p->pid ? 'R' : 'S';
}
static int g_pstat(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    lx_pent e;
    if (pent(p, pid, &e)) return -LX_ENOENT;
    return snprintf(b, cap,
                    "%d (%s) %c %d %d %d 0 -1 4194560 0 0 0 0 %llu 0 0 0 20 0 1 0 %llu %u %u "
                    "2147483647 4194304 4456448 2147417888 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n",
                    lx_vpid(p->w, e.pid), e.comm, state(p, &e), lx_vpid(p->w, e.ppid),
                    lx_vpid(p->w, e.pid), lx_vpid(p->w, e.pid),
                    (unsigned long long)(e.insns / 1000000), (unsigned long long)e.start_ms / 10,
                    e.mem, e.mem / LX_PAGE);
}
static int g_pcmdline(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    lx_pent e;
    if (pent(p, pid, &e)) return -LX_ENOENT;
    size_t n = e.cmdlen < cap ? e.cmdlen : cap;
    memcpy(b, e.cmd, n);
    return (int)n;
}
static int g_pstatus(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    lx_pent e;
    if (pent(p, pid, &e)) return -LX_ENOENT;
    return snprintf(b, cap,
                    "Name:\t%s\nState:\t%c\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n"
                    "Uid:\t0\t0\t0\t0\n"
                    "Gid:\t0\t0\t0\t0\nVmSize:\t%8u kB\nVmRSS:\t%8u kB\nThreads:\t1\n",
                    e.comm, state(p, &e), lx_vpid(p->w, e.pid), lx_vpid(p->w, e.pid),
                    lx_vpid(p->w, e.ppid), e.mem / 1024, e.mem / 1024);
}
static int g_pexe(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    lx_pent e;
    if (pent(p, pid, &e)) return -LX_ENOENT;
    return snprintf(b, cap, "%s", e.exe);
}
static int g_pcomm(lx_proc *p, int32_t pid, char *b, size_t cap)
{
    lx_pent e;
    if (pent(p, pid, &e)) return -LX_ENOENT;
    return snprintf(b, cap, "%s\n", e.comm);
}

static const struct entry {
    const char *name;
    uint32_t mode;
    gen_fn gen;
    put_fn put; /* writable: what a write does */
    int ti;     /* there with a TI kernel only (lx_world.ticfg) */
} top[] =
    {
        {"", S_IFDIR | 0555, NULL, NULL, 0},
        {"self", S_IFLNK | 0777, g_self, NULL, 0},
        {"cpuinfo", S_IFREG | 0444, g_cpuinfo, NULL, 0},
        {"meminfo", S_IFREG | 0444, g_meminfo, NULL, 0},
        {"mounts", S_IFREG | 0444, g_mounts, NULL, 0},
        {"uptime", S_IFREG | 0444, g_uptime, NULL, 0},
        {"loadavg", S_IFREG | 0444, g_loadavg, NULL, 0},
        {"version", S_IFREG | 0444, g_version, NULL, 0},
        {"stat", S_IFREG | 0444, g_stat, NULL, 0},
        {"filesystems", S_IFREG | 0444, g_filesystems, NULL, 0},
        {"cmdline", S_IFREG | 0444, g_kcmdline, NULL, 0},
        {"mtd", S_IFREG | 0444, g_mtd, NULL, 0},
        {"ticfg", S_IFDIR | 0555, NULL, NULL, 1},
        {"net", S_IFDIR | 0555, NULL, NULL, 0},
        {"sys", S_IFDIR | 0555, NULL, NULL, 0}, /* the RAM file system sysctl.c mounts over it */
},
  net[] =
      {
          {"", S_IFDIR | 0555, NULL, NULL, 0},
          {"dev", S_IFREG | 0444, g_netdev, NULL, 0},
          {"route", S_IFREG | 0444, g_netroute, NULL, 0},
},
  ticfg[] =
      {
          {"", S_IFDIR | 0555, NULL, NULL, 0},
          {"env", S_IFREG | 0644, g_ticfg_env, lx_ticfg_write, 0},
},
  per_pid[] = {
      {"", S_IFDIR | 0555, NULL, NULL, 0},
      {"stat", S_IFREG | 0444, g_pstat, NULL, 0},
      {"cmdline", S_IFREG | 0444, g_pcmdline, NULL, 0},
      {"status", S_IFREG | 0444, g_pstatus, NULL, 0},
      {"comm", S_IFREG | 0444, g_pcomm, NULL, 0},
      {"exe", S_IFLNK | 0777, g_pexe, NULL, 0},
};
#define NET_DIR 0xffffffu /* the "pid" of /proc/net's entries: no real pid is that high */
#define SYS_DIR 0xfffffeu /* /proc/sys's, when nothing is mounted on it: empty */
#define TICFG_DIR 0xfffffdu
static const struct entry sys_empty[] = {{"", S_IFDIR | 0555, NULL, NULL, 0}};

/* The id of top-level directory entry i of /proc (net, sys, ticfg). */
static uint32_t top_dir_id(size_t i)
{
    return (!strcmp(top[i].name, "sys")     ? SYS_DIR
            : !strcmp(top[i].name, "ticfg") ? TICFG_DIR
                                            : NET_DIR)
           << 8;
}

/* The entry is there for this run's kernel. */
static int shown(const lx_proc *p, const struct entry *t)
{
    return !t->ti || p->w->ticfg;
}

/* The entries of the directory whose id has this pid part. */
static const struct entry *table_of(uint32_t pid, size_t *n)
{
    if (!pid) {
        *n = sizeof top / sizeof top[0];
        return top;
    }
    if (pid == NET_DIR) {
        *n = sizeof net / sizeof net[0];
        return net;
    }
    if (pid == SYS_DIR) {
        *n = 1;
        return sys_empty;
    }
    if (pid == TICFG_DIR) {
        *n = sizeof ticfg / sizeof ticfg[0];
        return ticfg;
    }
    *n = sizeof per_pid / sizeof per_pid[0];
    return per_pid;
}

static const struct entry *entry_of(uint32_t id)
{
    size_t n;
    const struct entry *t = table_of(id >> 8, &n);
    return (id & 0xff) < n ? &t[id & 0xff] : NULL;
}

static int is_pid(uint32_t pid)
{
    return pid && pid != NET_DIR && pid != SYS_DIR && pid != TICFG_DIR;
}

int lx_proc_child(lx_proc *p, uint32_t dirid, const char *name, lx_vnode *out)
{
    if (dirid & 0xff) return -LX_ENOTDIR;
    uint32_t pid = dirid >> 8;
    size_t n;
    const struct entry *t = table_of(pid, &n);
    for (size_t i = 1; i < n; i++)
        if (!strcmp(t[i].name, name) && shown(p, &t[i])) {
            /* a subdirectory of /proc (net) has its own table */
            uint32_t id =
                !pid && !t[i].gen && S_ISDIR(t[i].mode) ? top_dir_id(i) : dirid | (uint32_t)i;
            *out = (lx_vnode){.fs = LX_FS_PROC, .id = id};
            return 0;
        }
    if (pid) return -LX_ENOENT;
    char *end;
    long v = strtol(name, &end, 10);
    lx_pent e;
    if (*end || v <= 0 || v >= (1L << 22)) return -LX_ENOENT;
    v = lx_hpid(p->w, (int32_t)v);
    if (pent(p, (int32_t)v, &e)) return -LX_ENOENT;
    *out = (lx_vnode){.fs = LX_FS_PROC, .id = (uint32_t)v << 8};
    return 0;
}

int lx_proc_attr(lx_proc *p, uint32_t id, lx_vattr *a)
{
    const struct entry *t = entry_of(id);
    lx_pent e;
    if (!t || !shown(p, t) || (is_pid(id >> 8) && pent(p, (int32_t)(id >> 8), &e)))
        return -LX_ENOENT;
    *a = (lx_vattr){.mode = t->mode,
                    .ino = 0x200000 + id,
                    .nlink = 1,
                    .dev = 0x0003,
                    .mtime = (int64_t)(p->w->t0_ms / 1000)};
    return 0;
}

int lx_proc_nth(lx_proc *p, uint32_t dirid, uint64_t i, char *name, size_t cap, uint32_t *id)
{
    uint32_t pid = dirid >> 8;
    size_t n;
    const struct entry *t = table_of(pid, &n);
    size_t nshown = 0;
    for (size_t k = 1; k < n; k++) {
        if (!shown(p, &t[k])) continue;
        if (nshown++ != i) continue;
        snprintf(name, cap, "%s", t[k].name);
        *id = !pid && !t[k].gen && S_ISDIR(t[k].mode) ? top_dir_id(k) : dirid | (uint32_t)k;
        return 1;
    }
    if (pid) return 0;
    i -= nshown;
    lx_lock(p->w);
    int found = 0;
    for (int k = 0; k < LX_NPROC && !found; k++) {
        const lx_pent *e = &p->w->proc[k];
        if (e->pid && e->state != 'X' && i-- == 0) {
            snprintf(name, cap, "%d", lx_vpid(p->w, e->pid));
            *id = (uint32_t)e->pid << 8;
            found = 1;
        }
    }
    lx_unlock(p->w);
    return found;
}

int lx_proc_read(lx_proc *p, uint32_t id, char *buf, size_t cap)
{
    const struct entry *t = entry_of(id);
    if (!t) return -LX_ENOENT;
    if (!t->gen) return -LX_EISDIR;
    int n = t->gen(p, (int32_t)(id >> 8), buf, cap);
    if (n < 0) return n;
    return (size_t)n < cap ? n : (int)cap - 1;
}

int lx_proc_writable(lx_proc *p, uint32_t id)
{
    const struct entry *t = entry_of(id);
    return t && shown(p, t) && t->put;
}

int64_t lx_proc_write(lx_proc *p, uint32_t id, const char *buf, size_t n)
{
    const struct entry *t = entry_of(id);
    if (!t || !shown(p, t)) return -LX_ENOENT;
    return t->put ? t->put(p, buf, n) : -LX_EACCES;
}
