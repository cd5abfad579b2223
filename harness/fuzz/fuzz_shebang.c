/* fuzz_shebang.c: a script of any bytes (it comes from the image): the interpreter is a
 * NUL-terminated word of its first line, and a CR LF found is one. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shebang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char interp[32];
    int is = wa_shebang(data, size, interp, sizeof interp);
    if (!memchr(interp, 0, sizeof interp) || (!is && interp[0]) || strchr(interp, '\n') ||
        strchr(interp, ' '))
        abort();
    if (is && interp[0] && !memmem(data, size, interp, strlen(interp))) abort();
    long cr = wa_crlf_at(data, size);
    if (cr >= 0 && ((size_t)cr + 1 >= size || data[cr] != '\r' || data[cr + 1] != '\n')) abort();
    return 0;
}
