#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Stand-in for qemu-system-x86_64 in tests/boot/selftest.py: ignores its
arguments and plays $FAKE_QEMU_SCRIPT on stdout (the "serial port"), one
command per line:
    print TEXT        print TEXT and a CRLF
    prompt TEXT       print TEXT without a newline
    read TEXT         echo stdin back until a line containing TEXT arrives
                      (a line ends with LF or CR)
    readbyte HEX      read stdin until the byte 0xHEX, then print "got HEX"
    sleep SECONDS
    exit STATUS       exit (QEMU powering off)
    hang              wait to be killed
"""
import os
import sys
import time


def out(s):
    os.write(1, s.encode())


def main():
    pending = b""
    for cmd in os.environ["FAKE_QEMU_SCRIPT"].split("\n"):
        op, _, arg = cmd.lstrip().partition(" ")
        if op == "print":
            out(arg + "\r\n")
        elif op == "prompt":
            out(arg)
        elif op == "read":
            while True:
                ends = [i for i in (pending.find(b"\n"), pending.find(b"\r"))
                        if i >= 0]
                if ends:
                    line, pending = pending[:min(ends)], pending[min(ends) + 1:]
                    out(line.decode() + "\r\n")
                    if arg.encode() in line:
                        break
                    continue
                data = os.read(0, 4096)
                if not data:
                    return 1
                pending += data
        elif op == "readbyte":
            want = bytes([int(arg, 16)])
            while want not in pending:
                data = os.read(0, 4096)
                if not data:
                    return 1
                pending += data
            pending = pending[pending.index(want) + 1:]
            out("got " + arg + "\r\n")
        elif op == "sleep":
            time.sleep(float(arg))
        elif op == "exit":
            return int(arg)
        elif op == "hang":
            time.sleep(3600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
