// One HTTP request on a libcurl easy handle: options that make it safe (no redirects
// followed by curl, http/https only, no proxy from the environment, the address policy on
// every socket it opens, a body limit counted after decompression) and the response it got.
#ifndef BYLINE_CRAWLER_TRANSFER_H_
#define BYLINE_CRAWLER_TRANSFER_H_

#include <curl/curl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crawler/crawl_state.h"
#include "crawler/crawler.h"

namespace byline::crawler::internal {

// A URL waiting in a host's queue, and what the crawl knows about it.
struct Item {
  std::string url;  // canonical
  int depth = 0;
  UrlKind kind = UrlKind::kPage;
  int attempt = 0;                     // retries so far
  std::vector<std::string> redirects;  // URLs that led here, first first
  int64_t published_unix = 0;          // from a feed or sitemap, 0 = unknown
  int64_t not_before_ms = 0;           // retry back-off
};

struct Response {
  int status = 0;
  std::string content_type, etag, last_modified, location, retry_after;
  std::optional<uint64_t> content_length;
  std::string head;  // status line and headers as received, for WARC
  std::string body;  // decoded
};

class Transfer {
 public:
  // `validators`: If-None-Match / If-Modified-Since values from the last fetch ("" = none).
  Transfer(Item item, const CrawlOptions& options, const std::string& etag,
           const std::string& last_modified, bool record_request);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  CURL* easy() const { return easy_; }
  Item& item() { return item_; }
  const Item& item() const { return item_; }
  const Response& response() const { return response_; }
  Response& response() { return response_; }
  const std::string& request_head() const { return request_head_; }
  std::string host_key;
  int64_t started_ms = 0;

  // Why curl stopped, in words, for a failed transfer: our own reasons (address policy,
  // size limit) come before curl's.
  std::string FailureReason(CURLcode code) const;
  bool refused_by_policy() const { return !policy_refusal_.empty(); }
  bool too_large() const { return too_large_; }
  std::string primary_ip() const;

 private:
  static size_t OnHeader(char* data, size_t size, size_t n, void* self);
  static size_t OnBody(char* data, size_t size, size_t n, void* self);
  static curl_socket_t OnOpenSocket(void* self, curlsocktype purpose, struct curl_sockaddr* addr);
  static int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* self);

  CURL* easy_ = nullptr;
  Item item_;
  const CrawlOptions& options_;
  Response response_;
  std::string request_head_;
  curl_slist* headers_ = nullptr;
  curl_slist* resolve_ = nullptr;
  std::string policy_refusal_;
  bool too_large_ = false;
};

}  // namespace byline::crawler::internal

#endif  // BYLINE_CRAWLER_TRANSFER_H_
