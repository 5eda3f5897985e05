#!/usr/bin/env bash
# A private MariaDB for tests: ROW binlog with full row images, loopback only, its own data directory.
#   mariadb.sh start WORK PORT   install-db + start; user/password/database ferry/ferry/ferry
#   mariadb.sh restart WORK      stops the server and starts it again on its data (fault tests)
#   mariadb.sh stop WORK
# Installs Debian's mariadb-server package when the binaries are missing and we are root.
set -euo pipefail
cmd=$1 WORK=$2

data_dir() { cat "$WORK/datadir" 2>/dev/null || true; }

# A directory only the `mysql` user can enter, in a temporary directory it can reach ($TMPDIR may
# be as private as the checkout; /tmp is world-traversable). mktemp makes it mode 700 for root, so
# without the chown the server could not reach its own data (a clone in /root or mktemp -d).
# Prints nothing and fails if it cannot make one: its caller must not go on with an empty path.
# Not root, the directory is the caller's own, as is the server.
private_tmp() {
  local base="${TMPDIR:-/tmp}" dir
  if [ "$(id -u)" = 0 ]; then
    runuser -u mysql -- test -w "$base" 2>/dev/null || base=/tmp
  fi
  dir=$(mktemp -d "$base/ferry-mariadb.XXXXXX") || return 1
  if [ "$(id -u)" = 0 ]; then chown mysql: "$dir" || return 1; fi
  echo "$dir"
}
run_dir() { cat "$WORK/rundir" 2>/dev/null || true; }

# Stops the server of data directory $1, if one runs: cleanly, killed after 30 s.
halt() {
  local data=$1 pid
  if [ -n "$data" ] && [ -f "$data/mariadbd.pid" ]; then
    pid=$(cat "$data/mariadbd.pid")
    if kill "$pid" 2>/dev/null; then
      local i
      for i in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    fi
  fi
}

stop() {
  local run; run=$(run_dir)
  halt "$(data_dir)"
  # The private directory (socket, and data when the work directory was out of reach) is ours
  # alone: remove it with the server (nothing else).
  case "$run" in
    */ferry-mariadb.??????) rm -rf "$run" ;;
  esac
}

# Starts mariadbd on data directory $1, socket $2, port $3 and waits until it answers.
launch() {
  local data=$1 sock=$2 port=$3 user=()
  [ "$(id -u)" = 0 ] && user=(--user=mysql)
  nohup mariadbd --no-defaults "${user[@]}" --datadir="$data" --socket="$sock" --port="$port" \
    --bind-address=127.0.0.1 --pid-file="$data/mariadbd.pid" --log-error="$data/error.log" \
    --server-id=1 --log-bin="$data/binlog" --binlog-format=ROW --binlog-row-image=FULL \
    --innodb-flush-log-at-trx-commit=2 --sync-binlog=0 --skip-name-resolve --max-connections=300 \
    --default-time-zone=+00:00 \
    >/dev/null 2>&1 &
  local ready=
  for _ in $(seq 1 240); do
    if mariadb-admin --no-defaults -uroot --socket="$sock" ping >/dev/null 2>&1; then ready=1; break; fi
    sleep 0.25
  done
  [ -n "$ready" ] || { cat "$data/error.log" >&2; exit 4; }
}

# A clean stop (clients see their connections closed) and a start on the same data and port.
restart() {
  local data; data=$(data_dir)
  [ -n "$data" ] && [ -f "$data/mariadbd.pid" ] || { echo "no running server in $WORK" >&2; exit 4; }
  halt "$data"
  launch "$data" "$(run_dir)/mysqld.sock" "$(cat "$WORK/port")"
}

start() {
  local port=$3
  stop
  if ! command -v mariadbd >/dev/null; then
    if [ "$(id -u)" != 0 ]; then
      echo "MariaDB server binaries not found: install Debian's 'mariadb-server' package (apt-get install mariadb-server)" >&2
      exit 3
    fi
    echo "installing Debian's mariadb-server package"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mariadb-server >/dev/null
  fi
  mkdir -p "$WORK"
  local data="$WORK/data" user=() run
  # The socket lives in a private directory: a fixed path in /tmp could be taken by anyone first.
  run=$(private_tmp) && [ -d "$run" ] || { echo "cannot make a private temporary directory" >&2; exit 4; }
  echo "$run" > "$WORK/rundir"
  if [ "$(id -u)" = 0 ]; then
    user=(--user=mysql)
    if ! runuser -u mysql -- test -x "$WORK" 2>/dev/null; then
      chmod 755 "$WORK" 2>/dev/null || true
      if ! runuser -u mysql -- test -x "$WORK" 2>/dev/null; then
        data=$run/data
        echo "the mysql user cannot reach $WORK; using $data"
      fi
    fi
  fi
  echo "$data" > "$WORK/datadir"
  rm -rf "$data"; mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown mysql: "$data"
  # Unix socket paths are limited to 107 bytes: the private directory keeps it short.
  local sock="$run/mysqld.sock"
  mariadb-install-db --no-defaults "${user[@]}" --datadir="$data" --auth-root-authentication-method=normal \
    --skip-test-db >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log" >&2; exit 4; }
  echo "$port" > "$WORK/port"
  launch "$data" "$sock" "$port"
  mariadb --no-defaults -uroot --socket="$sock" <<SQL
CREATE USER 'ferry'@'%' IDENTIFIED BY 'ferry';
GRANT ALL PRIVILEGES ON *.* TO 'ferry'@'%' WITH GRANT OPTION;
CREATE DATABASE ferry;
SQL
  echo "mariadb ready on 127.0.0.1:$port, data in $data"
}

case "$cmd" in
  start) start "$@" ;;
  restart) restart ;;
  stop) stop ;;
  *) echo "usage: $0 start WORK PORT | restart WORK | stop WORK" >&2; exit 2 ;;
esac
