#!/usr/bin/env bash
# Installs the PostgreSQL 18 client tools (pg_dump, pg_restore, psql) that backup.sh, restore.sh
# and their test need, into $PG_CLIENT_HOME (default ~/.cache/openbell/pg-client-18).
#
# Why a build: the project's PostgreSQL is 18 (embedded-postgres locally and in CI, Railway's
# postgres() in production) and pg_dump refuses a server newer than itself. Debian 12 ships the
# version 15 client, Debian's postgresql-client-18 binaries need a newer glibc, and the
# embedded-postgres package has only the server. So this builds the client programs from the
# PostgreSQL source — about two minutes on two cores. Idempotent: does nothing when a working 18
# client is already there.
#
# The source is pinned: one release (PG_SOURCE_VERSION) and the SHA-256 of its tarball. It is the
# upstream release tarball, which Debian ships unchanged as its .orig.tar.bz2, so the same bytes are
# fetched from several places, each tried in turn and each checked against the pinned checksum (a
# mismatch is refused, never built):
#   1. $PG_SOURCE_TARBALL, a local copy (a CI cache, an offline machine);
#   2. Debian's pool (deb.debian.org), while a Debian suite still carries this release;
#   3. snapshot.debian.org, Debian's permanent archive of every file it ever shipped;
#   4. ftp.postgresql.org, the upstream release archive (permanent).
# Moving to a newer release: update the version and checksum together (`apt-get source
# --print-uris postgresql-18` against Debian sid prints both). `--fetch-only FILE` fetches and
# verifies the tarball without building (backend/test/backup/ tests the fallback with it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg-client.sh

PG_SOURCE_VERSION="${PG_SOURCE_VERSION:-18.6}"
PG_SOURCE_SHA256="${PG_SOURCE_SHA256:-555610c24d53e4316da5b7d3fc25c279d96856d5e0e23ee308c328c5fa881d9f}"
if [[ -z "${PG_SOURCE_URLS:-}" ]]; then
  PG_SOURCE_URLS="https://deb.debian.org/debian/pool/main/p/postgresql-$PG_CLIENT_MAJOR/postgresql-${PG_CLIENT_MAJOR}_$PG_SOURCE_VERSION.orig.tar.bz2
https://snapshot.debian.org/archive/debian/20261201T000000Z/pool/main/p/postgresql-$PG_CLIENT_MAJOR/postgresql-${PG_CLIENT_MAJOR}_$PG_SOURCE_VERSION.orig.tar.bz2
https://ftp.postgresql.org/pub/source/v$PG_SOURCE_VERSION/postgresql-$PG_SOURCE_VERSION.tar.bz2"
fi

# fetch_source <dest>: the pinned tarball from the first source whose bytes match the checksum.
fetch_source() {
  local dest="$1" url candidate="$1.part" got
  verified() {
    got="$(sha256sum "$1" | cut -d' ' -f1)"
    [[ "$got" == "$PG_SOURCE_SHA256" ]]
  }
  if [[ -n "${PG_SOURCE_TARBALL:-}" ]]; then
    if [[ -f "$PG_SOURCE_TARBALL" ]] && verified "$PG_SOURCE_TARBALL"; then
      cp "$PG_SOURCE_TARBALL" "$dest"
      echo "PostgreSQL $PG_SOURCE_VERSION source: $PG_SOURCE_TARBALL (sha256 verified)"
      return 0
    fi
    echo "skipped $PG_SOURCE_TARBALL: missing or sha256 mismatch" >&2
  fi
  while IFS= read -r url; do
    [[ -n "$url" ]] || continue
    rm -f "$candidate"
    if ! curl -fsSL --retry 2 --connect-timeout 15 --max-time 600 -o "$candidate" "$url"; then
      echo "skipped $url: download failed" >&2
      continue
    fi
    if ! verified "$candidate"; then
      echo "skipped $url: sha256 $got, expected $PG_SOURCE_SHA256" >&2
      continue
    fi
    mv "$candidate" "$dest"
    echo "PostgreSQL $PG_SOURCE_VERSION source: $url (sha256 verified)"
    return 0
  done <<<"$PG_SOURCE_URLS"
  rm -f "$candidate"
  echo "no source of postgresql-$PG_SOURCE_VERSION matched sha256 $PG_SOURCE_SHA256" >&2
  return 1
}

if [[ "${1:-}" == "--fetch-only" ]]; then
  fetch_source "${2:?usage: install-pg-client.sh --fetch-only FILE}"
  exit 0
fi

if bin="$(find_pg_bin 2>/dev/null)"; then
  echo "PostgreSQL client: $("$bin/pg_dump" --version) in $bin"
  exit 0
fi

need=()
for tool in gcc make bison flex perl bzip2; do command -v "$tool" >/dev/null || need+=("$tool"); done
[[ -f /usr/include/zlib.h ]] || need+=(zlib1g-dev)
if ((${#need[@]})); then
  packages=()
  for tool in "${need[@]}"; do
    case "$tool" in gcc | make) packages+=(build-essential) ;; *) packages+=("$tool") ;; esac
  done
  if [[ "$(id -u)" != 0 ]]; then
    echo "missing build tools: ${need[*]} (apt-get install ${packages[*]} as root)" >&2
    exit 1
  fi
  echo "installing build tools: ${packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
tarball="$work/src/postgresql-$PG_SOURCE_VERSION.tar.bz2"
fetch_source "$tarball"
tar -xf "$tarball" -C "$work/src"
source_dir="$work/src/postgresql-$PG_SOURCE_VERSION/"

echo "building $(basename "$source_dir") client programs into $PG_CLIENT_HOME"
rm -rf "$PG_CLIENT_HOME"
(
  cd "$source_dir"
  ./configure --prefix="$PG_CLIENT_HOME" --without-readline --without-icu --without-llvm --with-zlib >"$work/configure.log" 2>&1 ||
    { tail -20 "$work/configure.log" >&2; exit 1; }
  jobs="$(nproc 2>/dev/null || echo 2)"
  # The catalog headers the client programs include are generated (perl) from the backend's sources.
  make -s -C src/backend generated-headers >"$work/make.log" 2>&1 || { tail -30 "$work/make.log" >&2; exit 1; }
  for dir in src/interfaces/libpq src/bin/pg_dump src/bin/psql; do
    make -s -C "$dir" -j"$jobs" >"$work/make.log" 2>&1 || { tail -30 "$work/make.log" >&2; exit 1; }
    make -s -C "$dir" install >>"$work/make.log" 2>&1 || { tail -30 "$work/make.log" >&2; exit 1; }
  done
)
bin="$(find_pg_bin)"
echo "PostgreSQL client: $("$bin/pg_dump" --version) in $bin"
