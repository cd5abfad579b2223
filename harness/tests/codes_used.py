#!/usr/bin/env python3
"""codes_used.py SRC: every finding code the sources can report, one a line: the codes of the
wa_add() calls, of the stages' code tables (and `.code = "..."` initialisers) and of the
simulated ADAM2's refusals. A test
(test_codes.c) checks them against `wa-emu cases codes`, both ways."""
import glob, re, sys

src = sys.argv[1]
found = set()
def text(p):
    return open(p, encoding="utf-8").read()
for p in glob.glob(f"{src}/harness/*.c"):
    t = text(p)
    found.update(re.findall(r'wa_add\(\s*\w+\s*,\s*"[a-z0-9]+"\s*,\s*[^,]+?,\s*"([a-z0-9-]+)"', t, re.S))
    found.update(re.findall(r'\.code = "([a-z0-9-]+)"', t))  # codes in a table of kinds
t = text(f"{src}/harness/elfcheck.c")
found.update(re.findall(r'\[[A-Z_]+\] = \{"([a-z0-9-]+)"', t))  # its kinds of problem
t = text(f"{src}/harness/stage_adam2.c")
found.update(re.findall(r'\{"([a-z0-9-]+)", WA_[A-Z]+,', t))
t = text(f"{src}/harness/stage_boot.c")
found.update(re.findall(r'\[AR7_END_\w+\] = "([a-z0-9-]+)"', t))
t = text(f"{src}/harness/kconsole.c")
found.update(re.findall(r'\{"[^"]*", "([a-z0-9-]+)", "', t))
t = text(f"{src}/flashsim/adam2.c")
for arg in re.findall(r'refuse\(o, ([^,]+),', t):
    found.update(re.findall(r'"([a-z0-9-]+)"', arg))
print("\n".join(sorted(found)))
