#!/usr/bin/env python3
"""sqfs-edit.py IN OUT EDIT...: a test-only tool that makes hostile SquashFS images out of real
ones. IN is a SquashFS 4.0 little-endian image made by mksquashfs with uncompressed metadata
(-noI -noD -noF -noX), so that its directory table can be edited in place; OUT is IN with the
edits made. An edit is:
  loop NAME        the directory entry NAME (a directory) points at the root directory's inode
  alias NAME OTHER the entry NAME points at the inode of the entry OTHER (a DAG: one directory
                   reached by two names)
Only the directory entries change: sizes, tables and the superblock stay as mksquashfs wrote
them, as a crafted image would have them."""
import struct, sys

def blocks(img, start, end):
    """The metadata blocks between start and end: (file offset of the data, data)."""
    at = start
    while at < end:
        (h,) = struct.unpack_from("<H", img, at)
        if not h & 0x8000:
            sys.exit("sqfs-edit: a compressed metadata block: make IN with -noI -noD -noF -noX")
        n = h & 0x7FFF
        yield at + 2, img[at + 2:at + 2 + n]
        at += 2 + n

def entries(img, dtab, end):
    """Every directory entry: name -> (file offset of the entry, header inode number,
    header start block)."""
    data, where = b"", []
    for off, b in blocks(img, dtab, end):
        where += range(off, off + len(b))
        data += b
    out, at = {}, 0
    while at + 12 <= len(data):
        count, start, number = struct.unpack_from("<IIi", data, at)
        at += 12
        for _ in range(count + 1):
            offset, ioff, kind, size = struct.unpack_from("<HhHH", data, at)
            name = data[at + 8:at + 9 + size].decode("utf-8", "replace")
            out[name] = (where[at], number, start, offset, ioff)
            at += 9 + size
    return out

def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    img = bytearray(open(sys.argv[1], "rb").read())
    magic, _, _, _, frags, _, _, _, _, major = struct.unpack_from("<IIIIIHHHHH", img, 0)
    if magic != 0x73717368 or major != 4:
        sys.exit("sqfs-edit: IN is not a little-endian SquashFS 4.0 image")
    root, used, idt, xat, itab, dtab, ftab, etab = struct.unpack_from("<QQQQQQQQ", img, 32)
    # the directory table ends where the next table starts: the fragment table's first
    # metadata block (its address is the first word of the fragment index), or the others
    after = [used, idt, xat, etab, ftab] + ([struct.unpack_from("<Q", img, ftab)[0]] if frags else [])
    end = min(x for x in after if dtab < x <= len(img))
    ents = entries(img, dtab, end)
    (root_number,) = struct.unpack_from("<I", img, itab + 2 + (root & 0xFFFF) + 12)
    args = sys.argv[3:]
    while args:
        op = args.pop(0)
        if op == "loop":
            name = args.pop(0)
            at, number, start, _, _ = ents[name]
            if start != root >> 16:
                sys.exit("sqfs-edit: the entry's inodes are not in the root's metadata block")
            struct.pack_into("<Hh", img, at, root & 0xFFFF, root_number - number)
        elif op == "alias":
            name, other = args.pop(0), args.pop(0)
            at, number, start, _, _ = ents[name]
            _, onumber, ostart, ooffset, oioff = ents[other]
            if start != ostart:
                sys.exit("sqfs-edit: the two entries' inodes are in different metadata blocks")
            struct.pack_into("<Hh", img, at, ooffset, onumber + oioff - number)
        else:
            sys.exit(f"sqfs-edit: unknown edit {op!r}")
    open(sys.argv[2], "wb").write(img)

main()
