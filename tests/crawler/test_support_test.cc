// Tests of the test servers themselves, with plain libcurl as the client: if these fail, the
// crawler's integration tests would be testing the harness.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

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
  std::vector<AccessLogLine> log = server_->ReadAccessLog();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].host, "news-b.test");
  EXPECT_EQ(log[0].method, "GET");
  EXPECT_EQ(log[0].uri, "/feed.xml?x=%20y");
  EXPECT_EQ(log[0].status, 200);
  EXPECT_GT(log[0].bytes, 500u);
  EXPECT_EQ(log[0].user_agent, "byline-harness-test/1");
  EXPECT_EQ(log[0].if_none_match, "\"abc\"");  // escape=json quotes undone
  EXPECT_EQ(log[0].if_modified_since, "");
  EXPECT_EQ(log[1].status, 404);
  double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_NEAR(log[1].time_unix, now, 60);
  EXPECT_GE(log[1].time_unix, log[0].time_unix);
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

}  // namespace
}  // namespace byline::testing
