// Name lists for entity recognition, built reproducibly by data/build_gazetteers.py from
// permissively licensed sources (see data/gazetteers/SOURCES.md) and compiled into the
// binary, so byline needs no data files at run time.
#ifndef BYLINE_EXTRACT_GAZETTEER_H_
#define BYLINE_EXTRACT_GAZETTEER_H_

#include <string_view>

namespace byline::extract {

// All lookups are thread-safe and allocation-free after the first call (the tables are
// built once, on first use). Arguments are UTF-8 words or phrases as they appear in text.
class Gazetteer {
 public:
  static const Gazetteer& Get();

  // Company and organisation names known to the lists ("Nvidia", "OpenAI", "Goldman Sachs").
  // Exact match on the written form, and also on the case-folded form for names of 3+ chars.
  bool IsCompany(std::string_view name) const;
  // First names ("Sam", "Andrej"), case-insensitive on the first letter's case.
  bool IsGivenName(std::string_view word) const;
  // Family names ("Altman", "Karpathy").
  bool IsSurname(std::string_view word) const;
  // Ordinary English words, given in lower case ("apple", "the", "reasoning"): a capitalised
  // word that is an ordinary word is a weak name candidate at a sentence start.
  bool IsCommonWord(std::string_view lower_word) const;
  // Places: countries, regions, continents, major cities, US states ("China", "Hangzhou",
  // "Silicon Valley", "New York").
  bool IsPlace(std::string_view name) const;
  // Nationalities and demonyms ("Chinese", "American", "European").
  bool IsNationality(std::string_view word) const;

  // Sizes, for reports and the memory budget.
  size_t size() const;
  size_t MemoryUsage() const;

 private:
  Gazetteer();
  struct Tables;
  const Tables* tables_;
};

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_GAZETTEER_H_
