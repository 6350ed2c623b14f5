// Speed of `extract` against its floor, a bare Gumbo parse of the same pages, on one core.
//
//   build/bench/extract_bench --pages=DIR [benchmark flags]
//
// DIR holds *.html pages (default: the project's own fixture pages; for the figures in
// docs/performance.md, the scrapinghub pages under ../shared/data/extraction). Both
// benchmarks walk every page once per iteration and report bytes/s and pages/s. The
// extraction benchmark also checks its output: every page must extract and most must give
// text, else it fails.
#include <benchmark/benchmark.h>
#include <gumbo.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "extract/extract.h"

namespace {

std::vector<std::string>& Pages() {
  static std::vector<std::string> pages;
  return pages;
}

size_t TotalBytes() {
  size_t n = 0;
  for (const auto& p : Pages()) n += p.size();
  return n;
}

bool LoadPages(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".html") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    Pages().push_back(ss.str());
  }
  return !Pages().empty();
}

// Gumbo needs UTF-8; the pages are UTF-8 in the scrapinghub set, and for others Gumbo
// still runs (it replaces bad bytes itself), which is the fair floor.
void BM_GumboParse(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& page : Pages()) {
      GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, page.data(), page.size());
      benchmark::DoNotOptimize(out->root);
      gumbo_destroy_output(&kGumboDefaultOptions, out);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * TotalBytes()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * Pages().size()));
}

void BM_Extract(benchmark::State& state) {
  size_t empty = 0, failed = 0;
  for (auto _ : state) {
    empty = failed = 0;
    for (const auto& page : Pages()) {
      auto article = byline::extract::ExtractHtml(page);
      if (!article.ok()) {
        ++failed;
        continue;
      }
      if (article->text.empty()) ++empty;
      benchmark::DoNotOptimize(article->text.data());
    }
  }
  if (failed > 0 || empty * 5 > Pages().size()) {
    state.SkipWithError("extraction output check failed: pages failed or gave no text");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * TotalBytes()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * Pages().size()));
  state.counters["empty_pages"] = static_cast<double>(empty);
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir = BYLINE_BENCH_DEFAULT_PAGES;
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a.substr(0, 8) == "--pages=") {
      dir = std::string(a.substr(8));
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (!LoadPages(dir)) {
    std::cerr << "extract_bench: no .html pages under " << dir << "\n";
    return 1;
  }
  std::cerr << "extract_bench: " << Pages().size() << " pages, " << TotalBytes() << " bytes from "
            << dir << "\n";
  benchmark::RegisterBenchmark("GumboParse", BM_GumboParse)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("Extract", BM_Extract)->Unit(benchmark::kMillisecond);
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
