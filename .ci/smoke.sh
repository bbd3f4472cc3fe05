#!/usr/bin/env bash
# Smoke test of the real desktop binary in a real X window (Xvfb, software GL): opens the
# bundled sample, checks that the window renders, and saves screenshots of the timelines, the
# reader, the compare, terms and topics views to screenshots/; then the same views on the sample
# and two White House briefings filtered on the sanctions theme (*-briefings.png); then checks
# that the view chosen survives a graceful close (Ctrl+Q) and a restart, through settings.json.
# Needs: apt-get install -y --no-install-recommends xvfb x11-apps imagemagick xdotool
# SMOKE_DISPLAY picks the X display (default :99); CARGO_TARGET_DIR is honoured.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --bin crosstalk
binary=${CARGO_TARGET_DIR:-target}/debug/crosstalk
out=screenshots
mkdir -p "$out"
state=$(mktemp -d)
display=${SMOKE_DISPLAY:-:99}

Xvfb "$display" -screen 0 1400x1200x24 -noreset >/dev/null 2>&1 &
xvfb=$!
app=
cleanup() {
    [ -n "$app" ] && kill "$app" 2>/dev/null || true
    kill "$xvfb" 2>/dev/null || true
    rm -rf "$state"
}
trap cleanup EXIT
export DISPLAY=$display
# A fresh settings folder so that a developer's saved layout does not change what we see.
export XDG_DATA_HOME=$state XDG_CONFIG_HOME=$state HOME=$state
# Software rendering: no GPU on CI machines.
export LIBGL_ALWAYS_SOFTWARE=1 WGPU_BACKEND=${WGPU_BACKEND:-gl}
sleep 1

# Stops the app that runs, if one does, starts the binary on the files given after $1 and waits
# (up to 60 s on a slow machine) for a window whose title contains $1; sets $app and $window.
open_app() {
    local title=$1
    shift
    if [ -n "$app" ]; then
        kill "$app" 2>/dev/null || true
        wait "$app" 2>/dev/null || true
    fi
    "$binary" "$@" &
    app=$!
    window=
    for _ in $(seq 60); do
        window=$(xdotool search --name "$title" 2>/dev/null | head -n1 || true)
        [ -n "$window" ] && break
        if ! kill -0 "$app" 2>/dev/null; then echo "smoke: the app exited early" >&2; exit 1; fi
        sleep 1
    done
    [ -n "$window" ] || { echo "smoke: no window titled *$title* appeared" >&2; exit 1; }
}

# The bundled sample; then time to load and draw.
open_app "Crosstalk"
sleep 4
title=$(xdotool getwindowname "$window")
echo "smoke: window title: $title"
case "$title" in
    *Putin*) ;;
    *) echo "smoke: the title does not name the sample transcript" >&2; exit 1 ;;
esac

# The pointer outside the window, so that no tooltip shows in the screenshots.
xdotool mousemove 2 1190
import -window "$window" "$out/timeline.png"
xdotool windowactivate --sync "$window" 2>/dev/null || xdotool windowfocus "$window"
xdotool key --window "$window" ctrl+5
sleep 2
import -window "$window" "$out/reader.png"
# The compare view on a query typed into the filter bar.
xdotool key --window "$window" ctrl+f
sleep 1
xdotool type --window "$window" --delay 50 "Belarus"
xdotool key --window "$window" ctrl+2
sleep 3
import -window "$window" "$out/compare.png"
# The terms view: clear the query first so it compares the whole transcript.
xdotool key --window "$window" ctrl+f
sleep 1
xdotool key --window "$window" ctrl+a BackSpace
xdotool key --window "$window" ctrl+4
sleep 3
import -window "$window" "$out/terms.png"
xdotool key --window "$window" ctrl+3
sleep 3
import -window "$window" "$out/topics.png"

# Three transcripts side by side (needs ../shared/corpora beside the repository).
rev=../shared/corpora/rev-2020
if [ -d "$rev" ]; then
    open_app "3 transcripts" ../shared/corpora/seed/putin-lukashenko-2025-03-13.txt \
        "$rev/us_election_2020_1st_presidential_debate.txt" \
        "$rev/us_election_2020_2nd_presidential_debate.txt"
    xdotool key --window "$window" ctrl+1
    sleep 3
    import -window "$window" "$out/timelines-three.png"
fi

# The sample and two White House briefings of February 2022 (both with Jen Psaki and Daleep
# Singh), in a taller window, filtered on the theme "sanctions".
briefings=../shared/corpora/whitehouse/press-briefings/2022-02
shots="timeline reader compare terms topics"
if [ -d "$briefings" ]; then
    open_app "3 transcripts" ../shared/corpora/seed/putin-lukashenko-2025-03-13.txt \
        "$briefings/2022-02-22-press-briefing-by-press-secretary-jen-psaki-and-deputy-national-security-advisor-for-international-economics-and-deputy-nec-director-daleep-singh-february-22-2022.md" \
        "$briefings/2022-02-24-press-briefing-by-press-secretary-jen-psaki-and-deputy-national-security-advisor-for-international-economics-and-deputy-nec-director-daleep-singh-february-24-2022.md"
    xdotool windowsize "$window" 1400 1150
    sleep 2
    xdotool windowfocus "$window" 2>/dev/null || true
    sleep 1
    xdotool mousemove 1390 1190
    # Topics over the whole of the three transcripts: who talks about what.
    xdotool key --window "$window" ctrl+3
    sleep 4
    import -window "$window" "$out/topics-briefings.png"
    # Then the sanctions theme as a query in the filter bar (`theme:sanctions`), typed:
    # keyboard paths through the pickers change whenever the filter bar gains one.
    xdotool key --window "$window" ctrl+f
    sleep 0.5
    xdotool type --window "$window" --delay 40 "theme:sanctions"
    sleep 0.5
    xdotool key --window "$window" Return
    for view in 1:timelines 2:compare; do
        xdotool key --window "$window" "ctrl+${view%%:*}"
        sleep 4
        import -window "$window" "$out/${view#*:}-briefings.png"
    done
    title=$(xdotool getwindowname "$window")
    echo "smoke: briefings window title: $title"
    shots="$shots timelines-briefings compare-briefings topics-briefings"
fi

# A rendered window has many colours; a blank or black one has one or two.
for shot in $shots; do
    colours=$(/usr/bin/convert "$out/$shot.png" -format '%k' info:)
    echo "smoke: $shot.png has $colours colours"
    if [ "$colours" -lt 50 ]; then
        echo "smoke: $shot.png looks blank" >&2
        exit 1
    fi
done
# Persistence: a fresh settings folder, the topics view chosen by its shortcut, a graceful close
# with Ctrl+Q; settings.json must record the view, and the next start must come back to it
# (closing that one again must still record it).
kill "$app" 2>/dev/null || true
wait "$app" 2>/dev/null || true
app=
config="$state/persistence"
settings="$config/settings.json"
export CROSSTALK_CONFIG_DIR=$config
start_and_find_window() {
    open_app "Putin"
    sleep 3
    xdotool windowactivate --sync "$window" 2>/dev/null || xdotool windowfocus "$window"
}
quit_gracefully() {
    xdotool key --window "$window" ctrl+q
    for _ in $(seq 30); do
        kill -0 "$app" 2>/dev/null || break
        sleep 1
    done
    if kill -0 "$app" 2>/dev/null; then
        echo "smoke: Ctrl+Q did not close the app" >&2
        exit 1
    fi
    if ! wait "$app"; then
        echo "smoke: the app did not exit cleanly after Ctrl+Q" >&2
        exit 1
    fi
    app=
}
start_and_find_window
xdotool key --window "$window" ctrl+3
sleep 2
quit_gracefully
[ -f "$settings" ] || { echo "smoke: no $settings after a graceful close" >&2; exit 1; }
grep -q '"view": "Topics"' "$settings" || {
    echo "smoke: settings.json does not record the topics view:" >&2
    cat "$settings" >&2
    exit 1
}
echo "smoke: settings.json records the view after Ctrl+Q"
start_and_find_window
title=$(xdotool getwindowname "$window")
echo "smoke: restarted, window title: $title"
case "$title" in
    *Putin*) ;;
    *) echo "smoke: the restarted window does not name the sample transcript" >&2; exit 1 ;;
esac
import -window "$window" "$state/restarted.png"
quit_gracefully
grep -q '"view": "Topics"' "$settings" || {
    echo "smoke: the restarted app did not come back to the topics view" >&2
    exit 1
}
echo "smoke: the restarted app came back to the topics view"
echo "smoke: ok"
