#!/usr/bin/python3
"""Crawl benchmark (issue 5, "Speed"): byline crawl against wget2 and Scrapy on a local web
of real-sized article pages served by nginx, politeness off; extraction alone as the floor
of the full crawl; the achieved per-host rate with politeness on; and the memory a frontier
of a million URLs costs.

  /usr/bin/python3 bench/crawl_bench.py --byline build-cbench/byline [--pages 5000] \
      [--repeat 3] [--skip scrapy,...] [--json results.json]

Everything (site, nginx prefix, crawl outputs) lives in one temp dir, removed at the end.
Every run starts from an empty state and must fetch every page of the site, or the script
fails. Figures are medians over --repeat runs; wall and CPU seconds and peak RSS come from
/usr/bin/time. Runs /usr/bin/python3 because that is where Debian's python3-scrapy lives.
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import crawl_site  # noqa: E402

TIME_FORMAT = "%e %U %S %M"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    """One nginx process serving ROOT on 127.0.0.1, one virtual host, keep-alive on."""

    def __init__(self, prefix, root, fallback=None):
        self.prefix, self.root, self.fallback = prefix, root, fallback
        self.log = os.path.join(prefix, "access.log")
        self.proc = None

    def config(self, port):
        flags = subprocess.run(["nginx", "-V"], capture_output=True, text=True).stderr
        p = self.prefix
        temp = "".join("  %s_temp_path %s/tmp/%s;\n" % (m, p, m)
                       for m in ("proxy", "fastcgi", "uwsgi", "scgi")
                       if "--without-http_%s_module" % m not in flags)
        fallback = ("    location /p/ { try_files $uri %s; }\n" % self.fallback
                    if self.fallback else "")
        return (
            "master_process off;\ndaemon off;\nworker_processes 1;\n"
            + ("user root root;\n" if os.geteuid() == 0 else "")
            + "pid %s/nginx.pid;\nlock_file %s/nginx.lock;\n" % (p, p)
            + "error_log %s/error.log warn;\n" % p
            + "events { worker_connections 1024; }\n"
            "http {\n"
            "  types { text/html html; text/plain txt; }\n"
            "  default_type application/octet-stream;\n"
            "  client_body_temp_path %s/tmp/body;\n%s" % (p, temp)
            # $msec is when the response was sent: the politeness check reads the intervals.
            + "  log_format bench '$msec $status $request_uri $connection';\n"
            "  access_log %s bench buffer=256k flush=1s;\n" % self.log
            + "  sendfile on;\n  tcp_nopush on;\n  server_tokens off;\n"
            "  keepalive_timeout 60s;\n  keepalive_requests 1000000;\n"
            "  server {\n    listen 127.0.0.1:%d;\n    server_name _;\n" % port
            + "    root %s;\n    index index.html;\n%s  }\n}\n" % (self.root, fallback))

    def start(self):
        os.makedirs(os.path.join(self.prefix, "tmp"), exist_ok=True)
        for _ in range(5):
            self.port = free_port()
            conf = os.path.join(self.prefix, "nginx.conf")
            with open(conf, "w") as f:
                f.write(self.config(self.port))
            err = open(os.path.join(self.prefix, "stderr.log"), "w")
            self.proc = subprocess.Popen(["nginx", "-p", self.prefix + "/", "-c", conf],
                                         stdout=err, stderr=err)
            deadline = time.time() + 5
            while time.time() < deadline and self.proc.poll() is None:
                try:
                    socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                    return self
                except OSError:
                    time.sleep(0.05)
            self.stop()
        sys.exit("crawl_bench: nginx did not start; see " + self.prefix)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc = None

    @property
    def url(self):
        return "http://127.0.0.1:%d/" % self.port


def timed(cmd, work, stdout=subprocess.DEVNULL, cwd=None):
    """Runs CMD under /usr/bin/time: (wall s, cpu s, peak MB, exit status)."""
    tfile = os.path.join(work, "time.txt")
    rc = subprocess.run(["/usr/bin/time", "-f", TIME_FORMAT, "-o", tfile] + cmd,
                        stdout=stdout, stderr=open(os.path.join(work, "stderr.txt"), "w"),
                        cwd=cwd).returncode
    # /usr/bin/time writes "Command exited with non-zero status N" before the figures.
    wall, user, sys_, rss_kb = open(tfile).read().split("\n")[-2].split()
    return float(wall), float(user) + float(sys_), int(rss_kb) / 1024.0, rc


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def byline_crawl(args, work, url, extract, archive=True):
    db, warc = fresh(os.path.join(work, "db")), fresh(os.path.join(work, "warc"))
    report = os.path.join(work, "report.json")
    cmd = [args.byline, "crawl", "--db", db, "--seed", url, "--allow-private",
           "--delay-ms", "0", "--concurrency", "16", "--per-host-connections", "16",
           "--max-depth", "20", "--max-pages", "100000", "--report", report]
    if not extract:
        # The fetch-only run archives (issue 5: "extraction off, --warc output"); the full
        # crawl is compared with extraction alone, so it writes the index and nothing else.
        cmd += ["--no-extract"] + (["--warc", warc] if archive else [])
    wall, cpu, mb, rc = timed(cmd, work)
    r = json.load(open(report)) if os.path.exists(report) else {}
    pages = r.get("states", {}).get("fetched", 0)
    extra = {"rc": rc, "requests": r.get("requests"), "states": r.get("states"),
             "warc_mb": round(du(warc) / 2**20, 1)}
    if extract:
        extra["articles"] = count_articles(args, db)
    return wall, cpu, mb, pages, extra


def count_articles(args, db):
    out = subprocess.run([args.byline, "query", "--db", db, "stats", "--format", "json"],
                         capture_output=True, text=True)
    try:
        return json.loads(out.stdout)["rows"][0]["articles"]
    except (ValueError, KeyError, IndexError):
        return None


def du(path):
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(path) for f in fs)


def byline_extract(args, work, site):
    files = html_files(site)
    wall, cpu, mb, rc = timed([args.byline, "extract", "--jobs", "2", "--format", "ndjson"]
                              + files, work, stdout=open(os.path.join(work, "x.ndjson"), "w"))
    with open(os.path.join(work, "x.ndjson")) as f:
        ok = sum(1 for line in f if '"error"' not in line[:200])
    return wall, cpu, mb, ok, {"rc": rc, "files": len(files)}


def html_files(site):
    return sorted(os.path.join(r, f) for r, _, fs in os.walk(site) for f in fs
                  if f.endswith(".html"))


def wget2(args, work, url):
    out = fresh(os.path.join(work, "wget2"))
    wall, cpu, mb, rc = timed(["wget2", "--recursive", "--level=inf", "--no-parent",
                               "--max-threads=16", "--http2=off", "--no-verbose",
                               "--progress=none", "-P", out, url], work)
    pages = sum(1 for r, _, fs in os.walk(out) for f in fs if f.endswith(".html"))
    return wall, cpu, mb, pages, {"rc": rc}


def scrapy(args, work, url):
    stats = os.path.join(work, "scrapy-stats.json")
    if os.path.exists(stats):
        os.remove(stats)
    wall, cpu, mb, rc = timed(["/usr/bin/scrapy", "runspider",
                               os.path.join(HERE, "scrapy_spider.py"),
                               "-a", "start_url=" + url, "-a", "stats_file=" + stats],
                              work, cwd=work)
    s = json.load(open(stats)) if os.path.exists(stats) else {}
    return wall, cpu, mb, s.get("item_scraped_count", 0), {
        "rc": rc, "requests": s.get("downloader/request_count")}


def loadavg():
    return float(open("/proc/loadavg").read().split()[0])


def speed(args, work, site, nginx):
    expected = len(html_files(site))
    tools = {
        "byline crawl --no-extract": lambda w: byline_crawl(args, w, nginx.url, False),
        "byline crawl --no-extract, no WARC": lambda w: byline_crawl(args, w, nginx.url, False,
                                                                    archive=False),
        "byline crawl (extract + index)": lambda w: byline_crawl(args, w, nginx.url, True),
        "byline extract --jobs 2 (no fetching)": lambda w: byline_extract(args, w, site),
        "wget2 --recursive": lambda w: wget2(args, w, nginx.url),
        "scrapy": lambda w: scrapy(args, w, nginx.url),
    }
    runs = {name: [] for name in tools if not any(s in name for s in args.skip)}
    for rep in range(args.repeat):
        for name in runs:
            w = fresh(os.path.join(work, "run"))
            load = loadavg()
            wall, cpu, mb, pages, extra = tools[name](w)
            row = {"wall": wall, "cpu": cpu, "peak_mb": mb, "pages": pages, "load": load,
                   **extra}
            print("  rep %d %-40s %s" % (rep + 1, name, json.dumps(row)), flush=True)
            if pages < expected:
                print("crawl_bench: %s got %d of %d pages" % (name, pages, expected),
                      file=sys.stderr)
                row["incomplete"] = True
            runs[name].append(row)
    table = {}
    for name, rows in runs.items():
        med = lambda key: statistics.median(r[key] for r in rows)  # noqa: E731
        pages = med("pages")
        table[name] = {"pages": pages, "seconds": med("wall"),
                       "pages_per_s": statistics.median(r["pages"] / r["wall"] for r in rows),
                       "cpu_s_per_1000": statistics.median(1000 * r["cpu"] / r["pages"]
                                                           for r in rows if r["pages"]),
                       "peak_mb": med("peak_mb"), "load": [r["load"] for r in rows],
                       "complete": not any(r.get("incomplete") for r in rows)}
    return {"expected_pages": expected, "runs": runs, "medians": table}


def politeness(args, work, nginx):
    w = fresh(os.path.join(work, "polite"))
    report = os.path.join(w, "report.json")
    time.sleep(1.5)  # nginx flushes its log buffer every second
    start = os.path.getsize(nginx.log)
    cmd = [args.byline, "crawl", "--db", os.path.join(w, "db"), "--seed", nginx.url,
           "--allow-private", "--delay-ms", "200", "--per-host-connections", "1",
           "--max-pages", "60", "--no-extract", "--report", report]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    with open(nginx.log) as f:
        f.seek(start)
        stamps = [float(line.split()[0]) for line in f if line.strip()]
    r = json.load(open(report))
    host = next(iter(r["hosts"].values()))
    gaps = [b - a for a, b in zip(stamps, stamps[1:])]
    log_rate = (len(stamps) - 1) / (stamps[-1] - stamps[0])
    return {"allowed_per_s": 5.0, "requests_logged": len(stamps),
            "report_requests": host["requests"], "report_rate": host["requests_per_second"],
            "log_rate": log_rate, "ratio_report": host["requests_per_second"] / 5.0,
            "ratio_log": log_rate / 5.0, "min_gap_ms": 1000 * min(gaps),
            "median_gap_ms": 1000 * statistics.median(gaps)}


def frontier(args, work, sections, per_section):
    site = fresh(os.path.join(work, "frontier-site-%d" % (sections * per_section)))
    crawl_site.write_frontier(site, sections, per_section)
    nginx = Nginx(fresh(os.path.join(work, "nginx-frontier")), site, "/stub.html").start()
    try:
        w = fresh(os.path.join(work, "frontier"))
        report = os.path.join(w, "report.json")
        wall, cpu, mb, rc = timed(
            [args.byline, "crawl", "--db", os.path.join(w, "db"), "--seed", nginx.url,
             "--allow-private", "--delay-ms", "0", "--concurrency", "16",
             "--per-host-connections", "16", "--no-extract", "--max-depth", "20",
             "--max-pages", "120", "--report", report], w)
        r = json.load(open(report)) if os.path.exists(report) else {}
        return {"urls_linked": sections * per_section, "peak_mb": mb, "seconds": wall,
                "cpu_s": cpu, "rc": rc, "requests": r.get("requests"),
                "frontier_left": r.get("frontier_left"), "db_mb": round(du(w) / 2**20, 1)}
    finally:
        nginx.stop()
        shutil.rmtree(site, ignore_errors=True)


def markdown(res):
    lines = []
    if "speed" in res:
        sp = res["speed"]
        lines += ["| %d pages, median of %d | pages/s | CPU s / 1,000 pages | peak MB | "
                  "wall s |" % (sp["expected_pages"], len(next(iter(sp["runs"].values())))),
                  "|---|---|---|---|---|"]
        for name, m in sp["medians"].items():
            lines.append("| %s%s | %.0f | %.2f | %.0f | %.1f |" % (
                name, "" if m["complete"] else " (INCOMPLETE)", m["pages_per_s"],
                m["cpu_s_per_1000"], m["peak_mb"], m["seconds"]))
        med = sp["medians"]
        full, alone = med.get("byline crawl (extract + index)"), med.get(
            "byline extract --jobs 2 (no fetching)")
        if full and alone:
            lines.append("\nfull crawl / extract alone: %.2f" % (
                full["pages_per_s"] / alone["pages_per_s"]))
    if "politeness" in res:
        p = res["politeness"]
        lines.append("\npoliteness: allowed 5.0/s; report %.3f/s (ratio %.3f), nginx log "
                     "%.3f/s (ratio %.3f); gaps min %.0f ms, median %.0f ms; %d requests" % (
                         p["report_rate"], p["ratio_report"], p["log_rate"], p["ratio_log"],
                         p["min_gap_ms"], p["median_gap_ms"], p["requests_logged"]))
    for f in res.get("frontier", []):
        lines.append("frontier: %d URLs linked, %s left in the frontier, peak %.0f MB, "
                     "%.1f s, db %.0f MB" % (f["urls_linked"], f["frontier_left"],
                                              f["peak_mb"], f["seconds"], f["db_mb"]))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--byline", default=os.path.join(HERE, "..", "build", "byline"))
    ap.add_argument("--data", default=os.path.join(HERE, "..", "..", "shared", "data",
                                                   "extraction"))
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip", default="", help="comma-separated: scrapy, wget2, extract, ...")
    ap.add_argument("--parts", default="speed,politeness,frontier")
    ap.add_argument("--frontier-urls", type=int, default=1000000)
    ap.add_argument("--json", help="write every run's figures here")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir")
    args = ap.parse_args()
    args.byline = os.path.abspath(args.byline)
    args.skip = [s for s in args.skip.split(",") if s]
    parts = args.parts.split(",")
    work = tempfile.mkdtemp(prefix="crawl-bench-")
    res = {"cpus": os.cpu_count(), "load_start": loadavg()}
    try:
        if "speed" in parts or "politeness" in parts:
            site = os.path.join(work, "site")
            print("site:", crawl_site.write_articles(site, args.pages, args.data), flush=True)
            nginx = Nginx(fresh(os.path.join(work, "nginx")), site).start()
            try:
                if "speed" in parts:
                    res["speed"] = speed(args, work, site, nginx)
                if "politeness" in parts:
                    res["politeness"] = politeness(args, work, nginx)
            finally:
                nginx.stop()
            shutil.rmtree(site, ignore_errors=True)
        if "frontier" in parts:
            res["frontier"] = [frontier(args, work, max(1, args.frontier_urls // 10000),
                                        min(10000, args.frontier_urls))]
    finally:
        res["load_end"] = loadavg()
        if args.json:
            with open(args.json, "w") as f:
                json.dump(res, f, indent=1)
        if args.keep:
            print("kept", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(markdown(res))


if __name__ == "__main__":
    main()
