/* msgq.c: SysV message queues, in the world's shared mapping so that every guest process
 * (a host process) sees the same queues. A queue keeps its messages in one buffer in the
 * order sent; a receiver takes the first that matches its type and the rest move up. A
 * sender or receiver that must wait polls, as semop does. */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bytes.h"
#include "lx_int.h"

#define MSG_NOERROR_ 0x1000
#define MSG_EXCEPT_ 0x2000
#define MSQID64_DS 88 /* sizeof (struct msqid64_ds) on o32 */

static lx_msq *msq_by_id(lx_world *w, int32_t id)
{
    for (int i = 0; i < LX_NMSQ; i++)
        if (w->msq[i].id == id && id) return &w->msq[i];
    return NULL;
}

/* The world locked and queue id in it; NULL (and unlocked) when there is none. */
static lx_msq *lock_queue(lx_proc *p, int32_t id)
{
    lx_lock(p->w);
    lx_msq *q = msq_by_id(p->w, id);
    if (!q) lx_unlock(p->w);
    return q;
}

int64_t lx_msgget(lx_proc *p, int32_t key, uint32_t flg)
{
    lx_world *w = p->w;
    int64_t rc = -LX_ENOSPC;
    lx_lock(w);
    for (int i = 0; key && i < LX_NMSQ; i++)
        if (w->msq[i].id && w->msq[i].key == key) {
            rc = (flg & LX_IPC_CREAT) && (flg & LX_IPC_EXCL) ? -LX_EEXIST : w->msq[i].id;
            goto out;
        }
    if (key && !(flg & LX_IPC_CREAT)) {
        rc = -LX_ENOENT;
        goto out;
    }
    for (int i = 0; i < LX_NMSQ; i++)
        if (!w->msq[i].id) {
            lx_msq *q = &w->msq[i];
            memset(q, 0, offsetof(lx_msq, buf));
            q->key = key;
            q->id = w->shm_next_id++;
            q->mode = flg & 0777;
            q->qbytes = LX_MSGMNB;
            q->ctime = (uint32_t)(lx_vreal_ns(p->w) / 1000000000);
            rc = q->id;
            break;
        }
out:
    lx_unlock(w);
    return rc;
}

int64_t lx_msgsnd(lx_proc *p, int32_t id, uint32_t msgp, uint32_t sz, uint32_t flg)
{
    uint8_t msg[8 + LX_MSGMAX]; /* the message as stored: type, length, text */
    if (sz > LX_MSGMAX) return -LX_EINVAL;
    if (lx_get(p, msgp, msg, 4) || lx_get(p, msgp + 4, msg + 8, sz)) return -LX_EFAULT;
    if ((int32_t)rd_le32(msg) < 1) return -LX_EINVAL;
    wr_le32(msg + 4, sz);
    for (int waited = 0;; waited = 1) {
        lx_msq *q = lock_queue(p, id);
        if (!q) return waited ? -LX_EIDRM : -LX_EINVAL; /* removed while waiting: EIDRM */
        if (q->cbytes + sz <= q->qbytes && q->qnum < LX_MSGQ_MSGS) {
            memcpy(q->buf + q->used, msg, 8 + sz);
            q->used += 8 + sz;
            q->cbytes += sz;
            q->qnum++;
            q->lspid = lx_vpid(p->w, p->pid);
            q->stime = (uint32_t)(lx_vreal_ns(p->w) / 1000000000);
            lx_unlock(p->w);
            return 0;
        }
        lx_unlock(p->w);
        if (flg & LX_IPC_NOWAIT) return -LX_EAGAIN;
        if (lx_sig_interrupted(p)) return -LX_EINTR;
        usleep(1000);
    }
}

/* The offset in q->buf of the message msgrcv takes for typ and flg, or -1. */
static int64_t pick(const lx_msq *q, int32_t typ, uint32_t flg)
{
    int64_t best = -1;
    int32_t lowest = 0;
    for (uint32_t at = 0; at < q->used; at += 8 + rd_le32(q->buf + at + 4)) {
        int32_t t = (int32_t)rd_le32(q->buf + at);
        if (typ == 0) return at;
        if (typ > 0 && ((flg & MSG_EXCEPT_) ? t != typ : t == typ)) return at;
        if (typ < 0 && t <= -(int64_t)typ && (best < 0 || t < lowest)) best = at, lowest = t;
    }
    return best;
}

int64_t lx_msgrcv(lx_proc *p, int32_t id, uint32_t msgp, uint32_t sz, int32_t typ, uint32_t flg)
{
    uint8_t msg[8 + LX_MSGMAX];
    if ((int32_t)sz < 0) return -LX_EINVAL;
    for (int waited = 0;; waited = 1) {
        lx_msq *q = lock_queue(p, id);
        if (!q) return waited ? -LX_EIDRM : -LX_EINVAL; /* removed while waiting: EIDRM */
        int64_t at = pick(q, typ, flg);
        if (at >= 0) {
            uint32_t len = rd_le32(q->buf + at + 4);
            if (len > sz && !(flg & MSG_NOERROR_)) {
                lx_unlock(p->w);
                return -LX_E2BIG; /* the message stays */
            }
            memcpy(msg, q->buf + at, 8 + len);
            memmove(q->buf + at, q->buf + at + 8 + len, q->used - (uint32_t)at - 8 - len);
            q->used -= 8 + len;
            q->cbytes -= len;
            q->qnum--;
            q->lrpid = lx_vpid(p->w, p->pid);
            q->rtime = (uint32_t)(lx_vreal_ns(p->w) / 1000000000);
            lx_unlock(p->w);
            if (len > sz) len = sz;
            /* a bad buffer loses the message, as on Linux */
            if (lx_put(p, msgp, msg, 4) || lx_put(p, msgp + 4, msg + 8, len)) return -LX_EFAULT;
            return len;
        }
        lx_unlock(p->w);
        if (flg & LX_IPC_NOWAIT) return -LX_ENOMSG;
        if (lx_sig_interrupted(p)) return -LX_EINTR;
        usleep(1000);
    }
}

/* msgctl without IPC_64 (2.4-era C libraries): the old struct msqid_ds of o32, 72 bytes: the
 * old ipc_perm (key, uid, gid, cuid, cgid, mode, a u16 seq), two unused pointers, the times at
 * 36, 40, 44, msg_lcbytes and msg_lqbytes (the full counts) at 48 and 52, then cbytes, qnum
 * and qbytes as u16s (clamped to 65535) at 56, 58, 60 and the two pids at 64 and 68. */
#define MSQID_DS_OLD 72
static void old_msqid(uint8_t *st, const lx_msq *q)
{
    uint8_t perm[36];
    lx_ipc_perm(perm, q->key, q->uid, q->gid, q->mode);
    memcpy(st, perm, 26);
    const uint32_t w[][2] = {{36, q->stime},          {40, q->rtime},  {44, q->ctime},
                             {48, q->cbytes},         {52, q->qbytes}, {64, (uint32_t)q->lspid},
                             {68, (uint32_t)q->lrpid}};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        wr_le32(st + w[i][0], w[i][1]);
    const uint32_t h[][2] = {{56, q->cbytes}, {58, q->qnum}, {60, q->qbytes}};
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++)
        wr_le16(st + h[i][0], (uint16_t)(h[i][1] > 65535 ? 65535 : h[i][1]));
}

int64_t lx_msgctl(lx_proc *p, int32_t id, uint32_t cmd, uint32_t buf)
{
    uint8_t st[MSQID64_DS] = {0};
    int op = cmd & 0xff, old = !(cmd & LX_IPC_64);
    if (op == LX_IPC_SET && lx_get(p, buf, st, old ? MSQID_DS_OLD : sizeof st)) return -LX_EFAULT;
    if (op == LX_IPC_SET && old) { /* to the new layout's places: mode at 20, qbytes at 68 */
        uint32_t qbytes = rd_le16(st + 60);
        memset(st + 24, 0, sizeof st - 24);
        wr_le32(st + 68, qbytes);
    }
    lx_lock(p->w);
    lx_msq *q = msq_by_id(p->w, id);
    int64_t rc = q ? 0 : -LX_EINVAL;
    if (q && op == LX_IPC_RMID) {
        q->id = 0; /* waiters see it gone: EIDRM */
    } else if (q && op == LX_IPC_SET) {
        uint32_t qbytes = rd_le32(st + 68);
        if (qbytes > LX_MSGMNB) {
            rc = -LX_EPERM; /* raising it past the limit takes CAP_SYS_RESOURCE */
        } else {
            lx_ipc_set_perm(st, &q->uid, &q->gid, &q->mode);
            q->qbytes = qbytes;
            q->ctime = (uint32_t)(lx_vreal_ns(p->w) / 1000000000);
        }
    } else if (q && op == LX_IPC_STAT && old) {
        old_msqid(st, q);
    } else if (q && op == LX_IPC_STAT) {
        lx_ipc_perm(st, q->key, q->uid, q->gid, q->mode);
        const uint32_t f[][2] = {
            {36, q->stime}, {44, q->rtime},  {52, q->ctime},           {60, q->cbytes},
            {64, q->qnum},  {68, q->qbytes}, {72, (uint32_t)q->lspid}, {76, (uint32_t)q->lrpid},
        };
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
            wr_le32(st + f[i][0], f[i][1]);
    } else if (q) {
        rc = -LX_EINVAL;
    }
    lx_unlock(p->w);
    if (!rc && op == LX_IPC_STAT) rc = lx_put(p, buf, st, old ? MSQID_DS_OLD : sizeof st);
    return rc;
}
