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

#include <string>
#include <utility>
#include <vector>

#include "extract/gazetteer.h"
#include "extract/name_words.h"
#include "extract/names_recognizer.h"
#include "extract/sentences.h"
#include "extract/tokens.h"

namespace byline::extract::names_internal {

std::vector<NameMatch> Recognizer::Run() {
  MarkSentenceStarts();
  BuildSpans();
  FindSportsSides();
  for (Span& s : spans_) Classify(&s);
  Resolve();
  return Output();
}

// Lines mostly in capitals (headlines, shouted banners) say nothing by case: no spans.
void Recognizer::MarkCapsLines() {
  in_caps_line_.assign(tokens_.size(), 0);
  size_t line_begin = 0;
  for (size_t i = 0; i <= tokens_.size(); ++i) {
    if (i < tokens_.size() && !(tokens_[i].line_start && i > line_begin)) continue;
    size_t words = 0, caps = 0;
    for (size_t k = line_begin; k < i; ++k) {
      if (!tokens_[k].word || tokens_[k].has_digit) continue;
      ++words;
      caps +=
          tokens_[k].all_caps || (tokens_[k].end - tokens_[k].start == 1 && tokens_[k].upper_first);
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
void Recognizer::MarkScheduleLine(size_t begin, size_t end) {
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

void Recognizer::MarkSentenceStarts() {
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
bool Recognizer::AfterVersus(size_t i) const {
  if (i < 2 || Word(i - 1) != "." || tokens_[i].line_start) return false;
  std::string_view v = Word(i - 2);
  return v == "vs" || v == "v";
}

bool Recognizer::JoinsOrgName(size_t left_last, size_t connector, size_t right) const {
  std::string_view c = Word(connector);
  if (c == "&") return true;
  if (c != "of" && c != "for" && c != "de" && c != "du" && c != "des" && c != "la" && c != "del" &&
      c != "der") {
    return false;
  }
  (void)right;
  return IsOrgOfWord(Word(left_last)) || IsOrgHeadWord(Word(left_last));
}

// Candidate runs of name tokens, before any trimming: (first, last) token pairs.
std::vector<std::pair<size_t, size_t>> Recognizer::RawSpans() const {
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

void Recognizer::BuildSpans() {
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
void Recognizer::SplitAtRoles(Span s) {
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
bool Recognizer::HyphenatedGivenNameTail(size_t j) const {
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
bool Recognizer::SeparateAtHyphen(size_t first, size_t j) const {
  if (!tokens_[j].hyphen_after) return false;
  (void)first;
  std::string_view compound = text_.substr(tokens_[j].start, tokens_[j + 1].end - tokens_[j].start);
  if (gaz_.IsCompany(compound)) return false;  // "Coca-Cola"
  bool left_name = !IsCommonLower(j) && !tokens_[j].all_caps;
  return left_name && (gaz_.IsCompany(Word(j)) || gaz_.IsGivenName(Word(j + 1)));
}

// "Kent had reached 108 ... Essex and Kent": a one-word name that is also an ordinary
// word keeps its capital inside sentences elsewhere in the document.
bool Recognizer::CapitalisedMidSentence(const Span& s) const {
  return s.first == s.last && mid_sentence_caps_.count(Word(s.first)) > 0;
}

bool Recognizer::RecursElsewhere(const Span& s) const {
  if (s.first == s.last) return false;
  auto it = raw_counts_.find(Surface(s));
  return it != raw_counts_.end() && it->second >= 2;
}

// "Liu He", "He Jianxiong": He is a Chinese family and given name. Next to a capitalised
// word no dictionary or company list holds, it is part of the name, not the pronoun
// (which a verb follows: "He Said").
bool Recognizer::ChineseNameWithHe(const Span& s) const {
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
bool Recognizer::GroupWithThe(const Span& s) const {
  if (s.last != s.first + 1 || s.sentence_start || Word(s.first) != "The") return false;
  const Token& t = tokens_[s.last];
  std::string_view w = Word(s.last);
  return t.upper_first && !t.all_caps && !t.has_digit && w.size() >= 4 && w.back() == 's' &&
         w[w.size() - 2] != 's' && !IsPlaceName(w) && !IsPlaceName(Surface(s));
}

// Splits roles, honorifics and sentence-initial ordinary words off the front.
void Recognizer::TrimFront(Span* s) {
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
void Recognizer::AddSpan(Span s) {
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

bool Recognizer::IsOrgHyphenSuffix(std::string_view w) {
  return w == "backed" || w == "owned" || w == "funded" || w == "led" || w == "made" ||
         w == "controlled" || w == "listed";
}

}  // namespace byline::extract::names_internal

namespace byline::extract {

std::vector<NameMatch> FindNames(std::string_view text,
                                 const std::vector<size_t>* sentence_starts) {
  if (sentence_starts != nullptr) return names_internal::Recognizer(text, *sentence_starts).Run();
  return names_internal::Recognizer(text, SentenceStarts(text)).Run();
}

}  // namespace byline::extract
