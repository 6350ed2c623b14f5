// pipelines: the `byline` command's stages, wired. main.cc parses the command line and calls
// one Run* function per subcommand; each returns the process exit status.
#ifndef BYLINE_PIPELINES_PIPELINES_H_
#define BYLINE_PIPELINES_PIPELINES_H_

#include <cstddef>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace byline::pipelines {

struct ExtractCommandOptions {
  std::vector<std::string> files;       // paths; "-" reads standard input
  bool plain_text = false;              // --text: inputs are UTF-8 text, not HTML
  std::string format = "json";          // "json" (pretty; an array for several files) or "ndjson"
  std::string url;                      // --url: the page's URL (applies to every file)
  size_t max_bytes = size_t{32} << 20;  // --max-bytes: larger inputs are refused per file
  unsigned jobs = 0;                    // --jobs: worker threads, 0 = one per core
  std::string aliases_file;             // --aliases: watchlist TOML, "" = none
  bool no_entities = false;             // --no-entities: skip the entity stage
};

// `byline extract`: prints one JSON object per file to `out` (CONTRACT.md), errors per file
// as {"source", "error"}; returns 0 when every file was processed, 1 otherwise.
int RunExtract(const ExtractCommandOptions& options, std::ostream& out, std::ostream& err);

struct IngestCommandOptions {
  std::string db;                       // --db: database directory (created when missing)
  std::vector<std::string> files;       // HTML files ("-" = standard input)
  bool plain_text = false;              // --text: inputs are UTF-8 text
  std::string aliases_file;             // --aliases: watchlist TOML applied at ingest
  size_t max_bytes = size_t{32} << 20;  // --max-bytes
  unsigned jobs = 0;                    // --jobs: extraction threads, 0 = one per core
};

// `byline ingest`: extracts each file and writes it to the store (one atomic batch each).
// Prints a summary; returns 0 when every file was stored, 1 when some failed, 2 when the
// database could not be opened.
int RunIngest(const IngestCommandOptions& options, std::ostream& out, std::ostream& err);

struct QueryCommandOptions {
  std::string db;
  std::string subcommand;  // mentions, timeline, top, cooccur, money, article, entities, stats
  std::string arg;         // ENTITY, ID or PREFIX
  std::string since, until, site, type;  // filters; dates YYYY-MM-DD, type person|org|money
  std::string by = "day";                // timeline: day, week or month
  std::string cursor;                    // mentions: the next page
  std::string format = "table";          // table, json, ndjson or csv
  std::string aliases_file;              // map a watchlist form to its canonical entity
  size_t limit = 20;
};

// `byline query`: opens the database read-only and prints the answer. Returns 0 on success
// (an unknown entity is an empty answer), 2 for bad arguments or a database it cannot open.
int RunQuery(const QueryCommandOptions& options, std::ostream& out, std::ostream& err);

struct CrawlCommandOptions {
  std::string db;      // --db: database directory (state and articles)
  std::string config;  // --config: TOML file with the keys below
  std::vector<std::string> seed, feed, sitemap, allow_host, include, exclude, resolve;
  size_t max_pages = 100000;
  size_t max_pages_per_host = 0;
  int max_depth = 5;
  int delay_ms = 1000;
  int max_crawl_delay_ms = 30000;
  int concurrency = 32;
  int per_host_connections = 1;
  std::string user_agent;  // "" = crawler::DefaultUserAgent()
  std::string ca_file;     // PEM certificates to trust for https (--ca-file)
  bool allow_private = false;
  bool ignore_robots = false;  // only for hosts you own (tests, benchmarks)
  std::string warc;            // --warc DIR
  std::string url_log;         // --url-log FILE
  std::string report;          // --report FILE: the JSON run report
  std::string aliases;         // watchlist TOML applied while extracting
  std::string since;           // skip feed/sitemap entries published before YYYY-MM-DD
  bool no_extract = false;     // fetch and follow links only (with --warc: archive)
  long timeout_ms = 60000;
  long connect_timeout_ms = 10000;
  size_t max_body_bytes = size_t{16} << 20;
  int max_retries = 3;
  int retry_base_ms = 1000;  // first back-off; doubled per attempt, with jitter
  unsigned jobs = 0;         // page-handling threads, 0 = one per core
  bool progress = false;     // forced progress line (default: when stderr is a terminal)
};

// `byline crawl`: fetches, extracts and stores. `given` names the flags set on the command
// line (they win over the config file). Returns 0 when the run completed, 1 when nothing
// could be fetched, 2 for bad options or a database it cannot open, 3 when storing failed,
// 130 when interrupted (the next run resumes).
int RunCrawl(CrawlCommandOptions options, const std::set<std::string>& given, std::ostream& out,
             std::ostream& err);

// `byline check`: counters against mentions, mentions against articles. 0 when consistent.
int RunCheck(const std::string& db, std::ostream& out, std::ostream& err);

}  // namespace byline::pipelines

#endif  // BYLINE_PIPELINES_PIPELINES_H_
