// Merges the recognisers' results: money first (a "$6 million" is never part of a name),
// then names that do not overlap it, then the user's watchlist; then sentence indices.
#include "extract/entities.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <iterator>
#include <map>

#include "extract/money.h"
#include "extract/names.h"
#include "extract/sentences.h"

namespace byline::extract {
namespace {

bool Overlaps(const Mention& a, size_t start, size_t end) { return a.start < end && start < a.end; }

bool IsWordByte(std::string_view t, size_t i) {
  unsigned char c = static_cast<unsigned char>(t[i]);
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

std::string FoldAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

void ApplyAliases(std::string_view text, const Aliases& aliases, std::vector<Mention>* out) {
  // Force canonical names on what was found.
  for (Mention& m : *out) {
    if (m.type == Mention::Type::kMoney) continue;
    std::string surface = FoldAscii(m.surface), canonical = FoldAscii(m.canonical);
    for (const auto& e : aliases.entries) {
      bool hit = FoldAscii(e.canonical) == canonical || FoldAscii(e.canonical) == surface;
      for (const auto& f : e.forms)
        hit = hit || FoldAscii(f) == surface || FoldAscii(f) == canonical;
      if (hit) {
        m.canonical = e.canonical;
        m.type = e.person ? Mention::Type::kPerson : Mention::Type::kOrg;
        break;
      }
    }
  }
  // Add the listed forms wherever they stand as whole words and nothing else is there.
  // Occupied ranges are kept sorted so each check is a logarithmic look-up.
  std::map<size_t, size_t> taken_ranges;  // start -> end
  for (const Mention& m : *out) taken_ranges.emplace(m.start, m.end);
  auto is_taken = [&](size_t start, size_t end) {
    auto it = taken_ranges.lower_bound(start);
    if (it != taken_ranges.end() && it->first < end) return true;
    return it != taken_ranges.begin() && std::prev(it)->second > start;
  };
  std::vector<Mention> added;
  for (const auto& e : aliases.entries) {
    std::vector<std::string> forms = e.forms;
    forms.push_back(e.canonical);
    for (const std::string& f : forms) {
      if (f.empty()) continue;
      for (size_t i = text.find(f); i != std::string_view::npos; i = text.find(f, i + 1)) {
        size_t end = i + f.size();
        if ((i > 0 && IsWordByte(text, i - 1)) || (end < text.size() && IsWordByte(text, end))) {
          continue;
        }
        if (is_taken(i, end)) continue;
        taken_ranges.emplace(i, end);
        Mention m;
        m.type = e.person ? Mention::Type::kPerson : Mention::Type::kOrg;
        m.start = i;
        m.end = end;
        m.surface = f;
        m.canonical = e.canonical;
        added.push_back(std::move(m));
      }
    }
  }
  out->insert(out->end(), added.begin(), added.end());
}

}  // namespace

std::vector<Mention> FindEntities(std::string_view text, const Aliases* aliases,
                                  std::vector<size_t>* sentence_starts) {
  // ICU's sentence breaking is the costliest step here: run it once for names, sentence
  // indices and the caller.
  const std::vector<size_t> starts = SentenceStarts(text);
  std::vector<Mention> out;
  for (const MoneyMatch& mm : FindMoney(text)) {
    Mention m;
    m.type = Mention::Type::kMoney;
    m.start = mm.start;
    m.end = mm.end;
    m.surface = std::string(text.substr(mm.start, mm.end - mm.start));
    m.canonical = m.surface;
    m.value = mm.value;
    m.value_max = mm.value_max;
    m.currency = mm.currency;
    m.approximate = mm.approximate;
    out.push_back(std::move(m));
  }
  // Both lists are sorted by position: one merge pass drops names that overlap money.
  const size_t money_count = out.size();
  size_t k = 0;
  for (const NameMatch& nm : FindNames(text, &starts)) {
    while (k < money_count && out[k].end <= nm.start) ++k;
    if (k < money_count && Overlaps(out[k], nm.start, nm.end)) continue;
    Mention m;
    m.type = nm.type == NameMatch::Type::kPerson ? Mention::Type::kPerson : Mention::Type::kOrg;
    m.start = nm.start;
    m.end = nm.end;
    m.surface = std::string(text.substr(nm.start, nm.end - nm.start));
    m.canonical = nm.canonical;
    out.push_back(std::move(m));
  }
  if (aliases != nullptr) ApplyAliases(text, *aliases, &out);
  std::sort(out.begin(), out.end(),
            [](const Mention& a, const Mention& b) { return a.start < b.start; });
  for (Mention& m : out) m.sentence = SentenceIndex(starts, m.start);
  if (sentence_starts != nullptr) *sentence_starts = starts;
  return out;
}

}  // namespace byline::extract
