#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write the generated seed files of tests/fuzz/corpus/ (ELF images with Xen
notes, compressed streams, bzImage wrappers). The committed corpus is the
output of this script plus hand-made and regression inputs; rerun it only
to regenerate these: python3 tests/fuzz/mkseeds.py"""
import gzip
import lzma
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def put(harness, name, data):
    d = os.path.join(ROOT, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def note(ntype, desc):
    name = b"Xen\0"
    pad = lambda b: b + b"\0" * (-len(b) % 4)
    return struct.pack("<III", len(name), len(desc), ntype) + pad(name) + pad(desc)


def elf(notes, paddr=0x1000000, vbase=0xffffffff80000000, filesz=0x300,
        memsz=0x2000, use_sections=False, etype=2):
    """ELF64 x86-64: header, 2 program headers (PT_LOAD, PT_NOTE), notes,
    segment bytes; optionally a SHT_NOTE section instead of PT_NOTE."""
    ehsz, phsz, shsz = 64, 56, 64
    phoff = ehsz
    nph = 1 if use_sections else 2
    notes_off = phoff + nph * phsz
    load_off = (notes_off + len(notes) + 0xff) & ~0xff
    shoff = load_off + filesz
    nsh = 2 if use_sections else 0
    entry = vbase + paddr + 0x10
    hdr = b"\x7fELF" + bytes([2, 1, 1, 0]) + b"\0" * 8
    hdr += struct.pack("<HHIQQQIHHHHHH", etype, 62, 1, entry, phoff,
                       shoff if nsh else 0, 0, ehsz, phsz, nph, shsz, nsh, 0)
    ph = struct.pack("<IIQQQQQQ", 1, 7, load_off, vbase + paddr, paddr,
                     filesz, memsz, 0x1000)
    if not use_sections:
        ph += struct.pack("<IIQQQQQQ", 4, 4, notes_off, 0, 0, len(notes),
                          len(notes), 4)
    img = hdr + ph + notes
    img += b"\0" * (load_off - len(img))
    img += bytes((i * 7 + 3) & 0xff for i in range(filesz))
    if use_sections:
        img += b"\0" * shsz
        img += struct.pack("<IIQQQQIIQQ", 0, 7, 0, 0, notes_off, len(notes),
                           0, 0, 4, 0)
    return img


def linux_notes(vbase=0xffffffff80000000, extra=b""):
    n = note(6, b"linux\0") + note(7, b"2.6\0") + note(5, b"xen-3.0\0")
    n += note(3, struct.pack("<Q", vbase)) + note(4, struct.pack("<Q", 0))
    n += note(1, struct.pack("<Q", vbase + 0x1000010))
    n += note(2, struct.pack("<Q", vbase + 0x1000100))
    n += note(10, b"!writable_page_tables|pae_pgdir_above_4gb\0")
    n += note(17, struct.pack("<I", 0x801))
    n += note(9, b"yes\0") + note(8, b"generic\0")
    n += note(12, struct.pack("<Q", 0xffff800000000000))
    n += note(15, struct.pack("<Q", 0xffffea0000000000))
    n += note(16, struct.pack("<Q", 1)) + note(14, struct.pack("<Q", 1))
    return n + extra


def libelf_seeds():
    put("libelf", "linux-notes.elf", elf(linux_notes()))
    put("libelf", "section-notes.elf", elf(linux_notes(), use_sections=True))
    minimal = note(6, b"linux\0") + note(5, b"xen-3.0\0") + \
        note(3, struct.pack("<Q", 0)) + note(1, struct.pack("<Q", 0x1000010))
    put("libelf", "minimal-zero-base.elf", elf(minimal, vbase=0))
    put("libelf", "bsd-symtab-dyn.elf",
        elf(linux_notes(extra=note(11, b"yes\0") + note(0, b"info\0")),
            etype=3))
    put("libelf", "no-notes.elf", elf(b""))
    put("libelf", "bad-feature.elf",
        elf(linux_notes(extra=note(10, b"bogus_feature\0"))))


def decompress_seeds():
    text = b"Xenolite decompress seed " * 40 + bytes(range(256))
    put("decompress", "text.gz", gzip.compress(text, 9, mtime=0))
    put("decompress", "stored.gz", gzip.compress(b"abc" * 10, 0, mtime=0))
    put("decompress", "two-members.gz",
        gzip.compress(b"first ", mtime=0) + gzip.compress(b"second", mtime=0))
    put("decompress", "text.xz", lzma.compress(text, format=lzma.FORMAT_XZ,
                                               check=lzma.CHECK_CRC32))
    put("decompress", "bcj.xz", lzma.compress(
        bytes([0xe8, 1, 2, 3, 4, 0x90] * 100), format=lzma.FORMAT_XZ,
        check=lzma.CHECK_CRC64,
        filters=[{"id": lzma.FILTER_X86}, {"id": lzma.FILTER_LZMA2}]))
    put("decompress", "text.lzma", lzma.compress(text, format=lzma.FORMAT_ALONE))
    # A bzImage: boot sector with "HdrS" 2.08, payload = gzip + LE32 size.
    payload = gzip.compress(text, mtime=0) + struct.pack("<I", len(text))
    setup_sects = 1
    boot = bytearray(512 * (setup_sects + 1))
    boot[0x1f1] = setup_sects
    boot[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", boot, 0x206, 0x20f)
    struct.pack_into("<I", boot, 0x248, 0)             # payload_offset
    struct.pack_into("<I", boot, 0x24c, len(payload))  # payload_length
    put("decompress", "bzimage-gzip.bin", bytes(boot) + payload)


def x86_seeds():
    # flags, fault_at, 16 GPR selectors (0: keep fake_regs), rflags, code.
    insns = {
        "mov-store": "48 89 03", "mov-imm-disp": "48 c7 43 30 fe ff ff ff",
        "lock-cmpxchg": "f0 48 0f b1 0b", "xchg": "48 87 03",
        "add-flags": "48 01 03", "fs-store": "64 48 89 03",
        "or-byte-high": "08 27", "btr": "48 0f b3 03", "cmpxchg16b": "f0 48 0f c7 0b",
        "stosq": "48 ab", "rep-movsb": "f3 a4", "sib-rip": "48 89 05 10 00 00 00",
        "fep-cpuid": "0f 0b 78 65 6e 0f a2", "in-dx": "ec", "out-imm": "e6 80",
        "rep-outsb": "f3 6e", "mov-to-cr3": "0f 22 d8", "mov-dr7": "0f 23 f8",
        "wrmsr": "0f 30", "invlpg": "0f 01 38", "lmsw": "0f 01 f0",
        "int80": "cd 80", "vex-vzeroupper": "c5 f8 77", "three-byte": "66 0f 3a 0f c1 08",
        "prefix-run": "2e 2e 2e 2e 2e 2e 2e 2e 2e 2e 2e 2e 48 89 03",
        "addr32": "67 89 03", "rex-r": "4c 89 03",
    }
    for i, (name, hexs) in enumerate(sorted(insns.items())):
        flags = [0, 1, 4, 8, 0x18, 2][i % 6]
        gprs = bytes(16)
        if i % 3 == 1:
            gprs = bytes([0x80 | (k * 5 % 64) for k in range(16)])
        head = bytes([flags, 7]) + gprs + bytes([0xd5 if i % 2 else 0])
        put("x86_emulate", name, head + bytes.fromhex(hexs))


def pt_rec(kind, frame, sel=2, idx=0, target=0, flags=0, extra=0):
    return struct.pack("<BBBHBBBI", kind, frame, sel, idx, target,
                       flags & 0xff, (flags >> 8) & 0xff, extra)


def page_type_seeds():
    P, RW, US, A, D, PSE, PCD = 1, 2, 4, 0x20, 0x40, 0x80, 0x10
    L = lambda lvl: ((lvl - 1) << 4) | 2           # sel: owner, level lvl
    tree = (pt_rec(2, 10, idx=0, target=11, flags=P | RW | US) +
            pt_rec(2, 11, idx=0, target=12, flags=P | RW | US) +
            pt_rec(2, 12, idx=0, target=13, flags=P | RW | US) +
            b"".join(pt_rec(2, 13, idx=i, target=i, flags=P | RW)
                     for i in range(14, 18)) +
            b"".join(pt_rec(2, 13, idx=i, target=i, flags=P)
                     for i in range(10, 14)))
    pin4 = pt_rec(0, 10, sel=L(4))
    put("page_type", "linux-tree-pin-unpin",
        tree + pin4 + pt_rec(2, 13, idx=20, target=20, flags=P | RW | A | D) +
        pt_rec(2, 13, idx=10, target=10, flags=P | RW) +   # -EBUSY
        pt_rec(1, 10, sel=2) + pt_rec(2, 13, idx=10, target=10, flags=P | RW))
    put("page_type", "pin-each-level",
        b"".join(pt_rec(0, 20 + l, sel=L(l)) for l in range(1, 5)) +
        b"".join(pt_rec(1, 20 + l) for l in range(1, 5)))
    put("page_type", "cmpxchg-preserve-ad",
        pt_rec(0, 20, sel=L(1)) +
        pt_rec(2, 20, sel=0x42, idx=3, target=21, flags=P | RW) +
        pt_rec(2 | 0x10, 20, sel=0x82, idx=3, target=22, flags=P) +
        pt_rec(2, 20, sel=0xc2, idx=3, target=23, flags=P, extra=5))
    put("page_type", "foreign-io-linear",
        pt_rec(0, 30, sel=L(2)) + pt_rec(2, 30, sel=0x12, idx=1, target=30,
                                         flags=P) +
        pt_rec(2 | 0x20, 31, idx=0, target=57, flags=P | RW) +
        pt_rec(2, 31, sel=0, idx=0, target=65, flags=P | PCD) +
        pt_rec(2, 32, sel=1, idx=0, target=33, flags=P) +
        pt_rec(2, 12, idx=0, target=13, flags=P | RW | PSE))
    put("page_type", "hold-walk-teardown",
        tree + pin4 + pt_rec(6, 14, sel=2) + pt_rec(6 | 0x40, 15) +
        pt_rec(5, 10, idx=0, target=0, extra=0) + pt_rec(6 | 0x80, 0) +
        pt_rec(0xff, 0) + pt_rec(6, 40, sel=L(3)))


def xl_seeds():
    data = os.path.join(os.path.dirname(ROOT), "..", "unit", "data", "xl")
    for name in ("full.cfg", "minimal.cfg", "perv.cfg", "full.xml"):
        with open(os.path.join(data, name), "rb") as f:
            text = f.read()
        put("xl", name, bytes([1 if name.endswith(".xml") else 0]) + text)
    put("xl", "overrides.cfg", b"\x02memory=768\nvif+=['bridge=br9']\n"
        b"disk=['phy:/dev/x,xvda,w']\0name='a'\nmemory=64\nkernel='/k'\n")
    put("xl", "overrides.xml", b"\x03vcpus=3\0<domain version=\"1\"><name>d"
        b"</name><memory>64</memory><kernel>/k</kernel></domain>")


XS = dict(CONTROL=0, DIRECTORY=1, READ=2, GET_PERMS=3, WATCH=4, UNWATCH=5,
          TX_START=6, TX_END=7, INTRODUCE=8, RELEASE=9, GET_DOMAIN_PATH=10,
          WRITE=11, MKDIR=12, RM=13, SET_PERMS=14, IS_INTRODUCED=17,
          RESUME=18, SET_TARGET=19, RESET_WATCHES=21, DIRECTORY_PART=22)


def xs(conn, typ, *args, tx=0, raw_value=None, kind=0):
    """One record: args are NUL-terminated; raw_value is appended bare."""
    payload = b"".join(a.encode() + b"\0" for a in args)
    if raw_value is not None:
        payload += raw_value.encode()
    return struct.pack("<BBBH", kind * 3 + conn, XS[typ], tx,
                       len(payload)) + payload


def xenstored_seeds():
    put("xenstored", "domu-read-write-watch",
        xs(2, "READ", "/local/domain/1/data") +
        xs(2, "READ", "/local/domain/1/private") +
        xs(2, "WATCH", "/local/domain/1", "w1") +
        xs(1, "WRITE", "data/x", raw_value="hello") +
        xs(1, "SET_PERMS", "data/x", "n1", "r2") +
        xs(2, "DIRECTORY", "/local/domain/1/data") +
        xs(1, "RM", "data/x") + xs(2, "GET_PERMS", "/local/domain/1") +
        xs(2, "UNWATCH", "/local/domain/1", "w1"))
    put("xenstored", "domu-transaction",
        xs(1, "TX_START", "") + xs(1, "WRITE", "data/t", tx=1, raw_value="1") +
        xs(2, "WRITE", "data/t", raw_value="2") +
        xs(1, "READ", "data/t", tx=1) + xs(1, "TX_END", "T", tx=1) +
        xs(2, "TX_START", "") + xs(2, "MKDIR", "data/a/b/c", tx=1) +
        xs(2, "RM", "/local/domain/1/data", tx=1) + xs(2, "TX_END", "T", tx=1))
    put("xenstored", "dom0-domains-target",
        xs(0, "INTRODUCE", "5", "4096", "7") + xs(0, "IS_INTRODUCED", "5") +
        xs(0, "SET_TARGET", "2", "1") +
        xs(2, "READ", "/local/domain/1/data") +
        xs(0, "RELEASE", "1") + xs(1, "READ", "data") +
        xs(0, "INTRODUCE", "1", "4096", "7") + xs(1, "DIRECTORY", "data") +
        xs(0, "GET_DOMAIN_PATH", "2") + xs(0, "RESUME", "2") +
        xs(0, "CONTROL", "quota") + xs(0, "CONTROL", "quota", "nodes", "3") +
        xs(2, "WATCH", "@releaseDomain", "r") + xs(0, "RELEASE", "5") +
        xs(2, "RESET_WATCHES", ""))
    put("xenstored", "domu-quota-dirpart",
        xs(0, "CONTROL", "quota", "nodes", "4") +
        b"".join(xs(1, "MKDIR", "data/n%d" % i) for i in range(6)) +
        xs(1, "DIRECTORY_PART", "data", "0") +
        xs(1, "DIRECTORY_PART", "data", "6") +
        xs(2, "WRITE", "/local/domain/1/data/n0", raw_value="x") +
        xs(2, "SET_PERMS", "/local/domain/1/data", "n2"))
    # Regression: DIRECTORY_PART of a node without children did
    # memcpy(out, NULL + 0, 0) (undefined; caught by clang's UBSan).
    put("xenstored", "dirpart-no-children-null-memcpy",
        xs(1, "DIRECTORY_PART", "data", "0"))
    # Regression: committing a transaction that touched nothing passed a
    # NULL array to qsort (undefined; caught by clang's UBSan).
    put("xenstored", "txn-commit-empty-qsort-null",
        xs(1, "TX_START", "") + xs(1, "TX_END", "T", tx=1))
    put("xenstored", "ring-framing-reconnect",
        xs(1, "READ", "data", kind=6) +
        struct.pack("<BBBH", 6 * 3 + 2, 0, 0, 20) + b"\x02\0\0\0" * 5 +
        bytes([7 * 3 + 1, 1]) + xs(1, "READ", "data") +
        bytes([7 * 3 + 2, 0, 0x10, 0x04, 0, 0]) + xs(2, "READ", "data") +
        bytes([7 * 3 + 2, 1]) + xs(2, "WRITE", "data/big", raw_value="z" * 3000))


def sr_header():
    import zlib
    h = b"XNLSAVE\n" + struct.pack("<IIIIHH", 1, 0, 4096, 1, 4, 17)
    return h + struct.pack("<I", zlib.crc32(h))


def sr_rec(rtype, body, crc=None):
    import zlib
    c = zlib.crc32(body) if crc is None else crc
    return (struct.pack("<IIII", rtype, len(body), c, 0) + body +
            b"\0" * (-len(body) % 8))


def sr_page(entries):
    """A page of 512 PTEs from {slot: value}."""
    return b"".join(struct.pack("<Q", entries.get(i, 0)) for i in range(512))


def save_stream_seeds():
    pv_info = struct.pack("<IIQQIIQQ", 8, 1, 16, 4, 1, 2, 2, 0)
    l4 = sr_page({0: (3 << 12) | 0x67, 256: 0xdead000 | 0x67, 511: 0x67})
    l1 = sr_page({0: (5 << 12) | 0x63, 1: (6 << 12) | 0x61, 7: 0x8000000000000000})
    data = bytes(range(256)) * 16
    entries = [1 | (0x9 << 60) | (0x8 << 60), 3 | (0x1 << 60), 5, 9 | (0xf << 60)]
    entries[0] = 1 | (0xc << 60)             # pinned L4
    pd = struct.pack("<II", 4, 0) + b"".join(struct.pack("<Q", e) for e in entries)
    pd += l4 + l1 + data
    good = (sr_header() + sr_rec(0x80000001, b"saved by mkseeds\n") +
            sr_rec(2, pv_info) + sr_rec(3, b"\x2a\x02") + sr_rec(5, pd) +
            sr_rec(0, b""))
    put("save_stream", "small-image", good)
    put("save_stream", "truncated-in-page-data", good[:len(good) - 3000])
    put("save_stream", "record-crc-mismatch",
        sr_header() + sr_rec(2, pv_info, crc=1) + sr_rec(0, b""))
    bad_l1 = sr_page({3: (100 << 12) | 0x63})
    put("save_stream", "pagetable-pfn-beyond-p2m",
        sr_header() + sr_rec(2, pv_info) +
        sr_rec(5, struct.pack("<IIQ", 1, 0, 4 | (1 << 60)) + bad_l1) +
        sr_rec(0, b""))
    put("save_stream", "page-data-count-mismatch",
        sr_header() + sr_rec(2, pv_info) +
        sr_rec(5, struct.pack("<IIQQ", 2, 0, 4, 5) + data) + sr_rec(0, b""))
    put("save_stream", "unknown-mandatory-record",
        sr_header() + sr_rec(0x77, b"x") + sr_rec(0, b""))
    put("save_stream", "huge-length",
        sr_header() + struct.pack("<IIII", 1, 0x7fffffff, 0, 0))


if __name__ == "__main__":
    libelf_seeds()
    decompress_seeds()
    x86_seeds()
    page_type_seeds()
    xl_seeds()
    xenstored_seeds()
    save_stream_seeds()
