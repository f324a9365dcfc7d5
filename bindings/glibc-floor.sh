#!/usr/bin/env bash
# Checks that native code needs no glibc newer than a floor: reads the
# versions of the GLIBC symbols a library imports (objdump -T) and fails
# naming any above the floor. Given a Python wheel, checks every library
# inside it.  Usage: glibc-floor.sh LIBRARY|WHEEL FLOOR (e.g. 2.17)
set -euo pipefail
target=$1
floor=$2
[ -f "$target" ] || { echo "glibc-floor: no file at $target" >&2; exit 1; }

# check LIBRARY NAME: the floor of one library, shown as NAME.
check() {
    local library=$1 name=$2 needed highest above
    needed=$(objdump -T "$library" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV)
    [ -n "$needed" ] || { echo "glibc-floor: $name imports no GLIBC symbol: not a glibc library?" >&2; exit 1; }
    highest=$(printf '%s\n' "$needed" | tail -n 1)
    above=$(printf '%s\n%s\n' "$needed" "$floor" | sort -uV | sed -n "/^${floor//./\\.}\$/,\$p" | grep -vx "$floor" || true)
    if [ -n "$above" ]; then
        echo "glibc-floor: $name needs glibc $(echo $above | tr ' ' ','), above the floor $floor" >&2
        exit 1
    fi
    echo "glibc-floor: $name needs at most glibc $highest (floor $floor); $(stat -c %s "$library") bytes"
}

case "$target" in
    *.whl)
        unpacked=$(mktemp -d)
        trap 'rm -rf "$unpacked"' EXIT
        python3 -m zipfile -e "$target" "$unpacked"
        libraries=$(cd "$unpacked" && find . -name '*.so' | sed 's|^\./||' | sort)
        [ -n "$libraries" ] || { echo "glibc-floor: $target holds no native library" >&2; exit 1; }
        for library in $libraries; do
            check "$unpacked/$library" "$(basename "$target"):$library"
        done
        echo "glibc-floor: $(basename "$target"): $(stat -c %s "$target") bytes"
        ;;
    *)
        check "$target" "$target"
        ;;
esac
