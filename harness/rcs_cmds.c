/* rcs_cmds.c: the programs a boot script runs (rcs_cmds.h). */
#include "rcs_cmds.h"

#include <string.h>

enum { WORDLEN = 128 };

/* Words that are no program of their own: the shell's keywords and BusyBox ash's builtins. */
static const char *const not_programs[] = {
    "fi",       "done",    "esac",     "case",  "in",      "for",    "function", "select",
    "}",        ".",       ":",        "[",     "[[",      "alias",  "break",    "cd",
    "chdir",    "command", "continue", "echo",  "eval",    "exit",   "export",   "false",
    "getopts",  "hash",    "kill",     "let",   "local",   "printf", "pwd",      "read",
    "readonly", "return",  "set",      "shift", "source",  "test",   "times",    "trap",
    "true",     "type",    "ulimit",   "umask", "unalias", "unset",  "wait",
};

/* Keywords after which a command starts (the word itself runs nothing). */
static const char *const prefixes[] = {"if",    "then", "else", "elif", "do",   "while",
                                       "until", "!",    "{",    "exec", "nohup"};

/* Keywords whose command's exit status the script tests. */
static const char *const conditions[] = {"if", "elif", "while", "until", "!"};

static int in(const char *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(w, list[i])) return 1;
    return 0;
}

void wa_rcs_cmds(const char *s, size_t len,
                 void (*fn)(void *ctx, const char *word, int line, int tested), void *ctx)
{
    int line = 1, at_start = 1, in_case = 0,
        cond = 0;             /* cond: the next command's status is tested */
    char delim[WORDLEN] = ""; /* the delimiter of a here-document that starts after this line */
    size_t i = 0;
    while (i < len) {
        char c = s[i];
        if (c == '>' || c == '<') { /* a redirection: the operator (>>, 2>&1, <&-) and its file */
            size_t op = i;
            while (i < len && strchr("<>&-", s[i]))
                i++;
            int heredoc = i - op >= 2 && s[op + 1] == '<';
            while (i < len && (s[i] == ' ' || s[i] == '\t'))
                i++;
            char word[WORDLEN];
            size_t k = 0;
            for (; i < len && !strchr(" \t\r\n;&|()`<>", s[i]); i++)
                if (s[i] != '"' && s[i] != '\'' && s[i] != '\\' && k + 1 < sizeof word)
                    word[k++] = s[i];
            word[k] = 0;
            if (heredoc) memcpy(delim, word, k + 1);
            continue;
        }
        if (c == '\n' && delim[0]) { /* a here-document's lines, up to its delimiter */
            size_t dl = strlen(delim);
            while (i < len) {
                i++;
                line++;
                const char *l = s + i, *nl = memchr(l, '\n', len - i);
                size_t ll = nl ? (size_t)(nl - l) : len - i;
                while (ll && *l == '\t')
                    l++, ll--;
                i = nl ? (size_t)(nl - s) : len;
                if (ll == dl && !memcmp(l, delim, dl)) break;
            }
            delim[0] = 0;
            continue;
        }
        if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == '`') {
            if ((c == '&' || c == '|') && i + 1 < len && s[i + 1] == c)
                i++; /* && || : what follows runs untested, unless another follows it */
            else if (c == '\n' || c == ';')
                cond = 0;
            at_start = 1;
            line += c == '\n';
            i++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == ')') {
            i++;
            continue;
        }
        if (c == '#' && (i == 0 || strchr(" \t\n;", s[i - 1]))) { /* a comment to the line end */
            while (i < len && s[i] != '\n')
                i++;
            continue;
        }
        /* a word: up to a blank or an operator; quotes kept out, a quoted blank kept in */
        char w[WORDLEN];
        size_t k = 0;
        int odd = 0;
        char q = 0;
        for (; i < len; i++) {
            char d = s[i];
            if (q) {
                if (d == q)
                    q = 0;
                else if (k + 1 < sizeof w)
                    w[k++] = d;
                if (d == '\n') line++;
                continue;
            }
            if (strchr(" \t\r\n;&|()`<>", d)) break;
            if (d == '"' || d == '\'') {
                q = d;
                odd = 1;
                continue;
            }
            if (d == '$' || d == '\\' || d == '*' || d == '?') odd = 1;
            if (k + 1 < sizeof w) w[k++] = d;
        }
        w[k] = 0;
        if (i < len && (s[i] == '<' || s[i] == '>') && strspn(w, "0123456789") == k)
            continue; /* the fd of a redirection (2>...) */
        if (!at_start || !k) continue;
        if (!strcmp(w, "case")) in_case = 1;
        if (!strcmp(w, "esac")) in_case = 0;
        if (in(w, prefixes, sizeof prefixes / sizeof prefixes[0])) { /* still at start */
            if (in(w, conditions, sizeof conditions / sizeof conditions[0]))
                cond = 1;
            else if (strcmp(w, "exec") && strcmp(w, "nohup"))
                cond = 0; /* then, do, else, { */
            continue;
        }
        /* case patterns (`start)`) are words before a ')' inside a case; a command follows */
        size_t j = i;
        while (j < len && (s[j] == ' ' || s[j] == '\t'))
            j++;
        if (in_case && j < len && s[j] == ')') continue;
        at_start = 0;
        if (odd || strchr(w, '=') ||
            in(w, not_programs, sizeof not_programs / sizeof *not_programs))
            continue;
        /* followed by && or || on its line: its status is tested too */
        int tested = cond;
        for (j = i; j + 1 < len && s[j] != '\n' && s[j] != ';' && s[j] != '#' && !tested; j++)
            tested = (s[j] == '&' || s[j] == '|') && s[j + 1] == s[j];
        fn(ctx, w, line, tested);
    }
}
