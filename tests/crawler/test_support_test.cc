// Tests of the test servers themselves, with plain libcurl as the client: if these fail, the
// crawler's integration tests would be testing the harness.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/crawler/fault_server.h"
#include "tests/crawler/nginx_server.h"

namespace byline::testing {
namespace {

struct Reply {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  CURLcode code = CURLE_OK;
  double seconds = 0;
};

size_t AppendBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t AppendHeader(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
    size_t start = line.find_first_not_of(' ', colon + 1);
    size_t end = line.find_last_not_of("\r\n");
    (*static_cast<std::map<std::string, std::string>*>(out))[name] =
        start <= end ? line.substr(start, end - start + 1) : "";
  }
  return size * n;
}

struct FetchOptions {
  std::string resolve{};
  std::vector<std::string> headers{};
  long timeout_ms = 10000;
  bool decode = false;  // ask for gzip and decode it
};

Reply Fetch(const std::string& url, const FetchOptions& o = {}) {
  Reply r;
  CURL* curl = curl_easy_init();
  curl_slist* resolve = o.resolve.empty() ? nullptr : curl_slist_append(nullptr, o.resolve.c_str());
  curl_slist* headers = nullptr;
  for (const std::string& h : o.headers) headers = curl_slist_append(headers, h.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "byline-harness-test/1");
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, o.timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (o.decode) curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, AppendHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r.headers);
  auto start = std::chrono::steady_clock::now();
  r.code = curl_easy_perform(curl);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(resolve);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return r;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// ---------------------------------------------------------------- NginxServer

class NginxServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<NginxServer>> started = NginxServer::Start(FixtureSiteOptions());
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    server_ = std::move(started).value();
  }
  Reply Get(const std::string& host, const std::string& path, FetchOptions o = {}) {
    o.resolve = server_->ResolveArg(host);
    return Fetch(server_->Url(host, path), o);
  }
  std::unique_ptr<NginxServer> server_;
};

TEST_F(NginxServerTest, ServesEachVirtualHostFromItsOwnRoot) {
  Reply a = Get("news-a.test", "/");
  Reply b = Get("news-b.test", "/");
  ASSERT_EQ(a.code, CURLE_OK);
  EXPECT_EQ(a.status, 200);
  EXPECT_NE(a.body.find("<title>The Circuit"), std::string::npos);
  EXPECT_EQ(b.status, 200);
  EXPECT_NE(b.body.find("<title>Ledger Tech"), std::string::npos);
  EXPECT_EQ(Get("unknown.test", "/").status, 404);
  EXPECT_NE(a.headers["content-type"].find("text/html"), std::string::npos);
}

TEST_F(NginxServerTest, AbsoluteUrlsCarryThePort) {
  std::string origin = "http://news-a.test:" + std::to_string(server_->port()) + "/";
  EXPECT_NE(Get("news-a.test", "/robots.txt").body.find("Sitemap: " + origin + "sitemap_index.xml"),
            std::string::npos);
  Reply gz = Get("news-a.test", "/sitemap-pages.xml.gz");
  ASSERT_EQ(gz.status, 200);
  EXPECT_EQ(gz.headers["content-type"], "application/gzip");
  // Inflate it: the rewritten copy is still a valid gzip file, with ports inside.
  z_stream z{};
  ASSERT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string xml(1 << 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(gz.body.data());
  z.avail_in = static_cast<uInt>(gz.body.size());
  z.next_out = reinterpret_cast<Bytef*>(xml.data());
  z.avail_out = static_cast<uInt>(xml.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  xml.resize(z.total_out);
  inflateEnd(&z);
  EXPECT_NE(xml.find("<loc>" + origin + "tech/</loc>"), std::string::npos) << xml;
}

TEST_F(NginxServerTest, LogsEveryRequestWithItsHeaders) {
  Get("news-b.test", "/feed.xml?x=%20y", {.headers = {"If-None-Match: \"abc\""}});
  Get("news-a.test", "/no-such-page.html");
  std::vector<AccessLogLine> log = server_->ReadAccessLog(2);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].host, "news-b.test");
  EXPECT_EQ(log[0].method, "GET");
  EXPECT_EQ(log[0].uri, "/feed.xml?x=%20y");
  EXPECT_EQ(log[0].status, 200);
  EXPECT_GT(log[0].bytes, 500u);
  EXPECT_EQ(log[0].user_agent, "byline-harness-test/1");
  EXPECT_EQ(log[0].if_none_match, "\"abc\"");  // escape=json quotes undone
  EXPECT_EQ(log[0].if_modified_since, "");
  EXPECT_EQ(log[0].protocol, "HTTP/1.1");
  EXPECT_GE(log[0].seconds, 0.0);
  EXPECT_LE(log[0].start_unix(), log[0].time_unix);
  EXPECT_EQ(log[1].status, 404);
  EXPECT_NE(log[0].connection, log[1].connection);  // two easy handles, two connections
  double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_NEAR(log[1].time_unix, now, 60);
  EXPECT_GE(log[1].time_unix, log[0].time_unix);
}

TEST_F(NginxServerTest, KeepAliveReuseShowsInTheLog) {
  CURL* curl = curl_easy_init();
  curl_slist* resolve = curl_slist_append(nullptr, server_->ResolveArg("news-a.test").c_str());
  std::string sink;
  curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  for (const char* path : {"/", "/tech/"}) {
    curl_easy_setopt(curl, CURLOPT_URL, server_->Url("news-a.test", path).c_str());
    EXPECT_EQ(curl_easy_perform(curl), CURLE_OK);
  }
  curl_easy_cleanup(curl);
  curl_slist_free_all(resolve);
  std::vector<AccessLogLine> log = server_->ReadAccessLog(2);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].connection, log[1].connection);
  EXPECT_EQ(log[0].connection_requests, 1);
  EXPECT_EQ(log[1].connection_requests, 2);
}

TEST_F(NginxServerTest, RobotsOfBlogCAnswers503) {
  EXPECT_EQ(Get("blog-c.test", "/robots.txt").status, 503);
  EXPECT_EQ(Get("blog-c.test", "/").status, 200);  // the crawler must not ask, but it exists
}

TEST_F(NginxServerTest, ValidatorsGive304) {
  Reply first = Get("news-a.test", "/tech/");
  ASSERT_FALSE(first.headers["etag"].empty());
  ASSERT_FALSE(first.headers["last-modified"].empty());
  Reply etag =
      Get("news-a.test", "/tech/", {.headers = {"If-None-Match: " + first.headers["etag"]}});
  EXPECT_EQ(etag.status, 304);
  EXPECT_TRUE(etag.body.empty());
  Reply date = Get("news-a.test", "/tech/",
                   {.headers = {"If-Modified-Since: " + first.headers["last-modified"]}});
  EXPECT_EQ(date.status, 304);
}

TEST_F(NginxServerTest, GzipsHtmlWhenAsked) {
  Reply gz = Get("news-a.test", "/tech/", {.decode = true});
  EXPECT_EQ(gz.headers["content-encoding"], "gzip");
  EXPECT_NE(gz.body.find("</html>"), std::string::npos);  // curl decoded it
}

TEST_F(NginxServerTest, ExpectedListsMatchTheFiles) {
  // Every URL the crawler must fetch exists; every URL it must never fetch is linked or
  // blocked, not simply missing (else the test would prove nothing).
  for (const std::string& url : ReadLines(FixtureSiteDir() + "/expected_fetched.txt")) {
    size_t host_end = url.find('/', 7);
    std::string host = url.substr(7, host_end - 7), path = url.substr(host_end);
    EXPECT_EQ(Get(host, path).status, host == "blog-c.test" ? 503 : 200) << url;
  }
  for (const std::string& url : ReadLines(FixtureSiteDir() + "/expected_never.txt")) {
    size_t host_end = url.find('/', 7);
    std::string host = url.substr(7, host_end - 7), path = url.substr(host_end);
    if (host.ends_with(".example")) continue;
    EXPECT_EQ(Get(host, path).status, 200) << url;
  }
}

TEST(NginxServerLifecycleTest, StopsWithNoProcessOrDirectoryLeft) {
  pid_t pid;
  std::string dir;
  {
    Result<std::unique_ptr<NginxServer>> started = NginxServer::Start(FixtureSiteOptions());
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    pid = (*started)->pid();
    dir = (*started)->dir();
    EXPECT_EQ(kill(pid, 0), 0);
  }
  EXPECT_EQ(kill(pid, 0), -1);  // reaped, not a zombie
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(NginxServerLifecycleTest, TwoServersRunSideBySide) {
  Result<std::unique_ptr<NginxServer>> a = NginxServer::Start(FixtureSiteOptions());
  Result<std::unique_ptr<NginxServer>> b = NginxServer::Start(FixtureSiteOptions());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE((*a)->port(), (*b)->port());
  EXPECT_NE((*a)->dir(), (*b)->dir());
}

TEST(NginxServerLifecycleTest, ExtraConfigReachesNginx) {
  NginxOptions options = FixtureSiteOptions();
  options.extra_server_conf = "location = /teapot { return 418; }";
  Result<std::unique_ptr<NginxServer>> s = NginxServer::Start(options);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  Reply r =
      Fetch((*s)->Url("news-b.test", "/teapot"), {.resolve = (*s)->ResolveArg("news-b.test")});
  EXPECT_EQ(r.status, 418);
}

TEST(NginxServerLifecycleTest, BadConfigIsAnErrorWithNginxsMessage) {
  NginxOptions options = FixtureSiteOptions();
  options.extra_http_conf = "no_such_directive on;";
  Result<std::unique_ptr<NginxServer>> s = NginxServer::Start(options);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("no_such_directive"), std::string::npos)
      << s.status().ToString();
}

// ---------------------------------------------------------------- FaultServer

class FaultServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<FaultServer>> started = FaultServer::Start();
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    server_ = std::move(started).value();
  }
  std::unique_ptr<FaultServer> server_;
};

TEST_F(FaultServerTest, ServesArticlesAndRecordsRequests) {
  Reply r = Fetch(server_->Url("faults.test", "/html/7"),
                  {.resolve = server_->ResolveArg("faults.test"), .headers = {"X-Probe: 1"}});
  ASSERT_EQ(r.code, CURLE_OK);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(
      r.body.find("href=\"http://faults.test:" + std::to_string(server_->port()) + "/html/7\""),
      std::string::npos);
  std::vector<RecordedRequest> requests = server_->Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].path, "/html/7");
  EXPECT_EQ(requests[0].Header("x-probe"), "1");
  EXPECT_EQ(requests[0].Header("user-agent"), "byline-harness-test/1");
  EXPECT_EQ(requests[0].Header("remote_addr"), "");  // httplib's own entries are left out
  EXPECT_EQ(Fetch(server_->Url("/status/418")).status, 418);
  EXPECT_EQ(server_->CountRequests("/status/418"), 1u);
}

TEST_F(FaultServerTest, RobotsAndPagesAreSetPerTest) {
  EXPECT_EQ(Fetch(server_->Url("/robots.txt")).body, "User-agent: *\nDisallow:\n");
  server_->SetRobots(RobotsFile::ServerError());
  EXPECT_EQ(Fetch(server_->Url("/robots.txt")).status, 503);
  server_->SetRobots(RobotsFile::Garbage());
  Reply garbage = Fetch(server_->Url("/robots.txt"));
  EXPECT_EQ(garbage.status, 200);
  EXPECT_EQ(garbage.body.size(), 2048u);
  EXPECT_NE(garbage.body.find('\0'), std::string::npos);
  server_->SetRobots(RobotsFile::Html());
  EXPECT_NE(Fetch(server_->Url("/robots.txt")).headers["content-type"].find("text/html"),
            std::string::npos);
  server_->SetPage("/start", 200, "<a href=\"/slow\">slow</a>", "text/html", {{"X-Set", "yes"}});
  Reply page = Fetch(server_->Url("/start"));
  EXPECT_EQ(page.body, "<a href=\"/slow\">slow</a>");
  EXPECT_EQ(page.headers["x-set"], "yes");
}

TEST_F(FaultServerTest, RetryAfterThenSuccess) {
  Reply first = Fetch(server_->Url("/retry-after/3"));
  EXPECT_EQ(first.status, 429);
  EXPECT_EQ(first.headers["retry-after"], "3");
  EXPECT_EQ(Fetch(server_->Url("/retry-after/3")).status, 200);
}

TEST_F(FaultServerTest, FlakyFailsKTimes) {
  EXPECT_EQ(Fetch(server_->Url("/flaky/2")).status, 500);
  EXPECT_EQ(Fetch(server_->Url("/flaky/2")).status, 500);
  EXPECT_EQ(Fetch(server_->Url("/flaky/2")).status, 200);
  EXPECT_EQ(Fetch(server_->Url("/flaky/1")).status, 500);  // counted per path
}

TEST_F(FaultServerTest, Redirects) {
  Reply to =
      Fetch(server_->Url("/redirect-to?url=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2F"));
  EXPECT_EQ(to.status, 302);
  EXPECT_EQ(to.headers["location"], "http://169.254.169.254/latest/meta-data/");
  Reply loop = Fetch(server_->Url("/redirect-loop/a"));
  EXPECT_EQ(loop.status, 302);
  EXPECT_EQ(loop.headers["location"], "/redirect-loop/b");
  EXPECT_EQ(Fetch(server_->Url("/redirect-loop/b")).headers["location"], "/redirect-loop/a");
  EXPECT_EQ(Fetch(server_->Url("/redirect-chain/3")).headers["location"], "/redirect-chain/2");
  EXPECT_EQ(Fetch(server_->Url("/redirect-chain/0")).status, 200);
}

TEST_F(FaultServerTest, SlowTricklesAndStallSendsNothing) {
  Reply slow = Fetch(server_->Url("/slow?ms=100"), {.timeout_ms = 1050});
  EXPECT_EQ(slow.code, CURLE_OPERATION_TIMEDOUT);
  EXPECT_EQ(slow.status, 200);
  EXPECT_EQ(slow.headers["content-length"], "1048576");
  EXPECT_GE(slow.body.size(), 7u);  // about one byte per 100 ms
  EXPECT_LE(slow.body.size(), 11u);
  Reply stall = Fetch(server_->Url("/stall"), {.timeout_ms = 500});
  EXPECT_EQ(stall.code, CURLE_OPERATION_TIMEDOUT);
  EXPECT_EQ(stall.status, 200);
  EXPECT_TRUE(stall.body.empty());
}

TEST_F(FaultServerTest, StopEndsSlowResponsesPromptly) {
  std::thread client([this] { Fetch(server_->Url("/stall"), {.timeout_ms = 20000}); });
  while (server_->CountRequests("/stall") == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  auto start = std::chrono::steady_clock::now();
  server_.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  client.join();
}

TEST_F(FaultServerTest, GzipBombIsSmallOnTheWireAndInflatesTo1GiB) {
  Reply raw = Fetch(server_->Url("/gzip-bomb"));  // not decoded: the bytes as sent
  ASSERT_EQ(raw.status, 200);
  EXPECT_EQ(raw.headers["content-encoding"], "gzip");
  EXPECT_LT(raw.body.size(), 2u << 20);
  EXPECT_EQ(raw.body, FaultServer::GzipBomb());
  // Inflate it all, checking every byte is zero and that zlib accepts the CRC and length.
  z_stream z{};
  ASSERT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(raw.body.data());
  z.avail_in = static_cast<uInt>(raw.body.size());
  std::string out(1 << 20, 'x'), zeros(1 << 20, '\0');
  int rc;
  bool all_zero = true;
  do {
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    rc = inflate(&z, Z_NO_FLUSH);
    size_t n = out.size() - z.avail_out;
    all_zero = all_zero && memcmp(out.data(), zeros.data(), n) == 0;
  } while (rc == Z_OK);
  EXPECT_EQ(rc, Z_STREAM_END);
  EXPECT_EQ(z.total_out, FaultServer::kGzipBombInflatedBytes);
  EXPECT_TRUE(all_zero);
  inflateEnd(&z);
}

size_t CountBytes(char*, size_t size, size_t n, void* total) {
  *static_cast<size_t*>(total) += size * n;
  return size * n;
}

TEST_F(FaultServerTest, HugeSends100MiB) {
  CURL* curl = curl_easy_init();
  size_t total = 0;
  curl_easy_setopt(curl, CURLOPT_URL, server_->Url("/huge").c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, CountBytes);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &total);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  EXPECT_EQ(curl_easy_perform(curl), CURLE_OK);
  curl_easy_cleanup(curl);
  EXPECT_EQ(total, FaultServer::kHugeBytes);
}

TEST_F(FaultServerTest, BrokenFeedAndEchoHeaders) {
  Reply feed = Fetch(server_->Url("/feed-broken"));
  EXPECT_EQ(feed.status, 200);
  EXPECT_NE(feed.body.find("/html/2</link>"), std::string::npos);
  EXPECT_EQ(feed.body.find("</rss>"), std::string::npos);
  Reply echo = Fetch(server_->Url("/echo-headers"), {.headers = {"If-None-Match: \"v1\""}});
  EXPECT_NE(echo.body.find("If-None-Match: \"v1\"\n"), std::string::npos) << echo.body;
  EXPECT_EQ(echo.body.find("REMOTE_ADDR"), std::string::npos);
}

TEST(FaultServerLifecycleTest, TwoServersHaveTheirOwnPortsAndState) {
  Result<std::unique_ptr<FaultServer>> a = FaultServer::Start();
  Result<std::unique_ptr<FaultServer>> b = FaultServer::Start();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE((*a)->port(), (*b)->port());
  EXPECT_EQ(Fetch((*a)->Url("/retry-after/1")).status, 429);
  EXPECT_EQ(Fetch((*b)->Url("/retry-after/1")).status, 429);
}

}  // namespace
}  // namespace byline::testing
