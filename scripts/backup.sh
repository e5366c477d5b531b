#!/usr/bin/env bash
# Backs up Openbell's PostgreSQL database with pg_dump (custom format: compressed, restorable
# table by table with pg_restore). The whole database: runs, orders, audit trail, alerts, toggles,
# accounts, strategy targets and the migrations table (so a restore knows its schema version).
#
#   DATABASE_URL=postgres://… scripts/backup.sh [FILE]
#
# FILE defaults to backups/openbell-<UTC time>.dump. The archive is written next to FILE and moved
# into place only after pg_restore has read its table of contents back, so FILE is never a
# half-written dump. The connection string is never printed (it holds the password).
# Needs the PostgreSQL 18 client: see scripts/pg-client.sh / scripts/install-pg-client.sh.
set -euo pipefail
source "$(dirname "$0")/pg-client.sh"

: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
out="${1:-backups/openbell-$(date -u +%Y%m%dT%H%M%SZ).dump}"
bin="$(find_pg_bin)"
mkdir -p "$(dirname "$out")"
partial="$out.partial"
trap 'rm -f "$partial"' EXIT

# --no-owner/--no-privileges: restorable as another role (Railway's user differs from a local one).
"$bin/pg_dump" --dbname="$DATABASE_URL" --format=custom --compress=6 --no-owner --no-privileges \
  --file="$partial"
entries="$("$bin/pg_restore" --list "$partial" | grep -c ' TABLE DATA ' || true)"
if [[ "$entries" -lt 1 ]]; then
  echo "backup: the archive lists no table data; not keeping it" >&2
  exit 1
fi
mv "$partial" "$out"
trap - EXIT
echo "backup: $out ($(du -h "$out" | cut -f1), $entries tables, $("$bin/pg_dump" --version))"
