/* kconsole.h: what a kernel console says went wrong while the boot went on: a WARNING, BUG
 * or Oops is a finding (DEGRADED: the box boots, but the kernel says something is wrong),
 * with the line and the one after it (WARN's own message). */
#ifndef WA_KCONSOLE_H
#define WA_KCONSOLE_H

#include "finding.h"

/* Add a finding to r for each WARNING:, BUG: or Oops line of console; returns how many. */
int wa_kconsole_findings(const char *console, wa_report *r);

#endif
