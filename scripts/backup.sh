#!/usr/bin/env bash
# Backs up Openbell's PostgreSQL database with pg_dump (custom format: compressed, restorable
# table by table with pg_restore). The whole database: runs, orders, audit trail, alerts, toggles,
# accounts, strategy targets and the migrations table (so a restore knows its schema version).
#
#   DATABASE_URL=postgres://… scripts/backup.sh [FILE]
#   DATABASE_URL=postgres://… scripts/backup.sh -        # the archive on stdout, for a pipe
#
# FILE defaults to backups/openbell-<UTC time>.dump. The archive is written next to FILE and moved
# into place only after pg_restore has read its table of contents back, so FILE is never a
# half-written dump. With `-` the archive goes to stdout and the reader checks it (that is how
# scripts/backup-to-bucket.mjs streams it to the bucket, then reads it back with pg_restore); the
# exit status is pg_dump's. The connection string is never printed (it holds the password).
# Needs the PostgreSQL 18 client: see scripts/pg-client.sh / scripts/install-pg-client.sh.
set -euo pipefail
source "$(dirname "$0")/pg-client.sh"

: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
out="${1:-backups/openbell-$(date -u +%Y%m%dT%H%M%SZ).dump}"
bin="$(find_pg_bin)"
# --no-owner/--no-privileges: restorable as another role (Railway's user differs from a local one).
dump=("$bin/pg_dump" --dbname="$DATABASE_URL" --format=custom --compress=6 --no-owner --no-privileges)

if [[ "$out" == - ]]; then
  exec "${dump[@]}"
fi

mkdir -p "$(dirname "$out")"
partial="$out.partial"
trap 'rm -f "$partial"' EXIT

"${dump[@]}" --file="$partial"
entries="$("$bin/pg_restore" --list "$partial" | grep -c ' TABLE DATA ' || true)"
if [[ "$entries" -lt 1 ]]; then
  echo "backup: the archive lists no table data; not keeping it" >&2
  exit 1
fi
mv "$partial" "$out"
trap - EXIT
echo "backup: $out ($(du -h "$out" | cut -f1), $entries tables, $("$bin/pg_dump" --version))"
