#!/usr/bin/env bash
# Crosstalk performance benchmark: measures Crosstalk against peers run in the same invocation
# (wc -w, ripgrep, scattertext) and prints one table of ratios. See BENCHMARKS.md.
#
# Usage: bench/compare.sh [--scattertext] [--venv DIR] [--no-frames] [--size-mb N] [--runs N]
#                         [--parts LIST]
#   --scattertext  compare distinctive terms with scattertext (installed from PyPI into
#                  bench/.venv unless --venv or $SCATTERTEXT_VENV names a venv that has it)
#   --venv DIR     a Python venv with scattertext installed (implies --scattertext)
#   --size-mb N    size of the synthetic library (default 100)
#   --runs N       runs per measurement; the median is reported (default 5; the queries, timed
#                  inside the process in milliseconds, run at least 25 times each, cold and cached)
#   --no-frames    skip the desktop app's frame-time benchmark (benches/frames.rs)
#   --parts LIST   comma-separated subset of load,queries,memory,terms,frames (default: all;
#                  terms needs --scattertext)
# The release binary and the work files go under $CARGO_TARGET_DIR (default target/).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
corpora="$repo/../shared/corpora"
size_mb=100
runs=5
with_scattertext=0
venv="${SCATTERTEXT_VENV:-}"
[[ -n "$venv" ]] && with_scattertext=1
parts="load,queries,memory,terms,frames"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --scattertext) with_scattertext=1 ;;
        --venv) venv="$2"; with_scattertext=1; shift ;;
        --size-mb) size_mb="$2"; shift ;;
        --runs) runs="$2"; shift ;;
        --parts) parts="$2"; shift ;;
        --no-frames) parts="${parts//frames/}" ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done
wants() { [[ ",$parts," == *",$1,"* ]]; }

need() { command -v "$1" >/dev/null 2>&1; }
if ! need rg || ! [[ -x /usr/bin/time ]]; then
    echo "installing ripgrep and time (Debian packages)" >&2
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get install -y --no-install-recommends ripgrep time >/dev/null \
        || { $sudo apt-get update -qq && $sudo apt-get install -y --no-install-recommends ripgrep time >/dev/null; }
fi

target_dir="${CARGO_TARGET_DIR:-$repo/target}"
work="$target_dir/bench-compare"
lib="$work/library"
mkdir -p "$work"

echo "building crosstalk (release)" >&2
# The command line only: the desktop app (default `gui` feature) plays no part in these figures.
cargo build --release --quiet --no-default-features --manifest-path "$repo/Cargo.toml" --bin crosstalk
crosstalk="$target_dir/release/crosstalk"

# 1. The synthetic library: real text, Markdown, SRT and VTT transcripts copied under new names.
target_bytes=$((size_mb * 1024 * 1024))
if [[ ! -f "$work/.library-$size_mb" ]]; then
    rm -rf "$lib"; mkdir -p "$lib"
    mapfile -t sources < <(find "$corpora" -type f \( -name '*.txt' -o -name '*.md' -o -name '*.srt' -o -name '*.vtt' \) ! -iname 'LICEN[CS]E*' ! -iname 'README*' | sort)
    total=0; copy=0
    while [[ $total -lt $target_bytes ]]; do
        copy=$((copy + 1))
        for source in "${sources[@]}"; do
            name="$(basename "$source")"
            cp "$source" "$lib/copy${copy}_${name}"
            total=$((total + $(stat -c %s "$source")))
            [[ $total -ge $target_bytes ]] && break
        done
    done
    touch "$work/.library-$size_mb"
fi
files=$(find "$lib" -type f | wc -l)
bytes=$(du -sb "$lib" | cut -f1)
echo "library: $files files, $bytes bytes" >&2

# median_seconds CMD...: runs CMD $runs times (output discarded), prints the median wall time.
median_seconds() {
    local times=()
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
        end=$(date +%s.%N)
        times+=("$(echo "$end - $start" | bc -l)")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
# one_run_seconds CMD...: runs CMD once (output discarded), prints its wall time.
one_run_seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
median_of() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# alternated_medians A B: runs the functions A and B in turn, $runs times each (A, B, A, B...),
# and sets $median_a and $median_b: a machine that slows down or speeds up meanwhile moves
# both alike, so their ratio holds.
alternated_medians() {
    local times_a=() times_b=()
    for _ in $(seq "$runs"); do
        times_a+=("$(one_run_seconds "$1")")
        times_b+=("$(one_run_seconds "$2")")
    done
    median_a=$(median_of "${times_a[@]}")
    median_b=$(median_of "${times_b[@]}")
}
ratio() { echo "scale=2; $1 / $2" | bc -l; }
# seconds S: a time for the table, to the tenth of a millisecond (ratios use the full value).
seconds() { LC_NUMERIC=C printf '%.4f' "$1"; }

rg_scan() { rg -i -c -w -e sanction -e sanctions -e tariff -e tariffs "$lib"; }
wc_words() { find "$lib" -type f -print0 | xargs -0 wc -w; }

if wants load || wants queries; then
    echo "measuring the rg scan" >&2
    t_rg=$(median_seconds rg_scan)
fi
load_library() { "$crosstalk" index "$lib"; }
if wants load; then
    echo "measuring load (alternated with wc -w)" >&2
    alternated_medians load_library wc_words
    t_load=$median_a
    t_wc=$median_b
fi

if wants queries; then
    echo "measuring queries" >&2
    # A query takes milliseconds: on a shared machine the median of five moves by 2x from one
    # invocation to the next, so each runs at least 25 times (cold, then cached).
    query_runs=$(( runs > 25 ? runs : 25 ))
    query_json=$("$crosstalk" index "$lib" --repeat "$query_runs" --json \
        --query 'theme:sanctions' --query 'sanction* OR tariff*' \
        --query '"nuclear weapons"' --query 'speaker:trump tariff*')
fi
"$crosstalk" index "$lib" --json > "$work/index.json"

if wants memory; then
    echo "measuring memory" >&2
    peaks=()
    for _ in $(seq "$runs"); do
        peaks+=("$( { /usr/bin/time -f '%M' "$crosstalk" index "$lib" >/dev/null; } 2>&1 | tail -1 )")
    done
    peak_kb=$(printf '%s\n' "${peaks[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    memory_ratio=$(ratio "$((peak_kb * 1024))" "$bytes")
fi

terms_rows=""
if [[ $with_scattertext -eq 1 ]] && wants terms; then
    if [[ -z "$venv" ]]; then
        echo "installing scattertext into bench/.venv" >&2
        venv="$repo/bench/.venv"
        [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet scattertext pandas six future
    fi
    csv_gz=$(echo "$venv"/lib/python3*/site-packages/scattertext/data/presidential_debates_2016.csv.gz)
    for times in 1 10 100; do
        csv="$work/debates_x$times.csv"
        if [[ ! -s "$csv" ]]; then
            # The debates CSV once with its header, then its rows again (times - 1) more times.
            "$venv/bin/python" - "$csv_gz" "$csv" "$times" <<'PY'
import sys
import pandas as pd
frame = pd.read_csv(sys.argv[1])
frame.to_csv(sys.argv[2], index=False)
for _ in range(int(sys.argv[3]) - 1):
    frame.to_csv(sys.argv[2], index=False, header=False, mode="a")
PY
        fi
        crosstalk_terms() { "$crosstalk" terms "$csv" --speaker TRUMP --vs CLINTON --prior uniform --alpha 0.01 --keep-stopwords --top 20 --json; }
        scattertext_terms() { "$venv/bin/python" "$repo/bench/scattertext_terms.py" "$csv" TRUMP CLINTON 20; }
        alternated_medians crosstalk_terms scattertext_terms
        t_ct=$median_a
        t_st=$median_b
        terms_rows+="| distinctive terms ${times}x: crosstalk vs scattertext | $(seconds "$t_ct") s | $(seconds "$t_st") s | $(ratio "$t_st" "$t_ct")x faster | >= 50x at 100x |"$'\n'
        if [[ $times -eq 1 ]]; then
            ours=$("$crosstalk" terms "$csv" --speaker TRUMP --vs CLINTON --prior uniform --alpha 0.01 --keep-stopwords --top 20 --json)
            theirs=$("$venv/bin/python" "$repo/bench/scattertext_terms.py" "$csv" TRUMP CLINTON 20)
            overlap=$(python3 - "$ours" "$theirs" <<'PY'
import json, sys
ours = json.loads(sys.argv[1])["terms"]
theirs = json.loads(sys.argv[2])
a = {t["term"] for t in ours if t["z"] > 0}
b = {t["term"] for t in ours if t["z"] < 0}
print(f"{len(a & set(theirs['a']))}/20 TRUMP side, {len(b & set(theirs['b']))}/20 CLINTON side")
PY
)
        fi
    done
fi

frames_rows=""
if wants frames; then
    # One frame of each view of the real app (egui_kittest, no GPU) with the bundled sample and
    # with the library loaded; each run's figure is the median CPU time of many idle frames, and
    # the bench runs $runs times: a row gives the medians over the runs, and the range of the
    # ratio (a shared machine now and then slows a whole run's phase).
    echo "measuring frames (cargo bench --bench frames, $runs runs)" >&2
    frames_runs=""
    for ((run = 0; run < runs; run++)); do
        frames_runs+=$(CROSSTALK_BENCH_LIBRARY="$lib" CROSSTALK_BENCH_FRAMES=100 \
            cargo bench --quiet --manifest-path "$repo/Cargo.toml" --bench frames 2>/dev/null \
            | grep '^| frame' || true)$'\n'
    done
    frames_rows=$(python3 - "$frames_runs" <<'PY'
import statistics, sys
rows = {}
for line in sys.argv[1].splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) < 4:
        continue
    try:
        library, sample = float(cells[1].split()[0]), float(cells[2].split()[0])
        ratio = float(cells[3].split("x")[0])
    except ValueError:
        continue
    rows.setdefault(cells[0], []).append((library, sample, ratio))
for name, runs in rows.items():
    library = statistics.median(r[0] for r in runs)
    sample = statistics.median(r[1] for r in runs)
    ratios = [r[2] for r in runs]
    print(f"| {name} | {library:.2f} ms | {sample:.2f} ms | {statistics.median(ratios):.2f}x sample's"
          f" (runs {min(ratios):.2f}–{max(ratios):.2f}) | <= 1.5x |")
PY
)
fi

echo
echo "## Crosstalk benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, $files files, $((bytes / 1024 / 1024)) MB)"
echo
echo "| measurement | crosstalk | peer | ratio | target |"
echo "|---|---|---|---|---|"
if wants load; then
    echo "| load + index vs wc -w | $(seconds "$t_load") s | $(seconds "$t_wc") s | $(ratio "$t_load" "$t_wc")x wc's time | <= 2x |"
    echo "| load + index vs rg scan | $(seconds "$t_load") s | $(seconds "$t_rg") s | $(ratio "$t_load" "$t_rg")x rg's time | (information) |"
fi
if wants queries; then
    python3 - "$query_json" "$t_rg" <<'PY'
import json, sys
result = json.loads(sys.argv[1])
rg = float(sys.argv[2])
for query in result["queries"]:
    ms = query["median_ms"]
    cold = query.get("cold_median_ms", ms)
    print(f"| query `{query['query']}` ({query['hits']} hits) vs rg scan | {cold:.2f} ms cold, {ms:.2f} ms cached | {rg*1000:.0f} ms | {rg*1000/max(cold,1e-6):.0f}x faster cold, {rg*1000/max(ms,1e-6):.0f}x cached | >= 20x |")
PY
fi
if wants memory; then
    echo "| peak memory of load vs library bytes | $((peak_kb / 1024)) MB | $((bytes / 1024 / 1024)) MB | ${memory_ratio}x | <= 3x |"
fi
printf '%s' "$terms_rows"
[[ -n "${overlap:-}" ]] && echo "| top-20 overlap with scattertext | ${overlap} | | | (information) |"
if [[ -n "$frames_rows" ]]; then
    # Rows "| frame: VIEW | library frame | sample frame | ratio | <= 1.5x |".
    printf '%s\n' "$frames_rows"
elif wants frames; then
    echo "| frames | not measured: cargo bench --bench frames failed | | | <= 1.5x |"
fi
echo
