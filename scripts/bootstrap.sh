#!/bin/sh
# Installs every Debian 12 package byline's build, tests and benchmarks need.
# Idempotent: packages already present are left alone. Run as root.
set -eu

PACKAGES="
  build-essential cmake ninja-build pkg-config python3
  libcurl4-openssl-dev libgumbo-dev libre2-dev libicu-dev librocksdb-dev
  libxml2-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libtomlplusplus-dev
  libcpp-httplib-dev libxxhash-dev zlib1g-dev libdeflate-dev
  nginx-light openssl iproute2 util-linux
  libssl-dev libgtest-dev libgmock-dev libbenchmark-dev libsqlite3-dev
"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: missing packages:$missing; run this script as root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing
fi
echo "bootstrap: all packages present"
