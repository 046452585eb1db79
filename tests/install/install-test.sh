#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# install-test.sh BUILD DEBS [CACHE]: `make install-test`
# (tests/install/README.md). A Debian bookworm disk image (mmdebstrap:
# kernel, grub-pc, systemd) with the packages of DEBS installed by dpkg,
# the busybox example guest in /etc/xen, and update-grub run, booted in QEMU
# from its disk through GRUB (no -kernel) into Xenolite with that Debian as
# the hardware dom0 (-M pc, virtio-blk). In the image a check unit reports
# "INSTALL-CHECK:" lines: multi-user reached, the Xenolite units active, no
# failed unit, `xl info` answers, the guest boots to its console line and
# is destroyed; then it powers off, which ends QEMU.
# The rootfs tarball is cached in CACHE/install-test (default BUILD/cache),
# named by what mmdebstrap was asked for.
# Needs root (chroot, mounts). Prints PASS:/FAIL: lines; exit 0 if all pass.
set -euo pipefail
BUILD=${1:?BUILD} DEBS=${2:?DEBS} CACHE=${3:-$1/cache}
TIMEOUT=${INSTALL_TEST_TIMEOUT:-2400}
XEN_ENTRY_BOOT=${INSTALL_TEST_XEN_ENTRY:-1}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
W=$(realpath -m "$BUILD/install-test")
C=$(realpath -m "$CACHE/install-test")
# The example guest: Debian's kernel of the cache and the busybox initramfs
# built for it (its modules match that kernel, whatever the image holds).
GUEST_KERNEL=$(realpath -e "$CACHE/linux/vmlinuz")
GUEST_INITRD=$BUILD/tests/dom0/busybox-guest-initrd.gz
[ -s "$GUEST_INITRD" ] || { echo "FAIL: install-test: no $GUEST_INITRD (make it first)"; exit 1; }
mkdir -p "$W" "$C"
t0=$(date +%s)
say() { echo "install-test: $* ($(( $(date +%s) - t0 )) s)"; }
[ "$(id -u)" -eq 0 ] || { echo "FAIL: install-test: needs root (chroot, mounts)"; exit 1; }

# 1. The Debian system, downloaded once: CACHE/install-test/rootfs-KEY.tar,
#    KEY a hash of the suite, variant and package list (a change of any
#    makes a new one; delete the file to refresh the same list).
PKGS=linux-image-amd64,grub-pc,systemd-sysv,udev,iproute2,kmod,logrotate,bridge-utils
PKGS=$PKGS,liburing2,libxml2,libyajl2,libuuid1,liblzma5
key=$(printf 'bookworm important %s\n' "$PKGS" | sha256sum | cut -c1-16)
TAR=$C/rootfs-$key.tar
if [ ! -s "$TAR" ]; then
    say "mmdebstrap bookworm ($PKGS), log $W/mmdebstrap.log"
    # --format=tar: mmdebstrap picks the format by the name's extension,
    # and the partial name's would make a directory.
    rm -rf "$TAR.part"
    mmdebstrap --variant=important --format=tar --include="$PKGS" bookworm "$TAR.part" \
        > "$W/mmdebstrap.log" 2>&1 ||
        { echo "FAIL: install-test: mmdebstrap: $(tail -5 "$W/mmdebstrap.log")"; exit 1; }
    mv "$TAR.part" "$TAR"
fi
say "rootfs $TAR"

# 2. Unpack, install our packages, configure, update-grub.
R=$W/root
umount_all() { for m in dev/pts dev sys proc; do umount -l "$R/$m" 2>/dev/null || true; done; }
trap umount_all EXIT
umount_all
rm -rf "$R" && mkdir -p "$R"
tar -C "$R" -xf "$TAR"
mount -t proc proc "$R/proc" && mount --rbind /sys "$R/sys" && mount --bind /dev "$R/dev" &&
    mount --bind /dev/pts "$R/dev/pts"
mkdir -p "$R/tmp/debs"
OURS="$DEBS/xenolite-hypervisor_*.deb $DEBS/xenolite-utils_*.deb $DEBS/libhcall1_*.deb"
cp $OURS "$R/tmp/debs/"
# What our packages depend on and the image lacks (the tools gain libraries
# after the package list above was cached): one level of Depends, fetched
# by the host's `apt-get download` (the same bookworm) into CACHE/install-test/
# debs once, and given to dpkg with ours; dpkg names anything still missing.
need=$(for d in $OURS; do dpkg-deb -f "$d" Depends; echo; done | tr ',' '\n' |
       sed 's/([^)]*)//g; s/|.*//; s/[[:space:]]//g' | grep -v -x -e '' -e 'libhcall1' | sort -u)
missing=
for p in $need; do
    chroot "$R" dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed ||
        missing="$missing $p"
done
if [ -n "$missing" ]; then
    mkdir -p "$C/debs"
    for p in $missing; do
        ls "$C/debs/${p}"_*.deb >/dev/null 2>&1 ||
            (cd "$C/debs" && apt-get download "$p" >> "$W/apt-download.log" 2>&1) ||
            { echo "FAIL: install-test: apt-get download $p: $(tail -3 "$W/apt-download.log")"; exit 1; }
        cp "$C/debs/${p}"_*.deb "$R/tmp/debs/"
    done
    say "dependencies not in the cached image:$missing"
fi
say "dpkg -i $(cd "$R/tmp/debs" && echo *.deb)"
# No service may start in the build chroot (the host may be a dom0 itself).
printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d" && chmod 755 "$R/usr/sbin/policy-rc.d"
chroot "$R" sh -c 'dpkg -i /tmp/debs/*.deb' > "$W/dpkg.log" 2>&1 ||
    { echo "FAIL: install-test: dpkg -i: $(tail -5 "$W/dpkg.log")"; exit 1; }
rm -rf "$R/tmp/debs" "$R/usr/sbin/policy-rc.d"
echo "PASS: install-test: dpkg-install"

UUID=$(cat /proc/sys/kernel/random/uuid)
echo "/dev/vda1 / ext4 errors=remount-ro 0 1" > "$R/etc/fstab"
echo xenolite-dom0 > "$R/etc/hostname"
cat >> "$R/etc/default/grub" <<'G'
GRUB_TIMEOUT=1
GRUB_TERMINAL=serial
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
GRUB_DISABLE_LINUX_UUID=true
GRUB_CMDLINE_LINUX="console=hvc0 earlyprintk=xen"
GRUB_CMDLINE_LINUX_DEFAULT=""
GRUB_CMDLINE_XENOLITE="console=com1 loglvl=all dom0_mem=1024M,max:1024M dom0_max_vcpus=2"
GRUB_CMDLINE_XEN="console=com1 loglvl=all dom0_mem=1024M,max:1024M dom0_max_vcpus=2"
G
# Our entry is the default, by its id (grub's own 20_linux_xen, which makes
# entries of every /boot/xen*, also lists /boot/xenolite-*: see docs/install.md).
kver=$(cd "$R/boot" && ls vmlinuz-* | sed 's/^vmlinuz-//' | sort -V | tail -1)
hvf=$(cd "$R/boot" && ls xenolite-* | sort -V | tail -1)
echo "GRUB_DEFAULT=xenolite-$hvf-vmlinuz-$kver" >> "$R/etc/default/grub"
install -m 755 "$here/check-in-image.sh" "$R/usr/local/sbin/xenolite-install-check"
# The busybox example of /etc/xen, its kernel and initramfs beside it.
mkdir -p "$R/etc/xen" "$R/var/lib/xen/images"
install -m 644 "$GUEST_KERNEL" "$R/var/lib/xen/images/busybox-vmlinuz"
install -m 644 "$GUEST_INITRD" "$R/var/lib/xen/images/busybox-initrd.gz"
sed 's|^kernel = .*|kernel = "/var/lib/xen/images/busybox-vmlinuz"|' \
    "$top/tests/dom0/etc-xen/busybox.cfg" > "$R/etc/xen/busybox.cfg"
grep -q '^kernel = "/var/lib/xen/images/busybox-vmlinuz"$' "$R/etc/xen/busybox.cfg" ||
    { echo "FAIL: install-test: busybox.cfg has no kernel line to point at the image's copy"; exit 1; }
cat > "$R/etc/systemd/system/xenolite-install-check.service" <<'U'
[Unit]
Description=Xenolite install test: report and power off
After=multi-user.target xenolite-domains.service
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/xenolite-install-check
[Install]
WantedBy=multi-user.target
U
chroot "$R" systemctl enable xenolite-install-check.service >/dev/null 2>&1
# grub-probe cannot see the image's future disk from here: a stand-in
# answers for /dev/vda1 while update-grub runs (every script is the real one).
# grub-mkconfig runs $sbindir/grub-probe: the real one is set aside meanwhile.
mv "$R/usr/sbin/grub-probe" "$R/usr/sbin/grub-probe.real"
cat > "$R/usr/sbin/grub-probe" <<P
#!/bin/sh
for a; do case \$a in --target=*) t=\${a#--target=} ;; esac; done
case \$t in
device) echo /dev/vda1 ;; disk) echo /dev/vda ;; fs) echo ext2 ;; fs_uuid) echo $UUID ;;
partmap) echo msdos ;; drive) echo '(hd0,msdos1)' ;; compatibility_hint) echo hd0,msdos1 ;;
hints_string) echo '--hint-bios=hd0,msdos1' ;; *) echo ;;
esac
P
chmod 755 "$R/usr/sbin/grub-probe"
say "update-grub"
chroot "$R" update-grub > "$W/update-grub.log" 2>&1 ||
    { echo "FAIL: install-test: update-grub: $(tail -5 "$W/update-grub.log")"; exit 1; }
mv "$R/usr/sbin/grub-probe.real" "$R/usr/sbin/grub-probe"
cp "$R/boot/grub/grub.cfg" "$W/grub.cfg"
"$here/check-grub-cfg.py" "$W/grub.cfg" "$hvf" "$kver" "$W/xen-entry" || exit 1
# The first boot (step 4) is grub's own 20_linux_xen entry, once, as
# grub-reboot does it: next_entry in grubenv, which GRUB clears when it
# boots it (save_env), so the second boot is the default, ours.
xen_entry=$(cat "$W/xen-entry")
if [ "$XEN_ENTRY_BOOT" = 1 ]; then
    [ -n "$xen_entry" ] || { echo "FAIL: install-test: no 20_linux_xen entry to boot"; exit 1; }
    chroot "$R" grub-editenv /boot/grub/grubenv set "next_entry=$xen_entry"
fi
chroot "$R" grub-script-check /boot/grub/grub.cfg > "$W/grub-script-check.log" 2>&1 &&
    echo "PASS: install-test: grub-script-check" ||
    { echo "FAIL: install-test: grub-script-check: $(tail -3 "$W/grub-script-check.log")"; exit 1; }
# GRUB's BIOS stage: core.img from the image's own GRUB, modules in /boot/grub.
mkdir -p "$R/boot/grub/i386-pc"
cp "$R"/usr/lib/grub/i386-pc/*.mod "$R"/usr/lib/grub/i386-pc/*.lst "$R/boot/grub/i386-pc/"
chroot "$R" grub-mkimage -O i386-pc -o /tmp/core.img -p '(hd0,msdos1)/boot/grub' \
    biosdisk part_msdos ext2
mv "$R/tmp/core.img" "$W/core.img"
cp "$R/usr/lib/grub/i386-pc/boot.img" "$W/boot.img"
umount_all

# 3. The disk: MBR + GRUB core in the gap, one ext4 partition from 1 MiB.
say "disk image"
rm -f "$W/part.img" "$W/disk.img"
mkfs.ext4 -q -F -U "$UUID" -L xenolite-root -d "$R" "$W/part.img" 3G
truncate -s 1M "$W/disk.img"
cat "$W/part.img" >> "$W/disk.img" && rm -f "$W/part.img"
# The MBR partition entry by hand (no sfdisk needed): active, type 0x83,
# LBA 2048 to the end; CHS fields at their "use LBA" maximum.
python3 - "$W/disk.img" <<'PY'
import struct, sys, os
path = sys.argv[1]
sectors = os.path.getsize(path) // 512 - 2048
entry = struct.pack("<B3sB3sII", 0x80, b"\xfe\xff\xff", 0x83, b"\xfe\xff\xff", 2048, sectors)
with open(path, "r+b") as f:
    f.seek(446); f.write(entry + bytes(48)); f.seek(510); f.write(b"\x55\xaa")
PY
# boot.img's code (not the partition table), then core.img from sector 1:
# the sector numbers boot.img and diskboot carry by default.
dd if="$W/boot.img" of="$W/disk.img" bs=440 count=1 conv=notrunc status=none
[ "$(stat -c %s "$W/core.img")" -lt $((2047 * 512)) ] || { echo "FAIL: install-test: core.img too big"; exit 1; }
dd if="$W/core.img" of="$W/disk.img" bs=512 seek=1 conv=notrunc status=none
echo "PASS: install-test: disk-image"

# 4. Boot it from the disk through GRUB: grub's own 20_linux_xen entry of
#    /boot/xenolite-* once (next_entry, step 2), then our entry (the
#    default), with the same checks in the image each time.
fails=0
# boot NAME PREFIX: one QEMU run to poweroff, serial log W/NAME.log; check
# names get PREFIX. Sets txt (the log without CRs) for the caller.
boot() {
    local name=$1 pre=$2 log=$W/$1.log qrc n
    say "boot $name (QEMU, timeout ${TIMEOUT}s)"
    rm -f "$log"
    timeout "$TIMEOUT" qemu-system-x86_64 -accel tcg -M pc -cpu max,-smap -smp 2 -m 2048 \
        -display none -vga none -monitor none -no-reboot -serial "file:$log" \
        -drive "file=$W/disk.img,format=raw,if=virtio" -nic user,model=e1000 \
        > "$W/qemu-$name.out" 2>&1 && qrc=0 || qrc=$?
    say "QEMU ended (status $qrc)"
    # The log without CRs, in a file: `tr | grep -q` under pipefail fails when
    # grep stops reading early and tr dies of SIGPIPE (a long log).
    txt=$W/$name.txt
    tr -d '\r' < "$log" > "$txt"
    grep -aq "Xenolite $hvver - a thin hypervisor" "$txt" && echo "PASS: install-test: ${pre}grub-loaded-xenolite" ||
        { echo "FAIL: install-test: ${pre}grub-loaded-xenolite: no Xenolite banner in $log"; fails=$((fails + 1)); }
    grep -a '^INSTALL-CHECK: \(PASS\|FAIL\)' "$txt" |
        sed "s/^INSTALL-CHECK: \(PASS\|FAIL\): /\1: install-test: $pre/" || true
    n=$(grep -ac '^INSTALL-CHECK: FAIL' "$txt" || true)
    fails=$((fails + n))
    if grep -aq '^INSTALL-CHECK: done' "$txt"; then
        echo "PASS: install-test: ${pre}checks-ran"
    else
        echo "FAIL: install-test: ${pre}checks-ran: no INSTALL-CHECK report (see $log)"; fails=$((fails + 1))
    fi
    [ $qrc -eq 0 ] && echo "PASS: install-test: ${pre}poweroff-ends-run" ||
        { echo "FAIL: install-test: ${pre}poweroff-ends-run: QEMU status $qrc (124 = timeout)"; fails=$((fails + 1)); }
}
hvver=${hvf#xenolite-}
if [ "$XEN_ENTRY_BOOT" = 1 ]; then
    boot serial-xen-entry xen-entry-
    # 20_linux_xen echoes "Loading Xen <file name without xen->".
    grep -a "Loading Xen $hvf \.\.\." "$txt" >/dev/null &&
        echo "PASS: install-test: xen-entry-grub-booted-entry" ||
        { echo "FAIL: install-test: xen-entry-grub-booted-entry: GRUB did not run 20_linux_xen's entry $xen_entry (no 'Loading Xen $hvf ...')"; fails=$((fails + 1)); }
    # Its hypervisor command line starts with "placeholder", skipped silently.
    if grep -aq '^(XEN) Command line: placeholder ' "$txt" &&
       ! grep -aq "unknown option 'placeholder'" "$txt"; then
        echo "PASS: install-test: xen-entry-placeholder-skipped"
    else
        echo "FAIL: install-test: xen-entry-placeholder-skipped: no 'Command line: placeholder ...', or it was reported unknown"
        fails=$((fails + 1))
    fi
fi
boot serial ""
grep -a "Loading Xenolite $hvver \.\.\." "$txt" >/dev/null &&
    echo "PASS: install-test: grub-booted-entry" ||
    { echo "FAIL: install-test: grub-booted-entry: GRUB did not run 20_linux_xenolite's entry (no 'Loading Xenolite $hvver ...')"; fails=$((fails + 1)); }
say "done, $fails failed"
[ $fails -eq 0 ]
