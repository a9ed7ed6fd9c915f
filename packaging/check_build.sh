#!/bin/sh
# Check the built program in dist/khien from outside the source tree (`make test` runs this
# after `make package`): its self-test, then a profile of the previous release (the
# schema_0004_sync fixture) opened by the built program, which must upgrade it after an
# automatic backup and still read its records. Ends with "build: N passed, N failed" and
# exits non-zero on any failure.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROGRAM="$ROOT/dist/khien/khien"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
unset PYTHONPATH
export QT_QPA_PLATFORM=offscreen

"$PROGRAM" --lang en selftest > "$WORK/selftest.txt" 2>&1
status=$?
cat "$WORK/selftest.txt"
passed=$(grep -c '^OK ' "$WORK/selftest.txt")
failed=$(grep -c '^FAIL ' "$WORK/selftest.txt")
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then
    failed=1  # it stopped before it could say what failed
fi

upgrade() {
    cp -r "$ROOT/tests/fixtures/schema_0004_sync" "$WORK/old"
    if ! KHIEN_PASSWORD=fixture-pass-1 "$PROGRAM" --lang en stats --data-dir "$WORK/old" \
            --user admin --json > "$WORK/stats.json"; then
        echo "the built program did not open it"
    elif ! grep -q '"total": 1' "$WORK/stats.json"; then
        echo "its records were not read after the upgrade"
    elif ! ls "$WORK"/old/backups/khien-*-before-*.zip >/dev/null 2>&1; then
        echo "no automatic backup was made before the upgrade"
    fi
}
problem=$(upgrade)
if [ -z "$problem" ]; then
    echo "OK   The previous release's profile opens after its automatic backup"
    passed=$((passed + 1))
else
    echo "FAIL The previous release's profile: $problem"
    failed=$((failed + 1))
fi

echo "build: $passed passed, $failed failed"
[ "$failed" = 0 ]
