// `byline crawl`: the crawler, with extract and the store behind its two interfaces. Pages
// are extracted on the crawler's worker threads; each article is written in one batch with
// the crawler's "this URL is done", so a crash loses nothing and counts nothing twice.
#include <unistd.h>

#include <csignal>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>

#include "crawler/crawler.h"
#include "extract/extract.h"
#include "pipelines/aliases_file.h"
#include "pipelines/article_record.h"
#include "pipelines/crawl_config.h"
#include "pipelines/pipelines.h"
#include "store/store.h"

namespace byline::pipelines {
namespace {

store::CrawlWrite ToCrawlWrite(const crawler::StateBatch& batch) {
  store::CrawlWrite w;
  w.puts = batch.puts;
  w.deletes = batch.deletes;
  return w;
}

// The crawler's state lives in the store's `crawl` column family.
class StoreState : public crawler::StateStore {
 public:
  explicit StoreState(store::Store* db) : db_(db) {}
  Result<std::optional<std::string>> Get(const std::string& key) override {
    return db_->GetCrawl(key);
  }
  Status Scan(const std::string& prefix,
              const std::function<bool(const std::string&, const std::string&)>& fn) override {
    return db_->ScanCrawl(prefix, fn);
  }
  Status Write(const crawler::StateBatch& batch) override {
    return db_->WriteCrawl(ToCrawlWrite(batch));
  }

 private:
  store::Store* db_;
};

std::string IsoFromUnix(int64_t secs) {
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// An index page (home, section, tag) is crawled for its links but is not an article: it has
// no publication date of its own and little text of its own.
bool LooksLikeArticle(const extract::Article& a, const crawler::FetchedPage& page) {
  if (a.text.size() < 400) return false;
  return a.published.has_value() || page.published_unix.has_value() || a.text.size() >= 2000;
}

class ExtractHandler : public crawler::PageHandler {
 public:
  ExtractHandler(store::Store* db, const extract::Aliases* aliases, bool extract, size_t max_bytes)
      : db_(db), aliases_(aliases), extract_(extract), max_bytes_(max_bytes) {}

  crawler::PageResult Process(const crawler::FetchedPage& page) override {
    crawler::PageResult out;
    extract::ExtractOptions eo;
    eo.url = page.url;
    eo.http_charset = page.charset;
    eo.aliases = aliases_;
    eo.max_input_bytes = max_bytes_;
    if (!extract_) {
      Result<extract::PageLinks> links = extract::FindLinks(page.body, eo);
      if (!links.ok()) {
        out.error = links.status().message();
        return out;
      }
      Fill(*links, &out);
      return out;
    }
    Result<extract::Article> a = extract::ExtractHtml(page.body, eo);
    if (!a.ok()) {
      out.error = a.status().message();
      return out;
    }
    Fill(a->links, &out);
    if (a->links.noindex || !LooksLikeArticle(*a, page)) return out;
    const std::string fetched = page.published_unix && !a->published
                                    ? IsoFromUnix(*page.published_unix)
                                    : IsoFromUnix(page.fetched_unix_ms / 1000);
    auto record = std::make_shared<store::ArticleRecord>(ToRecord(*a, page.url, fetched));
    store::Store* db = db_;
    out.commit = [db, record](const crawler::StateBatch& batch) {
      return db->PutArticle(*record, ToCrawlWrite(batch));
    };
    out.payload = record;
    return out;
  }

  // Several articles and the crawler's state in one atomic batch.
  Status CommitGroup(std::vector<crawler::PageResult>* results,
                     const crawler::StateBatch& batch) override {
    std::vector<const store::ArticleRecord*> records;
    records.reserve(results->size());
    for (const crawler::PageResult& r : *results) {
      records.push_back(static_cast<const store::ArticleRecord*>(r.payload.get()));
    }
    return db_->PutArticles(std::span<const store::ArticleRecord* const>(records),
                            ToCrawlWrite(batch));
  }

 private:
  static void Fill(const extract::PageLinks& links, crawler::PageResult* out) {
    out->base = links.base;
    out->canonical = links.canonical;
    out->links = links.links;
    out->feeds = links.feeds;
    out->nofollow = links.nofollow;
  }

  store::Store* db_;
  const extract::Aliases* aliases_;
  bool extract_;
  size_t max_bytes_;
};

void OnSignal(int) { crawler::RequestStop(); }

Result<int64_t> ParseDay(const std::string& day) {
  std::tm tm{};
  const char* end = strptime(day.c_str(), "%Y-%m-%d", &tm);
  if (end == nullptr || *end != '\0') {
    return Status::InvalidInput("bad --since date '" + day + "': expected YYYY-MM-DD");
  }
  return static_cast<int64_t>(timegm(&tm));
}

nlohmann::json Report(const crawler::CrawlSummary& s, const crawler::CrawlOptions& o) {
  nlohmann::json j;
  j["seconds"] = s.seconds;
  j["requests"] = s.requests;
  j["bytes"] = s.bytes;
  j["pages_handled"] = s.pages_handled;
  j["handler_errors"] = s.handler_errors;
  j["requests_per_second"] = s.seconds > 0 ? s.requests / s.seconds : 0.0;
  j["resumed"] = s.resumed;
  j["interrupted"] = s.interrupted;
  j["frontier_left"] = s.frontier_left;
  j["states"] = s.states;
  j["errors"] = s.errors;
  j["user_agent"] = o.user_agent;
  nlohmann::json hosts = nlohmann::json::object();
  for (const auto& [key, h] : s.hosts) {
    double span = h.last_request_s - h.first_request_s;
    hosts[key] = {{"requests", h.requests},
                  {"bytes", h.bytes},
                  {"failures", h.failures},
                  {"delay_ms", h.delay_ms},
                  {"requests_per_second", span > 0 ? (h.requests - 1) / span : 0.0}};
  }
  j["hosts"] = hosts;
  return j;
}

}  // namespace

int RunCrawl(CrawlCommandOptions options, const std::set<std::string>& given, std::ostream& out,
             std::ostream& err) {
  if (!options.config.empty()) {
    Status s = LoadCrawlConfig(options.config, given, &options);
    if (!s.ok()) {
      err << "byline crawl: " << s.message() << "\n";
      return 2;
    }
  }
  if (options.db.empty()) {
    err << "byline crawl: --db is required (or 'db' in the config)\n";
    return 2;
  }
  crawler::CrawlOptions co;
  co.seeds = options.seed;
  co.feeds = options.feed;
  co.sitemaps = options.sitemap;
  co.allowed_hosts = options.allow_host;
  co.include_patterns = options.include;
  co.exclude_patterns = options.exclude;
  co.resolve = options.resolve;
  co.max_pages = options.max_pages;
  co.max_pages_per_host = options.max_pages_per_host;
  co.max_depth = options.max_depth;
  co.delay_ms = options.delay_ms;
  co.max_crawl_delay_ms = options.max_crawl_delay_ms;
  co.concurrency = std::max(1, options.concurrency);
  co.per_host_connections = std::max(1, options.per_host_connections);
  if (!options.user_agent.empty()) co.user_agent = options.user_agent;
  co.ca_file = options.ca_file;
  co.allow_private = options.allow_private;
  co.obey_robots = !options.ignore_robots;
  co.warc_dir = options.warc;
  co.url_log = options.url_log;
  co.timeout_ms = options.timeout_ms;
  co.connect_timeout_ms = options.connect_timeout_ms;
  co.max_body_bytes = options.max_body_bytes;
  co.max_retries = options.max_retries;
  co.backoff_base_ms = std::max(1, options.retry_base_ms);
  co.workers = options.jobs;
  co.progress = options.progress || isatty(STDERR_FILENO);
  if (!options.since.empty()) {
    Result<int64_t> since = ParseDay(options.since);
    if (!since.ok()) {
      err << "byline crawl: " << since.status().message() << "\n";
      return 2;
    }
    co.skip_published_before_unix = *since;
  }

  extract::Aliases aliases;
  if (!options.aliases.empty()) {
    Result<extract::Aliases> loaded = LoadAliases(options.aliases);
    if (!loaded.ok()) {
      err << "byline crawl: " << loaded.status().message() << "\n";
      return 2;
    }
    aliases = std::move(*loaded);
  }
  Result<std::unique_ptr<store::Store>> db = store::Store::Open(options.db, {});
  if (!db.ok()) {
    err << "byline crawl: " << db.status().message() << "\n";
    return 2;
  }
  StoreState state(db->get());
  ExtractHandler handler(db->get(), options.aliases.empty() ? nullptr : &aliases,
                         !options.no_extract, co.max_body_bytes);

  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  struct sigaction old_int {
  }, old_term{};
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  Result<crawler::CrawlSummary> summary = crawler::Crawl(co, &handler, &state);
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  if (!summary.ok()) {
    err << "byline crawl: " << summary.status().message() << "\n";
    return summary.status().code() == Status::Code::kInvalidInput ? 2 : 3;
  }
  const crawler::CrawlSummary& s = *summary;
  nlohmann::json report = Report(s, co);
  if (!options.report.empty()) {
    std::ofstream f(options.report, std::ios::trunc);
    f << report.dump(2) << "\n";
    if (!f) err << "byline crawl: cannot write the report " << options.report << "\n";
  }
  out << "crawled in " << static_cast<int>(s.seconds * 10) / 10.0 << " s: " << s.requests
      << " requests";
  for (const auto& [state_name, n] : s.states) out << ", " << n << " " << state_name;
  out << "; " << s.frontier_left << " left for the next run\n";
  for (const std::string& e : s.errors) err << "byline crawl: " << e << "\n";
  if (s.interrupted) return 130;
  uint64_t got = 0;
  for (const char* k : {"fetched", "unchanged", "duplicate"}) {
    auto it = s.states.find(k);
    if (it != s.states.end()) got += it->second;
  }
  return got == 0 ? 1 : 0;
}

}  // namespace byline::pipelines
