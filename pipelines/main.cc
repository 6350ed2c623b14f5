// The `byline` command. Each subcommand's options map onto a Run* function in pipelines.h.
#include <CLI/CLI.hpp>
#include <iostream>
#include <set>
#include <string>

#include "pipelines/pipelines.h"

namespace {

void AddExtract(CLI::App& app, byline::pipelines::ExtractCommandOptions* o) {
  CLI::App* cmd = app.add_subcommand(
      "extract", "Print the article text and metadata of saved pages as JSON (CONTRACT.md)");
  cmd->add_option("files", o->files, "HTML files (or text files with --text); - is stdin")
      ->required();
  cmd->add_flag("--text", o->plain_text, "inputs are UTF-8 plain text, not HTML");
  cmd->add_option("--format", o->format, "json (pretty; an array for several files) or ndjson")
      ->check(CLI::IsMember({"json", "ndjson"}));
  cmd->add_option("--url", o->url, "the page's URL (canonical fallback, date from URL)");
  cmd->add_option("--max-bytes", o->max_bytes,
                  "refuse inputs larger than this many bytes (default 33554432 = 32 MiB)");
  cmd->add_option("--jobs,-j", o->jobs, "worker threads (default: one per core)");
  cmd->add_option("--aliases", o->aliases_file,
                  "watchlist TOML: [[entity]] canonical, type, aliases (forces canonical names)");
  cmd->add_flag("--no-entities", o->no_entities, "skip people, organisations and money");
}

void AddIngest(CLI::App& app, byline::pipelines::IngestCommandOptions* o) {
  CLI::App* cmd = app.add_subcommand("ingest", "Extract pages and store their mentions");
  cmd->add_option("--db", o->db, "database directory (created when missing)")->required();
  cmd->add_option("files", o->files,
                  "HTML files, WARC files (.warc, .warc.gz) or text files with --text; - is stdin")
      ->required();
  cmd->add_flag("--text", o->plain_text, "inputs are UTF-8 plain text, not HTML");
  cmd->add_option("--aliases", o->aliases_file, "watchlist TOML applied while extracting");
  cmd->add_option("--max-bytes", o->max_bytes, "refuse inputs larger than this many bytes");
  cmd->add_option("--jobs,-j", o->jobs, "extraction threads (default: one per core)");
}

void AddQuery(CLI::App& app, byline::pipelines::QueryCommandOptions* o) {
  CLI::App* cmd =
      app.add_subcommand("query",
                         "Ask the store: mentions ENTITY, timeline ENTITY, top, cooccur ENTITY, "
                         "money ENTITY, article ID, entities PREFIX, stats");
  cmd->add_option("--db", o->db, "database directory")->required();
  cmd->add_option("subcommand", o->subcommand, "what to ask")->required();
  cmd->add_option("arg", o->arg, "the entity, article id or prefix");
  cmd->add_option("--since", o->since, "first day, YYYY-MM-DD");
  cmd->add_option("--until", o->until, "last day, YYYY-MM-DD");
  cmd->add_option("--site", o->site, "only this site");
  cmd->add_option("--type", o->type, "person, org or money");
  cmd->add_option("--by", o->by, "timeline buckets: day, week or month");
  cmd->add_option("--limit", o->limit, "rows per answer, 1 to 1000000 (default 20)")
      ->check(CLI::Range(1, 1'000'000));
  cmd->add_option("--cursor", o->cursor, "the next page of mentions");
  cmd->add_option("--format", o->format, "table, json, ndjson or csv");
  cmd->add_option("--aliases", o->aliases_file, "watchlist TOML: resolve forms to entities");
}

CLI::App* AddCrawl(CLI::App& app, byline::pipelines::CrawlCommandOptions* o) {
  CLI::App* cmd = app.add_subcommand(
      "crawl", "Fetch articles politely from seeds, feeds and sitemaps, extract and store them");
  cmd->add_option("--db", o->db, "database directory (crawl state and articles)");
  cmd->add_option("--config", o->config, "TOML file with the same keys as these flags");
  cmd->add_option("--seed", o->seed, "start page (home or section page); repeatable");
  cmd->add_option("--feed", o->feed, "RSS or Atom feed; repeatable");
  cmd->add_option("--sitemap", o->sitemap, "XML sitemap or sitemap index; repeatable");
  cmd->add_option("--allow-host", o->allow_host,
                  "host to crawl (example.com or *.example.com); default: the start URLs' hosts");
  cmd->add_option("--include", o->include, "RE2 pattern a URL must match; repeatable");
  cmd->add_option("--exclude", o->exclude, "RE2 pattern a URL must not match; repeatable");
  cmd->add_option("--max-pages", o->max_pages, "pages to fetch this run (default 100000)");
  cmd->add_option("--max-pages-per-host", o->max_pages_per_host, "0 = no limit");
  cmd->add_option("--max-depth", o->max_depth, "link depth from the start URLs (default 5)");
  cmd->add_option(
      "--delay-ms", o->delay_ms,
      "between requests to one host (default 1000; robots.txt Crawl-delay may raise it)");
  cmd->add_option("--max-crawl-delay-ms", o->max_crawl_delay_ms,
                  "cap on robots.txt Crawl-delay (default 30000)");
  cmd->add_option("--concurrency", o->concurrency, "transfers in flight (default 32)");
  cmd->add_option("--per-host-connections", o->per_host_connections,
                  "connections per host (default 1)");
  cmd->add_option("--user-agent", o->user_agent, "User-Agent header");
  cmd->add_option("--ca-file", o->ca_file,
                  "PEM file of certificates to trust for https (a private CA, a test server)");
  cmd->add_option("--resolve", o->resolve, "HOST:PORT:ADDRESS, as curl's --resolve; repeatable");
  cmd->add_flag("--allow-private", o->allow_private,
                "allow loopback, private and link-local addresses (tests, intranets)");
  cmd->add_flag("--ignore-robots", o->ignore_robots, "only for sites you run yourself");
  cmd->add_option("--warc", o->warc, "write WARC/1.1 files (gzip per record) to this directory");
  cmd->add_option("--url-log", o->url_log, "append one JSON line per URL tried");
  cmd->add_option("--report", o->report, "write the JSON run report here");
  cmd->add_option("--aliases", o->aliases, "watchlist TOML applied while extracting");
  cmd->add_option("--since", o->since, "skip feed and sitemap entries published before YYYY-MM-DD");
  cmd->add_flag("--no-extract", o->no_extract, "fetch and follow links only");
  cmd->add_option("--timeout-ms", o->timeout_ms, "per request (default 60000)");
  cmd->add_option("--connect-timeout-ms", o->connect_timeout_ms, "default 10000");
  cmd->add_option("--max-body-bytes", o->max_body_bytes,
                  "after decompression (default 16777216 = 16 MiB)");
  cmd->add_option("--max-retries", o->max_retries, "for timeouts, 5xx and 429 (default 3)");
  cmd->add_option("--retry-base-ms", o->retry_base_ms,
                  "first retry back-off, doubled per attempt with jitter (default 1000)");
  cmd->add_option("--jobs,-j", o->jobs, "page-handling threads (default: one per core)");
  cmd->add_flag("--progress", o->progress, "progress line even when stderr is not a terminal");
  return cmd;
}

// Flags set on the command line, by config-key name ("--max-pages" -> "max_pages").
std::set<std::string> GivenFlags(const CLI::App* cmd) {
  std::set<std::string> given;
  for (const CLI::Option* opt : cmd->get_options()) {
    if (opt->count() == 0 || opt->get_lnames().empty()) continue;
    std::string name = opt->get_lnames().front();
    for (char& c : name) {
      if (c == '-') c = '_';
    }
    given.insert(name);
  }
  return given;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  CLI::App app{"byline: companies, people and dollar figures from the tech press"};
  app.require_subcommand(1);
  byline::pipelines::ExtractCommandOptions extract_options;
  AddExtract(app, &extract_options);
  byline::pipelines::IngestCommandOptions ingest_options;
  AddIngest(app, &ingest_options);
  byline::pipelines::QueryCommandOptions query_options;
  AddQuery(app, &query_options);
  byline::pipelines::CrawlCommandOptions crawl_options;
  CLI::App* crawl = AddCrawl(app, &crawl_options);
  std::string check_db;
  CLI::App* check = app.add_subcommand(
      "check", "Verify that counters match mentions and every mention's article exists");
  check->add_option("--db", check_db, "database directory")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help is a success; any other parse error is a bad option, status 2 like the
    // commands' own checks (CLI11's codes differ per error).
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (app.got_subcommand("extract")) {
    return byline::pipelines::RunExtract(extract_options, std::cout, std::cerr);
  }
  if (app.got_subcommand("ingest")) {
    return byline::pipelines::RunIngest(ingest_options, std::cout, std::cerr);
  }
  if (app.got_subcommand("query")) {
    return byline::pipelines::RunQuery(query_options, std::cout, std::cerr);
  }
  if (app.got_subcommand("crawl")) {
    return byline::pipelines::RunCrawl(crawl_options, GivenFlags(crawl), std::cout, std::cerr);
  }
  if (app.got_subcommand("check"))
    return byline::pipelines::RunCheck(check_db, std::cout, std::cerr);
  return 2;
}
