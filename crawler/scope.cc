#include "crawler/scope.h"

#include <re2/re2.h>

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace byline::crawler {
namespace {

constexpr int kMinCalendarYear = 1970;
// Four-digit path numbers below this are ids, not years, in the /YYYY/MM/ form.
constexpr int kMinPathYear = 1900;

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      if (i > start) parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// A run of digits as a number; longer than 9 digits is "very large" rather than overflow.
std::optional<long> Number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  long n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    if (n > 99999999) return 1000000000;
    n = n * 10 + (c - '0');
  }
  return n;
}

bool IsMonth(std::string_view s) {
  std::optional<long> n = Number(s);
  return s.size() == 2 && n && *n >= 1 && *n <= 12;
}

// The year of "2031-05" or "2031-05-01" (and, when `compact`, "20310501"), else nullopt.
std::optional<int> YearOfDate(std::string_view s, bool compact) {
  if (compact && s.size() == 8 && Number(s) && IsMonth(s.substr(4, 2))) {
    return static_cast<int>(*Number(s.substr(0, 4)));
  }
  if (s.size() < 7 || s[4] != '-' || !Number(s.substr(0, 4))) return std::nullopt;
  if (!IsMonth(s.substr(5, 2))) return std::nullopt;
  if (s.size() != 7 && (s.size() != 10 || s[7] != '-' || !Number(s.substr(8, 2)))) {
    return std::nullopt;
  }
  return static_cast<int>(*Number(s.substr(0, 4)));
}

struct Param {
  std::string name;  // lower case
  std::string_view value;
};

std::vector<Param> Params(std::string_view query) {
  std::vector<Param> params;
  for (std::string_view piece : Split(query, '&')) {
    size_t eq = piece.find('=');
    params.push_back({AsciiLower(piece.substr(0, eq)),
                      eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1)});
  }
  return params;
}

bool IsOneOf(std::string_view name, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (name == n) return true;
  }
  return false;
}

// The pieces of the URL the trap guards look at.
struct UrlView {
  std::vector<std::string_view> segments;  // non-empty path segments
  std::vector<Param> params;
};

UrlView ViewOf(const UrlParts& url) {
  std::string_view pq = url.path_and_query;
  size_t q = pq.find('?');
  UrlView view;
  view.segments = Split(pq.substr(0, q), '/');
  if (q != std::string_view::npos) view.params = Params(pq.substr(q + 1));
  return view;
}

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// The most repeated path segment and its count, when over `max`.
std::optional<std::string> RepeatedSegment(const UrlView& v, int max) {
  std::unordered_map<std::string_view, int> counts;
  for (std::string_view seg : v.segments) {
    if (++counts[seg] > max) {
      return "path segment " + Quoted(seg) + " repeated more than " + std::to_string(max) +
             " times";
    }
  }
  return std::nullopt;
}

// Page numbers: ?page=N and friends, /page/N/, /page-N.
std::optional<std::string> DeepPage(const UrlView& v, int max) {
  auto over = [max](std::optional<long> n) { return n && *n > max; };
  auto why = [max](std::string_view what) {
    return "page number in " + Quoted(what) + " over " + std::to_string(max);
  };
  for (const Param& p : v.params) {
    // Not "p": WordPress uses ?p=N for post ids.
    if (IsOneOf(p.name, {"page", "pg", "paged", "pagenum", "page_num", "pageno"}) &&
        over(Number(p.value))) {
      return why(p.name + "=" + std::string(p.value));
    }
  }
  for (size_t i = 0; i < v.segments.size(); ++i) {
    std::string seg = AsciiLower(v.segments[i]);
    if (seg.rfind("page-", 0) == 0 && over(Number(std::string_view(seg).substr(5)))) {
      return why(v.segments[i]);
    }
    if (seg == "page" && i + 1 < v.segments.size() && over(Number(v.segments[i + 1]))) {
      return why(std::string(v.segments[i]) + "/" + std::string(v.segments[i + 1]));
    }
  }
  return std::nullopt;
}

// Calendars link to the next month forever: a date far outside the years a news site has.
std::optional<std::string> CalendarYear(const UrlView& v, int max_year) {
  auto out_of_range = [max_year](std::optional<int> y) {
    return y && (*y < kMinCalendarYear || *y > max_year);
  };
  auto why = [max_year](std::string_view what) {
    return "calendar date " + Quoted(what) + " outside " + std::to_string(kMinCalendarYear) + ".." +
           std::to_string(max_year);
  };
  for (size_t i = 0; i < v.segments.size(); ++i) {
    std::string_view seg = v.segments[i];
    if (out_of_range(YearOfDate(seg, false))) return why(seg);
    // /2031/05/: a four-digit year followed by a two-digit month ("/1234/5" is a forum page).
    if (seg.size() == 4 && Number(seg) && *Number(seg) >= kMinPathYear &&
        i + 1 < v.segments.size() && IsMonth(v.segments[i + 1]) &&
        out_of_range(static_cast<int>(*Number(seg)))) {
      return why(std::string(seg) + "/" + std::string(v.segments[i + 1]));
    }
  }
  for (const Param& p : v.params) {
    std::optional<int> year;
    if (IsOneOf(p.name, {"year", "yr"}) && p.value.size() == 4 && Number(p.value)) {
      year = static_cast<int>(*Number(p.value));
    } else if (IsOneOf(p.name, {"date", "day", "month", "cal", "calendar"})) {
      year = YearOfDate(p.value, true);
    }
    if (out_of_range(year)) return why(p.name + "=" + std::string(p.value));
  }
  return std::nullopt;
}

int ThisYear() {
  auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return static_cast<int>(std::chrono::year_month_day(days).year());
}

Status CheckHostEntry(const std::string& host) {
  std::string_view h = host;
  if (h == "*") return Status::Ok();
  if (h.rfind("*.", 0) == 0) h.remove_prefix(2);
  bool ipv6 = h.size() > 2 && h.front() == '[' && h.back() == ']';
  if (h.empty() || h.front() == '.' ||
      (!ipv6 && h.find_first_of("*/:@?# ") != std::string_view::npos)) {
    return Status::InvalidInput("bad allowed host \"" + host + "\"");
  }
  return Status::Ok();
}

Result<std::shared_ptr<const re2::RE2>> Compile(const std::string& pattern, const char* kind) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const re2::RE2>(pattern, options);
  if (!re->ok()) {
    return Status::InvalidInput("bad " + std::string(kind) + " pattern \"" + pattern +
                                "\": " + re->error());
  }
  return re;
}

}  // namespace

const char* ScopeVerdictName(ScopeVerdict v) {
  switch (v) {
    case ScopeVerdict::kInScope:
      return "in scope";
    case ScopeVerdict::kHostNotAllowed:
      return "host not allowed";
    case ScopeVerdict::kExcluded:
      return "excluded by pattern";
    case ScopeVerdict::kNotIncluded:
      return "not matched by an include pattern";
    case ScopeVerdict::kTooDeep:
      return "deeper than max depth";
    case ScopeVerdict::kTrap:
      return "crawler trap";
  }
  return "out of scope";
}

Result<Scope> Scope::Create(ScopeOptions options) {
  for (std::string& host : options.allowed_hosts) {
    host = AsciiLower(host);
    if (Status s = CheckHostEntry(host); !s.ok()) return s;
    if (host.back() == '.') host.pop_back();  // "a.com." is "a.com"
  }
  Scope scope(std::move(options));
  for (const auto& [patterns, compiled, kind] :
       {std::tuple(&scope.options_.include_patterns, &scope.include_, "include"),
        std::tuple(&scope.options_.exclude_patterns, &scope.exclude_, "exclude")}) {
    for (const std::string& pattern : *patterns) {
      Result<std::shared_ptr<const re2::RE2>> re = Compile(pattern, kind);
      if (!re.ok()) return re.status();
      compiled->push_back(std::move(*re));
    }
  }
  int year = scope.options_.current_year > 0 ? scope.options_.current_year : ThisYear();
  scope.max_year_ = year + 1;
  return scope;
}

bool Scope::HostAllowed(std::string_view host) const {
  if (options_.allowed_hosts.empty()) return true;
  for (std::string_view entry : options_.allowed_hosts) {
    if (entry == "*" || entry == host) return true;
    if (entry.rfind("*.", 0) == 0) {
      std::string_view apex = entry.substr(2);
      if (host == apex) return true;
      if (host.size() > apex.size() && host.substr(host.size() - apex.size()) == apex &&
          host[host.size() - apex.size() - 1] == '.') {
        return true;
      }
    }
  }
  return false;
}

ScopeVerdict Scope::Evaluate(const UrlParts& url, std::string_view canonical_url, int depth,
                             std::string* reason) const {
  auto verdict = [reason](ScopeVerdict v, std::string why) {
    if (reason) *reason = std::move(why);
    return v;
  };
  if (!HostAllowed(url.host)) {
    return verdict(ScopeVerdict::kHostNotAllowed, "host " + url.host + " not allowed");
  }
  if (options_.max_url_length > 0 && canonical_url.size() > options_.max_url_length) {
    return verdict(ScopeVerdict::kTrap,
                   "URL longer than " + std::to_string(options_.max_url_length) + " bytes");
  }
  if (options_.max_depth >= 0 && depth > options_.max_depth) {
    return verdict(ScopeVerdict::kTooDeep, "depth " + std::to_string(depth) + " over " +
                                               std::to_string(options_.max_depth));
  }
  re2::StringPiece text(canonical_url.data(), canonical_url.size());
  for (size_t i = 0; i < exclude_.size(); ++i) {
    if (re2::RE2::PartialMatch(text, *exclude_[i])) {
      return verdict(ScopeVerdict::kExcluded,
                     "matches exclude pattern " + Quoted(options_.exclude_patterns[i]));
    }
  }
  bool included = include_.empty();
  for (const auto& re : include_) included = included || re2::RE2::PartialMatch(text, *re);
  if (!included) return verdict(ScopeVerdict::kNotIncluded, "matches no include pattern");

  UrlView view = ViewOf(url);
  if (options_.max_query_params > 0 &&
      view.params.size() > static_cast<size_t>(options_.max_query_params)) {
    return verdict(ScopeVerdict::kTrap, std::to_string(view.params.size()) +
                                            " query parameters, over " +
                                            std::to_string(options_.max_query_params));
  }
  std::optional<std::string> trap;
  if (options_.max_repeated_segments > 0) {
    trap = RepeatedSegment(view, options_.max_repeated_segments);
  }
  if (!trap && options_.max_pagination > 0) trap = DeepPage(view, options_.max_pagination);
  if (!trap) trap = CalendarYear(view, max_year_);
  if (trap) return verdict(ScopeVerdict::kTrap, std::move(*trap));
  return verdict(ScopeVerdict::kInScope, "in scope");
}

ScopeVerdict Scope::Check(const UrlParts& url, std::string_view canonical_url, int depth) const {
  return Evaluate(url, canonical_url, depth, nullptr);
}

std::string Scope::Reason(const UrlParts& url, std::string_view canonical_url, int depth) const {
  std::string reason;
  Evaluate(url, canonical_url, depth, &reason);
  return reason;
}

}  // namespace byline::crawler
