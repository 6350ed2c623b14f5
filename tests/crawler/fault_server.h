// An in-process HTTP server (cpp-httplib) on a free loopback port that misbehaves on
// request, for the crawler's robustness tests. It runs on its own threads and records every
// request it receives, so tests can assert what the crawler asked for and when.
//
// Routes (all GET; N, K are decimal numbers):
//   /robots.txt            what SetRobots says (default: 200, allow everything)
//   /html/N                a small article page (links nowhere, so a crawl stays bounded)
//   /status/N              status N with a short body
//   /slow?ms=M             headers with Content-Length 1 MiB, then one byte every M ms
//                          (default 1000) until the client hangs up or the server stops
//   /stall                 headers with Content-Length 1 MiB, then nothing
//   /retry-after/N         429 with "Retry-After: N" on the first request to this path,
//                          then 200
//   /flaky/K               500 for the first K requests to this path, then 200
//   /redirect-loop/a, /b   302 to each other
//   /redirect-chain/N      302 to /redirect-chain/N-1; /redirect-chain/0 is a 200 page
//   /redirect-to?url=U     302 to U, e.g. http://169.254.169.254/latest/meta-data/
//   /gzip-bomb             Content-Encoding: gzip, about 1 MB that inflates to 1 GiB of zeros
//   /huge                  a 100 MiB text/html body, streamed
//   /feed-broken           an RSS 2.0 feed cut off in the middle of its third item
//   /echo-headers          the request's headers as text/plain, one "Name: value" a line
// Pages set with SetPage take precedence over these routes.
#ifndef BYLINE_TESTS_CRAWLER_FAULT_SERVER_H_
#define BYLINE_TESTS_CRAWLER_FAULT_SERVER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace byline::testing {

struct RecordedRequest {
  double time_unix = 0;  // when the request line and headers had arrived
  std::string method;
  std::string path;                                          // decoded path, no query
  std::string target;                                        // path and query as sent
  std::vector<std::pair<std::string, std::string>> headers;  // sorted by name
  // The first value of a header, names compared case-insensitively; "" if absent.
  std::string Header(std::string_view name) const;
};

// What /robots.txt answers.
struct RobotsFile {
  int status = 200;
  std::string body = "User-agent: *\nDisallow:\n";
  std::string content_type = "text/plain";

  static RobotsFile ServerError() { return {503, "Service Unavailable\n", "text/plain"}; }
  // Binary junk that is not robots.txt at all (NUL bytes, invalid UTF-8, no newlines).
  static RobotsFile Garbage();
  // An HTML error page served with 200, as misconfigured sites do.
  static RobotsFile Html();
};

class FaultServer {
 public:
  static constexpr size_t kHugeBytes = size_t{100} << 20;
  static constexpr size_t kGzipBombInflatedBytes = size_t{1} << 30;

  // Binds 127.0.0.1 on a port the kernel picks and starts serving on a thread of its own.
  // Ignores SIGPIPE for the whole process (a client hanging up must not kill the test).
  static Result<std::unique_ptr<FaultServer>> Start();
  // Stops: ends slow, stalled and huge responses, closes connections, joins the threads.
  ~FaultServer();
  FaultServer(const FaultServer&) = delete;
  FaultServer& operator=(const FaultServer&) = delete;

  int port() const;
  // "http://127.0.0.1:PORT" + path.
  std::string Url(const std::string& path) const;
  // "http://host:PORT" + path, to be reached with ResolveArg(host).
  std::string Url(const std::string& host, const std::string& path) const;
  // "host:PORT:127.0.0.1", the argument of curl's --resolve / CURLOPT_RESOLVE.
  std::string ResolveArg(const std::string& host) const;

  // Thread-safe; takes effect for the next request.
  void SetRobots(RobotsFile robots);
  void SetPage(const std::string& path, int status, std::string body,
               std::string content_type = "text/html; charset=utf-8",
               std::vector<std::pair<std::string, std::string>> headers = {});

  std::vector<RecordedRequest> Requests() const;
  // Requests whose path (no query) is PATH.
  size_t CountRequests(const std::string& path) const;

  // The body /gzip-bomb sends: a gzip member of kGzipBombInflatedBytes zeros. Built once per
  // process in a few milliseconds (repeated deflate blocks, not a real 1 GiB compression).
  static const std::string& GzipBomb();

 private:
  struct Impl;
  explicit FaultServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline::testing

#endif  // BYLINE_TESTS_CRAWLER_FAULT_SERVER_H_
