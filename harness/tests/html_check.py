#!/usr/bin/env python3
"""html_check.py PAGE.html PNG DOM: checks an HTML report as a browser shows it. The page
parses as HTML5 without a single error (html5lib, strict), holds no external reference (no
attribute that points anywhere but into the page, no @import, no url() but to its own patterns), and Chromium (headless) rendered
it: its DOM dump is given as DOM, its screenshot as PNG, which must not be blank (the
screenshot's pixels take many values). Prints the counts the test checks: partitions,
processes, bad regions, findings."""
import re, struct, sys, zlib
import html5lib

page, png, dom = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(page, encoding="utf-8").read()
html5lib.HTMLParser(strict=True).parse(text)
external = re.findall(r'(?i)\b(?:src|action|data|xlink:href|href)\s*=\s*(?:"(?!#)|\'(?!#)|(?!["\'#]))[^"\'>\s]*|@import|url\((?!#)', text)
assert not external, f"external references: {external[:5]}"
raw, data = open(png, "rb").read(), b""
assert raw[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
at = 8
while at < len(raw):
    n, kind = struct.unpack(">I4s", raw[at:at + 8])
    if kind == b"IDAT":
        data += raw[at + 8:at + 8 + n]
    at += 12 + n
pixels = zlib.decompress(data)
values = len(set(pixels[i] for i in range(0, len(pixels), 7)))
assert values > 32, f"the screenshot is blank ({values} byte values)"
d = open(dom, encoding="utf-8").read()
print("parts", len(re.findall(r'<rect class="part"', d)),
      "console", len(re.findall(r'<path class="ev-console"', d)),
      "klines", len(re.findall(r'<path class="kline"', d)),
      "procs", len(re.findall(r'<rect class="proc ', d)),
      "bad", len(re.findall(r'class="bad"', d)),
      "findings", len(re.findall(r'<tr id="f\d+"', d)))
