/* boot_setup.h: what the AR7 machine needs to start where ADAM2 hands over, made from what
 * the flash and ADAM2 stages left in a wa_run: the records ADAM2 copies (an EVA kernel
 * unpacked as AVM's loader does; ADAM2's print routines, adam2_yamon.h), the kernel's arguments and
 * environment, a copy of the flash the kernel may write, the CPU model and the kernel image's
 * range. stage_boot and `wa-emu debug` start the machine from the same thing. */
#ifndef WA_BOOT_SETUP_H
#define WA_BOOT_SETUP_H

#include "adam2_yamon.h"
#include "env.h"
#include "machine.h"
#include "stage.h"

typedef struct wa_boot_setup {
    ar7_opts opts;
    adam2_seg segs[ADAM2_MAX_RECORDS + 1]; /* ADAM2's own routines, then the records */
    uint8_t yamon[ADAM2_YAMON_CODE_LEN];
    const char *argv[ADAM2_MAX_ARGS];
    const char *env[2 * ENV_MAX + 1];
    nor_flash *chip;
    uint8_t *unpacked;
    char detail[256]; /* the unpacker's own reason, for WA_BOOT_SETUP_EVA */
} wa_boot_setup;

enum { WA_BOOT_SETUP_OK, WA_BOOT_SETUP_CPU, WA_BOOT_SETUP_EVA, WA_BOOT_SETUP_NOMEM };

/* Fill s from run (the flash and adam2 stages ran). WA_BOOT_SETUP_OK, or what failed with
 * the reason in why. */
int wa_boot_setup_make(const wa_run *run, wa_boot_setup *s, char *why, size_t cap);
void wa_boot_setup_free(wa_boot_setup *s);

#endif
