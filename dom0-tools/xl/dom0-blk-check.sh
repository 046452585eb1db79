#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-blk-check: the dom0 end-to-end test of PV disks made by xl, run in
# the tests/dom0 initramfs by tests/boot/long/dom0-blk.case, once per back
# end: qdisk (the user-space daemon the dom0 init starts; xl's default for
# image files) and phy (Linux's xen-blkback on a loop device). Each round
# boots ONE tests/domu guest with 4 disks (xvda 64 MiB of random bytes, xvdb
# read-only, xvdc a sparse 64 MiB image, xvdd one to grow) and drives its
# command loop (tests/domu/init, xenolite.shell) through its console: the
# guest's sha256sum of each disk equals dom0's; the read-only disk refuses
# writes; mkfs.ext4, mount, files, umount, e2fsck clean and the files read
# back; blkdiscard shrinks the image's allocation; an fsync'd pattern is in
# the image after `xl destroy` (flush); online resize (phy: losetup -c;
# qdisk re-reads the size while the ring is busy); block-attach and
# block-detach while it runs (refused while the guest does not answer, -f
# forces); destroy leaves no loop device, back-end or front-end directory.
# Between the phy and the qdisk rounds: a dead qdisk fails a create at
# once, a missing one after the deadline, both naming the disk;
# create/destroy cycles with disks of both kinds leave nothing.
# Prints PASS:/FAIL: dom0-blk/[BACKEND/]NAME lines and
# "dom0-blk-check: done, N failed"; none of that text is in the commands.

D=/opt/xenolite/domu
LOG=/var/log/xen/console/guest-blk.log
CFG=/tmp/blk.cfg
QPID=/run/xen/qdisk.pid
QSTART="qdisk -D -l /var/log/xen/qdisk.log -p $QPID"
PATTERN=xenolite-blk-pattern-4096
CHECK_NAME=dom0-blk    # dom0-blk/qdisk or dom0-blk/phy during a round
CHECK_DIAGNOSE=1
. /opt/xenolite/lib/check-lib.sh
trap '' PIPE            # a console gone must not kill the script

diagnose() {
    echo "dom0-blk-check: diagnostics:"
    xl list; losetup -a
    xs -s ls /local/domain/0/backend 2>&1 | head -n 60
    ls /sys/bus/xen-backend/devices 2>&1
    xs -s ls /local/domain/0/error 2>&1 | head -n 20
    tail -n 10 /var/log/xen/xenstored.log 2>/dev/null | sed 's/^/  xenstored| /'
    tail -n 30 "$LOG" /var/log/xen/qdisk.log 2>/dev/null | sed 's/^/  | /'
    dmesg | grep -i -E 'blk|loop|xen' | tail -n 15
}
loops() { losetup -a 2>/dev/null | wc -l; }
hash() { sha256sum "$1" | cut -d' ' -f1; }
listed() { xl block-list blk | awk -v d="$1" '$1 == d { f = 1 } END { exit !f }'; }
connected() {
    for d in "$@"; do
        xl block-list blk | awk -v d="$d" '$1 == d && $4 == 4 { f = 1 } END { exit !f }' ||
            return 1
    done
}
blocks() { du -k "$1" | cut -f1; }
qdisk_alive() { [ -s $QPID ] && kill -0 "$(cat $QPID)"; }

# The guest's console: one `xl console` fed from a FIFO for the whole round.
con_start() {
    rm -f /tmp/gin && mkfifo /tmp/gin
    xl console blk </tmp/gin >/dev/null 2>&1 &
    conpid=$!
    exec 3>/tmp/gin
}
con_stop() { exec 3>&-; kill $conpid 2>/dev/null; wait $conpid 2>/dev/null; }

# Run a command in the guest: "TAG COMMAND" on its console; the answer is
# the "[TAG] out:" lines (into $gout) and "[TAG] rc N" (into $grc).
tag=0
gcmd() {
    tag=$((tag + 1))
    echo "$tag $1" >&3
    if ! wait_for "${2:-1200}" grep -q "xenolite-domu: \[$tag\] rc" "$LOG"; then
        gout="(no answer)"; grc=none
        return 1
    fi
    gout=$(sed -n "s/^.*xenolite-domu: \[$tag\] out: //p" "$LOG" | tr -d '\r')
    grc=$(sed -n "s/^.*xenolite-domu: \[$tag\] rc \([0-9]*\).*/\1/p" "$LOG" | head -n1)
}
# ghash NAME DEV WANT: the guest's sha256sum of DEV is WANT.
ghash() {
    gcmd "sha256sum $2" 3000
    case "$gout" in
    "$3 "*) pass "$1" ;;
    *) fail "$1" "guest: '$gout' rc $grc, dom0: $3" ;;
    esac
}

# The daemons: started by the dom0 init (xenolite.daemons), else here.
daemons() {
    mkdir -p /var/log/xen /run/xen
    pidof xenstored >/dev/null || xenstored 2>/tmp/xenstored.log &
    wait_for 300 test -S /run/xenstored/socket
    pidof xenconsoled >/dev/null || xenconsoled 2>/tmp/xenconsoled.log &
    qdisk_alive || $QSTART
    if wait_for 300 test -S /run/xenstored/socket &&
       wait_for 300 test -S /run/xenconsoled/socket && wait_for 100 qdisk_alive
    then pass daemons
    else fail daemons "xenstored/xenconsoled socket or $QPID missing after 30s"; fi
}

# The guest's config: 4 disks of backendtype $1 ("" = xl's default).
write_cfg() {
    b=${1:+backendtype=$1,}
    cat > $CFG <<EOF
name = "blk"
kernel = "$D/vmlinuz"
ramdisk = "$D/initrd.gz"
memory = 256
vcpus = 1
extra = "console=hvc0 loglevel=4 xenolite.shell"
on_poweroff = "destroy"
disk = [ 'format=raw,vdev=xvda,access=rw,${b}target=/tmp/disk.img',
         'format=raw,vdev=xvdb,access=ro,${b}target=/tmp/ro.img',
         'format=raw,vdev=xvdc,access=rw,${b}target=/tmp/fs.img',
         'format=raw,vdev=xvdd,access=rw,${b}target=/tmp/grow.img' ]
EOF
}

# Create: 4 back ends of the right kind (a loop device each for phy), all
# connected once the guest runs.
round_create() {
    if xl create -v $CFG; then pass create; else fail create "xl create failed"; fi
    id=$(xl domid blk)
    n=$(xs -s ls /local/domain/0/backend/$kind/$id 2>/dev/null | grep -c '^[0-9]')
    want=$loops0
    [ $kind = vbd ] && want=$((loops0 + 4))
    if [ "$n" = 4 ] && [ "$(loops)" -eq $want ]; then pass "backend ($n $kind devices)"
    else fail backend "$n under backend/$kind, loops: $(losetup -a | tr '\n' '|')"; fi
    con_start
    if wait_for 6000 grep -q "xenolite-domu: shell ready" "$LOG"; then pass guest-up
    else fail guest-up "no 'shell ready' in $LOG after 600s"; fi
    if wait_for 300 connected 51712 51728 51744 51760; then pass "connected (4 disks)"
    else fail connected "$(xl block-list blk | tr '\n' '|')"; fi
}

# Contents, read-only, a file system, discard, and the flush pattern.
round_data() {
    ghash hash /dev/xvda "$h_disk"
    ghash hash-ro /dev/xvdb "$h_ro"
    gcmd "blockdev --getro /dev/xvdb && dd if=/dev/zero of=/dev/xvdb bs=4096 count=1 conv=fsync"
    if [ "$grc" != 0 ] && [ "$grc" != none ] && [ "$(echo "$gout" | head -n1)" = 1 ] &&
       [ "$(hash /tmp/ro.img)" = "$h_ro" ]; then pass read-only
    else fail read-only "rc $grc: $(echo "$gout" | tr '\n' '|')"; fi
    gcmd 'mkdir -p /etc /mnt; [ -e /etc/mtab ] || ln -s /proc/mounts /etc/mtab; mkfs.ext4 -q -F /dev/xvdc && mount -t ext4 /dev/xvdc /mnt && for i in 1 2 3 4 5 6 7 8; do dd if=/dev/urandom of=/mnt/f$i bs=64k count=2 2>/dev/null || exit 1; done; a=$(cat /mnt/f* | sha256sum); umount /mnt && e2fsck -fn /dev/xvdc && mount -o ro -t ext4 /dev/xvdc /mnt && b=$(cat /mnt/f* | sha256sum) && umount /mnt && [ "$a" = "$b" ] && echo same-files' 6000
    case "$grc/$gout" in
    0/*same-files) pass "ext4 (mkfs, 8 files, umount, e2fsck clean, files read back)" ;;
    *) fail ext4 "rc $grc: $(echo "$gout" | tail -n 8 | tr '\n' '|')" ;;
    esac
    gcmd "dd if=/dev/zero of=/dev/xvdc bs=1M count=16 conv=fsync 2>/dev/null"
    before=$(blocks /tmp/fs.img)
    gcmd "blkdiscard /dev/xvdc"
    after=$(blocks /tmp/fs.img)
    if [ "$grc" = 0 ] && [ "$before" -ge 16384 ] && [ "$after" -lt $((before - 8192)) ]
    then pass "discard ($before KiB -> $after KiB)"
    else fail discard "rc $grc '$gout': $before KiB -> $after KiB"; fi
    gcmd "printf $PATTERN | dd of=/dev/xvda bs=512 seek=4096 conv=notrunc,fsync"
    if [ "$grc" = 0 ]; then pass guest-write; else fail guest-write "rc $grc: $gout"; fi
}

# Online resize of xvdd from 16 to 32 MiB: the guest sees the new size and
# the new half's bytes. phy: losetup -c, blkback notices on the next request;
# qdisk re-reads the image's size while the guest's reads keep it busy.
round_resize() {
    dd if=/dev/urandom of=/tmp/grow.img bs=1M seek=16 count=16 conv=notrunc 2>/dev/null
    h_grow=$(hash /tmp/grow.img)
    if [ $kind = vbd ]; then
        losetup -c "$(xs -s read /local/domain/0/backend/vbd/$id/51760/physical-device-path)"
    fi
    gcmd "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do dd if=/dev/xvdd of=/dev/null bs=4096 count=1 iflag=direct 2>/dev/null; [ \$(cat /sys/block/xvdd/size) = 65536 ] && break; sleep 1; done; cat /sys/block/xvdd/size"
    if [ "$gout" = 65536 ]; then pass "resize (xvdd 32768 -> 65536 sectors)"
    else fail resize "guest's xvdd: '$gout' sectors, want 65536"; fi
    ghash resize-hash /dev/xvdd "$h_grow"
}

# block-attach while it runs; block-detach refused while the guest does not
# answer (paused), then for real; -f on a paused guest removes it at once.
round_hotplug() {
    if xl block-attach blk "format=raw,vdev=xvde,access=rw,${b}target=/tmp/hot.img" &&
       listed 51776; then pass block-attach
    else fail block-attach "$(xl block-list blk | tr '\n' '|')"; fi
    gcmd "for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/xvde ] && break; sleep 1; done; sha256sum /dev/xvde"
    case "$gout" in
    "$h_hot "*) pass hash-attached ;;
    *) fail hash-attached "guest: '$gout' rc $grc, dom0: $h_hot" ;;
    esac
    loops1=$(loops)
    xl pause blk
    if xl block-detach blk xvde 2>/tmp/detach.err; then
        fail detach-refused "succeeded while the guest was paused"
    elif grep -q "did not close" /tmp/detach.err && listed 51776; then
        pass "detach-refused ($(cat /tmp/detach.err))"
    else
        fail detach-refused "$(cat /tmp/detach.err) / $(xl block-list blk | tr '\n' '|')"
    fi
    xl unpause blk
    want=$loops1
    [ $kind = vbd ] && want=$((loops1 - 1))
    if xl block-detach blk xvde && ! listed 51776 && [ "$(loops)" -eq $want ]
    then pass block-detach
    else fail block-detach "$(xl block-list blk | tr '\n' '|') $(losetup -a | tr '\n' '|')"; fi
    gcmd "for i in 1 2 3 4 5 6 7 8 9 10; do [ -e /dev/xvde ] || break; sleep 1; done; ls /dev/xvde 2>&1"
    case "$gout" in
    *"No such file"*) pass detach-guest ;;
    *) fail detach-guest "$gout" ;;
    esac
    xl block-attach blk "format=raw,vdev=xvdf,access=ro,${b}target=/tmp/hot.img"
    xl pause blk
    if xl block-detach -f blk 51792 && ! listed 51792 && [ "$(loops)" -eq $want ]
    then pass detach-force
    else fail detach-force "$(xl block-list blk | tr '\n' '|') $(losetup -a | tr '\n' '|')"; fi
    xl unpause blk
}

# Destroy: every loop device, back-end and front-end directory gone, and the
# fsync'd pattern in the image.
round_destroy() {
    con_stop
    if xl destroy blk && only_dom0; then pass destroy; else fail destroy "$(xl list)"; fi
    left=$( (xs -s ls /local/domain/0/backend/vbd/$id; xs -s ls /local/domain/0/backend/qdisk/$id
             xs -s ls /local/domain/$id) 2>/dev/null)
    devs=$(ls /sys/bus/xen-backend/devices 2>/dev/null)
    if [ "$(loops)" -eq "$loops0" ] && [ -z "$left$devs" ]; then pass destroy-clean
    else fail destroy-clean "loops: $(losetup -a | tr '\n' '|') store: $left sysfs: $devs"; fi
    got=$(dd if=/tmp/disk.img bs=512 skip=4096 count=1 2>/dev/null | head -c ${#PATTERN})
    if [ "$got" = "$PATTERN" ]; then pass "flush (the fsync'd pattern is in the image)"
    else fail flush "sector 4096 holds '$got'"; fi
}

# round BACKEND CFG-BACKENDTYPE: one guest, every check, on fresh images.
round() {
    kind=vbd CHECK_NAME=dom0-blk/$1
    [ "$1" = qdisk ] && kind=qdisk
    dd if=/dev/urandom of=/tmp/disk.img bs=1M count=64 2>/dev/null
    dd if=/dev/urandom of=/tmp/ro.img bs=1M count=8 2>/dev/null
    dd if=/dev/urandom of=/tmp/grow.img bs=1M count=16 2>/dev/null
    dd if=/dev/urandom of=/tmp/hot.img bs=1M count=16 2>/dev/null
    rm -f /tmp/fs.img && truncate -s 64M /tmp/fs.img
    h_disk=$(hash /tmp/disk.img) h_ro=$(hash /tmp/ro.img)
    h_hot=$(hash /tmp/hot.img)
    loops0=$(loops)
    write_cfg "$2"
    rm -f "$LOG"                        # the last round's guest had it too
    round_create
    round_data
    round_resize
    round_hotplug
    round_destroy
    CHECK_NAME=dom0-blk
}

# quick (`dom0-blk-check quick`, tests/boot/cases/dom0-blk-quick.case, in
# make test): one guest with xvda on qdisk through xl's default for an
# image file (the disk= line of issue 15) and xvdb on Linux's blkback (phy):
# each disk holds its image's bytes, a write of the guest lands in each
# image, and destroy leaves no loop device, back-end or front-end directory
# - also none that qdisk wrote back after xl removed it.
quick() {
    CHECK_NAME=dom0-blk-quick
    dd if=/dev/urandom of=/tmp/disk.img bs=1M count=8 2>/dev/null
    dd if=/dev/urandom of=/tmp/phy.img bs=1M count=4 2>/dev/null
    h_disk=$(hash /tmp/disk.img) h_phy=$(hash /tmp/phy.img)
    loops0=$(loops)
    cat > $CFG <<EOF
name = "blk"
kernel = "$D/vmlinuz"
ramdisk = "$D/initrd.gz"
memory = 256
vcpus = 1
extra = "console=hvc0 loglevel=4 xenolite.shell"
on_poweroff = "destroy"
disk = [ 'format=raw,vdev=xvda,access=rw,target=/tmp/disk.img',
         'format=raw,vdev=xvdb,access=rw,backendtype=phy,target=/tmp/phy.img' ]
EOF
    rm -f "$LOG"
    if xl create -v $CFG; then pass create; else fail create "xl create failed"; fi
    id=$(xl domid blk)
    nq=$(xs -s ls /local/domain/0/backend/qdisk/$id 2>/dev/null | grep -c '^[0-9]')
    nv=$(xs -s ls /local/domain/0/backend/vbd/$id 2>/dev/null | grep -c '^[0-9]')
    if [ "$nq/$nv" = 1/1 ] && [ "$(loops)" -eq $((loops0 + 1)) ]; then
        pass "backends (xvda qdisk, xvdb vbd on a loop device)"
    else fail backends "qdisk $nq, vbd $nv, loops: $(losetup -a | tr '\n' '|')"; fi
    con_start
    if wait_for 6000 grep -q "xenolite-domu: shell ready" "$LOG"; then pass guest-up
    else fail guest-up "no 'shell ready' in $LOG after 600s"; fi
    if wait_for 300 connected 51712 51728; then pass "connected (2 disks)"
    else fail connected "$(xl block-list blk | tr '\n' '|')"; fi
    ghash hash-qdisk /dev/xvda "$h_disk"
    ghash hash-phy /dev/xvdb "$h_phy"
    gcmd "for d in xvda xvdb; do printf $PATTERN | dd of=/dev/\$d bs=512 seek=100 conv=notrunc,fsync || exit 1; done"
    if [ "$grc" = 0 ]; then pass guest-write; else fail guest-write "rc $grc: $gout"; fi
    con_stop
    if xl destroy blk && only_dom0; then pass destroy; else fail destroy "$(xl list)"; fi
    sleep 2                             # time for a late write to show up
    left=$( (xs -s ls /local/domain/0/backend/vbd/$id; xs -s ls /local/domain/0/backend/qdisk/$id
             xs -s ls /local/domain/$id) 2>/dev/null)
    devs=$(ls /sys/bus/xen-backend/devices 2>/dev/null)
    if [ "$(loops)" -eq "$loops0" ] && [ -z "$left$devs" ]; then pass destroy-clean
    else fail destroy-clean "loops: $(losetup -a | tr '\n' '|') store: $left sysfs: $devs"; fi
    for img in disk phy; do
        got=$(dd if=/tmp/$img.img bs=512 skip=100 count=1 2>/dev/null | head -c ${#PATTERN})
        if [ "$got" = "$PATTERN" ]; then pass "write-$img (the guest's write is in the image)"
        else fail write-$img "sector 100 of $img.img holds '$got'"; fi
    done
    # For the record, not a verdict: lost notifications qdisk's timer found.
    echo "dom0-blk-quick: $(grep -c 'rescue:' /var/log/xen/qdisk.log 2>/dev/null) qdisk rescue line(s)"
}

daemons
case "${1:-}" in
quick)                  # the make-test variant
    quick
    check_done
    exit ;;
qdisk|phy)              # one back end's round alone (chasing a failure)
    round "$1" "$([ "$1" = phy ] && echo phy)"
    check_done
    exit ;;
esac
# phy asked for; qdisk (below, last) through xl's default for image files.
round phy phy

# A dead qdisk (its pid file left behind) fails the create at once; with no
# pid file at all the create fails after its deadline; both name the disk
# and how to start qdisk, and leave nothing.
qcreate() {
    xl create -q -p $D/hello.cfg \
        "disk=['format=raw,vdev=xvda,backendtype=qdisk,target=/tmp/ro.img']" 2>/tmp/qdisk.err
}
qdisk_gone() {
    only_dom0 && [ -z "$(xs -s ls /local/domain/0/backend/qdisk 2>/dev/null)" ]
}
kill -9 "$(cat $QPID)"
if qcreate; then fail qdisk-dead "created"
elif grep -q "disk xvda ('.*target=/tmp/ro.img') of domain .*qdisk back end is not running.*$QPID" \
        /tmp/qdisk.err && qdisk_gone; then
    pass "qdisk-dead ($(cat /tmp/qdisk.err))"
else fail qdisk-dead "$(cat /tmp/qdisk.err) / $(xl list | tail -n +2)"; fi
rm -f $QPID
if qcreate; then fail qdisk-no-backend "created"
elif grep -q "disk xvda ('.*') of domain .*qdisk back end .* did not reach state InitWait" \
        /tmp/qdisk.err && qdisk_gone; then
    pass "qdisk-no-backend ($(cat /tmp/qdisk.err))"
else fail qdisk-no-backend "$(cat /tmp/qdisk.err) / $(xl list | tail -n +2)"; fi
$QSTART

# Create/destroy cycles with disks of both kinds leave nothing behind.
loops0=$(loops)
sed -i -e "s/backendtype=phy,target=\/tmp\/ro/backendtype=qdisk,target=\/tmp\/ro/" $CFG
i=0
while [ $i -lt 3 ]; do
    xl create -q -p $CFG && xl destroy blk || break
    i=$((i + 1))
done
if [ $i -eq 3 ] && [ "$(loops)" -eq "$loops0" ] && only_dom0 &&
   [ -z "$(ls /sys/bus/xen-backend/devices 2>/dev/null)" ] &&
   [ -z "$(xs -s ls /local/domain/0/backend/qdisk 2>/dev/null | grep '^[0-9]')" ]; then
    pass "cycles (3 create+destroy, loop devices $(loops))"
else
    fail cycles "$i done, $(losetup -a | tr '\n' '|')"
fi

round qdisk ""

check_done
