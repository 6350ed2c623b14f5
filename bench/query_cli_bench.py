#!/usr/bin/env python3
"""What an analyst waits for at the terminal: `byline query` against the `sqlite3` shell.

Each run is a whole process: start, open the database, answer, print, exit. Both tools
read the same data, the databases store_bench leaves behind with --keep (byline's store
and SQLite with the indexes store_bench gives it):

    build-bench/bench/store_bench --mentions=10000000 --keep --dir=/tmp/sb
    python3 bench/query_cli_bench.py --byline build-bench/byline --dir /tmp/sb

Runs alternate between the two tools, and every file of both databases is read through
the operating system's cache before each query, so that neither waits for the disk. The
figures are medians of --runs runs. "start" is each program doing nothing (`--help`,
`-version`): the floor under every other row.
"""
import argparse
import datetime
import os
import statistics
import subprocess
import sys
import time


def read_through(path):
    for root, _, files in os.walk(path) if os.path.isdir(path) else [("", [], [path])]:
        for name in files:
            try:
                with open(os.path.join(root, name), "rb") as f:
                    while f.read(1 << 20):
                        pass
            except OSError:
                pass


def run(cmd):
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"query_cli_bench: {' '.join(cmd)} failed: {done.stderr.decode()}")
    return took, done.stdout


def epoch_day(iso):
    return (datetime.date.fromisoformat(iso) - datetime.date(1970, 1, 1)).days


def sql_text(s):
    return "'" + s.replace("'", "''") + "'"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--byline", required=True, help="the byline binary")
    parser.add_argument("--dir", required=True, help="store_bench --keep's directory")
    parser.add_argument("--sqlite3", default="sqlite3", help="the sqlite3 shell")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    db = os.path.join(args.dir, "byline")
    sqlite_db = os.path.join(args.dir, "sqlite.db")
    for path in (db, sqlite_db):
        if not os.path.exists(path):
            sys.exit(f"query_cli_bench: no {path}: run store_bench --keep --dir={args.dir}")

    def byline(*words):
        return [args.byline, "query", "--db", db, *words, "--format", "csv"]

    def sqlite(sql):
        return [args.sqlite3, "-readonly", "-csv", sqlite_db, sql]

    # The most mentioned organisation of the data, and one ranked 500th: a frequent entity
    # and a less frequent one.
    _, out = run(byline("top", "--type", "ORG", "--limit", "500"))
    rows = [line.split(",")[0] for line in out.decode().splitlines()[1:]]
    frequent, rarer = rows[0].lower(), rows[-1].lower()
    since, until = "2023-01-01", "2023-12-31"
    month = ("2023-03-01", "2023-03-31")

    def timeline_sql(key):
        return (
            "SELECT d.day, d.n, t.n FROM entity_days d JOIN day_totals t ON t.day = d.day "
            f"WHERE d.eid = (SELECT eid FROM entities WHERE key = {sql_text(key)}) "
            f"AND d.day BETWEEN {epoch_day(since)} AND {epoch_day(until)} ORDER BY d.day"
        )

    def mentions_sql(key):
        return (
            "SELECT a.id, a.url, a.title, a.site, a.published, e.type, "
            "COALESCE(m.surface, e.canonical), e.canonical, sn.text, m.start, m.start + m.len "
            "FROM mentions m JOIN entities e ON e.eid = m.eid JOIN articles a ON a.num = m.article "
            "LEFT JOIN snippets sn ON sn.article = m.article AND sn.idx = m.snippet "
            f"WHERE m.eid = (SELECT eid FROM entities WHERE key = {sql_text(key)}) "
            "ORDER BY m.ts DESC, m.article, m.start LIMIT 20"
        )

    top_sql = (
        "SELECT e.key, e.type, t.c, e.canonical FROM (SELECT eid, SUM(n) AS c FROM entity_days "
        f"WHERE type = 2 AND day BETWEEN {epoch_day(month[0])} AND {epoch_day(month[1])} "
        "GROUP BY eid) t JOIN entities e ON e.eid = t.eid ORDER BY t.c DESC, e.key LIMIT 20"
    )
    cases = [
        ("start (--help, -version)", [args.byline, "--help"], [args.sqlite3, "-version"]),
        ("unknown entity", byline("timeline", "no such entity"), sqlite(timeline_sql("no such entity"))),
        ("timeline, 1 year, frequent",
         byline("timeline", frequent, "--since", since, "--until", until), sqlite(timeline_sql(frequent))),
        ("timeline, 1 year, 500th",
         byline("timeline", rarer, "--since", since, "--until", until), sqlite(timeline_sql(rarer))),
        ("mentions page 1, frequent", byline("mentions", frequent, "--limit", "20"),
         sqlite(mentions_sql(frequent))),
        ("mentions page 1, 500th", byline("mentions", rarer, "--limit", "20"),
         sqlite(mentions_sql(rarer))),
        ("top 20 orgs, 1 month",
         byline("top", "--type", "ORG", "--since", month[0], "--until", month[1], "--limit", "20"),
         sqlite(top_sql)),
    ]
    print(f"query_cli_bench: {args.runs} runs a row, medians in ms; entities "
          f"\"{frequent}\" and \"{rarer}\"")
    print(f"{'':28} {'byline query':>13} {'sqlite3':>9} {'sqlite3/byline':>15}")
    for name, b_cmd, s_cmd in cases:
        b_times, s_times = [], []
        for _ in range(args.runs):
            for path in (db, sqlite_db):
                read_through(path)
            b_times.append(run(b_cmd)[0])
            s_times.append(run(s_cmd)[0])
        b, s = statistics.median(b_times) * 1000, statistics.median(s_times) * 1000
        print(f"{name:28} {b:13.1f} {s:9.1f} {s / b:14.2f}x")


if __name__ == "__main__":
    main()
