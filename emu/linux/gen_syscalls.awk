# gen_syscalls.awk: syscall_o32.tbl -> syscall_o32_nr.h (LX_NR_<name>, the numbers) and
# syscall_o32.c (lx_o32_calls[], indexed by number - 4000: name, argument kinds, restart).
# Run by CMake at build time: awk -v hdr=OUT.h -v src=OUT.c -f gen_syscalls.awk TABLE
# A malformed row stops the build with the line it is on.
function fail(why) {
    printf "%s:%d: %s\n", FILENAME, FNR, why > "/dev/stderr"
    bad = 1
    exit 1
}
/^#/ || NF == 0 { next }
{
    if (NF != 4) fail("a row is: number name kinds restart")
    if ($1 !~ /^4[0-9][0-9][0-9]$/) fail("not an o32 number: " $1)
    if ($1 + 0 <= last) fail("numbers must ascend: " $1)
    if ($2 !~ /^[a-z_][a-z0-9_]*$/) fail("not a name: " $2)
    if ($3 != "-" && $3 !~ /^[duxpfasoOk]+$/) fail("unknown argument kind in " $3)
    if (length($3) > 8) fail("o32 calls take at most 8 arguments")
    if ($4 != "-" && $4 != "R") fail("restart is R or -")
    last = $1 + 0
    n++
    nr[n] = $1; name[n] = $2; kinds[n] = ($3 == "-" ? "" : $3); rs[n] = ($4 == "R")
}
END {
    if (bad) exit 1
    print "/* syscall_o32_nr.h: generated from syscall_o32.tbl by gen_syscalls.awk; do not edit. */" > hdr
    print "#ifndef WA_SYSCALL_O32_NR_H" > hdr
    print "#define WA_SYSCALL_O32_NR_H" > hdr
    print "enum {" > hdr
    for (i = 1; i <= n; i++) printf "    LX_NR_%s = %d,\n", name[i], nr[i] > hdr
    printf "    LX_NR_END = %d /* one past the last */\n};\n#endif\n", last + 1 > hdr
    print "/* syscall_o32.c: generated from syscall_o32.tbl by gen_syscalls.awk; do not edit. */" > src
    print "#include \"o32.h\"" > src
    print "" > src
    print "const lx_sysinfo lx_o32_calls[LX_NR_END - 4000] = {" > src
    for (i = 1; i <= n; i++)
        printf "    [%d] = {\"%s\", \"%s\", %d},\n", nr[i] - 4000, name[i], kinds[i], rs[i] > src
    print "};" > src
}
