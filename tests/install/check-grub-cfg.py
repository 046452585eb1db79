#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""check-grub-cfg.py GRUB_CFG IMAGE KVER [XEN_ENTRY_OUT]: the install test's
look at what update-grub wrote (tests/install/README.md). IMAGE is the
hypervisor's file name in /boot (xenolite-<version>), KVER dom0's kernel
version. With XEN_ENTRY_OUT, the grub-reboot name of 20_linux_xen's first
entry (submenu ids joined by '>') is written there: the test boots it too.
Checks:
  grub-entry          20_linux_xenolite's entry (id xenolite-IMAGE-vmlinuz-KVER):
                      multiboot2 of /boot/IMAGE with GRUB_CMDLINE_XENOLITE and
                      no placeholder, the kernel with root=/dev/vda1, the initrd
  grub-ids-unique     no two entries share an id (with their submenus')
  grub-default        that entry is the default (GRUB_DEFAULT by id)
  grub-xen-script     grub's own 20_linux_xen lists /boot/IMAGE too, as
                      multiboot2 with Xen's "placeholder" first (which
                      Xenolite skips) and the same kernel and root
Prints PASS:/FAIL: lines; exit status 1 if any check failed."""
import re
import sys


def entries(text):
    """(title, id, body lines, script, path) of every menuentry, submenus
    flattened; path is the entry's name for grub-reboot/GRUB_DEFAULT: the ids
    of its submenus and its own, joined by '>'."""
    out, script, cur, submenus = [], "", None, []
    for line in text.splitlines():
        m = re.match(r"### BEGIN (\S+) ###", line)
        if m:
            script = m.group(1)
        m = re.match(r"\s*submenu '[^']*'.*\$menuentry_id_option '([^']*)'", line)
        if m and cur is None:
            submenus.append(m.group(1))
            continue
        m = re.match(r"\s*menuentry '([^']*)'.*\$menuentry_id_option '([^']*)'", line)
        if m:
            cur = (m.group(1), m.group(2), [], script, ">".join(submenus + [m.group(2)]))
            out.append(cur)
            continue
        if re.match(r"\s*}\s*$", line):
            if cur is not None:
                cur = None
            elif submenus:
                submenus.pop()
        elif cur is not None:
            cur[2].append(line.strip())
    return out


def words(body, cmd):
    return [l.split()[1:] for l in body if l.split()[:1] == [cmd]]


def main():
    cfg, image, kver = sys.argv[1:4]
    xen_entry_out = sys.argv[4] if len(sys.argv) > 4 else None
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
        title, _, body, script, path = ours[0]
        mb, mods = words(body, "multiboot2"), words(body, "module2")
        if script != "/etc/grub.d/20_linux_xenolite":
            why = f"entry made by {script}"
        elif path != want_id:
            why = f"entry inside a submenu ({path})"
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
    # GRUB_DEFAULT and grub-reboot name one entry: no two may share a name.
    paths = [e[4] for e in all_entries]
    dups = sorted({p for p in paths if paths.count(p) > 1})
    report("grub-ids-unique", not dups, f"entries sharing an id: {dups}")

    report("grub-default", dflt == [want_id], f"default is {dflt}, not {want_id}")

    xen = [e for e in all_entries if e[3] == "/etc/grub.d/20_linux_xen"]
    ok, why = bool(xen), "20_linux_xen made no entry (it lists every /boot/xen*)"
    for title, _, body, _, _ in xen:
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
    if xen_entry_out:
        # The first is the top-level "with Xen hypervisor" entry (20_linux_xen
        # makes it of the newest /boot/xen*: here the only one, ours).
        with open(xen_entry_out, "w") as f:
            f.write((xen[0][4] if ok else "") + "\n")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
