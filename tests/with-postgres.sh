#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL 15 server: initdb + pg_ctl in a temp dir,
# listening only on a Unix socket there, stopped and deleted afterwards.
#   tests/with-postgres.sh .venv/bin/pytest
set -euo pipefail

bindir=""
for candidate in "${PG_BINDIR:-}" /usr/lib/postgresql/15/bin "$(command -v pg_config >/dev/null 2>&1 && pg_config --bindir || true)"; do
  if [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then bindir=$candidate; break; fi
done
if [ -z "$bindir" ]; then
  echo "with-postgres: PostgreSQL server binaries not found (apt-get install postgresql-15, or set PG_BINDIR)." >&2
  exit 2
fi

workdir=$(mktemp -d /tmp/labsite-pg.XXXXXX)
port=${PG_PORT:-$((20000 + RANDOM % 20000))}
as_pg=()
if [ "$(id -u)" = "0" ]; then
  # initdb refuses to run as root: run the server as the postgres user.
  chown postgres "$workdir"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT INT TERM

"${as_pg[@]}" "$bindir/initdb" -D "$workdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$workdir/initdb.log" 2>&1 \
  || { cat "$workdir/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w -t 60 \
  -o "-c listen_addresses='' -k $workdir -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$workdir/server.log" >&2; exit 1; }
"${as_pg[@]}" "$bindir/createdb" -h "$workdir" -p "$port" -U postgres labsite

export DATABASE_URL="postgres://postgres@/labsite?host=$workdir&port=$port"
export LABSITE_PG_BINDIR="$bindir" LABSITE_PG_DATADIR="$workdir/data" LABSITE_PG_SOCKETDIR="$workdir" LABSITE_PG_PORT="$port"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on $workdir port $port"
"$@"
