// The crawl: one thread drives libcurl's multi interface and owns every piece of crawl state
// (hosts, queues, the seen set, the state store); worker threads parse pages and feeds and
// post their results back to it. Nothing else touches the state, so it needs no locks.
#ifndef BYLINE_CRAWLER_CRAWL_LOOP_H_
#define BYLINE_CRAWLER_CRAWL_LOOP_H_

#include <curl/curl.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "crawler/crawl_state.h"
#include "crawler/crawler.h"
#include "crawler/feeds.h"
#include "crawler/robots.h"
#include "crawler/scope.h"
#include "crawler/transfer.h"
#include "crawler/url.h"
#include "crawler/warc.h"
#include "crawler/worker_pool.h"

namespace byline::crawler::internal {

class CrawlLoop {
 public:
  CrawlLoop(const CrawlOptions& options, PageHandler* handler, StateStore* state);
  ~CrawlLoop();
  Result<CrawlSummary> Run();

 private:
  enum class RobotsStatus { kUnknown, kFetching, kReady };
  struct Host {
    std::string key;  // scheme://host:port
    std::deque<Item> queue;
    std::vector<Item> retries;  // waiting for their back-off
    int active = 0;
    int64_t next_ms = 0;  // earliest start of the next request (politeness)
    RobotsStatus robots_status = RobotsStatus::kUnknown;
    RobotsRules robots = RobotsRules::AllowAll();
    std::string robots_note;  // why the rules are what they are, for disallowed reasons
    int delay_ms = 0;
    int consecutive_failures = 0;
    bool paused = false;
    size_t pages = 0;
    HostSummary summary;
  };

  Status Init();
  Status LoadRun();
  Status AddStarts();
  // A URL found in a page, feed, sitemap, redirect or the options. Resolves and canonicalises
  // it, drops what this run has seen, checks scope, queues it and adds its frontier record
  // to `batch`. Returns whether it was queued.
  bool Discover(std::string_view raw, std::string_view base, int depth, UrlKind kind,
                int64_t published_unix, StateBatch* batch, std::vector<std::string> redirects = {});
  void Queue(Item item);

  void Dispatch(int64_t now);
  size_t Backlog() const;
  bool PopDue(Host& host, int64_t now, Item* out);
  bool MayStart(const Item& item) const;
  void StartRobots(Host& host, int64_t now);
  void Start(Host& host, Item item, int64_t now);
  void Launch(Host& host, std::unique_ptr<Transfer> t, int64_t now);  // bookkeeping, then curl
  void ApplyCrawlDelay(Host& host);
  void Reap();
  void OnRobotsDone(std::unique_ptr<Transfer> t, CURLcode code);
  void OnDone(std::unique_ptr<Transfer> t, CURLcode code);
  void OnRedirect(Transfer& t);
  void Retry(Host& host, Item item, int status, const std::string& reason,
             const std::string& retry_after);
  void HandOff(std::unique_ptr<Transfer> t, bool xml);
  void OnPageResult(Item item, const Response& meta, uint64_t body_hash, PageResult result);
  void OnXmlResult(Item item, const Response& meta, XmlDiscovery found);
  void Warc(const Transfer& t);
  void WriteWarc(WarcExchange* ex, std::string_view body);

  // Records a URL's final state for this run: frontier entry removed, URL record written,
  // URL log line, summary count. `batch` is written by the caller (or now, when null).
  void Finish(const Item& item, CrawlState state, int status, const std::string& reason,
              StateBatch* batch, const Response* response = nullptr);
  void LogUrl(const std::string& url, CrawlState state, int status, const std::string& reason,
              int depth, UrlKind kind);
  // Queues a state write behind the groups already queued (see FlushGroup).
  void Write(const StateBatch& batch);
  // Runs `write` on the writer thread, after every write submitted before it; waits while
  // kMaxQueuedWrites are queued. A failure is kept and ends the crawl (WriteFailed).
  void SubmitWrite(std::function<Status()> write);
  void WaitForWrites();  // until every submitted write has run
  // True once a write failed; the first time, its error goes into the summary.
  bool WriteFailed();
  // Pages waiting to be stored together (see PageHandler::CommitGroup), with or without an
  // article, and their crawl state. Every other state write flushes them first, and the
  // writer thread runs writes in submission order, so state is written in the order it was
  // decided while the loop goes on fetching.
  void FlushGroup();
  void Post(std::function<void()> fn);  // from workers: run on the loop thread
  void RunPosted();
  void Progress(int64_t now, bool final);
  bool HasWork() const;
  size_t Remaining() const;
  Host& HostFor(const std::string& key);

  const CrawlOptions& options_;
  PageHandler* handler_;
  StateStore* state_;
  std::optional<Scope> scope_;
  CURLM* multi_ = nullptr;
  std::map<std::string, Host> hosts_;
  std::unordered_set<Transfer*> in_flight_;           // added to multi_, owned here
  std::unordered_set<uint64_t> seen_;                 // URL hashes handled or queued this run
  std::unordered_map<uint64_t, std::string> bodies_;  // body hash -> URL, this run
  std::unordered_set<uint64_t> fetched_;              // URL hashes fetched this run
  RunRecord run_;
  int64_t started_ms_ = 0, last_progress_ms_ = 0;
  size_t active_ = 0, jobs_ = 0, pages_started_ = 0;
  std::unique_ptr<WarcWriter> warc_;
  std::mutex warc_errors_mu_;
  std::vector<std::string> warc_errors_;  // from workers, guarded by warc_errors_mu_
  std::ofstream url_log_;
  std::mutex posted_mu_;
  std::vector<std::function<void()>> posted_;
  std::mutex writes_mu_;
  std::condition_variable writes_cv_;
  size_t writes_queued_ = 0;  // guarded by writes_mu_
  std::string write_error_;   // guarded by writes_mu_; the first failure
  bool write_error_reported_ = false;
  std::unique_ptr<WorkerPool> writer_;   // one thread: the store's writes, in order
  std::unique_ptr<WorkerPool> workers_;  // declared last: joined first on destruction
  unsigned worker_count_ = 1;
  CrawlSummary summary_;
  std::vector<PageResult> group_;
  StateBatch group_batch_;
  std::string group_log_;  // their URL-log lines, written once they are stored
  int64_t group_since_ms_ = 0;
  bool defer_log_ = false;
  bool fatal_ = false;
};

}  // namespace byline::crawler::internal

#endif  // BYLINE_CRAWLER_CRAWL_LOOP_H_
