/* test_mips_isa.c: the table of release-2 instructions (mips_isa.h) against binutils: every
 * release-2 instruction GNU as assembles for -march=mips32r2 is named, as objdump names it;
 * what a release-1 CPU runs (release-1 code, ehb and pause, which are sll $0, and rdhwr,
 * which the kernel emulates) is not. And the scan of whole programs finds what objdump -d
 * finds in their code: Debian's release-2 noip2, and the musl builds for -march=mips32 that
 * the linker flags mips32r2 yet hold none. */
#include <criterion/criterion.h>
#include <unistd.h>

#include "mips_isa.h"
#include "testutil.h"

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/wa-isa-XXXXXX");
    cr_assert(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd, NULL);
}

TestSuite(mips_isa, .init = setup, .fini = teardown);

/* Assemble src for march into dir/NAME.o and scan it. */
static mips_r2_found scan_asm(const char *name, const char *march, const char *src)
{
    char path[128], cmd[4096];
    snprintf(cmd, sizeof cmd,
             "printf '%%s\\n' '.set noreorder' '.set noat' %s | mipsel-linux-gnu-as -march=%s "
             "-mno-shared -o '%s/%s.o' - 2>&1",
             src, march, dir, name);
    char *out;
    cr_assert_eq(run(cmd, &out), 0, "as: %s", out);
    free(out);
    snprintf(path, sizeof path, "%s/%s.o", dir, name);
    size_t len;
    uint8_t *b = slurp(path, &len);
    elf_info in;
    cr_assert_eq(elf_read(b, len, &in, NULL), 0);
    mips_r2_found f;
    wa_err e = {0};
    cr_assert_eq(mips_r2_scan_elf(b, len, &in, &f, &e), 0, "%s", e.msg);
    free(b);
    return f;
}

Test(mips_isa, each_release_2_instruction_is_named_as_objdump_names_it)
{
    static const struct {
        const char *src, *name;
    } r2[] = {
        {"'ext $2,$3,4,5'", "ext"},
        {"'ins $2,$3,4,5'", "ins"},
        {"'wsbh $2,$3'", "wsbh"},
        {"'seb $2,$3'", "seb"},
        {"'seh $2,$3'", "seh"},
        {"'rotr $2,$3,7'", "rotr"},
        {"'rotrv $2,$3,$4'", "rotrv"},
        {"'synci 16($4)'", "synci"},
        {"'mfhc1 $2,$f4'", "mfhc1"},
        {"'mthc1 $2,$f4'", "mthc1"},
        {"'di $2'", "di"},
        {"'ei'", "ei"},
        {"'rdpgpr $2,$3'", "rdpgpr"},
        {"'wrpgpr $2,$3'", "wrpgpr"},
        {"'jr.hb $31'", "jr.hb"},
        {"'jalr.hb $31,$4'", "jalr.hb"},
        {"'lwxc1 $f0,$2($3)'", "COP1X (lwxc1, madd.d, ...)"},
        {"'madd.d $f0,$f2,$f4,$f6'", "COP1X (lwxc1, madd.d, ...)"},
    };
    for (size_t i = 0; i < sizeof r2 / sizeof r2[0]; i++) {
        char name[16];
        snprintf(name, sizeof name, "r2-%zu", i);
        mips_r2_found f = scan_asm(name, "mips32r2", r2[i].src);
        cr_expect_eq(f.count, 1, "%s: %zu found", r2[i].src, f.count);
        cr_expect(f.name && !strcmp(f.name, r2[i].name), "%s named %s", r2[i].src,
                  f.name ? f.name : "(none)");
        cr_expect_str_eq(f.section, ".text");
        /* objdump decodes the same word as that instruction */
        char cmd[512], *out;
        snprintf(cmd, sizeof cmd,
                 "mipsel-linux-gnu-objdump -d '%s/%s.o' | awk '/^ +0:/ {print $3}'", dir, name);
        cr_assert_eq(run(cmd, &out), 0);
        out[strcspn(out, "\n")] = 0;
        const char *want = !strcmp(r2[i].name, "rotr")    ? "ror"
                           : !strcmp(r2[i].name, "rotrv") ? "rorv"
                                                          : r2[i].name;
        if (strncmp(want, "COP1X", 5)) cr_expect_str_eq(out, want, "%s", r2[i].src);
        free(out);
    }
}

Test(mips_isa, what_a_release_1_cpu_runs_is_not_named)
{
    mips_r2_found f = scan_asm("r1", "mips32",
                               "'addu $2,$3,$4' 'sll $2,$3,7' 'srl $2,$3,7' 'srlv $2,$3,$4' "
                               "'jr $31' 'jalr $4' 'lw $2,4($3)' 'mfc0 $2,$12' 'mtc0 $2,$12' "
                               "'movn $2,$3,$4' 'clz $2,$3' 'madd $2,$3' 'mul $2,$3,$4' "
                               "'sync' 'ssnop' 'sll $0,$0,3' 'sll $0,$0,5' 'eret' 'cache 0,0($4)' "
                               "'pref 0,0($4)' 'lwc1 $f0,0($4)' 'add.d $f0,$f2,$f4'");
    cr_expect_eq(f.count, 0, "%zu found, first %s (%08x)", f.count, f.name ? f.name : "", f.insn);
    f = scan_asm("ehb", "mips32r2", "'ehb' 'pause' 'rdhwr $3,$29'");
    cr_expect_eq(f.count, 0, "ehb, pause or rdhwr named %s", f.name ? f.name : "");
}

/* The R2 mnemonics objdump -d prints for a program, counted, and the first one's address. */
static void objdump_r2(const char *path, size_t *count, unsigned long *first)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd,
             "mipsel-linux-gnu-objdump -d '%s' | awk '$3 ~ /^(ext|ins|wsbh|seb|seh|ror|rorv|"
             "synci|mfhc1|mthc1|di|ei|rdpgpr|wrpgpr|jr\\.hb|jalr\\.hb|lwxc1|ldxc1|luxc1|swxc1|"
             "sdxc1|suxc1|prefx|alnv\\.ps|madd\\..*|msub\\..*|nmadd\\..*|nmsub\\..*)$/ "
             "{ if (!n++) f = $1 } END { print n + 0, \"0x\" f }'",
             path);
    cr_assert_eq(run(cmd, &out), 0);
    char *end;
    *count = strtoul(out, &end, 10);
    *first = strtoul(end, NULL, 16);
    free(out);
}

Test(mips_isa, whole_programs_agree_with_objdump)
{
    static const char *const progs[] = {"noip2/noip2-mipsel-static", "noip2/noip2-mipsel-dyn",
                                        "r1/noip2", "r1/busybox",
                                        "debs/busybox-static/bin/busybox"};
    for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", WA_FIXTURES, progs[i]);
        if (access(path, R_OK)) continue; /* the noip2 fixture is optional */
        size_t len, want;
        unsigned long first;
        uint8_t *b = slurp(path, &len);
        elf_info in;
        cr_assert_eq(elf_read(b, len, &in, NULL), 0);
        mips_r2_found f;
        cr_assert_eq(mips_r2_scan_elf(b, len, &in, &f, NULL), 0);
        objdump_r2(path, &want, &first);
        cr_expect_eq(f.count, want, "%s: %zu release-2 words, objdump shows %zu", progs[i], f.count,
                     want);
        if (want)
            cr_expect_eq(f.addr, first, "%s: first at 0x%x, objdump 0x%lx", progs[i], f.addr,
                         first);
        /* the linker flags the musl builds mips32r2; their code is release 1 */
        if (!strncmp(progs[i], "r1/", 3)) {
            cr_expect_eq(in.flags & ELF_EF_MIPS_ARCH, ELF_EF_MIPS_ARCH_32R2, "%s", progs[i]);
            cr_expect_eq(f.count, 0, "%s", progs[i]);
        } else {
            cr_expect_gt(f.count, 0, "%s", progs[i]);
        }
        free(b);
    }
}

Test(mips_isa, section_headers_past_the_end_are_an_error)
{
    char path[512];
    snprintf(path, sizeof path, "%s/r1/busybox", WA_FIXTURES);
    size_t len;
    uint8_t *b = slurp(path, &len);
    elf_info in;
    cr_assert_eq(elf_read(b, len, &in, NULL), 0);
    b[32] = 0xf0, b[33] = 0xff, b[34] = 0xff, b[35] = 0x7f; /* e_shoff far past the end */
    mips_r2_found f;
    wa_err e = {0};
    cr_expect_neq(mips_r2_scan_elf(b, len, &in, &f, &e), 0);
    cr_expect(strstr(e.msg, "section headers"), "%s", e.msg);
    cr_expect_eq(e.offset, 0x7ffffff0u);
    free(b);
}

/* The TLS words: rdhwr of the UserLocal register ($29) and the set_thread_area number loaded
 * into $v0 (as musl's __set_thread_area and glibc's loader do it); rdhwr of another
 * register, or 4283 in another register, is not one. */
Test(mips_isa, the_tls_words_are_found)
{
    mips_r2_found f = scan_asm("tls", "mips32r2",
                               "'addu $2,$3,$4' 'rdhwr $3,$29' 'li $2,4283' 'ori $2,$0,4283' "
                               "'syscall'");
    cr_expect_eq(f.tls, 3, "%zu TLS words", f.tls);
    cr_expect_eq(f.tls_addr, 4, "first at 0x%x", f.tls_addr);
    cr_expect(f.tls_name && !strcmp(f.tls_name, "rdhwr $29"), "%s", f.tls_name);
    cr_expect_str_eq(f.tls_section, ".text");
    cr_expect_eq(f.count, 0, "rdhwr is no release-2 word a release-1 kernel cannot emulate");
    f = scan_asm("tls2", "mips32", "'li $2,4283' 'syscall'");
    cr_expect_eq(f.tls, 1);
    cr_expect(f.tls_name && !strcmp(f.tls_name, "set_thread_area"), "%s", f.tls_name);
    f = scan_asm("notls", "mips32r2", "'rdhwr $3,$2' 'li $3,4283' 'li $2,4282'");
    cr_expect_eq(f.tls, 0, "%zu found, first %s", f.tls, f.tls_name ? f.tls_name : "");
}
