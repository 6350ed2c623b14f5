// `byline extract`: files are processed by a pool of worker threads and printed in the order
// given, each as soon as it and every file before it are done.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "extract/extract.h"
#include "pipelines/aliases_file.h"
#include "pipelines/article_json.h"
#include "pipelines/pipelines.h"
#include "pipelines/read_input.h"

namespace byline::pipelines {
namespace {

struct Outcome {
  std::string json;  // serialised object
  bool ok = false;
};

Outcome ProcessOne(const std::string& path, const ExtractCommandOptions& options,
                   const extract::Aliases* aliases, bool pretty) {
  Result<std::string> bytes = ReadInput(path, options.max_bytes);
  if (!bytes.ok()) return {DumpJson(ErrorToJson(path, bytes.status().message()), pretty), false};
  extract::ExtractOptions eo;
  eo.url = options.url;
  eo.max_input_bytes = options.max_bytes;
  eo.entities = !options.no_entities;
  eo.aliases = aliases;
  Result<extract::Article> article =
      options.plain_text ? extract::ExtractPlainText(*bytes, eo) : extract::ExtractHtml(*bytes, eo);
  if (!article.ok()) {
    return {DumpJson(ErrorToJson(path, article.status().message()), pretty), false};
  }
  return {DumpJson(ArticleToJson(path, *article), pretty), true};
}

unsigned WorkerCount(const ExtractCommandOptions& options) {
  unsigned n = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  return std::min<unsigned>(n, static_cast<unsigned>(std::max<size_t>(1, options.files.size())));
}

}  // namespace

int RunExtract(const ExtractCommandOptions& options, std::ostream& out, std::ostream& err) {
  const bool ndjson = options.format == "ndjson";
  if (!ndjson && options.format != "json") {
    err << "byline extract: unknown --format '" << options.format << "' (json or ndjson)\n";
    return 2;
  }
  const bool pretty = !ndjson;
  extract::Aliases aliases;
  if (!options.aliases_file.empty()) {
    Result<extract::Aliases> loaded = LoadAliases(options.aliases_file);
    if (!loaded.ok()) {
      err << "byline extract: " << loaded.status().message() << "\n";
      return 2;
    }
    aliases = std::move(*loaded);
  }
  const extract::Aliases* alias_ptr = options.aliases_file.empty() ? nullptr : &aliases;
  const bool as_array = !ndjson && options.files.size() > 1;
  const size_t n = options.files.size();

  std::vector<std::optional<Outcome>> results(n);
  std::mutex mu;
  std::condition_variable ready;
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) {
      Outcome o = ProcessOne(options.files[i], options, alias_ptr, pretty);
      std::lock_guard<std::mutex> lock(mu);
      results[i] = std::move(o);
      ready.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < WorkerCount(options); ++t) threads.emplace_back(worker);

  bool all_ok = true;
  if (as_array) out << "[\n";
  for (size_t i = 0; i < n; ++i) {
    Outcome o;
    {
      std::unique_lock<std::mutex> lock(mu);
      ready.wait(lock, [&] { return results[i].has_value(); });
      o = std::move(*results[i]);
      results[i].reset();
    }
    all_ok = all_ok && o.ok;
    if (as_array && i > 0) out << ",\n";
    out << o.json;
    if (!as_array) out << '\n';
    out.flush();
  }
  if (as_array) out << "\n]\n";
  for (auto& t : threads) t.join();
  return all_ok ? 0 : 1;
}

}  // namespace byline::pipelines
