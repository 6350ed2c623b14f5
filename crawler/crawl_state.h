// The crawler's records in its StateStore, and their keys. A small, versioned text encoding:
// fields separated by tabs (tabs and newlines inside values become spaces), so a record can be
// read with `ldb` and fields can be appended without breaking old readers.
//
//   run            current run: "1\t<run id>\t<running|done>\t<started ms>"
//   f/<url>        frontier: a URL queued in this run, not finished yet
//   u/<url>        the URL's last outcome: state, status, validators, run, reason
//   h/<host key>   robots.txt cache: fetched ms, outcome, serialized rules
//   c/<hash>       a body's 64-bit hash (hex) -> the URL first fetched with it
#ifndef BYLINE_CRAWLER_CRAWL_STATE_H_
#define BYLINE_CRAWLER_CRAWL_STATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crawler/crawler.h"

namespace byline::crawler::internal {

// What a frontier URL is expected to be: decides how its body is read.
enum class UrlKind : uint8_t { kPage = 0, kFeed = 1, kSitemap = 2, kRobots = 3 };
const char* UrlKindName(UrlKind kind);

inline constexpr char kRunKey[] = "run";
inline std::string FrontierKey(std::string_view url) { return "f/" + std::string(url); }
inline std::string UrlKey(std::string_view url) { return "u/" + std::string(url); }
inline std::string RobotsKey(std::string_view host) { return "h/" + std::string(host); }
std::string BodyHashKey(uint64_t hash);

struct RunRecord {
  uint64_t id = 0;
  bool running = false;
  int64_t started_ms = 0;
};
std::string EncodeRun(const RunRecord& run);
std::optional<RunRecord> DecodeRun(std::string_view text);

struct FrontierRecord {
  int depth = 0;
  UrlKind kind = UrlKind::kPage;
  int64_t published_unix = 0;  // 0 = unknown
};
std::string EncodeFrontier(const FrontierRecord& record);
std::optional<FrontierRecord> DecodeFrontier(std::string_view text);

struct UrlRecord {
  CrawlState state = CrawlState::kQueued;
  int status = 0;
  uint64_t run = 0;  // the run that finished it
  int64_t fetched_ms = 0;
  std::string etag, last_modified;
  std::string reason;  // why, for every state but fetched
};
std::string EncodeUrlRecord(const UrlRecord& record);
std::optional<UrlRecord> DecodeUrlRecord(std::string_view text);

// robots.txt outcome for a host, kept 24 hours.
struct RobotsRecord {
  int64_t fetched_ms = 0;
  std::string rules;  // RobotsRules::Serialize()
};
std::string EncodeRobots(const RobotsRecord& record);
std::optional<RobotsRecord> DecodeRobots(std::string_view text);

}  // namespace byline::crawler::internal

#endif  // BYLINE_CRAWLER_CRAWL_STATE_H_
