#include "tests/crawler/fault_server.h"

#include <httplib.h>
#include <signal.h>
#include <strings.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace byline::testing {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;
constexpr size_t kStreamBytes = size_t{1} << 20;  // the length /slow and /stall announce

struct Page {
  int status;
  std::string body;
  std::string content_type;
  Headers headers;
};

double NowUnix() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// httplib's header map is sorted by name (case-insensitively), not in arrival order, and
// holds REMOTE_ADDR and friends, which it adds itself.
Headers ClientHeaders(const httplib::Request& req) {
  Headers out;
  for (const auto& [key, value] : req.headers) {
    if (key != "REMOTE_ADDR" && key != "REMOTE_PORT" && key != "LOCAL_ADDR" &&
        key != "LOCAL_PORT") {
      out.emplace_back(key, value);
    }
  }
  return out;
}

std::string HostOf(const httplib::Request& req) {
  std::string host = req.get_header_value("Host");
  return host.empty() ? "127.0.0.1" : host;
}

std::string ArticlePage(const std::string& host, const std::string& n) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<title>Fault server article " +
         n + "</title>\n<link rel=\"canonical\" href=\"http://" + host + "/html/" + n +
         "\">\n</head>\n<body>\n<article>\n<h1>Fault server article " + n +
         "</h1>\n<p>Globex Corporation agreed to buy Initech for $" + n +
         "00 million, Hank Scorpio said on Monday.</p>\n<p>The deal is expected to close "
         "next year.</p>\n</article>\n</body>\n</html>\n";
}

std::string BrokenFeed(const std::string& host) {
  std::string item = "  <item>\n    <title>Story N</title>\n    <link>http://" + host +
                     "/html/N</link>\n    <pubDate>Mon, 23 Nov 2026 10:00:00 +0000</pubDate>\n"
                     "  </item>\n";
  std::string one = item, two = item;
  std::replace(one.begin(), one.end(), 'N', '1');
  std::replace(two.begin(), two.end(), 'N', '2');
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n"
         "  <title>Broken feed</title>\n  <link>http://" +
         host + "/</link>\n" + one + two + "  <item>\n    <title>Story 3</title>\n    <li";
}

// 64 KiB of HTML-looking filler for /huge.
const std::string& Filler() {
  static const std::string filler = [] {
    std::string s;
    while (s.size() < 65536) s += "<p>Filler paragraph of a page far too large to index.</p>\n";
    return s.substr(0, 65536);
  }();
  return filler;
}

}  // namespace

std::string RecordedRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return value;
    }
  }
  return "";
}

RobotsFile RobotsFile::Garbage() {
  std::string junk;
  for (int i = 0; i < 2048; ++i) junk += static_cast<char>((i * 151 + 7) % 256);
  return {200, junk, "application/octet-stream"};
}

RobotsFile RobotsFile::Html() {
  return {200,
          "<!DOCTYPE html>\n<html><head><title>Page not found</title></head>\n<body><h1>Oops"
          "</h1><p>User-agent: * Disallow: / is not how this works.</p></body></html>\n",
          "text/html; charset=utf-8"};
}

// The gzip member: a header, the same deflate chunk (1 MiB of zeros compressed and ended
// with a full flush, so it refers to nothing before it) repeated 1024 times, an empty final
// block, and the CRC-32 and length of 1 GiB of zeros.
const std::string& FaultServer::GzipBomb() {
  static const std::string bomb = [] {
    constexpr size_t kChunk = size_t{1} << 20;
    std::string zeros(kChunk, '\0');
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
    std::string chunk(kChunk, '\0');
    z.next_in = reinterpret_cast<Bytef*>(zeros.data());
    z.avail_in = kChunk;
    z.next_out = reinterpret_cast<Bytef*>(chunk.data());
    z.avail_out = kChunk;
    deflate(&z, Z_FULL_FLUSH);
    chunk.resize(kChunk - z.avail_out);
    deflateEnd(&z);

    uLong crc = crc32(0, reinterpret_cast<const Bytef*>(zeros.data()), kChunk);
    for (size_t len = kChunk; len < kGzipBombInflatedBytes; len *= 2) {
      crc = crc32_combine(crc, crc, static_cast<z_off_t>(len));
    }
    std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03", 10);
    out.reserve(10 + chunk.size() * 1024 + 10);
    for (size_t i = 0; i < kGzipBombInflatedBytes / kChunk; ++i) out += chunk;
    out += std::string("\x03\x00", 2);  // final fixed-Huffman block holding only end-of-block
    for (uint32_t v : {static_cast<uint32_t>(crc), static_cast<uint32_t>(kGzipBombInflatedBytes)}) {
      for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
    }
    return out;
  }();
  return bomb;
}

struct FaultServer::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;

  mutable std::mutex mu;
  std::condition_variable stop_cv;
  bool stopping = false;
  RobotsFile robots;
  std::map<std::string, Page> pages;
  std::map<std::string, int> hits;  // requests per path, for /retry-after and /flaky
  std::vector<RecordedRequest> requests;

  // Sleeps up to D; false if the server is stopping.
  bool Wait(std::chrono::milliseconds d) {
    std::unique_lock<std::mutex> lock(mu);
    return !stop_cv.wait_for(lock, d, [this] { return stopping; });
  }
  bool Stopping() {
    std::lock_guard<std::mutex> lock(mu);
    return stopping;
  }
  int Hit(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu);
    return ++hits[path];
  }

  httplib::Server::HandlerResponse Record(const httplib::Request& req, httplib::Response& res);
  void Routes();
  void StreamRoutes();
  void Stop();
};

httplib::Server::HandlerResponse FaultServer::Impl::Record(const httplib::Request& req,
                                                           httplib::Response& res) {
  RecordedRequest r;
  r.time_unix = NowUnix();
  r.method = req.method;
  r.path = req.path;
  r.target = req.target;
  r.headers = ClientHeaders(req);
  std::lock_guard<std::mutex> lock(mu);
  requests.push_back(std::move(r));
  if (req.path == "/robots.txt") {
    res.status = robots.status;
    res.set_content(robots.body, robots.content_type);
    return httplib::Server::HandlerResponse::Handled;
  }
  auto page = pages.find(req.path);
  if (page == pages.end()) return httplib::Server::HandlerResponse::Unhandled;
  res.status = page->second.status;
  for (const auto& [key, value] : page->second.headers) res.set_header(key, value);
  res.set_content(page->second.body, page->second.content_type);
  return httplib::Server::HandlerResponse::Handled;
}

void FaultServer::Impl::Routes() {
  using httplib::Request;
  using httplib::Response;
  server.Get(R"(/html/(\d+))", [](const Request& req, Response& res) {
    res.set_content(ArticlePage(HostOf(req), req.matches[1]), "text/html; charset=utf-8");
  });
  server.Get(R"(/status/(\d{3}))", [](const Request& req, Response& res) {
    res.status = std::stoi(req.matches[1]);
    if (res.status >= 200 && res.status != 204 && res.status != 304) {
      res.set_content("status " + std::string(req.matches[1]) + "\n", "text/plain");
    }
  });
  server.Get(R"(/retry-after/(\d+))", [this](const Request& req, Response& res) {
    if (Hit(req.path) == 1) {
      res.status = 429;
      res.set_header("Retry-After", req.matches[1]);
      res.set_content("slow down\n", "text/plain");
    } else {
      res.set_content(ArticlePage(HostOf(req), "429"), "text/html; charset=utf-8");
    }
  });
  server.Get(R"(/flaky/(\d+))", [this](const Request& req, Response& res) {
    if (Hit(req.path) <= std::stoi(req.matches[1])) {
      res.status = 500;
      res.set_content("internal error\n", "text/plain");
    } else {
      res.set_content(ArticlePage(HostOf(req), "500"), "text/html; charset=utf-8");
    }
  });
  server.Get(R"(/redirect-loop/(a|b))", [](const Request& req, Response& res) {
    res.set_redirect(req.matches[1] == "a" ? "/redirect-loop/b" : "/redirect-loop/a", 302);
  });
  server.Get(R"(/redirect-chain/(\d+))", [](const Request& req, Response& res) {
    int n = std::stoi(req.matches[1]);
    if (n > 0) {
      res.set_redirect("/redirect-chain/" + std::to_string(n - 1), 302);
    } else {
      res.set_content(ArticlePage(HostOf(req), "0"), "text/html; charset=utf-8");
    }
  });
  server.Get("/redirect-to", [](const Request& req, Response& res) {
    res.set_redirect(req.get_param_value("url"), 302);
  });
  server.Get("/feed-broken", [](const Request& req, Response& res) {
    res.set_content(BrokenFeed(HostOf(req)), "application/rss+xml");
  });
  server.Get("/echo-headers", [](const Request& req, Response& res) {
    std::string out;
    for (const auto& [key, value] : ClientHeaders(req)) out += key + ": " + value + "\n";
    res.set_content(out, "text/plain");
  });
  StreamRoutes();
}

// Bodies with a Content-Length, produced as they are sent: httplib compresses only chunked
// bodies and whole strings, so these go out byte for byte as written here.
void FaultServer::Impl::StreamRoutes() {
  using httplib::DataSink;
  using httplib::Request;
  using httplib::Response;
  server.Get("/slow", [this](const Request& req, Response& res) {
    int ms = req.has_param("ms") ? std::stoi(req.get_param_value("ms")) : 1000;
    res.set_content_provider(kStreamBytes, "text/html",
                             [this, ms](size_t offset, size_t, DataSink& sink) {
                               if (!Wait(std::chrono::milliseconds(ms))) return false;
                               return sink.write(offset % 2 ? " " : "<", 1);
                             });
  });
  server.Get("/stall", [this](const Request&, Response& res) {
    res.set_content_provider(kStreamBytes, "text/html", [this](size_t, size_t, DataSink&) {
      while (Wait(std::chrono::seconds(1))) {
      }
      return false;
    });
  });
  server.Get("/huge", [this](const Request&, Response& res) {
    res.set_content_provider(kHugeBytes, "text/html",
                             [this](size_t offset, size_t length, DataSink& sink) {
                               if (Stopping()) return false;
                               const std::string& f = Filler();
                               size_t at = offset % f.size();
                               size_t n = std::min(length, f.size() - at);
                               return sink.write(f.data() + at, n);
                             });
  });
  server.Get("/gzip-bomb", [](const Request&, Response& res) {
    const std::string& bomb = GzipBomb();
    res.set_header("Content-Encoding", "gzip");
    res.set_content_provider(
        bomb.size(), "text/html", [&bomb](size_t offset, size_t length, DataSink& sink) {
          return sink.write(bomb.data() + offset, std::min(length, size_t{65536}));
        });
  });
}

void FaultServer::Impl::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu);
    if (stopping) return;
    stopping = true;
  }
  stop_cv.notify_all();
  server.stop();
  if (thread.joinable()) thread.join();
}

FaultServer::FaultServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

FaultServer::~FaultServer() { impl_->Stop(); }

Result<std::unique_ptr<FaultServer>> FaultServer::Start() {
  signal(SIGPIPE, SIG_IGN);
  auto impl = std::make_unique<Impl>();
  Impl* p = impl.get();
  // Stalled and slow responses each hold a thread until the client leaves.
  p->server.new_task_queue = [] { return new httplib::ThreadPool(32); };
  p->server.set_keep_alive_timeout(1);
  p->server.set_pre_routing_handler(
      [p](const httplib::Request& req, httplib::Response& res) { return p->Record(req, res); });
  p->Routes();
  p->port = p->server.bind_to_any_port("127.0.0.1");
  if (p->port <= 0) return Status::Io("fault server: cannot bind a loopback port");
  p->thread = std::thread([p] { p->server.listen_after_bind(); });
  return std::unique_ptr<FaultServer>(new FaultServer(std::move(impl)));
}

int FaultServer::port() const { return impl_->port; }

std::string FaultServer::Url(const std::string& path) const { return Url("127.0.0.1", path); }

std::string FaultServer::Url(const std::string& host, const std::string& path) const {
  return "http://" + host + ":" + std::to_string(impl_->port) + path;
}

std::string FaultServer::ResolveArg(const std::string& host) const {
  return host + ":" + std::to_string(impl_->port) + ":127.0.0.1";
}

void FaultServer::SetRobots(RobotsFile robots) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->robots = std::move(robots);
}

void FaultServer::SetPage(const std::string& path, int status, std::string body,
                          std::string content_type, Headers headers) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->pages[path] = {status, std::move(body), std::move(content_type), std::move(headers)};
}

std::vector<RecordedRequest> FaultServer::Requests() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->requests;
}

size_t FaultServer::CountRequests(const std::string& path) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return std::count_if(impl_->requests.begin(), impl_->requests.end(),
                       [&](const RecordedRequest& r) { return r.path == path; });
}

}  // namespace byline::testing
