/* syscall_ipc.c: SysV IPC through ipc(2) (what old uClibc calls) and the direct calls:
 * shared memory and semaphores here, message queues in msgq.c. Segments live in the world's
 * shared-memory pool and are mapped into each guest that attaches with Unicorn's
 * map-by-pointer, so processes (host processes) share the very bytes. The *_ds structures
 * are the IPC_64 ones (what glibc, uClibc and musl ask for on MIPS). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "lx_int.h"

#define SHMLBA_ 0x40000u

void lx_ipc_perm(uint8_t *st, int32_t key, uint32_t uid, uint32_t gid, uint32_t mode)
{
    memset(st, 0, 36); /* cuid, cgid 0: the creator is root, as every guest is */
    wr_le32(st, (uint32_t)key);
    wr_le32(st + 4, uid);
    wr_le32(st + 8, gid);
    wr_le32(st + 20, mode);
}

/* IPC_SET's change to the owner (Linux's ipc_update_perm, 2.4's the same): uid and gid as the
 * caller gives them, and the permission bits of its mode (the others stay). uid at 4, gid at
 * 8 and mode at 20 in the old ipc_perm (MIPS's ids are 32 bits) and in ipc64_perm alike. Only
 * the owner, the creator or root may (else EPERM); every guest is root here (getuid and
 * geteuid answer 0, setuid changes nothing), so no caller is refused. */
void lx_ipc_set_perm(const uint8_t *st, uint32_t *uid, uint32_t *gid, uint32_t *mode)
{
    *uid = rd_le32(st + 4);
    *gid = rd_le32(st + 8);
    *mode = (*mode & ~0777u) | (rd_le32(st + 20) & 0777);
}

static uint32_t now_s(lx_world *w)
{
    return (uint32_t)(lx_vreal_ns(w) / 1000000000);
}

static lx_shm *shm_by_id(lx_world *w, int32_t id)
{
    for (int i = 0; i < LX_NSHM; i++)
        if (w->shm[i].id == id && id) return &w->shm[i];
    return NULL;
}

static void shm_free(lx_world *w, lx_shm *s)
{
    for (uint32_t pg = s->page; pg < s->page + (s->size + 4095) / 4096; pg++)
        w->shm_used[pg / 8] &= (uint8_t) ~(1u << (pg % 8));
    w->ram_files -= (s->size + 4095) & ~4095u;
    memset(s, 0, sizeof *s);
}

/* A new segment of size bytes (world locked): its id, or -errno. */
static int64_t shm_alloc(lx_world *w, int32_t key, uint32_t size, uint32_t mode)
{
    uint32_t n = (size + 4095) / 4096;
    if (!size || n > LX_SHM_PAGES) return -LX_EINVAL;
    if (w->ram && lx_ram_used(w) + n * 4096ull > w->ram) return -LX_ENOMEM;
    for (uint32_t start = 0, run = 0; start + run < LX_SHM_PAGES;) {
        uint32_t pg = start + run;
        if (w->shm_used[pg / 8] >> (pg % 8) & 1) {
            start = pg + 1;
            run = 0;
            continue;
        }
        if (++run < n) continue;
        for (int i = 0; i < LX_NSHM; i++)
            if (!w->shm[i].id) {
                for (pg = start; pg < start + n; pg++)
                    w->shm_used[pg / 8] |= (uint8_t)(1u << (pg % 8));
                memset(w->shm_pool + (size_t)start * 4096, 0, (size_t)n * 4096);
                w->shm[i] = (lx_shm){
                    .key = key, .id = w->shm_next_id++, .mode = mode, .size = size, .page = start};
                w->ram_files += n * 4096;
                return w->shm[i].id;
            }
        return -LX_ENOSPC;
    }
    return -LX_ENOMEM;
}

static int64_t shmget_(lx_proc *p, int32_t key, uint32_t size, uint32_t flg)
{
    lx_world *w = p->w;
    int64_t rc = -1;
    lx_lock(w);
    for (int i = 0; key && rc == -1 && i < LX_NSHM; i++)
        if (w->shm[i].id && w->shm[i].key == key && !w->shm[i].removed)
            rc = (flg & LX_IPC_CREAT) && (flg & LX_IPC_EXCL) ? -LX_EEXIST
                 : size > w->shm[i].size                     ? -LX_EINVAL
                                                             : w->shm[i].id;
    if (rc == -1)
        rc = key && !(flg & LX_IPC_CREAT) ? -LX_ENOENT : shm_alloc(w, key, size, flg & 0777);
    lx_unlock(w);
    return rc;
}

/* Attachments are rows of the world's shmatt table: a segment's attach count is the number
 * of its rows. A fork copies the parent's rows, a process that execs or is reaped loses its
 * own, and a removed segment goes with its last row. World locked for all of these. */
static uint32_t nattch(lx_world *w, int32_t id)
{
    uint32_t n = 0;
    for (int i = 0; i < LX_NSHMATT; i++)
        n += w->shmatt[i].pid && w->shmatt[i].id == id;
    return n;
}
static void drop_row(lx_world *w, lx_shmatt *a)
{
    lx_shm *s = shm_by_id(w, a->id);
    a->pid = 0;
    if (s && s->removed && !nattch(w, s->id)) shm_free(w, s);
}
void lx_shm_forked(lx_world *w, int32_t parent, int32_t child)
{
    for (int i = 0; i < LX_NSHMATT; i++)
        if (w->shmatt[i].pid == parent)
            for (int j = 0; j < LX_NSHMATT; j++)
                if (!w->shmatt[j].pid) {
                    w->shmatt[j] = w->shmatt[i];
                    w->shmatt[j].pid = child;
                    break;
                }
}
void lx_shm_gone(lx_world *w, int32_t pid)
{
    for (int i = 0; i < LX_NSHMATT; i++)
        if (w->shmatt[i].pid == pid) drop_row(w, &w->shmatt[i]);
}

/* Map segment id at addr (0: anywhere) and add the row; the address or -errno. */
static int64_t attach(lx_proc *p, int32_t id, uint32_t addr)
{
    lx_world *w = p->w;
    lx_lock(w);
    lx_shm *s = shm_by_id(w, id);
    lx_shmatt *row = NULL;
    for (int i = 0; s && !row && i < LX_NSHMATT; i++)
        if (!w->shmatt[i].pid) row = &w->shmatt[i];
    if (!s || !row) {
        lx_unlock(w);
        return s ? -LX_ENOMEM : -LX_EINVAL;
    }
    uint32_t len = (s->size + 4095) & ~4095u;
    uint8_t *host = w->shm_pool + (size_t)s->page * 4096;
    uint32_t at = addr;
    if (!at) {
        at = lx_free_area(p, len + SHMLBA_);
        at = (at + SHMLBA_ - 1) & ~(SHMLBA_ - 1);
    }
    if (!at || lx_is_mapped(p, at, 1) || lx_is_mapped(p, at + len - 1, 1) ||
        uc_mem_map_ptr(p->uc, at, len, UC_PROT_ALL, host) != UC_ERR_OK) {
        lx_unlock(w);
        return -LX_EINVAL;
    }
    lx_mark_mapped(p, at, len);
    *row = (lx_shmatt){.pid = p->pid, .id = id, .addr = at, .len = len};
    lx_unlock(w);
    return at;
}

static int64_t shmat_(lx_proc *p, int32_t id, uint32_t addr)
{
    return attach(p, id, addr & ~(SHMLBA_ - 1));
}

void lx_shm_unmapped(lx_proc *p, uint32_t addr, uint32_t len)
{
    lx_lock(p->w);
    for (int i = 0; i < LX_NSHMATT; i++) {
        lx_shmatt *a = &p->w->shmatt[i];
        if (a->pid == p->pid && a->addr < addr + (uint64_t)len && a->addr + a->len > addr)
            drop_row(p->w, a);
    }
    lx_unlock(p->w);
}

/* shmdt: the segment attached at addr, unmapped whole (lx_unmap drops its row). */
static int64_t shmdt_(lx_proc *p, uint32_t addr)
{
    uint32_t len = 0;
    lx_lock(p->w);
    for (int i = 0; !len && i < LX_NSHMATT; i++)
        if (p->w->shmatt[i].pid == p->pid && p->w->shmatt[i].addr == addr)
            len = p->w->shmatt[i].len;
    lx_unlock(p->w);
    if (!len) return -LX_EINVAL;
    lx_unmap(p, addr, len);
    return 0;
}

/* MAP_SHARED|MAP_ANONYMOUS: an unnamed segment, removed at once, at a chosen address: fork
 * shares it, as on Linux. 0 or -errno. */
int64_t lx_shm_anon(lx_proc *p, uint32_t at, uint32_t len)
{
    lx_lock(p->w);
    int64_t id = shm_alloc(p->w, 0, len, 0600);
    lx_shm *s = id > 0 ? shm_by_id(p->w, (int32_t)id) : NULL;
    if (s) s->removed = 1;
    lx_unlock(p->w);
    if (id < 0) return id;
    int64_t rc = attach(p, (int32_t)id, at);
    if (rc < 0) {
        lx_lock(p->w);
        if ((s = shm_by_id(p->w, (int32_t)id)) && !nattch(p->w, (int32_t)id)) shm_free(p->w, s);
        lx_unlock(p->w);
        return rc;
    }
    return 0;
}

/* What a 2.4 kernel's stack held where copy_shmid_to_user's `struct shmid_ds out` lies, for
 * the bytes it never writes (26-27 and 54-63; ../shared/research/shmctl-2.4.md): from the seed,
 * the u32 at 60 (what uClibc 0.9.19 reads as shm_nattch) is 0-3 for seeds 0-3 and a KSEG0
 * kernel pointer for any other; the rest is residue of the same seed. */
static void stale_stack(uint32_t seed, uint8_t st[64])
{
    uint32_t x = seed * 2654435761u + 0x9e3779b9u;
    for (int i = 54; i < 60; i++) /* a xorshift: the residue */
        x ^= x << 13, x ^= x >> 17, x ^= x << 5, st[i] = (uint8_t)x;
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    wr_le16(st + 26, (uint16_t)x);
    wr_le32(st + 60, seed < 4 ? seed : 0x94000000u | ((seed * 2654435761u) & 0x00fffffcu));
}

/* IPC_STAT. With IPC_64 the 72-byte struct shmid64_ds of o32 (the 2.4 one and today's agree;
 * the time highs of today's are 0 here). Without, the old 64-byte struct shmid_ds (perm
 * 0-27, segsz 28, atime 32, dtime 36, ctime 40, cpid 44, lpid 48, nattch a u16 at 52):
 * today's kernel zero-fills it; 2.4.17 leaves 26-27 and 54-63 as its stack had them. */
static int64_t shm_stat(lx_proc *p, lx_shm *s, uint32_t cmd, uint32_t buf, char *quirk, size_t qn)
{
    lx_world *w = p->w;
    uint32_t n = nattch(w, s->id);
    if (cmd & LX_IPC_64) {
        uint8_t st[72] = {0};
        lx_ipc_perm(st, s->key, s->uid, s->gid, s->mode);
        wr_le32(st + 36, s->size);
        wr_le32(st + 60, n);
        return lx_put(p, buf, st, sizeof st);
    }
    uint8_t st[64] = {0}, perm[36];
    lx_ipc_perm(perm, s->key, s->uid, s->gid, s->mode);
    memcpy(st, perm, 26); /* key, uids, mode, seq: the old ipc_perm */
    wr_le32(st + 28, s->size);
    wr_le16(st + 52, (uint16_t)n);
    if (p->o->linux24) {
        stale_stack(p->o->net ? p->o->net->stale_seed : NET_STALE_DEFAULT, st);
        snprintf(quirk, qn,
                 "shmctl(%d, IPC_STAT) without IPC_64: the 2.4 kernel wrote the old 64-byte "
                 "struct shmid_ds (shm_nattch a u16 at 52 = %u) and left bytes 54-63 stale (a u32 "
                 "at 60 reads %u)",
                 s->id, n, rd_le32(st + 60));
    }
    return lx_put(p, buf, st, sizeof st);
}

static int64_t shmctl_(lx_proc *p, int32_t id, uint32_t cmd, uint32_t buf)
{
    lx_world *w = p->w;
    if (p->o->uclibc_shmctl) cmd &= ~(uint32_t)LX_IPC_64; /* the box's uClibc 0.9.19 */
    char quirk[sizeof((lx_event *)0)->text] = "";
    lx_lock(w);
    lx_shm *s = shm_by_id(w, id);
    int64_t rc = s ? 0 : -LX_EINVAL;
    if (s && (cmd & 0xff) == LX_IPC_RMID) {
        s->removed = 1;
        if (!nattch(w, id)) shm_free(w, s);
    } else if (s && (cmd & 0xff) == LX_IPC_STAT) {
        rc = shm_stat(p, s, cmd, buf, quirk, sizeof quirk);
    } else if (s && (cmd & 0xff) == LX_IPC_SET) { /* the caller's shmid64_ds, or the old one */
        uint8_t st[72];
        if (lx_get(p, buf, st, cmd & LX_IPC_64 ? 72 : 64))
            rc = -LX_EFAULT;
        else
            lx_ipc_set_perm(st, &s->uid, &s->gid, &s->mode);
    } else if (s) {
        rc = -LX_EINVAL;
    }
    lx_unlock(w);
    if (quirk[0]) lx_event_add(w, LX_EV_QUIRK, p->pid, p->ppid, 0, quirk);
    return rc;
}

static lx_sem *sem_by_id(lx_world *w, int32_t id)
{
    for (int i = 0; i < LX_NSHM; i++)
        if (w->sem[i].id == id && id) return &w->sem[i];
    return NULL;
}

static int64_t semget_(lx_proc *p, int32_t key, uint32_t n, uint32_t flg)
{
    lx_world *w = p->w;
    int64_t rc = -LX_ENOSPC;
    lx_lock(w);
    for (int i = 0; key && i < LX_NSHM; i++)
        if (w->sem[i].id && w->sem[i].key == key) {
            rc = (flg & LX_IPC_CREAT) && (flg & LX_IPC_EXCL) ? -LX_EEXIST : w->sem[i].id;
            goto out;
        }
    if (key && !(flg & LX_IPC_CREAT)) {
        rc = -LX_ENOENT;
        goto out;
    }
    if (n > LX_NSEM) {
        rc = -LX_EINVAL;
        goto out;
    }
    for (int i = 0; i < LX_NSHM; i++)
        if (!w->sem[i].id) {
            w->sem[i] = (lx_sem){.key = key,
                                 .id = w->shm_next_id++,
                                 .mode = flg & 0777,
                                 .nsems = n,
                                 .ctime = now_s(w)};
            rc = w->sem[i].id;
            break;
        }
out:
    lx_unlock(w);
    return rc;
}

/* A semtimedop timeout at addr (0: none) in ms, -1 for none or longer than any run; or -errno. */
static int64_t timeout_ms(lx_proc *p, uint32_t addr, int ts64)
{
    int64_t sec, ns;
    int rc = addr ? lx_get_timespec(p, addr, ts64, &sec, &ns) : 0;
    if (rc) return rc;
    return !addr || sec > 100000000 ? -1 : sec * 1000 + ns / 1000000;
}

/* semtimedop: all operations or none; a process that must wait polls (a boot's semaphores
 * are rarely contended), for at most wait_ms when that is not -1. */
static int64_t semop_(lx_proc *p, int32_t id, uint32_t ops, uint32_t nops, int64_t wait_ms)
{
    uint64_t until = wait_ms >= 0 ? lx_vdeadline(p, (uint64_t)wait_ms * 1000000) : 0;
    uint8_t b[6 * 32];
    if (nops > 32) return -LX_E2BIG;
    if (lx_get(p, ops, b, 6 * nops)) return -LX_EFAULT;
    for (;;) {
        lx_lock(p->w);
        lx_sem *s = sem_by_id(p->w, id);
        if (!s) {
            lx_unlock(p->w);
            return -LX_EINVAL;
        }
        int ok = 1, nowait = 0;
        int32_t val[LX_NSEM];
        memcpy(val, s->val, sizeof val);
        for (uint32_t i = 0; i < nops && ok; i++) {
            uint16_t num = rd_le16(b + 6 * i), flg = rd_le16(b + 6 * i + 4);
            int16_t op = (int16_t)rd_le16(b + 6 * i + 2);
            if (num >= s->nsems) {
                lx_unlock(p->w);
                return -LX_EFBIG;
            }
            nowait |= flg & LX_IPC_NOWAIT;
            if (op == 0 ? val[num] != 0 : val[num] + op < 0)
                ok = 0;
            else
                val[num] += op;
        }
        if (ok) memcpy(s->val, val, sizeof val);
        lx_unlock(p->w);
        if (ok) return 0;
        if (nowait || (until && !lx_vwait_ns(p, until))) return -LX_EAGAIN;
        if (lx_sig_interrupted(p)) return -LX_EINTR;
        usleep(1000);
        lx_vwait_done(p);
    }
}

static int64_t semctl_(lx_proc *p, int32_t id, uint32_t num, uint32_t cmd, uint32_t arg)
{
    lx_lock(p->w);
    lx_sem *s = sem_by_id(p->w, id);
    int64_t rc = s ? 0 : -LX_EINVAL;
    if (s) switch (cmd & 0xff) {
        case LX_IPC_RMID: memset(s, 0, sizeof *s); break;
        case LX_IPC_STAT: { /* arg: a struct semid64_ds of o32 (ctime at 40, nsems at 44) */
            uint8_t st[56] = {0};
            lx_ipc_perm(st, s->key, s->uid, s->gid, s->mode);
            if (!(cmd & LX_IPC_64)) { /* the old semid_ds: old ipc_perm (26 bytes), the times
                                       * at 28 and 32, four unused pointers, nsems a u16 at 52 */
                memset(st + 26, 0, sizeof st - 26);
                wr_le32(st + 32, s->ctime);
                wr_le16(st + 52, (uint16_t)s->nsems);
            } else {
                wr_le32(st + 40, s->ctime);
                wr_le32(st + 44, s->nsems);
            }
            rc = lx_put(p, arg, st, sizeof st);
            break;
        }
        case LX_IPC_SET: { /* arg: the caller's semid64_ds or old semid_ds, 56 bytes each */
            uint8_t st[56];
            if (lx_get(p, arg, st, sizeof st)) {
                rc = -LX_EFAULT;
                break;
            }
            lx_ipc_set_perm(st, &s->uid, &s->gid, &s->mode);
            s->ctime = now_s(p->w);
            break;
        }
        case 12: rc = num < s->nsems ? s->val[num] : -LX_EINVAL; break; /* GETVAL */
        case 16:                                                        /* SETVAL */
            if (num < s->nsems) {
                s->val[num] = (int32_t)arg;
                s->ctime = now_s(p->w);
            } else {
                rc = -LX_EINVAL;
            }
            break;
        case 13: rc = getpid(); break; /* GETPID */
        case 14:
        case 15: rc = 0; break; /* GETNCNT, GETZCNT */
        case 17: {              /* SETALL */
            uint8_t v[2 * LX_NSEM];
            if (lx_get(p, arg, v, 2 * s->nsems)) rc = -LX_EFAULT;
            for (uint32_t i = 0; !rc && i < s->nsems; i++)
                s->val[i] = rd_le16(v + 2 * i);
            if (!rc) s->ctime = now_s(p->w);
            break;
        }
        case 18: { /* GETALL */
            uint8_t v[2 * LX_NSEM];
            for (uint32_t i = 0; i < s->nsems; i++)
                wr_le16(v + 2 * i, (uint16_t)s->val[i]);
            rc = lx_put(p, arg, v, 2 * s->nsems);
            break;
        }
        default: rc = -LX_EINVAL;
        }
    lx_unlock(p->w);
    return rc;
}

/* ipc(call, first, second, third, ptr, fifth) */
static int64_t sys_ipc(lx_proc *p, const uint32_t *a)
{
    int32_t first = (int32_t)a[1];
    switch (a[0] & 0xffff) {
    case 1: return semop_(p, first, a[4], a[2], -1);
    case 4: { /* SEMTIMEDOP: fifth points at a struct timespec of 32-bit fields, or is 0 */
        int64_t ms = timeout_ms(p, a[5], 0);
        return ms < -1 ? ms : semop_(p, first, a[4], a[2], ms);
    }
    case 2: return semget_(p, first, a[2], a[3]);
    case 3: { /* SEMCTL: ptr points at the union */
        uint8_t u[4] = {0};
        if (a[4] && lx_get(p, a[4], u, 4)) return -LX_EFAULT;
        return semctl_(p, first, a[2], a[3], rd_le32(u));
    }
    case 11: return lx_msgsnd(p, first, a[4], a[2], a[3]);
    case 12: { /* MSGRCV: version 0 passes {msgp, msgtyp} at ptr */
        uint32_t msgp = a[4], typ = a[5];
        if (!(a[0] >> 16)) {
            uint8_t k[8];
            if (lx_get(p, a[4], k, 8)) return -LX_EFAULT;
            msgp = rd_le32(k);
            typ = rd_le32(k + 4);
        }
        return lx_msgrcv(p, first, msgp, a[2], (int32_t)typ, a[3]);
    }
    case 13: return lx_msgget(p, first, a[2]);
    case 14: return lx_msgctl(p, first, a[2], a[4]);
    case 21: { /* SHMAT: the address goes to *third */
        int64_t at = shmat_(p, first, a[4]);
        if (at < 0 && at >= -1133) return at;
        uint8_t o[4];
        wr_le32(o, (uint32_t)at);
        return lx_put(p, a[3], o, 4);
    }
    case 22: return shmdt_(p, a[4]);
    case 23: return shmget_(p, first, a[2], a[3]);
    case 24: return shmctl_(p, first, a[2], a[4]);
    }
    return -LX_ENOSYS;
}

static int64_t sys_semget(lx_proc *p, const uint32_t *a)
{
    return semget_(p, (int32_t)a[0], a[1], a[2]);
}
static int64_t sys_semtimedop_time64(lx_proc *p, const uint32_t *a)
{
    int64_t ms = timeout_ms(p, a[3], 1); /* struct __kernel_timespec */
    return ms < -1 ? ms : semop_(p, (int32_t)a[0], a[1], a[2], ms);
}
static int64_t sys_semctl(lx_proc *p, const uint32_t *a)
{
    return semctl_(p, (int32_t)a[0], a[1], a[2], a[3]);
}
static int64_t sys_shmget(lx_proc *p, const uint32_t *a)
{
    return shmget_(p, (int32_t)a[0], a[1], a[2]);
}
static int64_t sys_shmat(lx_proc *p, const uint32_t *a)
{
    return shmat_(p, (int32_t)a[0], a[1]);
}
static int64_t sys_shmdt(lx_proc *p, const uint32_t *a)
{
    return shmdt_(p, a[0]);
}
static int64_t sys_shmctl(lx_proc *p, const uint32_t *a)
{
    return shmctl_(p, (int32_t)a[0], a[1], a[2]);
}

static int64_t sys_msgget(lx_proc *p, const uint32_t *a)
{
    return lx_msgget(p, (int32_t)a[0], a[1]);
}
static int64_t sys_msgsnd(lx_proc *p, const uint32_t *a)
{
    return lx_msgsnd(p, (int32_t)a[0], a[1], a[2], a[3]);
}
static int64_t sys_msgrcv(lx_proc *p, const uint32_t *a)
{
    return lx_msgrcv(p, (int32_t)a[0], a[1], a[2], (int32_t)a[3], a[4]);
}
static int64_t sys_msgctl(lx_proc *p, const uint32_t *a)
{
    return lx_msgctl(p, (int32_t)a[0], a[1], a[2]);
}

static const lx_call calls[] = {
    {LX_NR_ipc, sys_ipc},       {LX_NR_semget, sys_semget},
    {LX_NR_semctl, sys_semctl}, {LX_NR_shmget, sys_shmget},
    {LX_NR_shmctl, sys_shmctl}, {LX_NR_shmat, sys_shmat},
    {LX_NR_shmdt, sys_shmdt},   {LX_NR_msgget, sys_msgget},
    {LX_NR_msgsnd, sys_msgsnd}, {LX_NR_msgrcv, sys_msgrcv},
    {LX_NR_msgctl, sys_msgctl}, {LX_NR_semtimedop_time64, sys_semtimedop_time64},
};

const lx_call *lx_ipc_call(uint32_t nr)
{
    return lx_find_call(calls, sizeof calls / sizeof calls[0], nr);
}
