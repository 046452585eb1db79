#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# dom0-store-check: the dom0 end-to-end test of xenstored and libhcall, run
# in the tests/dom0 initramfs by tests/boot/cases/dom0-store.case. Starts
# xenstored, which takes over Linux's "local xenstore" ring, then checks
# that the kernel's xenbus, /proc/xen/xenbus (raw wire messages, no
# libhcall), /dev/xen/xenbus and the socket all see one tree, that watches
# fire across processes both ways, and runs the libhcall device tests.
# Prints PASS:/FAIL: dom0-store/NAME lines (the test protocol) and a last
# line "dom0-store-check: done, N failed".

SOCK=${XENSTORED_PATH:-/run/xenstored/socket}
T=/test/dom0-store
LOG=/tmp/xenstored.log
# pass, fail, check, wait_for, check_done (tests/dom0/check-lib.sh).
CHECK_NAME=dom0-store
. /opt/xenolite/lib/check-lib.sh

lines() { [ -f "$2" ] && [ "$(wc -l < "$2")" -ge "$1" ]; }

# One request on /proc/xen/xenbus, built by hand: header (type, req_id,
# tx_id, len; little endian) and payload. Prints the reply's payload.
oct() { printf '\\%03o' "$1"; }
raw_req() {   # raw_req TYPE LEN PAYLOAD-FORMAT ARGS...
    type=$1 len=$2 fmt=$3
    shift 3
    exec 3<>/proc/xen/xenbus || return 1
    printf "$(oct "$type")\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000$(oct "$len")\\000\\000\\000$fmt" "$@" >&3
    timeout 10 dd bs=4096 count=1 <&3 2>/dev/null | tail -c +17 | tr -d '\000'
    exec 3<&-
}
raw_read() { raw_req 2 $((${#1} + 1)) '%s\000' "$1"; }              # XS_READ
raw_write() { raw_req 11 $((${#1} + 1 + ${#2})) '%s\000%s' "$1" "$2"; } # XS_WRITE

# 1. xenstored on the local ring (Linux dom0 without a store domain).
if [ ! -e /proc/xen/xsd_port ]; then
    fail local-ring "no /proc/xen/xsd_port (xenfs not mounted or not dom0)"
else
    pass "local-ring (xsd_port $(cat /proc/xen/xsd_port))"
fi
if ! pidof xenstored >/dev/null; then
    xenstored 2>"$LOG" &
fi
if wait_for 100 test -S "$SOCK" && kill -0 "$(pidof xenstored)"; then
    pass xenstored
else
    fail xenstored "no socket $SOCK after 10s: $(tail -n 3 "$LOG" 2>/dev/null)"
fi

# 2. Linux's own xenbus probed after our first event: manage.c writes its
# control/feature-* nodes (relative, so below /local/domain/0).
if wait_for 300 xs -s read /local/domain/0/control/feature-poweroff >/dev/null; then
    pass kernel-xenbus
else
    fail kernel-xenbus "/local/domain/0/control/feature-poweroff never appeared"
fi

# 3. One tree, whichever way in.
xs -s write $T/a "via-socket-$$"
check socket-to-xenbus "$(xs -k read $T/a)" "via-socket-$$"
xs -k write $T/b "via-xenbus-$$"
check xenbus-to-socket "$(xs -s read $T/b)" "via-xenbus-$$"
check proc-xen-raw-read "$(raw_read $T/a)" "via-socket-$$"
check proc-xen-raw-write "$(raw_write $T/c "raw-$$")" OK
check proc-xen-raw-written "$(xs -s read $T/c)" "raw-$$"

# 4. A watch fires in one process for a write by another, both ways: the
# first event is the registration, the second the other process's write.
watch_across() {   # watch_across NAME WATCH-ROUTE WRITE-ROUTE
    out=/tmp/watch-$1
    rm -f "$out"
    xs "$2" watch $T/$1 2 > "$out" &
    wpid=$!
    if ! wait_for 100 lines 1 "$out"; then
        kill $wpid 2>/dev/null
        fail "$1" "no registration event"
        return
    fi
    xs "$3" write $T/$1/x fired
    wait_for 100 lines 2 "$out"
    kill $wpid 2>/dev/null
    check "$1" "$(sed -n 2p "$out")" "$T/$1/x xs"
}
watch_across watch-socket-sees-xenbus -s -k
watch_across watch-xenbus-sees-socket -k -s

# 5. libhcall's devices end to end (its own PASS/FAIL/SKIP lines).
test_libhcall || nfail=$((nfail + 1))

if kill -0 "$(pidof xenstored)" 2>/dev/null; then
    pass xenstored-alive
else
    fail xenstored-alive "xenstored exited: $(tail -n 3 "$LOG" 2>/dev/null)"
fi
if [ $nfail -ne 0 ] && [ -s "$LOG" ]; then
    echo "dom0-store-check: xenstored's log:"
    sed 's/^/  | /' "$LOG"
fi
check_done
