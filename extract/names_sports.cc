// The name recogniser's sports rules (see names.cc): places and names that play as sides in
// a match, on results lines, standings rows and fixtures lines, are clubs.
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <cctype>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "extract/gazetteer.h"
#include "extract/name_words.h"
#include "extract/names_recognizer.h"
#include "extract/tokens.h"

namespace byline::extract::names_internal {

namespace {

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

}  // namespace

// A name that plays somewhere in the document, here not as the venue of "KANSAS CITY AT
// DETROIT" nor a dateline's place.
bool Recognizer::IsSide(const Span& s) const {
  if (sports_sides_.empty() || !sports_sides_.count(std::string(Surface(s)))) return false;
  bool venue = s.first > 0 && schedule_at_.count(s.first - 1);
  return !venue && !Dateline(s);
}

// Places that are sides in a match somewhere in the document are clubs everywhere in it
// ("Leicestershire beat Somerset ... Somerset 83 and 174 ... title rivals Essex").
// In a document where places play (a results page), other names in a side's position are
// clubs too ("Ruch 2 Legia 1"); elsewhere "Pixel 9 and Pixel 9 Pro" stays a product.
void Recognizer::FindSportsSides() {
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
bool Recognizer::SideInPlay(const Span& s) const {
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
bool Recognizer::IsScore(size_t k) const {
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
bool Recognizer::StandingsRow(const Span& s) const {
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
bool Recognizer::IsFraction(size_t k) const {
  std::string_view w = Word(k);
  size_t slash = w.find('/');
  return w.size() <= 5 && slash != std::string_view::npos && slash > 0 && slash + 1 < w.size() &&
         w.find_first_not_of("0123456789/") == std::string_view::npos;
}

// Whether the span's line reads "NAME SCORE NAME SCORE" and nothing else ("Hanwha 6
// Ssangbangwool 5", "Atlanta 5 Houston 3").
bool Recognizer::ResultLine(const Span& s) const {
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
bool Recognizer::Dateline(const Span& s) const {
  size_t n = s.last + 1;
  return tokens_[s.first].line_start && n < tokens_.size() && tokens_[n].has_digit &&
         tokens_[n].end - tokens_[n].start == 4 && tokens_[n].hyphen_after;
}

// A score after a side: "83", "108-3", "4-38", at the end of a line or clause ("Somerset 83
// and 174", "Kent 108-3.", "Leicestershire 22 points").
bool Recognizer::ScoreAfter(size_t n) const {
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
bool Recognizer::SportsSide(const Span& s) const {
  if (s.first < s.last && gaz_.IsGivenName(Word(s.first)) && !IsPlaceName(Surface(s))) {
    return false;  // "beat Mark Cairns", but "NEW YORK 74 59"
  }
  auto is_cue = [](std::string_view w) {
    return w == "beat" || w == "beats" || w == "defeated" || w == "drew" || w == "v" || w == "vs" ||
           w == "vs." || w == "edged" || w == "routed" || w == "thrashed" || w == "outplayed" ||
           w == "overcame" || w == "trounced" || w == "whipped" || w == "blanked" ||
           w == "downed" || w == "crushed";
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

}  // namespace byline::extract::names_internal
