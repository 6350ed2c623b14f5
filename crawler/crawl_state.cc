#include "crawler/crawl_state.h"

#include <charconv>
#include <cstdio>
#include <vector>

namespace byline::crawler::internal {
namespace {

constexpr char kVersion[] = "1";

std::string Clean(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

std::vector<std::string_view> Fields(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t tab = text.find('\t', start);
    out.push_back(text.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

template <typename T>
bool Number(std::string_view s, T* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

const char* UrlKindName(UrlKind kind) {
  switch (kind) {
    case UrlKind::kPage:
      return "page";
    case UrlKind::kFeed:
      return "feed";
    case UrlKind::kSitemap:
      return "sitemap";
    case UrlKind::kRobots:
      return "robots";
  }
  return "page";
}

std::string BodyHashKey(uint64_t hash) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "c/%016llx", static_cast<unsigned long long>(hash));
  return buf;
}

std::string EncodeRun(const RunRecord& run) {
  return std::string(kVersion) + "\t" + std::to_string(run.id) + "\t" +
         (run.running ? "running" : "done") + "\t" + std::to_string(run.started_ms);
}

std::optional<RunRecord> DecodeRun(std::string_view text) {
  std::vector<std::string_view> f = Fields(text);
  RunRecord r;
  if (f.size() < 4 || f[0] != kVersion || !Number(f[1], &r.id) || !Number(f[3], &r.started_ms)) {
    return std::nullopt;
  }
  r.running = f[2] == "running";
  return r;
}

std::string EncodeFrontier(const FrontierRecord& record) {
  return std::string(kVersion) + "\t" + std::to_string(record.depth) + "\t" +
         std::to_string(static_cast<int>(record.kind)) + "\t" +
         std::to_string(record.published_unix);
}

std::optional<FrontierRecord> DecodeFrontier(std::string_view text) {
  std::vector<std::string_view> f = Fields(text);
  FrontierRecord r;
  int kind = 0;
  if (f.size() < 4 || f[0] != kVersion || !Number(f[1], &r.depth) || !Number(f[2], &kind) ||
      kind < 0 || kind > 3 || !Number(f[3], &r.published_unix)) {
    return std::nullopt;
  }
  r.kind = static_cast<UrlKind>(kind);
  return r;
}

std::string EncodeUrlRecord(const UrlRecord& r) {
  return std::string(kVersion) + "\t" + std::to_string(static_cast<int>(r.state)) + "\t" +
         std::to_string(r.status) + "\t" + std::to_string(r.run) + "\t" +
         std::to_string(r.fetched_ms) + "\t" + Clean(r.etag) + "\t" + Clean(r.last_modified) +
         "\t" + Clean(r.reason);
}

std::optional<UrlRecord> DecodeUrlRecord(std::string_view text) {
  std::vector<std::string_view> f = Fields(text);
  UrlRecord r;
  int state = 0;
  if (f.size() < 8 || f[0] != kVersion || !Number(f[1], &state) || state < 0 || state > 9 ||
      !Number(f[2], &r.status) || !Number(f[3], &r.run) || !Number(f[4], &r.fetched_ms)) {
    return std::nullopt;
  }
  r.state = static_cast<CrawlState>(state);
  r.etag = f[5];
  r.last_modified = f[6];
  r.reason = f[7];
  return r;
}

std::string EncodeRobots(const RobotsRecord& record) {
  // The rules go last and may hold tabs: everything after the second tab is theirs.
  return std::string(kVersion) + "\t" + std::to_string(record.fetched_ms) + "\t" + record.rules;
}

std::optional<RobotsRecord> DecodeRobots(std::string_view text) {
  size_t a = text.find('\t');
  if (a == std::string_view::npos || text.substr(0, a) != kVersion) return std::nullopt;
  size_t b = text.find('\t', a + 1);
  if (b == std::string_view::npos) return std::nullopt;
  RobotsRecord r;
  if (!Number(text.substr(a + 1, b - a - 1), &r.fetched_ms)) return std::nullopt;
  r.rules = std::string(text.substr(b + 1));
  return r;
}

}  // namespace byline::crawler::internal
