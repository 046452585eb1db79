#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-qdisk-check: qdisk end to end in the tests/dom0 initramfs, run by
# tests/boot/cases/dom0-qdisk.case, without xl: dom0 is its own frontend
# (Linux's xen-blkfront, as libxl's "local attach" does). The script writes
# the backend and frontend directories by hand, exactly as the toolstack
# contract of docs/blkback.md says (state last), and checks what blkfront
# sees: contents, writes, flush, discard, a read-only disk, detach while
# another disk keeps working. Prints PASS:/FAIL: dom0-qdisk/NAME lines and
# a last line "dom0-qdisk-check: done, N failed".

BE=/local/domain/0/backend/qdisk/0
FE=/local/domain/0/device/vbd
LOG=/tmp/qdisk.log
IMG=/tmp/qdisk-rw.img
ROIMG=/tmp/qdisk-ro.img
# pass, fail, check, wait_for, check_done (tests/dom0/check-lib.sh).
CHECK_NAME=dom0-qdisk
. /opt/xenolite/lib/check-lib.sh

state_is() { [ "$(xs -s read "$1/state" 2>/dev/null)" = "$2" ]; }
hash() { sha256sum "$1" | cut -d' ' -f1; }

# attach DEVID IMAGE MODE: both directories, state written last in each
# (the frontend's xenbus probes a device only once its state is 1).
attach() {
    b=$BE/$1 f=$FE/$1
    xs -s write $b/frontend $f $b/frontend-id 0 $b/online 1 $b/params "$2" \
        $b/mode "$3" $b/device-type disk $b/dev "$4" $b/type qdisk $b/state 1 &&
    xs -s write $f/backend $b $f/backend-id 0 $f/virtual-device "$1" \
        $f/device-type disk $f/state 1
}

# 1. The store, the daemon, the frontend driver.
pidof xenstored >/dev/null || xenstored 2>/tmp/xenstored.log &
if wait_for 300 xs -s read /local/domain/0/control/feature-poweroff; then
    pass xenstored
else
    fail xenstored "kernel xenbus never probed"
fi
dd if=/dev/urandom of=$IMG bs=1M count=16 2>/dev/null
dd if=/dev/urandom of=$ROIMG bs=1M count=4 2>/dev/null
qdisk -l $LOG -p /run/qdisk.pid &
if wait_for 50 test -s /run/qdisk.pid && kill -0 "$(cat /run/qdisk.pid)"; then
    pass daemon
else
    fail daemon "no pid file: $(tail -n 3 $LOG)"
fi
# Linux 6.1 has io_uring: the thread pool is only the fallback.
if wait_for 50 grep -q "io engine: io_uring" $LOG; then pass io-uring; else
    fail io-uring "$(grep 'io engine' $LOG)"; fi
# A 4-page ring (ring-page-order 2) and 64 indirect segments per request.
insmod /opt/xenolite/modules/xen-blkfront.ko max_ring_page_order=2 \
    max_indirect_segments=64 && pass blkfront || fail blkfront insmod

# 2. A writable disk connects and holds the image's bytes.
want=$(hash $IMG)
attach 51712 $IMG w xvda
if wait_for 300 test -b /dev/xvda && state_is $BE/51712 4 && state_is $FE/51712 4; then
    pass connect
else
    fail connect "be $(xs -s read $BE/51712/state) fe $(xs -s read $FE/51712/state): $(tail -n 3 $LOG)"
fi
check ring-page-order "$(xs -s read $FE/51712/ring-page-order)" 2
if grep -q "dom0/51712: connected, 4 ring page(s), 128 slots" $LOG; then
    pass multi-page-ring; else fail multi-page-ring "$(grep 51712 $LOG)"; fi
# One queue per CPU (dom0 has 2; qdisk offers up to 4): a ring and an event
# channel each, under queue-N/.
ncpu=$(grep -c ^processor /proc/cpuinfo)
[ "$ncpu" -le 4 ] || ncpu=4
check multi-queue "$(xs -s read $BE/51712/multi-queue-max-queues)/$(xs -s read $FE/51712/multi-queue-num-queues 2>/dev/null || echo 1)" "$ncpu/$ncpu"
if [ "$ncpu" -eq 1 ] || { xs -s read $FE/51712/queue-1/event-channel >/dev/null &&
        grep -q "dom0/51712: connected, .* $ncpu queue(s)" $LOG; }; then
    pass queues-connected; else fail queues-connected "$(grep 51712 $LOG)"; fi
# Both sides offer persistent grants: qdisk maps blkfront's pages once.
check persistent "$(xs -s read $BE/51712/feature-persistent)/$(xs -s read $FE/51712/feature-persistent)" 1/1
if grep -q "dom0/51712: connected, .*persistent grants" $LOG; then pass persistent-used; else
    fail persistent-used "$(grep 51712 $LOG)"; fi
check sectors "$(xs -s read $BE/51712/sectors)" 32768
check size "$(blockdev --getsize64 /dev/xvda)" 16777216
check read-matches-image "$(hash /dev/xvda)" "$want"

# 3. Writes (large ones go indirect) reach the image; fsync sends a flush.
dd if=/dev/urandom of=/tmp/pat bs=64k count=16 2>/dev/null
dd if=/tmp/pat of=/dev/xvda bs=64k seek=32 conv=fsync 2>/dev/null
dd if=$IMG of=/tmp/back bs=64k skip=32 count=16 2>/dev/null
check write-reaches-image "$(hash /tmp/back)" "$(hash /tmp/pat)"
check image-size-kept "$(stat -c %s $IMG)" 16777216
if dmesg | grep -q "xvda: .*op failed"; then fail flush "$(dmesg | grep 'op failed')"
else pass flush; fi

# 4. Discard punches a hole (second half): the image's allocation shrinks, zeros read back.
before=$(du -k $IMG | cut -f1)
if blkdiscard -o 8388608 -l 8388608 /dev/xvda; then
    after=$(du -k $IMG | cut -f1)
    if [ "$after" -lt "$before" ]; then pass discard; else
        fail discard "allocation $before KiB -> $after KiB"; fi
    check discard-zeroes "$(dd if=/dev/xvda bs=1M skip=8 count=8 2>/dev/null | tr -d '\000' | wc -c)" 0
else
    fail discard "blkdiscard refused (feature-discard $(xs -s read $BE/51712/feature-discard))"
fi

# 5. A read-only disk with 4096-byte sectors: readable, every write
# refused, the image unchanged.
# The toolstack asks for 4096-byte logical sectors on this image file.
rowant=$(hash $ROIMG)
xs -s write $BE/51728/sector-size 4096
attach 51728 $ROIMG r xvdb
if wait_for 300 test -b /dev/xvdb && state_is $BE/51728 4; then
    pass connect-ro
else
    fail connect-ro "be $(xs -s read $BE/51728/state): $(tail -n 3 $LOG)"
fi
check ro-info "$(xs -s read $BE/51728/info)" 4
check sector-size-4096 "$(xs -s read $BE/51728/sector-size)/$(blockdev --getss /dev/xvdb)" 4096/4096
check sectors-4096 "$(xs -s read $BE/51728/sectors)" 8192
check ro-read "$(hash /dev/xvdb)" "$rowant"
if dd if=/dev/zero of=/dev/xvdb bs=4k count=1 conv=fsync 2>/dev/null; then
    fail ro-refuses-write "the write succeeded"
else
    pass ro-refuses-write
fi
check ro-image-unchanged "$(hash $ROIMG)" "$rowant"

# 6. Detach xvdb the toolstack's way (online 0, backend Closing, wait for
# Closed, remove both directories: blkfront drops the disk then); xvda keeps
# being served.
xs -s write $BE/51728/online 0 $BE/51728/state 5
if wait_for 300 state_is $BE/51728 6 && state_is $FE/51728 6; then
    pass detach
else
    fail detach "be $(xs -s read $BE/51728/state) fe $(xs -s read $FE/51728/state)"
fi
xs -s rm $FE/51728 $BE/51728
if wait_for 50 grep -q "dom0/51728: removed" $LOG; then pass removed; else
    fail removed "$(tail -n 3 $LOG)"; fi
if grep -q "dom0/51728: [0-9]* persistent grants unmapped" $LOG; then
    pass persistent-unmapped; else fail persistent-unmapped "$(grep 51728 $LOG)"; fi
if wait_for 100 test ! -b /dev/xvdb; then pass disk-gone; else
    fail disk-gone "/dev/xvdb still there"; fi

# 7. A hostile frontend (qdisk-hostile-fe, in dom0) on its own device:
# garbage gets error responses, a runaway req_prod disconnects it alone.
HB=$BE/51744 HF=/local/domain/0/test/hostile/51744
dd if=/dev/urandom of=/tmp/qdisk-h.img bs=1M count=1 2>/dev/null
xs -s write $HB/frontend $HF $HB/frontend-id 0 $HB/online 1 \
    $HB/params /tmp/qdisk-h.img $HB/mode w $HB/device-type disk $HB/dev xvdc \
    $HB/type qdisk $HB/state 1
xs -s write $HF/backend $HB $HF/backend-id 0 $HF/state 1
qdisk-hostile-fe $HB $HF /tmp/qdisk-h.img || nfail=$((nfail + 1))
if grep -q "dom0/51744: disconnected: req_prod" $LOG; then pass hostile-logged; else
    fail hostile-logged "$(tail -n 3 $LOG)"; fi
xs -s rm $HF $HB

# 8. Online resize: the image grows; SIGHUP makes qdisk re-read it, and
# blkfront takes the new sectors (state 4 rewritten) as its capacity. A
# second growth is noticed without a signal while the ring is busy.
dd if=/dev/zero of=$IMG bs=1M seek=20 count=0 2>/dev/null
kill -HUP "$(cat /run/qdisk.pid)"
if wait_eq 300 40960 cat /sys/block/xvda/size; then pass resize-sighup; else
    fail resize-sighup "size $(cat /sys/block/xvda/size), sectors $(xs -s read $BE/51712/sectors)"; fi
check resize-sectors "$(xs -s read $BE/51712/sectors)" 40960
dd if=/dev/zero of=$IMG bs=1M seek=24 count=0 2>/dev/null
n=0
while [ "$(cat /sys/block/xvda/size)" != 49152 ] && [ $n -lt 50 ]; do
    echo 3 > /proc/sys/vm/drop_caches
    dd if=/dev/xvda of=/dev/null bs=4k count=1 skip=$n 2>/dev/null
    n=$((n + 1)); sleep 0.1
done
check resize-while-busy "$(cat /sys/block/xvda/size)" 49152

echo 3 > /proc/sys/vm/drop_caches
check others-keep-serving "$(dd if=/dev/xvda bs=64k skip=32 count=16 2>/dev/null | sha256sum | cut -d' ' -f1)" \
    "$(hash /tmp/pat)"
if kill -0 "$(cat /run/qdisk.pid)"; then pass daemon-alive; else fail daemon-alive "$(tail -n 5 $LOG)"; fi

echo "--- qdisk.log"; cat $LOG; echo "---"
check_done
