#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""check-grub-cfg.py GRUB_CFG IMAGE KVER: the install test's look at what
update-grub wrote (tests/install/README.md). IMAGE is the hypervisor's file
name in /boot (xenolite-<version>), KVER dom0's kernel version. Checks:
  grub-entry          20_linux_xenolite's entry (id xenolite-IMAGE-vmlinuz-KVER):
                      multiboot2 of /boot/IMAGE with GRUB_CMDLINE_XENOLITE and
                      no placeholder, the kernel with root=/dev/vda1, the initrd
  grub-default        that entry is the default (GRUB_DEFAULT by id)
  grub-xen-script     grub's own 20_linux_xen lists /boot/IMAGE too, as
                      multiboot2 with Xen's "placeholder" first (which
                      Xenolite skips) and the same kernel and root
Prints PASS:/FAIL: lines; exit status 1 if any check failed."""
import re
import sys


def entries(text):
    """(title, id, body lines, script) of every menuentry, submenus flattened."""
    out, script, cur = [], "", None
    for line in text.splitlines():
        m = re.match(r"### BEGIN (\S+) ###", line)
        if m:
            script = m.group(1)
        m = re.match(r"\s*menuentry '([^']*)'.*\$menuentry_id_option '([^']*)'", line)
        if m:
            cur = (m.group(1), m.group(2), [], script)
            out.append(cur)
            continue
        if cur is not None:
            if re.match(r"\s*}\s*$", line):
                cur = None
            else:
                cur[2].append(line.strip())
    return out


def words(body, cmd):
    return [l.split()[1:] for l in body if l.split()[:1] == [cmd]]


def main():
    cfg, image, kver = sys.argv[1:4]
    text = open(cfg).read()
    all_entries = entries(text)
    fails = 0

    def report(name, ok, why):
        nonlocal fails
        if ok:
            print(f"PASS: install-test: {name}")
        else:
            print(f"FAIL: install-test: {name}: {why} ({cfg})")
            fails += 1

    want_id = f"xenolite-{image}-vmlinuz-{kver}"
    ours = [e for e in all_entries if e[1] == want_id]
    ok, why = False, f"no entry with id '{want_id}'"
    if ours:
        title, _, body, script = ours[0]
        mb, mods = words(body, "multiboot2"), words(body, "module2")
        if script != "/etc/grub.d/20_linux_xenolite":
            why = f"entry made by {script}"
        elif not title.startswith("Debian GNU/Linux, with Xenolite"):
            why = f"title '{title}'"
        elif len(mb) != 1 or mb[0][0] != f"/boot/{image}" or "placeholder" in mb[0] \
                or "console=com1" not in mb[0]:
            why = f"multiboot2 line {mb}"
        elif len(mods) != 2 or mods[0][:3] != [f"/boot/vmlinuz-{kver}", "root=/dev/vda1", "ro"] \
                or mods[1] != ["--nounzip", f"/boot/initrd.img-{kver}"]:
            why = f"module2 lines {mods}"
        else:
            ok = True
    report("grub-entry", ok, why)

    # 00_header also writes set default="${next_entry}" (grub-reboot's).
    dflt = [d for d in re.findall(r'^\s*set default="([^"]*)"', text, re.M)
            if d != "${next_entry}"]
    report("grub-default", dflt == [want_id], f"default is {dflt}, not {want_id}")

    xen = [e for e in all_entries if e[3] == "/etc/grub.d/20_linux_xen"]
    ok, why = bool(xen), "20_linux_xen made no entry (it lists every /boot/xen*)"
    for title, _, body, _ in xen:
        mb, mods = words(body, "multiboot2"), words(body, "module2")
        if len(mb) != 1 or mb[0][:2] != [f"/boot/{image}", "placeholder"]:
            ok, why = False, f"'{title}': multiboot2 line {mb}"
        elif not mods or mods[0][:4] != [f"/boot/vmlinuz-{kver}", "placeholder",
                                         "root=/dev/vda1", "ro"]:
            ok, why = False, f"'{title}': module2 lines {mods}"
    if ok:
        print(f"install-test: 20_linux_xen entries of /boot/{image}: "
              + "; ".join(e[0] for e in xen))
    report("grub-xen-script", ok, why)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
