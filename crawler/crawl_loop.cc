#include "crawler/crawl_loop.h"

#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

namespace byline::crawler::internal {

extern std::atomic<bool> g_stop_requested;

namespace {

constexpr int64_t kRobotsTtlMs = 24LL * 3600 * 1000;
// Pages stored in one write at most, and how long a page may wait to be stored. Bigger
// groups make the store's memtable inserts denser and cheaper: on 5,051 real pages the full
// crawl took 10.02 CPU s per 1,000 pages with 32 pages / 100 ms, 9.16 with 256 / 1 s and 9.12
// with 1,024 / 2 s (bench/crawl_bench.py; 8.49 for extraction alone). A kill loses at most
// two seconds of pages, fetched again on resume.
constexpr size_t kGroupPages = 1024;
constexpr int64_t kGroupMaxMs = 2000;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

uint64_t Hash(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

bool LooksLikeXml(const Response& r, UrlKind kind) {
  const std::string& ct = r.content_type;
  if (ct.find("xml") != std::string::npos || ct.find("rss") != std::string::npos ||
      ct.find("atom") != std::string::npos) {
    return true;
  }
  if (kind == UrlKind::kFeed || kind == UrlKind::kSitemap) return true;  // gzip, text/plain
  std::string_view head(r.body.data(), std::min<size_t>(r.body.size(), 256));
  size_t i = head.find_first_not_of(" \t\r\n\xef\xbb\xbf");
  if (i == std::string_view::npos) return false;
  head.remove_prefix(i);
  return head.starts_with("<?xml") || head.starts_with("<rss") || head.starts_with("<feed") ||
         head.starts_with("<urlset") || head.starts_with("<sitemapindex");
}

bool LooksLikeHtml(const Response& r) {
  const std::string& ct = r.content_type;
  if (ct.find("html") != std::string::npos) return true;
  if (!ct.empty() && ct.find("text/plain") == std::string::npos) return false;
  std::string_view head(r.body.data(), std::min<size_t>(r.body.size(), 1024));
  return head.find("<html") != std::string_view::npos ||
         head.find("<HTML") != std::string_view::npos ||
         head.find("<!DOCTYPE") != std::string_view::npos ||
         head.find("<!doctype") != std::string_view::npos;
}

// Retry-After is seconds or an HTTP date; -1 when absent or unreadable.
int64_t RetryAfterSeconds(const std::string& value) {
  if (value.empty()) return -1;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return value.size() > 9 ? INT32_MAX : std::stoll(value);
  }
  time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return -1;
  return std::max<int64_t>(0, when - NowMs() / 1000);
}

std::string PathAndQuery(const std::string& url) {
  Result<UrlParts> parts = SplitUrl(url);
  return parts.ok() ? parts->path_and_query : "/";
}

}  // namespace

CrawlLoop::CrawlLoop(const CrawlOptions& options, PageHandler* handler, StateStore* state)
    : options_(options), handler_(handler), state_(state) {}

CrawlLoop::~CrawlLoop() {
  workers_.reset();
  writer_.reset();  // runs what is queued: the writes post to nobody once the loop is gone
  if (multi_) curl_multi_cleanup(multi_);
}

Status CrawlLoop::Init() {
  if (options_.seeds.empty() && options_.feeds.empty() && options_.sitemaps.empty()) {
    return Status::InvalidInput("nothing to crawl: give a seed, feed or sitemap URL");
  }
  for (const std::string& r : options_.resolve) {
    // HOST:PORT:ADDRESS, as curl's --resolve.
    size_t a = r.find(':');
    size_t b = a == std::string::npos ? a : r.find(':', a + 1);
    if (a == 0 || b == std::string::npos || b == a + 1 || b + 1 >= r.size()) {
      return Status::InvalidInput("bad --resolve entry '" + r + "': expected HOST:PORT:ADDRESS");
    }
  }
  ScopeOptions so;
  so.allowed_hosts = options_.allowed_hosts;
  if (so.allowed_hosts.empty()) {
    for (const auto* list : {&options_.seeds, &options_.feeds, &options_.sitemaps}) {
      for (const std::string& u : *list) {
        Result<std::string> c = CanonicalizeUrl(u);
        if (!c.ok())
          return Status::InvalidInput("bad start URL '" + u + "': " + c.status().message());
        Result<UrlParts> p = SplitUrl(*c);
        if (p.ok()) so.allowed_hosts.push_back(p->host);
      }
    }
  }
  so.include_patterns = options_.include_patterns;
  so.exclude_patterns = options_.exclude_patterns;
  so.max_depth = options_.max_depth;
  Result<Scope> scope = Scope::Create(so);
  if (!scope.ok()) return scope.status();
  scope_.emplace(std::move(*scope));

  multi_ = curl_multi_init();
  if (!multi_) return Status::Internal("curl_multi_init failed");
  curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                    static_cast<long>(options_.concurrency));
  curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS,
                    static_cast<long>(std::max(1, options_.per_host_connections)));

  if (!options_.warc_dir.empty()) {
    Result<std::unique_ptr<WarcWriter>> w = WarcWriter::Open(options_.warc_dir, "byline");
    if (!w.ok()) return w.status();
    warc_ = std::move(*w);
  }
  if (!options_.url_log.empty()) {
    url_log_.open(options_.url_log, std::ios::app);
    if (!url_log_) return Status::Io("cannot open the URL log " + options_.url_log);
  }
  worker_count_ =
      options_.workers ? options_.workers : std::max(1u, std::thread::hardware_concurrency());
  workers_ = std::make_unique<WorkerPool>(worker_count_);
  writer_ = std::make_unique<WorkerPool>(1);
  return Status::Ok();
}

// A run that did not end ("running") is resumed: its frontier is reloaded and what it
// finished is not fetched again. Otherwise a new run starts from the start URLs, and URLs
// left in the frontier by an earlier run (page limit, paused hosts) are kept.
Status CrawlLoop::LoadRun() {
  Result<std::optional<std::string>> raw = state_->Get(kRunKey);
  if (!raw.ok()) return raw.status();
  std::optional<RunRecord> previous;
  if (raw->has_value()) previous = DecodeRun(**raw);
  if (previous && previous->running) {
    run_ = *previous;
    summary_.resumed = true;
  } else {
    run_.id = previous ? previous->id + 1 : 1;
    run_.running = true;
    run_.started_ms = NowMs();
    StateBatch b;
    b.puts.emplace_back(kRunKey, EncodeRun(run_));
    Status s = state_->Write(b);
    if (!s.ok()) return s;
  }
  if (summary_.resumed) {
    Status s = state_->Scan("u/", [&](const std::string& key, const std::string& value) {
      std::optional<UrlRecord> r = DecodeUrlRecord(value);
      if (r && r->run == run_.id) {
        std::string url = key.substr(2);
        seen_.insert(Hash(url));
        if (r->state == CrawlState::kFetched || r->state == CrawlState::kUnchanged) {
          fetched_.insert(Hash(url));
        }
      }
      return true;
    });
    if (!s.ok()) return s;
  }
  std::vector<Item> pending;
  Status s = state_->Scan("f/", [&](const std::string& key, const std::string& value) {
    std::optional<FrontierRecord> r = DecodeFrontier(value);
    if (!r) return true;
    Item item;
    item.url = key.substr(2);
    item.depth = r->depth;
    item.kind = r->kind;
    item.published_unix = r->published_unix;
    pending.push_back(std::move(item));
    return true;
  });
  if (!s.ok()) return s;
  for (Item& item : pending) {
    if (!seen_.insert(Hash(item.url)).second) continue;
    Queue(std::move(item));
  }
  return Status::Ok();
}

Status CrawlLoop::AddStarts() {
  StateBatch batch;
  for (const std::string& u : options_.seeds) Discover(u, "", 0, UrlKind::kPage, 0, &batch);
  for (const std::string& u : options_.feeds) Discover(u, "", 0, UrlKind::kFeed, 0, &batch);
  for (const std::string& u : options_.sitemaps) Discover(u, "", 0, UrlKind::kSitemap, 0, &batch);
  return state_->Write(batch);
}

bool CrawlLoop::Discover(std::string_view raw, std::string_view base, int depth, UrlKind kind,
                         int64_t published_unix, StateBatch* batch,
                         std::vector<std::string> redirects) {
  Result<std::string> url = CanonicalizeUrl(raw, base);
  if (!url.ok()) return false;  // javascript:, mailto:, garbage: not URLs we could fetch
  if (!seen_.insert(Hash(*url)).second) return false;
  Result<UrlParts> parts = SplitUrl(*url);
  if (!parts.ok()) return false;
  ScopeVerdict verdict = scope_->Check(*parts, *url, depth);
  if (verdict != ScopeVerdict::kInScope) {
    LogUrl(*url, CrawlState::kOutOfScope, 0, ScopeVerdictName(verdict), depth, kind);
    return false;
  }
  if (options_.skip_published_before_unix > 0 && published_unix > 0 &&
      published_unix < options_.skip_published_before_unix) {
    LogUrl(*url, CrawlState::kSkipped, 0, "published before the cut-off", depth, kind);
    return false;
  }
  FrontierRecord fr{depth, kind, published_unix};
  batch->puts.emplace_back(FrontierKey(*url), EncodeFrontier(fr));
  Item item;
  item.url = *url;
  item.depth = depth;
  item.kind = kind;
  item.published_unix = published_unix;
  item.redirects = std::move(redirects);
  Queue(std::move(item));
  return true;
}

void CrawlLoop::Queue(Item item) {
  Result<UrlParts> parts = SplitUrl(item.url);
  if (!parts.ok()) return;
  Host& host = HostFor(parts->scheme + "://" + HostKey(*parts));
  // Start URLs, feeds and sitemaps go first: they are how the rest is found.
  if (item.kind != UrlKind::kPage) {
    host.queue.push_front(std::move(item));
  } else {
    host.queue.push_back(std::move(item));
  }
}

CrawlLoop::Host& CrawlLoop::HostFor(const std::string& key) {
  auto [it, inserted] = hosts_.try_emplace(key);
  if (inserted) {
    it->second.key = key;
    it->second.delay_ms = options_.delay_ms;
    it->second.summary.delay_ms = options_.delay_ms;
  }
  return it->second;
}

bool CrawlLoop::PopDue(Host& host, int64_t now, Item* out) {
  for (size_t i = 0; i < host.retries.size(); ++i) {
    if (host.retries[i].not_before_ms <= now) {
      *out = std::move(host.retries[i]);
      host.retries.erase(host.retries.begin() + static_cast<long>(i));
      return true;
    }
  }
  if (host.queue.empty() || !MayStart(host.queue.front())) return false;
  *out = std::move(host.queue.front());
  host.queue.pop_front();
  return true;
}

// Pages stop at the page limit; feeds, sitemaps and robots.txt do not count.
bool CrawlLoop::MayStart(const Item& item) const {
  return item.kind != UrlKind::kPage || pages_started_ < options_.max_pages;
}

// Hold back while workers are behind: fetched bodies wait in memory until handled.
size_t CrawlLoop::Backlog() const { return static_cast<size_t>(worker_count_) * 4 + 8; }

void CrawlLoop::Dispatch(int64_t now) {
  const size_t backlog = Backlog();
  for (auto& [key, host] : hosts_) {
    if (host.paused) continue;
    while (active_ < static_cast<size_t>(options_.concurrency) && jobs_ < backlog &&
           host.active < std::max(1, options_.per_host_connections) && now >= host.next_ms &&
           !g_stop_requested.load()) {
      if (host.queue.empty() && host.retries.empty()) break;
      if (options_.obey_robots && host.robots_status == RobotsStatus::kUnknown) {
        StartRobots(host, now);
        break;
      }
      if (host.robots_status == RobotsStatus::kFetching) break;
      Item item;
      if (!PopDue(host, now, &item)) break;
      if (options_.obey_robots && !host.robots.Allowed(PathAndQuery(item.url))) {
        StateBatch batch;
        Finish(item, CrawlState::kDisallowed, 0,
               host.robots_note.empty() ? "robots.txt" : host.robots_note, &batch);
        Write(batch);
        continue;
      }
      if (item.kind == UrlKind::kPage && options_.max_pages_per_host > 0 &&
          host.pages >= options_.max_pages_per_host) {
        StateBatch batch;
        Finish(item, CrawlState::kSkipped, 0, "per-host page limit reached", &batch);
        Write(batch);
        continue;
      }
      Start(host, std::move(item), now);
    }
  }
}

void CrawlLoop::StartRobots(Host& host, int64_t now) {
  Result<std::optional<std::string>> cached = state_->Get(RobotsKey(host.key));
  if (cached.ok() && cached->has_value()) {
    std::optional<RobotsRecord> rec = DecodeRobots(**cached);
    if (rec && now - rec->fetched_ms < kRobotsTtlMs) {
      std::optional<RobotsRules> rules = RobotsRules::Deserialize(rec->rules);
      if (rules) {
        host.robots = std::move(*rules);
        host.robots_status = RobotsStatus::kReady;
        host.robots_note = "robots.txt (cached)";
        ApplyCrawlDelay(host);
        return;
      }
    }
  }
  Item item;
  item.url = host.key + "/robots.txt";
  item.kind = UrlKind::kRobots;
  host.robots_status = RobotsStatus::kFetching;
  auto t = std::make_unique<Transfer>(std::move(item), options_, "", "", warc_ != nullptr);
  // robots.txt redirects are followed by curl (RFC 9309: at least five hops); each hop
  // still opens its socket through the address policy.
  curl_easy_setopt(t->easy(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(t->easy(), CURLOPT_MAXREDIRS, 5L);
  Launch(host, std::move(t), now);
}

void CrawlLoop::Start(Host& host, Item item, int64_t now) {
  std::string etag, last_modified;
  Result<std::optional<std::string>> prev = state_->Get(UrlKey(item.url));
  if (prev.ok() && prev->has_value()) {
    if (std::optional<UrlRecord> r = DecodeUrlRecord(**prev)) {
      if (r->state == CrawlState::kFetched || r->state == CrawlState::kUnchanged) {
        etag = r->etag;
        last_modified = r->last_modified;
      }
    }
  }
  if (item.kind == UrlKind::kPage) {
    pages_started_++;
    host.pages++;
  }
  auto t =
      std::make_unique<Transfer>(std::move(item), options_, etag, last_modified, warc_ != nullptr);
  Launch(host, std::move(t), now);
}

void CrawlLoop::Launch(Host& host, std::unique_ptr<Transfer> t, int64_t now) {
  t->host_key = host.key;
  t->started_ms = now;
  host.active++;
  host.next_ms = now + host.delay_ms;
  host.summary.requests++;
  if (host.summary.first_request_s == 0) {
    host.summary.first_request_s = (now - started_ms_) / 1000.0;
  }
  host.summary.last_request_s = (now - started_ms_) / 1000.0;
  active_++;
  summary_.requests++;
  curl_multi_add_handle(multi_, t->easy());
  in_flight_.insert(t.release());  // owned by the loop until Reap
}

void CrawlLoop::ApplyCrawlDelay(Host& host) {
  if (std::optional<double> cd = host.robots.crawl_delay_seconds()) {
    host.delay_ms = std::max(options_.delay_ms,
                             std::min(options_.max_crawl_delay_ms, static_cast<int>(*cd * 1000)));
    host.summary.delay_ms = host.delay_ms;
  }
}

void CrawlLoop::Reap() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    Transfer* raw = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&raw));
    CURLcode code = msg->data.result;
    curl_multi_remove_handle(multi_, msg->easy_handle);
    std::unique_ptr<Transfer> t(raw);
    in_flight_.erase(raw);
    active_--;
    Host& host = HostFor(t->host_key);
    host.active--;
    host.summary.bytes += t->response().body.size();
    summary_.bytes += t->response().body.size();
    if (t->item().kind == UrlKind::kRobots) {
      OnRobotsDone(std::move(t), code);
    } else {
      OnDone(std::move(t), code);
    }
  }
}

void CrawlLoop::OnRobotsDone(std::unique_ptr<Transfer> t, CURLcode code) {
  Host& host = HostFor(t->host_key);
  const Response& r = t->response();
  int status = code == CURLE_OK ? r.status : 0;
  bool cache = false;
  if (code == CURLE_OK && status >= 200 && status < 300) {
    host.robots = RobotsRules::Parse(r.body, options_.robots_product);
    host.robots_note = "robots.txt";
    cache = true;
  } else if (code == CURLE_OK && status >= 400 && status < 500) {
    host.robots = RobotsRules::AllowAll();  // RFC 9309 2.3.1.3: unavailable
    host.robots_note = "robots.txt";
    cache = true;
  } else {
    // RFC 9309 2.3.1.4: unreachable (5xx, network) means complete disallow.
    host.robots = RobotsRules::DisallowAll();
    host.robots_note =
        code == CURLE_OK
            ? "robots.txt unreachable (HTTP " + std::to_string(status) + "): everything disallowed"
            : "robots.txt unreachable (" + t->FailureReason(code) + "): everything disallowed";
  }
  host.robots_status = RobotsStatus::kReady;
  ApplyCrawlDelay(host);
  // The delay the rules ask for counts from the robots.txt request itself.
  host.next_ms = std::max(host.next_ms, t->started_ms + host.delay_ms);
  LogUrl(t->item().url, code == CURLE_OK ? CrawlState::kFetched : CrawlState::kFailed, status,
         host.robots_note, 0, UrlKind::kRobots);
  StateBatch batch;
  if (cache) {
    batch.puts.emplace_back(RobotsKey(host.key), EncodeRobots({NowMs(), host.robots.Serialize()}));
  }
  for (const std::string& sm : host.robots.sitemaps()) {
    Discover(sm, t->item().url, 0, UrlKind::kSitemap, 0, &batch);
  }
  Write(batch);
  if (warc_ && code == CURLE_OK) Warc(*t);
}

void CrawlLoop::OnDone(std::unique_ptr<Transfer> t, CURLcode code) {
  Host& host = HostFor(t->host_key);
  Item& item = t->item();
  Response& r = t->response();
  if (code != CURLE_OK) {
    if (t->refused_by_policy()) {
      StateBatch batch;
      Finish(item, CrawlState::kFailed, 0, t->FailureReason(code), &batch);
      Write(batch);
    } else if (t->too_large() || code == CURLE_FILESIZE_EXCEEDED) {
      StateBatch batch;
      Finish(item, CrawlState::kTooLarge, r.status, t->FailureReason(code), &batch);
      Write(batch);
    } else {
      host.consecutive_failures++;
      host.summary.failures++;
      Retry(host, std::move(item), 0, t->FailureReason(code), "");
    }
    return;
  }
  const int status = r.status;
  // Bodies handed to workers are archived there (compression is not the loop's work); the
  // rest now.
  if (warc_ && !(status >= 200 && status < 300)) Warc(*t);
  if (status >= 300 && status < 400 && status != 304) {
    host.consecutive_failures = 0;
    OnRedirect(*t);
    return;
  }
  if (status == 429 || status >= 500) {
    host.consecutive_failures++;
    host.summary.failures++;
    Retry(host, std::move(item), status, "HTTP " + std::to_string(status), r.retry_after);
    return;
  }
  host.consecutive_failures = 0;
  if (status == 304) {
    StateBatch batch;
    Finish(item, CrawlState::kUnchanged, status, "not modified", &batch, &r);
    Write(batch);
    fetched_.insert(Hash(item.url));
    return;
  }
  if (status < 200 || status >= 300) {
    StateBatch batch;
    Finish(item, CrawlState::kFailed, status, "HTTP " + std::to_string(status), &batch, &r);
    Write(batch);
    return;
  }
  const bool html = LooksLikeHtml(r);
  const bool xml = (item.kind != UrlKind::kPage || !html) && LooksLikeXml(r, item.kind);
  if (!xml && !html) {
    if (warc_) Warc(*t);
    StateBatch batch;
    Finish(item, CrawlState::kSkipped, status,
           "content type " + (r.content_type.empty() ? std::string("unknown") : r.content_type),
           &batch, &r);
    Write(batch);
    return;
  }
  HandOff(std::move(t), xml);
}

void CrawlLoop::OnRedirect(Transfer& t) {
  Item& item = t.item();
  const Response& r = t.response();
  StateBatch batch;
  if (r.location.empty()) {
    Finish(item, CrawlState::kFailed, r.status, "redirect without Location", &batch, &r);
    Write(batch);
    return;
  }
  Result<std::string> target = CanonicalizeUrl(r.location, item.url);
  if (!target.ok()) {
    Finish(item, CrawlState::kFailed, r.status, "redirect to a bad URL: " + r.location, &batch, &r);
    Write(batch);
    return;
  }
  bool loop = *target == item.url || std::find(item.redirects.begin(), item.redirects.end(),
                                               *target) != item.redirects.end();
  if (loop) {
    Finish(item, CrawlState::kFailed, r.status, "redirect loop via " + *target, &batch, &r);
    Write(batch);
    return;
  }
  if (static_cast<int>(item.redirects.size()) >= options_.max_redirects) {
    Finish(item, CrawlState::kFailed, r.status,
           "more than " + std::to_string(options_.max_redirects) + " redirects", &batch, &r);
    Write(batch);
    return;
  }
  Finish(item, CrawlState::kRedirected, r.status, "to " + *target, &batch, &r);
  std::vector<std::string> chain = item.redirects;
  chain.push_back(item.url);
  Discover(*target, "", item.depth, item.kind, item.published_unix, &batch, std::move(chain));
  Write(batch);
}

void CrawlLoop::Retry(Host& host, Item item, int status, const std::string& reason,
                      const std::string& retry_after) {
  StateBatch batch;
  if (item.attempt >= options_.max_retries) {
    Finish(item, CrawlState::kFailed, status,
           reason + " after " + std::to_string(item.attempt + 1) + " attempts", &batch);
    Write(batch);
  } else {
    int64_t wait_ms;
    int64_t ra = RetryAfterSeconds(retry_after);
    if (ra > options_.max_retry_after_s) {
      Finish(item, CrawlState::kFailed, status,
             reason + " with Retry-After " + std::to_string(ra) + " s, over the limit", &batch);
      Write(batch);
      return;
    }
    if (ra >= 0) {
      wait_ms = ra * 1000;
    } else {
      // Exponential back-off with full jitter in its upper half.
      static thread_local std::mt19937_64 rng{std::random_device{}()};
      int64_t base = static_cast<int64_t>(options_.backoff_base_ms) << std::min(item.attempt, 10);
      wait_ms = base / 2 + static_cast<int64_t>(rng() % static_cast<uint64_t>(base / 2 + 1));
    }
    item.attempt++;
    item.not_before_ms = NowMs() + wait_ms;
    // The host waits too: a 429 or 503 is about the host, not just this URL.
    host.next_ms = std::max(host.next_ms, item.not_before_ms);
    host.retries.push_back(std::move(item));
  }
  if (host.consecutive_failures >= options_.host_failure_limit && !host.paused) {
    host.paused = true;
    summary_.errors.push_back(host.key + " paused after " +
                              std::to_string(host.consecutive_failures) +
                              " consecutive failures; its URLs stay queued for the next run");
  }
}

void CrawlLoop::HandOff(std::unique_ptr<Transfer> t, bool xml) {
  Item item = t->item();
  Response& r = t->response();
  // What the worker needs to archive the exchange (the body travels separately).
  std::shared_ptr<WarcExchange> archive;
  if (warc_) {
    archive = std::make_shared<WarcExchange>();
    archive->target_uri = item.url;
    archive->ip_address = t->primary_ip();
    archive->fetched_unix_ms = NowMs();
    archive->request_head = t->request_head();
    archive->response_head = r.head;
  }
  if (!xml) {
    uint64_t h = Hash(r.body);
    auto known = bodies_.find(h);
    std::string first;
    if (known != bodies_.end()) {
      first = known->second;
    } else {
      Result<std::optional<std::string>> stored = state_->Get(BodyHashKey(h));
      if (stored.ok() && stored->has_value()) first = **stored;
    }
    if (!first.empty() && first != item.url) {
      if (warc_) Warc(*t);
      StateBatch batch;
      Finish(item, CrawlState::kDuplicate, r.status, "same body as " + first, &batch, &r);
      Write(batch);
      return;
    }
    bodies_.emplace(h, item.url);
    auto page = std::make_shared<FetchedPage>();
    page->url = item.url;
    page->redirects = item.redirects;
    page->status = r.status;
    page->content_type = r.content_type;
    page->charset = CharsetOfContentType(r.content_type);
    page->etag = r.etag;
    page->last_modified = r.last_modified;
    page->body = std::move(r.body);
    page->fetched_unix_ms = NowMs();
    page->depth = item.depth;
    if (item.published_unix > 0) page->published_unix = item.published_unix;
    Response meta = r;  // body moved out
    jobs_++;
    workers_->Submit([this, page, item, meta, h, archive]() mutable {
      if (archive) WriteWarc(archive.get(), page->body);
      PageResult result;
      try {
        result = handler_->Process(*page);
      } catch (const std::exception& e) {
        result.error = std::string("page handler threw: ") + e.what();
      }
      Post([this, item = std::move(item), meta = std::move(meta), h,
            result = std::move(result)]() mutable {
        jobs_--;
        OnPageResult(std::move(item), meta, h, std::move(result));
      });
    });
    return;
  }
  auto body = std::make_shared<std::string>(std::move(r.body));
  Response meta = r;
  jobs_++;
  workers_->Submit([this, body, item, meta, archive]() mutable {
    if (archive) WriteWarc(archive.get(), *body);
    XmlDiscovery found = ParseFeedOrSitemap(*body, options_.max_body_bytes);
    Post(
        [this, item = std::move(item), meta = std::move(meta), found = std::move(found)]() mutable {
          jobs_--;
          OnXmlResult(std::move(item), meta, std::move(found));
        });
  });
}

void CrawlLoop::OnPageResult(Item item, const Response& meta, uint64_t body_hash,
                             PageResult result) {
  StateBatch batch;
  summary_.pages_handled++;
  if (!result.error.empty()) summary_.handler_errors++;
  // rel=canonical: the article is stored under its canonical URL by the handler; when that
  // URL was already fetched in this run, this copy adds nothing.
  if (!result.canonical.empty()) {
    Result<std::string> canonical = CanonicalizeUrl(result.canonical, item.url);
    if (canonical.ok() && *canonical != item.url) {
      const uint64_t ch = Hash(*canonical);
      if (fetched_.count(ch)) {
        Finish(item, CrawlState::kDuplicate, meta.status, "canonical " + *canonical + " fetched",
               &batch, &meta);
        Write(batch);
        return;
      }
      // Not fetched yet: this copy stands for it, so it is not fetched again this run.
      seen_.insert(ch);
      fetched_.insert(ch);
    }
  }
  fetched_.insert(Hash(item.url));
  if (!result.nofollow) {
    const std::string& base = result.base.empty() ? item.url : result.base;
    std::string resolved_base = base;
    if (!result.base.empty()) {
      Result<std::string> b = CanonicalizeUrl(result.base, item.url);
      resolved_base = b.ok() ? *b : item.url;
    }
    for (const std::string& link : result.links) {
      Discover(link, resolved_base, item.depth + 1, UrlKind::kPage, 0, &batch);
    }
    for (const std::string& feed : result.feeds) {
      Discover(feed, resolved_base, item.depth + 1, UrlKind::kFeed, 0, &batch);
    }
  }
  batch.puts.emplace_back(BodyHashKey(body_hash), item.url);
  defer_log_ = true;
  if (result.error.empty()) {
    Finish(item, CrawlState::kFetched, meta.status, "", &batch, &meta);
  } else {
    Finish(item, CrawlState::kFailed, meta.status, "page handler: " + result.error, &batch, &meta);
  }
  defer_log_ = false;
  if (group_.empty()) group_since_ms_ = NowMs();
  group_.push_back(std::move(result));
  auto& puts = group_batch_.puts;
  auto& deletes = group_batch_.deletes;
  puts.insert(puts.end(), std::make_move_iterator(batch.puts.begin()),
              std::make_move_iterator(batch.puts.end()));
  deletes.insert(deletes.end(), std::make_move_iterator(batch.deletes.begin()),
                 std::make_move_iterator(batch.deletes.end()));
  if (group_.size() >= kGroupPages) FlushGroup();
}

void CrawlLoop::FlushGroup() {
  if (group_.empty()) return;
  // Pages the handler keeps nothing of (index pages, --no-extract) only add crawl state.
  std::vector<PageResult> stored;
  for (PageResult& r : group_) {
    if (r.commit) stored.push_back(std::move(r));
  }
  // The write runs on the writer thread; the loop goes on. The group's URL-log lines are
  // written once it is stored, back on the loop thread.
  auto pages = std::make_shared<std::vector<PageResult>>(std::move(stored));
  auto batch = std::make_shared<StateBatch>(std::move(group_batch_));
  auto log = std::make_shared<std::string>(std::move(group_log_));
  const size_t count = group_.size();
  SubmitWrite([this, pages, batch, log, count]() -> Status {
    Status s = pages->empty() ? state_->Write(*batch) : handler_->CommitGroup(pages.get(), *batch);
    if (!s.ok()) return Status::Io("storing " + std::to_string(count) + " pages: " + s.ToString());
    if (!log->empty()) {
      Post([this, log] {
        if (url_log_.is_open()) {
          url_log_ << *log;
          url_log_.flush();
        }
      });
    }
    return s;
  });
  group_.clear();
  group_batch_ = StateBatch();
  group_log_.clear();
}

void CrawlLoop::SubmitWrite(std::function<Status()> write) {
  // A few groups may wait: enough to keep the writer busy, few enough to bound memory.
  constexpr size_t kMaxQueuedWrites = 2;
  {
    std::unique_lock<std::mutex> lock(writes_mu_);
    writes_cv_.wait(lock, [this] { return writes_queued_ < kMaxQueuedWrites; });
    ++writes_queued_;
  }
  writer_->Submit([this, write = std::move(write)] {
    Status s = Status::Ok();
    {
      std::lock_guard<std::mutex> lock(writes_mu_);
      if (!write_error_.empty()) s = Status::Io("skipped after a failed write");
    }
    if (s.ok()) s = write();
    std::lock_guard<std::mutex> lock(writes_mu_);
    if (!s.ok() && write_error_.empty()) write_error_ = std::string(s.message());
    --writes_queued_;
    writes_cv_.notify_all();
  });
}

void CrawlLoop::WaitForWrites() {
  std::unique_lock<std::mutex> lock(writes_mu_);
  writes_cv_.wait(lock, [this] { return writes_queued_ == 0; });
}

bool CrawlLoop::WriteFailed() {
  std::lock_guard<std::mutex> lock(writes_mu_);
  if (write_error_.empty()) return false;
  if (!write_error_reported_) {
    summary_.errors.push_back(write_error_);
    write_error_reported_ = true;
    fatal_ = true;
  }
  return true;
}

void CrawlLoop::OnXmlResult(Item item, const Response& meta, XmlDiscovery found) {
  StateBatch batch;
  fetched_.insert(Hash(item.url));
  size_t queued = 0;
  for (const DiscoveredUrl& d : found.urls) {
    UrlKind kind = found.kind == XmlDocKind::kSitemapIndex ? UrlKind::kSitemap : UrlKind::kPage;
    int64_t published = d.published_unix.value_or(d.lastmod_unix.value_or(0));
    if (Discover(d.url, item.url, kind == UrlKind::kSitemap ? item.depth : item.depth + 1, kind,
                 published, &batch)) {
      queued++;
    }
  }
  std::string reason;
  if (found.kind == XmlDocKind::kUnknown) {
    reason = "not a feed or sitemap";
    if (!found.warnings.empty()) reason += ": " + found.warnings.front();
    Finish(item, CrawlState::kSkipped, meta.status, reason, &batch, &meta);
  } else {
    if (!found.warnings.empty()) reason = found.warnings.front();
    Finish(item, CrawlState::kFetched, meta.status, reason, &batch, &meta);
  }
  Write(batch);
}

void CrawlLoop::Warc(const Transfer& t) {
  if (!warc_) return;
  WarcExchange ex;
  ex.target_uri = t.item().url;
  ex.ip_address = t.primary_ip();
  ex.fetched_unix_ms = NowMs();
  ex.request_head = t.request_head();
  ex.response_head = t.response().head;
  WriteWarc(&ex, t.response().body);
}

// From the loop or a worker: WarcWriter::Write is thread-safe.
void CrawlLoop::WriteWarc(WarcExchange* ex, std::string_view body) {
  ex->response_body = body;
  Status s = warc_->Write(*ex);
  if (!s.ok()) {
    std::lock_guard<std::mutex> lock(warc_errors_mu_);
    if (warc_errors_.size() < 100) warc_errors_.push_back("WARC: " + s.ToString());
  }
}

void CrawlLoop::Finish(const Item& item, CrawlState state, int status, const std::string& reason,
                       StateBatch* batch, const Response* response) {
  batch->deletes.push_back(FrontierKey(item.url));
  UrlRecord rec;
  rec.state = state;
  rec.status = status;
  rec.run = run_.id;
  rec.fetched_ms = NowMs();
  rec.reason = reason;
  if (response && (state == CrawlState::kFetched || state == CrawlState::kUnchanged)) {
    rec.etag = response->etag;
    rec.last_modified = response->last_modified;
  }
  if (state == CrawlState::kUnchanged && rec.etag.empty() && rec.last_modified.empty()) {
    // A 304 need not repeat the validators: keep the ones it confirmed.
    Result<std::optional<std::string>> prev = state_->Get(UrlKey(item.url));
    if (prev.ok() && prev->has_value()) {
      if (std::optional<UrlRecord> old = DecodeUrlRecord(**prev)) {
        rec.etag = old->etag;
        rec.last_modified = old->last_modified;
      }
    }
  }
  batch->puts.emplace_back(UrlKey(item.url), EncodeUrlRecord(rec));
  LogUrl(item.url, state, status, reason, item.depth, item.kind);
}

void CrawlLoop::LogUrl(const std::string& url, CrawlState state, int status,
                       const std::string& reason, int depth, UrlKind kind) {
  if (kind != UrlKind::kRobots) summary_.states[CrawlStateName(state)]++;
  if (!url_log_.is_open()) return;
  std::string line = "{\"url\":" + JsonString(url) + ",\"state\":\"" + CrawlStateName(state) +
                     "\",\"status\":" + std::to_string(status) +
                     ",\"reason\":" + JsonString(reason) + ",\"kind\":\"" + UrlKindName(kind) +
                     "\",\"depth\":" + std::to_string(depth) +
                     ",\"time_ms\":" + std::to_string(NowMs()) + "}\n";
  if (defer_log_) {
    group_log_ += line;  // written when the page is stored
    return;
  }
  url_log_ << line;
  url_log_.flush();  // a kill -9 must not take the last lines with it
}

void CrawlLoop::Write(const StateBatch& batch) {
  if (batch.puts.empty() && batch.deletes.empty()) return;
  FlushGroup();
  SubmitWrite([this, batch]() -> Status {
    Status s = state_->Write(batch);
    if (!s.ok()) return Status::Io("crawl state: " + s.ToString());
    return s;
  });
}

void CrawlLoop::Post(std::function<void()> fn) {
  {
    std::lock_guard<std::mutex> lock(posted_mu_);
    posted_.push_back(std::move(fn));
  }
  curl_multi_wakeup(multi_);
}

void CrawlLoop::RunPosted() {
  std::vector<std::function<void()>> batch;
  {
    std::lock_guard<std::mutex> lock(posted_mu_);
    batch.swap(posted_);
  }
  for (auto& fn : batch) fn();
}

bool CrawlLoop::HasWork() const {
  if (active_ > 0 || jobs_ > 0) return true;
  for (const auto& [key, host] : hosts_) {
    if (host.paused) continue;
    if (!host.retries.empty()) return true;
    for (const Item& item : host.queue) {
      if (MayStart(item)) return true;
    }
  }
  return false;
}

size_t CrawlLoop::Remaining() const {
  size_t n = 0;
  for (const auto& [key, host] : hosts_) n += host.queue.size() + host.retries.size();
  return n;
}

void CrawlLoop::Progress(int64_t now, bool final) {
  if (!options_.progress) return;
  if (!final && now - last_progress_ms_ < 1000) return;
  last_progress_ms_ = now;
  double secs = std::max(0.001, (now - started_ms_) / 1000.0);
  uint64_t errors = 0;
  for (const char* s : {"failed", "too_large"}) {
    auto it = summary_.states.find(s);
    if (it != summary_.states.end()) errors += it->second;
  }
  auto fetched = summary_.states.find("fetched");
  std::fprintf(
      stderr, "\rbyline crawl: %llu fetched, %zu queued, %llu errors, %.1f req/s   %s",
      static_cast<unsigned long long>(fetched == summary_.states.end() ? 0 : fetched->second),
      Remaining(), static_cast<unsigned long long>(errors), summary_.requests / secs,
      final ? "\n" : "");
  std::fflush(stderr);
}

Result<CrawlSummary> CrawlLoop::Run() {
  started_ms_ = NowMs();
  Status s = Init();
  if (!s.ok()) return s;
  s = LoadRun();
  if (!s.ok()) return s;
  s = AddStarts();
  if (!s.ok()) return s;

  while (!fatal_ && !WriteFailed()) {
    RunPosted();
    const int64_t now = NowMs();
    if (g_stop_requested.load()) {
      summary_.interrupted = true;
      break;
    }
    Dispatch(now);
    if (!HasWork()) break;
    int running = 0;
    curl_multi_perform(multi_, &running);
    Reap();
    RunPosted();
    // Pages wait to be stored together only while more are coming and not for long.
    if (!group_.empty() && (jobs_ == 0 || NowMs() - group_since_ms_ >= kGroupMaxMs)) FlushGroup();
    Progress(NowMs(), false);
    // Sleep until a socket is ready, a worker posts, or the next host may be asked.
    // Only hosts that could start a request once their delay is over count: a host waiting
    // for its robots.txt, a full transfer pool or busy workers wait for an event instead
    // (otherwise the loop would spin on a time already past).
    int64_t wake = now + 200;
    if (active_ < static_cast<size_t>(options_.concurrency) && jobs_ < Backlog()) {
      for (const auto& [key, host] : hosts_) {
        if (host.paused || host.robots_status == RobotsStatus::kFetching ||
            host.active >= std::max(1, options_.per_host_connections)) {
          continue;
        }
        if (!host.queue.empty() && MayStart(host.queue.front())) {
          wake = std::min(wake, host.next_ms);
        }
        for (const Item& r : host.retries)
          wake = std::min(wake, std::max(r.not_before_ms, host.next_ms));
      }
    }
    int timeout = static_cast<int>(std::clamp<int64_t>(wake - NowMs(), 0, 200));
    if (timeout > 0) curl_multi_poll(multi_, nullptr, 0, timeout, nullptr);
  }

  // Stopping: abandon transfers in flight (their URLs stay in the frontier), let workers
  // finish what they hold, and record it.
  if (multi_) {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) (void)msg;
  }
  const size_t abandoned = in_flight_.size();
  for (Transfer* t : in_flight_) {
    curl_multi_remove_handle(multi_, t->easy());
    delete t;
    active_--;
  }
  in_flight_.clear();
  while (jobs_ > 0) {
    RunPosted();
    if (jobs_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  workers_.reset();
  RunPosted();
  FlushGroup();
  WaitForWrites();
  RunPosted();  // the URL-log lines of the last groups
  WriteFailed();

  summary_.frontier_left = Remaining() + abandoned;
  if (!summary_.interrupted && !fatal_) {
    // The run is over: the next one starts fresh (and keeps what is left in the frontier).
    run_.running = false;
    StateBatch b;
    b.puts.emplace_back(kRunKey, EncodeRun(run_));
    Write(b);
    WaitForWrites();
    WriteFailed();
  }
  summary_.errors.insert(summary_.errors.end(), warc_errors_.begin(), warc_errors_.end());
  if (warc_) {
    Status ws = warc_->Close();
    if (!ws.ok()) summary_.errors.push_back("WARC: " + ws.ToString());
  }
  summary_.seconds = (NowMs() - started_ms_) / 1000.0;
  for (const auto& [key, host] : hosts_) {
    if (host.summary.requests > 0) summary_.hosts[key] = host.summary;
  }
  Progress(NowMs(), true);
  if (fatal_) {
    std::string why = summary_.errors.empty() ? "state store failed" : summary_.errors.back();
    return Status::Io(why);
  }
  return summary_;
}

}  // namespace byline::crawler::internal
