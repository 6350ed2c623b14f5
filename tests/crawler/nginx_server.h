// A real nginx for crawler integration tests: started as a child process on a free loopback
// port, serving virtual hosts from document roots, logging every request in a format the
// tests parse. Each server lives in its own temporary directory, so tests run in parallel.
//
// Reach a host with curl's --resolve (ResolveArg), e.g. "news-a.test:PORT:127.0.0.1", and
// request http://news-a.test:PORT/path.
#ifndef BYLINE_TESTS_CRAWLER_NGINX_SERVER_H_
#define BYLINE_TESTS_CRAWLER_NGINX_SERVER_H_

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace byline::testing {

// One virtual host.
struct NginxHost {
  std::string name;        // server_name, e.g. "news-a.test"
  std::string root;        // absolute path of the document root
  std::string extra_conf;  // raw directives inside this server{}, e.g.
                           // "location = /robots.txt { return 503; }"
};

struct NginxOptions {
  std::vector<NginxHost> hosts;
  std::string extra_http_conf;    // raw directives inside http{} (e.g. limit_rate)
  std::string extra_server_conf;  // raw directives inside every host's server{}
  // Serve a copy of each document root in which "http://HOST/" (for every configured HOST)
  // reads "http://HOST:PORT/", inside .gz files too, so the absolute URLs that sitemaps,
  // feeds, robots.txt and canonical links must carry point at this server. The copies keep
  // the source files' modification times.
  bool rewrite_origins = false;
  // Serve https with HTTP/2 (ALPN) instead of plain http, with this certificate and key.
  std::string tls_certificate, tls_key;
  std::string binary = "/usr/sbin/nginx";
  int start_timeout_ms = 10000;  // how long Start waits for nginx to accept connections
};

// One request as nginx logged it. Empty strings where the request had no such header.
struct AccessLogLine {
  double time_unix = 0;  // $msec: when the response was logged, millisecond precision
  double seconds = 0;    // $request_time: from the first request byte to the log line
  std::string host;      // $host (from the Host header, without port)
  std::string method;
  std::string uri;       // $request_uri: path and query as sent
  std::string protocol;  // "HTTP/1.1"
  int status = 0;
  size_t bytes = 0;             // $body_bytes_sent
  uint64_t connection = 0;      // $connection: serial number of the TCP connection
  int connection_requests = 0;  // requests so far on it (2 or more: keep-alive reuse)
  std::string user_agent;
  std::string if_none_match;
  std::string if_modified_since;
  std::string accept_encoding;

  // When the request started arriving: what politeness intervals are measured between.
  double start_unix() const { return time_unix - seconds; }
};

class NginxServer {
 public:
  // Writes the configuration into a fresh temporary directory ($TMPDIR or /tmp), starts
  // nginx (one process, master_process off) and returns once it accepts connections on its
  // port. Retries with another port if the one picked was taken in the meantime. nginx is
  // killed if the THREAD that called Start exits (PR_SET_PDEATHSIG), so call it from the
  // test's own thread, not from a short-lived helper.
  static Result<std::unique_ptr<NginxServer>> Start(const NginxOptions& options);

  // Stops nginx (SIGQUIT, then SIGKILL after 5 s), waits for it and removes the directory.
  ~NginxServer();
  NginxServer(const NginxServer&) = delete;
  NginxServer& operator=(const NginxServer&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& dir() const { return dir_; }  // the temporary prefix (conf, logs)
  // "host:PORT:127.0.0.1", the argument of curl's --resolve / CURLOPT_RESOLVE.
  std::string ResolveArg(const std::string& host) const;
  // "http://host:PORT" + path ("https://" when serving TLS).
  std::string Url(const std::string& host, const std::string& path) const;

  // Every request logged so far, in log order. nginx writes a line just AFTER it sent the
  // response, so a client may see its answer before the line exists: pass the number of
  // lines expected as AT_LEAST and this waits (up to WAIT_MS) until the log has that many.
  std::vector<AccessLogLine> ReadAccessLog(size_t at_least = 0, int wait_ms = 5000) const;
  // nginx's error log, for failure messages.
  std::string ReadErrorLog() const;

 private:
  NginxServer(std::string dir, pid_t pid, int port)
      : dir_(std::move(dir)), pid_(pid), port_(port) {}
  void Stop();

  std::string dir_;
  pid_t pid_ = -1;
  bool https_ = false;
  int port_ = 0;
};

// Parses one line written with the log format NginxServer configures; nullopt if malformed.
std::optional<AccessLogLine> ParseAccessLogLine(const std::string& line);

// The fixture web under tests/crawler/fixtures/site (see its README.md): news-a.test,
// news-b.test and blog-c.test, with blog-c's robots.txt answering 503.
std::string FixtureSiteDir();
NginxOptions FixtureSiteOptions();

}  // namespace byline::testing

#endif  // BYLINE_TESTS_CRAWLER_NGINX_SERVER_H_
