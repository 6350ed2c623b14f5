// Internal to the name recogniser (names.cc and its names_*.cc passes): the span type and
// the Recognizer class, whose methods each pass file defines.
#ifndef BYLINE_EXTRACT_NAMES_RECOGNIZER_H_
#define BYLINE_EXTRACT_NAMES_RECOGNIZER_H_

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "extract/gazetteer.h"
#include "extract/names.h"
#include "extract/tokens.h"

namespace byline::extract::names_internal {

enum class Kind { kUnknown, kPerson, kOrg, kNone };

struct Span {
  size_t first = 0, last = 0;  // token indices, inclusive
  Kind kind = Kind::kUnknown;
  bool sentence_start = false;
  bool after_role = false;  // a role word or honorific stood before it
  bool person_cue = false;
  bool org_cue = false;
  size_t ordinary_from = SIZE_MAX;  // first token of a sentence-initial ordinary word cut off
  bool work_cue = false;            // followed by "newsletter", "model", "chip": a product or work
  bool place_cue = false;           // "X-based"
  bool based_cue = false;           // "Hangzhou-based X"
  std::string canonical;
};

class Recognizer {
 public:
  Recognizer(std::string_view text, const std::vector<size_t>& sentence_starts)
      : text_(text), gaz_(Gazetteer::Get()), tokens_(Tokenize(text)), starts_(sentence_starts) {}

  std::vector<NameMatch> Run();

 private:
  // ------------------------------------------------------------------ helpers

  std::string_view Word(size_t i) const {
    return text_.substr(tokens_[i].start, tokens_[i].end - tokens_[i].start);
  }
  std::string_view Surface(const Span& s) const {
    return text_.substr(tokens_[s.first].start, tokens_[s.last].end - tokens_[s.first].start);
  }
  static std::string Lower(std::string_view w) {
    std::string out(w);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }
  bool IsNameToken(size_t i) const {
    const Token& t = tokens_[i];
    if (!t.word || in_caps_line_[i]) return false;
    if (t.upper_first || t.inner_caps) return true;
    return false;
  }
  // Whether token i, lower-cased, is an ordinary word; a contraction ("They’ll", "We're") is
  // judged by its first part.
  bool IsCommonLower(size_t i) const {
    std::string w = Lower(Word(i));
    size_t apostrophe = std::min(w.find('\''), w.find("\xE2\x80\x99"));
    if (apostrophe != std::string::npos && apostrophe > 0) w.resize(apostrophe);
    return gaz_.IsCommonWord(w);
  }
  // Two tokens are adjacent in a name when only spaces (or a hyphen flag) separate them.
  bool Adjacent(size_t a, size_t b) const {
    if (b != a + 1) return false;
    const Token& tb = tokens_[b];
    if (tb.line_start || sentence_start_[b]) return false;
    return true;
  }

  // -------------------------------------------------- pass 1: spans (names.cc)

  void MarkCapsLines();
  void MarkScheduleLine(size_t begin, size_t end);
  void MarkSentenceStarts();
  bool AfterVersus(size_t i) const;
  bool JoinsOrgName(size_t left_last, size_t connector, size_t right) const;
  std::vector<std::pair<size_t, size_t>> RawSpans() const;
  void BuildSpans();
  void SplitAtRoles(Span s);
  bool HyphenatedGivenNameTail(size_t j) const;
  bool SeparateAtHyphen(size_t first, size_t j) const;
  bool CapitalisedMidSentence(const Span& s) const;
  bool RecursElsewhere(const Span& s) const;
  bool ChineseNameWithHe(const Span& s) const;
  bool GroupWithThe(const Span& s) const;
  void TrimFront(Span* s);
  void AddSpan(Span s);
  static bool IsOrgHyphenSuffix(std::string_view w);

  // -------------------------------------------------- pass 2: classify (names_classify.cc)

  size_t PrevWord(size_t i) const;
  void Cues(Span* s);
  bool HasDigit(const Span& s) const;
  bool IsPlaceName(std::string_view w) const;
  bool AnyPlaceToken(const Span& s) const;
  bool PersonShape(const Span& s) const;
  size_t LastNameToken(const Span& s) const;
  bool KnownCompany(const Span& s) const;
  void Classify(Span* s);
  bool AbbreviationBeforePrice(const Span& s) const;
  bool IsAirline(const Span& s) const;
  bool HasAmpersand(const Span& s) const;
  bool IsProductTitle(const Span& s) const;
  static bool IsContraction(std::string_view w);
  void Set(Span* s, Kind k);

  // -------------------------------------------------- sports sides (names_sports.cc)

  bool IsSide(const Span& s) const;
  void FindSportsSides();
  bool SideInPlay(const Span& s) const;
  bool IsScore(size_t k) const;
  bool StandingsRow(const Span& s) const;
  bool IsFraction(size_t k) const;
  bool ResultLine(const Span& s) const;
  bool Dateline(const Span& s) const;
  bool ScoreAfter(size_t n) const;
  bool SportsSide(const Span& s) const;

  // -------------------------------------------------- pass 3: resolve (names_resolve.cc)

  void FindAcronyms();
  void Resolve();
  void KeepExclamationMarks();
  void CompanyFirstWordsAreNotPeople();
  void FromCoordination();
  bool Coordinated(const Span& a, const Span& b) const;
  void FullNamesForTitledSurnames();
  bool DatelineAgency(const Span& s) const;
  bool InParenthesesAfterNonOrg(const Span& s) const;
  Kind DecideUnknown(const Span& s);
  void UndoProducts();
  bool ProductUse(const Span& s) const;
  bool IsOrgAcronym(size_t i) const;
  void CanonicalOrgs();
  std::string ResolveOrgName(const Span& s, const std::vector<std::string>& full);
  bool IsAcronymSpan(const Span& s) const;
  std::string AcronymLetters(const Span& s) const;
  static std::string Initials(const std::string& name);
  std::string StripLegalForm(const Span& s) const;
  std::string StripLegalFormText(const Span& s) const;
  std::vector<NameMatch> Output() const;

  std::string_view text_;
  const Gazetteer& gaz_;
  std::vector<Token> tokens_;
  const std::vector<size_t>& starts_;  // sentence offsets, owned by the caller
  std::vector<uint8_t> sentence_start_;
  std::vector<uint8_t> in_caps_line_;
  std::vector<Span> spans_;
  std::unordered_set<std::string> sports_sides_;  // places that play in this document
  std::unordered_set<size_t> schedule_at_;        // the "AT" tokens of fixtures lines
  std::unordered_map<std::string, std::string> acronyms_;
  std::unordered_map<std::string_view, int> raw_counts_;       // surfaces of candidate runs
  std::unordered_set<std::string_view> mid_sentence_caps_;     // capitalised words inside sentences
  std::vector<std::pair<std::string, std::string>> initials_;  // (initials, name)
};

}  // namespace byline::extract::names_internal

#endif  // BYLINE_EXTRACT_NAMES_RECOGNIZER_H_
