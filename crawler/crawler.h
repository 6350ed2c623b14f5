// crawler: polite, incremental, resumable fetching of news sites with libcurl's multi
// interface (issue 5). One event loop fetches; worker threads hand each page to a PageHandler
// that pipelines fills (extraction, link finding, the store). The crawler knows nothing of
// extraction or the mention index: it sees links and a commit function. Its own state
// (frontier, URL states, validators, robots cache) goes through a StateStore, which pipelines
// implements over the store's `crawl` column family.
//
// Every URL the crawler considers ends in a recorded state (CrawlState) with a reason: in the
// state store for pages on allowed hosts, and in the URL log (--url-log) for everything.
#ifndef BYLINE_CRAWLER_CRAWLER_H_
#define BYLINE_CRAWLER_CRAWLER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace byline::crawler {

// The User-Agent sent by default: a product token robots.txt groups can name ("byline"),
// a version and a contact URL.
std::string DefaultUserAgent();

struct CrawlOptions {
  // Where to start. Seeds are HTML pages (home or section pages); feeds are RSS/Atom;
  // sitemaps are XML sitemaps or sitemap indexes (gzipped or not).
  std::vector<std::string> seeds, feeds, sitemaps;

  // Scope. Hosts ("example.com" or "*.example.com"); empty = the hosts of the start URLs.
  std::vector<std::string> allowed_hosts;
  std::vector<std::string> include_patterns, exclude_patterns;  // RE2 over canonical URLs
  int max_depth = 5;              // links from a start URL are depth 1
  size_t max_pages = 100000;      // page fetches this run (robots, feeds and sitemaps not counted)
  size_t max_pages_per_host = 0;  // 0 = no limit
  // Skip sitemap and feed entries published before this time (nightly runs). 0 = keep all.
  int64_t skip_published_before_unix = 0;

  // Politeness.
  std::string user_agent = DefaultUserAgent();
  std::string robots_product = "byline";  // the token robots.txt groups are matched against
  int delay_ms = 1000;                    // between request starts on one host
  int max_crawl_delay_ms = 30000;         // robots.txt Crawl-delay is honoured up to this
  int per_host_connections = 1;
  int concurrency = 32;  // transfers in flight over all hosts
  bool obey_robots = true;

  // Network.
  std::vector<std::string> resolve;  // "HOST:PORT:ADDRESS", as curl's --resolve
  bool allow_private = false;        // lift the address policy (loopback, private, link-local)
  std::string ca_file;               // PEM certificates to trust for https, beside the system's
  long connect_timeout_ms = 10000;
  long timeout_ms = 60000;                   // whole transfer
  long low_speed_bytes = 1024;               // slower than this ...
  long low_speed_seconds = 15;               // ... for this long aborts the transfer
  size_t max_body_bytes = size_t{16} << 20;  // after decompression
  int max_redirects = 5;
  int max_retries = 3;          // for timeouts, 5xx and 429
  int backoff_base_ms = 1000;   // doubled per attempt, with jitter
  int max_retry_after_s = 600;  // a longer Retry-After gives the URL up for this run
  int host_failure_limit = 8;   // consecutive failures that pause a host for the run

  // Outputs.
  std::string warc_dir;   // write WARC/1.1 records here when set
  std::string url_log;    // one JSON line per URL tried, when set
  bool progress = false;  // a progress line on stderr
  unsigned workers = 0;   // threads for page handling, 0 = one per core
};

// What a URL came to. Stored and logged by name (CrawlStateName); do not renumber.
enum class CrawlState : uint8_t {
  kQueued = 0,
  kFetched = 1,     // 200, handed to the page handler
  kUnchanged = 2,   // 304 to a conditional request
  kRedirected = 3,  // followed to another URL (recorded there)
  kDisallowed = 4,  // robots.txt
  kOutOfScope = 5,  // host, pattern, depth, trap or per-host limit
  kTooLarge = 6,    // body over max_body_bytes (after decompression)
  kFailed = 7,      // with a reason: status, timeout, address policy, ...
  kDuplicate = 8,   // same body or canonical URL as another page
  kSkipped = 9,     // not HTML/XML, older than the cut-off, page limit reached
};
const char* CrawlStateName(CrawlState state);

// The charset parameter of a Content-Type value ("text/html; charset=\"utf-8\"" -> "utf-8"),
// "" when there is none.
std::string CharsetOfContentType(std::string_view content_type);

// A fetched page, as the page handler sees it.
struct FetchedPage {
  std::string url;                     // the URL requested (canonical)
  std::vector<std::string> redirects;  // URLs that redirected here, first first
  int status = 0;
  std::string content_type, charset, etag, last_modified;
  std::string body;  // decoded (Content-Encoding undone)
  int64_t fetched_unix_ms = 0;
  int depth = 0;
  // When a feed or sitemap gave one: the entry's publication time.
  std::optional<int64_t> published_unix;
};

// What the crawler writes to its state store, atomically.
struct StateBatch {
  std::vector<std::pair<std::string, std::string>> puts;
  std::vector<std::string> deletes;
};

// What the handler made of a page.
struct PageResult {
  std::string base;                // <base href>, "" = the page's URL
  std::string canonical;           // rel=canonical as written, "" = none
  std::vector<std::string> links;  // hrefs as written
  std::vector<std::string> feeds;  // rel=alternate feeds
  bool nofollow = false;           // meta robots nofollow: links are not followed
  std::string error;               // when the page could not be handled (recorded; crawl goes on)
  // Stores what the handler kept (the article) together with the crawler's batch in one
  // atomic write. Empty = nothing to store: the crawler writes its batch alone. Called on the
  // crawler's thread.
  std::function<Status(const StateBatch&)> commit;
  // What the handler kept for CommitGroup (the article record), opaque to the crawler.
  std::shared_ptr<const void> payload;
};

class PageHandler {
 public:
  virtual ~PageHandler() = default;
  // Called for every 200 HTML page, concurrently from worker threads.
  virtual PageResult Process(const FetchedPage& page) = 0;
  // Stores the results of several pages (each with a commit) and the crawler's batch, on
  // the crawler's thread. The crawler groups pages because one write for many articles costs
  // far less than one each. Override to write them atomically; the default commits them one
  // by one with the batch going last, so no URL is finished before its article is stored.
  virtual Status CommitGroup(std::vector<PageResult>* results, const StateBatch& batch);
};

class StateStore {
 public:
  virtual ~StateStore() = default;
  virtual Result<std::optional<std::string>> Get(const std::string& key) = 0;
  virtual Status Scan(const std::string& prefix,
                      const std::function<bool(const std::string&, const std::string&)>& fn) = 0;
  virtual Status Write(const StateBatch& batch) = 0;
};

struct HostSummary {
  uint64_t requests = 0, bytes = 0, failures = 0;
  double first_request_s = 0, last_request_s = 0;  // since the run started
  int delay_ms = 0;                                // the delay applied
};

struct CrawlSummary {
  std::map<std::string, uint64_t> states;  // state name -> URLs
  uint64_t requests = 0, bytes = 0, pages_handled = 0, handler_errors = 0;
  double seconds = 0;
  bool resumed = false;      // continued an interrupted run
  bool interrupted = false;  // stopped by a signal before the frontier was empty
  size_t frontier_left = 0;  // URLs left for the next run
  std::map<std::string, HostSummary> hosts;
  std::vector<std::string> errors;  // run-level problems (state store, WARC)
};

// Stops a running Crawl from another thread or a signal handler (async-signal-safe).
void RequestStop();

// Runs a crawl to the end of its frontier (or max_pages, or RequestStop). Returns kInvalidInput
// for bad options (no start URL, a bad pattern or --resolve entry) and kIo when the state store
// fails; per-URL problems are states, not errors.
Result<CrawlSummary> Crawl(const CrawlOptions& options, PageHandler* handler, StateStore* state);

}  // namespace byline::crawler

#endif  // BYLINE_CRAWLER_CRAWLER_H_
