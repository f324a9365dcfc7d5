#!/usr/bin/env bash
# Checks that a native library needs no glibc newer than a floor: reads the
# versions of the GLIBC symbols it imports (objdump -T) and fails naming
# any above the floor.  Usage: glibc-floor.sh LIBRARY FLOOR (e.g. 2.17)
set -euo pipefail
library=$1
floor=$2
[ -f "$library" ] || { echo "glibc-floor: no library at $library" >&2; exit 1; }
needed=$(objdump -T "$library" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV)
[ -n "$needed" ] || { echo "glibc-floor: $library imports no GLIBC symbol: not a glibc library?" >&2; exit 1; }
highest=$(printf '%s\n' "$needed" | tail -n 1)
above=$(printf '%s\n%s\n' "$needed" "$floor" | sort -uV | sed -n "/^${floor//./\\.}\$/,\$p" | grep -vx "$floor" || true)
if [ -n "$above" ]; then
    echo "glibc-floor: $library needs glibc $(echo $above | tr ' ' ','), above the floor $floor" >&2
    exit 1
fi
echo "glibc-floor: $library needs at most glibc $highest (floor $floor); $(stat -c %s "$library") bytes"
