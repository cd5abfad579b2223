/* cli.h: the wa-emu subcommands. Each cmd_X.c defines one `int cmd_X(int argc, char **argv)`
 * that parses its own options with getopt_long, prints its own --help, and returns the
 * process exit code (a verdict 0-3, or a sysexits code). main.c holds the table. */
#ifndef WA_CLI_H
#define WA_CLI_H

typedef int (*wa_cmd_fn)(int argc, char **argv);

struct wa_cmd {
    const char *name;
    wa_cmd_fn fn;
    const char *summary;
};

int cmd_verify(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_chksum(int argc, char **argv);
int cmd_pack(int argc, char **argv);
int cmd_repack(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_ls(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_cases(int argc, char **argv);
int cmd_debug(int argc, char **argv);

#endif
