#!/usr/bin/env python3
"""Writes a local web for the crawl benchmark (bench/crawl_bench.py).

Two shapes:

  articles  Real article pages (the extraction dev sets under ../shared/data/extraction),
            cycled to N pages. Every original link, image, script and stylesheet reference
            is neutralised (the attribute is renamed, so the markup keeps its size and shape
            but nothing points anywhere), and each page gets a canonical link to itself and
            a <nav> with ~10 links to other pages of the local web. A home page links to
            section pages listing 100 pages each, so every page is reachable at depth 2.

  frontier  A home page linking to S section pages that each list L distinct article URLs
            (S * L URLs in all); any /p/ URL is answered with one small page by nginx.
            For measuring what a frontier of a million URLs costs in memory.

Both get a robots.txt that allows everything. Nothing here fetches anything.

  crawl_site.py articles OUT_DIR --pages 5000 --data ../shared/data/extraction
  crawl_site.py frontier OUT_DIR --sections 100 --links-per-section 10000
"""
import argparse
import os
import re
import sys

ROBOTS = b"User-agent: *\nAllow: /\n"
SECTION_SIZE = 100

# Attributes through which a crawler (or wget2's HTML and CSS parsers) could find a URL.
URL_ATTRS = (b"href|src|srcset|action|formaction|poster|background|cite|longdesc|usemap|"
             b"manifest|ping|data|codebase|archive|lowsrc|dynsrc|classid|profile|icon")
# Renamed, not removed: "x-href=" keeps the page's bytes and tag structure almost unchanged.
ATTR_RE = re.compile(rb"(?i)(?<=[\s\"'/:])(" + URL_ATTRS + rb")(\s*=)")
# Meta tags that redirect, name another URL for the page, or forbid indexing or following.
META_RE = re.compile(rb"(?i)<meta\b[^>]*(?:refresh|og:url|twitter:url|[\"'\s]robots\b)[^>]*>")
CSS_URL_RE = re.compile(rb"(?i)\burl\(|@import")
BODY_END_RE = re.compile(rb"(?i)</body\s*>")
HEAD_RE = re.compile(rb"(?i)<head(\s[^>]*)?>")


def source_pages(data_dir):
    """The article HTML files of every dev set under DATA_DIR, in a fixed order."""
    files = []
    for root, _, names in os.walk(data_dir):
        if os.path.basename(root) != "html":
            continue
        files += [os.path.join(root, n) for n in names if n.endswith(".html")]
    return sorted(files)


def neutralise(html):
    html = META_RE.sub(b"", html)
    html = ATTR_RE.sub(lambda m: b"x-" + m.group(1) + m.group(2), html)
    return CSS_URL_RE.sub(lambda m: b"x-" + m.group(0).lstrip(b"@"), html)


def page_path(n, width):
    return "/p/%0*d.html" % (width, n)


def neighbours(n, count):
    """~10 other pages, near and far, so the link graph is not a chain."""
    steps = (1, 2, 3, 10, 37, 101, 499, 1009, 2503, count - 1)
    return sorted({(n + s) % count for s in steps} - {n})


def nav(n, count, width):
    links = ['<a href="/">Home</a>',
             '<a href="/s/%d.html">Section %d</a>' % (n // SECTION_SIZE, n // SECTION_SIZE)]
    links += ['<a href="%s">Story %d</a>' % (page_path(m, width), m) for m in neighbours(n, count)]
    return ("\n<nav class=\"bench-links\">" + " | ".join(links) + "</nav>\n").encode()


def article(html, n, count, width):
    """HTML is a neutralised source page."""
    canonical = ('<link rel="canonical" href="%s">' % page_path(n, width)).encode()
    head = HEAD_RE.search(html)
    if head:
        html = html[:head.end()] + canonical + html[head.end():]
    else:
        html = canonical + html
    links = nav(n, count, width)
    ends = list(BODY_END_RE.finditer(html))
    if ends:
        at = ends[-1].start()
        return html[:at] + links + html[at:]
    return html + links


def index_page(title, links):
    items = "\n".join('<li><a href="%s">%s</a></li>' % (href, text) for href, text in links)
    return ("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>%s</title></head>\n"
            "<body><h1>%s</h1>\n<ul>\n%s\n</ul>\n</body></html>\n" % (title, title, items)).encode()


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def write_articles(out, pages, data_dir):
    sources = source_pages(data_dir)
    if not sources:
        sys.exit("crawl_site.py: no html/*.html under " + data_dir)
    bodies = [neutralise(open(p, "rb").read()) for p in sources]
    width = max(4, len(str(pages - 1)))
    sections = (pages + SECTION_SIZE - 1) // SECTION_SIZE
    write(os.path.join(out, "robots.txt"), ROBOTS)
    write(os.path.join(out, "index.html"),
          index_page("Home", [("/s/%d.html" % s, "Section %d" % s) for s in range(sections)]))
    for s in range(sections):
        first, last = s * SECTION_SIZE, min(pages, (s + 1) * SECTION_SIZE)
        links = [(page_path(n, width), "Story %d" % n) for n in range(first, last)]
        links += [("/s/%d.html" % ((s + 1) % sections), "Next section")]
        write(os.path.join(out, "s", "%d.html" % s), index_page("Section %d" % s, links))
    total = 0
    for n in range(pages):
        page = article(bodies[n % len(bodies)], n, pages, width)
        total += len(page)
        write(os.path.join(out, page_path(n, width).lstrip("/")), page)
    return {"pages": pages, "sections": sections, "sources": len(bodies),
            "article_bytes": total, "html_files": pages + sections + 1}


def write_frontier(out, sections, per_section):
    write(os.path.join(out, "robots.txt"), ROBOTS)
    write(os.path.join(out, "index.html"),
          index_page("Home", [("/s/%d.html" % s, "Section %d" % s) for s in range(sections)]))
    for s in range(sections):
        first = s * per_section
        links = [("/p/%d/%08d.html" % (s, n), "Story %d" % n)
                 for n in range(first, first + per_section)]
        write(os.path.join(out, "s", "%d.html" % s), index_page("Section %d" % s, links))
    # The one page nginx answers every /p/ URL with (try_files in crawl_bench.py).
    write(os.path.join(out, "stub.html"), index_page("Story", []))
    return {"sections": sections, "urls": sections * per_section}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="shape", required=True)
    a = sub.add_parser("articles")
    a.add_argument("out")
    a.add_argument("--pages", type=int, default=5000)
    a.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                                  "shared", "data", "extraction"))
    f = sub.add_parser("frontier")
    f.add_argument("out")
    f.add_argument("--sections", type=int, default=100)
    f.add_argument("--links-per-section", type=int, default=10000)
    args = ap.parse_args()
    if args.shape == "articles":
        print(write_articles(args.out, args.pages, args.data))
    else:
        print(write_frontier(args.out, args.sections, args.links_per_section))


if __name__ == "__main__":
    main()
