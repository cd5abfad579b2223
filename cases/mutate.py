#!/usr/bin/env python3
"""mutate.py WA_EMU DIR: makes the broken example images from DIR/pass.bin, one per stage-1/2
failure. Each name says the verdict wa-emu must give and the cause it must name:
  noboot-no-checksum.bin      trailer stripped                       (ADAM2 refuses to boot)
  noboot-bad-checksum.bin     trailer value wrong                    (ADAM2 refuses to boot)
  noboot-checksum-range.bin   trailer computed over the rootfs only  (ADAM2 refuses to boot)
  noboot-bad-record.bin       a kernel data byte changed, trailer recomputed: record checksum bad
  noboot-truncated-kernel.bin the loader-record chain cut in half, trailer recomputed
  noboot-rootfs-offset.bin    64 KiB inserted before the rootfs: it no longer starts at mtd0
  brick-too-large.bin         rootfs padded past the end of mtd4: flashing overwrites config
The layout comes from `wa-emu inspect --json`; checksums from coreutils cksum (an independent
reference for the TI checksum)."""
import json
import os
import subprocess
import sys

wa, d = sys.argv[1], sys.argv[2]
src = os.path.join(d, "pass.bin")
lay = json.loads(subprocess.run([wa, "inspect", "--json", "--board", "ar7-8m", src],
                                check=True, capture_output=True).stdout)
img = open(src, "rb").read()
body = img[:lay["trailer"]["offset"]]
k0, k1 = lay["kernel"]["offset"], lay["kernel"]["end"]
r0 = lay["rootfs"]["offset"]
MAGIC = bytes.fromhex("23de53c4")


def cksum(data):
    out = subprocess.run(["cksum"], input=data, check=True, capture_output=True).stdout
    return int(out.split()[0])


def trailer(data, over=None):
    return data + MAGIC + cksum(data if over is None else over).to_bytes(4, "little")


def write(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


write("noboot-no-checksum.bin", body)
bad = bytearray(img)
bad[-1] ^= 0x5A
write("noboot-bad-checksum.bin", bytes(bad))
write("noboot-checksum-range.bin", trailer(body, over=body[r0:]))
rec = bytearray(body)
rec[k0 + 12 + 0x400] ^= 0x01  # a data byte inside the first loader record
write("noboot-bad-record.bin", trailer(bytes(rec)))
half = k0 + (k1 - k0) // 2
cut = body[:half] + b"\xff" * (r0 - half) + body[r0:]
write("noboot-truncated-kernel.bin", trailer(cut))
write("noboot-rootfs-offset.bin", trailer(body[:r0] + b"\xff" * 0x10000 + body[r0:]))
mtd4 = lay["partitions"]["mtd4"]["size"]
write("brick-too-large.bin", trailer(body + b"\xff" * (mtd4 - len(body) + 0x10000)))
