#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/<target>/, not committed) from ../shared/corpora and the
# bundled assets. For `load_bytes` each seed starts with one byte that selects the file
# extension (its index in crosstalk::parse::SUPPORTED_EXTENSIONS), as the target expects.
set -euo pipefail
cd "$(dirname "$0")"
corpora=../../shared/corpora
extensions=(txt md markdown srt vtt json csv tsv docx html htm)
mkdir -p corpus/load_bytes corpus/export_roundtrip corpus/persisted_state corpus/query corpus/theme_json
find "$corpora" -type f | while read -r file; do
    ext="${file##*.}"
    ext="${ext,,}"
    for i in "${!extensions[@]}"; do
        if [[ "${extensions[$i]}" == "$ext" ]]; then
            name="$(echo "${file#"$corpora"/}" | tr '/' '_')"
            { printf "\\x$(printf %02x "$i")"; cat "$file"; } > "corpus/load_bytes/$name"
            cp "$file" "corpus/export_roundtrip/$name"
        fi
    done
done
cp ../assets/themes.json corpus/theme_json/
printf '%s' 'sanction* speaker:putin' > corpus/query/fields
printf '%s' '"economic cooperation" OR NEAR/5(gas, price) -ukraine' > corpus/query/phrases
printf '%s' '{"version":1,"renames":{"person:putin":"V. Putin"},"splits":["PUTIN"]}' > corpus/persisted_state/overrides
printf '%s' '{"format":"crosstalk-speaker-overrides","version":1,"renames":{"person:vladimir putin":"President Putin"},"merges":{"person:alexander lukashenko":"person:vladimir putin"},"splits":["THE PRESIDENT"],"hidden":["moderator:a.txt#moderator"]}' > corpus/persisted_state/overrides-file
