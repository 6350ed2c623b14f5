#!/bin/sh
# Sets up a fresh Debian 12 machine (as root), builds everything with warnings as errors and
# runs every test. The README's test command, and what CI runs.
set -eu
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBYLINE_WERROR=ON
cmake --build build
ctest --test-dir build --output-on-failure -j2 --timeout 300
