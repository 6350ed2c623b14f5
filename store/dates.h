// Calendar arithmetic for the store: day numbers, timestamps and period labels.
//
// Day numbers count days since 0000-03-01 in the proleptic Gregorian calendar, so every date
// of years 0..9999 is a small positive number and sorts correctly as a big-endian integer.
// Times are the article's local wall-clock time (the zone suffix is ignored): a story dated
// "2025-03-14T23:30-05:00" belongs to March 14, as the publication printed it.
#ifndef BYLINE_STORE_DATES_H_
#define BYLINE_STORE_DATES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace byline::store::internal {

constexpr uint32_t kSecondsPerDay = 86400;

// "YYYY-MM-DD" (anything after the date is ignored) → day number; nullopt when malformed.
std::optional<uint32_t> ParseDay(std::string_view text);
// ISO-8601 date or date-time → seconds since 0000-03-01 00:00 local time; nullopt when the
// date part is malformed. A malformed or missing time part counts as midnight.
std::optional<uint64_t> ParseTimestamp(std::string_view text);
// Day number → "YYYY-MM-DD".
std::string FormatDay(uint32_t day);
// Day number → "YYYY-Www" (ISO 8601 week; its year may differ from the calendar year).
std::string FormatIsoWeek(uint32_t day);
// The first and the last day of the calendar month holding `day`.
uint32_t MonthStart(uint32_t day);
uint32_t MonthEnd(uint32_t day);
// Day number → "YYYY-MM".
std::string FormatMonth(uint32_t day);

}  // namespace byline::store::internal

#endif  // BYLINE_STORE_DATES_H_
