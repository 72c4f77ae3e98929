#!/usr/bin/env bash
# Start a local PostgreSQL cluster for development and CI, owned by this checkout (var/pg),
# listening on 127.0.0.1:${PGPORT:-55432}, with a database and role called onroll.
# `scripts/dev-postgres.sh stop` (make postgres-stop) stops it.
# Needs Debian's postgresql package (apt-get install postgresql). Prints the URL to use:
#   export ONROLL_DATABASE_URL=postgres://onroll:onroll@127.0.0.1:55432/onroll
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT="${PGPORT:-55432}"
DATA="$ROOT/var/pg"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$BIN" ]; then
  echo "PostgreSQL is not installed: apt-get install postgresql" >&2
  exit 2
fi
RUN_AS=()
if [ "$(id -u)" = "0" ]; then
  RUN_AS=(runuser -u postgres --)
  mkdir -p "$DATA"
  chown -R postgres:postgres "$ROOT/var/pg"
fi
if [ "${1:-}" = "stop" ]; then
  # stop this checkout's cluster (if it runs); a server of another checkout is left alone
  if [ -f "$DATA/PG_VERSION" ] && "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
  then
    "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    echo "PostgreSQL in $DATA stopped"
  fi
  exit 0
fi
if [ ! -f "$DATA/PG_VERSION" ]; then
  "${RUN_AS[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust >/dev/null
fi
if ! "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  if ! "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null; then
    # Another checkout's cluster may already hold the port; use it if it answers.
    echo "Could not start a server in $DATA (see $DATA/server.log); trying 127.0.0.1:$PORT" >&2
  fi
fi
PSQL=("${RUN_AS[@]}" "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q)
"${PSQL[@]}" -tc "SELECT 1 FROM pg_roles WHERE rolname='onroll'" | grep -q 1 || \
  "${PSQL[@]}" -c "CREATE ROLE onroll LOGIN PASSWORD 'onroll' CREATEDB"
"${PSQL[@]}" -tc "SELECT 1 FROM pg_database WHERE datname='onroll'" | grep -q 1 || \
  "${PSQL[@]}" -c "CREATE DATABASE onroll OWNER onroll"
echo "PostgreSQL is running on 127.0.0.1:$PORT"
echo "export ONROLL_DATABASE_URL=postgres://onroll:onroll@127.0.0.1:$PORT/onroll"
