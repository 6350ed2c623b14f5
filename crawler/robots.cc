#include "crawler/robots.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <system_error>
#include <utility>

namespace byline::crawler {
namespace {

constexpr std::string_view kSerialHeader = "byline-robots 1";

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// The product token at the start of a user-agent value: "byline/1.0 (+url)" -> "byline".
// RFC 9309 §2.2.1 allows only letters, '_' and '-' in it.
std::string_view ProductToken(std::string_view s) {
  s = Trim(s);
  size_t n = 0;
  while (n < s.size()) {
    char c = s[n];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
    if (!ok) break;
    ++n;
  }
  return s.substr(0, n);
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int HexValue(char c) { return c <= '9' ? c - '0' : AsciiLower(c) - 'a' + 10; }

void AppendEscape(unsigned char c, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  *out += '%';
  *out += kHex[c >> 4];
  *out += kHex[c & 15];
}

// Appends the normalised form of the byte (or escape) at s[i] and returns how many bytes of
// `s` it used. Escapes of printable ASCII other than '%' are decoded; everything that is not
// printable ASCII ends up escaped with upper-case hex.
size_t AppendNormalized(std::string_view s, size_t i, std::string* out) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == '%' && i + 2 < s.size() && IsHex(s[i + 1]) && IsHex(s[i + 2])) {
    auto v = static_cast<unsigned char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
    if (v > 0x20 && v < 0x7f && v != '%') {
      *out += static_cast<char>(v);
    } else {
      AppendEscape(v, out);
    }
    return 3;
  }
  if (c <= 0x20 || c >= 0x7f) {
    AppendEscape(c, out);
  } else {
    *out += static_cast<char>(c);
  }
  return 1;
}

std::string NormalizePath(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size();) i += AppendNormalized(path, i, &out);
  return out;
}

// Text from the body made safe to quote in a warning: short, printable, one line.
std::string Snippet(std::string_view s) {
  constexpr size_t kMax = 40;
  std::string out;
  for (size_t i = 0; i < s.size() && i < kMax; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  }
  if (s.size() > kMax) out += "...";
  return out;
}

enum class Directive { kUserAgent, kAllow, kDisallow, kCrawlDelay, kSitemap, kIgnored, kUnknown };

// Keys are case-insensitive; common misspellings are accepted as search engines do.
Directive DirectiveOf(std::string_view key) {
  struct Name {
    std::string_view name;
    Directive directive;
  };
  static constexpr Name kNames[] = {
      {"user-agent", Directive::kUserAgent},   {"useragent", Directive::kUserAgent},
      {"user agent", Directive::kUserAgent},   {"allow", Directive::kAllow},
      {"disallow", Directive::kDisallow},      {"dissallow", Directive::kDisallow},
      {"dissalow", Directive::kDisallow},      {"disalow", Directive::kDisallow},
      {"diasllow", Directive::kDisallow},      {"disallaw", Directive::kDisallow},
      {"crawl-delay", Directive::kCrawlDelay}, {"crawldelay", Directive::kCrawlDelay},
      {"crawl delay", Directive::kCrawlDelay}, {"sitemap", Directive::kSitemap},
      {"site-map", Directive::kSitemap},       {"host", Directive::kIgnored},
      {"clean-param", Directive::kIgnored},
  };
  for (const Name& n : kNames) {
    if (EqualsIgnoreCase(key, n.name)) return n.directive;
  }
  return Directive::kUnknown;
}

struct Line {
  Directive directive = Directive::kUnknown;
  std::string_view key, value;
  bool had_colon = true;
};

// "key: value", or "key value" when the colon was forgotten and the key is a known one.
Line SplitLine(std::string_view text) {
  Line line;
  if (size_t colon = text.find(':'); colon != std::string_view::npos) {
    line.key = Trim(text.substr(0, colon));
    line.value = Trim(text.substr(colon + 1));
    line.directive = DirectiveOf(line.key);
    if (line.directive != Directive::kUnknown) return line;
  }
  size_t space = 0;
  while (space < text.size() && !IsSpace(text[space])) ++space;
  Directive d = DirectiveOf(text.substr(0, space));
  if (d == Directive::kUnknown || space == text.size()) {
    if (line.key.empty()) line.key = text;
    return line;
  }
  line.directive = d;
  line.key = text.substr(0, space);
  line.value = Trim(text.substr(space));
  line.had_colon = false;
  return line;
}

std::optional<double> ParseDelay(std::string_view value) {
  double seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc() || !Trim(std::string_view(end, value.data() + value.size())).empty()) {
    return std::nullopt;
  }
  if (!std::isfinite(seconds) || seconds < 0) return std::nullopt;
  return seconds;
}

}  // namespace

// Turns robots.txt lines into the rules for one product token (RFC 9309 §2.1, §2.2).
class RobotsBuilder {
 public:
  explicit RobotsBuilder(std::string_view product) : product_(ProductToken(product)) {}

  void Feed(size_t line_no, std::string_view text);
  void Warn(size_t line_no, const std::string& what);
  RobotsRules Finish();

 private:
  // The rules of every group naming one kind of agent, merged.
  struct Merged {
    bool seen = false;
    std::vector<std::pair<bool, std::string>> rules;  // (allow, pattern)
    std::optional<double> delay;
  };

  void OnUserAgent(std::string_view value);
  void OnGroupMember(size_t line_no, const Line& line);
  void AddTo(Merged* m, const Line& line, std::optional<double> delay);

  std::string product_;
  bool in_group_ = false;        // a user-agent line has been seen
  bool agents_open_ = false;     // the previous directive was a user-agent line
  bool group_specific_ = false;  // the current group names our product
  bool group_star_ = false;      // the current group names "*"
  Merged specific_, star_;
  RobotsRules out_;
  size_t dropped_warnings_ = 0;
};

void RobotsBuilder::Warn(size_t line_no, const std::string& what) {
  if (out_.warnings_.size() + 1 >= kRobotsMaxWarnings) {
    ++dropped_warnings_;
    return;
  }
  out_.warnings_.push_back(line_no == 0 ? what : "line " + std::to_string(line_no) + ": " + what);
}

void RobotsBuilder::Feed(size_t line_no, std::string_view text) {
  if (size_t hash = text.find('#'); hash != std::string_view::npos) text = text.substr(0, hash);
  text = Trim(text);
  if (text.empty()) return;
  Line line = SplitLine(text);
  if (!line.had_colon) Warn(line_no, "no colon after \"" + Snippet(line.key) + "\"");
  switch (line.directive) {
    case Directive::kUserAgent:
      OnUserAgent(line.value);
      return;
    case Directive::kAllow:
    case Directive::kDisallow:
    case Directive::kCrawlDelay:
      OnGroupMember(line_no, line);
      return;
    case Directive::kSitemap:
      if (line.value.empty()) return Warn(line_no, "empty sitemap");
      for (const std::string& s : out_.sitemaps_) {
        if (s == line.value) return;
      }
      out_.sitemaps_.emplace_back(line.value);
      return;
    case Directive::kIgnored:
      return;
    case Directive::kUnknown:
      Warn(line_no, "not a robots.txt directive: \"" + Snippet(text) + "\"");
      return;
  }
}

void RobotsBuilder::OnUserAgent(std::string_view value) {
  if (!agents_open_) group_specific_ = group_star_ = false;  // a new group starts
  agents_open_ = true;
  in_group_ = true;
  if (!value.empty() && value.front() == '*') {
    group_star_ = star_.seen = true;
  } else if (!product_.empty() && EqualsIgnoreCase(ProductToken(value), product_)) {
    group_specific_ = specific_.seen = true;
  }
}

void RobotsBuilder::OnGroupMember(size_t line_no, const Line& line) {
  agents_open_ = false;
  if (!in_group_) return Warn(line_no, "rule before any user-agent line ignored");
  std::optional<double> delay;
  if (line.directive == Directive::kCrawlDelay) {
    delay = ParseDelay(line.value);
    if (!delay) return Warn(line_no, "bad crawl-delay \"" + Snippet(line.value) + "\"");
  } else if (!line.value.empty() && line.value.front() != '/' && line.value.front() != '*') {
    Warn(line_no, "pattern does not start with '/': read as \"/" + Snippet(line.value) + "\"");
  }
  if (group_specific_) AddTo(&specific_, line, delay);
  if (group_star_) AddTo(&star_, line, delay);
}

void RobotsBuilder::AddTo(Merged* m, const Line& line, std::optional<double> delay) {
  if (delay) {
    m->delay = m->delay ? std::max(*m->delay, *delay) : *delay;
  } else if (!line.value.empty()) {  // "Disallow:" with no path allows everything
    m->rules.emplace_back(line.directive == Directive::kAllow, std::string(line.value));
  }
}

RobotsRules RobotsBuilder::Finish() {
  const Merged& chosen = specific_.seen ? specific_ : star_;
  for (const auto& [allow, pattern] : chosen.rules) out_.AddRule(allow, pattern);
  out_.crawl_delay_ = chosen.delay;
  if (dropped_warnings_ > 0) {
    out_.warnings_.push_back(std::to_string(dropped_warnings_) + " more warnings not shown");
  }
  return std::move(out_);
}

RobotsRules RobotsRules::Parse(std::string_view body, std::string_view product) {
  RobotsBuilder builder(product);
  if (body.size() > kRobotsMaxBytes) {
    body = body.substr(0, kRobotsMaxBytes);
    size_t last_break = body.find_last_of("\r\n");
    body = body.substr(0, last_break == std::string_view::npos ? 0 : last_break);
    builder.Warn(0, "body cut at " + std::to_string(kRobotsMaxBytes) + " bytes");
  }
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  if (body.find('\0') != std::string_view::npos) {
    builder.Warn(0, "body contains NUL bytes: binary, not robots.txt");
  }
  if (size_t first = body.find_first_not_of(" \t\r\n");
      first != std::string_view::npos && body[first] == '<') {
    builder.Warn(0, "body looks like HTML, not robots.txt");
  }
  size_t line_no = 0;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = body.size();
    builder.Feed(++line_no, body.substr(start, end - start));
    // CRLF is one break; CR alone and LF alone are one each.
    start = end + ((end + 1 < body.size() && body[end] == '\r' && body[end + 1] == '\n') ? 2 : 1);
  }
  return builder.Finish();
}

RobotsRules RobotsRules::AllowAll() { return RobotsRules(); }

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules rules;
  rules.AddRule(false, "/");
  return rules;
}

void RobotsRules::AddRule(bool allow, std::string_view pattern) {
  Rule rule;
  rule.allow = allow;
  rule.pattern = std::string(pattern);
  std::string literal;
  if (!pattern.empty() && pattern.front() != '/' && pattern.front() != '*') literal = "/";
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '*') {
      rule.literals.push_back(std::move(literal));
      literal.clear();
      ++rule.specificity;
      ++i;
    } else if (pattern[i] == '$' && i + 1 == pattern.size()) {
      rule.anchored = true;
      ++rule.specificity;
      ++i;
    } else {
      i += AppendNormalized(pattern, i, &literal);
    }
  }
  rule.literals.push_back(std::move(literal));
  for (const std::string& l : rule.literals) rule.specificity += l.size();
  rules_.push_back(std::move(rule));
}

// The literal runs are placed left to right, each at its first occurrence after the
// previous one: for patterns whose only wildcard is '*', the leftmost placement never loses
// a match, so no backtracking is needed.
bool RobotsRules::Matches(const Rule& rule, std::string_view path) {
  const std::vector<std::string>& lits = rule.literals;
  if (path.substr(0, lits[0].size()) != lits[0]) return false;
  if (lits.size() == 1) return !rule.anchored || path.size() == lits[0].size();
  size_t pos = lits[0].size();
  for (size_t i = 1; i + 1 < lits.size(); ++i) {
    size_t found = path.find(lits[i], pos);
    if (found == std::string_view::npos) return false;
    pos = found + lits[i].size();
  }
  const std::string& last = lits.back();
  if (!rule.anchored) return path.find(last, pos) != std::string_view::npos;
  return path.size() >= pos + last.size() && path.substr(path.size() - last.size()) == last;
}

bool RobotsRules::Allowed(std::string_view path_and_query) const {
  if (path_and_query.empty()) path_and_query = "/";
  std::string path = NormalizePath(path_and_query);
  if (path.substr(0, path.find('?')) == "/robots.txt") return true;
  long best_allow = -1;
  long best_disallow = -1;
  for (const Rule& rule : rules_) {
    auto length = static_cast<long>(rule.specificity);
    long& best = rule.allow ? best_allow : best_disallow;
    if (length > best && Matches(rule, path)) best = length;
  }
  return best_disallow < 0 || best_allow >= best_disallow;
}

std::string RobotsRules::Serialize() const {
  std::string out(kSerialHeader);
  out += '\n';
  if (crawl_delay_) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), *crawl_delay_);
    out += "crawl-delay " + std::string(buf, ec == std::errc() ? end : buf) + "\n";
  }
  for (const std::string& s : sitemaps_) out += "sitemap " + s + "\n";
  for (const Rule& r : rules_) out += (r.allow ? "allow " : "disallow ") + r.pattern + "\n";
  for (const std::string& w : warnings_) out += "warning " + w + "\n";
  return out;
}

std::optional<RobotsRules> RobotsRules::Deserialize(std::string_view data) {
  size_t eol = data.find('\n');
  if (eol == std::string_view::npos || data.substr(0, eol) != kSerialHeader) return std::nullopt;
  RobotsRules rules;
  for (size_t start = eol + 1; start < data.size();) {
    eol = data.find('\n', start);
    if (eol == std::string_view::npos) return std::nullopt;  // every record ends in '\n'
    std::string_view line = data.substr(start, eol - start);
    start = eol + 1;
    size_t space = line.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    std::string_view key = line.substr(0, space);
    std::string_view value = line.substr(space + 1);
    if (key == "allow" || key == "disallow") {
      if (value.empty()) return std::nullopt;
      rules.AddRule(key == "allow", value);
    } else if (key == "crawl-delay") {
      rules.crawl_delay_ = ParseDelay(value);
      if (!rules.crawl_delay_) return std::nullopt;
    } else if (key == "sitemap") {
      rules.sitemaps_.emplace_back(value);
    } else if (key == "warning") {
      rules.warnings_.emplace_back(value);
    } else {
      return std::nullopt;
    }
  }
  return rules;
}

}  // namespace byline::crawler
