// Speed of FindMoney on one core: tech-press prose (money in about one sentence in four), prose
// with an amount in every sentence, and hostile inputs that must stay linear.
//
//   build/bench/money_bench [benchmark flags]
//
// Each benchmark scans about 4 MB per iteration and reports bytes/s.
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>
#include <vector>

#include "extract/money.h"

namespace {

constexpr size_t kBytes = 4'000'000;

std::string Repeat(std::string_view unit, size_t bytes) {
  std::string s;
  s.reserve(bytes + unit.size());
  while (s.size() < bytes) s += unit;
  return s;
}

// Article-like text: most sentences carry numbers, few carry money.
constexpr std::string_view kProse =
    "Following the 16-inch MacBook Pro, Apple plans to release a new 13-inch model in the first "
    "half of 2020, according to industry sources cited by DigiTimes. The report claims the "
    "display will remain 13.3 inches. Apple analyst Ming-Chi Kuo has previously predicted a "
    "transition to scissor switch keyboards in 2020, including all MacBook Air models.\n\n"
    "The company raised $300m to date and employs 450 people. Revenue grew 35% year over year "
    "in the second quarter, beating estimates. The messaging app now has 5 million users, up "
    "from 3 million in 2023, and its Gemini 1.5 Pro model can process up to 2 million tokens.\n\n"
    "Tokyo-based Kairo Labs raised \xC2\xA5"
    "2 billion ($13.4 million) from domestic investors, "
    "while Llama 3.1 405B was trained on more than 15 trillion tokens using 16,000 H100 GPUs. "
    "Shares of $NVDA and $AMD rose in premarket trading after the earnings call.\n\n";

// An amount in every sentence.
constexpr std::string_view kDense =
    "Lumora raised $6 million. Parcelpay closed a US$1.2bn round. The fine was "
    "\xE2\x82\xAC"
    "500 million. Analysts expect $5-10 million. It seeks between $2 million and "
    "$3 million. Jio raised Rs 1.5 lakh crore. It would cost tens of millions of dollars. "
    "Samsung will invest 80 trillion won. The tier costs $4.99 a month.\n";

void Scan(benchmark::State& state, const std::string& text) {
  size_t found = 0;
  for (auto _ : state) {
    std::vector<byline::extract::MoneyMatch> matches = byline::extract::FindMoney(text);
    found = matches.size();
    benchmark::DoNotOptimize(matches.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["matches"] = static_cast<double>(found);
}

void BM_Prose(benchmark::State& state) { Scan(state, Repeat(kProse, kBytes)); }
void BM_DenseMoney(benchmark::State& state) { Scan(state, Repeat(kDense, kBytes)); }
void BM_DollarSigns(benchmark::State& state) { Scan(state, std::string(kBytes, '$')); }
void BM_Digits(benchmark::State& state) { Scan(state, std::string(kBytes, '7')); }
void BM_NoSpaces(benchmark::State& state) { Scan(state, Repeat("$1m-2,5bn.", kBytes)); }

BENCHMARK(BM_Prose)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DenseMoney)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DollarSigns)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Digits)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NoSpaces)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
