/* lx_int.h: the process state shared by the user-mode personality's files. */
#ifndef WA_LX_INT_H
#define WA_LX_INT_H

#include <unicorn/unicorn.h>

#include "lx.h"

#define LX_PAGE 4096u
#define LX_STACK_TOP 0x7fff0000u
#define LX_STACK_SIZE (8u << 20)
#define LX_MMAP_BASE 0x60000000u
#define LX_NFD 64

/* A guest file descriptor: one of the host's standard streams, or a file or directory of the
 * image (read-only). */
typedef struct lx_fd {
    int used;
    int host;     /* >= 0: that host descriptor (a standard stream or a pipe) */
    sqfs_ref ref; /* otherwise: the file in the image */
    uint32_t mode;
    int cloexec;
    uint64_t off;   /* bytes read so far; for a directory, entries returned so far */
    char path[512]; /* its absolute path in the image, for *at() calls relative to it */
} lx_fd;

typedef struct lx_proc {
    uc_engine *uc;
    sqfs *fs;
    const lx_opts *o;
    lx_result *r;
    uint32_t brk_start, brk, brk_mapped; /* heap: [brk_start, brk), mapped up to brk_mapped */
    uint32_t mmap_next;
    uint32_t mapped; /* bytes of guest memory mapped, against o->ram */
    uint32_t pid;
    uint32_t block, block_size; /* the block running now: Unicorn's PC is stale in exceptions */
    lx_fd fd[LX_NFD];
    char cwd[1024];
    /* execve: the new program, run on a fresh engine once this one has stopped */
    int exec_pending;
    char *exec_file, *exec_argv[64], *exec_envp[64];
    char exec_buf[65536];
} lx_proc;

/* syscall_fs.c: file system calls over the image's SquashFS; NULL where not a file call. */
typedef int64_t (*lx_fn)(lx_proc *p, const uint32_t *a);
lx_fn lx_fs_call(uint32_t nr, const char **name);
/* syscall_proc.c: processes, pipes and descriptors; NULL where not one of those. */
lx_fn lx_proc_call(uint32_t nr, const char **name);

/* Map [addr, addr+len) (page-aligned) and count it against the RAM limit. */
int lx_map(lx_proc *p, uint32_t addr, uint32_t len, wa_err *e);

/* load.c: map the static ELF at path and build the initial stack; sets pc and sp. */
int lx_load(lx_proc *p, const char *path, int argc, char **argv, char **envp, wa_err *e);

/* syscall.c: the o32 system call dispatcher (a UC_HOOK_INTR callback). */
void lx_syscall(uc_engine *uc, uint32_t intno, void *user);

#endif
