/* test_gdb_kernel.c: Debian's gdb-multiarch in batch mode against `wa-emu debug --gdb` on the
 * example image with the 6.1 fixture kernel: it connects, breaks at the kernel's entry (read
 * from vmlinux's ELF header here), reads the first two words there and compares them with
 * vmlinux's bytes, steps one instruction, reads the registers, continues to start_kernel and
 * detaches. The port is the one wa-emu prints (port 0: the kernel picks), read before gdb
 * connects. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define VMLINUX WA_FIXTURES "/kernel/vmlinux"
#define IMAGE WA_FIXTURES "/images/pass.bin"

static uint32_t le32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* vmlinux's entry and the two words there, from its program headers */
static void entry_words(uint32_t *entry, uint32_t w[2])
{
    FILE *f = fopen(VMLINUX, "rb");
    cr_assert(f, "%s", VMLINUX);
    uint8_t h[52], ph[32];
    cr_assert_eq(fread(h, 1, sizeof h, f), sizeof h);
    *entry = le32(h + 24);
    uint32_t phoff = le32(h + 28), phnum = h[44] | h[45] << 8;
    int found = 0;
    for (uint32_t i = 0; i < phnum && !found; i++) {
        fseek(f, (long)(phoff + 32 * i), SEEK_SET);
        cr_assert_eq(fread(ph, 1, sizeof ph, f), sizeof ph);
        uint32_t off = le32(ph + 4), va = le32(ph + 8), filesz = le32(ph + 16);
        if (le32(ph) != 1 || *entry < va || *entry + 8 > va + filesz) continue;
        uint8_t b[8];
        fseek(f, (long)(off + (*entry - va)), SEEK_SET);
        cr_assert_eq(fread(b, 1, 8, f), 8u);
        w[0] = le32(b);
        w[1] = le32(b + 4);
        found = 1;
    }
    fclose(f);
    cr_assert(found, "no segment of vmlinux holds its entry 0x%08x", *entry);
}

Test(gdb_kernel, entry_words_step_registers_start_kernel_detach)
{
    uint32_t entry, w[2];
    entry_words(&entry, w);
    int e[2];
    cr_assert_eq(pipe(e), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        dup2(e[1], 2);
        close(e[0]);
        close(e[1]);
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        execl(WA_BIN, WA_BIN, "debug", "--board", "ar7-8m", "--gdb", "127.0.0.1:0", IMAGE, NULL);
        _exit(127);
    }
    close(e[1]);
    FILE *err = fdopen(e[0], "r");
    char line[512];
    int port = 0;
    while (!port && fgets(line, sizeof line, err)) {
        const char *at = strstr(line, "gdb: listening on port ");
        if (at) port = atoi(at + strlen("gdb: listening on port "));
    }
    cr_assert_gt(port, 0, "no port from wa-emu debug --gdb");
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "gdb-multiarch -batch -nx -ex 'set pagination off' -ex 'file %s' "
             "-ex 'target remote 127.0.0.1:%d' -ex 'break *0x%x' -ex continue "
             "-ex 'x/2wx 0x%x' -ex stepi -ex 'info registers' -ex 'break start_kernel' "
             "-ex continue -ex detach 2>&1",
             VMLINUX, port, entry, entry);
    FILE *g = popen(cmd, "r");
    cr_assert(g);
    static char out[1 << 16];
    size_t n = fread(out, 1, sizeof out - 1, g);
    out[n] = 0;
    pclose(g);
    kill(pid, SIGTERM); /* detached, the kernel runs on: the test is over */
    int st;
    waitpid(pid, &st, 0);
    fclose(err);
    char want[128];
    snprintf(want, sizeof want, "Breakpoint 1, 0x%08x in kernel_entry ()", entry);
    cr_expect(strstr(out, want), "%s not in:\n%s", want, out);
    snprintf(want, sizeof want, "0x%08x\t0x%08x", w[0], w[1]);
    cr_expect(strstr(out, want), "%s not in:\n%s", want, out);
    snprintf(want, sizeof want, "0x%08x in kernel_entry ()", entry + 4);
    cr_expect(strstr(out, want), "%s not in:\n%s", want, out);
    cr_expect(strstr(out, "status") && strstr(out, "badvaddr") && strstr(out, "cause"), "%s", out);
    /* start_kernel's address from vmlinux's symbols, through gdb's own reading of them */
    cr_expect(strstr(out, "Breakpoint 2, 0x") && strstr(out, " in start_kernel ()"), "%s", out);
    cr_expect(strstr(out, "[Inferior 1 (Remote target) detached]"), "%s", out);
}
