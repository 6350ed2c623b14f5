// Pass 3 of the name recogniser (see names.cc): kinds and canonical names resolved across the
// document, products undone, and the output.
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "extract/gazetteer.h"
#include "extract/name_words.h"
#include "extract/names_recognizer.h"
#include "extract/tokens.h"

namespace byline::extract::names_internal {

// "California Public Utilities Commission (CPUC)": the acronym names the organisation.
void Recognizer::FindAcronyms() {
  for (const Span& s : spans_) {
    if (s.kind != Kind::kOrg || s.last == s.first || s.last + 3 >= tokens_.size()) continue;
    if (Word(s.last + 1) == "(" && tokens_[s.last + 2].all_caps && Word(s.last + 3) == ")") {
      acronyms_.emplace(std::string(Word(s.last + 2)), StripLegalFormText(s));
    }
  }
}

void Recognizer::Resolve() {
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
void Recognizer::KeepExclamationMarks() {
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
void Recognizer::CompanyFirstWordsAreNotPeople() {
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
void Recognizer::FromCoordination() {
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
bool Recognizer::Coordinated(const Span& a, const Span& b) const {
  if (b.first <= a.last + 1 || b.first > a.last + 3) return false;
  for (size_t i = a.last + 1; i < b.first; ++i) {
    std::string_view w = Word(i);
    if (w != "," && w != "and" && w != "or" && w != "&") return false;
  }
  return true;
}

// "Mr. Xi" after "his counterpart, Xi Jinping": a one-word person named with a title takes
// the two-word name that starts or ends with the same word, which is then a person too.
void Recognizer::FullNamesForTitledSurnames() {
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
bool Recognizer::DatelineAgency(const Span& s) const {
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
bool Recognizer::InParenthesesAfterNonOrg(const Span& s) const {
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
Kind Recognizer::DecideUnknown(const Span& s) {
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
void Recognizer::UndoProducts() {
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

bool Recognizer::ProductUse(const Span& s) const {
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
bool Recognizer::IsOrgAcronym(size_t i) const {
  std::string_view w = Word(i);
  size_t n = tokens_[i].end - tokens_[i].start;
  if (n < 2 || n > 5 || tokens_[i].has_digit || in_caps_line_[i]) return false;
  if (IsCommonLower(i) || gaz_.IsPlace(w) || IsNeverName(w) || IsTechAcronym(w)) return false;
  return true;
}

// Organisation canonical names: no legal form; short forms and acronyms resolve to the
// fullest form in the document.
void Recognizer::CanonicalOrgs() {
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

std::string Recognizer::ResolveOrgName(const Span& s, const std::vector<std::string>& full) {
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

bool Recognizer::IsAcronymSpan(const Span& s) const {
  bool letters = false;
  for (size_t i = s.first; i <= s.last; ++i) {
    if (Word(i) == "&") continue;
    bool capital = tokens_[i].all_caps || (tokens_[i].upper_first && !tokens_[i].has_lower);
    if (!capital) return false;
    letters = true;
  }
  return letters && s.last > s.first ? true : tokens_[s.first].all_caps;
}

std::string Recognizer::AcronymLetters(const Span& s) const {
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
std::string Recognizer::Initials(const std::string& name) {
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

std::string Recognizer::StripLegalForm(const Span& s) const { return StripLegalFormText(s); }

std::string Recognizer::StripLegalFormText(const Span& s) const {
  size_t last = s.last;
  while (last > s.first && IsLegalForm(Word(last))) --last;
  std::string name(
      text_.substr(tokens_[s.first].start, tokens_[last].end - tokens_[s.first].start));
  while (!name.empty() && (name.back() == ',' || name.back() == ' ')) name.pop_back();
  return name;
}

std::vector<NameMatch> Recognizer::Output() const {
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

}  // namespace byline::extract::names_internal
