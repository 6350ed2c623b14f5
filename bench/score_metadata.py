#!/usr/bin/env python3
"""Scores byline's metadata (title, authors, published date) against annotated pages.

Reads DATA/index.jsonl (one record per page: "file", "url", and "meta" with the source's
annotations "title", "author", "date"), runs `byline extract --format ndjson` once over all
pages, and reports, per field, accuracy over the pages whose annotation is non-empty:

  title   exact match after white-space/case normalisation, plus a looser "contains" score
          (one of the two contains the other)
  author  the set of normalised names equals the annotated set, plus name precision and
          recall summed over those pages
  date    the date part (YYYY-MM-DD) equals the annotation's

The last line is machine-readable:
  metadata trafilatura-dev: title=0.83 author=0.71 date=0.88 pages=110

Usage: bench/score_metadata.py [--data DIR] [--cmd "build/byline extract"] [--with-url] [-v]
--with-url runs the command once per page with --url PAGE_URL (slower), to measure what the
page URL adds (date from URL, canonical fallback).
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import unicodedata

# The shared evaluation data sits beside the project checkout (../shared from its root).
DEFAULT_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared",
                            "data", "extraction", "trafilatura")


def norm_text(s):
    s = unicodedata.normalize("NFKC", s or "")
    return " ".join(s.split()).casefold()


def norm_name(s):
    s = norm_text(s)
    return s.strip(" .,;:-|")


def split_gold_authors(value):
    """The annotation is a list or a string of names separated by ';', ',' or 'and'."""
    if isinstance(value, list):
        parts = value
    else:
        parts = re.split(r";|,|\s+(?:and|und|&)\s+", value or "")
    names = {norm_name(p) for p in parts}
    names.discard("")
    return names


def date_part(s):
    m = re.match(r"\s*(\d{4}-\d{2}-\d{2})", s or "")
    return m.group(1) if m else None


def load_index(data_dir):
    records = []
    with open(os.path.join(data_dir, "index.jsonl"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                records.append(json.loads(line))
    return records


def dataset_name(data_dir):
    """"trafilatura-dev" from DATA/meta.json, else the folder's name."""
    try:
        with open(os.path.join(data_dir, "meta.json"), encoding="utf-8") as f:
            info = json.load(f)
        return f"{info['dataset']}-{info['split']}"
    except (OSError, ValueError, KeyError):
        return os.path.basename(os.path.normpath(data_dir))


def run_extract(cmd, files, urls=None):
    """Returns {absolute file path: output record}."""
    out = {}
    batches = [(files, None)] if urls is None else [([f], u) for f, u in zip(files, urls)]
    for batch, url in batches:
        argv = shlex.split(cmd) + ["--format", "ndjson"]
        if url:
            argv += ["--url", url]
        argv += batch
        proc = subprocess.run(argv, capture_output=True, text=True, check=False)
        if proc.returncode != 0 and not proc.stdout:
            sys.stderr.write(f"command failed ({proc.returncode}): {proc.stderr[:500]}\n")
            continue
        for line in proc.stdout.splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            src = rec.get("source")
            if src:
                out[os.path.abspath(src)] = rec
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--cmd", default="build/byline extract")
    ap.add_argument("--with-url", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every mismatch")
    args = ap.parse_args()

    records = load_index(args.data)
    files = [os.path.abspath(os.path.join(args.data, r["file"])) for r in records]
    urls = [r.get("url", "") for r in records] if args.with_url else None
    results = run_extract(args.cmd, files, urls)

    n_title = title_exact = title_contains = 0
    n_author = author_set = 0
    tp = n_pred = n_gold = 0
    author_on_empty = n_empty_author = 0
    n_date = date_ok = 0
    missing = 0

    for rec, path in zip(records, files):
        meta = rec.get("meta") or {}
        out = results.get(path)
        if out is None:
            missing += 1
            out = {}
        name = rec.get("id", path)

        gold_title = norm_text(meta.get("title", ""))
        if gold_title:
            n_title += 1
            got = norm_text(out.get("title") or "")
            if got == gold_title:
                title_exact += 1
            if got and (got in gold_title or gold_title in got):
                title_contains += 1
            elif args.verbose:
                print(f"title  {name}: got {got!r} want {gold_title!r}")

        gold_authors = split_gold_authors(meta.get("author", ""))
        got_authors = {norm_name(a) for a in out.get("authors") or []}
        got_authors.discard("")
        if gold_authors:
            n_author += 1
            if got_authors == gold_authors:
                author_set += 1
            elif args.verbose:
                print(f"author {name}: got {sorted(got_authors)} want {sorted(gold_authors)}")
            tp += len(got_authors & gold_authors)
            n_pred += len(got_authors)
            n_gold += len(gold_authors)
        elif "author" in meta:
            n_empty_author += 1
            if got_authors:
                author_on_empty += 1
                if args.verbose:
                    print(f"author {name}: got {sorted(got_authors)} want none")

        gold_date = date_part(meta.get("date", ""))
        if gold_date:
            n_date += 1
            got_date = date_part(out.get("published") or "")
            if got_date == gold_date:
                date_ok += 1
            elif args.verbose:
                print(f"date   {name}: got {got_date} want {gold_date}")

    def ratio(a, b):
        return a / b if b else 0.0

    print(f"pages: {len(records)} (no output for {missing})")
    print(f"title:  exact {ratio(title_exact, n_title):.3f}  contains "
          f"{ratio(title_contains, n_title):.3f}  over {n_title}")
    print(f"author: set {ratio(author_set, n_author):.3f}  precision {ratio(tp, n_pred):.3f}  "
          f"recall {ratio(tp, n_gold):.3f}  over {n_author}; authors given on "
          f"{author_on_empty}/{n_empty_author} pages annotated with none")
    print(f"date:   {ratio(date_ok, n_date):.3f}  over {n_date}")
    print(f"metadata {dataset_name(args.data)}: title={ratio(title_exact, n_title):.2f} "
          f"author={ratio(author_set, n_author):.2f} date={ratio(date_ok, n_date):.2f} "
          f"pages={len(records)}")


if __name__ == "__main__":
    main()
