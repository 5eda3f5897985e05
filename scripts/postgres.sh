#!/usr/bin/env bash
# A private PostgreSQL for tests: logical replication on, loopback only, its own data directory.
#   postgres.sh start WORK PORT   initdb + start; user/password/database ferry/ferry/ferry
#   postgres.sh restart WORK      stops the server and starts it again on its data (fault tests)
#   postgres.sh stop WORK
# Installs Debian's postgresql package when the binaries are missing and we are root.
# initdb refuses to run as root, so as root the server runs as the `postgres` OS user.
set -euo pipefail
cmd=$1 WORK=$2

pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
data_dir() { cat "$WORK/datadir" 2>/dev/null || true; }

# A directory only the `postgres` user can enter, in a temporary directory it can reach ($TMPDIR
# may be as private as the checkout; /tmp is world-traversable). mktemp makes it mode 700 for root,
# so without the chown the server could not reach its own data (a clone in /root or mktemp -d).
# Prints nothing and fails if it cannot make one: its caller must not go on with an empty path.
private_tmp() {
  local base="${TMPDIR:-/tmp}" dir
  runuser -u postgres -- test -w "$base" 2>/dev/null || base=/tmp
  dir=$(mktemp -d "$base/ferry-postgres.XXXXXX") || return 1
  chown postgres: "$dir" || return 1
  echo "$dir"
}

stop() {
  local data; data=$(data_dir)
  if [ -n "$data" ] && [ -f "$data/postmaster.pid" ]; then
    as_owner "$(pgbin)/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  # A data directory private_tmp made is ours alone: remove it with the server (nothing else).
  case "$data" in
    */ferry-postgres.??????/data) rm -rf "$(dirname "$data")" ;;
  esac
}

start() {
  local port=$3
  stop
  if [ -z "$(pgbin)" ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "PostgreSQL server binaries not found: install Debian's 'postgresql' package (apt-get install postgresql)" >&2
      exit 3
    fi
    echo "installing Debian's postgresql package"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
  mkdir -p "$WORK"
  local data="$WORK/data"
  # The data directory lives under the build output unless the `postgres` user cannot reach it
  # (a checkout below a root-only directory); then it goes to a private temporary directory.
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$WORK" 2>/dev/null; then
    chmod 755 "$WORK" 2>/dev/null || true
    if ! runuser -u postgres -- test -x "$WORK" 2>/dev/null; then
      local tmp
      tmp=$(private_tmp) && [ -d "$tmp" ] || { echo "cannot make a private temporary directory" >&2; exit 4; }
      data=$tmp/data
      echo "the postgres user cannot reach $WORK; using $data"
    fi
  fi
  echo "$data" > "$WORK/datadir"
  rm -rf "$data"; mkdir -p "$data"
  local pw; pw=$(dirname "$data")/pwfile
  echo ferry > "$pw"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$data" "$pw"; fi
  chmod 700 "$data"
  as_owner "$(pgbin)/initdb" -D "$data" -U ferry --pwfile="$pw" --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1
  as_owner "$(pgbin)/pg_ctl" -D "$data" -l "$data/server.log" -w -t 120 start -o \
    "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c wal_level=logical \
     -c max_wal_senders=20 -c max_replication_slots=20 -c max_connections=200 -c fsync=off \
     -c synchronous_commit=off -c full_page_writes=off -c timezone=UTC" >"$WORK/pg_ctl.log" 2>&1 \
    || { cat "$data/server.log" >&2; exit 4; }
  PGPASSWORD=ferry "$(pgbin)/psql" -h 127.0.0.1 -p "$port" -U ferry -d postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE ferry" >/dev/null
  echo "postgresql ready on 127.0.0.1:$port, data in $data"
}

# A clean stop (clients see their connections closed) and a start on the same data, port and options.
restart() {
  local data; data=$(data_dir)
  [ -n "$data" ] && [ -f "$data/postmaster.pid" ] || { echo "no running server in $WORK" >&2; exit 4; }
  as_owner "$(pgbin)/pg_ctl" -D "$data" -l "$data/server.log" -m fast -w -t 120 restart \
    >"$WORK/pg_ctl.log" 2>&1 || { cat "$data/server.log" >&2; exit 4; }
}

case "$cmd" in
  start) start "$@" ;;
  restart) restart ;;
  stop) stop ;;
  *) echo "usage: $0 start WORK PORT | restart WORK | stop WORK" >&2; exit 2 ;;
esac
