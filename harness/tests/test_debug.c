/* test_debug.c: `wa-emu debug` on the example image and the 6.1 fixture kernel, driven
 * through a pipe and through tmux as a person would, against references it does not share
 * code with: binutils' objdump and readelf of vmlinux, the kernel's System.map, the kernel's
 * own console (its command line and memory size) and `wa-emu inspect`'s partition map for
 * what ADAM2 hands over. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define IMG WA_FIXTURES "/images/"
#define VMLINUX WA_FIXTURES "/kernel/vmlinux"
#define SYSMAP WA_FIXTURES "/kernel/System.map"

/* wa-emu debug with cmds on its standard input (a pipe); stdout and stderr in *out. */
static int debug(const char *image, const char *opts, const char *cmds, char **out)
{
    char path[] = "/tmp/wa-dbg-cmds-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, cmds, strlen(cmds)), (ssize_t)strlen(cmds));
    close(fd);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cat '%s' | '%s' debug --board ar7-8m %s %s%s 2>&1", path, WA_BIN,
             opts, IMG, image);
    int rc = run(cmd, out);
    unlink(path);
    return rc;
}

/* One disassembled line of ours: "0xADDR[ <sym>]:\tWORD\ttext". 1 when line is one. */
static int our_line(const char *line, uint32_t *addr, uint32_t *word, char *text, size_t cap)
{
    const char *p = line;
    if (!strncmp(p, "(wa-emu) ", 9)) p += 9; /* the prompt the command was typed after */
    while (*p == ' ')
        p++;
    if (strncmp(p, "0x", 2)) return 0;
    char *end;
    *addr = (uint32_t)strtoul(p, &end, 16);
    const char *t = end;
    if (end - p != 10) return 0;
    if (!strncmp(t, " <", 2)) { /* its symbol */
        t += strcspn(t, ">\n");
        if (*t++ != '>') return 0;
    }
    if (strncmp(t, ":\t", 2)) return 0;
    *word = (uint32_t)strtoul(t + 2, &end, 16);
    if (*end != '\t' || end - (t + 2) != 8) return 0;
    const char *nl = strchr(end + 1, '\n');
    size_t n = nl ? (size_t)(nl - end - 1) : strlen(end + 1);
    snprintf(text, cap, "%.*s", (int)n, end + 1);
    return 1;
}

/* objdump's line for the instruction at addr: its word and text. */
static void objdump_at(uint32_t addr, uint32_t *word, char *text, size_t cap)
{
    char cmd[512], *out;
    snprintf(cmd, sizeof cmd,
             "mipsel-linux-gnu-objdump -d --start-address=0x%x --stop-address=0x%x '%s' | "
             "grep '^%x:'",
             addr, addr + 4, VMLINUX, addr);
    cr_assert_eq(run(cmd, &out), 0, "objdump has no instruction at 0x%08x", addr);
    char *t = strchr(out, '\t');
    cr_assert(t, "objdump: %s", out);
    *word = (uint32_t)strtoul(t + 1, &t, 16);
    while (*t == ' ' || *t == '\t')
        t++;
    t[strcspn(t, "\n")] = 0;
    snprintf(text, cap, "%s", t);
    free(out);
}

/* An instruction's text in one form both spellings reach: the mnemonic, then the operands
 * as registers and numbers (a number's value, whichever base it is written in; objdump
 * writes a branch target as bare hex; "(t0)" is "0(t0)"), without a trailing <symbol>. */
static void canon(const char *in, int objdump, char *out, size_t cap)
{
    char s[256];
    snprintf(s, sizeof s, "%s", in);
    char *lt = strstr(s, " <");
    if (lt) *lt = 0;
    size_t k = 0;
    char *p = s;
    while (*p && !isspace((unsigned char)*p) && k + 1 < cap)
        out[k++] = *p++;
    while (*p && k + 24 < cap) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (!*p) break;
        out[k++] = ' ';
        if (*p == '(') { /* an offset left out */
            k += (size_t)snprintf(out + k, cap - k, "0");
        }
        char tok[64];
        size_t n = 0;
        while (*p && *p != ',' && *p != ' ' && *p != '(' && *p != ')' && n + 1 < sizeof tok)
            tok[n++] = *p++;
        tok[n] = 0;
        int hexonly = n >= 6;
        for (size_t i = 0; i < n; i++)
            hexonly &= isxdigit((unsigned char)tok[i]) != 0;
        if (n && (isdigit((unsigned char)tok[0]) || tok[0] == '-')) {
            long long v = strtoll(tok, NULL, objdump && hexonly ? 16 : 0);
            k += (size_t)snprintf(out + k, cap - k, "%lld", (long long)(int64_t)(int32_t)v);
        } else {
            k += (size_t)snprintf(out + k, cap - k, "%s", strcmp(tok, "fp") ? tok : "s8");
        }
        if (*p == '(' || *p == ')') out[k++] = *p++;
        if (p[-1] == '(') { /* the base register */
            while (*p && *p != ')' && k + 2 < cap)
                out[k++] = *p++;
            if (*p == ')') out[k++] = *p++;
        }
    }
    out[k] = 0;
}

/* The trace file at path as a NUL-terminated string (slurp gives its bytes only). */
static char *slurp_text(const char *path)
{
    size_t len;
    uint8_t *b = slurp(path, &len);
    char *t = realloc(b, len + 1);
    cr_assert(t);
    t[len] = 0;
    return t;
}

/* Every disassembled line of ours in out is objdump's instruction at its address; the
 * addresses in order into addrs (up to max); their count. */
static int check_lines(const char *out, uint32_t *addrs, int max)
{
    int n = 0;
    for (const char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        uint32_t a, w, ow;
        char t[256], ot[256], c1[256], c2[256];
        if (!our_line(l, &a, &w, t, sizeof t)) continue;
        objdump_at(a, &ow, ot, sizeof ot);
        cr_expect_eq(w, ow, "0x%08x: word %08x, objdump %08x", a, w, ow);
        canon(t, 0, c1, sizeof c1);
        canon(ot, 1, c2, sizeof c2);
        cr_expect_str_eq(c1, c2, "0x%08x: '%s' is not objdump's '%s'", a, t, ot);
        if (n < max) addrs[n] = a;
        n++;
    }
    return n;
}

/* The value of register name in a `regs` listing (the first one after from). */
static uint32_t reg_in(const char *from, const char *name)
{
    char key[16];
    snprintf(key, sizeof key, "\n%s ", name);
    const char *p = strstr(from, key);
    if (!p) { /* not first on its line */
        snprintf(key, sizeof key, "   %s ", name);
        p = strstr(from, key);
    }
    cr_assert(p, "no register %s in:\n%s", name, from);
    p += strlen(key);
    return (uint32_t)strtoul(p, NULL, 16);
}

/* The words x/Nx printed after "0xADDR...:" lines from p: up to max. */
static int words_in(const char *p, uint32_t *w, int max)
{
    int n = 0;
    const char *colon = strchr(p, ':');
    while (colon && n < max) {
        const char *e = colon + 1;
        while (n < max && *e == ' ' && e[1] == '0' && e[2] == 'x') {
            w[n++] = (uint32_t)strtoul(e + 1, (char **)&e, 16);
        }
        if (*e != '\n' || strncmp(e + 1, "0x", 2)) break;
        colon = strchr(e + 1, ':');
    }
    return n;
}

Test(debug, kernel_entry_steps_regs_and_handoff_match_objdump_and_the_kernel)
{
    uint32_t entry = kernel_symbol("kernel_entry");
    cr_assert_eq(entry, readelf_entry(VMLINUX), "System.map and readelf agree on the entry");
    /* at ADAM2's hand-off: the registers and what a1 and a2 point at */
    char *h;
    cr_assert_eq(debug("pass.bin", "", "regs\nx/8x $a1\nx/16x $a2\nquit\n", &h), 0, "%s", h);
    uint32_t ha[4];
    const char *regs = strstr(h, "zero ");
    cr_assert(regs, "%s", h);
    for (int i = 0; i < 4; i++) {
        char n[4] = {'a', (char)('0' + i), 0};
        ha[i] = reg_in(regs - 1, n);
    }
    uint32_t argv[8], envp[16];
    const char *xa = strstr(regs, "\n(wa-emu) 0x");
    cr_assert(xa, "%s", h);
    int na = words_in(xa + 10, argv, 8);
    const char *xe = strstr(xa + 10, "\n(wa-emu) 0x");
    cr_assert(xe, "%s", h);
    int ne = words_in(xe + 10, envp, 16);
    int argc = 0;
    while (argc < na && argv[argc])
        argc++;
    cr_assert_eq(ha[0], (uint32_t)argc, "a0 is argc: the pointers before NULL at a1 (%d)", argc);
    cr_assert_geq(ne, 10);

    /* the run: the kernel entry, ten steps, the same registers, the strings still there,
     * then the kernel's own account of them */
    char cmds[2048];
    size_t k = (size_t)snprintf(cmds, sizeof cmds, "break kernel-entry\ncontinue\nregs\n");
    for (int i = 0; i < argc; i++)
        k += (size_t)snprintf(cmds + k, sizeof cmds - k, "x/s 0x%x\n", argv[i]);
    for (int i = 0; i < 10; i++)
        k += (size_t)snprintf(cmds + k, sizeof cmds - k, "x/s 0x%x\n", envp[i]);
    k += (size_t)snprintf(cmds + k, sizeof cmds - k,
                          "step 10\nbreak flash-probe\ncontinue\nlog\n"
                          "quit\n");
    char *o;
    cr_assert_eq(debug("pass.bin", "--symbols " SYSMAP, cmds, &o), 0, "%s", o);
    char stop[96];
    snprintf(stop, sizeof stop, "milestone kernel-entry (breakpoint 1), 0x%08x <kernel_entry>",
             entry);
    cr_assert(strstr(o, stop), "stops at %s:\n%s", stop, o);
    const char *r = strstr(o, "zero ");
    cr_assert(r);
    cr_expect_eq(reg_in(r - 1, "pc"), entry);
    for (int i = 0; i < 4; i++) {
        char n[4] = {'a', (char)('0' + i), 0};
        cr_expect_eq(reg_in(r - 1, n), ha[i], "%s at the entry is ADAM2's 0x%08x", n, ha[i]);
    }
    /* argv[1..] is the kernel's command line; a3 the memory it finds; a2 the partitions */
    char want[512] = "Kernel command line:", s[300], line[64];
    for (int i = 0; i < argc; i++) {
        snprintf(line, sizeof line, "0x%08x: \"", argv[i]);
        const char *q = strstr(o, line);
        cr_assert(q, "argv[%d] at 0x%08x is still there at the entry:\n%s", i, argv[i], o);
        q += strlen(line);
        snprintf(s, sizeof s, "%.*s", (int)strcspn(q, "\""), q);
        if (i) {
            strcat(want, " ");
            strcat(want, s);
        } else {
            cr_expect_str_eq(s, "adam2", "argv[0] is the loader's name");
        }
    }
    cr_expect(strstr(o, want), "the console has '%s':\n%s", want, o);
    const char *mem = strstr(o, "Memory: ");
    cr_assert(mem, "%s", o);
    const char *slash = strchr(mem, '/');
    cr_assert(slash);
    cr_expect_eq(strtoul(slash + 1, NULL, 10) * 1024, ha[3], "a3 is the RAM the kernel has");
    char *insp;
    cr_assert_eq(run("'" WA_BIN "' inspect --board ar7-8m " IMG "pass.bin", &insp), 0);
    for (int i = 0; i + 1 < 10; i += 2) {
        char name[64], value[64];
        snprintf(line, sizeof line, "0x%08x: \"", envp[i]);
        const char *q = strstr(o, line);
        cr_assert(q, "env %d", i);
        snprintf(name, sizeof name, "%.*s", (int)strcspn(q + strlen(line), "\""), q + strlen(line));
        snprintf(line, sizeof line, "0x%08x: \"", envp[i + 1]);
        q = strstr(o, line);
        cr_assert(q, "env %d", i + 1);
        snprintf(value, sizeof value, "%.*s", (int)strcspn(q + strlen(line), "\""),
                 q + strlen(line));
        if (strncmp(name, "mtd", 3)) continue;
        unsigned a, b;
        cr_assert_eq(sscanf(value, "%x,%x", &a, &b), 2, "%s=%s", name, value);
        char part[80];
        snprintf(part, sizeof part, "  %s ", name);
        const char *pl = strstr(insp, part);
        cr_assert(pl, "inspect lists %s:\n%s", name, insp);
        snprintf(part, sizeof part, "0x%08x-0x%08x", a, b);
        cr_expect(strstr(pl, part) && strstr(pl, part) < strchr(pl + 1, '\n'),
                  "ADAM2's %s=%s is inspect's partition: %.80s", name, value, pl);
    }
    free(insp);
    /* the eleven instructions shown (the entry and ten steps) are objdump's */
    const char *from = strstr(o, stop);
    const char *to = strstr(from, "breakpoint 2 on flash-probe");
    cr_assert(to);
    char *span = strndup(from, (size_t)(to - from));
    uint32_t addrs[16];
    int n = check_lines(span, addrs, 16);
    cr_expect_eq(n, 11, "the entry and ten steps:\n%s", span);
    cr_expect_eq(addrs[0], entry);
    free(span);
    free(h);
    free(o);
}

Test(debug, break_panic_on_the_xz_root_stops_in_panic_with_the_callers)
{
    uint32_t panic = kernel_symbol("panic");
    char *o;
    cr_assert_eq(debug("noboot-rootfs-xz.bin", "--symbols " SYSMAP,
                       "break panic\ncontinue\nbt\n"
                       "regs\nquit\n",
                       &o),
                 0, "%s", o);
    char stop[64];
    snprintf(stop, sizeof stop, "breakpoint 1, 0x%08x <panic>", panic);
    cr_assert(strstr(o, stop), "%s", o);
    const char *bt = strstr(o, "#0  ");
    cr_assert(bt, "%s", o);
    cr_expect(!strncmp(bt, "#0  ", 4) && strstr(bt, " in panic "), "%s", bt);
    cr_expect(strstr(bt, " in mount_block_root+"), "%s", bt);
    cr_expect(strstr(bt, " in mount_root, which tail-called"), "%s", bt);
    cr_expect(strstr(bt, " in prepare_namespace+"), "%s", bt);
    /* each caller's return address follows a jal in objdump, in the function it names; a
     * tail call is a `j` to the frame above in the function named */
    int frames = 0;
    for (const char *l = bt; l && *l && *l != '('; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : 0) {
        unsigned f, pc;
        char name[128];
        if (sscanf(l, "#%u 0x%x in %127[^+ ]", &f, &pc, name) != 3 || !f) continue;
        char cmd[512], *od;
        snprintf(cmd, sizeof cmd,
                 "mipsel-linux-gnu-objdump -d --start-address=0x%x --stop-address=0x%x '%s' | "
                 "grep -A1 '^[0-9a-f]* <'",
                 pc - 8, pc - 4, VMLINUX);
        cr_assert_eq(run(cmd, &od), 0, "%s", cmd);
        char head[160];
        snprintf(head, sizeof head, "<%s+", name);
        cr_expect(strstr(od, head), "frame %u: 0x%08x is in %s: %s", f, pc - 8, name, od);
        cr_expect(strstr(od, "\tjal"), "frame %u: a call before 0x%08x: %s", f, pc, od);
        free(od);
        frames++;
    }
    cr_expect_geq(frames, 3, "%s", bt);
    uint32_t mr = kernel_symbol("mount_root"), mbr = kernel_symbol("mount_block_root");
    char cmd[512], *od;
    snprintf(cmd, sizeof cmd,
             "mipsel-linux-gnu-objdump -d --start-address=0x%x --stop-address=0x%x '%s' | grep "
             "-c 'j\t%x <mount_block_root>'",
             mr, kernel_symbol("mount_root") + 0x400, VMLINUX, mbr);
    cr_expect_eq(run(cmd, &od), 0, "mount_root jumps to mount_block_root (a tail call)");
    free(od);
    free(o);
}

Test(debug, trace_starts_with_objdumps_instructions_at_the_entry)
{
    uint32_t entry = kernel_symbol("kernel_entry");
    char path[] = "/tmp/wa-dbg-trace-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    char cmd[1024], *o;
    snprintf(cmd, sizeof cmd,
             "'%s' debug --board ar7-8m --symbols %s --trace %s --trace-insn --trace-limit 16 "
             "%spass.bin 2>&1",
             WA_BIN, SYSMAP, path, IMG);
    cr_assert_eq(run(cmd, &o), 0, "%s", o);
    cr_expect(strstr(o, "traced 16 instructions from kernel-entry"), "%s", o);
    char *t = slurp_text(path);
    uint32_t addrs[16];
    int n = check_lines(t, addrs, 16);
    cr_expect_eq(n, 16, "%s", t);
    cr_expect_eq(addrs[0], entry);
    for (int i = 1; i < n && i < 10; i++) /* the entry's code runs straight for ten words */
        cr_expect_eq(addrs[i], entry + 4 * (uint32_t)i, "%s", t);
    free(t);
    free(o);
    /* blocks: a header, then the block's instructions */
    snprintf(cmd, sizeof cmd,
             "'%s' debug --board ar7-8m --trace %s --trace-limit 3 %spass.bin 2>&1", WA_BIN, path,
             IMG);
    cr_assert_eq(run(cmd, &o), 0, "%s", o);
    t = slurp_text(path);
    char head[64];
    snprintf(head, sizeof head, "block 0x%08x, ", entry);
    cr_expect(!strncmp(t, head, strlen(head)), "%s", t);
    cr_expect_geq(check_lines(t, addrs, 16), 3);
    free(t);
    unlink(path);
    free(o);
}

Test(debug, bad_input_is_answered_never_a_crash)
{
    char *o;
    cr_expect_eq(debug("pass.bin", "",
                       "bogus\nx/4i nosuch\nbreak 0x3\nbreak nosuch\ndelete 99\nstep abc\n"
                       "x/0x 0\nx/2x 0\nx/1i 0x2\nbreak exception Nope\ninfo what\nwatch\n"
                       "x/s 0\nfinish\nquit\n",
                       &o),
                 0, "%s", o);
    static const char *const answers[] = {
        "unknown command 'bogus'",
        "no symbol 'nosuch' (no symbols: give --symbols",
        "0x00000003 is not a MIPS32 instruction address",
        "no breakpoint 99",
        "'abc' is not a count",
        "usage: x/Ni, x/Nx or x/Ns ADDRESS",
        "0x00000000: cannot read memory there",
        "0x00000002 is not an instruction address",
        "an exception is a name",
        "usage: info break|registers",
        "usage: watch ADDRESS",
    };
    for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++)
        cr_expect(strstr(o, answers[i]), "'%s' in:\n%s", answers[i], o);
    free(o);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' debug /nonexistent.bin </dev/null 2>&1", WA_BIN);
    cr_expect_eq(run(cmd, &o), 66, "%s", o);
    free(o);
    snprintf(cmd, sizeof cmd, "'%s' debug </dev/null 2>&1", WA_BIN);
    cr_expect_eq(run(cmd, &o), 64, "%s", o);
    free(o);
    snprintf(cmd, sizeof cmd, "'%s' debug --bogus %spass.bin </dev/null 2>&1", WA_BIN, IMG);
    cr_expect_eq(run(cmd, &o), 64, "%s", o);
    free(o);
    snprintf(cmd, sizeof cmd, "'%s' debug --symbols /dev/null %spass.bin </dev/null 2>&1", WA_BIN,
             IMG);
    cr_expect_eq(run(cmd, &o), 66, "%s", o);
    cr_expect(strstr(o, "neither an ELF file nor a System.map"), "%s", o);
    free(o);
}

/* tmux on a socket of this test's own: every command below runs there. */
static char sock[64];

static int tmux(const char *args, char **out)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "tmux -L %s %s", sock, args);
    return run(cmd, out);
}

static int count_of(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
        n++;
    return n;
}

/* The pane's text once it shows `want` prompts (bounded: about 60 s of polls). */
static char *wait_prompts(int want)
{
    for (int i = 0; i < 6000; i++) {
        char *o;
        tmux("capture-pane -p -J -S -1000 -t dbg", &o);
        if (count_of(o, "(wa-emu) ") >= want) return o;
        free(o);
        usleep(10000); /* a poll's interval, not a synchronisation: the prompt is */
    }
    cr_assert_fail("the console never showed prompt %d", want);
    return NULL;
}

Test(debug, a_person_at_a_terminal_breaks_steps_and_edits_lines)
{
    snprintf(sock, sizeof sock, "wa-dbg-test-%d", (int)getpid());
    char cmd[1024], *o;
    snprintf(cmd, sizeof cmd,
             "new-session -d -s dbg -x 160 -y 50 \"'%s' debug --board ar7-8m --symbols %s "
             "%spass.bin\"",
             WA_BIN, SYSMAP, IMG);
    cr_assert_eq(tmux(cmd, NULL), 0);
    free(wait_prompts(1));
    tmux("send-keys -t dbg 'break kernel_entry' Enter", NULL);
    free(wait_prompts(2));
    tmux("send-keys -t dbg 'continue' Enter", NULL);
    o = wait_prompts(3);
    char stop[80];
    snprintf(stop, sizeof stop, "breakpoint 1, 0x%08x <kernel_entry>",
             kernel_symbol("kernel_entry"));
    cr_expect(strstr(o, stop), "%s", o);
    free(o);
    /* line editing: a typo rubbed out; history: the line again with the up arrow */
    tmux("send-keys -t dbg 'regz' BSpace 's' Enter", NULL);
    o = wait_prompts(4);
    cr_expect_eq(count_of(o, "status "), 1, "regs ran once:\n%s", o);
    free(o);
    tmux("send-keys -t dbg Up Enter", NULL);
    o = wait_prompts(5);
    cr_expect_eq(count_of(o, "status "), 2, "the up arrow brought regs back:\n%s", o);
    free(o);
    tmux("send-keys -t dbg 'x/2i $pc' Enter", NULL);
    o = wait_prompts(6);
    cr_expect(strstr(o, "t0,c0_status"), "the entry's mfc0:\n%s", o); /* tabs: spaces */
    free(o);
    tmux("send-keys -t dbg 'quit' Enter", NULL);
    int gone = 0;
    for (int i = 0; i < 3000 && !gone; i++) { /* the session ends with the program */
        gone = tmux("has-session -t dbg 2>/dev/null", NULL) != 0;
        if (!gone) usleep(10000);
    }
    cr_expect(gone, "quit ended the console");
    tmux("kill-server 2>/dev/null", NULL);
}

Test(debug, a_watchpoint_stops_after_the_store_that_clears_bss)
{
    uint32_t bss = kernel_symbol("__bss_start");
    char *o;
    cr_assert_eq(debug("pass.bin", "--symbols " SYSMAP,
                       "break kernel-entry\ncontinue\nwatch __bss_start\ninfo break\ncontinue\n"
                       "quit\n",
                       &o),
                 0, "%s", o);
    char want[96];
    snprintf(want, sizeof want, "watchpoint: write of 0x%08x, now at 0x", bss & 0x1fffffffu);
    const char *w = strstr(o, want);
    cr_assert(w, "%s in:\n%s", want, o);
    /* kernel_entry clears .bss from its start (System.map): the store is its own, and the
     * stop is after it (the store is not run twice: a resume goes on from there) */
    cr_expect(strstr(w, " <kernel_entry+"), "%s", w);
    cr_expect(strstr(o, "watchpoint (write) on 4 bytes at 0x"), "%s", o);
    free(o);
}

/* objdump's lines of [a, a + n) as (address, text) pairs: their count. */
static int objdump_range(uint32_t a, uint32_t n, uint32_t *addrs, char (*texts)[128], int max)
{
    char cmd[512], *out;
    snprintf(cmd, sizeof cmd,
             "mipsel-linux-gnu-objdump -d --start-address=0x%x --stop-address=0x%x '%s' | "
             "grep -E '^[0-9a-f]+:'",
             a, a + n, VMLINUX);
    cr_assert_eq(run(cmd, &out), 0, "%s", cmd);
    int k = 0;
    for (char *l = out; *l && k < max; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
        char *t = strchr(l, '\t');
        if (!t) break;
        addrs[k] = (uint32_t)strtoul(l, NULL, 16);
        t = strchr(t + 1, '\t');
        if (!t) break;
        snprintf(texts[k], 128, "%.*s", (int)strcspn(t + 1, "\n"), t + 1);
        k++;
    }
    free(out);
    return k;
}

Test(debug, next_steps_over_a_call_step_enters_one_and_finish_returns_to_the_caller)
{
    uint32_t sa = kernel_symbol("setup_arch"), addrs[64];
    char texts[64][128];
    int n = objdump_range(sa, 256, addrs, texts, 64), k = 0;
    /* the first call of setup_arch, with straight code before it (objdump says so), and
     * another call right after it and its delay slot */
    while (k < n && strncmp(texts[k], "jal", 3) && strncmp(texts[k], "bal", 3)) {
        cr_assert(texts[k][0] != 'b' && texts[k][0] != 'j', "a branch before the call: %s",
                  texts[k]);
        k++;
    }
    cr_assert(k > 0 && k + 2 < n);
    uint32_t callee = 0;
    cr_assert_eq(sscanf(texts[k + 2], "jal\t%x", &callee), 1, "a second call: %s", texts[k + 2]);
    unsigned frame = 0;
    cr_assert_eq(sscanf(texts[0], "addiu\tsp,sp,-%u", &frame), 1, "%s", texts[0]);
    char cmds[256], *o;
    snprintf(cmds, sizeof cmds,
             "break setup_arch\ncontinue\nstep %d\nnext\nregs\nstep\nregs\nfinish\nfinish\n"
             "regs\nquit\n",
             k);
    cr_assert_eq(debug("pass.bin", "--symbols " SYSMAP, cmds, &o), 0, "%s", o);
    char want[96];
    snprintf(want, sizeof want, "stepped to 0x%08x <setup_arch+0x%x>", addrs[k] + 8,
             addrs[k] + 8 - sa);
    const char *nx = strstr(o, want);
    cr_assert(nx, "next ends after the call and its delay slot: %s in:\n%s", want, o);
    const char *r1 = strstr(nx, "zero ");
    cr_assert(r1);
    uint32_t sp_in = reg_in(r1 - 1, "sp");
    /* step at a jal: the call and its slot, then the callee's first instruction */
    const char *r2 = strstr(r1 + 5, "zero ");
    cr_assert(r2);
    cr_expect_eq(reg_in(r2 - 1, "pc"), callee, "step enters the call to 0x%08x", callee);
    cr_expect_eq(reg_in(r2 - 1, "ra"), addrs[k + 2] + 8, "the call's return address");
    snprintf(want, sizeof want, "stepped to 0x%08x <setup_arch+0x%x>", addrs[k + 2] + 8,
             addrs[k + 2] + 8 - sa);
    const char *f1 = strstr(r2, want);
    cr_expect(f1, "finish from the callee returns after its call: %s in:\n%s", want, r2);
    const char *fin = strstr(f1 ? f1 + 10 : r2, "stepped to 0x");
    cr_assert(fin, "%s", o);
    uint32_t ret = (uint32_t)strtoul(fin + 11, NULL, 16);
    cr_expect(!strncmp(strchr(fin, '<'), "<start_kernel+", 14), "finish returns to the caller: %s",
              fin);
    uint32_t w;
    char t[256];
    objdump_at(ret - 8, &w, t, sizeof t);
    char call[64];
    snprintf(call, sizeof call, "jal\t%x <setup_arch>", sa);
    cr_expect_str_eq(t, call, "the call before the return address");
    const char *r3 = strstr(fin, "zero ");
    cr_assert(r3);
    cr_expect_eq(reg_in(r3 - 1, "sp"), sp_in + frame, "the caller's sp: setup_arch's frame popped");
    free(o);
}

Test(debug, at_insn_of_verifys_banner_milestone_stops_with_the_banner_just_written)
{
    char cmd[1024], *v;
    snprintf(cmd, sizeof cmd, "'%s' verify --deep --board ar7-8m --json %spass.bin 2>/dev/null",
             WA_BIN, IMG);
    cr_assert_eq(run(cmd, &v), 0);
    const char *b = strstr(v, "banner at ");
    cr_assert(b, "%s", v);
    unsigned long long n = strtoull(b + 10, NULL, 10);
    cr_assert_gt(n, 0);
    free(v);
    char opt[64], *o;
    snprintf(opt, sizeof opt, "--at-insn %llu", n);
    cr_assert_eq(debug("pass.bin", opt, "log\nregs\nquit\n", &o), 0, "%s", o);
    char want[64];
    snprintf(want, sizeof want, "instructions run: %llu\n", n);
    cr_expect(strstr(o, want), "the count asked for:\n%s", o);
    /* the console then ends with the banner line: verify's count is this run's count */
    const char *log = strstr(o, "(wa-emu) ");
    cr_assert(log);
    log += 9; /* the prompt `log` was typed after */
    const char *end = strstr(log, "\n(wa-emu) ");
    cr_assert(end);
    const char *last = end - 1;
    while (last > log && last[-1] != '\n')
        last--;
    cr_expect(!strncmp(last, "Linux version ", 14), "the last console line:\n%.*s",
              (int)(end - log), log);
    free(o);
}
