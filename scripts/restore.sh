#!/usr/bin/env bash
# Restores a backup.sh archive into an EMPTY database (a fresh Railway database, or one made with
# createdb): schema, data, sequences and the migrations table, in one transaction — either all of
# it or nothing. It refuses a database that already has tables, unless --force is given, so it
# cannot be pointed at production by mistake and merge two histories.
#
#   DATABASE_URL=postgres://…/fresh scripts/restore.sh FILE [--force]
#
# Afterwards, boot the app against it: migrations newer than the backup run at boot as usual.
set -euo pipefail
source "$(dirname "$0")/pg-client.sh"

: "${DATABASE_URL:?set DATABASE_URL to the (empty) database to restore into}"
file="${1:?usage: DATABASE_URL=… scripts/restore.sh FILE [--force]}"
force="${2:-}"
[[ -f "$file" ]] || { echo "restore: no such file: $file" >&2; exit 1; }
bin="$(find_pg_bin)"

"$bin/pg_restore" --list "$file" >/dev/null # an unreadable archive fails here, before any change
tables="$("$bin/psql" "$DATABASE_URL" -XAtqc "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")"
if [[ "$tables" != 0 && "$force" != --force ]]; then
  echo "restore: the target database already has $tables table(s); restore only into an empty database (or pass --force)" >&2
  exit 1
fi

"$bin/pg_restore" --dbname="$DATABASE_URL" --no-owner --no-privileges --exit-on-error \
  --single-transaction "$file"
echo "restore: $file restored ($("$bin/psql" "$DATABASE_URL" -XAtqc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") tables)"
