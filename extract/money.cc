// Amounts of money in text. Three stages keep it linear and fast:
//   1. One RE2 scan finds anchors: currency symbols, currency words, ISO codes (checked against
//      ICU's list) and a few cue words ("yuan", "Swedish") that settle ambiguous symbols.
//   2. Only the text around anchors is cut into tokens (numbers, words, symbols, punctuation),
//      a bounded chunk at a time.
//   3. A small recursive-descent parser tries each token as the start of an amount; every rule
//      looks a bounded number of tokens ahead, so the whole pass is O(text).
//
// This file holds the anchors and windows (stage 1) and drives the rest; the lexicon, the
// tokenizer (stage 2) and the parser (stage 3) live beside it in money_lexicon.cc,
// money_tokens.cc and money_parser.cc.
#include "extract/money.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extract/money_lexicon.h"
#include "extract/money_parser.h"
#include "extract/money_tokens.h"
#include "extract/text_util.h"

namespace byline::extract {
namespace {

using money_internal::Amount;
using money_internal::Cues;
using money_internal::IsAlpha;
using money_internal::IsAsciiSpaceByte;
using money_internal::IsDigit;
using money_internal::IsUpper;
using money_internal::Lexicon;
using money_internal::ParseAmountAt;
using money_internal::Token;
using money_internal::Tokenize;

constexpr size_t kWindowBack = 128;    // bytes before an anchor that may belong to its amount
constexpr size_t kWindowAhead = 128;   // and after it
constexpr size_t kSnap = 32;           // how far a window edge moves to reach white space
constexpr size_t kChunkTokens = 4096;  // tokens held at once
constexpr size_t kLookahead = 96;      // tokens any rule may look ahead
constexpr size_t kLeftContext = 8;     // tokens kept before the resume point ("rose from")

struct Window {
  size_t begin, end;
};

bool IsAsciiSpace(char c) { return IsAsciiSpaceByte(c); }

// Records what a cue word says; returns whether the anchor can belong to an amount.
bool ClassifyAnchor(std::string_view m, const Lexicon& lex, Cues* cues) {
  if (m.empty()) return false;
  if (!IsAlpha(m[0]) && !IsDigit(m[0])) return true;  // a symbol
  bool after_digit = IsDigit(m[0]);
  if (after_digit) m.remove_prefix(1);
  if (!m.empty() && m[0] == ' ') m.remove_prefix(1);
  if (!m.empty() && IsDigit(m.back())) m.remove_suffix(1);  // "USD3.14", "Rs20"
  std::string lower = AsciiLower(m);
  if (lower == "yuan" || lower == "renminbi" || lower == "cny" || lower == "rmb") {
    cues->yuan = true;
  } else if (lower == "yen" || lower == "jpy") {
    cues->yen = true;
  } else if (lower == "sweden" || lower == "swedish" || lower == "sek") {
    cues->sweden = true;
  } else if (lower == "norway" || lower == "norwegian" || lower == "nok") {
    cues->norway = true;
  } else if (lower == "denmark" || lower == "danish" || lower == "dkk") {
    cues->denmark = true;
  } else if (lower == "iceland" || lower == "icelandic" || lower == "isk") {
    cues->iceland = true;
  }
  if (m.size() == 3) {
    bool upper = IsUpper(m[0]) && IsUpper(m[1]) && IsUpper(m[2]);
    std::string code = AsciiLower(m);
    for (char& c : code) c = static_cast<char>(c - 'a' + 'A');
    if ((upper || after_digit) && !lex.Code(code).empty()) return true;
  }
  return lex.IsAnchorWord(lower) || lower == "rs" || lower == "rm" || lower == "rp" ||
         lower == "kr" || lower == "le" || lower == "l.e";
}

// Moves a window's edges to white space, so no token is cut in two.
void Snap(std::string_view text, Window* w) {
  for (size_t k = w->begin, n = 0; k > 0 && n < kSnap; --k, ++n) {
    if (IsAsciiSpace(text[k - 1])) {
      w->begin = k;
      break;
    }
  }
  for (size_t k = w->end, n = 0; k < text.size() && n < kSnap; ++k, ++n) {
    if (IsAsciiSpace(text[k])) {
      w->end = k;
      break;
    }
  }
}

// The stretches of text around anchors, merged and sorted; also fills `cues`. Each RE2 search
// resumes where the last match ended, so the scan is one linear pass.
std::vector<Window> FindWindows(std::string_view text, const Lexicon& lex, Cues* cues) {
  std::vector<Window> windows;
  const RE2& anchor = lex.anchor();
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece m;
  size_t pos = 0;
  while (pos < text.size() && anchor.Match(input, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
    size_t start = static_cast<size_t>(m.data() - text.data());
    size_t end = start + m.size();
    pos = std::max(end, pos + 1);
    if (!ClassifyAnchor(std::string_view(m.data(), m.size()), lex, cues)) continue;
    size_t begin = start > kWindowBack ? start - kWindowBack : 0;
    size_t stop = std::min(text.size(), end + kWindowAhead);
    // Windows closer than the snapping distance merge, so snapped windows never overlap.
    if (!windows.empty() && begin <= windows.back().end + 2 * kSnap) {
      windows.back().end = std::max(windows.back().end, stop);
    } else {
      windows.push_back(Window{begin, stop});
    }
  }
  for (Window& w : windows) Snap(text, &w);
  return windows;
}

// Values as a person would write them: 1080000000, not 1080000000.0000002.
double Tidy(double v) {
  if (v <= 0) return v;
  // Twelve significant digits; dividing by an exact power of ten rounds to the nearest double.
  int digits = 11 - static_cast<int>(std::floor(std::log10(v)));
  if (digits > 22 || digits < -22) return v;
  double p = std::pow(10.0, std::abs(digits));
  return digits >= 0 ? std::round(v * p) / p : std::round(v / p) * p;
}

void Emit(const Amount& a, const std::vector<Token>& toks, std::vector<MoneyMatch>* out) {
  double value = a.Value();
  if (a.code.empty() || !std::isfinite(value) || value < 0) return;
  MoneyMatch m;
  m.start = toks[a.first].start;
  m.end = toks[a.last - 1].end;
  if (!out->empty() && m.start < out->back().end) return;
  m.value = Tidy(value);
  if (a.value_max && std::isfinite(*a.value_max)) m.value_max = Tidy(*a.value_max);
  m.currency = std::string(a.code);
  m.approximate = a.approximate;
  out->push_back(std::move(m));
}

// Parses one window a bounded chunk of tokens at a time, so memory stays small however long
// the window; a chunk stops parsing kLookahead tokens before its end and the next one starts
// a little before that point, keeping some left context.
void ScanWindow(std::string_view text, const Window& w, const Cues& cues, const Lexicon& lex,
                std::vector<Token>* toks, std::vector<MoneyMatch>* out) {
  size_t pos = w.begin;
  size_t resume = w.begin;
  for (;;) {
    toks->clear();
    size_t stop = Tokenize(text, pos, w.end, kChunkTokens, lex, toks);
    bool last_chunk = stop >= w.end;
    size_t n = toks->size();
    size_t limit = last_chunk ? n : n - kLookahead;
    size_t i = 0;
    while (i < n && (*toks)[i].start < resume) ++i;
    while (i < limit) {
      std::optional<Amount> a = ParseAmountAt(text, *toks, cues, i);
      if (a && a->last > a->first && a->last <= n) {
        Emit(*a, *toks, out);
        i = a->last;
      } else {
        ++i;
      }
    }
    if (last_chunk) return;
    size_t keep = i > kLeftContext ? i - kLeftContext : 0;
    resume = i < n ? (*toks)[i].start : stop;
    pos = (*toks)[keep].start;
  }
}

}  // namespace

std::vector<MoneyMatch> FindMoney(std::string_view text) {
  std::vector<MoneyMatch> out;
  // The only exception possible is std::bad_alloc; the contract is to never throw, so an
  // exhausted allocator yields the amounts found so far.
  try {
    const Lexicon& lex = Lexicon::Get();
    if (!lex.anchor().ok()) return out;
    Cues cues;
    std::vector<Window> windows = FindWindows(text, lex, &cues);
    std::vector<Token> toks;
    for (const Window& w : windows) ScanWindow(text, w, cues, lex, &toks, &out);
  } catch (...) {
  }
  return out;
}

}  // namespace byline::extract
