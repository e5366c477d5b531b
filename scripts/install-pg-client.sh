#!/usr/bin/env bash
# Installs the PostgreSQL 18 client tools (pg_dump, pg_restore, psql) that backup.sh, restore.sh
# and their test need, into $PG_CLIENT_HOME (default ~/.cache/openbell/pg-client-18).
#
# Why a build: the project's PostgreSQL is 18 (embedded-postgres locally and in CI, Railway's
# postgres() in production) and pg_dump refuses a server newer than itself. Debian 12 ships the
# version 15 client, Debian's postgresql-client-18 binaries need a newer glibc, and the
# embedded-postgres package has only the server. So this builds the client programs from Debian's
# own postgresql-18 source package (fetched with apt-get source, checksums verified by apt) — about
# two minutes on two cores. Idempotent: does nothing when a working 18 client is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg-client.sh

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
# A private apt configuration with only Debian's source index: the system's sources stay untouched.
mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/src"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main" >"$work/apt/sources.list"
apt_opts=(
  -o "Dir::Etc::SourceList=$work/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$work/apt/lists" -o "Dir::Cache=$work/apt/cache"
  -o Acquire::Languages=none -o APT::Sandbox::User=root
)
echo "fetching Debian's postgresql-$PG_CLIENT_MAJOR source package"
apt-get "${apt_opts[@]}" -qq update
(cd "$work/src" && apt-get "${apt_opts[@]}" -qq source --download-only "postgresql-$PG_CLIENT_MAJOR" >/dev/null)
tarball="$(ls "$work"/src/postgresql-"$PG_CLIENT_MAJOR"_*.orig.tar.* | head -1)"
tar -xf "$tarball" -C "$work/src"
source_dir="$(ls -d "$work"/src/postgresql-"$PG_CLIENT_MAJOR".*/ | head -1)"

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
