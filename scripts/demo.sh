#!/bin/sh
# Sets up a fresh Debian 12 machine (as root), builds `byline` and runs the main job on its
# bundled example: for now `byline extract` on a saved article page.
set -eu
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target byline
build/byline extract data/examples/chipmaker-funding.html
