#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Stand-in for qemu-system-x86_64 in tests/boot/selftest.py: ignores its
arguments but `-fake-script SCRIPT` (a case's qemu-args; commands separated
by ';') and plays SCRIPT, else $FAKE_QEMU_SCRIPT, on stdout (the "serial
port"), one command per line:
    print TEXT        print TEXT and a CRLF
    prompt TEXT       print TEXT without a newline
    read TEXT         echo stdin back until a line containing TEXT arrives
                      (a line ends with LF or CR)
    readbyte HEX      read stdin until the byte 0xHEX, then print "got HEX"
    sleep SECONDS
    exit STATUS       exit (QEMU powering off)
    hang              wait to be killed
    touch PATH        create the file PATH
    waitfile PATH S   wait up to S seconds for PATH to exist, else exit 1
                      (two cases that wait for each other must run at once)
"""
import os
import sys
import time


def out(s):
    os.write(1, s.encode())


def main():
    pending = b""
    script = os.environ.get("FAKE_QEMU_SCRIPT", "").split("\n")
    if "-fake-script" in sys.argv[:-1]:
        script = sys.argv[sys.argv.index("-fake-script") + 1].split(";")
    for cmd in script:
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
        elif op == "touch":
            open(arg, "w").close()
        elif op == "waitfile":
            path, _, secs = arg.rpartition(" ")
            end = time.monotonic() + float(secs)
            while not os.path.exists(path):
                if time.monotonic() > end:
                    return 1
                time.sleep(0.05)
    return 0


if __name__ == "__main__":
    sys.exit(main())
