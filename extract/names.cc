// Person and organisation recognition in three named passes over the tokens:
//
//  1. Spans    - runs of capitalised tokens within a sentence, joined across "&" and, in
//                organisation names, "of"/"for"/"de"; titles and roles split off the front
//                (and remembered as context), sentence-initial ordinary words dropped.
//  2. Classify - each span by its own shape (legal form, organisation head word, known
//                company, given name + surname) and by context cues (a role word or
//                honorific before it, "X, a startup", "shares of X", "CEO of X", a speech
//                verb). Places, nationalities, products with digits are not entities.
//  3. Resolve  - across the document: a span left undecided takes the type the same
//                surface got elsewhere, or becomes a person when it is the first or last
//                name of a person found; canonical names go to the fullest form.
#include "extract/names.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "extract/gazetteer.h"
#include "extract/name_words.h"
#include "extract/sentences.h"
#include "extract/tokens.h"

namespace byline::extract {
namespace {

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

// Country names in English, lower case, from ICU ("germany", "united states"). A country
// named as a side in a match is its national team, which news style (and CoNLL) keeps a
// place, unlike a city's club.
bool IsCountryName(std::string_view name) {
  static const std::set<std::string, std::less<>>* countries = [] {
    auto* set = new std::set<std::string, std::less<>>();
    for (const char* const* code = icu::Locale::getISOCountries(); *code; ++code) {
      icu::UnicodeString display;
      icu::Locale("", *code).getDisplayCountry(icu::Locale::getEnglish(), display);
      std::string utf8;
      display.toLower(icu::Locale::getEnglish()).toUTF8String(utf8);
      set->insert(utf8);
    }
    // The United Kingdom's nations field national teams of their own.
    for (const char* nation :
         {"england", "scotland", "wales", "northern ireland", "britain", "great britain"}) {
      set->insert(nation);
    }
    return set;
  }();
  char buf[64];
  if (name.size() > sizeof buf) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    buf[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
  }
  return countries->count(std::string_view(buf, name.size())) > 0;
}

class Recognizer {
 public:
  Recognizer(std::string_view text, const std::vector<size_t>& sentence_starts)
      : text_(text), gaz_(Gazetteer::Get()), tokens_(Tokenize(text)), starts_(sentence_starts) {}

  std::vector<NameMatch> Run() {
    MarkSentenceStarts();
    BuildSpans();
    FindSportsSides();
    for (Span& s : spans_) Classify(&s);
    Resolve();
    return Output();
  }

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

  // ------------------------------------------------------------------ pass 1: spans

  // Lines mostly in capitals (headlines, shouted banners) say nothing by case: no spans.
  void MarkCapsLines() {
    in_caps_line_.assign(tokens_.size(), 0);
    size_t line_begin = 0;
    for (size_t i = 0; i <= tokens_.size(); ++i) {
      if (i < tokens_.size() && !(tokens_[i].line_start && i > line_begin)) continue;
      size_t words = 0, caps = 0;
      for (size_t k = line_begin; k < i; ++k) {
        if (!tokens_[k].word || tokens_[k].has_digit) continue;
        ++words;
        caps += tokens_[k].all_caps ||
                (tokens_[k].end - tokens_[k].start == 1 && tokens_[k].upper_first);
      }
      if (words >= 3 && caps * 10 >= words * 7) {
        for (size_t k = line_begin; k < i; ++k) in_caps_line_[k] = 1;
        MarkScheduleLine(line_begin, i);
      }
      line_begin = i;
    }
  }

  // "KANSAS CITY AT DETROIT", a fixtures line: two places split by "AT", the first the
  // visiting side and the second the venue. Its names are read despite the capitals.
  void MarkScheduleLine(size_t begin, size_t end) {
    size_t at = SIZE_MAX;
    for (size_t k = begin; k < end; ++k) {
      if (!tokens_[k].word || !tokens_[k].all_caps) return;
      if (Word(k) == "AT") {
        if (at != SIZE_MAX) return;
        at = k;
      }
    }
    if (at == SIZE_MAX || at == begin || at + 1 == end || at - begin > 3 || end - at > 4) return;
    auto place = [&](size_t first, size_t last) {
      return IsPlaceName(
          text_.substr(tokens_[first].start, tokens_[last].end - tokens_[first].start));
    };
    if (!place(begin, at - 1) || !place(at + 1, end - 1)) return;
    for (size_t k = begin; k < end; ++k) in_caps_line_[k] = k == at;
    schedule_at_.insert(at);
  }

  void MarkSentenceStarts() {
    MarkCapsLines();
    const std::vector<size_t>& starts = starts_;
    sentence_start_.assign(tokens_.size(), 0);
    size_t k = 0;
    for (size_t i = 0; i < tokens_.size(); ++i) {
      while (k < starts.size() && starts[k] <= tokens_[i].start) {
        sentence_start_[i] = 1;
        ++k;
      }
      // After an opening quote or a dash at a sentence start, the next word starts it too.
      if (i > 0 && sentence_start_[i - 1] && !tokens_[i - 1].word) sentence_start_[i] = 1;
      if (tokens_[i].line_start) sentence_start_[i] = 1;
      if (i > 0 && (tokens_[i - 1].initial || IsTitleAbbreviation(Word(i - 1))) &&
          !tokens_[i].line_start) {
        sentence_start_[i] = 0;  // "P. Simmons", "Mr. Xi", "St. Croix"
      }
      if (AfterVersus(i)) sentence_start_[i] = 0;  // "Broncos vs. Raiders"
      if (i > 0 && !tokens_[i - 1].word) {
        std::string_view p = Word(i - 1);
        if (p == ":" || p == "\"" || p == "\xE2\x80\x9C") sentence_start_[i] = 1;
      }
    }
  }

  // Whether token i follows "vs." or "v.", which end no sentence.
  bool AfterVersus(size_t i) const {
    if (i < 2 || Word(i - 1) != "." || tokens_[i].line_start) return false;
    std::string_view v = Word(i - 2);
    return v == "vs" || v == "v";
  }

  bool JoinsOrgName(size_t left_last, size_t connector, size_t right) const {
    std::string_view c = Word(connector);
    if (c == "&") return true;
    if (c != "of" && c != "for" && c != "de" && c != "du" && c != "des" && c != "la" &&
        c != "del" && c != "der") {
      return false;
    }
    (void)right;
    return IsOrgOfWord(Word(left_last)) || IsOrgHeadWord(Word(left_last));
  }

  // Candidate runs of name tokens, before any trimming: (first, last) token pairs.
  std::vector<std::pair<size_t, size_t>> RawSpans() const {
    std::vector<std::pair<size_t, size_t>> raw;
    size_t i = 0;
    while (i < tokens_.size()) {
      if (!IsNameToken(i)) {
        ++i;
        continue;
      }
      size_t j = i;
      while (true) {
        if (tokens_[j].possessive) break;
        if (j + 1 < tokens_.size() && Adjacent(j, j + 1) && IsNameToken(j + 1) &&
            !SeparateAtHyphen(i, j)) {
          ++j;
          continue;
        }
        if (j > i && HyphenatedGivenNameTail(j)) {  // "Kim Jong-un"
          ++j;
          break;
        }
        // "Johnson & Johnson", "Bank of America", "AT&T"
        if (j + 2 < tokens_.size() && Adjacent(j, j + 1) && Adjacent(j + 1, j + 2) &&
            IsNameToken(j + 2) && JoinsOrgName(j, j + 1, j + 2)) {
          j += 2;
          continue;
        }
        break;
      }
      raw.emplace_back(i, j);
      i = j + 1;
    }
    return raw;
  }

  void BuildSpans() {
    std::vector<std::pair<size_t, size_t>> raw = RawSpans();
    for (const auto& [first, last] : raw) {
      // Multi-word runs and their tails ("Fortune Asia" of "Read Fortune Asia"), counted for
      // RecursElsewhere.
      for (size_t f = first; f < last && f < first + 3; ++f) {
        ++raw_counts_[text_.substr(tokens_[f].start, tokens_[last].end - tokens_[f].start)];
      }
    }
    for (const auto& [first, last] : raw) {
      for (size_t k = first; k <= last; ++k) {
        if (!sentence_start_[k] && tokens_[k].upper_first) mid_sentence_caps_.insert(Word(k));
      }
    }
    for (const auto& [first, last] : raw) {
      Span s;
      s.first = first;
      s.last = last;
      s.sentence_start = sentence_start_[s.first];
      SplitAtRoles(s);
    }
  }

  // "OpenAI CEO Sam Altman" is an organisation, a role and a person: a run of role words
  // inside a span splits it when it is an acronym role ("CEO") or a given name follows.
  void SplitAtRoles(Span s) {
    for (size_t k = s.first + 1; k < s.last; ++k) {
      if (!IsRoleWord(Word(k))) continue;
      size_t r = k;
      bool acronym = false;
      while (r <= s.last && IsRoleWord(Word(r))) acronym = acronym || tokens_[r++].all_caps;
      if (r > s.last) break;
      bool person_follows = gaz_.IsGivenName(Word(r)) ||
                            (r + 1 <= s.last && !IsCommonLower(r) && !IsCommonLower(r + 1));
      if (!acronym && !person_follows) continue;
      Span before = s, after = s;
      before.last = k - 1;
      before.org_cue = true;  // "OpenAI CEO": whose CEO
      after.first = r;
      after.after_role = true;
      after.sentence_start = false;
      TrimFront(&before);
      if (before.first <= before.last) AddSpan(before);
      SplitAtRoles(after);
      return;
    }
    TrimFront(&s);
    if (s.first <= s.last) AddSpan(s);
  }

  // Korean given names are romanised with a lower-case syllable after a hyphen ("Kim
  // Jong-un", "Lee Jae-yong", "Ban Ki-moon"): a short capitalised syllable in a name whose
  // first word is a person's name, then a short lower-case one that is no English word and
  // no compound suffix ("Apple-like", "Nvidia-led").
  bool HyphenatedGivenNameTail(size_t j) const {
    const Token& t = tokens_[j];
    if (!t.hyphen_after || j + 1 >= tokens_.size() || t.all_caps || t.inner_caps) return false;
    const Token& tail = tokens_[j + 1];
    const size_t head_len = t.end - t.start, tail_len = tail.end - tail.start;
    if (head_len < 2 || head_len > 5 || tail_len < 2 || tail_len > 4) return false;
    if (tail.upper_first || tail.inner_caps || tail.has_digit || tail.hyphen_after ||
        tail.possessive) {
      return false;
    }
    std::string_view syllable = Word(j + 1);
    if (IsOrgHyphenSuffix(syllable) || (tail_len > 2 && IsCommonLower(j + 1))) return false;
    // Two-letter syllables ("un", "in", "il") are common words too; English particles are not
    // syllables of names ("Sign-up", "Add-on").
    static constexpr std::string_view kParticles[] = {"up", "on", "to", "of", "by", "at", "as",
                                                      "or", "it", "is", "no", "so", "do", "go",
                                                      "me", "we", "us", "an", "be", "my", "if"};
    for (std::string_view p : kParticles) {
      if (syllable == p) return false;
    }
    std::string_view first = Word(j - 1);
    return gaz_.IsGivenName(first) || gaz_.IsSurname(first);
  }

  // A multi-word name that starts a sentence and also stands elsewhere in the text ("Fortune
  // Asia" as a headline and again in the last line) is a name, ordinary first word or not.
  // "Coty-Kylie Jenner deal": names joined by a hyphen are separate mentions, unless the
  // compound is one name ("High-Flyer", "Coca-Cola", "Jean-Paul"): ordinary words on either
  // side make a compound name.
  bool SeparateAtHyphen(size_t first, size_t j) const {
    if (!tokens_[j].hyphen_after) return false;
    (void)first;
    std::string_view compound =
        text_.substr(tokens_[j].start, tokens_[j + 1].end - tokens_[j].start);
    if (gaz_.IsCompany(compound)) return false;  // "Coca-Cola"
    bool left_name = !IsCommonLower(j) && !tokens_[j].all_caps;
    return left_name && (gaz_.IsCompany(Word(j)) || gaz_.IsGivenName(Word(j + 1)));
  }

  // "Kent had reached 108 ... Essex and Kent": a one-word name that is also an ordinary
  // word keeps its capital inside sentences elsewhere in the document.
  bool CapitalisedMidSentence(const Span& s) const {
    return s.first == s.last && mid_sentence_caps_.count(Word(s.first)) > 0;
  }

  bool RecursElsewhere(const Span& s) const {
    if (s.first == s.last) return false;
    auto it = raw_counts_.find(Surface(s));
    return it != raw_counts_.end() && it->second >= 2;
  }

  // "Liu He", "He Jianxiong": He is a Chinese family and given name. Next to a capitalised
  // word no dictionary or company list holds, it is part of the name, not the pronoun
  // (which a verb follows: "He Said").
  bool ChineseNameWithHe(const Span& s) const {
    if (s.last != s.first + 1) return false;
    size_t other = Word(s.first) == "He" ? s.last : Word(s.last) == "He" ? s.first : SIZE_MAX;
    if (other == SIZE_MAX || tokens_[s.first].hyphen_after) return false;
    const Token& t = tokens_[other];
    if (!t.upper_first || t.all_caps || t.inner_caps || t.has_digit) return false;
    std::string_view w = Word(other);
    return !IsCommonLower(other) && !gaz_.IsCompany(w) && !IsPlaceName(w) && !IsNeverName(w) &&
           !IsRoleWord(w) && !IsHonorific(w);
  }

  // "Drake, The Eagles, Jay Z": a capital "The" inside a sentence before one plural name is
  // part of a band's or a team's name (but "The Netherlands" is a place).
  bool GroupWithThe(const Span& s) const {
    if (s.last != s.first + 1 || s.sentence_start || Word(s.first) != "The") return false;
    const Token& t = tokens_[s.last];
    std::string_view w = Word(s.last);
    return t.upper_first && !t.all_caps && !t.has_digit && w.size() >= 4 && w.back() == 's' &&
           w[w.size() - 2] != 's' && !IsPlaceName(w) && !IsPlaceName(Surface(s));
  }

  // Splits roles, honorifics and sentence-initial ordinary words off the front.
  void TrimFront(Span* s) {
    if (s->first < s->last && gaz_.IsPlace(Surface(*s))) return;  // "North Korea"
    if (ChineseNameWithHe(*s) || GroupWithThe(*s)) return;
    while (s->first <= s->last) {
      std::string_view w = Word(s->first);
      // "Australian Tom Moody": a nationality before a given name is not part of the name
      // (but "American Express" is one).
      bool nationality = gaz_.IsNationality(w) && s->first < s->last &&
                         gaz_.IsGivenName(Word(s->first + 1)) && !gaz_.IsCompany(Surface(*s));
      bool role = IsRoleWord(w) || IsHonorific(w) || nationality;
      bool compass = w == "North" || w == "South" || w == "East" || w == "West";
      bool never = IsNeverName(w) && !(compass && ResultLine(*s));  // "East Fife 2 Clyde 1"
      bool ordinary_start = s->sentence_start && IsCommonLower(s->first) && !gaz_.IsCompany(w) &&
                            !(gaz_.IsGivenName(w) && s->first < s->last) && !RecursElsewhere(*s) &&
                            !CapitalisedMidSentence(*s) && !ResultLine(*s) &&  // "East Fife 2"
                            !(s->first == s->last && SportsSide(*s));  // "Broncos vs. Raiders"
      if (!(role || never || ordinary_start)) break;
      if (role) s->after_role = true;
      if (ordinary_start && !role && !never && s->ordinary_from == SIZE_MAX) {
        s->ordinary_from = s->first;  // restored if the rest turns out to be a company
      }
      s->sentence_start = false;
      ++s->first;
    }
    // Roles at the end ("Nvidia CEO" -> "Nvidia") and shouted ordinary words after a name
    // ("Magzter GOLD") are not part of it.
    while (s->first < s->last && !IsLegalForm(Word(s->last)) && !IsEventEnd(Word(s->last)) &&
           (IsRoleWord(Word(s->last)) || IsNeverName(Word(s->last)) ||
            (tokens_[s->last].all_caps && !tokens_[s->first].all_caps && IsCommonLower(s->last)))) {
      --s->last;
    }
  }

  // Hyphenated compounds: "Hangzhou-based" is a word of its own, but "High-Flyer" and
  // "Coca-Cola" are names; a lower-case part after the hyphen ends the name before it.
  void AddSpan(Span s) {
    if (tokens_[s.last].hyphen_after && s.last + 1 < tokens_.size() && !IsNameToken(s.last + 1)) {
      s.org_cue = s.org_cue || IsOrgHyphenSuffix(Word(s.last + 1));
      // "Hangzhou-based": the name is a place.
      if (Word(s.last + 1) == "based") s.place_cue = true;
    }
    // "Hangzhou-based DeepSeek": what follows a place-based is most often a company.
    if (s.first >= 2 && Word(s.first - 1) == "based" && tokens_[s.first - 2].hyphen_after) {
      s.based_cue = true;
    }
    spans_.push_back(s);
  }

  static bool IsOrgHyphenSuffix(std::string_view w) {
    return w == "backed" || w == "owned" || w == "funded" || w == "led" || w == "made" ||
           w == "controlled" || w == "listed";
  }

  // ------------------------------------------------------------------ pass 2: classify

  size_t PrevWord(size_t i) const {
    while (i > 0) {
      --i;
      if (tokens_[i].word) return i;
      std::string_view p = Word(i);
      if (p != "\"" && p != "(" && p != "\xE2\x80\x9C") return SIZE_MAX;
    }
    return SIZE_MAX;
  }

  void Cues(Span* s) {
    // Before: a role word or honorific ("CEO Sam Altman", "Mr. Xi"), "shares of X",
    // "at X", "of X" after a role.
    if (s->first > 0) {
      size_t p = s->first - 1;
      std::string_view w = Word(p);
      if (tokens_[p].word && (IsRoleWord(w) || IsHonorific(w))) s->after_role = true;
      if ((w == "of" || w == "at" || w == "from" || w == "with" || w == "by" || w == "for") &&
          !gaz_.IsPlace(Surface(*s))) {  // "director for China" is about a country
        size_t pp = PrevWord(p);
        if (pp != SIZE_MAX && IsRoleWord(Word(pp))) s->org_cue = true;  // "CEO of X"
        if (pp != SIZE_MAX && (Word(pp) == "shares" || Word(pp) == "stock")) s->org_cue = true;
      }
      if (tokens_[p].word && IsSpeechVerb(Lower(w))) s->person_cue = true;  // "said Jane Doe"
      if (tokens_[p].word && !tokens_[p].upper_first && IsCompanyNounBefore(w)) {
        s->org_cue = true;  // "beauty company Coty", "carrier SunExpress"
      }
      if (w == "of") {  // "the May edition of Fortune Asia"
        size_t pp = PrevWord(p);
        if (pp != SIZE_MAX && (Word(pp) == "edition" || Word(pp) == "issue")) s->org_cue = true;
      }
      if (w == "called" || w == "named" || w == "dubbed") {  // "a hedge fund called X"
        size_t q = p;
        for (int back = 0; back < 3 && q != SIZE_MAX; ++back) {
          q = PrevWord(q);
          if (q != SIZE_MAX && IsCompanyNoun(Lower(Word(q)))) s->org_cue = true;
        }
      }
    }
    // After: ", a startup", "said", "(NASDAQ: X)", "Inc."
    size_t n = s->last + 1;
    if (n < tokens_.size()) {
      std::string_view w = Word(n);
      if (tokens_[n].word && IsSpeechVerb(Lower(w))) s->person_cue = true;
      if (w == "," && n + 2 < tokens_.size()) {
        std::string_view a = Word(n + 1);
        size_t noun = n + 2;
        if (a == "a" || a == "an" || a == "the") {
          // ", a Chinese AI startup": the noun may come a few words later.
          for (size_t k = noun; k < tokens_.size() && k < noun + 4; ++k) {
            if (IsCompanyNoun(Lower(Word(k)))) {
              s->org_cue = true;
              break;
            }
            if (IsRoleWord(Word(k))) {
              s->person_cue = true;
              break;
            }
          }
        }
        if (IsRoleWord(a)) s->person_cue = true;  // "Jeffrey Ding, assistant professor"
      }
      if (w == "(" && n + 1 < tokens_.size()) {
        std::string_view x = Word(n + 1);
        if (x == "NASDAQ" || x == "Nasdaq" || x == "NYSE" || x == "LSE" || x == "TSX" ||
            x == "HKEX" || x == "TSE") {
          s->org_cue = true;
        }
      }
      if (tokens_[n].word && IsCompanyNoun(Lower(w)) && !tokens_[s->last].possessive) {
        // "the Nvidia chipmaker" is rare; "X Inc" handled by legal forms; a noun right
        // after a single token is weak evidence, so only innerCaps names take it.
        if (tokens_[s->last].inner_caps) s->org_cue = true;
      }
      if (tokens_[n].word && IsWorkNoun(Lower(w))) s->work_cue = true;  // "ChinAI newsletter"
      if (tokens_[s->last].possessive && n < tokens_.size() && IsRoleWord(Word(n)) &&
          !gaz_.IsPlace(Surface(*s))) {
        s->org_cue = true;  // "OpenAI's CEO" (but "China's leader" is a country's)
      }
    }
  }

  bool HasDigit(const Span& s) const {
    for (size_t i = s.first; i <= s.last; ++i) {
      if (tokens_[i].has_digit) return true;
    }
    return false;
  }

  // Places and nationalities, also when shouted ("LONDON", "BEIJING").
  bool IsPlaceName(std::string_view w) const {
    if (gaz_.IsPlace(w) || gaz_.IsNationality(w)) return true;
    if (w.size() < 2 || w.size() > 40) return false;
    char buf[48];
    bool caps = true;
    for (size_t i = 0; i < w.size(); ++i) {
      char c = w[i];
      if (c >= 'a' && c <= 'z') caps = false;
      buf[i] = (i == 0 || w[i - 1] == ' ' || w[i - 1] == '-') ? c
               : (c >= 'A' && c <= 'Z')                       ? static_cast<char>(c + 32)
                                                              : c;
    }
    if (!caps) return false;
    std::string_view title(buf, w.size());
    return gaz_.IsPlace(title) || gaz_.IsNationality(title);
  }

  bool AnyPlaceToken(const Span& s) const {
    for (size_t i = s.first; i <= s.last; ++i) {
      if (gaz_.IsPlace(Word(i))) return true;
    }
    return false;
  }

  // Given name + surname: "Sam Altman", "Tim Cook" (a surname that is also a word), but not
  // "Touch Bar" or "Sierra Nevada".
  bool PersonShape(const Span& s) const {
    const size_t ntok = s.last - s.first + 1;
    if (ntok < 2 || ntok > 4 || tokens_[s.first].all_caps) return false;
    std::string_view first = Word(s.first), last = Word(LastNameToken(s));
    if (!gaz_.IsGivenName(first)) return false;
    // A place can be a family name ("Lindsay Davenport"), not after an ordinary word
    // ("Sierra Nevada").
    bool place_last = gaz_.IsPlace(last) && !(gaz_.IsSurname(last) && !IsCommonLower(s.first));
    if (place_last || IsOrgHeadWord(last) || IsPlaceHeadWord(last)) {
      return false;
    }
    return gaz_.IsSurname(last) || !IsCommonLower(LastNameToken(s)) || !IsCommonLower(s.first);
  }

  // The last capitalised token: "Jong" of "Kim Jong-un".
  size_t LastNameToken(const Span& s) const {
    return s.last > s.first && !tokens_[s.last].upper_first && tokens_[s.last - 1].hyphen_after
               ? s.last - 1
               : s.last;
  }

  // A company from the lists. The lists hold single words of company names ("Goldman",
  // "Boston", "Life"), so a word that is also a place, a nationality, a person's name or an
  // ordinary word counts only when nothing else explains it.
  bool KnownCompany(const Span& s) const {
    std::string_view surface = Surface(s);
    if (!gaz_.IsCompany(surface)) return false;
    if (IsPlaceName(surface)) return false;
    if (s.first != s.last) return true;
    if (tokens_[s.first].all_caps) return true;
    // "Apple" inside a sentence, or "Apple's" starting one.
    if (IsCommonLower(s.first)) return !s.sentence_start || tokens_[s.first].possessive;
    return true;
  }

  void Classify(Span* s) {
    Cues(s);
    // "Lumen Silicon, a chip startup": the ordinary first word belonged to the name.
    if (s->org_cue && s->ordinary_from != SIZE_MAX) {
      s->first = s->ordinary_from;
      s->ordinary_from = SIZE_MAX;
    }
    std::string_view surface = Surface(*s);
    const size_t ntok = s->last - s->first + 1;
    std::string_view first = Word(s->first), last = Word(s->last);

    if (ntok == 1 && (tokens_[s->first].end - tokens_[s->first].start) < 2) {
      return Set(s, Kind::kNone);
    }
    if (IsContraction(first)) return Set(s, Kind::kNone);
    if (AbbreviationBeforePrice(*s)) return Set(s, Kind::kNone);
    if (ChineseNameWithHe(*s)) return Set(s, Kind::kPerson);
    if (GroupWithThe(*s)) return Set(s, Kind::kOrg);
    if (HasDigit(*s) && !gaz_.IsCompany(surface)) return Set(s, Kind::kNone);
    if (s->place_cue) return Set(s, Kind::kNone);                   // "Hangzhou-based"
    if (IsSide(*s)) return Set(s, Kind::kOrg);                      // "Ross County 1"
    if (ntok >= 2 && IsEventEnd(last)) return Set(s, Kind::kNone);  // "Black Friday"
    if (IsLegalForm(last) && ntok >= 2) return Set(s, Kind::kOrg);
    if (IsAirline(*s)) return Set(s, Kind::kOrg);
    if (IsProductTitle(*s)) return Set(s, Kind::kNone);
    if (HasAmpersand(*s)) return Set(s, Kind::kOrg);                     // AT&T, Johnson & Johnson
    if (ntok >= 2 && IsPlaceHeadWord(last)) return Set(s, Kind::kNone);  // Marin County
    if (KnownCompany(*s)) return Set(s, Kind::kOrg);
    if (ntok >= 2 && IsOrgHeadWord(last) && !gaz_.IsPlace(surface)) return Set(s, Kind::kOrg);
    if (ntok >= 3 && IsOrgOfWord(first)) return Set(s, Kind::kOrg);
    if (IsPlaceName(surface)) return Set(s, s->org_cue ? Kind::kOrg : Kind::kNone);
    if (s->work_cue) return Set(s, Kind::kNone);
    if (s->org_cue) return Set(s, Kind::kOrg);
    if (PersonShape(*s)) return Set(s, Kind::kPerson);
    if (ntok >= 2 && ntok <= 3 && tokens_[s->first].initial &&
        (!IsCommonLower(s->last) || gaz_.IsSurname(last)) && !gaz_.IsPlace(last)) {
      return Set(s, Kind::kPerson);  // "P. Simmons"
    }
    if (s->based_cue && !s->after_role) return Set(s, Kind::kOrg);
    if (ntok >= 2 && ntok <= 3 && (s->after_role || s->person_cue) && !tokens_[s->first].all_caps &&
        !AnyPlaceToken(*s)) {
      return Set(s, Kind::kPerson);
    }
    if (ntok == 2 && gaz_.IsSurname(last) && !IsCommonLower(s->first) && !IsCommonLower(s->last) &&
        !AnyPlaceToken(*s)) {
      return Set(s, Kind::kPerson);
    }
    if (ntok == 1) {
      const Token& t = tokens_[s->first];
      if (s->after_role && !t.all_caps) return Set(s, Kind::kPerson);
      if (t.inner_caps && t.upper_first && !gaz_.IsCommonWord(Lower(first))) {
        return Set(s, Kind::kOrg);  // DeepSeek, OpenAI, YouTube (products are undone later)
      }
    }
    // Left for the document pass.
  }

  // A name that plays somewhere in the document, here not as the venue of "KANSAS CITY AT
  // DETROIT" nor a dateline's place.
  bool IsSide(const Span& s) const {
    if (sports_sides_.empty() || !sports_sides_.count(std::string(Surface(s)))) return false;
    bool venue = s.first > 0 && schedule_at_.count(s.first - 1);
    return !venue && !Dateline(s);
  }

  // Places that are sides in a match somewhere in the document are clubs everywhere in it
  // ("Leicestershire beat Somerset ... Somerset 83 and 174 ... title rivals Essex").
  // In a document where places play (a results page), other names in a side's position are
  // clubs too ("Ruch 2 Legia 1"); elsewhere "Pixel 9 and Pixel 9 Pro" stays a product.
  void FindSportsSides() {
    std::vector<const Span*> others;
    for (const Span& s : spans_) {
      std::string_view surface = Surface(s);
      if (!IsPlaceName(surface)) {
        others.push_back(&s);
        continue;
      }
      if (IsCountryName(surface) || gaz_.IsNationality(surface)) continue;
      if (SportsSide(s) || ResultLine(s)) sports_sides_.emplace(surface);
    }
    // "Lotte 6 Hyundai 2": names on a line of a result are sides, places or not.
    for (const Span* s : others) {
      if (ResultLine(*s)) sports_sides_.emplace(Surface(*s));
    }
    if (sports_sides_.empty()) return;
    // Where places play, weaker cues name the other sides ("took Derbyshire to 471", "the
    // match against Warwickshire", "Surrey captain Chris Lewis").
    // Places listed with a side are sides too ("Essex and Kent", "Derbyshire and Surrey").
    std::vector<uint8_t> place(spans_.size(), 0);
    for (size_t k = 0; k < spans_.size(); ++k) {
      std::string_view surface = Surface(spans_[k]);
      place[k] = IsPlaceName(surface) && !IsCountryName(surface) && !gaz_.IsNationality(surface);
      if (place[k] && SideInPlay(spans_[k])) sports_sides_.emplace(surface);
    }
    for (size_t k = 0; k + 1 < spans_.size(); ++k) {
      if (!place[k] || !place[k + 1] || !Coordinated(spans_[k], spans_[k + 1])) continue;
      std::string a(Surface(spans_[k])), b(Surface(spans_[k + 1]));
      if (sports_sides_.count(a) || sports_sides_.count(b)) {
        sports_sides_.insert(a);
        sports_sides_.insert(b);
      }
    }
    for (const Span* s : others) {
      const size_t ntok = s->last - s->first + 1;
      if (ntok > 3 || tokens_[s->first].initial || tokens_[s->first].all_caps ||
          gaz_.IsGivenName(Word(s->first)) || PersonShape(*s) || IsCommonLower(s->first)) {
        continue;
      }
      if (SportsSide(*s)) sports_sides_.emplace(Surface(*s));
    }
  }

  // In a document where places play: a place after "against", before a lower-case role
  // ("captain", "coach"), or before a score a verb or preposition away ("reached 372", "out
  // for 83", "to 471", "had reached 108"; not "on 12", which is most often a date).
  bool SideInPlay(const Span& s) const {
    size_t p = PrevWord(s.first);
    if (p != SIZE_MAX && Word(p) == "against") return true;
    // "against struggling Nottinghamshire"
    if (p != SIZE_MAX && !tokens_[p].upper_first && p > 0 && Word(p - 1) == "against") return true;
    size_t n = s.last + 1;
    // "Derbyshire's Australian captain"
    if (tokens_[s.last].possessive && n < tokens_.size() && gaz_.IsNationality(Word(n))) ++n;
    if (n < tokens_.size() && tokens_[n].word && !tokens_[n].upper_first && IsRoleWord(Word(n))) {
      return true;
    }
    if (tokens_[s.last].possessive) return false;
    size_t bridge = 0;
    for (; n < tokens_.size() && bridge < 3 && tokens_[n].word && !tokens_[n].has_digit;
         ++n, ++bridge) {
      std::string_view w = Word(n);
      if (w != "reached" && w != "had" && w != "closed" && w != "out" && w != "for" && w != "to" &&
          w != "on" && w != "scored" && w != "made" && w != "were" && w != "was") {
        return false;
      }
    }
    if (bridge == 0 || (bridge == 1 && Word(n - 1) == "on")) return false;
    return n < tokens_.size() && IsScore(n);
  }

  // 1-3 digits, or two such numbers joined by a hyphen ("429-7").
  bool IsScore(size_t k) const {
    if (k >= tokens_.size() || !tokens_[k].word || tokens_[k].has_lower) return false;
    std::string_view w = Word(k);
    size_t run = 0, hyphens = 0;
    for (char c : w) {
      if (c >= '0' && c <= '9') {
        if (++run > 3) return false;
      } else if (c == '-' && run > 0 && hyphens == 0) {
        run = 0;
        ++hyphens;
      } else {
        return false;
      }
    }
    return run > 0;
  }

  // "NEW YORK 74 59 .556 -": a name that starts its line and is followed by two or more
  // small numbers and nothing else is a row of a league table (not "BAGHDAD 1996-08-31",
  // "Telephone: (6221) 384-6364", "Attendance 35,000").
  bool StandingsRow(const Span& s) const {
    if (!tokens_[s.first].line_start) return false;
    int numbers = 0;
    for (size_t k = s.last + 1; k < tokens_.size() && !tokens_[k].line_start; ++k) {
      if (tokens_[k].word && !IsScore(k) && !IsFraction(k)) return false;
      if (!tokens_[k].word && (text_[tokens_[k].start] == ',' || text_[tokens_[k].start] == ':')) {
        return false;
      }
      numbers += tokens_[k].word;
    }
    return numbers >= 2;
  }

  // "1/2" in "5 1/2" games behind.
  bool IsFraction(size_t k) const {
    std::string_view w = Word(k);
    size_t slash = w.find('/');
    return w.size() <= 5 && slash != std::string_view::npos && slash > 0 && slash + 1 < w.size() &&
           w.find_first_not_of("0123456789/") == std::string_view::npos;
  }

  // Whether the span's line reads "NAME SCORE NAME SCORE" and nothing else ("Hanwha 6
  // Ssangbangwool 5", "Atlanta 5 Houston 3").
  bool ResultLine(const Span& s) const {
    size_t begin = s.first;
    while (begin > 0 && !tokens_[begin].line_start) --begin;
    size_t k = begin;
    for (int side = 0; side < 2; ++side) {
      size_t names = 0;
      while (k < tokens_.size() && tokens_[k].word && !tokens_[k].has_digit &&
             (names == 0 || !tokens_[k].line_start)) {
        if (!tokens_[k].upper_first && !tokens_[k].all_caps) return false;
        ++k, ++names;
      }
      if (names == 0 || names > 3 || k >= tokens_.size() || tokens_[k].line_start || !IsScore(k)) {
        return false;
      }
      ++k;
    }
    return k >= tokens_.size() || tokens_[k].line_start;
  }

  // "NEW YORK 1996-08-30": a dateline's place, never a side.
  bool Dateline(const Span& s) const {
    size_t n = s.last + 1;
    return tokens_[s.first].line_start && n < tokens_.size() && tokens_[n].has_digit &&
           tokens_[n].end - tokens_[n].start == 4 && tokens_[n].hyphen_after;
  }

  // A score after a side: "83", "108-3", "4-38", at the end of a line or clause ("Somerset 83
  // and 174", "Kent 108-3.", "Leicestershire 22 points").
  bool ScoreAfter(size_t n) const {
    auto number = [&](size_t k) { return IsScore(k); };
    if (!number(n)) return false;
    size_t m = n + 1;
    if (tokens_[n].hyphen_after && number(m)) ++m;
    if (m >= tokens_.size() || tokens_[m].line_start) return true;
    if (!tokens_[m].word) {
      char c = text_[tokens_[m].start];
      return c == ',' || c == '.' || c == ';' || c == '(' || c == ')';
    }
    std::string_view w = Word(m);
    // Not "80 not out": that is a batsman's score.
    return w == "and" || w == "points" || w == "runs" || w == "for";
  }

  // A place named as a side in a match ("Leicestershire beat Somerset", "Atlanta 5 Houston
  // 3", "Brazil v Italy") is the team, an organisation.
  bool SportsSide(const Span& s) const {
    if (s.first < s.last && gaz_.IsGivenName(Word(s.first)) && !IsPlaceName(Surface(s))) {
      return false;  // "beat Mark Cairns", but "NEW YORK 74 59"
    }
    auto is_cue = [](std::string_view w) {
      return w == "beat" || w == "beats" || w == "defeated" || w == "drew" || w == "v" ||
             w == "vs" || w == "vs." || w == "edged" || w == "routed" || w == "thrashed" ||
             w == "outplayed" || w == "overcame" || w == "trounced" || w == "whipped" ||
             w == "blanked" || w == "downed" || w == "crushed";
    };
    size_t n = s.last + 1;
    if (schedule_at_.count(n) || StandingsRow(s)) return true;
    if (n < tokens_.size() && tokens_[n].word &&
        (is_cue(Word(n)) ||
         (tokens_[n].has_digit && !tokens_[n].has_lower && n + 1 < tokens_.size() &&
          IsNameToken(n + 1)) ||
         ScoreAfter(n))) {
      return true;
    }
    if (s.first > 0 && tokens_[s.first - 1].word && is_cue(Word(s.first - 1))) return true;
    return AfterVersus(s.first);
  }

  // "(Orig. $1,599)", "Reg. $99" on a line of its own: a short word cut by a period before a
  // price, opening a parenthesis or a line, is a label (but "... sold by Sonos. $5 more").
  bool AbbreviationBeforePrice(const Span& s) const {
    size_t dot = s.last + 1, price = s.last + 2;
    bool opens = tokens_[s.first].line_start || (s.first > 0 && Word(s.first - 1) == "(");
    if (!opens || s.first != s.last || price >= tokens_.size() || Word(dot) != "." ||
        tokens_[dot].space_before || tokens_[s.first].end - tokens_[s.first].start > 5) {
      return false;
    }
    if (tokens_[price].has_digit && !tokens_[price].has_lower) return true;
    std::string_view p = Word(price);
    return p == "$" || p == "\xE2\x82\xAC" || p == "\xC2\xA3";  // $, euro, pound
  }

  // "Air Astana", "Air India", "Air New Zealand": "Air" and a place is a country's airline.
  bool IsAirline(const Span& s) const {
    if (s.first == s.last || s.last > s.first + 3 || Word(s.first) != "Air") return false;
    return IsPlaceName(
        text_.substr(tokens_[s.first + 1].start, tokens_[s.last].end - tokens_[s.first + 1].start));
  }

  // "AT&T", "Johnson & Johnson", "Barnes & Noble"; not "Door & Window", where every word
  // is an ordinary one.
  bool HasAmpersand(const Span& s) const {
    bool amp = false, name_word = false;
    for (size_t i = s.first; i <= s.last; ++i) {
      if (Word(i) == "&") {
        amp = true;
      } else if (!IsCommonLower(i) || tokens_[i].all_caps) {
        name_word = true;
      }
    }
    return amp && name_word;
  }

  // "Eve Door & Window HomeKit Entry Sensor": a long run of capitalised words ending in an
  // ordinary noun is a product's title-cased description.
  bool IsProductTitle(const Span& s) const {
    if (s.last < s.first + 3 || !IsCommonLower(s.last) || IsOrgHeadWord(Word(s.last)) ||
        IsLegalForm(Word(s.last)) || IsPlaceName(Word(s.last))) {
      return false;
    }
    for (size_t i = s.first; i <= s.last; ++i) {
      if (Word(i) == "&") continue;
      if (!tokens_[i].upper_first && !tokens_[i].inner_caps) return false;  // "Bank of ..."
    }
    return true;
  }

  static bool IsContraction(std::string_view w) {
    return w.size() >= 2 && w[0] == 'I' &&
           (w[1] == '\'' || (w.size() >= 4 && w.substr(1, 3) == "\xE2\x80\x99"));
  }

  void Set(Span* s, Kind k) { s->kind = k; }

  // ------------------------------------------------------------------ pass 3: resolve

  // "California Public Utilities Commission (CPUC)": the acronym names the organisation.
  void FindAcronyms() {
    for (const Span& s : spans_) {
      if (s.kind != Kind::kOrg || s.last == s.first || s.last + 3 >= tokens_.size()) continue;
      if (Word(s.last + 1) == "(" && tokens_[s.last + 2].all_caps && Word(s.last + 3) == ")") {
        acronyms_.emplace(std::string(Word(s.last + 2)), StripLegalFormText(s));
      }
    }
  }

  void Resolve() {
    FindAcronyms();
    for (Span& s : spans_) {
      if (s.kind == Kind::kUnknown && s.first == s.last && tokens_[s.first].all_caps &&
          acronyms_.count(std::string(Word(s.first)))) {
        s.kind = Kind::kOrg;
      }
    }
    CompanyFirstWordsAreNotPeople();
    // Full person names, by their parts.
    std::unordered_map<std::string, std::string> person_part;  // "Altman" -> "Sam Altman"
    std::unordered_map<std::string, Kind> by_surface;
    for (const Span& s : spans_) {
      std::string surface(Surface(s));
      if (s.kind == Kind::kPerson || s.kind == Kind::kOrg) by_surface.emplace(surface, s.kind);
      if (s.kind == Kind::kPerson && s.last > s.first) {
        person_part.emplace(std::string(Word(s.last)), surface);
        person_part.emplace(std::string(Word(s.first)), surface);
      }
    }
    for (Span& s : spans_) {
      std::string surface(Surface(s));
      if (s.kind == Kind::kUnknown || s.kind == Kind::kNone || s.kind == Kind::kOrg) {
        auto it = s.first == s.last ? person_part.find(surface) : person_part.end();
        if (it != person_part.end() && !gaz_.IsCompany(surface) &&
            (s.kind != Kind::kOrg || !s.org_cue)) {
          s.kind = Kind::kPerson;
          s.canonical = it->second;
          continue;
        }
      }
      if (s.kind == Kind::kUnknown) {
        auto it = by_surface.find(surface);
        if (it != by_surface.end()) s.kind = it->second;
      }
      if (s.kind == Kind::kUnknown && DatelineAgency(s)) s.kind = Kind::kOrg;
      if (s.kind == Kind::kUnknown && InParenthesesAfterNonOrg(s)) s.kind = Kind::kNone;
    }
    FromCoordination();
    for (Span& s : spans_) {
      if (s.kind == Kind::kUnknown) s.kind = DecideUnknown(s);
    }
    UndoProducts();
    KeepExclamationMarks();
    CanonicalOrgs();
    for (Span& s : spans_) {
      if (s.kind == Kind::kPerson && s.canonical.empty()) s.canonical = std::string(Surface(s));
    }
    FullNamesForTitledSurnames();
  }

  // "Yahoo!" keeps its mark: an organisation's name with "!" attached and
  // the sentence going on after it (",", ".", ")" or a lower-case word; not "... at Apple!
  // Then").
  void KeepExclamationMarks() {
    for (Span& s : spans_) {
      size_t bang = s.last + 1;
      if (s.kind != Kind::kOrg || bang >= tokens_.size() || Word(bang) != "!" ||
          tokens_[bang].space_before || tokens_[s.last].possessive) {
        continue;
      }
      size_t n = bang + 1;
      bool goes_on = n < tokens_.size() && !tokens_[n].line_start;
      if (goes_on && tokens_[n].space_before) {
        goes_on = tokens_[n].word && !tokens_[n].upper_first && !tokens_[n].has_digit;
      } else if (goes_on) {
        char c = text_[tokens_[n].start];
        goes_on = c == ',' || c == '.' || c == ';' || c == ')';
      }
      if (goes_on) s.last = bang;
    }
  }

  // "Uber got into banking with Uber Money", "the latest Apple AirPods": a given name + word
  // shape whose first word is a listed company named alone as an organisation in the same
  // document is that company's product or unit, not a person.
  void CompanyFirstWordsAreNotPeople() {
    std::unordered_set<std::string_view> companies;
    for (const Span& s : spans_) {
      if (s.kind == Kind::kOrg && s.first == s.last) companies.insert(Word(s.first));
    }
    if (companies.empty()) return;
    for (Span& s : spans_) {
      if (s.kind != Kind::kPerson || s.first == s.last || s.after_role || s.person_cue) continue;
      std::string_view first = Word(s.first);
      if (companies.count(first) && gaz_.IsCompany(first)) s.kind = Kind::kNone;
    }
  }

  // "names like Chime, Varo, SoFi, Current, GoBank": in a list of three or more names joined
  // by commas and "and"/"or", undecided names take the kind the decided ones agree on.
  void FromCoordination() {
    size_t k = 0;
    while (k < spans_.size()) {
      size_t end = k + 1;
      while (end < spans_.size() && Coordinated(spans_[end - 1], spans_[end])) ++end;
      if (end - k >= 3) {
        int orgs = 0, people = 0;
        for (size_t i = k; i < end; ++i) {
          orgs += spans_[i].kind == Kind::kOrg;
          people += spans_[i].kind == Kind::kPerson;
        }
        // One dissenter among three or more agreeing names does not split the list ("Bob
        // Marley, Bruno Mars, Drake, The Eagles, Jay Z").
        Kind kind = orgs >= 2 && people * 3 <= orgs     ? Kind::kOrg
                    : people >= 2 && orgs * 3 <= people ? Kind::kPerson
                                                        : Kind::kUnknown;
        if (kind != Kind::kUnknown) {
          for (size_t i = k; i < end; ++i) {
            Span& s = spans_[i];
            if (s.kind == Kind::kUnknown && !HasDigit(s) && !IsPlaceName(Surface(s))) s.kind = kind;
          }
        }
      }
      k = end;
    }
  }

  // Whether only ",", "and", "or" (or ", and") separate two spans.
  bool Coordinated(const Span& a, const Span& b) const {
    if (b.first <= a.last + 1 || b.first > a.last + 3) return false;
    for (size_t i = a.last + 1; i < b.first; ++i) {
      std::string_view w = Word(i);
      if (w != "," && w != "and" && w != "or" && w != "&") return false;
    }
    return true;
  }

  // "Mr. Xi" after "his counterpart, Xi Jinping": a one-word person named with a title takes
  // the two-word name that starts or ends with the same word, which is then a person too.
  void FullNamesForTitledSurnames() {
    std::unordered_map<std::string, size_t> two_word;  // word -> span index
    for (size_t k = 0; k < spans_.size(); ++k) {
      const Span& o = spans_[k];
      if (o.last != o.first + 1 || o.kind == Kind::kOrg) continue;
      two_word.emplace(std::string(Word(o.first)), k);
      two_word.emplace(std::string(Word(o.last)), k);
    }
    for (Span& s : spans_) {
      if (s.kind != Kind::kPerson || s.first != s.last || !s.after_role) continue;
      if (s.canonical != Surface(s)) continue;
      auto it = two_word.find(std::string(Word(s.first)));
      if (it == two_word.end()) continue;
      Span& full = spans_[it->second];
      full.kind = Kind::kPerson;
      full.canonical = std::string(Surface(full));
      s.canonical = full.canonical;
    }
  }

  // "SAN FRANCISCO (AP) — ...": an abbreviation in parentheses between a dateline's place
  // and a dash is the news agency that filed the story.
  bool DatelineAgency(const Span& s) const {
    if (s.first != s.last || !tokens_[s.first].all_caps || s.first < 2 ||
        s.last + 2 >= tokens_.size() || Word(s.first - 1) != "(" || Word(s.last + 1) != ")") {
      return false;
    }
    std::string_view dash = Word(s.last + 2);
    if (dash != "\xE2\x80\x94" && dash != "\xE2\x80\x93" && dash != "-") return false;
    size_t place_last = s.first - 2, place_first = place_last;
    while (place_first > 0 && !tokens_[place_first].line_start && tokens_[place_first - 1].word &&
           tokens_[place_first - 1].all_caps) {
      --place_first;
    }
    if (!tokens_[place_first].line_start || !tokens_[place_last].all_caps) return false;
    return IsPlaceName(text_.substr(tokens_[place_first].start,
                                    tokens_[place_last].end - tokens_[place_first].start));
  }

  // "South Korea's Kospi Index (KOSPI)": an abbreviation in parentheses names what stands
  // before it, and is an organisation only when that is one.
  bool InParenthesesAfterNonOrg(const Span& s) const {
    if (s.first != s.last || !tokens_[s.first].all_caps || s.first < 2) return false;
    if (Word(s.first - 1) != "(" || s.last + 1 >= tokens_.size() || Word(s.last + 1) != ")") {
      return false;
    }
    for (const Span& o : spans_) {
      if (o.last + 2 == s.first) return o.kind != Kind::kOrg;
    }
    return false;  // nothing named before it: a dateline's "(AP)"
  }

  // A span nothing decided: a capitalised word that is no ordinary word, no place, not at
  // a sentence start, is most often an organisation in the tech press; sentence-initial or
  // ordinary-word spans stay out.
  Kind DecideUnknown(const Span& s) {
    const size_t ntok = s.last - s.first + 1;
    // At a sentence start capitals say less, but a word no dictionary or name list holds is
    // still a name ("Sonos", "FTC").
    if (s.sentence_start && ntok > 1) return Kind::kNone;
    for (size_t i = s.first; i <= s.last; ++i) {
      if (tokens_[i].all_caps && tokens_[i].end - tokens_[i].start <= 1) return Kind::kNone;
    }
    if (SportsSide(s)) return Kind::kOrg;
    if (ntok == 1) {
      const Token& t = tokens_[s.first];
      if (t.all_caps) return IsOrgAcronym(s.first) ? Kind::kOrg : Kind::kNone;
      if (IsCommonLower(s.first)) return Kind::kNone;
      // A family name alone ("Shearer scored twice") is most often a person.
      if (gaz_.IsSurname(Word(s.first)) && !gaz_.IsCompany(Word(s.first))) return Kind::kPerson;
      if (gaz_.IsGivenName(Word(s.first))) return Kind::kNone;
      if (gaz_.IsPlace(Word(s.first)) || gaz_.IsNationality(Word(s.first))) return Kind::kNone;
      // A capitalised word no list knows, inside a sentence: in the press, most often a
      // company or publication.
      return Kind::kOrg;
    }
    return Kind::kNone;
  }

  // Products wear company-like names (MacBook, AirPods, Dreamliner, iPhone). A single-word
  // name is a product when the document treats it as one anywhere: lower-case first letter
  // (iPhone), a plural form (MacBooks), a determiner or possessive before it ("the
  // Dreamliner", "its HomeKit"), or a model word after it ("MacBook Pro", "AirPods 2").
  void UndoProducts() {
    std::unordered_map<std::string, bool> product;
    std::unordered_map<std::string, bool> single;  // single-word names seen
    for (const Span& s : spans_) {
      if (s.first == s.last) single[std::string(Word(s.first))] = true;
    }
    for (const Span& s : spans_) {
      if (s.first != s.last) {
        // "Eve Door & Window HomeKit Entry Sensor": an innerCaps word in a product's title.
        if (!IsProductTitle(s)) continue;
        for (size_t i = s.first; i <= s.last; ++i) {
          if (tokens_[i].inner_caps) product[std::string(Word(i))] = true;
        }
        continue;
      }
      std::string w(Word(s.first));
      if (ProductUse(s)) product[w] = true;
      // "MacBook" and "MacBooks" in one text: a thing, counted.
      if (w.size() > 3 && w.back() == 's' && single.count(w.substr(0, w.size() - 1))) {
        product[w.substr(0, w.size() - 1)] = true;
        product[w] = true;
      }
    }
    for (Span& s : spans_) {
      if (s.kind != Kind::kOrg || s.first != s.last || s.org_cue) continue;
      if (sports_sides_.count(std::string(Word(s.first)))) continue;  // "Surrey 429-7"
      const Token& t = tokens_[s.first];
      if (t.all_caps) continue;
      std::string w(Word(s.first));
      bool lower_first = t.inner_caps && !t.upper_first;
      if (lower_first || product.count(w)) {
        if (!(gaz_.IsCompany(w) && !IsCommonLower(s.first) && !lower_first)) s.kind = Kind::kNone;
      }
    }
  }

  bool ProductUse(const Span& s) const {
    const Token& t = tokens_[s.first];
    if (t.inner_caps && !t.upper_first) return true;
    size_t p = s.first;
    if (p > 0 && tokens_[p - 1].word) {
      std::string w = Lower(Word(p - 1));
      if (w == "the" || w == "a" || w == "an" || w == "its" || w == "their" || w == "his" ||
          w == "her" || w == "your" || w == "my" || w == "our" || w == "this" || w == "these" ||
          w == "those") {
        // Known companies take determiners as brand modifiers ("an Apple product").
        return !IsOrgHeadWord(Word(s.first)) && !gaz_.IsCompany(Word(s.first));
      }
      // "ecobee's latest SmartThermostat": what is new is a product, not its maker.
      if (w == "latest" || w == "newest") return !gaz_.IsCompany(Word(s.first));
    }
    // "the 787-9 Dreamliner": after a model code (digits joined by a hyphen, never a count).
    if (p >= 2 && tokens_[p - 1].has_digit && !tokens_[p - 1].has_lower &&
        tokens_[p - 2].hyphen_after && tokens_[p - 2].has_digit) {
      return true;
    }
    size_t n = s.last + 1;
    if (n < tokens_.size() && tokens_[n].word && !tokens_[s.last].possessive) {
      std::string_view w = Word(n);
      if (tokens_[n].has_digit || w == "Pro" || w == "Max" || w == "Air" || w == "Mini" ||
          w == "Plus" || w == "Ultra" || w == "Series" || w == "Lite" || w == "SE") {
        return true;
      }
    }
    return false;
  }

  // An all-caps word of 2-5 letters inside a mixed-case sentence is most often an
  // organisation's acronym (FTC, AMD, CNBC), unless it is a technical or general acronym
  // (a closed list) or an ordinary word shouted.
  bool IsOrgAcronym(size_t i) const {
    std::string_view w = Word(i);
    size_t n = tokens_[i].end - tokens_[i].start;
    if (n < 2 || n > 5 || tokens_[i].has_digit || in_caps_line_[i]) return false;
    if (IsCommonLower(i) || gaz_.IsPlace(w) || IsNeverName(w) || IsTechAcronym(w)) return false;
    return true;
  }

  // Organisation canonical names: no legal form; short forms and acronyms resolve to the
  // fullest form in the document.
  void CanonicalOrgs() {
    // Distinct stripped names, sorted, so each span's look-ups are logarithmic: documents
    // can be tens of megabytes with millions of spans.
    std::vector<std::string> full;
    for (Span& s : spans_) {
      if (s.kind != Kind::kOrg) continue;
      s.canonical = StripLegalForm(s);
      full.push_back(s.canonical);
    }
    std::sort(full.begin(), full.end());
    full.erase(std::unique(full.begin(), full.end()), full.end());
    std::unordered_map<std::string, std::string> resolved;
    for (Span& s : spans_) {
      if (s.kind != Kind::kOrg) continue;
      auto cached = resolved.find(s.canonical);
      if (cached != resolved.end()) {
        s.canonical = cached->second;
        continue;
      }
      std::string key = s.canonical;
      s.canonical = ResolveOrgName(s, full);
      resolved.emplace(std::move(key), s.canonical);
    }
  }

  std::string ResolveOrgName(const Span& s, const std::vector<std::string>& full) {
    std::string name = s.canonical;
    // A prefix of a longer name ("Ulta" of "Ulta Beauty") takes the longest such name.
    if (!IsOrgHeadWord(name)) {
      std::string prefix = name + " ";
      for (auto it = std::lower_bound(full.begin(), full.end(), prefix);
           it != full.end() && it->compare(0, prefix.size(), prefix) == 0; ++it) {
        if (it->size() > name.size()) name = *it;
      }
    }
    // Acronym defined in the text: "California Public Utilities Commission (CPUC)".
    if (tokens_[s.first].all_caps && s.first == s.last) {
      auto it = acronyms_.find(std::string(Word(s.first)));
      if (it != acronyms_.end()) return it->second;
    }
    // An acronym spelling the initials of a longer name in the document ("CPUC" and "PUC"
    // of "California Public Utilities Commission") stands for it.
    if (IsAcronymSpan(s)) {
      std::string letters = AcronymLetters(s);
      if (initials_.empty() && !full.empty()) {
        for (const std::string& f : full) initials_.emplace_back(Initials(f), f);
      }
      for (const auto& [initials, f] : initials_) {
        if (initials.size() >= letters.size() && letters.size() >= 2 &&
            initials.compare(initials.size() - letters.size(), letters.size(), letters) == 0 &&
            (letters.size() >= 3 || initials.size() == letters.size())) {
          return f;
        }
      }
    }
    return name;
  }

  bool IsAcronymSpan(const Span& s) const {
    bool letters = false;
    for (size_t i = s.first; i <= s.last; ++i) {
      if (Word(i) == "&") continue;
      bool capital = tokens_[i].all_caps || (tokens_[i].upper_first && !tokens_[i].has_lower);
      if (!capital) return false;
      letters = true;
    }
    return letters && s.last > s.first ? true : tokens_[s.first].all_caps;
  }

  std::string AcronymLetters(const Span& s) const {
    std::string out;
    for (size_t i = s.first; i <= s.last; ++i) {
      for (char c : Word(i)) {
        if (c >= 'A' && c <= 'Z') out.push_back(c);
      }
    }
    return out;
  }

  // Upper-case initials of the capitalised words of a name ("Pacific Gas & Electric" ->
  // "PGE"); multi-word names only.
  static std::string Initials(const std::string& name) {
    std::string out;
    bool word_start = true, prev_lower = false;
    int words = 0;
    for (char c : name) {
      if (c == ' ' || c == '-') {
        word_start = true;
        continue;
      }
      if (c >= 'A' && c <= 'Z' && (word_start || prev_lower)) {
        out.push_back(c);  // "SportsBusiness Journal" -> "SBJ"
        words += word_start;
      }
      prev_lower = c >= 'a' && c <= 'z';
      word_start = false;
    }
    return words >= 2 ? out : std::string();
  }

  std::string StripLegalForm(const Span& s) const { return StripLegalFormText(s); }

  std::string StripLegalFormText(const Span& s) const {
    size_t last = s.last;
    while (last > s.first && IsLegalForm(Word(last))) --last;
    std::string name(
        text_.substr(tokens_[s.first].start, tokens_[last].end - tokens_[s.first].start));
    while (!name.empty() && (name.back() == ',' || name.back() == ' ')) name.pop_back();
    return name;
  }

  std::vector<NameMatch> Output() const {
    std::vector<NameMatch> out;
    for (const Span& s : spans_) {
      if (s.kind != Kind::kPerson && s.kind != Kind::kOrg) continue;
      NameMatch m;
      m.type = s.kind == Kind::kPerson ? NameMatch::Type::kPerson : NameMatch::Type::kOrg;
      m.start = tokens_[s.first].start;
      m.end = tokens_[s.last].end;
      m.canonical = s.canonical.empty() ? std::string(Surface(s)) : s.canonical;
      out.push_back(std::move(m));
    }
    return out;
  }

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

}  // namespace

std::vector<NameMatch> FindNames(std::string_view text,
                                 const std::vector<size_t>* sentence_starts) {
  if (sentence_starts != nullptr) return Recognizer(text, *sentence_starts).Run();
  return Recognizer(text, SentenceStarts(text)).Run();
}

}  // namespace byline::extract
