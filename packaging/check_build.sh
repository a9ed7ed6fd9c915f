#!/bin/sh
# Check the built program in dist/khien from outside the source tree (`make test` runs this
# after `make package`): its self-test, then a profile of the previous release (the
# schema_0004_sync fixture) opened by the built program, which must upgrade it after an
# automatic backup and still read its records. Exits non-zero on any failure.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROGRAM="$ROOT/dist/khien/khien"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
unset PYTHONPATH
export QT_QPA_PLATFORM=offscreen

"$PROGRAM" --lang en selftest

cp -r "$ROOT/tests/fixtures/schema_0004_sync" "$WORK/old"
KHIEN_PASSWORD=fixture-pass-1 "$PROGRAM" --lang en stats --data-dir "$WORK/old" --user admin --json \
    > "$WORK/stats.json"
if ! grep -q '"total": 1' "$WORK/stats.json"; then
    echo "FAIL the previous release's profile: its records were not read after the upgrade" >&2
    exit 1
fi
if ! ls "$WORK"/old/backups/khien-*-before-*.zip >/dev/null 2>&1; then
    echo "FAIL the previous release's profile: no automatic backup before the upgrade" >&2
    exit 1
fi
echo "OK   the previous release's profile opens in the build after its automatic backup"
