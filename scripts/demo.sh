#!/bin/sh
# Sets up a fresh Debian 12 machine (as root), builds `byline` and runs the main job on its
# embedded default: an offline crawl of a small three-site tech-press web (the crawler's
# fixture web, served by a local nginx on a free port), extraction into a fresh database,
# and a few analyst queries on it. Nothing leaves the machine.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
./scripts/bootstrap.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target byline

WORK=$(mktemp -d /tmp/byline-demo.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
HOSTS="news-a.test news-b.test blog-c.test"

# The pages name their own absolute URLs (http://news-a.test/...): point them at our port.
cp -r tests/crawler/fixtures/site "$WORK/www"
for f in $(grep -rl 'http://' "$WORK/www"); do
  for h in $HOSTS; do sed -i "s#http://$h/#http://$h:$PORT/#g" "$f"; done
done
gunzip -c "$WORK/www/news-a.test/sitemap-pages.xml.gz" \
  | sed "s#http://news-a.test/#http://news-a.test:$PORT/#g" | gzip -n > "$WORK/sp.gz"
mv "$WORK/sp.gz" "$WORK/www/news-a.test/sitemap-pages.xml.gz"

mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
{
  [ "$(id -u)" = 0 ] && echo "user root root;"
  echo "worker_processes 1; pid $WORK/nginx/nginx.pid; error_log $WORK/nginx/logs/error.log;"
  echo "events {} http { access_log $WORK/nginx/logs/access.log; types { text/html html; application/xml xml; application/rss+xml rss; application/gzip gz; text/plain txt; }"
  echo "client_body_temp_path $WORK/nginx/tmp; proxy_temp_path $WORK/nginx/tmp; fastcgi_temp_path $WORK/nginx/tmp; uwsgi_temp_path $WORK/nginx/tmp; scgi_temp_path $WORK/nginx/tmp;"
  for h in $HOSTS; do
    echo "server { listen 127.0.0.1:$PORT; server_name $h; root $WORK/www/$h;"
    [ "$h" = blog-c.test ] && echo "location = /robots.txt { return 503; }"
    echo "}"
  done
  echo "}"
} > "$WORK/nginx/nginx.conf"
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
trap 'kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null; rm -rf "$WORK"' EXIT INT TERM

ARGS=""
for h in $HOSTS; do ARGS="$ARGS --seed http://$h:$PORT/ --resolve $h:$PORT:127.0.0.1"; done
# shellcheck disable=SC2086
build/byline crawl --db "$WORK/db" $ARGS --allow-private --delay-ms 200 \
  --max-crawl-delay-ms 500 --report "$WORK/report.json" --url-log "$WORK/urls.jsonl"
echo
echo "== most mentioned organisations"
build/byline query --db "$WORK/db" top --type org --limit 8
echo "== mentions of OpenAI"
build/byline query --db "$WORK/db" mentions OpenAI --limit 3
echo "== dollar figures reported with Nvidia"
build/byline query --db "$WORK/db" money Nvidia --limit 5
echo "== what robots.txt kept us from (URL log)"
grep -h '"disallowed"' "$WORK/urls.jsonl" | cut -c1-160
