#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run one libFuzzer harness for SECONDS: tests/fuzz/run.sh SECONDS OUT NAME [OPTS...]
# New inputs go to OUT/corpus/NAME (the seed corpus in the tree is only read),
# crashes to OUT/crashes/NAME/; the log is OUT/NAME.log. Prints the final
# figures, and on a crash how to reproduce it; exits 1 on a crash.
secs=$1 out=$2 name=$3
shift 3
bin=$out/bin/$name
corpus=$out/corpus/$name
crashes=$out/crashes/$name
log=$out/$name.log
seeds=tests/fuzz/corpus/$name
dict=tests/fuzz/$name.dict

mkdir -p "$corpus" "$crashes"
args=(-max_total_time="$secs" -timeout=60 -print_final_stats=1
      -artifact_prefix="$crashes/")
[ -f "$dict" ] && args+=(-dict="$dict")
echo "fuzz-$name: ${secs}s, log $log"
nice -n 10 "$bin" "${args[@]}" "$@" "$corpus" "$seeds" >"$log" 2>&1
rc=$?
stats=$(grep -E '^#[0-9]+[[:space:]]+(DONE|INITED|NEW|REDUCE|pulse)' "$log" | tail -1)
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
echo "fuzz-$name: $execs executions; last: $stats"
if [ $rc -ne 0 ]; then
    crash=$(ls -t "$crashes" 2>/dev/null | head -1)
    grep -E 'ERROR|SUMMARY|invariant broken|hypervisor code hit' "$log" | head -5
    echo "FAIL: fuzz-$name: crash kept in $crashes/$crash"
    echo "  reproduce: $bin $crashes/$crash"
    echo "  (or without clang: build/tests/unit/fuzz-$name-replay $crashes/$crash)"
    exit 1
fi
echo "PASS: fuzz-$name"
