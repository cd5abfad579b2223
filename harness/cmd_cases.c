/* cmd_cases.c: `wa-emu cases run|new|codes`: case files (cases/README.md) as a regression
 * suite. `run` reads every case first (a bad one stops it before anything runs), then runs
 * each in a child process of its own, N at a time (a crash is that case's error, not the
 * suite's end), and collects each child's result from a file in a private directory. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "argnum.h"
#include "board_arg.h"
#include "case_run.h"
#include "cli.h"
#include "codes.h"
#include "fileio.h"
#include "flash_write.h"
#include "report.h"
#include "suite.h"
#include "verify.h"
#include "world_arg.h"

static void help(FILE *to)
{
    fprintf(to,
            "usage: wa-emu cases run [DIR|FILE...] [--junit FILE] [--json[=FILE]] [--html DIR]\n"
            "                       [-j N]\n"
            "       wa-emu cases new NAME fw.bin [--board B] [--world W] [--force]\n"
            "       wa-emu cases codes\n\n"
            "run    runs the case files (every *.case of a DIR; default: cases) and checks each\n"
            "       run against its expectations; prints one line a case and `N passed, N\n"
            "       failed`. A case file's format: cases/README.md.\n"
            "         --junit FILE   a JUnit XML report, one testcase per case\n"
            "         --json[=FILE]  a JSON report (each case with its run's report) to FILE,\n"
            "                        or to standard output instead of the lines\n"
            "         --html DIR     an HTML page a case (NAME.html: its flash map and boot\n"
            "                        timeline) and DIR/index.html listing them\n"
            "         -j N           run N cases at a time (default: the number of CPUs)\n"
            "new    writes NAME.case from what fw.bin does today (verdict, findings, what runs,\n"
            "       what the world received), for you to edit; --force overwrites NAME.case\n"
            "codes  lists the finding codes a case can name\n\n"
            "Exit (run): 0 every case passed, 1 one failed, 64 a bad case file, 66 an image\n"
            "that cannot be read or packed, 75 none failed but one could not be judged (an\n"
            "emulator limit).\n");
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A loaded case, ready to run. */
struct item {
    wa_case c;
    wa_board board;
    net_world world;
};

/* Add every *.case in dir (sorted), or the file itself. 0 or an exit code (printed). */
static int collect(const char *arg, char ***paths, size_t *n)
{
    struct stat st;
    if (stat(arg, &st)) {
        fprintf(stderr, "wa-emu cases: %s: %s\n", arg, strerror(errno));
        return WA_EXIT_NOINPUT;
    }
    struct dirent **ents = NULL;
    int m = 1;
    if (S_ISDIR(st.st_mode) && (m = scandir(arg, &ents, NULL, alphasort)) < 0) {
        fprintf(stderr, "wa-emu cases: %s: %s\n", arg, strerror(errno));
        return WA_EXIT_NOINPUT;
    }
    int rc = 0;
    for (int i = 0; i < m; i++) {
        char p[PATH_MAX];
        if (ents) {
            size_t l = strlen(ents[i]->d_name);
            int is_case = l > 5 && !strcmp(ents[i]->d_name + l - 5, ".case");
            snprintf(p, sizeof p, "%s%s%s", arg, arg[strlen(arg) - 1] == '/' ? "" : "/",
                     ents[i]->d_name);
            free(ents[i]);
            if (!is_case) continue;
        } else {
            snprintf(p, sizeof p, "%s", arg);
        }
        char **np = realloc(*paths, (*n + 1) * sizeof *np);
        if (!np || !(np[*n] = strdup(p))) {
            if (np) *paths = np;
            rc = WA_EXIT_SOFTWARE;
            continue;
        }
        *paths = np;
        (*n)++;
    }
    free(ents);
    return rc;
}

/* Everything the report says, one line a finding (for the JUnit failure's text). */
static void findings_text(const wa_report *r, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = 0;
    for (size_t i = 0; i < r->n && n < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, "%s %s: %s\n", wa_verdict_name(r->f[i].severity),
                              r->f[i].code, r->f[i].message);
}

/* Run one case (in the child): its image, verify, the check. */
static void run_one(const struct item *it, wa_case_result *res, const char *html)
{
    double t0 = now_s();
    uint8_t *img;
    size_t len;
    int rc = wa_case_image(&it->c, &it->board, &img, &len, "cases");
    if (rc) {
        res->status = WA_CASE_ERROR;
        res->exit_code = rc;
        snprintf(res->why, sizeof res->why, "%s: its image cannot be read or packed (see above)",
                 it->c.path);
        return;
    }
    /* the case's backup, read here: a bad one is the case's error, not a verdict */
    wa_backup backup = {0};
    wa_err be = {0};
    if (it->c.flash[0] && wa_backup_load(it->c.flash, &it->board, &backup, &be)) {
        free(img);
        res->status = WA_CASE_ERROR;
        res->exit_code = WA_EXIT_NOINPUT;
        snprintf(res->why, sizeof res->why, "%s: flash %s", it->c.path, be.msg);
        return;
    }
    int wm = it->c.write_mode >= 0 ? it->c.write_mode
             : it->c.flash[0]      ? WA_WRITE_MTDBLOCK
                                   : WA_WRITE_ERASE;
    wa_verify_opts vo = {.deep = it->c.deep,
                         .static_only = it->c.static_only,
                         .uclibc_shmctl = it->c.uclibc_shmctl,
                         .timeout_ms = it->c.timeout_ms,
                         .flash = it->c.flash[0] ? &backup : NULL,
                         .write_mode = wm};
    wa_report rep;
    wa_verify(it->c.image[0] ? it->c.image : it->c.rootfs, img, len, &it->board, &it->world, &vo,
              &rep);
    free(img);
    wa_backup_free(&backup);
    int v = wa_verdict_of(&rep);
    res->exit_code = v;
    snprintf(res->verdict, sizeof res->verdict, "%s", wa_verdict_name(v));
    findings_text(&rep, res->findings, sizeof res->findings);
    if (wa_case_check(&it->c, &rep, res->why, sizeof res->why))
        res->status = v == WA_INCONCLUSIVE ? WA_CASE_ERROR : WA_CASE_FAILED;
    res->report = wa_report_json(&rep);
    if (html) { /* the case's page beside the index */
        char page[PATH_MAX];
        snprintf(page, sizeof page, "%s/%s.html", html, it->c.name);
        if (wa_emit("cases", page, wa_report_html(&rep), "HTML")) res->status = WA_CASE_ERROR;
    }
    wa_report_free(&rep);
    res->seconds = now_s() - t0;
}

/* The child's result as a file, and back. */
static int save(const char *path, const wa_case_result *r)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "status", json_object_new_int(r->status));
    json_object_object_add(o, "exit_code", json_object_new_int(r->exit_code));
    json_object_object_add(o, "verdict", json_object_new_string(r->verdict));
    json_object_object_add(o, "why", json_object_new_string(r->why));
    json_object_object_add(o, "findings", json_object_new_string(r->findings));
    json_object_object_add(o, "seconds", json_object_new_double(r->seconds));
    json_object_object_add(o, "report", json_object_new_string(r->report ? r->report : ""));
    const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
    wa_err e = {0};
    int rc = s ? wa_write_file_atomic(path, s, strlen(s), &e) : -1;
    json_object_put(o);
    return rc;
}

static const char *str_of(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

static int load(const char *path, wa_case_result *r)
{
    json_object *o = json_object_from_file(path), *v;
    if (!o) return -1;
    r->status = json_object_object_get_ex(o, "status", &v) ? json_object_get_int(v) : 0;
    r->exit_code = json_object_object_get_ex(o, "exit_code", &v) ? json_object_get_int(v) : 0;
    r->seconds = json_object_object_get_ex(o, "seconds", &v) ? json_object_get_double(v) : 0;
    snprintf(r->verdict, sizeof r->verdict, "%s", str_of(o, "verdict"));
    snprintf(r->why, sizeof r->why, "%s", str_of(o, "why"));
    snprintf(r->findings, sizeof r->findings, "%s", str_of(o, "findings"));
    const char *rep = str_of(o, "report");
    r->report = *rep ? strdup(rep) : NULL;
    json_object_put(o);
    return 0;
}

static void print_line(const wa_case_result *r)
{
    static const char *const word[] = {"passed", "FAILED", "ERROR ", "skip  "};
    printf("%s  %-40s %-12s %6.1f s\n", word[r->status], r->name, r->verdict[0] ? r->verdict : "-",
           r->seconds);
    if (r->status != WA_CASE_PASSED) printf("        %s\n", r->why);
    fflush(stdout);
}

static int cases_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"junit", required_argument, 0, 'u'}, {"json", optional_argument, 0, 'J'},
        {"html", required_argument, 0, 'H'},  {"jobs", required_argument, 0, 'j'},
        {"help", no_argument, 0, 'h'},        {0, 0, 0, 0},
    };
    const char *junit = NULL, *json = NULL, *html = NULL;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    uint64_t jobs = cpus > 0 ? (uint64_t)cpus : 1;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "j:h", opts, NULL)) != -1) {
        switch (c) {
        case 'u': junit = optarg; break;
        case 'J': json = optarg ? optarg : "-"; break;
        case 'H': html = optarg; break;
        case 'j':
            if (wa_argnum("cases", "jobs", "a count", optarg, 1, 64, &jobs)) return WA_EXIT_USAGE;
            break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return WA_EXIT_USAGE;
        }
    }
    char **paths = NULL;
    size_t n = 0;
    int rc = 0;
    if (optind == argc) rc = collect("cases", &paths, &n);
    for (int i = optind; i < argc && !rc; i++)
        rc = collect(argv[i], &paths, &n);
    if (!rc && !n) {
        fprintf(stderr, "wa-emu cases: no case files (*.case) in %s\n",
                optind == argc ? "cases" : argv[optind]);
        rc = WA_EXIT_NOINPUT;
    }
    /* every case is read before one runs: a typo stops the suite at once */
    struct item *items = rc ? NULL : calloc(n, sizeof *items);
    wa_case_result *res = rc ? NULL : calloc(n, sizeof *res);
    if (!rc && (!items || !res)) rc = WA_EXIT_SOFTWARE;
    for (size_t i = 0; i < n && items; i++) {
        int r = wa_case_load(paths[i], &items[i].c, "cases");
        if (!r) r = wa_board_arg(items[i].c.board, &items[i].board, "cases");
        if (!r) r = wa_world_arg(items[i].c.world, &items[i].world, "cases");
        if (r && (!rc || r == WA_EXIT_USAGE)) rc = r;
    }

    if (!rc && html && mkdir(html, 0755) && errno != EEXIST) {
        fprintf(stderr, "wa-emu cases: %s: %s\n", html, strerror(errno));
        rc = WA_EXIT_CANTCREAT;
    }
    char dir[300] = "";
    if (!rc) {
        const char *t = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/wa-emu-cases-XXXXXX",
                 t && *t && strlen(t) < 200 ? t : "/tmp");
        if (!mkdtemp(dir)) {
            fprintf(stderr, "wa-emu cases: %s: %s\n", dir, strerror(errno));
            dir[0] = 0;
            rc = WA_EXIT_CANTCREAT;
        }
    }
    double t0 = now_s();
    size_t next = 0, done = 0, shown = 0, running = 0;
    pid_t *pids = rc ? NULL : calloc(n, sizeof *pids);
    if (!rc && !pids) rc = WA_EXIT_SOFTWARE;
    while (!rc && done < n) {
        while (running < jobs && next < n) {
            wa_case_result *r = &res[next];
            const wa_case *k = &items[next].c;
            snprintf(r->name, sizeof r->name, "%s", k->name);
            snprintf(r->file, sizeof r->file, "%s", k->path);
            snprintf(r->about, sizeof r->about, "%s", k->about);
            snprintf(r->image, sizeof r->image, "%s", k->image[0] ? k->image : k->rootfs);
            fflush(stdout);
            fflush(stderr);
            if (k->needs[0] && access(k->needs, F_OK)) {
                r->status = WA_CASE_SKIPPED;
                snprintf(r->why, sizeof r->why, "not run: %s needs %.400s, which is not there",
                         k->path, k->needs);
                done++, next++;
                continue;
            }
            pid_t pid = fork();
            if (pid == 0) {
                char out[400];
                snprintf(out, sizeof out, "%s/%zu.json", dir, next);
                run_one(&items[next], r, html);
                _exit(save(out, r) ? WA_EXIT_CANTCREAT : 0);
            }
            if (pid < 0) {
                r->status = WA_CASE_ERROR;
                r->exit_code = WA_EXIT_SOFTWARE;
                snprintf(r->why, sizeof r->why, "%s: cannot fork: %s", k->path, strerror(errno));
                done++;
            } else {
                pids[next] = pid;
                running++;
            }
            next++;
        }
        int st;
        pid_t pid = running ? wait(&st) : 0;
        if (pid < 0 && errno != EINTR) break;
        size_t i = 0;
        while (pid > 0 && i < n && pids[i] != pid)
            i++;
        if (pid > 0 && i < n) {
            pids[i] = 0;
            running--;
            done++;
            char out[400];
            snprintf(out, sizeof out, "%s/%zu.json", dir, i);
            if (!WIFEXITED(st) || WEXITSTATUS(st) || load(out, &res[i])) {
                res[i].status = WA_CASE_ERROR;
                res[i].exit_code = WA_EXIT_SOFTWARE;
                snprintf(res[i].why, sizeof res[i].why, "%s: wa-emu ended on this case (%s %d)",
                         res[i].file, WIFEXITED(st) ? "exit" : "signal",
                         WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
            }
            unlink(out);
        }
        /* the lines in case order, as soon as the cases before are done */
        while (shown < next && !pids[shown]) {
            if (!json || strcmp(json, "-")) print_line(&res[shown]);
            shown++;
        }
    }
    if (dir[0]) rmdir(dir);
    double wall = now_s() - t0;

    int out = 0;
    if (!rc) {
        size_t passed = 0, failed = 0, errors = 0, skipped = 0;
        int bad_image = 0;
        for (size_t i = 0; i < n; i++) {
            passed += res[i].status == WA_CASE_PASSED;
            failed += res[i].status == WA_CASE_FAILED;
            errors += res[i].status == WA_CASE_ERROR;
            skipped += res[i].status == WA_CASE_SKIPPED;
            bad_image |= res[i].exit_code == WA_EXIT_NOINPUT;
        }
        if (json) out = wa_emit("cases", json, wa_suite_json(res, n, wall), "JSON");
        if (junit && !out) out = wa_emit("cases", junit, wa_suite_junit(res, n, wall), "JUnit");
        if (html && !out) {
            char index[PATH_MAX];
            snprintf(index, sizeof index, "%s/index.html", html);
            out = wa_emit("cases", index, wa_suite_html(res, n, wall), "HTML");
        }
        if (!json || strcmp(json, "-")) {
            printf("%zu passed, %zu failed", passed, failed);
            if (errors) printf(", %zu not judged", errors);
            if (skipped) printf(", %zu not run", skipped);
            printf(" (%.1f s)\n", wall);
        }
        rc = out ? out : bad_image ? WA_EXIT_NOINPUT : failed ? 1 : errors ? WA_INCONCLUSIVE : 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (items) wa_case_free(&items[i].c);
        if (res) free(res[i].report);
        free(paths[i]);
    }
    free(paths);
    free(items);
    free(res);
    free(pids);
    return rc;
}

/* dst's path relative to the directory dir (both made absolute; as given if one is not
 * there). */
static void relative(const char *dst, const char *dir, char *out, size_t cap)
{
    char a[PATH_MAX], b[PATH_MAX];
    if (!realpath(dst, a) || !realpath(dir, b)) {
        snprintf(out, cap, "%s", dst);
        return;
    }
    if (!strcmp(b, "/")) {
        snprintf(out, cap, "%s", a + 1);
        return;
    }
    size_t k = 0; /* the longest common prefix that ends where both have a '/' (or b ends) */
    for (size_t i = 0; a[i] && a[i] == b[i]; i++)
        if (a[i + 1] == '/' && (b[i + 1] == '/' || !b[i + 1])) k = i + 1;
    size_t n = 0;
    for (const char *p = b + k; *p && n < cap; p++)
        if (*p == '/') n += (size_t)snprintf(out + n, cap - n, "../");
    if (n < cap) snprintf(out + n, cap - n, "%s", a + k + 1);
}

static int cases_new(int argc, char **argv)
{
    static const struct option opts[] = {
        {"board", required_argument, 0, 'b'},
        {"world", required_argument, 0, 'w'},
        {"force", no_argument, 0, 'f'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *board_arg = "wa1003a", *world_arg = "default";
    int c, force = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "b:w:fh", opts, NULL)) != -1) {
        switch (c) {
        case 'b': board_arg = optarg; break;
        case 'w': world_arg = optarg; break;
        case 'f': force = 1; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return WA_EXIT_USAGE;
        }
    }
    if (optind != argc - 2) {
        fprintf(stderr, "wa-emu cases new: expected NAME and an image file\n");
        return WA_EXIT_USAGE;
    }
    const char *name = argv[optind], *path = argv[optind + 1];
    char file[PATH_MAX];
    size_t nl = strlen(name);
    snprintf(file, sizeof file, "%s%s", name,
             nl > 5 && !strcmp(name + nl - 5, ".case") ? "" : ".case");
    if (!force && !access(file, F_OK)) {
        fprintf(stderr, "wa-emu cases new: %s exists (--force overwrites it)\n", file);
        return WA_EXIT_CANTCREAT;
    }
    wa_board board;
    net_world world;
    int rc = wa_board_arg(board_arg, &board, "cases new");
    if (!rc) rc = wa_world_arg(world_arg, &world, "cases new");
    if (rc) return rc;
    uint8_t *img;
    size_t len;
    wa_err e = {0};
    if (wa_read_file(path, 256u << 20, &img, &len, &e)) {
        fprintf(stderr, "wa-emu cases new: %s: %s\n", path, e.msg);
        return WA_EXIT_NOINPUT;
    }
    wa_verify_opts vo = {0};
    wa_report r;
    wa_verify(path, img, len, &board, &world, &vo, &r);
    free(img);

    /* the case, from what the run did */
    char dir[PATH_MAX], rel[PATH_MAX], wrel[PATH_MAX];
    const char *slash = strrchr(file, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - file) : 1, slash ? file : ".");
    relative(path, dir, rel, sizeof rel);
    char *doc = NULL;
    size_t dl = 0;
    FILE *f = open_memstream(&doc, &dl);
    if (!f) {
        wa_report_free(&r);
        return WA_EXIT_SOFTWARE;
    }
    fprintf(f, "# Written by `wa-emu cases new` from what the image did; edit it to say what it\n"
               "# must do (the format: cases/README.md in wa-emu's sources).\n");
    fprintf(f, "about = %s on %s\nimage = %s\nboard = %s\n", name, board.name, rel, board_arg);
    if (strcmp(world_arg, "default")) {
        relative(world_arg, dir, wrel, sizeof wrel);
        fprintf(f, "world = %s\n", wrel);
    }
    int v = wa_verdict_of(&r);
    fprintf(f, "\nexpect.verdict = %s\n", wa_verdict_name(v));
    for (size_t i = 0; i < r.n; i++) {
        const wa_finding *fd = &r.f[i];
        if (fd->severity != WA_INFO || !strcmp(fd->stage, "services"))
            fprintf(f, "expect.finding = %s\n", fd->code);
    }
    for (size_t i = 0; i < r.nprocs; i++) {
        const wa_tl_proc *p = &r.procs[i];
        size_t w = strcspn(p->argv, " ");
        int dup = p->end || p->pid == 1;
        for (size_t k = 0; k < i && !dup; k++)
            dup = !r.procs[k].end && r.procs[k].pid != 1 && strcspn(r.procs[k].argv, " ") == w &&
                  !strncmp(r.procs[k].argv, p->argv, w);
        if (!dup) fprintf(f, "expect.running = %.*s\n", (int)w, p->argv);
    }
    char seen[8][200]; /* the requests (HOST/PATH FIELDS), once each */
    int nseen = 0;
    for (size_t i = 0; i < r.nevents && nseen < 8; i++) {
        const wa_tl_event *ev = &r.events[i];
        const char *m = strcmp(ev->kind, "net") || strncmp(ev->text, "http: ", 6)
                            ? NULL
                            : strchr(ev->text + 6, ' ');
        if (!m) continue;
        const char *arrow = strstr(m, " -> ");
        snprintf(seen[nseen], sizeof seen[0], "%.*s", arrow ? (int)(arrow - m - 1) : 199, m + 1);
        int dup = 0;
        for (int k = 0; k < nseen && !dup; k++)
            dup = !strcmp(seen[k], seen[nseen]);
        if (!dup) fprintf(f, "expect.request = %s\n", seen[nseen++]);
    }
    fclose(f);
    wa_report_free(&r);
    if (wa_write_file_atomic(file, doc, dl, &e)) {
        fprintf(stderr, "wa-emu cases new: %s: %s\n", file, e.msg);
        free(doc);
        return WA_EXIT_CANTCREAT;
    }
    free(doc);
    printf("%s: the case of %s (verdict %s); `wa-emu cases run %s` checks it\n", file, path,
           wa_verdict_name(v), file);
    return 0;
}

static int cases_codes(void)
{
    for (size_t i = 0; i < wa_ncodes; i++)
        printf("%-26s %-9s %s\n", wa_codes[i].code, wa_codes[i].stage, wa_codes[i].means);
    return 0;
}

int cmd_cases(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? WA_EXIT_USAGE : 0;
    }
    if (!strcmp(argv[1], "run")) return cases_run(argc - 1, argv + 1);
    if (!strcmp(argv[1], "new")) return cases_new(argc - 1, argv + 1);
    if (!strcmp(argv[1], "codes") && argc == 2) return cases_codes();
    fprintf(stderr, "wa-emu cases: unknown subcommand '%s' (run, new, codes)\n", argv[1]);
    return WA_EXIT_USAGE;
}
