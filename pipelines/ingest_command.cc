// `byline ingest`: extraction runs on worker threads; the store is written from this thread,
// one atomic batch per article, in the order the files were given.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <optional>
#include <thread>

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

struct Extracted {
  std::optional<store::ArticleRecord> record;
  std::string error;
};

Extracted ExtractOne(const std::string& path, const IngestCommandOptions& options,
                     const extract::Aliases* aliases, const std::string& fetched) {
  Result<std::string> bytes = ReadInput(path, options.max_bytes);
  if (!bytes.ok()) return {std::nullopt, bytes.status().message()};
  extract::ExtractOptions eo;
  eo.max_input_bytes = options.max_bytes;
  eo.aliases = aliases;
  Result<extract::Article> a =
      options.plain_text ? extract::ExtractPlainText(*bytes, eo) : extract::ExtractHtml(*bytes, eo);
  if (!a.ok()) return {std::nullopt, a.status().message()};
  return {ToRecord(*a, path, fetched), ""};
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
  const std::string fetched = NowIso();
  const size_t n = options.files.size();
  std::vector<std::optional<Extracted>> results(n);
  std::mutex mu;
  std::condition_variable ready;
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) {
      Extracted e = ExtractOne(options.files[i], options, alias_ptr, fetched);
      std::lock_guard<std::mutex> lock(mu);
      results[i] = std::move(e);
      ready.notify_all();
    }
  };
  unsigned workers =
      options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  workers = static_cast<unsigned>(std::min<size_t>(workers, std::max<size_t>(n, 1)));
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < workers; ++t) threads.emplace_back(worker);

  size_t stored = 0, failed = 0, mentions = 0;
  for (size_t i = 0; i < n; ++i) {
    Extracted e;
    {
      std::unique_lock<std::mutex> lock(mu);
      ready.wait(lock, [&] { return results[i].has_value(); });
      e = std::move(*results[i]);
      results[i].reset();
    }
    if (!e.record) {
      err << options.files[i] << ": " << e.error << "\n";
      ++failed;
      continue;
    }
    Status s = (*db)->PutArticle(*e.record);
    if (!s.ok()) {
      err << options.files[i] << ": " << s.ToString() << "\n";
      ++failed;
      continue;
    }
    ++stored;
    mentions += e.record->mentions.size();
  }
  for (auto& t : threads) t.join();
  out << "ingested " << stored << " article" << (stored == 1 ? "" : "s") << ", " << mentions
      << " mentions; " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}

}  // namespace byline::pipelines
