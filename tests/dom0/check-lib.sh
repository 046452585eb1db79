# SPDX-License-Identifier: GPL-2.0-only
# check-lib.sh: the helpers every dom0 check script shares (busybox sh).
# Installed as /opt/xenolite/lib/check-lib.sh; a script sets CHECK_NAME
# (the NAME of its "PASS: NAME/..." lines) and sources it:
#
#   CHECK_NAME=dom0-xl
#   . /opt/xenolite/lib/check-lib.sh
#
# A script that defines diagnose() and sets CHECK_DIAGNOSE=1 has it run once,
# before its first FAIL line (a case stops at the first FAIL it sees).
# The caller ends with check_done, which prints "CHECK_NAME-check: done,
# N failed" and returns non-zero if anything failed.

nfail=0

pass() { echo "PASS: $CHECK_NAME/$1"; }
fail() {   # fail NAME WHY
    [ $nfail -eq 0 ] && [ "${CHECK_DIAGNOSE:-0}" = 1 ] && diagnose
    echo "FAIL: $CHECK_NAME/$1: $2"
    nfail=$((nfail + 1))
}
check() {   # check NAME GOT WANT
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got '$2', want '$3'"; fi
}
check_done() {
    echo "$CHECK_NAME-check: done, $nfail failed"
    [ $nfail -eq 0 ]
}

# Tenths of a second since boot into $_now, without a fork.
_uptime_tenths() {
    read -r _up _rest < /proc/uptime
    _frac=${_up#*.}
    _now=$((${_up%.*} * 10 + ${_frac%?}))
}
wait_for() {   # wait_for TENTHS COMMAND...: retry until it succeeds
    # A deadline, not a count: under TCG each try itself takes a while;
    # polling faster only takes CPU from the guests being waited for.
    _uptime_tenths
    _wait_end=$((_now + $1))
    shift
    while ! "$@" 2>/dev/null; do
        _uptime_tenths
        [ $_now -lt $_wait_end ] || return 1
        sleep 0.2
    done
}
# wait_eq TENTHS WANT COMMAND...: retry until COMMAND prints WANT. The
# command runs anew at each try; `wait_for N test "$(cmd)" = x` would not,
# since the shell expands "$(cmd)" once, before wait_for is called.
_output_is() { _want=$1; shift; [ "$("$@" 2>/dev/null)" = "$_want" ]; }
wait_eq() { _t=$1; shift; wait_for "$_t" _output_is "$@"; }
# No domain but dom0, not even a nameless dying one.
only_dom0() { [ "$(xl list | awk 'NR > 1 && $1 != "Domain-0"')" = "" ]; }
# guest_cmd DOMAIN TENTHS COMMAND LOG...: a command for a tests/domu guest
# booted with xenolite.shell: "TAG COMMAND" is typed on its console and the
# answer is awaited in its console LOGs (several when a migration renamed
# the guest): the "[TAG] out:" lines go into $gout, the N of "[TAG] rc N"
# into $grc; on timeout gout="(no answer)", grc=none and status 1.
_gtag=0
_logs_have() { _lp=$1; shift; cat "$@" 2>/dev/null | grep -q "$_lp"; }
guest_cmd() {
    _gd=$1; _gt=$2; _gc=$3; shift 3
    _gtag=$((_gtag + 1))
    echo "$_gtag $_gc" | timeout 5 xl console "$_gd" >/dev/null 2>&1
    if ! wait_for "$_gt" _logs_have "xenolite-domu: \[$_gtag\] rc" "$@"; then
        gout="(no answer)"; grc=none
        return 1
    fi
    gout=$(cat "$@" 2>/dev/null |
           sed -n "s/^.*xenolite-domu: \[$_gtag\] out: //p" | tr -d '\r')
    grc=$(cat "$@" 2>/dev/null |
          sed -n "s/^.*xenolite-domu: \[$_gtag\] rc \([0-9]*\).*/\1/p" | head -n1)
}

# xen_services: xencommons' services (tests/dom0/xencommons: xenstored,
# xenconsoled, qdisk, qnic, the bridge xenbr0 with 10.99.0.1/24), which
# /init starts at boot. `xencommons start` keeps what runs, so this only
# checks them, or starts them under xenolite.nodaemons. Quiet unless one
# failed; then xencommons' lines (with the tail of that daemon's log).
xen_services() {
    _xc=$(sh /etc/init.d/xencommons start 2>&1) && return 0
    echo "$_xc"
    return 1
}
