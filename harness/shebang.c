/* shebang.c: a script's #! line and line ends (shebang.h). */
#include "shebang.h"

#include <string.h>

int wa_shebang(const uint8_t *s, size_t n, char *interp, size_t cap)
{
    interp[0] = 0;
    if (n < 2 || s[0] != '#' || s[1] != '!') return 0;
    size_t i = 2, k = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (i < n && s[i] != '\n' && s[i] != ' ' && s[i] != '\t' && k + 1 < cap)
        interp[k++] = (char)s[i++];
    interp[k] = 0;
    return 1;
}

long wa_crlf_at(const uint8_t *s, size_t n)
{
    for (const uint8_t *cr = s; (cr = memchr(cr, '\r', (size_t)(s + n - cr))) != NULL; cr++)
        if (cr + 1 < s + n && cr[1] == '\n') return (long)(cr - s);
    return -1;
}
