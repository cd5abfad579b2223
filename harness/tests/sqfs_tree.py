#!/usr/bin/env python3
"""sqfs_tree.py: test helper for the SquashFS differential tests.
  sqfs_tree.py make DIR      a tree with what SquashFS must keep: files of sizes around block
                             boundaries, a sparse file, duplicate files, hard links, symlinks
                             (relative, absolute, dangling), a fifo, empty and deep directories,
                             odd modes, long names
  sqfs_tree.py compare A B   prints every difference (type, mode bits, size, content, link
                             target, mtime, hard-link grouping) and exits 1 if there is one"""
import hashlib
import os
import random
import stat
import sys


def make(d):
    rnd = random.Random(1234)
    os.makedirs(d)
    def put(rel, data, mode=0o644):
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
        os.chmod(p, mode)
    for n in [0, 1, 4095, 4096, 4097, 65535, 65536, 65539, 131072 + 17, 300001, 1048577]:
        put("sizes/f%d" % n, rnd.randbytes(n))
    put("text/words", b"".join(b"line %d of some compressible text\n" % i for i in range(20000)))
    put("dup/a", b"same bytes\n" * 1000)
    put("dup/b", b"same bytes\n" * 1000)
    with open(os.path.join(d, "sparse"), "wb") as f:
        f.truncate(3 << 20)
        f.seek(1 << 20)
        f.write(b"middle")
    put("modes/setuid", b"x", 0o4755)
    put("modes/private", b"y", 0o600)
    put("modes/exec", b"#!/bin/sh\necho hi\n", 0o755)
    put("links/orig", rnd.randbytes(5000))
    os.link(os.path.join(d, "links/orig"), os.path.join(d, "links/hard1"))
    os.link(os.path.join(d, "links/orig"), os.path.join(d, "hard2"))
    os.symlink("orig", os.path.join(d, "links/rel"))
    os.symlink("/etc/passwd", os.path.join(d, "links/abs"))
    os.symlink("../nowhere/at/all", os.path.join(d, "links/dangling"))
    os.mkfifo(os.path.join(d, "fifo"), 0o640)
    os.makedirs(os.path.join(d, "empty"))
    deep = os.path.join(d, *["deep%d" % i for i in range(12)])
    os.makedirs(deep)
    put(os.path.relpath(os.path.join(deep, "bottom"), d), b"bottom\n")
    put("names/" + "n" * 200, b"long name\n")
    put("names/sp ace & semi;colon", b"odd\n")
    for i in range(300):  # a directory bigger than one metadata block
        put("many/entry%04d" % i, b"%d\n" % i)
    for root, dirs, files in os.walk(d):
        for n in dirs + files:
            os.utime(os.path.join(root, n), (1000000 + len(n), 1000000 + len(n)),
                     follow_symlinks=False)


def walk(top):
    out = {}
    for root, dirs, files in os.walk(top):
        for n in dirs + files:
            p = os.path.join(root, n)
            out[os.path.relpath(p, top)] = os.lstat(p)
    return out


def compare(a, b):
    ta, tb = walk(a), walk(b)
    diffs = []
    for p in sorted(set(ta) | set(tb)):
        if p not in ta or p not in tb:
            diffs.append("%s: only in %s" % (p, a if p in ta else b))
            continue
        x, y = ta[p], tb[p]
        if stat.S_IFMT(x.st_mode) != stat.S_IFMT(y.st_mode):
            diffs.append("%s: type %o vs %o" % (p, stat.S_IFMT(x.st_mode), stat.S_IFMT(y.st_mode)))
            continue
        if not stat.S_ISLNK(x.st_mode) and stat.S_IMODE(x.st_mode) != stat.S_IMODE(y.st_mode):
            diffs.append("%s: mode %o vs %o" % (p, stat.S_IMODE(x.st_mode), stat.S_IMODE(y.st_mode)))
        if not stat.S_ISDIR(x.st_mode) and int(x.st_mtime) != int(y.st_mtime):
            diffs.append("%s: mtime %d vs %d" % (p, x.st_mtime, y.st_mtime))
        if stat.S_ISREG(x.st_mode):
            if x.st_size != y.st_size:
                diffs.append("%s: size %d vs %d" % (p, x.st_size, y.st_size))
            elif hashlib.sha256(open(os.path.join(a, p), "rb").read()).digest() != \
                    hashlib.sha256(open(os.path.join(b, p), "rb").read()).digest():
                diffs.append("%s: content differs" % p)
            if x.st_nlink != y.st_nlink:
                diffs.append("%s: nlink %d vs %d" % (p, x.st_nlink, y.st_nlink))
        if stat.S_ISLNK(x.st_mode) and os.readlink(os.path.join(a, p)) != os.readlink(os.path.join(b, p)):
            diffs.append("%s: link target differs" % p)
    # hard links: the same groups of paths share an inode on both sides
    def groups(t):
        g = {}
        for p, s in t.items():
            if stat.S_ISREG(s.st_mode) and s.st_nlink > 1:
                g.setdefault(s.st_ino, []).append(p)
        return sorted(sorted(v) for v in g.values())
    if groups(ta) != groups(tb):
        diffs.append("hard-link groups differ: %s vs %s" % (groups(ta), groups(tb)))
    for line in diffs[:40]:
        print(line)
    print("%d entries compared, %d differences" % (len(ta), len(diffs)))
    return 1 if diffs else 0


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        sys.exit(compare(sys.argv[2], sys.argv[3]))
