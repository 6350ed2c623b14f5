#include "crawler/crawler.h"

#include <atomic>
#include <cctype>

#include "crawler/crawl_loop.h"

namespace byline::crawler {
namespace internal {
std::atomic<bool> g_stop_requested{false};
}  // namespace internal

std::string DefaultUserAgent() {
  return "byline/0.1 (+https://github.com/byline-crawler/byline; crawler for tech-press "
         "research)";
}

const char* CrawlStateName(CrawlState state) {
  switch (state) {
    case CrawlState::kQueued:
      return "queued";
    case CrawlState::kFetched:
      return "fetched";
    case CrawlState::kUnchanged:
      return "unchanged";
    case CrawlState::kRedirected:
      return "redirected";
    case CrawlState::kDisallowed:
      return "disallowed";
    case CrawlState::kOutOfScope:
      return "out_of_scope";
    case CrawlState::kTooLarge:
      return "too_large";
    case CrawlState::kFailed:
      return "failed";
    case CrawlState::kDuplicate:
      return "duplicate";
    case CrawlState::kSkipped:
      return "skipped";
  }
  return "unknown";
}

Status PageHandler::CommitGroup(std::vector<PageResult>* results, const StateBatch& batch) {
  if (results->empty()) return Status::Ok();
  for (size_t i = 0; i + 1 < results->size(); ++i) {
    Status s = (*results)[i].commit(StateBatch{});
    if (!s.ok()) return s;
  }
  return results->back().commit(batch);
}

std::string CharsetOfContentType(std::string_view content_type) {
  auto trim = [](std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return v;
  };
  size_t semi = content_type.find(';');
  while (semi != std::string_view::npos) {
    content_type.remove_prefix(semi + 1);
    semi = content_type.find(';');
    std::string_view param = trim(content_type.substr(0, semi));
    std::string name(param.substr(0, 8));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name != "charset=") continue;
    std::string_view value = param.substr(8);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return "";
}

void RequestStop() { internal::g_stop_requested.store(true); }

Result<CrawlSummary> Crawl(const CrawlOptions& options, PageHandler* handler, StateStore* state) {
  if (handler == nullptr || state == nullptr) {
    return Status::InvalidInput("crawl needs a page handler and a state store");
  }
  internal::g_stop_requested.store(false);
  static const bool curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!curl_ready) return Status::Internal("curl_global_init failed");
  try {
    internal::CrawlLoop loop(options, handler, state);
    return loop.Run();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("crawl: ") + e.what());
  }
}

}  // namespace byline::crawler
