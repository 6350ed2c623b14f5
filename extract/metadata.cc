// Metadata extraction. Each field has an ordered list of sources, from the most deliberate
// (structured data the publisher wrote for machines) to the most incidental (text that looks
// like a byline, a date in the URL); the first source that gives a plausible value wins.
// Plausibility checks are where the quality comes from: an author must look like a person's
// name, a date must be a real calendar date, a title must not be the site's name.
//
// The page is scanned once, iteratively, collecting everything the rules below look at.
#include "extract/metadata.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extract/jsonld.h"
#include "extract/language.h"
#include "extract/text_util.h"

namespace byline::extract {
namespace {

// ===========================================================================================
// Text helpers.

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }

// Lower case for ASCII and the Latin-1 capitals (U+00C0-U+00DE), which covers the accented
// letters of the month names and names compared here.
std::string LowerLatin1(std::string_view s) {
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      unsigned char d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 32);
      ++i;
    }
  }
  return out;
}

// A comparison key: lower case, letters and digits only ("The Times!" -> "thetimes").
// Typographic punctuation (U+2000-U+206F: dashes, curly quotes) is dropped as well.
std::string Key(std::string_view s) {
  std::string lower = LowerLatin1(s);
  std::string out;
  out.reserve(lower.size());
  for (size_t i = 0; i < lower.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(lower[i]);
    if (c < 0x80) {
      if (IsAsciiAlpha(static_cast<char>(c)) || IsAsciiDigit(static_cast<char>(c))) {
        out.push_back(static_cast<char>(c));
      }
    } else if (c == 0xE2 && i + 2 < lower.size() &&
               (static_cast<unsigned char>(lower[i + 1]) == 0x80 ||
                static_cast<unsigned char>(lower[i + 1]) == 0x81)) {
      i += 2;
    } else if (c == 0xC2 && i + 1 < lower.size()) {
      ++i;  // Latin-1 punctuation and NBSP (U+0080-U+00BF)
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) words.push_back(s.substr(i, j - i));
    i = j;
  }
  return words;
}

bool InList(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Tokens of a class or id attribute ("post-author", "byline__name") in lower case, joined by
// spaces, for substring tests.
std::string ClassAndId(const Document& doc, uint32_t i) {
  std::string s = AsciiLower(doc.Attr(i, "class"));
  s.push_back(' ');
  s.append(AsciiLower(doc.Attr(i, "id")));
  return s;
}

bool ContainsAny(std::string_view haystack, std::initializer_list<std::string_view> needles) {
  for (std::string_view n : needles) {
    if (haystack.find(n) != std::string_view::npos) return true;
  }
  return false;
}

// Whether the space-separated attribute value (rel, itemprop) contains `token`.
bool HasToken(std::string_view value, std::string_view token) {
  std::string lower = AsciiLower(value);
  std::replace_if(
      lower.begin(), lower.end(), [](char c) { return c > 0 && c < ' '; }, ' ');
  std::string lower_token = AsciiLower(token);
  for (std::string_view w : SplitWords(lower)) {
    if (w == lower_token) return true;
  }
  return false;
}

// Formatting elements that sit inside words or names: no separator is added around them.
bool IsInlineFormatting(Tag t) {
  switch (t) {
    case Tag::kA:
    case Tag::kB:
    case Tag::kStrong:
    case Tag::kEm:
    case Tag::kI:
    case Tag::kU:
    case Tag::kFont:
    case Tag::kMark:
    case Tag::kSup:
    case Tag::kSub:
    case Tag::kAbbr:
    case Tag::kSmall:
      return true;
    default:
      return false;
  }
}

bool IsSkippedSubtree(Tag t) { return IsInvisibleTag(t) || t == Tag::kNoscript; }

// The rendered text of the subtree of `node`, white space collapsed, a newline between
// blocks and a space between other elements (so "<span>Jane Doe</span><time>May 1</time>"
// does not run together). Stops after about max_bytes.
std::string VisibleText(const Document& doc, uint32_t node, size_t max_bytes) {
  std::string out;
  auto separate = [&out](char sep) {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty() && out.back() != '\n') out.push_back(sep);
  };
  auto separate_element = [&](uint32_t e) {
    Tag t = doc.node(e).tag;
    if (IsBlockTag(t)) {
      separate('\n');
    } else if (!IsInlineFormatting(t)) {
      separate(' ');
    }
  };
  uint32_t j = node;
  while (j != kNoNode && out.size() <= max_bytes) {
    const Node& n = doc.node(j);
    bool descend = true;
    if (n.is_text) {
      AppendCollapsed(doc.Text(j), &out);
    } else if (j != node && IsSkippedSubtree(n.tag)) {
      descend = false;
    } else if (j != node) {
      separate_element(j);
    }
    uint32_t next = doc.Next(j, node, !descend);
    // Leaving elements separates them from what follows too ("<span>Author</span><a>Jane
    // Doe</a>"): every element from j up to the parent of `next` has ended.
    if (next == kNoNode || next != n.first_child || !descend) {
      uint32_t stop = next == kNoNode ? node : doc.node(next).parent;
      for (uint32_t e = j; e != kNoNode && e != stop && e != node; e = doc.node(e).parent) {
        if (!doc.node(e).is_text) separate_element(e);
      }
    }
    j = next;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  size_t start = 0;
  while (start < out.size() && (out[start] == ' ' || out[start] == '\n')) ++start;
  return out.substr(start);
}

// ===========================================================================================
// Dates.

struct DateTime {
  int year = 0;
  int month = 0;
  int day = 0;
  bool has_time = false;
  int hour = 0;
  int minute = 0;
  int second = 0;
  std::string zone;  // "", "Z" or "+02:00"
};

constexpr int kMinYear = 1990;
constexpr int kMaxYear = 2100;

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool ValidDate(int y, int m, int d) {
  return y >= kMinYear && y <= kMaxYear && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

std::string FormatDate(const DateTime& dt) {
  char buf[80];
  if (!dt.has_time) {
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", dt.year, dt.month, dt.day);
  } else {
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d", dt.year, dt.month, dt.day,
                  dt.hour, dt.minute, dt.second);
  }
  return std::string(buf) + (dt.has_time ? dt.zone : "");
}

struct Token {
  enum Kind { kNum, kWord, kPunct } kind = kPunct;
  std::string_view text;
  std::string lower;  // words: lower case
  int value = 0;      // numbers of up to 9 digits
  bool space_before = false;
};

// Splits text into numbers, words and single punctuation characters; white space only sets
// space_before. Non-ASCII bytes are word characters except U+2000-U+206F punctuation and
// U+00B7, so "1. März 2024", "2024年5月1日" and "1 — 2" tokenize as expected.
std::vector<Token> Tokenize(std::string_view s, size_t max_tokens) {
  std::vector<Token> tokens;
  size_t i = 0;
  bool space = false;
  while (i < s.size() && tokens.size() < max_tokens) {
    size_t sp = SpaceLength(s, i);
    if (sp) {
      i += sp;
      space = true;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    Token t;
    t.space_before = space;
    space = false;
    size_t j = i + 1;
    if (IsAsciiDigit(static_cast<char>(c))) {
      while (j < s.size() && IsAsciiDigit(s[j])) ++j;
      t.kind = Token::kNum;
      if (j - i <= 9) {
        for (size_t k = i; k < j; ++k) t.value = t.value * 10 + (s[k] - '0');
      }
    } else if (c == 0xE2 && i + 2 < s.size() &&
               (static_cast<unsigned char>(s[i + 1]) & 0xFE) == 0x80) {
      j = i + 3;
      t.kind = Token::kPunct;
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xB7) {
      j = i + 2;
      t.kind = Token::kPunct;
    } else if (c >= 0x80 || IsAsciiAlpha(static_cast<char>(c))) {
      auto word_byte = [&](size_t k) {
        unsigned char b = static_cast<unsigned char>(s[k]);
        if (IsAsciiAlpha(static_cast<char>(b))) return true;
        if (b < 0x80 || SpaceLength(s, k)) return false;
        if (b == 0xE2 && k + 1 < s.size() &&
            (static_cast<unsigned char>(s[k + 1]) & 0xFE) == 0x80) {
          return false;
        }
        return !(b == 0xC2 && k + 1 < s.size() && static_cast<unsigned char>(s[k + 1]) == 0xB7);
      };
      while (j < s.size() && word_byte(j)) ++j;
      t.kind = Token::kWord;
    } else {
      t.kind = Token::kPunct;
    }
    t.text = s.substr(i, j - i);
    if (t.kind == Token::kWord) t.lower = LowerLatin1(t.text);
    tokens.push_back(std::move(t));
    i = j;
  }
  return tokens;
}

// Month names and abbreviations in English, German, French, Spanish, Italian, Portuguese
// and Dutch (lower case).
int MonthFromWord(std::string_view w) {
  struct Month {
    std::string_view name;
    int month;
  };
  static constexpr Month kMonths[] = {
      {"january", 1},
      {"jan", 1},
      {"januar", 1},
      {"jänner", 1},
      {"janvier", 1},
      {"janv", 1},
      {"enero", 1},
      {"ene", 1},
      {"gennaio", 1},
      {"gen", 1},
      {"janeiro", 1},
      {"januari", 1},
      {"february", 2},
      {"feb", 2},
      {"februar", 2},
      {"février", 2},
      {"fevrier", 2},
      {"févr", 2},
      {"fevr", 2},
      {"febrero", 2},
      {"febbraio", 2},
      {"fevereiro", 2},
      {"fev", 2},
      {"fév", 2},
      {"februari", 2},
      {"march", 3},
      {"mar", 3},
      {"märz", 3},
      {"maerz", 3},
      {"mrz", 3},
      {"mär", 3},
      {"mars", 3},
      {"marzo", 3},
      {"março", 3},
      {"marco", 3},
      {"maart", 3},
      {"april", 4},
      {"apr", 4},
      {"avril", 4},
      {"avr", 4},
      {"abril", 4},
      {"abr", 4},
      {"aprile", 4},
      {"may", 5},
      {"mai", 5},
      {"mayo", 5},
      {"maggio", 5},
      {"mag", 5},
      {"maio", 5},
      {"mei", 5},
      {"june", 6},
      {"jun", 6},
      {"juni", 6},
      {"juin", 6},
      {"junio", 6},
      {"giugno", 6},
      {"giu", 6},
      {"junho", 6},
      {"july", 7},
      {"jul", 7},
      {"juli", 7},
      {"juillet", 7},
      {"juil", 7},
      {"julio", 7},
      {"luglio", 7},
      {"lug", 7},
      {"julho", 7},
      {"august", 8},
      {"aug", 8},
      {"août", 8},
      {"aout", 8},
      {"agosto", 8},
      {"ago", 8},
      {"augustus", 8},
      {"september", 9},
      {"sep", 9},
      {"sept", 9},
      {"septembre", 9},
      {"septiembre", 9},
      {"setiembre", 9},
      {"settembre", 9},
      {"set", 9},
      {"setembro", 9},
      {"october", 10},
      {"oct", 10},
      {"oktober", 10},
      {"okt", 10},
      {"octobre", 10},
      {"octubre", 10},
      {"ottobre", 10},
      {"ott", 10},
      {"outubro", 10},
      {"out", 10},
      {"november", 11},
      {"nov", 11},
      {"novembre", 11},
      {"noviembre", 11},
      {"novembro", 11},
      {"december", 12},
      {"dec", 12},
      {"dezember", 12},
      {"dez", 12},
      {"décembre", 12},
      {"decembre", 12},
      {"déc", 12},
      {"diciembre", 12},
      {"dic", 12},
      {"dicembre", 12},
      {"dezembro", 12},
      // Russian, in the genitive of "15 августа 2016".
      {"января", 1},
      {"февраля", 2},
      {"марта", 3},
      {"апреля", 4},
      {"мая", 5},
      {"июня", 6},
      {"июля", 7},
      {"августа", 8},
      {"сентября", 9},
      {"октября", 10},
      {"ноября", 11},
      {"декабря", 12},
  };
  for (const Month& m : kMonths) {
    if (m.name == w) return m.month;
  }
  return 0;
}

// Time zone abbreviations seen in bylines and RFC 822 dates.
std::optional<std::string> ZoneFromWord(std::string_view w) {
  static constexpr std::pair<std::string_view, std::string_view> kZones[] = {
      {"z", "Z"},        {"gmt", "Z"},       {"utc", "Z"},       {"ut", "Z"},
      {"est", "-05:00"}, {"edt", "-04:00"},  {"cst", "-06:00"},  {"cdt", "-05:00"},
      {"mst", "-07:00"}, {"mdt", "-06:00"},  {"pst", "-08:00"},  {"pdt", "-07:00"},
      {"cet", "+01:00"}, {"cest", "+02:00"}, {"mez", "+01:00"},  {"mesz", "+02:00"},
      {"bst", "+01:00"}, {"eet", "+02:00"},  {"eest", "+03:00"}, {"ist", "+05:30"},
      {"jst", "+09:00"}, {"aest", "+10:00"}, {"aedt", "+11:00"},
  };
  for (const auto& [name, offset] : kZones) {
    if (name == w) return std::string(offset);
  }
  return std::nullopt;
}

// How to read "05/01/2024": month first in the US, day first nearly everywhere else.
enum class SlashOrder { kUnknown, kDayFirst, kMonthFirst };

class DateParser {
 public:
  DateParser(std::string_view text, SlashOrder order) : t_(Tokenize(text, 256)), order_(order) {}

  // The first date in the text, with a time when one follows it.
  std::optional<DateTime> FirstDate() {
    for (size_t i = 0; i < t_.size(); ++i) {
      DateTime dt;
      size_t end = 0;
      if (DateAt(i, &dt, &end)) {
        TimeAt(end, &dt);
        return dt;
      }
    }
    return std::nullopt;
  }

 private:
  bool IsNum(size_t i, size_t min_digits, size_t max_digits) const {
    return i < t_.size() && t_[i].kind == Token::kNum && t_[i].text.size() >= min_digits &&
           t_[i].text.size() <= max_digits;
  }
  bool IsPunct(size_t i, std::string_view p) const {
    return i < t_.size() && t_[i].kind == Token::kPunct && t_[i].text == p;
  }
  bool IsWord(size_t i, std::initializer_list<std::string_view> words) const {
    return i < t_.size() && t_[i].kind == Token::kWord && InList(t_[i].lower, words);
  }
  int MonthAt(size_t i) const {
    return i < t_.size() && t_[i].kind == Token::kWord ? MonthFromWord(t_[i].lower) : 0;
  }
  // Skips a "." after an abbreviation or ordinal.
  size_t SkipDot(size_t i) const { return IsPunct(i, ".") ? i + 1 : i; }

  bool DateAt(size_t i, DateTime* dt, size_t* end) const {
    return YearFirst(i, dt, end) || DayFirstNumeric(i, dt, end) || DayMonthName(i, dt, end) ||
           MonthNameDay(i, dt, end);
  }

  static bool Set(DateTime* dt, int y, int m, int d) {
    if (!ValidDate(y, m, d)) return false;
    dt->year = y;
    dt->month = m;
    dt->day = d;
    return true;
  }

  // 2024-05-01, 2024/05/01, 2024.05.01, 20240501 (alone), 2024年5月1日.
  bool YearFirst(size_t i, DateTime* dt, size_t* end) const {
    if (IsNum(i, 8, 8) && i == 0) {
      int v = t_[i].value;
      *end = i + 1;
      return Set(dt, v / 10000, v / 100 % 100, v % 100);
    }
    if (!IsNum(i, 4, 4)) return false;
    int y = t_[i].value;
    for (std::string_view sep : {"-", "/", "."}) {
      if (IsPunct(i + 1, sep) && IsNum(i + 2, 1, 2) && IsPunct(i + 3, sep) && IsNum(i + 4, 1, 2)) {
        *end = i + 5;
        return Set(dt, y, t_[i + 2].value, t_[i + 4].value);
      }
    }
    if (IsWord(i + 1, {"年"}) && IsNum(i + 2, 1, 2) && IsWord(i + 3, {"月"}) &&
        IsNum(i + 4, 1, 2)) {
      *end = IsWord(i + 5, {"日"}) ? i + 6 : i + 5;
      return Set(dt, y, t_[i + 2].value, t_[i + 4].value);
    }
    return false;
  }

  // 01.05.2024 and 01-05-2024 are day first. With "/" the order is only known when one
  // number is above 12; "05/01/2024" is refused rather than guessed.
  bool DayFirstNumeric(size_t i, DateTime* dt, size_t* end) const {
    if (!IsNum(i, 1, 2)) return false;
    for (std::string_view sep : {".", "/", "-"}) {
      if (!(IsPunct(i + 1, sep) && IsNum(i + 2, 1, 2) && IsPunct(i + 3, sep) &&
            IsNum(i + 4, 4, 4))) {
        continue;
      }
      int a = t_[i].value, b = t_[i + 2].value, y = t_[i + 4].value;
      *end = i + 5;
      // Day first with "." and "-" (Europe, India); "/" is ambiguous (US month first)
      // unless a number is above 12 or the page's locale says.
      if (sep != "/") return Set(dt, y, b, a);
      if (a > 12) return Set(dt, y, b, a);
      if (b > 12 || a == b) return Set(dt, y, a, b);
      if (order_ == SlashOrder::kDayFirst) return Set(dt, y, b, a);
      if (order_ == SlashOrder::kMonthFirst) return Set(dt, y, a, b);
      return false;
    }
    return false;
  }

  // 1 May 2024, 1. Mai 2024, 01 May 2024 (RFC 822), 1er mai 2024, 1 de mayo de 2024,
  // 1st of May, 2024.
  bool DayMonthName(size_t i, DateTime* dt, size_t* end) const {
    if (!IsNum(i, 1, 2)) return false;
    size_t k = SkipDot(i + 1);
    if (IsWord(k, {"st", "nd", "rd", "th", "er", "º", "°"})) k = SkipDot(k + 1);
    if (IsWord(k, {"de", "of"})) ++k;
    int m = MonthAt(k);
    if (!m) return false;
    k = SkipDot(k + 1);
    if (IsWord(k, {"de", "del"})) ++k;
    if (IsPunct(k, ",")) ++k;
    if (!IsNum(k, 4, 4)) return false;
    *end = k + 1;
    return Set(dt, t_[k].value, m, t_[i].value);
  }

  // May 1, 2024; May 1st 2024; Sept. 3, 2023.
  bool MonthNameDay(size_t i, DateTime* dt, size_t* end) const {
    int m = MonthAt(i);
    if (!m) return false;
    size_t k = SkipDot(i + 1);
    if (!IsNum(k, 1, 2)) return false;
    int d = t_[k].value;
    k = k + 1;
    if (IsWord(k, {"st", "nd", "rd", "th"})) ++k;
    if (IsPunct(k, ",")) ++k;
    if (!IsNum(k, 4, 4)) return false;
    *end = k + 1;
    return Set(dt, t_[k].value, m, d);
  }

  // A time right after the date: "T10:00:00.000+02:00", " 10:00 AM EDT", ", 10.30 Uhr".
  void TimeAt(size_t i, DateTime* dt) const {
    size_t k = i;
    for (int skipped = 0; skipped < 3 && k < t_.size(); ++skipped) {
      bool glue = t_[k].kind == Token::kPunct &&
                  InList(t_[k].text, {",", "-", "|", "/", "@", "\xE2\x80\x93", "\xC2\xB7"});
      if (glue || IsWord(k, {"t", "at", "um", "à", "a", "las", "alle", "ore", "om", "kl"})) {
        ++k;
      } else {
        break;
      }
    }
    if (!IsNum(k, 1, 2)) return;
    int h = t_[k].value, m = 0, s = 0;
    size_t j = k + 1;
    if (IsPunct(j, ":") && IsNum(j + 1, 2, 2)) {
      m = t_[j + 1].value;
      j += 2;
      if (IsPunct(j, ":") && IsNum(j + 1, 2, 2)) {
        s = t_[j + 1].value;
        j += 2;
        if (IsPunct(j, ".") && IsNum(j + 1, 1, 9)) j += 2;  // fractions are dropped
      }
    } else if ((IsPunct(j, ".") || IsWord(j, {"h"})) && IsNum(j + 1, 2, 2)) {
      // "10.30 Uhr", "10h30": only with the unit, as "1.5" might be anything.
      if (!(IsWord(j + 2, {"uhr", "h"}) || t_[j].text == "h")) return;
      m = t_[j + 1].value;
      j += 2;
    } else {
      return;
    }
    if (IsWord(j, {"pm", "p"}) && h >= 1 && h <= 12) {
      h = h % 12 + 12;
      j = SkipDot(j + 1);
    } else if (IsWord(j, {"am", "a"}) && h >= 1 && h <= 12) {
      h = h % 12;
      j = SkipDot(j + 1);
    }
    if (IsWord(j, {"uhr", "h"})) ++j;
    if (h > 23 || m > 59 || s > 60) return;
    dt->has_time = true;
    dt->hour = h;
    dt->minute = m;
    dt->second = std::min(s, 59);
    dt->zone = ZoneAt(j);
  }

  std::string ZoneAt(size_t j) const {
    std::string zone;
    if (j < t_.size() && t_[j].kind == Token::kWord) {
      auto named = ZoneFromWord(t_[j].lower);
      if (!named) return {};
      zone = *named;
      // "GMT+2" and "UTC+02:00" carry their offset after the name.
      if (zone != "Z" || !(IsPunct(j + 1, "+") || IsPunct(j + 1, "-"))) return zone;
      ++j;
    }
    if (!(IsPunct(j, "+") || IsPunct(j, "-"))) return zone;
    int sign_h = 0, mins = 0;
    if (IsNum(j + 1, 4, 4)) {
      sign_h = t_[j + 1].value / 100;
      mins = t_[j + 1].value % 100;
    } else if (IsNum(j + 1, 1, 2)) {
      sign_h = t_[j + 1].value;
      if (IsPunct(j + 2, ":") && IsNum(j + 3, 2, 2)) mins = t_[j + 3].value;
    } else {
      return zone;
    }
    if (sign_h > 14 || mins > 59) return zone;
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%c%02d:%02d", t_[j].text[0], sign_h, mins);
    return buf;
  }

  std::vector<Token> t_;
  SlashOrder order_;
};

// Unix time in seconds (10 digits) or milliseconds (13), as some meta tags give it.
std::optional<DateTime> FromEpoch(std::string_view digits) {
  if (digits.size() != 10 && digits.size() != 13) return std::nullopt;
  for (char c : digits) {
    if (!IsAsciiDigit(c)) return std::nullopt;
  }
  long long secs = std::stoll(std::string(digits.substr(0, 10)));
  long long days = secs / 86400, rem = secs % 86400;
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
  long long z = days + 719468;
  long long era = z / 146097;
  long long doe = z - era * 146097;
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long long mp = (5 * doy + 2) / 153;
  DateTime dt;
  dt.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  dt.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  dt.year = static_cast<int>(yoe + era * 400 + (dt.month <= 2 ? 1 : 0));
  if (!ValidDate(dt.year, dt.month, dt.day)) return std::nullopt;
  dt.has_time = true;
  dt.hour = static_cast<int>(rem / 3600);
  dt.minute = static_cast<int>(rem / 60 % 60);
  dt.second = static_cast<int>(rem % 60);
  dt.zone = "Z";
  return dt;
}

std::optional<std::string> NormalizeDateIn(std::string_view text, SlashOrder order) {
  try {
    std::string_view t = Trim(text);
    if (t.empty()) return std::nullopt;
    if (auto epoch = FromEpoch(t)) return FormatDate(*epoch);
    constexpr size_t kMaxDateText = 512;
    if (auto dt = DateParser(t.substr(0, kMaxDateText), order).FirstDate()) {
      return FormatDate(*dt);
    }
  } catch (...) {
    // Allocation failure: no date.
  }
  return std::nullopt;
}

// The slash order of the page's locale: "en-US" month first; other English regions and
// other languages day first; plain "en" unknown.
SlashOrder SlashOrderOf(std::string_view locale) {
  std::string tag = AsciiLower(Trim(locale));
  std::replace(tag.begin(), tag.end(), '_', '-');
  if (tag.empty() || tag == "en") return SlashOrder::kUnknown;
  if (StartsWith(tag, "en-us") || StartsWith(tag, "en-ph")) return SlashOrder::kMonthFirst;
  return SlashOrder::kDayFirst;
}

// ===========================================================================================
// Authors.

// Words that introduce a byline ("By", "Von", "Text:") and are not part of the name.
bool IsBylinePrefixWord(std::string_view lower) {
  return InList(lower,
                {"by",       "von",     "par",    "por",       "di",       "door",    "av",
                 "af",       "written", "posted", "reported",  "text",     "texte",   "autor",
                 "autorin",  "autoren", "author", "authors",   "auteur",   "auteurs", "geschrieben",
                 "verfasst", "ein",     "eine",   "beitrag",   "artikel",  "escrito", "publicado",
                 "publié",   "words",   "story",  "interview", "kommentar"});
}

// A chunk that credits something other than the text (a photo, a source) is not a byline.
bool IsCreditWord(std::string_view lower) {
  return InList(
      lower,
      {"foto",   "fotos",        "photo",          "photos", "bild",       "bilder", "image",
       "images", "illustration", "illustrationen", "grafik", "video",      "quelle", "source",
       "credit", "credits",      "copyright",      "©",      "fotografía", "crédit", "crédits"});
}

// Job titles that follow (or make up) a name in a byline.
bool IsRoleWord(std::string_view lower) {
  return InList(
      lower, {"staff",         "writer",         "writers",       "reporter",        "reporters",
              "correspondent", "correspondents", "editor",        "editors",         "contributor",
              "contributors",  "contributing",   "senior",        "chief",           "columnist",
              "redakteur",     "redakteurin",    "korrespondent", "korrespondentin", "journalist",
              "journalistin",  "associate",      "managing",      "deputy",          "assistant",
              "executive",     "political",      "photographer",  "freelance",       "guest",
              "special",       "national",       "international", "business",        "science",
              "health",        "tech",           "technology",    "sports",          "opinion",
              "news",          "digital",        "desk",          "producer",        "anchor",
              "analyst",       "intern",         "rédacteur",     "rédactrice",      "redactor",
              "redactora",     "periodista",     "corresponsal",  "giornalista",     "in-chief"});
}

// Words that start the date/time part of a byline ("Updated 3 hours ago").
bool IsDateWord(std::string_view lower) {
  return InList(lower, {"updated",        "update",     "published",  "posted",   "aktualisiert",
                        "veröffentlicht", "stand",      "uhr",        "pm",       "min",
                        "mins",           "minutes",    "read",       "ago",      "hours",
                        "hour",           "gmt",        "utc",        "today",    "yesterday",
                        "heute",          "gestern",    "publié",     "mis",      "actualizado",
                        "publicado",      "aggiornato", "pubblicato", "lesezeit", "monday",
                        "tuesday",        "wednesday",  "thursday",   "friday",   "saturday",
                        "sunday",         "montag",     "dienstag",   "mittwoch", "donnerstag",
                        "freitag",        "samstag",    "sonntag"});
}

// Small words that lead into a date ("on May 1", "am 3. Mai", "le 3 mai").
bool IsDateConnector(std::string_view lower) {
  return InList(lower, {"on", "am", "at", "le", "el", "il", "den", "vom", "du", "del", "de"});
}

// Small words inside names ("Ursula von der Leyen", "Juan de la Cruz").
bool IsNameParticle(std::string_view lower) {
  return InList(lower, {"von", "van",   "der", "den", "de",  "la",  "le",  "da",  "di",  "du",
                        "del", "della", "dos", "das", "do",  "ten", "ter", "bin", "ibn", "al",
                        "el",  "y",     "e",   "zu",  "vom", "zum", "und", "st.", "mc",  "mac"});
}

// Bylines that name no person: the newsroom, the CMS user, a wire agency. Wire agencies are
// kept out of authors on purpose: "AP" is a source, not a person who wrote the piece.
bool IsNonPersonName(std::string_view lower_name) {
  static constexpr std::string_view kWholeNames[] = {
      "staff",
      "admin",
      "administrator",
      "redaktion",
      "editorial team",
      "editorial staff",
      "the editors",
      "editors",
      "editor",
      "team",
      "newsroom",
      "news desk",
      "web desk",
      "desk",
      "guest",
      "guest author",
      "gastautor",
      "gastautorin",
      "anonymous",
      "anonym",
      "unknown",
      "user",
      "webmaster",
      "author",
      "autor",
      "red",
      "wire",
      "staff reporter",
      "press release",
      "pressemitteilung",
      "sponsored",
      "advertorial",
      "anzeige",
      "unbekannt",
      "home",
      "menu",
      "share",
      "facebook",
      "twitter",
      "instagram",
      "linkedin",
      "whatsapp",
      "email",
      "e-mail",
      "print",
      "more",
      "mehr",
      "ap",
      "afp",
      "dpa",
      "apa",
      "sda",
      "ats",
      "ansa",
      "efe",
      "reuters",
      "associated press",
      "the associated press",
      "agence france-presse",
      "agence france presse",
      "europa press",
      "kna",
      "epd",
      "kathpress",
      "upi",
      "xinhua",
      "tass",
      "ria novosti",
      "pti",
      "ians",
      "ani",
      "bloomberg",
      "dpa-afx",
      "newsroom staff",
      "cnn",
      "bbc",
      "nyt",
      "wire services",
      "news service",
      "news services",
      "contributor",
      "contributors",
      "guest post",
      "gastbeitrag",
      "leserbrief",
      "pm",
      "ots",
      "presse",
      "press",
      "redaction",
      "rédaction",
      "redacción",
      "redazione",
      "redactie",
      "admin user",
      "agencies",
      "agency",
      "agencias",
      "agenturen",
  };
  for (std::string_view n : kWholeNames) {
    if (lower_name == n) return true;
  }
  // Any of these words marks a collective byline ("Redaktion Diario X", "Sports Desk").
  for (std::string_view w : SplitWords(lower_name)) {
    if (InList(w, {"staff", "redaktion", "redacción", "rédaction", "redazione", "redactie",
                   "editorial", "newsroom", "team", "desk", "admin", "administrator", "webmaster",
                   "agencia", "agentur", "agency", "agenzia", "agence", "press", "presse",
                   "online-redaktion", "onlineredaktion", "nachrichten", "news", "marketing",
                   "communications", "kommunikation", "pressestelle",
                   // Legal forms: a company, not a person.
                   "gmbh", "ag", "inc", "inc.", "llc", "ltd", "ltd.", "corp", "corp.", "kg", "e.v.",
                   "s.a.", "s.l.", "plc", "verlag", "media", "medien", "group", "gruppe",
                   // Link and widget text that sits where bylines are.
                   "zur", "alle", "mehr", "more", "all", "view", "read", "profile", "posts",
                   "articles", "artikel", "beiträge", "follow", "contact", "kontakt", "about",
                   "über", "weitere", "see", "show", "login", "logout", "subscribe", "abonnieren",
                   "home", "startseite", "impressum", "datenschutz", "privacy"})) {
      return true;
    }
  }
  return false;
}

bool StartsUpper(std::string_view w) {
  if (w.empty()) return false;
  unsigned char c = static_cast<unsigned char>(w[0]);
  if (c >= 0x80) {
    // Latin-1 capitals are C3 80-9E; other scripts have no case to check.
    if (c == 0xC3 && w.size() > 1) {
      unsigned char d = static_cast<unsigned char>(w[1]);
      return d >= 0x80 && d <= 0x9E;
    }
    return c != 0xC3;
  }
  return IsAsciiUpper(static_cast<char>(c));
}

// Whether `name` (already cleaned) looks like a person's name: one to five words, no digits
// or markup, every word capitalised except name particles, and not a collective byline.
bool IsPlausibleName(std::string_view name) {
  if (name.size() < 2 || name.size() > 60) return false;
  if (name.find_first_of("0123456789@:;|/\\()[]{}<>=+*#?!\"%$") != std::string_view::npos) {
    return false;
  }
  std::vector<std::string_view> words = SplitWords(name);
  if (words.empty() || words.size() > 5) return false;
  int real_words = 0;
  for (std::string_view w : words) {
    std::string lower = LowerLatin1(w);
    if (IsNameParticle(lower) && words.size() > 1) continue;
    if (!StartsUpper(w)) return false;
    ++real_words;
  }
  if (real_words == 0) return false;
  return !IsNonPersonName(LowerLatin1(name));
}

// Removes parenthesised asides: "(AP)", "(dpa)", "(Twitter: @x)".
std::string DropParentheses(std::string_view s) {
  std::string out;
  int depth = 0;
  for (char c : s) {
    if (c == '(' || c == '[') {
      ++depth;
    } else if ((c == ')' || c == ']') && depth > 0) {
      --depth;
      out.push_back(' ');
    } else if (depth == 0) {
      out.push_back(c);
    }
  }
  return out;
}

// Separators between names or between a name and its role, date or site, used to cut a
// byline into chunks. Conjunctions need spaces around them.
void SplitChunks(std::string_view s, std::vector<std::string>* chunks) {
  static constexpr std::string_view kSeparators[] = {
      "\n",
      "|",
      ";",
      ",",
      "/",
      "\xE2\x80\xA2",
      "\xC2\xB7",
      " - ",
      " \xE2\x80\x93 ",
      " \xE2\x80\x94 ",
      "\xE2\x80\x94",
      "\xE2\x80\x93",
      " and ",
      " & ",
      " und ",
      " et ",
      " y ",
      " e ",
      " en ",
      " og ",
      " och ",
      " AND ",
      " UND ",
      " And ",
      " Und ",
      " ET ",
  };
  std::string text(s);
  std::vector<std::pair<size_t, size_t>> cuts;  // position, length
  for (std::string_view sep : kSeparators) {
    size_t pos = 0;
    while ((pos = text.find(sep, pos)) != std::string::npos) {
      cuts.emplace_back(pos, sep.size());
      pos += sep.size();
    }
  }
  std::sort(cuts.begin(), cuts.end());
  size_t start = 0;
  for (const auto& [pos, len] : cuts) {
    if (pos < start) continue;
    chunks->push_back(text.substr(start, pos - start));
    start = pos + len;
  }
  chunks->push_back(text.substr(start));
}

// Trims spaces and the punctuation that bylines put around names.
std::string_view TrimPunct(std::string_view s) {
  auto junk = [](char c) {
    return c == ' ' || c == ':' || c == '-' || c == '.' || c == ',' || c == '"' || c == '\'' ||
           c == '*' || c == '_' || c == '~' || c == '>' || c == '<';
  };
  while (!s.empty() && junk(s.front())) s.remove_prefix(1);
  while (!s.empty() && junk(s.back()) &&
         !(s.size() >= 2 && IsAsciiUpper(s[s.size() - 2]) && s.back() == '.' &&
           (s.size() == 2 || s[s.size() - 3] == ' '))) {
    s.remove_suffix(1);  // keeps the dot of a final initial ("John Q.")
  }
  return Trim(s);
}

// One chunk of a byline -> a cleaned name candidate ("" when the chunk holds none).
std::string CleanChunk(std::string_view chunk) {
  std::string collapsed = CollapseSpace(chunk);
  std::vector<std::string_view> words = SplitWords(collapsed);
  // Leading "By", "Written by", "Text:".
  size_t begin = 0;
  while (begin < words.size()) {
    std::string lower = LowerLatin1(TrimPunct(words[begin]));
    if (lower.empty() || IsBylinePrefixWord(lower)) {
      ++begin;
    } else {
      break;
    }
  }
  if (begin < words.size() && IsCreditWord(LowerLatin1(TrimPunct(words[begin])))) return {};
  // "Datum: ...", "Anzahl der Kommentare: 0": a labelled field other than the byline.
  for (size_t k = begin; k < words.size(); ++k) {
    if (words[k].find(':') != std::string_view::npos) return {};
  }
  // The name ends where a date, e-mail, handle, URL or role starts.
  size_t end = begin;
  while (end < words.size()) {
    std::string_view w = words[end];
    std::string lower = LowerLatin1(TrimPunct(w));
    bool has_digit = w.find_first_of("0123456789") != std::string_view::npos;
    bool contact = w.find('@') != std::string_view::npos || StartsWith(lower, "http") ||
                   StartsWith(lower, "www.");
    // "May", "le", "am" end the name only when a date follows ("am 21. April", "May 1"),
    // as they are also names or name particles ("Theresa May", "Ursula K. Le Guin").
    std::string next =
        end + 1 < words.size() ? LowerLatin1(TrimPunct(words[end + 1])) : std::string();
    bool date_follows = next.find_first_of("0123456789") != std::string::npos ||
                        MonthFromWord(next) != 0 || IsDateWord(next);
    bool weak_date_word = MonthFromWord(lower) != 0 || IsDateConnector(lower);
    if (has_digit || contact || IsDateWord(lower) || (weak_date_word && date_follows)) break;
    ++end;
  }
  // Trailing job titles ("Jane Doe Staff Writer").
  while (end > begin && IsRoleWord(LowerLatin1(TrimPunct(words[end - 1])))) --end;
  if (end <= begin) return {};
  std::string name;
  for (size_t k = begin; k < end; ++k) {
    if (!name.empty()) name.push_back(' ');
    name.append(words[k]);
  }
  return std::string(TrimPunct(name));
}

// Names from a byline without the checks against the site (see SplitAuthors).
std::vector<std::string> NamesFromByline(std::string_view byline) {
  std::vector<std::string> chunks;
  SplitChunks(DropParentheses(byline.substr(0, 1000)), &chunks);
  std::vector<std::string> names;
  std::vector<std::string> keys;
  bool any_multiword = false;
  for (const std::string& chunk : chunks) {
    std::string name = CleanChunk(chunk);
    if (name.empty() || !IsPlausibleName(name)) continue;
    std::string key = Key(name);
    if (key.empty() || std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    keys.push_back(key);
    any_multiword |= name.find(' ') != std::string::npos;
    names.push_back(std::move(name));
  }
  // Next to full names, a single word is a place or a section ("Jane Doe, Berlin"), not a
  // co-author known by one name.
  if (any_multiword) {
    std::erase_if(names, [](const std::string& n) { return n.find(' ') == std::string::npos; });
  }
  constexpr size_t kMaxAuthors = 10;
  if (names.size() > kMaxAuthors) names.resize(kMaxAuthors);
  return names;
}

// ===========================================================================================
// URLs.

struct UrlParts {
  std::string_view scheme;     // "https"
  std::string_view authority;  // "example.com"
  std::string_view path;       // "/a/b" (may be empty)
};

std::optional<UrlParts> SplitUrl(std::string_view url) {
  size_t colon = url.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  UrlParts p;
  p.scheme = url.substr(0, colon);
  std::string scheme = AsciiLower(p.scheme);
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(colon + 3);
  size_t slash = rest.find_first_of("/?#");
  p.authority = rest.substr(0, slash);
  if (p.authority.empty()) return std::nullopt;
  p.path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  return p;
}

// Removes "." and ".." segments of an absolute path.
std::string NormalizePath(std::string_view path) {
  size_t q = path.find_first_of("?#");
  std::string_view tail = q == std::string_view::npos ? std::string_view() : path.substr(q);
  path = path.substr(0, q);
  std::vector<std::string_view> segs;
  size_t i = 1;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view seg = path.substr(i, j - i);
    bool last = j == path.size();
    if (seg == "..") {
      if (!segs.empty()) segs.pop_back();
      if (last) segs.push_back("");
    } else if (seg == ".") {
      if (last) segs.push_back("");
    } else {
      segs.push_back(seg);
    }
    i = j + 1;
  }
  std::string out;
  for (std::string_view s : segs) {
    out.push_back('/');
    out.append(s);
  }
  if (out.empty()) out = "/";
  out.append(tail);
  return out;
}

// `ref` made absolute against `base`; nullopt when it is not an http(s) URL.
std::optional<std::string> ResolveUrl(std::string_view ref, std::string_view base) {
  std::string r = CollapseSpace(ref);
  if (r.empty()) return std::nullopt;
  if (SplitUrl(r)) return r;
  std::optional<UrlParts> b = SplitUrl(base);
  if (!b) return std::nullopt;
  std::string origin = std::string(b->scheme) + "://" + std::string(b->authority);
  if (StartsWith(r, "//"))
    return SplitUrl(std::string(b->scheme) + ":" + r)
               ? std::optional(std::string(b->scheme) + ":" + r)
               : std::nullopt;
  // Another scheme ("mailto:", "javascript:") before any "/" is not a page URL.
  size_t colon = r.find(':');
  if (colon != std::string::npos && r.find_first_of("/?#") > colon) return std::nullopt;
  if (r[0] == '/') return origin + NormalizePath(r);
  std::string_view base_path = b->path.substr(0, b->path.find_first_of("?#"));
  if (r[0] == '?') return origin + std::string(base_path.empty() ? "/" : base_path) + r;
  if (r[0] == '#') return std::string(base.substr(0, base.find('#'))) + r;
  size_t dir_end = base_path.rfind('/');
  std::string dir = dir_end == std::string_view::npos
                        ? std::string("/")
                        : std::string(base_path.substr(0, dir_end + 1));
  return origin + NormalizePath(dir + r);
}

// The registrable-looking label of the host: "www.example.co.uk" -> "example".
std::string HostLabel(std::string_view url) {
  std::optional<UrlParts> p = SplitUrl(url);
  if (!p) return {};
  std::string host = AsciiLower(p->authority.substr(0, p->authority.find(':')));
  std::vector<std::string> labels;
  size_t i = 0;
  while (i <= host.size()) {
    size_t j = host.find('.', i);
    if (j == std::string::npos) j = host.size();
    labels.push_back(host.substr(i, j - i));
    i = j + 1;
  }
  // Skip the TLD and short second-level labels ("co", "com" in "example.com.au").
  int k = static_cast<int>(labels.size()) - 2;
  while (k > 0 && labels[k].size() <= 3 && labels.size() > 2) --k;
  return k >= 0 ? Key(labels[k]) : std::string();
}

// ===========================================================================================
// The page scan.

struct MetaTag {
  std::string key;  // lower-case name / property / itemprop / http-equiv
  std::string value;
};

struct PageScan {
  std::string html_lang;
  std::string title_tag;
  std::vector<MetaTag> metas;
  std::vector<std::string> canonicals;
  std::vector<std::string> jsonld;
  std::vector<uint32_t> h1s;
  std::vector<uint32_t> times;
  std::vector<uint32_t> itemprops;   // elements with an itemprop attribute (body only)
  std::vector<uint32_t> author_els;  // elements marked as author/byline (body only)
  std::vector<uint32_t> date_els;    // elements whose class/id says date (body only)
  uint32_t body = kNoNode;
  uint32_t first_article = kNoNode;
  // Walk order of every element collected above, for "after the headline" tests.
  std::vector<uint32_t> order;
};

bool HasSvgAncestor(const Document& doc, uint32_t i) {
  for (uint32_t p = doc.node(i).parent; p != kNoNode; p = doc.node(p).parent) {
    if (doc.node(p).tag == Tag::kSvg) return true;
  }
  return false;
}

// How strongly the element's own attributes mark it as holding the author: 3 for explicit
// markup (rel=author, itemprop=author), 2 for a "byline" class, 1 for an "author" class,
// 0 for none.
int AuthorHint(const Document& doc, uint32_t i) {
  if (HasToken(doc.Attr(i, "rel"), "author")) return 3;
  std::string_view itemprop = doc.Attr(i, "itemprop");
  if (HasToken(itemprop, "author") || HasToken(itemprop, "creator")) return 3;
  std::string cls = ClassAndId(doc, i);
  if (ContainsAny(cls, {"byline", "by-line", "by_line"})) return 2;
  if (ContainsAny(cls, {"author", "autor", "auteur", "writer", "verfasser"}) &&
      !ContainsAny(cls, {"avatar", "image", "img", "photo", "picture", "bio", "description",
                         "comment", "social", "follow", "more-", "other"})) {
    return 1;
  }
  return 0;
}

bool DateHint(const Document& doc, uint32_t i) {
  std::string cls = ClassAndId(doc, i);
  return ContainsAny(cls,
                     {"date", "time", "publish", "posted", "datum", "fecha", "dateline", "zeit"}) &&
         !ContainsAny(cls, {"update", "modif", "edited", "comment", "runtime", "read"});
}

// A value the site's template engine failed to fill in ("{$plugin.site_name}",
// "%%title%%", "{{ author }}").
bool IsTemplatePlaceholder(std::string_view v) {
  return v.find("{{") != std::string_view::npos || v.find("{$") != std::string_view::npos ||
         v.find("%%") != std::string_view::npos || v.find("${") != std::string_view::npos;
}

PageScan ScanPage(const Document& doc) {
  PageScan scan;
  if (doc.empty()) return scan;
  scan.order.assign(doc.nodes().size(), 0);
  uint32_t counter = 0;
  uint32_t root = doc.root();
  scan.html_lang = std::string(doc.Attr(root, "lang"));
  if (scan.html_lang.empty()) scan.html_lang = std::string(doc.Attr(root, "xml:lang"));
  for (uint32_t i = root; i != kNoNode;) {
    const Node& n = doc.node(i);
    scan.order[i] = counter++;
    if (n.is_text) {
      i = doc.Next(i, root);
      continue;
    }
    bool in_body = scan.body != kNoNode;
    switch (n.tag) {
      case Tag::kBody:
        if (scan.body == kNoNode) scan.body = i;
        break;
      case Tag::kTitle:
        if (scan.title_tag.empty() && !HasSvgAncestor(doc, i)) {
          scan.title_tag = CollapseSpace(doc.InnerText(i));
        }
        break;
      case Tag::kMeta: {
        std::string_view key = doc.Attr(i, "property");
        if (key.empty()) key = doc.Attr(i, "name");
        if (key.empty()) key = doc.Attr(i, "itemprop");
        if (key.empty()) key = doc.Attr(i, "http-equiv");
        std::string_view value = doc.Attr(i, "content");
        if (!key.empty() && !Trim(value).empty() && !IsTemplatePlaceholder(value)) {
          scan.metas.push_back({AsciiLower(Trim(key)), CollapseSpace(DecodeEntities(value))});
        }
        break;
      }
      case Tag::kLink:
        if (HasToken(doc.Attr(i, "rel"), "canonical")) {
          scan.canonicals.emplace_back(doc.Attr(i, "href"));
        }
        break;
      case Tag::kScript:
        if (ContainsIgnoreCase(doc.Attr(i, "type"), "ld+json")) {
          scan.jsonld.push_back(doc.InnerText(i));
        }
        i = doc.Next(i, root, /*skip_children=*/true);
        continue;
      case Tag::kH1:
        if (in_body) scan.h1s.push_back(i);
        break;
      case Tag::kTime:
        scan.times.push_back(i);
        break;
      case Tag::kArticle:
        if (scan.first_article == kNoNode) scan.first_article = i;
        break;
      default:
        break;
    }
    if (IsSkippedSubtree(n.tag) && n.tag != Tag::kHead && n.tag != Tag::kTitle) {
      i = doc.Next(i, root, /*skip_children=*/true);
      continue;
    }
    if (in_body) {
      if (doc.HasAttr(i, "itemprop")) scan.itemprops.push_back(i);
      if (AuthorHint(doc, i) > 0) scan.author_els.push_back(i);
      if (n.tag != Tag::kTime && DateHint(doc, i)) scan.date_els.push_back(i);
    }
    i = doc.Next(i, root);
  }
  return scan;
}

// Page regions whose names and dates belong to something other than the article: comments,
// related-article teasers, sidebars, navigation, the site footer.
//
// Above an <article> only unambiguous containers count (a list of related articles, the
// comments): wrappers of the whole page often carry layout names like "has-sidebar".
bool InOtherRegion(const Document& doc, uint32_t i) {
  constexpr int kMaxLevels = 64;
  int levels = 0;
  bool footer = false;
  bool in_article = false;
  for (uint32_t p = i; p != kNoNode && levels < kMaxLevels; p = doc.node(p).parent, ++levels) {
    const Node& n = doc.node(p);
    if (n.tag == Tag::kBody) break;
    if (n.tag == Tag::kAside || n.tag == Tag::kNav) return true;
    if (n.tag == Tag::kFooter && !in_article) footer = true;
    if (n.tag == Tag::kArticle) {
      in_article = true;
      footer = false;  // the article's own footer (author, date) is the article's
    }
    if (ContainsIgnoreCase(doc.Attr(p, "itemtype"), "Comment")) return true;
    std::string cls = ClassAndId(doc, p);
    for (std::string_view token : SplitWords(cls)) {
      if (StartsWith(token, "related") || StartsWith(token, "comment") ||
          StartsWith(token, "recommend") || StartsWith(token, "most-read") ||
          StartsWith(token, "popular") || StartsWith(token, "trending")) {
        return true;
      }
      if (!in_article &&
          ContainsAny(token, {"comment", "related", "sidebar", "recommend", "popular", "navigation",
                              "menu", "respond", "reply", "discussion", "newsletter", "most-read",
                              "mostread", "trending"})) {
        return true;
      }
    }
  }
  return footer;
}

// ===========================================================================================
// Field extraction.

class MetadataBuilder {
 public:
  MetadataBuilder(const Document& doc, std::string_view page_url)
      : doc_(doc), page_url_(page_url), scan_(ScanPage(doc)), ld_(ParseJsonLd(scan_.jsonld)) {}

  Metadata Build() {
    Metadata m;
    host_key_ = HostLabel(page_url_);
    m.url = CanonicalUrl();
    canonical_ = m.url;
    if (host_key_.empty() && m.url) host_key_ = HostLabel(*m.url);
    m.site = Site();
    if (m.site) site_keys_.push_back(Key(*m.site));
    for (const std::string& s : {ld_.publisher, ld_.website, MetaValue({"og:site_name"}),
                                 MetaValue({"application-name"})}) {
      if (!s.empty()) site_keys_.push_back(Key(s));
    }
    // On a one-person blog the publisher is the author: that name stays a name.
    for (const JsonLdAuthor& a : ld_.authors) {
      if (!a.organization) std::erase(site_keys_, Key(a.name));
    }
    main_h1_ = MainH1();
    slash_order_ =
        SlashOrderOf(!scan_.html_lang.empty() ? scan_.html_lang : MetaValue({"og:locale"}));
    m.title = Title();
    m.authors = Authors(&m.byline_nodes);
    m.published = Published(&m.byline_nodes);
    m.language = Language();
    m.article_body = ArticleBody();
    std::sort(m.byline_nodes.begin(), m.byline_nodes.end());
    m.byline_nodes.erase(std::unique(m.byline_nodes.begin(), m.byline_nodes.end()),
                         m.byline_nodes.end());
    return m;
  }

 private:
  // ----- meta tags

  // The first non-empty value of the first key present, in key order.
  std::string MetaValue(std::initializer_list<std::string_view> keys) const {
    for (std::string_view key : keys) {
      for (const MetaTag& t : scan_.metas) {
        if (t.key == key) return t.value;
      }
    }
    return {};
  }

  std::vector<std::string> MetaValues(std::string_view key) const {
    std::vector<std::string> values;
    for (const MetaTag& t : scan_.metas) {
      if (t.key == key) values.push_back(t.value);
    }
    return values;
  }

  // ----- site

  std::optional<std::string> Site() const {
    for (const std::string& s : {MetaValue({"og:site_name"}), ld_.publisher,
                                 MetaValue({"application-name"}), ld_.website}) {
      std::string v = SiteNamePart(CollapseSpace(s));
      if (!v.empty() && v.size() <= 100 && !StartsWith(v, "http")) return v;
    }
    return std::nullopt;
  }

  // "WSVN 7News | Miami News, Weather, Sports" -> "WSVN 7News": of a name with a tagline,
  // the part that names the host, else the first.
  std::string SiteNamePart(const std::string& name) const {
    std::vector<std::string_view> parts = TitleParts(name);
    if (parts.size() < 2) return name;
    for (std::string_view part : parts) {
      std::string key = Key(part);
      bool names_host =
          key.find(host_key_) != std::string::npos || host_key_.find(key) != std::string::npos;
      if (!host_key_.empty() && key.size() >= 4 && names_host) {
        return std::string(part);
      }
    }
    return std::string(parts.front());
  }

  bool IsSiteName(std::string_view name) const {
    std::string key = Key(name);
    if (key.empty()) return false;
    for (const std::string& s : site_keys_) {
      if (key == s) return true;
    }
    // A one-word author equal to the host's name ("telebasel" on telebasel.ch) is the
    // publisher; a two-word one may be the blogger the site is named after.
    return name.find(' ') == std::string_view::npos && !host_key_.empty() &&
           (key == host_key_ || (key.size() >= 4 && StartsWith(host_key_, key)));
  }

  // ----- URL

  std::optional<std::string> CanonicalUrl() const {
    std::vector<std::string> refs = scan_.canonicals;
    refs.push_back(MetaValue({"og:url"}));
    refs.push_back(ld_.url);
    std::optional<UrlParts> page = SplitUrl(page_url_);
    for (const std::string& ref : refs) {
      if (Trim(ref).empty()) continue;
      std::optional<std::string> abs = ResolveUrl(ref, page_url_);
      if (!abs) continue;
      // A canonical pointing at the home page from an article page is a template mistake.
      std::optional<UrlParts> parts = SplitUrl(*abs);
      if (page && parts && (parts->path.empty() || parts->path == "/") && page->path.size() > 1) {
        continue;
      }
      return abs;
    }
    if (SplitUrl(page_url_)) return std::string(page_url_);
    return std::nullopt;
  }

  // ----- title

  std::string HeadingText(uint32_t h) const { return CollapseSpace(VisibleText(doc_, h, 400)); }

  // The h1 most likely to be the headline, outside navigation and sidebars: one that the
  // page's <title> or og:title repeats, else the first in the article element, else the
  // first. (Pages also use h1 for the logo or a screen-reader "Navigation".)
  uint32_t MainH1() {
    std::string title_keys = Key(scan_.title_tag) + " " + Key(MetaValue({"og:title"}));
    uint32_t best = kNoNode;
    int best_score = -1;
    int candidates = 0;
    int in_article = 0;
    for (uint32_t h : scan_.h1s) {
      if (InOtherRegion(doc_, h) || IsLogoHeading(h)) continue;
      std::string text = HeadingText(h);
      if (text.size() < 3 || text.size() > 400) continue;
      std::string key = Key(text);
      bool article = scan_.first_article != kNoNode && IsInside(h, scan_.first_article);
      int score = article ? 1 : 0;
      if (key.size() >= 8 && title_keys.find(key) != std::string::npos) score += 2;
      if (score > best_score) {
        best = h;
        best_score = score;
      }
      ++candidates;
      in_article += article ? 1 : 0;
    }
    // Sure enough to win over og:title: the only h1, or the only one in the article (pages
    // that use h1 for every section heading have no single headline h1).
    main_h1_confident_ =
        best != kNoNode && (candidates == 1 || (best_score == 1 && in_article == 1));
    return best;
  }

  // An h1 around the site's logo: its class says so, or it links to the home page.
  bool IsLogoHeading(uint32_t h) const {
    if (ContainsAny(ClassAndId(doc_, h),
                    {"logo", "brand", "site-title", "site-name", "sitename", "site_title"})) {
      return true;
    }
    for (uint32_t j = h; j != kNoNode; j = doc_.Next(j, h)) {
      const Node& n = doc_.node(j);
      if (n.is_text || n.tag != Tag::kA) continue;
      std::string_view href = Trim(doc_.Attr(j, "href"));
      std::optional<UrlParts> parts = SplitUrl(href);
      std::string_view path = parts ? parts->path : href;
      path = path.substr(0, path.find_first_of("?#"));
      if (path.empty() ? parts.has_value() : path == "/") return true;
    }
    return false;
  }

  bool IsInside(uint32_t node, uint32_t ancestor) const {
    for (uint32_t p = node; p != kNoNode; p = doc_.node(p).parent) {
      if (p == ancestor) return true;
    }
    return false;
  }

  bool IsSiteLike(std::string_view part) const {
    std::string key = Key(part);
    if (key.empty()) return true;
    for (const std::string& s : site_keys_) {
      // The name itself, or the name with a little more ("Example News Online").
      if (key == s ||
          (s.size() >= 4 && key.find(s) != std::string::npos && key.size() < s.size() + 8)) {
        return true;
      }
    }
    return !host_key_.empty() && key.size() >= 4 &&
           (key == host_key_ || host_key_.find(key) != std::string::npos ||
            (key.find(host_key_) != std::string::npos && key.size() < host_key_.size() + 8));
  }

  // Splits a title at " | ", " - ", " — ", " :: " and similar separators.
  static std::vector<std::string_view> TitleParts(std::string_view title) {
    static constexpr std::string_view kSeps[] = {
        " | ",
        " - ",
        " \xE2\x80\x93 ",
        " \xE2\x80\x94 ",
        " :: ",
        " \xC2\xB7 ",
        " \xE2\x80\xA2 ",
        " \xC2\xBB ",
        " \xC2\xAB ",
        " // ",
        " ~ ",
    };
    std::vector<std::string_view> parts;
    size_t start = 0;
    size_t i = 0;
    while (i < title.size()) {
      size_t hit = 0;
      for (std::string_view sep : kSeps) {
        if (title.substr(i, sep.size()) == sep) {
          hit = sep.size();
          break;
        }
      }
      if (hit) {
        parts.push_back(Trim(title.substr(start, i - start)));
        i += hit;
        start = i;
      } else {
        ++i;
      }
    }
    parts.push_back(Trim(title.substr(start)));
    std::erase_if(parts, [](std::string_view p) { return p.empty(); });
    return parts;
  }

  // Drops the site's name from either end of a title. With `loose`, a title whose ends name
  // no known site still loses a short last (or first) part: "<title>" nearly always carries
  // the site there.
  std::string StripSiteSuffix(std::string_view title, bool loose) const {
    std::vector<std::string_view> parts = TitleParts(title);
    if (parts.size() < 2) return CollapseSpace(title);
    size_t begin = 0, end = parts.size();
    while (end - begin > 1 && IsSiteLike(parts[end - 1])) --end;
    while (end - begin > 1 && IsSiteLike(parts[begin])) ++begin;
    if (begin == 0 && end == parts.size() && loose) {
      auto words = [](std::string_view s) { return SplitWords(s).size(); };
      std::string_view first_part = parts.front(), last_part = parts.back();
      size_t rest_last = title.size() - last_part.size();
      size_t rest_first = title.size() - first_part.size();
      if (words(last_part) <= 4 && last_part.size() < rest_last) {
        --end;
      } else if (words(first_part) <= 4 && first_part.size() < rest_first) {
        ++begin;
      }
    }
    const char* from = parts[begin].data();
    const char* to = parts[end - 1].data() + parts[end - 1].size();
    return CollapseSpace(std::string_view(from, static_cast<size_t>(to - from)));
  }

  // The headline. Sources that agree with each other win: structured data that repeats the
  // visible h1, an h1 that <title> repeats. Where they disagree, a confidently identified h1
  // wins (og:title and <title> are often SEO variants of it), then structured data, then
  // <title> without the site's name, then any h1.
  std::optional<std::string> Title() const {
    std::vector<std::string> structured;
    structured.push_back(ld_.headline);
    structured.push_back(StripSiteSuffix(MetaValue({"og:title"}), /*loose=*/false));
    structured.push_back(StripSiteSuffix(MetaValue({"twitter:title"}), /*loose=*/false));
    structured.push_back(MicrodataText("headline"));
    std::erase_if(structured, [this](const std::string& s) {
      return Key(s).empty() || (IsSiteLike(s) && Key(s).size() < 40);
    });
    std::vector<std::string> h1s;
    if (main_h1_ != kNoNode) h1s.push_back(HeadingText(main_h1_));
    for (uint32_t h : scan_.h1s) {
      if (h1s.size() >= 5) break;
      if (h == main_h1_ || InOtherRegion(doc_, h) || IsLogoHeading(h)) continue;
      std::string t = HeadingText(h);
      if (!Key(t).empty() && t.size() <= 400) h1s.push_back(std::move(t));
    }
    // A logo or site-name h1 says nothing about the article.
    std::erase_if(h1s, [this](const std::string& h) { return IsSiteLike(h); });
    std::string title_tag = scan_.title_tag;
    std::vector<std::string> title_keys = {Key(title_tag)};
    for (std::string_view part : TitleParts(title_tag)) {
      if (!IsSiteLike(part)) title_keys.push_back(Key(part));
    }
    auto in_title = [&title_keys](const std::string& key) {
      return std::find(title_keys.begin(), title_keys.end(), key) != title_keys.end();
    };

    for (const std::string& s : structured) {
      std::string key = Key(s);
      for (const std::string& h : h1s) {
        // The visible text keeps the typography ("–", "„“") that meta tags often flatten.
        if (Key(h) == key) return h;
        if (IsTruncated(s) && StartsWith(Key(h), key) && key.size() >= 20) return h;
      }
    }
    for (const std::string& h : h1s) {
      if (in_title(Key(h))) return h;
    }
    // og:title agreeing with <title> is no second opinion: both are the SEO title.
    // A one- or two-word h1 ("Details", "News") is more likely a section label.
    constexpr size_t kMinHeadlineWords = 3;
    if (main_h1_confident_ && !h1s.empty() && h1s.front() == HeadingText(main_h1_) &&
        SplitWords(h1s.front()).size() >= kMinHeadlineWords) {
      return h1s.front();
    }
    for (const std::string& s : structured) {
      if (in_title(Key(s))) return s;
    }
    if (!structured.empty()) return structured.front();
    std::string stripped = StripSiteSuffix(title_tag, /*loose=*/true);
    if (!Key(stripped).empty()) return stripped;
    if (!h1s.empty()) return h1s.front();
    return std::nullopt;
  }

  static bool IsTruncated(std::string_view s) {
    return EndsWith(s, "...") || EndsWith(s, "\xE2\x80\xA6");
  }

  // ----- microdata

  std::vector<uint32_t> ItemProps(std::string_view prop) const {
    std::vector<uint32_t> out;
    for (uint32_t i : scan_.itemprops) {
      if (HasToken(doc_.Attr(i, "itemprop"), prop)) out.push_back(i);
    }
    return out;
  }

  // The value of a microdata property element: content/datetime attribute, else its text.
  std::string ItemValue(uint32_t i, size_t max_bytes) const {
    for (std::string_view attr : {"content", "datetime"}) {
      std::string_view v = doc_.Attr(i, attr);
      if (!Trim(v).empty()) return CollapseSpace(v);
    }
    return CollapseSpace(VisibleText(doc_, i, max_bytes));
  }

  std::string MicrodataText(std::string_view prop) const {
    for (uint32_t i : ItemProps(prop)) {
      if (InOtherRegion(doc_, i)) continue;
      std::string v = ItemValue(i, 400);
      if (!v.empty() && v.size() <= 400) return v;
    }
    return {};
  }

  // ----- authors

  // Names from a byline, minus the site's own name.
  std::vector<std::string> CleanNames(std::string_view byline) const {
    std::vector<std::string> names = NamesFromByline(byline);
    std::erase_if(names, [this](const std::string& n) { return IsSiteName(n); });
    return names;
  }

  std::vector<std::string> Authors(std::vector<uint32_t>* byline_nodes) {
    // Visible bylines are found first in any case: the main-text stage must skip them even
    // when the names come from structured data.
    std::vector<std::string> visible = VisibleBylineAuthors(byline_nodes);
    // Structured sources in order of trust.
    std::vector<std::vector<std::string>> sources;
    sources.push_back(JsonLdAuthors());
    for (std::string_view key :
         {"author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author",
          "parsely-author", "byl", "citation_author", "og:article:author", "article.author",
          "shareaholic:article_author_name"}) {
      std::vector<std::string> found;
      for (const std::string& v : MetaValues(key)) {
        if (StartsWith(AsciiLower(v), "http") || StartsWith(v, "www.")) continue;
        for (std::string& n : CleanNames(v)) AddUnique(std::move(n), &found);
      }
      sources.push_back(std::move(found));
    }
    sources.push_back(MicrodataAuthors(byline_nodes));
    // Structured data sometimes names the CMS account that posted the piece rather than its
    // writers; the source that agrees with the visible byline is the right one.
    // When the byline names everyone the agreeing source does and more, the source listed
    // only the first writer.
    if (!visible.empty()) {
      for (std::vector<std::string>& names : sources) {
        if (!Overlaps(names, visible)) continue;
        if (visible.size() > names.size() && Contains(visible, names)) return visible;
        return std::move(names);
      }
    }
    for (std::vector<std::string>& names : sources) {
      if (!names.empty()) return std::move(names);
    }
    return visible;
  }

  static bool Overlaps(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    for (const std::string& x : a) {
      for (const std::string& y : b) {
        if (Key(x) == Key(y)) return true;
      }
    }
    return false;
  }

  // Whether every name of `part` is in `all`.
  static bool Contains(const std::vector<std::string>& all, const std::vector<std::string>& part) {
    for (const std::string& p : part) {
      if (!Overlaps(all, {p})) return false;
    }
    return true;
  }

  static void AddUnique(std::string name, std::vector<std::string>* names) {
    std::string key = Key(name);
    for (const std::string& n : *names) {
      if (Key(n) == key) return;
    }
    names->push_back(std::move(name));
  }

  std::vector<std::string> JsonLdAuthors() const {
    std::vector<std::string> names;
    for (const JsonLdAuthor& a : ld_.authors) {
      // An organization is the publisher speaking, not a person who wrote the piece.
      if (a.organization) continue;
      for (std::string& n : CleanNames(a.name)) AddUnique(std::move(n), &names);
    }
    return names;
  }

  std::vector<std::string> MicrodataAuthors(std::vector<uint32_t>* byline_nodes) const {
    std::vector<std::string> names;
    for (uint32_t i : ItemProps("author")) {
      if (InOtherRegion(doc_, i)) continue;
      std::string value;
      if (doc_.HasAttr(i, "itemscope")) {
        // The person's name is its own property inside the author item.
        for (uint32_t j = i; j != kNoNode && value.empty(); j = doc_.Next(j, i)) {
          if (j != i && !doc_.node(j).is_text && HasToken(doc_.Attr(j, "itemprop"), "name")) {
            value = ItemValue(j, 200);
          }
        }
      }
      if (value.empty()) value = ItemValue(i, 300);
      if (value.size() > 250) continue;
      std::vector<std::string> found = CleanNames(value);
      if (!found.empty()) AddBylineNode(i, byline_nodes);
      for (std::string& n : found) AddUnique(std::move(n), &names);
    }
    return names;
  }

  // Bylines in the page body, from markup (rel=author, class="byline") first, else from
  // "By Jane Doe" text just below the headline.
  std::vector<std::string> VisibleBylineAuthors(std::vector<uint32_t>* byline_nodes) {
    std::vector<std::string> names = MarkedBylines(byline_nodes);
    if (names.empty()) names = ByTextBylines(byline_nodes);
    return names;
  }

  // Elements marked as author or byline. The byline is the best-placed one that names
  // someone: near the headline or inside the article first, then anywhere after the
  // headline, then anywhere; stronger markup first within a tier. Further marked elements
  // count only inside the same parent ("<span class=author>A</span> and <span
  // class=author>B</span>"), since the others are usually other articles' teasers.
  std::vector<std::string> MarkedBylines(std::vector<uint32_t>* byline_nodes) {
    constexpr size_t kMaxBylineBytes = 250;
    struct Candidate {
      uint32_t node;
      int rank;
      std::vector<std::string> names;
    };
    std::vector<Candidate> candidates;
    uint32_t covered = kNoNode;  // the last accepted element, whose subtree is done
    for (uint32_t i : scan_.author_els) {
      if (covered != kNoNode && IsInside(i, covered)) continue;
      if (InOtherRegion(doc_, i)) continue;
      std::string text = VisibleText(doc_, i, kMaxBylineBytes + 50);
      if (text.size() > kMaxBylineBytes || IsProse(text)) continue;
      std::vector<std::string> found = CleanNames(text);
      if (found.empty()) continue;
      covered = i;
      candidates.push_back({i, PlacementTier(i) * 4 + AuthorHint(doc_, i), std::move(found)});
    }
    if (candidates.empty()) return {};
    const Candidate* best = &candidates[0];
    for (const Candidate& c : candidates) {
      if (c.rank > best->rank) best = &c;
    }
    uint32_t group_parent = doc_.node(best->node).parent;
    byline_text_node_ = best->node;
    std::vector<std::string> names;
    for (const Candidate& c : candidates) {
      if (&c != best && (c.rank / 4 != best->rank / 4 || !IsInside(c.node, group_parent))) {
        continue;
      }
      AddBylineNode(c.node, byline_nodes);
      for (const std::string& n : c.names) AddUnique(n, &names);
    }
    return names;
  }

  // 2 near the headline or in the article that holds it, 1 after the headline, 0 elsewhere.
  int PlacementTier(uint32_t i) const {
    if (main_h1_ == kNoNode)
      return scan_.first_article != kNoNode && IsInside(i, scan_.first_article) ? 2 : 1;
    constexpr uint32_t kNearNodes = 300;
    uint32_t at = scan_.order[i], h1 = scan_.order[main_h1_];
    uint32_t distance = at > h1 ? at - h1 : h1 - at;
    uint32_t article = HeadlineArticle();
    if (distance <= kNearNodes || (article != kNoNode && IsInside(i, article))) return 2;
    return at > h1 ? 1 : 0;
  }

  // The <article> element that contains the headline, if any.
  uint32_t HeadlineArticle() const {
    for (uint32_t p = main_h1_; p != kNoNode; p = doc_.node(p).parent) {
      if (doc_.node(p).tag == Tag::kArticle) return p;
    }
    return kNoNode;
  }

  // Running text, not a byline: more than a few words that are neither capitalised nor the
  // small words of bylines ("and", "by", "am"). "leitet das Ressort bei" is prose.
  static bool IsProse(std::string_view text) {
    int lower_words = 0;
    std::string collapsed = CollapseSpace(text);
    for (std::string_view w : SplitWords(collapsed)) {
      if (StartsUpper(w) || !IsAsciiAlpha(w[0])) continue;
      std::string lower = LowerLatin1(TrimPunct(w));
      if (IsBylinePrefixWord(lower) || IsNameParticle(lower) || IsDateWord(lower) ||
          IsDateConnector(lower) || MonthFromWord(lower) != 0 ||
          InList(lower, {"and", "und", "et", "y", "e", "en", "og", "och", "of", "at", "um", "à",
                         "a", "min", "von:"})) {
        continue;
      }
      if (++lower_words > 3) return true;
    }
    return false;
  }

  static bool StartsWithBylinePrefix(std::string_view text) {
    std::string head = CollapseSpace(TrimPunct(text.substr(0, 60)));
    std::vector<std::string_view> words = SplitWords(head);
    if (words.size() < 2) return false;
    std::string first = LowerLatin1(words[0]);
    if (InList(first, {"by", "von", "par", "por", "di", "door", "av", "text:", "texte:", "autor:",
                       "autorin:", "author:", "auteur:", "von:", "by:"})) {
      return true;
    }
    std::string two = first + " " + LowerLatin1(words[1]);
    return InList(two, {"written by", "posted by", "geschrieben von", "verfasst von", "ein beitrag",
                        "escrito por", "publicado por", "reported by"});
  }

  // "By Jane Doe" in a short block among the first lines after the headline (or of the
  // article, or of the page when neither is marked).
  std::vector<std::string> ByTextBylines(std::vector<uint32_t>* byline_nodes) {
    uint32_t start = main_h1_ != kNoNode ? main_h1_ : scan_.first_article;
    int max_text_nodes = 40;
    if (start == kNoNode) {
      start = scan_.body;
      max_text_nodes = 150;
    }
    if (start == kNoNode) return {};
    constexpr size_t kMaxBylineBytes = 150;
    uint32_t last_block = kNoNode;
    int seen = 0;
    bool skip_start = start != scan_.body;
    for (uint32_t i = doc_.Next(start, doc_.root(), skip_start);
         i != kNoNode && seen < max_text_nodes;) {
      const Node& n = doc_.node(i);
      if (!n.is_text) {
        bool skip = IsSkippedSubtree(n.tag);
        i = doc_.Next(i, doc_.root(), skip);
        continue;
      }
      if (!Trim(doc_.Text(i)).empty()) {
        ++seen;
        uint32_t block = EnclosingBlock(i);
        if (block != last_block && block != kNoNode) {
          last_block = block;
          std::string text = VisibleText(doc_, block, kMaxBylineBytes + 50);
          if (text.size() <= kMaxBylineBytes && StartsWithBylinePrefix(text)) {
            std::vector<std::string> names = CleanNames(text);
            if (!names.empty()) {
              AddBylineNode(block, byline_nodes);
              byline_text_node_ = block;
              return names;
            }
          }
        }
      }
      i = doc_.Next(i, doc_.root());
    }
    return {};
  }

  uint32_t EnclosingBlock(uint32_t i) const {
    uint32_t p = doc_.node(i).parent;
    for (int levels = 0; p != kNoNode && levels < 6; ++levels, p = doc_.node(p).parent) {
      if (IsBlockTag(doc_.node(p).tag) || doc_.node(p).tag == Tag::kAddress) return p;
    }
    return doc_.node(i).parent;
  }

  // ----- published date

  std::optional<std::string> DateValue(std::string_view text) const {
    return NormalizeDateIn(text, slash_order_);
  }

  std::optional<std::string> Published(std::vector<uint32_t>* byline_nodes) const {
    for (const std::string& s : {ld_.date_published, ld_.date_created}) {
      if (auto d = DateValue(s)) return d;
    }
    static constexpr std::string_view kMetaKeys[] = {
        "article:published_time",
        "og:article:published_time",
        "og:published_time",
        "article:published",
        "datepublished",
        "publishdate",
        "publish-date",
        "publish_date",
        "pubdate",
        "published_time",
        "published-date",
        "parsely-pub-date",
        "sailthru.date",
        "dc.date.issued",
        "dcterms.issued",
        "dc.date.created",
        "dcterms.created",
        "dc.date",
        "dcterms.date",
        "date",
        "citation_publication_date",
        "citation_date",
        "article.published",
        "cxenseparse:recs:publishtime",
        "originalpublicationdate",
        "displaydate",
        "created",
        "date.created",
        "og:pubdate",
        "article_date_original",
        "shareaholic:article_published_time",
    };
    for (std::string_view key : kMetaKeys) {
      for (const std::string& v : MetaValues(key)) {
        if (auto d = DateValue(v)) return d;
      }
    }
    for (uint32_t i : ItemProps("datePublished")) {
      if (InOtherRegion(doc_, i)) continue;
      if (auto d = DateValue(ItemValue(i, 200))) return d;
    }
    if (auto d = TimeElementDate(byline_nodes, /*marked=*/true)) return d;
    if (auto d = BylineDate()) return d;
    if (auto d = TimeElementDate(byline_nodes, /*marked=*/false)) return d;
    if (auto d = DateClassDate(byline_nodes)) return d;
    if (auto d = DateFromUrl(page_url_)) return d;
    if (canonical_) {
      if (auto d = DateFromUrl(*canonical_)) return d;
    }
    if (auto d = DateUnderHeadline(byline_nodes)) return d;
    for (const std::string& s :
         {ld_.date_modified, MetaValue({"article:modified_time"}), MetaValue({"og:updated_time"}),
          MetaValue({"datemodified"}), MetaValue({"last-modified"})}) {
      if (auto d = DateValue(s)) return d;
    }
    return std::nullopt;
  }

  // Dates near the headline, after it, or anywhere on a page without one; not in the page
  // header above it (which shows today's date on many sites).
  bool DatePlacementOk(uint32_t i) const { return PlacementTier(i) >= 1; }

  // <time datetime>: one marked as the publication time (`marked`), else the first one
  // near the headline or in the article.
  std::optional<std::string> TimeElementDate(std::vector<uint32_t>* byline_nodes,
                                             bool marked_only) const {
    auto value = [this](uint32_t t) {
      std::optional<std::string> d = DateValue(doc_.Attr(t, "datetime"));
      return d ? d : DateValue(VisibleText(doc_, t, 200));
    };
    for (uint32_t t : scan_.times) {
      if (InOtherRegion(doc_, t)) continue;
      std::string cls = ClassAndId(doc_, t);
      bool marked = doc_.HasAttr(t, "pubdate") ||
                    ContainsAny(cls, {"publish", "posted", "created", "entry-date"});
      bool updated = ContainsAny(cls, {"update", "modif", "edited"});
      if (marked_only ? !marked : (updated || !DatePlacementOk(t))) continue;
      if (auto d = value(t)) {
        AddBylineNode(t, byline_nodes);
        return d;
      }
    }
    return std::nullopt;
  }

  // A line that is only a date ("25.01.2022", "<small>02.02.2022 • Sport</small>") among the
  // first lines of the headline and below it: the last resort, as it is the least marked.
  std::optional<std::string> DateUnderHeadline(std::vector<uint32_t>* byline_nodes) const {
    if (main_h1_ == kNoNode) return std::nullopt;
    constexpr int kMaxTextNodes = 15;
    constexpr size_t kMaxDateLine = 40;
    int seen = 0;
    for (uint32_t i = main_h1_; i != kNoNode && seen < kMaxTextNodes;) {
      const Node& n = doc_.node(i);
      if (!n.is_text) {
        i = doc_.Next(i, doc_.root(), IsSkippedSubtree(n.tag));
        continue;
      }
      std::string_view text = Trim(doc_.Text(i));
      if (!text.empty()) {
        ++seen;
        if (text.size() <= kMaxDateLine) {
          if (auto d = DateValue(text)) {
            if (n.parent != main_h1_) AddBylineNode(n.parent, byline_nodes);
            return d;
          }
        }
      }
      i = doc_.Next(i, doc_.root());
    }
    return std::nullopt;
  }

  // Records the line a byline or date sits on ("By <a>Jane Doe</a> | <time>May 1</time>")
  // so that the main-text stage drops all of it: the largest short ancestor that holds no
  // heading. A byline inside a paragraph of prose is not recorded: dropping it would cut
  // the sentence.
  void AddBylineNode(uint32_t node, std::vector<uint32_t>* byline_nodes) const {
    constexpr size_t kMaxLineBytes = 200;
    constexpr int kMaxLevels = 4;
    if (VisibleText(doc_, node, kMaxLineBytes + 20).size() > kMaxLineBytes) return;
    uint32_t line = node;
    for (int level = 0; level < kMaxLevels; ++level) {
      uint32_t p = doc_.node(line).parent;
      if (p == kNoNode || !IsLineContainer(doc_.node(p).tag) || HasHeading(p)) break;
      std::string text = VisibleText(doc_, p, kMaxLineBytes + 20);
      if (text.size() > kMaxLineBytes || IsProse(text)) break;
      line = p;
    }
    // An inline line whose block holds more text is part of a paragraph.
    if (!IsBlockTag(doc_.node(line).tag)) {
      uint32_t block = doc_.node(line).parent;
      while (block != kNoNode && !IsBlockTag(doc_.node(block).tag)) block = doc_.node(block).parent;
      if (block != kNoNode && VisibleText(doc_, block, kMaxLineBytes + 20).size() > kMaxLineBytes) {
        return;
      }
    }
    byline_nodes->push_back(line);
  }

  // Elements a byline line can grow into; page sections and the body are never one.
  static bool IsLineContainer(Tag t) {
    switch (t) {
      case Tag::kP:
      case Tag::kDiv:
      case Tag::kSpan:
      case Tag::kLi:
      case Tag::kUl:
      case Tag::kAddress:
      case Tag::kSmall:
      case Tag::kA:
      case Tag::kB:
      case Tag::kStrong:
      case Tag::kEm:
      case Tag::kI:
      case Tag::kFont:
      case Tag::kTime:
      case Tag::kDl:
      case Tag::kDd:
      case Tag::kDt:
      case Tag::kCite:
        return true;
      default:
        return false;
    }
  }

  bool HasHeading(uint32_t node) const {
    for (uint32_t j = node; j != kNoNode; j = doc_.Next(j, node)) {
      if (!doc_.node(j).is_text && IsHeadingTag(doc_.node(j).tag)) return true;
    }
    return false;
  }

  // A date written out in the visible byline or the short block around it.
  std::optional<std::string> BylineDate() const {
    if (byline_text_node_ == kNoNode) return std::nullopt;
    for (uint32_t n = byline_text_node_, levels = 0; n != kNoNode && levels < 2;
         n = doc_.node(n).parent, ++levels) {
      std::string text = VisibleText(doc_, n, 350);
      if (text.size() > 300) break;
      if (auto d = DateValue(text)) return d;
    }
    return std::nullopt;
  }

  // A date in an element whose class says "date" near the headline.
  std::optional<std::string> DateClassDate(std::vector<uint32_t>* byline_nodes) const {
    int tried = 0;
    for (uint32_t i : scan_.date_els) {
      if (tried >= 8) break;
      if (InOtherRegion(doc_, i) || !DatePlacementOk(i)) continue;
      ++tried;
      std::string text = VisibleText(doc_, i, 150);
      if (text.size() > 120) continue;
      if (auto d = DateValue(text)) {
        AddBylineNode(i, byline_nodes);
        return d;
      }
    }
    return std::nullopt;
  }

  // ----- language, body

  std::optional<std::string> Language() const {
    for (const std::string& s :
         {scan_.html_lang, MetaValue({"og:locale"}), MetaValue({"content-language"}),
          MetaValue({"language", "dc.language", "dcterms.language"}), ld_.language}) {
      if (auto lang = NormalizeLanguageTag(s)) return lang;
    }
    return std::nullopt;
  }

  std::string ArticleBody() const {
    if (!ld_.body.empty()) return ld_.body;
    for (uint32_t i : ItemProps("articleBody")) {
      std::string text = CollapseSpace(VisibleText(doc_, i, 4 << 20));
      if (!text.empty()) return text;
    }
    return {};
  }

  const Document& doc_;
  std::string_view page_url_;
  PageScan scan_;
  JsonLdArticle ld_;
  std::vector<std::string> site_keys_;
  std::string host_key_;
  uint32_t main_h1_ = kNoNode;
  bool main_h1_confident_ = false;
  SlashOrder slash_order_ = SlashOrder::kUnknown;
  uint32_t byline_text_node_ = kNoNode;  // the visible byline, to look for a date near it
  std::optional<std::string> canonical_;
};

}  // namespace

Metadata ExtractMetadata(const Document& doc, std::string_view page_url) {
  try {
    return MetadataBuilder(doc, page_url).Build();
  } catch (...) {
    // Only allocation failure can get here; metadata is optional, the article is not.
    return {};
  }
}

std::vector<std::string> SplitAuthors(std::string_view byline) {
  try {
    return NamesFromByline(byline);
  } catch (...) {
    return {};
  }
}

std::optional<std::string> NormalizeDate(std::string_view text) {
  return NormalizeDateIn(text, SlashOrder::kUnknown);
}

std::optional<std::string> DateFromUrl(std::string_view url) {
  try {
    // Only the path: a date in the host or query is rarely the article's.
    // A bare path ("2024-05-01", "/2024/05/01/story") is taken as it is.
    std::string_view path = url;
    size_t scheme = url.find("://");
    if (scheme != std::string_view::npos) {
      std::string_view rest = url.substr(scheme + 3);
      size_t slash = rest.find('/');
      if (slash == std::string_view::npos) return std::nullopt;
      path = rest.substr(slash);
    }
    path = path.substr(0, path.find_first_of("?#"));
    static const RE2 kPatterns[] = {
        RE2(R"((?:^|/)((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:[/_.-]|$))"),
        RE2(R"((?:^|[/_-])((?:19|20)\d\d)-(\d\d)-(\d\d)(?:[/_.-]|$))"),
        RE2(R"((?:^|[/_-])((?:19|20)\d\d)(\d\d)(\d\d)(?:[/_.-]|$))"),
    };
    re2::StringPiece input(path.data(), path.size());
    for (const RE2& re : kPatterns) {
      int y = 0, m = 0, d = 0;
      re2::StringPiece in = input;
      while (RE2::FindAndConsume(&in, re, &y, &m, &d)) {
        if (ValidDate(y, m, d)) {
          char buf[40];
          std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
          return std::string(buf);
        }
      }
    }
  } catch (...) {
  }
  return std::nullopt;
}

}  // namespace byline::extract
