#include "extract/gazetteer.h"

#include <unicode/uchar.h>
#include <unicode/ustring.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

// The lists, embedded by data/embed_gazetteers.py (see extract/CMakeLists.txt).
namespace byline::extract::gazetteer_data {
extern const char kGazetteerCompanies[];
extern const unsigned kGazetteerCompaniesSize;
extern const char kGazetteerCommonWords[];
extern const unsigned kGazetteerCommonWordsSize;
extern const char kGazetteerGivenNames[];
extern const unsigned kGazetteerGivenNamesSize;
extern const char kGazetteerSurnames[];
extern const unsigned kGazetteerSurnamesSize;
extern const char kGazetteerPlaces[];
extern const unsigned kGazetteerPlacesSize;
extern const char kGazetteerNationalities[];
extern const unsigned kGazetteerNationalitiesSize;
}  // namespace byline::extract::gazetteer_data

namespace byline::extract {
namespace {

namespace gd = gazetteer_data;

// Longest input that the case-variant lookups rewrite; longer inputs only match exactly.
// Names and words are far shorter, and a fixed stack buffer keeps lookups allocation-free.
constexpr size_t kMaxVariant = 128;

// A set of newline-separated entries of one text blob, as an open-addressing hash table of
// (offset, length) pairs into the blob: 8 bytes a slot instead of a node-based set's ~50 bytes
// an entry, and a probe touches one cache line in the common case.
class WordSet {
 public:
  explicit WordSet(std::string_view blob) : blob_(blob) {
    size_t n = 0;
    for (char c : blob) n += c == '\n';
    size_t capacity = 16;
    while (capacity < 2 * n + 2) capacity *= 2;  // load factor <= 1/2 keeps probes short
    slots_.assign(capacity, Slot{0, 0});
    mask_ = capacity - 1;
    size_t start = 0;
    while (start < blob.size()) {
      size_t end = blob.find('\n', start);
      if (end == std::string_view::npos) end = blob.size();
      if (end > start) Insert(static_cast<uint32_t>(start), static_cast<uint32_t>(end - start));
      start = end + 1;
    }
  }

  bool Contains(std::string_view word) const {
    if (word.empty()) return false;
    for (size_t i = Hash(word) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.length == 0) return false;
      if (s.length == word.size() && std::memcmp(blob_.data() + s.offset, word.data(),
                                                 word.size()) == 0) {
        return true;
      }
    }
  }

  // Calls f(entry) for every entry, in blob order.
  template <typename F>
  void ForEach(F f) const {
    size_t start = 0;
    while (start < blob_.size()) {
      size_t end = blob_.find('\n', start);
      if (end == std::string_view::npos) end = blob_.size();
      if (end > start) f(blob_.substr(start, end - start));
      start = end + 1;
    }
  }

  size_t size() const { return count_; }
  size_t MemoryUsage() const { return slots_.capacity() * sizeof(Slot) + blob_.size(); }

 private:
  struct Slot {
    uint32_t offset;
    uint32_t length;  // 0 marks an empty slot; entries are never empty
  };

  static size_t Hash(std::string_view s) { return std::hash<std::string_view>{}(s); }

  void Insert(uint32_t offset, uint32_t length) {
    std::string_view word = blob_.substr(offset, length);
    for (size_t i = Hash(word) & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.length == 0) {
        s = Slot{offset, length};
        ++count_;
        return;
      }
      if (s.length == length && blob_.compare(s.offset, s.length, word) == 0) return;
    }
  }

  std::string_view blob_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t count_ = 0;
};

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
char AsciiUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

// Case-folds `in` into `buf` (kMaxVariant bytes) and returns the folded view, or an empty
// view if it does not fit or is not valid UTF-8. ASCII, the common case, never reaches ICU.
std::string_view FoldCase(std::string_view in, char* buf) {
  if (in.size() > kMaxVariant) return {};
  if (IsAscii(in)) {
    for (size_t i = 0; i < in.size(); ++i) buf[i] = AsciiLower(in[i]);
    return {buf, in.size()};
  }
  UChar wide[kMaxVariant];
  UChar folded[kMaxVariant];
  UErrorCode status = U_ZERO_ERROR;
  int32_t wide_len = 0;
  u_strFromUTF8(wide, kMaxVariant, &wide_len, in.data(), static_cast<int32_t>(in.size()),
                &status);
  if (U_FAILURE(status) || wide_len >= static_cast<int32_t>(kMaxVariant)) return {};
  int32_t folded_len =
      u_strFoldCase(folded, kMaxVariant, wide, wide_len, U_FOLD_CASE_DEFAULT, &status);
  if (U_FAILURE(status) || folded_len >= static_cast<int32_t>(kMaxVariant)) return {};
  int32_t out_len = 0;
  u_strToUTF8(buf, kMaxVariant, &out_len, folded, folded_len, &status);
  if (U_FAILURE(status) || out_len >= static_cast<int32_t>(kMaxVariant)) return {};
  return {buf, static_cast<size_t>(out_len)};
}

// Builds the case-folded company names that may match text in any case: names of 3+ bytes
// whose folded form is not an ordinary word, so "NVIDIA" finds "Nvidia" but "APPLE" or
// "apple" does not find "Apple".
std::string FoldedCompanies(const WordSet& companies, const WordSet& common) {
  std::string out;
  char buf[kMaxVariant];
  companies.ForEach([&](std::string_view name) {
    if (name.size() < 3) return;
    std::string_view folded = FoldCase(name, buf);
    if (folded.empty() || common.Contains(folded)) return;
    out.append(folded);
    out.push_back('\n');
  });
  return out;
}

// Looks `word` up as written, then with its first letter upper-cased ("sam" -> "Sam") and, for
// all-capital ASCII words as in headlines, as a capitalised word ("ALTMAN" -> "Altman").
bool ContainsName(const WordSet& set, std::string_view word) {
  if (set.Contains(word)) return true;
  if (word.size() < 2 || word.size() > kMaxVariant || !IsAscii(word)) return false;
  char buf[kMaxVariant];
  std::memcpy(buf, word.data(), word.size());
  bool all_upper = true;
  for (char c : word) all_upper = all_upper && !(c >= 'a' && c <= 'z');
  buf[0] = AsciiUpper(buf[0]);
  if (all_upper) {
    for (size_t i = 1; i < word.size(); ++i) buf[i] = AsciiLower(buf[i]);
  }
  std::string_view variant(buf, word.size());
  return variant != word && set.Contains(variant);
}

}  // namespace

struct Gazetteer::Tables {
  Tables()
      : companies({gd::kGazetteerCompanies, gd::kGazetteerCompaniesSize}),
        common({gd::kGazetteerCommonWords, gd::kGazetteerCommonWordsSize}),
        given({gd::kGazetteerGivenNames, gd::kGazetteerGivenNamesSize}),
        surnames({gd::kGazetteerSurnames, gd::kGazetteerSurnamesSize}),
        places({gd::kGazetteerPlaces, gd::kGazetteerPlacesSize}),
        nationalities({gd::kGazetteerNationalities, gd::kGazetteerNationalitiesSize}),
        folded_company_text(FoldedCompanies(companies, common)),
        folded_companies(folded_company_text) {}

  bool IsCompanyWord(std::string_view word) const {
    if (companies.Contains(word)) return true;
    if (word.size() < 3) return false;
    char buf[kMaxVariant];
    std::string_view folded = FoldCase(word, buf);
    return !folded.empty() && folded_companies.Contains(folded);
  }

  WordSet companies;
  WordSet common;
  WordSet given;
  WordSet surnames;
  WordSet places;
  WordSet nationalities;
  // Declared before folded_companies, which points into it.
  std::string folded_company_text;
  WordSet folded_companies;
};

const Gazetteer& Gazetteer::Get() {
  static const Gazetteer* const gazetteer = new Gazetteer();  // never destroyed: no exit races
  return *gazetteer;
}

Gazetteer::Gazetteer() : tables_(new Tables()) {}

bool Gazetteer::IsCompany(std::string_view name) const {
  if (tables_->IsCompanyWord(name)) return true;
  // The company list holds single words ("Goldman", "Sachs"), so a multi-word name matches
  // when every word is a company word and at least one is not an ordinary English word (else
  // "Apple Metals" would pass on two common words).
  if (name.find(' ') == std::string_view::npos) return false;
  bool distinctive = false;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find(' ', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view word = name.substr(start, end - start);
    if (word.empty() || !tables_->IsCompanyWord(word)) return false;
    char buf[kMaxVariant];
    std::string_view folded = FoldCase(word, buf);
    if (!folded.empty() && !tables_->common.Contains(folded)) distinctive = true;
    start = end + 1;
  }
  return distinctive;
}

bool Gazetteer::IsGivenName(std::string_view word) const {
  return ContainsName(tables_->given, word);
}

bool Gazetteer::IsSurname(std::string_view word) const {
  return ContainsName(tables_->surnames, word);
}

bool Gazetteer::IsCommonWord(std::string_view lower_word) const {
  if (tables_->common.Contains(lower_word)) return true;
  // Be forgiving about a capital from a sentence start ("The"): fold ASCII and retry.
  if (lower_word.size() > kMaxVariant || !IsAscii(lower_word)) return false;
  char buf[kMaxVariant];
  bool changed = false;
  for (size_t i = 0; i < lower_word.size(); ++i) {
    buf[i] = AsciiLower(lower_word[i]);
    changed = changed || buf[i] != lower_word[i];
  }
  return changed && tables_->common.Contains({buf, lower_word.size()});
}

bool Gazetteer::IsPlace(std::string_view name) const { return tables_->places.Contains(name); }

bool Gazetteer::IsNationality(std::string_view word) const {
  if (tables_->nationalities.Contains(word)) return true;
  // Plurals of demonyms ("Americans"); the list holds the singular.
  return word.size() > 2 && word.back() == 's' && word[word.size() - 2] != 's' &&
         tables_->nationalities.Contains(word.substr(0, word.size() - 1));
}

size_t Gazetteer::size() const {
  const Tables& t = *tables_;
  return t.companies.size() + t.common.size() + t.given.size() + t.surnames.size() +
         t.places.size() + t.nationalities.size();
}

size_t Gazetteer::MemoryUsage() const {
  const Tables& t = *tables_;
  return sizeof(Tables) + t.companies.MemoryUsage() + t.common.MemoryUsage() +
         t.given.MemoryUsage() + t.surnames.MemoryUsage() + t.places.MemoryUsage() +
         t.nationalities.MemoryUsage() + t.folded_company_text.capacity() +
         t.folded_companies.MemoryUsage() - t.folded_company_text.size();
}

}  // namespace byline::extract
