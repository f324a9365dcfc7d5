#!/usr/bin/env bash
# A PostgreSQL server for the tests of the central journal, on the loopback:
# installs PostgreSQL from Debian's packages where missing (as root), creates
# a cluster in target/postgres (owned by the `postgres` user when run as root:
# the server refuses to run as root), starts it on a free port and prints the
# connection URL (also written to target/postgres/url). Run again, it prints
# the URL of the server already running.
#
#   export ETALON_TEST_POSTGRES="$(bash .ci/postgres.sh)"
set -euo pipefail
cd "$(dirname "$0")/.."
base="$PWD/target/postgres"
data="$base/data"

say() { echo "postgres.sh: $*" >&2; }

bin_dir() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
        return
    fi
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return
        fi
    done
}

bin="$(bin_dir)"
if [ -z "$bin" ]; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        say "initdb and pg_ctl are missing; install PostgreSQL (Debian: apt-get install postgresql)"
        exit 1
    fi
    say "installing PostgreSQL from the distribution's packages"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin="$(bin_dir)"
fi

# Commands run as the cluster's owner: `postgres` when we are root.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

mkdir -p "$base"
if [ "$(id -u)" = 0 ]; then
    chown postgres: "$base"
fi

if [ -f "$base/url" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    cat "$base/url"
    exit 0
fi

if [ ! -f "$data/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-locale >&2
fi

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# Enough connections for the tests' 50 concurrent writers and more, run in
# parallel.
as_owner "$bin/pg_ctl" -D "$data" -l "$base/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $base -c max_connections=400" start >&2

url="postgres://postgres@127.0.0.1:$port/postgres"
echo "$url" >"$base/url"
echo "$url"
