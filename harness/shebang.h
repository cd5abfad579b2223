/* shebang.h: what the kernel's exec of a script reads of it: the #! line's interpreter,
 * taken as binfmt_script takes it (blanks after "#!" skipped, the name ends at a blank or the
 * line's end, so a CR before the newline stays in it), and DOS line ends. */
#ifndef WA_SHEBANG_H
#define WA_SHEBANG_H

#include <stddef.h>
#include <stdint.h>

/* The interpreter of the script s (n bytes) into interp ("" when s has no #! line); 1 when
 * s starts with "#!". */
int wa_shebang(const uint8_t *s, size_t n, char *interp, size_t cap);

/* The offset of the first CR LF in s, or -1. */
long wa_crlf_at(const uint8_t *s, size_t n);

#endif
