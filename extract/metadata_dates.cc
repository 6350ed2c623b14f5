// Dates for the metadata stage: any common written form ("2024-05-01T10:00:00+02:00",
// "May 1, 2024", "01.05.2024", Unix time) -> ISO-8601, and dates in URL paths. A small
// tokenizer and parser of its own, apart from field extraction because it needs nothing from
// the page. Also the public NormalizeDate and DateFromUrl.
#include <re2/re2.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extract/metadata.h"
#include "extract/metadata_internal.h"
#include "extract/text_util.h"

namespace byline::extract {
namespace metadata_internal {

namespace {

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

}  // namespace

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

namespace {

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

}  // namespace

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

}  // namespace metadata_internal

std::optional<std::string> NormalizeDate(std::string_view text) {
  return metadata_internal::NormalizeDateIn(text, metadata_internal::SlashOrder::kUnknown);
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
        if (metadata_internal::ValidDate(y, m, d)) {
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
