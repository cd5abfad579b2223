/* sysctl.c: /proc/sys, the board kernel's sysctl tree, as a RAM file system mounted with
 * /proc (LX_MNT_SYSCTL: part of proc, not listed in /proc/mounts). Boot scripts write a dozen
 * of its entries (TI's rcS: ip_forward, the conntrack and printk levels ...); each write is
 * taken and read back, as the kernel keeps a value it accepts. An entry a driver module would
 * have made (wa-emu loads none) is made by the first write to it, with its directories. The
 * values here are a 2.4/2.6 kernel's defaults for a 16 MB router. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ramfs.h"
#include "vfs.h"

static const struct {
    const char *path, *value; /* value NULL: a directory */
} tree[] = {
    {"kernel", NULL},
    {"kernel/hostname", "(none)\n"},
    {"kernel/domainname", "(none)\n"},
    {"kernel/ostype", "Linux\n"},
    {"kernel/osrelease", ""}, /* the kernel's (personality.c) */
    {"kernel/version", ""},
    {"kernel/panic", "0\n"},
    {"kernel/printk", "6\t4\t1\t7\n"},
    {"kernel/hotplug", "/sbin/hotplug\n"},
    {"kernel/shmmax", "33554432\n"},
    {"kernel/msgmax", "8192\n"},
    {"kernel/sysrq", "0\n"},
    {"net", NULL},
    {"net/core", NULL},
    {"net/core/rmem_max", "65535\n"},
    {"net/core/wmem_max", "65535\n"},
    {"net/core/rmem_default", "65535\n"},
    {"net/core/wmem_default", "65535\n"},
    {"net/core/netdev_max_backlog", "300\n"},
    {"net/ipv4", NULL},
    {"net/ipv4/ip_forward", "0\n"},
    {"net/ipv4/ip_dynaddr", "0\n"},
    {"net/ipv4/ip_default_ttl", "64\n"},
    {"net/ipv4/ip_local_port_range", "1024\t4999\n"},
    {"net/ipv4/tcp_syncookies", "0\n"},
    {"net/ipv4/tcp_fin_timeout", "60\n"},
    {"net/ipv4/tcp_keepalive_time", "7200\n"},
    {"net/ipv4/icmp_echo_ignore_all", "0\n"},
    {"net/ipv4/icmp_echo_ignore_broadcasts", "0\n"},
    {"net/ipv4/conf", NULL},
    {"net/ipv4/conf/all", NULL},
    {"net/ipv4/conf/all/rp_filter", "0\n"},
    {"net/ipv4/conf/all/accept_redirects", "1\n"},
    {"net/ipv4/conf/all/send_redirects", "1\n"},
    {"net/ipv4/conf/default", NULL},
    {"net/ipv4/conf/default/rp_filter", "0\n"},
    {"net/ipv4/route", NULL},
    {"net/ipv4/route/flush", ""},
    {"net/unix", NULL},
    {"net/unix/max_dgram_qlen", "10\n"},
    {"vm", NULL},
    {"vm/overcommit_memory", "0\n"},
    {"dev", NULL},
    {"fs", NULL},
    {"fs/file-max", "1578\n"},
};

/* The node at path under root (made by the rows before it), world locked; 0: none. */
static uint32_t node_at(lx_world *w, uint32_t root, const char *path)
{
    char part[LX_NAME];
    uint32_t n = root;
    while (*path && n) {
        size_t k = strcspn(path, "/");
        if (k >= sizeof part) return 0;
        memcpy(part, path, k);
        part[k] = 0;
        n = lx_rf_child(w, n, part);
        path += k + (path[k] == '/');
    }
    return n;
}

int lx_sysctl_mount(lx_proc *p, const char *procpath)
{
    char path[160];
    snprintf(path, sizeof path, "%s/sys", strcmp(procpath, "/") ? procpath : "");
    int rc = lx_mount_add(p->w, path, LX_MNT_SYSCTL);
    if (rc) return rc;
    uint32_t root = 0;
    for (int i = 0; i < LX_NMOUNT; i++)
        if (p->w->mnt[i].type == LX_MNT_SYSCTL && !strcmp(p->w->mnt[i].path, path))
            root = p->w->mnt[i].root;
    char rel[65], ver[65], text[80];
    lx_kernel_names(p->o, rel, sizeof rel, ver, sizeof ver);
    for (size_t i = 0; i < sizeof tree / sizeof tree[0]; i++) {
        const char *slash = strrchr(tree[i].path, '/'), *name = slash ? slash + 1 : tree[i].path;
        char dir[64] = "";
        if (slash) snprintf(dir, sizeof dir, "%.*s", (int)(slash - tree[i].path), tree[i].path);
        uint32_t parent = node_at(p->w, root, dir);
        if (!parent) return -LX_ENOSPC;
        uint32_t n =
            lx_rf_new(p->w, parent, name, tree[i].value ? S_IFREG | 0644 : S_IFDIR | 0555, 0);
        if (!n) return -LX_ENOSPC;
        const char *v = tree[i].value;
        if (v && !strcmp(tree[i].path, "kernel/osrelease"))
            snprintf(text, sizeof text, "%s\n", rel), v = text;
        else if (v && !strcmp(tree[i].path, "kernel/version"))
            snprintf(text, sizeof text, "%s\n", ver), v = text;
        if (v && *v && lx_rf_write(p->w, n, 0, v, strlen(v)) < 0) return -LX_ENOSPC;
    }
    return 0;
}

int lx_sysctl_dirs(lx_proc *p, uint32_t dirfd, uint32_t gpath)
{
    char given[512], path[sizeof p->fsi->cwd + sizeof given + 1];
    if (lx_get_str(p, gpath, given, sizeof given)) return 0;
    if (given[0] != '/' && dirfd == LX_AT_FDCWD) /* relative to the cwd */
        snprintf(path, sizeof path, "%s/%s", p->fsi->cwd, given);
    else
        snprintf(path, sizeof path, "%s", given);
    if (strncmp(path, "/proc/sys/", 10)) return 0;
    int made = 0;
    for (char *s = strchr(path + 10, '/'); s; s = strchr(s + 1, '/')) {
        *s = 0;
        lx_walk w;
        int rc = lx_walk_host(p, LX_AT_FDCWD, path, 1, &w);
        if (rc == -LX_ENOENT && w.name[0] && w.dir.fs == LX_FS_RAM) {
            lx_lock(p->w);
            made |= lx_rf_new(p->w, w.dir.id, w.name, S_IFDIR | 0555, 0) != 0;
            lx_unlock(p->w);
        } else if (rc) {
            return 0;
        }
        *s = '/';
    }
    return made;
}
