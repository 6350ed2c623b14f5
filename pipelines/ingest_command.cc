// `byline ingest`: a reader thread turns the inputs into pages (an HTML file each, or every
// 200 HTML response of a WARC file), worker threads extract them, and this thread writes the
// store, one atomic batch per article, in input order. At most a few pages per worker are in
// flight, so a WARC file of any size is ingested in bounded memory.
#include <algorithm>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "crawler/crawler.h"
#include "crawler/warc.h"
#include "extract/extract.h"
#include "pipelines/aliases_file.h"
#include "pipelines/article_record.h"
#include "pipelines/pipelines.h"
#include "pipelines/read_input.h"
#include "store/store.h"

namespace byline::pipelines {
namespace {

std::string NowIso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// One page to extract: an HTML file named on the command line (read by the worker), or a
// response from a WARC file (its body already in memory).
struct Page {
  std::string source;  // the path, or "WARC#URI" for messages
  std::string path;    // the file to read; empty for WARC pages
  std::string body;
  std::string url;           // the WARC record's target URI
  std::string http_charset;  // from the response's Content-Type
  std::string fetched;       // ISO-8601: stands in for a missing publication date
};

struct Extracted {
  std::optional<store::ArticleRecord> record;
  std::string error;
};

Extracted ExtractPage(const Page& page, const IngestCommandOptions& options,
                      const extract::Aliases* aliases) {
  std::string read;
  if (!page.path.empty()) {
    Result<std::string> bytes = ReadInput(page.path, options.max_bytes);
    if (!bytes.ok()) return {std::nullopt, bytes.status().message()};
    read = std::move(*bytes);
  }
  const std::string& bytes = page.path.empty() ? page.body : read;
  extract::ExtractOptions eo;
  eo.max_input_bytes = options.max_bytes;
  eo.aliases = aliases;
  eo.url = page.url;
  eo.http_charset = page.http_charset;
  Result<extract::Article> a =
      options.plain_text ? extract::ExtractPlainText(bytes, eo) : extract::ExtractHtml(bytes, eo);
  if (!a.ok()) return {std::nullopt, a.status().message()};
  return {ToRecord(*a, page.url.empty() ? page.source : page.url, page.fetched), ""};
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "text/html; charset=ISO-8859-1" -> media type "text/html", charset "ISO-8859-1".
void SplitContentType(std::string_view content_type, std::string* media, std::string* charset) {
  *media = Lower(TrimSpace(content_type.substr(0, content_type.find(';'))));
  *charset = crawler::CharsetOfContentType(content_type);
}

// WARC-Date ("2025-03-01T12:00:00.123Z", or without fraction) as the store's ISO-8601 form,
// to the second; `fallback` when it is not one.
std::string WarcDateToIso(const std::string& date, const std::string& fallback) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (date.size() < kShape.size() || date.back() != 'Z') return fallback;
  for (size_t i = 0; i < kShape.size(); ++i) {
    bool digit = std::isdigit(static_cast<unsigned char>(date[i])) != 0;
    if (kShape[i] == 'd' ? !digit : date[i] != kShape[i]) return fallback;
  }
  return date.substr(0, kShape.size()) + "Z";
}

// A WARC file by its name, or by its first bytes (so a renamed archive is still read).
bool IsWarcFile(const std::string& path) {
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() &&
           path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(".warc") || ends_with(".warc.gz")) return true;
  if (path == "-") return false;
  std::ifstream in(path, std::ios::binary);
  char head[512];
  in.read(head, sizeof head);
  return crawler::LooksLikeWarc(std::string_view(head, static_cast<size_t>(in.gcount())));
}

// Pages flow from the reader thread to the workers and, extracted, to the writer (the
// calling thread) in order. `window` bounds the pages between reading and writing.
class PageFlow {
 public:
  explicit PageFlow(size_t window) : window_(window) {}

  // Reader: waits while `window` pages are in flight.
  void Push(Page page) {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return pushed_ - written_ < window_; });
    queue_.emplace_back(pushed_++, std::move(page));
    changed_.notify_all();
  }
  void Finish() {
    std::lock_guard<std::mutex> lock(mu_);
    finished_ = true;
    changed_.notify_all();
  }
  // Workers: the next page, or nothing once the reader has finished and the queue is empty.
  std::optional<std::pair<size_t, Page>> Take() {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return !queue_.empty() || finished_; });
    if (queue_.empty()) return std::nullopt;
    auto item = std::move(queue_.front());
    queue_.pop_front();
    return item;
  }
  void Done(size_t seq, Page page, Extracted result) {
    std::lock_guard<std::mutex> lock(mu_);
    done_.emplace(seq, std::make_pair(std::move(page), std::move(result)));
    changed_.notify_all();
  }
  // Writer: the next page in input order, or nothing when all were written.
  std::optional<std::pair<Page, Extracted>> Next() {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock,
                  [&] { return done_.count(written_) || (finished_ && written_ == pushed_); });
    auto it = done_.find(written_);
    if (it == done_.end()) return std::nullopt;
    auto item = std::move(it->second);
    done_.erase(it);
    ++written_;
    changed_.notify_all();
    return item;
  }

 private:
  const size_t window_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::pair<size_t, Page>> queue_;
  std::map<size_t, std::pair<Page, Extracted>> done_;
  size_t pushed_ = 0, written_ = 0;
  bool finished_ = false;
};

// What the reader thread saw besides pages; read by the writer after the reader has joined.
struct ReadTally {
  size_t failed = 0;   // inputs that could not be read at all
  size_t skipped = 0;  // WARC responses that are not 200 HTML
  bool any_warc = false;
};

// The reader thread's work: every input, in order, becomes pages.
void ReadInputs(const IngestCommandOptions& options, const std::string& now, PageFlow* flow,
                ReadTally* tally, std::mutex* err_mu, std::ostream& err) {
  for (const std::string& path : options.files) {
    if (options.plain_text || !IsWarcFile(path)) {
      flow->Push(Page{path, path, "", "", "", now});
      continue;
    }
    tally->any_warc = true;
    std::vector<std::string> warnings;
    Status s = crawler::ReadWarc(
        path,
        [&](const crawler::WarcResponse& r) {
          Page page{path + "#" + r.target_uri, "", "", r.target_uri, "", ""};
          std::string media;
          SplitContentType(r.content_type, &media, &page.http_charset);
          if (r.status != 200 || (media != "text/html" && media != "application/xhtml+xml")) {
            ++tally->skipped;
            return;
          }
          page.body = r.body;
          page.fetched = WarcDateToIso(r.date, now);
          flow->Push(std::move(page));
        },
        &warnings);
    std::lock_guard<std::mutex> lock(*err_mu);
    for (const std::string& w : warnings) err << "warning: " << w << "\n";
    if (!s.ok()) {
      err << path << ": " << s.message() << "\n";
      ++tally->failed;
    }
  }
  flow->Finish();
}

}  // namespace

int RunIngest(const IngestCommandOptions& options, std::ostream& out, std::ostream& err) {
  extract::Aliases aliases;
  if (!options.aliases_file.empty()) {
    Result<extract::Aliases> loaded = LoadAliases(options.aliases_file);
    if (!loaded.ok()) {
      err << "byline ingest: " << loaded.status().message() << "\n";
      return 2;
    }
    aliases = std::move(*loaded);
  }
  const extract::Aliases* alias_ptr = options.aliases_file.empty() ? nullptr : &aliases;
  Result<std::unique_ptr<store::Store>> db = store::Store::Open(options.db, {});
  if (!db.ok()) {
    err << "byline ingest: " << db.status().message() << "\n";
    return 2;
  }
  unsigned workers =
      options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  PageFlow flow(size_t{4} * workers);
  ReadTally tally;
  std::mutex err_mu;
  std::thread reader(ReadInputs, std::cref(options), NowIso(), &flow, &tally, &err_mu,
                     std::ref(err));
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < workers; ++t) {
    threads.emplace_back([&] {
      while (auto item = flow.Take()) {
        Extracted e = ExtractPage(item->second, options, alias_ptr);
        flow.Done(item->first, std::move(item->second), std::move(e));
      }
    });
  }

  // Articles go to the store in batches (one atomic write for many articles is several times
  // cheaper than one each); a batch the store refuses is retried article by article, so each
  // failure is reported against its own file.
  size_t stored = 0, failed = 0, mentions = 0;
  std::vector<store::ArticleRecord> batch;
  std::vector<std::string> sources;
  auto report = [&](const std::string& source, const std::string& why) {
    std::lock_guard<std::mutex> lock(err_mu);
    err << source << ": " << why << "\n";
    ++failed;
  };
  auto flush = [&] {
    if (batch.empty()) return;
    if ((*db)->PutArticles(batch).ok()) {
      for (const store::ArticleRecord& r : batch) mentions += r.mentions.size();
      stored += batch.size();
    } else {
      for (size_t i = 0; i < batch.size(); ++i) {
        Status s = (*db)->PutArticle(batch[i]);
        if (!s.ok()) {
          report(sources[i], s.ToString());
          continue;
        }
        ++stored;
        mentions += batch[i].mentions.size();
      }
    }
    batch.clear();
    sources.clear();
  };
  constexpr size_t kBatchArticles = 256;
  while (auto item = flow.Next()) {
    auto& [page, e] = *item;
    if (!e.record) {
      report(page.source, e.error);
      continue;
    }
    batch.push_back(std::move(*e.record));
    sources.push_back(page.source);
    if (batch.size() >= kBatchArticles) flush();
  }
  flush();
  reader.join();
  for (auto& t : threads) t.join();
  failed += tally.failed;
  out << "ingested " << stored << " article" << (stored == 1 ? "" : "s") << ", " << mentions
      << " mentions; " << failed << " failed";
  if (tally.any_warc) out << "; " << tally.skipped << " WARC responses skipped (not 200 HTML)";
  out << "\n";
  return failed == 0 ? 0 : 1;
}

}  // namespace byline::pipelines
