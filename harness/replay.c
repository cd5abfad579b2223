/* replay.c: a verify report read back for debug --replay (replay.h). */
#include "replay.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>

#include "fileio.h"
#include "flash_write.h"

/* The NO-BOOT findings a run reaches, and what the replay stops before for each: the
 * kernel's end, or init's (its exit, its fatal signal, the emulator's stop). */
static const struct {
    const char *stage, *code; /* code NULL: any of the stage's */
    int kind;
} reached[] = {
    {"boot", NULL, WA_REPLAY_KERNEL},
    {"userland", "init-exited", WA_REPLAY_INIT},
    {"userland", "init-killed", WA_REPLAY_INIT},
    {"userland", "init-stopped", WA_REPLAY_INIT},
};

uint32_t wa_crc32(const uint8_t *b, size_t len)
{
    return libdeflate_crc32(0, b, len); /* zlib's CRC-32; libdeflate's is several times faster */
}

static const char *str_of(json_object *o, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
        return NULL;
    return json_object_get_string(v);
}

static int bool_of(json_object *o, const char *key, int *out)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_boolean))
        return -1;
    *out = json_object_get_boolean(v);
    return 0;
}

static int int_of(json_object *o, const char *key, int64_t lo, int64_t hi, int64_t *out)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int)) return -1;
    int64_t n = json_object_get_int64(v);
    if (n < lo || n > hi) return -1;
    *out = n;
    return 0;
}

static int copy(char *dst, size_t cap, const char *s)
{
    if (!s || strlen(s) >= cap) return -1;
    memcpy(dst, s, strlen(s) + 1);
    return 0;
}

/* The report's "run" record into r->run. */
static int run_record(json_object *root, wa_replay *r, const char *name, char *why, size_t cap)
{
    json_object *run;
    if (!json_object_object_get_ex(root, "run", &run) ||
        !json_object_is_type(run, json_type_object)) {
        snprintf(why, cap,
                 "%s: the report has no \"run\" record (how the run was made): it comes from a "
                 "wa-emu older than debug --replay; make it again with verify --json",
                 name);
        return -1;
    }
    wa_run_info *u = &r->run;
    int64_t size, timeout;
    const char *crc = str_of(run, "image_crc32"), *wr = str_of(run, "write"), *bad = NULL;
    char *end = NULL;
    unsigned long c = crc ? strtoul(crc, &end, 16) : 0;
    if (int_of(run, "image_size", 0, INT64_MAX, &size))
        bad = "image_size";
    else if (!crc || strlen(crc) != 8 || *end || c > 0xffffffffu)
        bad = "image_crc32";
    else if (!wr || wa_write_mode_parse(wr) < 0)
        bad = "write";
    else if (bool_of(run, "deep", &u->deep))
        bad = "deep";
    else if (bool_of(run, "static", &u->static_only))
        bad = "static";
    else if (bool_of(run, "uclibc_shmctl", &u->uclibc_shmctl))
        bad = "uclibc_shmctl";
    else if (int_of(run, "timeout_ms", 0, 86400000, &timeout))
        bad = "timeout_ms";
    static const char *const paths[] = {"board", "world", "flash"};
    char *dst[] = {r->board, u->world, u->flash};
    size_t caps[] = {sizeof r->board, sizeof u->world, sizeof u->flash};
    for (int i = 0; i < 3 && !bad; i++) {
        const char *s = str_of(run, paths[i]);
        json_object *v;
        if (json_object_object_get_ex(run, paths[i], &v) && (!s || !*s || copy(dst[i], caps[i], s)))
            bad = paths[i];
    }
    if (bad) {
        snprintf(why, cap, "%s: the report's run.%s is missing or not what verify writes", name,
                 bad);
        return -1;
    }
    u->set = 1;
    u->image_size = (uint64_t)size;
    u->image_crc32 = (uint32_t)c;
    u->write_mode = wa_write_mode_parse(wr);
    u->timeout_ms = (uint32_t)timeout;
    return 0;
}

static int parse_root(json_object *root, const char *name, wa_replay *r, char *why, size_t cap)
{
    const char *schema = str_of(root, "schema");
    json_object *fs;
    if (!json_object_is_type(root, json_type_object) || !schema ||
        strcmp(schema, "wa-emu-report/1")) {
        snprintf(why, cap, "%s: not a wa-emu verify report (no \"schema\": \"wa-emu-report/1\")",
                 name);
        return -1;
    }
    if (copy(r->image, sizeof r->image, str_of(root, "image")) || !r->image[0] ||
        !json_object_object_get_ex(root, "findings", &fs) ||
        !json_object_is_type(fs, json_type_array)) {
        snprintf(why, cap, "%s: the report has no image path or no findings list", name);
        return -1;
    }
    if (run_record(root, r, name, why, cap)) return -1;
    if (!r->board[0] && copy(r->board, sizeof r->board, str_of(root, "board"))) {
        snprintf(why, cap, "%s: the report names no board", name);
        return -1;
    }
    int nb = 0;
    const char *stat_stage = NULL, *stat_code = NULL;
    for (size_t i = 0; i < json_object_array_length(fs); i++) {
        json_object *f = json_object_array_get_idx(fs, i);
        const char *stage = str_of(f, "stage"), *sev = str_of(f, "severity");
        const char *code = str_of(f, "code"), *msg = str_of(f, "message");
        if (!stage || !sev || !code || !msg) {
            snprintf(why, cap, "%s: finding %zu has no stage, severity, code or message", name,
                     i + 1);
            return -1;
        }
        if (strcmp(sev, "no-boot")) continue;
        nb++;
        int kind = 0, stage_known = 0;
        for (size_t k = 0; k < sizeof reached / sizeof reached[0]; k++) {
            stage_known |= !strcmp(stage, reached[k].stage);
            if (!strcmp(stage, reached[k].stage) &&
                (!reached[k].code || !strcmp(code, reached[k].code)))
                kind = reached[k].kind;
        }
        if (!kind && stage_known) {
            snprintf(why, cap,
                     "%s: its first NO-BOOT finding a run reached (%s/%s) is not about init's "
                     "end: replay stops before the kernel's end or init's (init-exited, "
                     "init-killed, init-stopped)",
                     name, stage, code);
            return -1;
        }
        if (!kind) {
            if (!stat_stage) stat_stage = stage, stat_code = code;
            continue;
        }
        snprintf(r->first.stage, sizeof r->first.stage, "%s", stage);
        snprintf(r->first.code, sizeof r->first.code, "%s", code);
        snprintf(r->first.message, sizeof r->first.message, "%s", msg);
        const char *ev = str_of(f, "evidence");
        snprintf(r->first.evidence, sizeof r->first.evidence, "%s", ev ? ev : "");
        r->first.severity = WA_NOBOOT;
        r->kind = kind;
        if (kind == WA_REPLAY_KERNEL && !r->run.deep) {
            snprintf(why, cap, "%s: a kernel finding in a run without --deep", name);
            return -1;
        }
        return 0;
    }
    if (nb)
        snprintf(why, cap,
                 "%s: no run reached a NO-BOOT finding: the first (%s/%s) is a check of the "
                 "image%s",
                 name, stat_stage, stat_code,
                 r->run.deep ? "" : " (verify --deep --json runs the kernel too)");
    else
        snprintf(why, cap, "%s: the report has no NO-BOOT finding: nothing to stop before", name);
    return -1;
}

int wa_replay_parse(const char *json, size_t len, const char *name, wa_replay *out, char *why,
                    size_t cap)
{
    memset(out, 0, sizeof *out);
    json_tokener *tok = json_tokener_new();
    if (!tok) {
        snprintf(why, cap, "%s: out of memory", name);
        return WA_EXIT_USAGE;
    }
    json_object *root = len <= INT32_MAX ? json_tokener_parse_ex(tok, json, (int)len) : NULL;
    enum json_tokener_error err = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    while (root && end < len && strchr(" \t\r\n", json[end]) && json[end])
        end++;
    int rc = 0;
    if (!root || err != json_tokener_success || end < len) {
        snprintf(why, cap, "%s: not JSON: %s at byte %zu", name,
                 root ? "more after the document"
                      : json_tokener_error_desc(
                            err == json_tokener_continue ? json_tokener_error_parse_eof : err),
                 end);
        rc = WA_EXIT_USAGE;
    } else if (parse_root(root, name, out, why, cap)) {
        rc = WA_EXIT_USAGE;
    }
    json_object_put(root);
    json_tokener_free(tok);
    return rc;
}

int wa_replay_load(const char *path, wa_replay *out, char *why, size_t cap)
{
    uint8_t *buf;
    size_t len;
    wa_err e = {0};
    if (wa_read_file(path, 64u << 20, &buf, &len, &e)) {
        snprintf(why, cap, "%s: %s", path, e.msg);
        return WA_EXIT_NOINPUT;
    }
    int rc = wa_replay_parse((const char *)buf, len, path, out, why, cap);
    free(buf);
    return rc;
}

int wa_replay_same_image(const wa_replay *r, const char *path, const uint8_t *img, size_t len,
                         char *why, size_t cap)
{
    uint32_t crc = wa_crc32(img, len);
    if (len == r->run.image_size && crc == r->run.image_crc32) return 0;
    snprintf(why, cap,
             "%s is not the image the report verified: %zu bytes, CRC-32 %08x; the report's "
             "(%s): %llu bytes, CRC-32 %08x",
             path, len, crc, r->image, (unsigned long long)r->run.image_size, r->run.image_crc32);
    return WA_EXIT_USAGE;
}
