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
  pass-rootfs-after-chain.bin the rootfs moved up to right after the loader chain, before mtd0:
                              the kernel's ar7part parser finds its magic there and mounts it
  noboot-rootfs-ar7part.bin   the rootfs at mtd0, the chain without pack's zero-filled record:
                              it ends an erase block before mtd0's, where ar7part looks
  noboot-rootfs-header.bin    a 12-byte header before the rootfs at mtd0 (off any 256-byte step)
  noboot-mtd1-dump.bin        what `cat /dev/mtdblock/1` gives on the box (mtd1: the kernel
                              alone, from 0x90 into mtd4 to mtd0), written as if it were mtd4
The layout comes from `wa-emu inspect --json`; checksums from coreutils cksum (an independent
reference for the TI checksum); where ar7part puts the rootfs is worked out here from
drivers/mtd/parsers/ar7part.c's rules (TI's tag: just past the final record's 12 bytes,
else the next erase block), independently of wa-emu's own code."""
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

# ar7part (TI's tag): the rootfs just past the final record's 12 bytes, if its magic is there,
# else the next 64 KiB block (the image starts at the erase-aligned mtd4)
ERASE = 0x10000


def ar7part_root(data, final):
    at = final + 12
    return at if data[at:at + 4] == b"hsqs" else (at + ERASE - 1) & ~(ERASE - 1)


end = lay["kernel"]["end_record"]["offset"]
moved = body[:end + 12] + body[r0:]
assert ar7part_root(moved, end) == end + 12 != r0
write("pass-rootfs-after-chain.bin", trailer(moved))
fill = lay["kernel"]["records"][-1]
f0, f1 = fill["offset"], fill["offset"] + 8 + fill["length"]
assert body[f0 + 8:f1] == bytes(fill["length"]), "pack's last record is its zero fill"
entry = lay["kernel"]["entry"]
endrec = (0).to_bytes(4, "little") + entry.to_bytes(4, "little") + \
    ((-entry) & 0xffffffff).to_bytes(4, "little")
short = body[:f0] + endrec
short += b"\xff" * (r0 - len(short)) + body[r0:]
assert ar7part_root(short, f0) < r0
write("noboot-rootfs-ar7part.bin", trailer(short))
write("noboot-mtd1-dump.bin", img[lay["partitions"]["mtd1"]["image_offset"]:r0])
write("noboot-rootfs-header.bin", trailer(body[:r0] + b"HDR0" + bytes(8) + body[r0:]))
