// Pass 2 of the name recogniser (see names.cc): each span classified by its own shape and
// by context cues.
#include <string>
#include <string_view>

#include "extract/gazetteer.h"
#include "extract/name_words.h"
#include "extract/names_recognizer.h"
#include "extract/tokens.h"

namespace byline::extract::names_internal {

size_t Recognizer::PrevWord(size_t i) const {
  while (i > 0) {
    --i;
    if (tokens_[i].word) return i;
    std::string_view p = Word(i);
    if (p != "\"" && p != "(" && p != "\xE2\x80\x9C") return SIZE_MAX;
  }
  return SIZE_MAX;
}

void Recognizer::Cues(Span* s) {
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

bool Recognizer::HasDigit(const Span& s) const {
  for (size_t i = s.first; i <= s.last; ++i) {
    if (tokens_[i].has_digit) return true;
  }
  return false;
}

// Places and nationalities, also when shouted ("LONDON", "BEIJING").
bool Recognizer::IsPlaceName(std::string_view w) const {
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

bool Recognizer::AnyPlaceToken(const Span& s) const {
  for (size_t i = s.first; i <= s.last; ++i) {
    if (gaz_.IsPlace(Word(i))) return true;
  }
  return false;
}

// Given name + surname: "Sam Altman", "Tim Cook" (a surname that is also a word), but not
// "Touch Bar" or "Sierra Nevada".
bool Recognizer::PersonShape(const Span& s) const {
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
size_t Recognizer::LastNameToken(const Span& s) const {
  return s.last > s.first && !tokens_[s.last].upper_first && tokens_[s.last - 1].hyphen_after
             ? s.last - 1
             : s.last;
}

// A company from the lists. The lists hold single words of company names ("Goldman",
// "Boston", "Life"), so a word that is also a place, a nationality, a person's name or an
// ordinary word counts only when nothing else explains it.
bool Recognizer::KnownCompany(const Span& s) const {
  std::string_view surface = Surface(s);
  if (!gaz_.IsCompany(surface)) return false;
  if (IsPlaceName(surface)) return false;
  if (s.first != s.last) return true;
  if (tokens_[s.first].all_caps) return true;
  // "Apple" inside a sentence, or "Apple's" starting one.
  if (IsCommonLower(s.first)) return !s.sentence_start || tokens_[s.first].possessive;
  return true;
}

void Recognizer::Classify(Span* s) {
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

// "(Orig. $1,599)", "Reg. $99" on a line of its own: a short word cut by a period before a
// price, opening a parenthesis or a line, is a label (but "... sold by Sonos. $5 more").
bool Recognizer::AbbreviationBeforePrice(const Span& s) const {
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
bool Recognizer::IsAirline(const Span& s) const {
  if (s.first == s.last || s.last > s.first + 3 || Word(s.first) != "Air") return false;
  return IsPlaceName(
      text_.substr(tokens_[s.first + 1].start, tokens_[s.last].end - tokens_[s.first + 1].start));
}

// "AT&T", "Johnson & Johnson", "Barnes & Noble"; not "Door & Window", where every word
// is an ordinary one.
bool Recognizer::HasAmpersand(const Span& s) const {
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
bool Recognizer::IsProductTitle(const Span& s) const {
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

bool Recognizer::IsContraction(std::string_view w) {
  return w.size() >= 2 && w[0] == 'I' &&
         (w[1] == '\'' || (w.size() >= 4 && w.substr(1, 3) == "\xE2\x80\x99"));
}

void Recognizer::Set(Span* s, Kind k) { s->kind = k; }

}  // namespace byline::extract::names_internal
