// Speed of the whole entity stage (money, people, organisations, sentences) on one core.
//
//   build/bench/entity_bench [--texts=FILE.jsonl] [benchmark flags]
//
// FILE.jsonl holds documents with a "text" field (for the figures in docs/performance.md,
// ../shared/data/techpress/gold.jsonl and ../shared/data/ner/conll2003-dev.jsonl); without it
// the benchmark uses the text of the project's own fixture pages. Reports bytes/s and
// words/s, and the gazetteers' memory. Checks its output: the texts must yield entities.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "extract/entities.h"
#include "extract/gazetteer.h"

namespace {

std::vector<std::string>& Texts() {
  static std::vector<std::string> texts;
  return texts;
}

size_t Bytes() {
  size_t n = 0;
  for (const auto& t : Texts()) n += t.size();
  return n;
}

size_t Words() {
  size_t n = 0;
  for (const auto& t : Texts()) {
    bool in_word = false;
    for (char c : t) {
      bool w = !(c == ' ' || c == '\n' || c == '\t');
      n += w && !in_word;
      in_word = w;
    }
  }
  return n;
}

bool LoadJsonl(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("text") && j["text"].is_string()) {
      Texts().push_back(j["text"].get<std::string>());
    }
  }
  return !Texts().empty();
}

bool LoadFixtures(const std::filesystem::path& dir) {
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (e.path().extension() != ".html") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    byline::extract::ExtractOptions o;
    o.entities = false;
    auto a = byline::extract::ExtractHtml(ss.str(), o);
    if (a.ok() && !a->text.empty()) Texts().push_back(a->text);
  }
  return !Texts().empty();
}

void BM_FindEntities(benchmark::State& state) {
  size_t mentions = 0;
  for (auto _ : state) {
    mentions = 0;
    for (const auto& t : Texts()) mentions += byline::extract::FindEntities(t, nullptr).size();
  }
  if (mentions == 0) state.SkipWithError("no entities found: output check failed");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Bytes()));
  state.counters["words_per_second"] = benchmark::Counter(
      static_cast<double>(state.iterations() * Words()), benchmark::Counter::kIsRate);
  state.counters["mentions"] = static_cast<double>(mentions);
}

}  // namespace

int main(int argc, char** argv) {
  std::string texts;
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a.substr(0, 8) == "--texts=") {
      texts = std::string(a.substr(8));
    } else {
      rest.push_back(argv[i]);
    }
  }
  bool loaded = texts.empty() ? LoadFixtures(BYLINE_BENCH_DEFAULT_PAGES) : LoadJsonl(texts);
  if (!loaded) {
    std::cerr << "entity_bench: no texts\n";
    return 1;
  }
  const auto& gaz = byline::extract::Gazetteer::Get();
  std::cerr << "entity_bench: " << Texts().size() << " texts, " << Bytes() << " bytes, " << Words()
            << " words; gazetteers: " << gaz.size() << " entries, " << gaz.MemoryUsage() / 1e6
            << " MB\n";
  benchmark::RegisterBenchmark("FindEntities", BM_FindEntities)->Unit(benchmark::kMillisecond);
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
