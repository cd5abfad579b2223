/* gdbstub.h: a gdb remote stub serving one dbg_target (target.h) over TCP. gdb_handle is the
 * protocol alone, one packet in and a reply out, with no socket (the fuzz target and the unit
 * tests drive it); gdb_serve runs a session on a connection: acks, retransmission, resuming the
 * target while watching the socket for gdb's interrupt. */
#ifndef WA_GDBSTUB_H
#define WA_GDBSTUB_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "rsp.h"
#include "target.h"

#define GDB_NBREAK 64 /* breakpoints and watchpoints set at once */
#define GDB_NPROC 8   /* processes attached at once (a fork's child followed) */

typedef struct gdb_break {
    int kind; /* enum dbg_break_kind; -1: a free slot */
    uint32_t addr, len;
} gdb_break;

/* A process attached besides the one whose state is in the session's own fields. */
typedef struct gdb_proc {
    const dbg_target *t;
    int pid;      /* 0: a free entry */
    int followed; /* a fork's child the target's follow gave: let_go frees it */
    dbg_event why;
    gdb_break bp[GDB_NBREAK];
} gdb_proc;

typedef struct gdb_session {
    const dbg_target *t;
    int attached;  /* qAttached's answer: 1 when the stub took a target already running (gdb
                    * detaches at its end), 0 when it started it (gdb kills it) */
    int noack;     /* QStartNoAckMode was agreed */
    int user;      /* the target is one user-mode process (its end is the session's end) */
    int tid;       /* the one thread's id in replies (the process's pid; 1 for the kernel) */
    int gone;      /* the target ended (W or X was sent): only a new session could go on */
    dbg_event why; /* the last stop */
    gdb_break bp[GDB_NBREAK];
    int step;   /* with GDB_RESUME: a single step */
    int ending; /* with GDB_DETACH or GDB_KILL */
    /* gdb's multiprocess+ and fork-events+ (a target that can follow): thread ids are
     * pPID.TID, a fork stops as T05fork:pCHILD.CHILD;, its child is attached too. t, bp, tid
     * and why above are the current process's (Hg, vCont's thread, the last stop); proc[cur]
     * is its entry (not kept up to date while it is current), the others are saved there. */
    int multi;
    int followed; /* the current process came from follow */
    int cur;
    gdb_proc proc[GDB_NPROC];
} gdb_session;

/* What the server does after a packet. */
enum gdb_action {
    GDB_REPLY,  /* send the reply */
    GDB_QUIET,  /* send nothing (k) */
    GDB_RESUME, /* run the target (s->step), then send gdb_stop_reply */
    GDB_DETACH, /* send the reply, then leave the target running on its own */
    GDB_KILL,   /* the target is to be ended (k, vKill) */
};

/* A session on target t, stopped now for the reason in first. */
void gdb_session_init(gdb_session *s, const dbg_target *t, const dbg_event *first, int attached);
/* One packet's data (framing removed): its reply (no framing) in out, NUL-terminated, at most
 * cap - 1 bytes; *n its length (binary replies hold NULs). Returns enum gdb_action. */
int gdb_handle(gdb_session *s, const char *pkt, size_t len, char *out, size_t cap, size_t *n);
/* The stop reply for ev (recorded as the last stop): T, W or X. */
size_t gdb_stop_reply(gdb_session *s, const dbg_event *ev, char *out, size_t cap);

/* A listening socket for "HOST:PORT", ":PORT" or "PORT" (HOST: 127.0.0.1 when not given;
 * PORT 0: one the kernel picks). The descriptor, its port in *port; -1 with e set. */
int gdb_listen(const char *spec, int *port, wa_err *e);

/* How a session ended. */
enum gdb_end {
    GDB_END_DETACHED, /* gdb detached: the target goes on without a debugger */
    GDB_END_KILLED,   /* gdb asked for the target's end */
    GDB_END_GONE,     /* the target ended (its end was reported to gdb) */
    GDB_END_HANGUP,   /* gdb closed the connection without a word */
};
/* Accept one connection on lfd and serve t on it until gdb detaches, kills, the target ends
 * or the connection closes. Returns enum gdb_end, or -1 with e set (accept failed). */
int gdb_serve(int lfd, const dbg_target *t, const dbg_event *first, int attached, wa_err *e);

#endif
