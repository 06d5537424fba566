#!/usr/bin/env bash
# Coverage-guided fuzzing of every target in tests/fuzz.rs with libFuzzer,
# through cargo-bolero (needs a nightly toolchain). Not part of CI: CI runs
# the same targets as a bounded random smoke in `cargo test`.
#   tests/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Prints each target's executions and corpus size; crashes land in
# tests/__fuzz__/<target>/crashes and replay under `cargo test` once copied
# to tests/__fuzz__/<target>/corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}; shift || true
command -v cargo-bolero >/dev/null || cargo install cargo-bolero --no-default-features --locked
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(grep -oE '^manifest_target!\(fuzz_[a-z_]+|^fn fuzz_[a-z_]+' tests/fuzz.rs | sed -E 's/.*(fuzz_[a-z_]+)/\1/')
fi
for t in "${targets[@]}"; do
  log=target/fuzz-$t.log
  cargo +nightly bolero test "$t" -T "${secs}s" >"$log" 2>&1 || { echo "$t: FAILED, see $log"; tail -40 "$log"; exit 1; }
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  echo "$t: ${secs}s, $(echo "$last" | grep -oE '^#[0-9]+' | tr -d '#') execs, $(echo "$last" | grep -oE 'exec/s: [0-9]+'), $(echo "$last" | grep -oE 'cov: [0-9]+'), $(echo "$last" | grep -oE 'corp: [0-9]+')"
done
