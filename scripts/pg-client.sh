#!/usr/bin/env bash
# Shared by backup.sh, restore.sh and install-pg-client.sh: where the PostgreSQL 18 client tools are.
# Order: $PG_BIN (a directory), the build install-pg-client.sh makes, then PATH — and only a
# pg_dump whose major version is at least the server's (PostgreSQL 18: Railway's and the embedded
# server's) is accepted, since an older pg_dump refuses a newer server.

PG_CLIENT_MAJOR=18
PG_CLIENT_HOME="${PG_CLIENT_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/openbell/pg-client-$PG_CLIENT_MAJOR}"

# pg_major <binary>: the major version a client binary reports (0 if it does not run).
pg_major() {
  "$1" --version 2>/dev/null | sed -nE 's/.* ([0-9]+)(\.[0-9]+)?.*/\1/p' | head -1 || true
}

# find_pg_bin: prints the directory holding pg_dump/pg_restore/psql of major >= 18, or fails.
find_pg_bin() {
  local candidate major
  for candidate in "${PG_BIN:-}" "$PG_CLIENT_HOME/bin" "$(dirname "$(command -v pg_dump 2>/dev/null || echo /nonexistent/x)")"; do
    [[ -n "$candidate" && -x "$candidate/pg_dump" && -x "$candidate/pg_restore" ]] || continue
    major="$(pg_major "$candidate/pg_dump")"
    if [[ -n "$major" && "$major" -ge "$PG_CLIENT_MAJOR" ]]; then
      echo "$candidate"
      return 0
    fi
  done
  echo "no PostgreSQL $PG_CLIENT_MAJOR client (pg_dump, pg_restore) found: set PG_BIN, put version $PG_CLIENT_MAJOR+ on PATH, or run scripts/install-pg-client.sh" >&2
  return 1
}
