#include "store/dates.h"

#include <cstdio>

namespace byline::store::internal {
namespace {

struct Civil {
  int64_t year;
  unsigned month;
  unsigned day;
};

// Howard Hinnant's days_from_civil, shifted so that 0000-03-01 is day 0.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe);
}

Civil CivilFromDays(int64_t z) {
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

bool Digits(std::string_view text, size_t pos, size_t n, unsigned* out) {
  if (text.size() < pos + n) return false;
  unsigned value = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + static_cast<unsigned>(text[i] - '0');
  }
  *out = value;
  return true;
}

bool IsLeap(unsigned y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(unsigned y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

std::optional<uint32_t> ParseDay(std::string_view text) {
  unsigned y, m, d;
  if (text.size() < 10) return std::nullopt;
  if (!Digits(text, 0, 4, &y) || text[4] != '-' || !Digits(text, 5, 2, &m) || text[7] != '-' ||
      !Digits(text, 8, 2, &d)) {
    return std::nullopt;
  }
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return static_cast<uint32_t>(DaysFromCivil(y, m, d));
}

std::optional<uint64_t> ParseTimestamp(std::string_view text) {
  std::optional<uint32_t> day = ParseDay(text);
  if (!day) return std::nullopt;
  uint64_t seconds = 0;
  unsigned h, mi, s = 0;
  // "THH:MM[:SS]" or " HH:MM[:SS]"; anything else after the date is ignored.
  if (text.size() > 10 && (text[10] == 'T' || text[10] == ' ') && Digits(text, 11, 2, &h) &&
      text.size() > 13 && text[13] == ':' && Digits(text, 14, 2, &mi) && h < 24 && mi < 60) {
    if (text.size() > 16 && text[16] == ':' && Digits(text, 17, 2, &s) && s < 61) {
      s = s > 59 ? 59 : s;  // a leap second stays inside its minute
    } else {
      s = 0;
    }
    seconds = h * 3600u + mi * 60u + s;
  }
  return uint64_t{*day} * kSecondsPerDay + seconds;
}

namespace {

// Writes `v` as `width` decimal digits (zero-padded; v < 10^width).
char* PutDigits(char* out, unsigned v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return out + width;
}

// "YYYY-MM" or "YYYY-MM-DD" for four-digit years, without printf: a year's daily timeline
// formats 365 labels.
std::string FormatCivil(const Civil& c, bool with_day) {
  if (c.year < 0 || c.year > 9999) {
    char buf[48];
    if (with_day) {
      std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month,
                    c.day);
    } else {
      std::snprintf(buf, sizeof buf, "%04lld-%02u", static_cast<long long>(c.year), c.month);
    }
    return buf;
  }
  char buf[10];
  char* p = PutDigits(buf, static_cast<unsigned>(c.year), 4);
  *p++ = '-';
  p = PutDigits(p, c.month, 2);
  if (with_day) {
    *p++ = '-';
    p = PutDigits(p, c.day, 2);
  }
  return std::string(buf, p);
}

}  // namespace

std::string FormatDay(uint32_t day) { return FormatCivil(CivilFromDays(day), true); }

uint32_t MonthStart(uint32_t day) {
  const Civil c = CivilFromDays(day);
  return day - (c.day - 1);
}

uint32_t MonthEnd(uint32_t day) {
  const Civil c = CivilFromDays(day);
  return day - c.day + DaysInMonth(static_cast<unsigned>(c.year), c.month);
}

std::string FormatMonth(uint32_t day) { return FormatCivil(CivilFromDays(day), false); }

std::string FormatIsoWeek(uint32_t day) {
  // 0000-03-01 was a Wednesday; ISO weekday 1 = Monday .. 7 = Sunday.
  const unsigned weekday = static_cast<unsigned>((day + 2) % 7) + 1;
  // The ISO year is the year of this week's Thursday.
  const int64_t thursday = static_cast<int64_t>(day) + 4 - weekday;
  const Civil c = CivilFromDays(thursday);
  const int64_t jan1 = DaysFromCivil(c.year, 1, 1);
  const int64_t week = (thursday - jan1) / 7 + 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-W%02lld", static_cast<long long>(c.year),
                static_cast<long long>(week));
  return buf;
}

}  // namespace byline::store::internal
