// The crawl over https against a real nginx speaking HTTP/2: the crawler negotiates h2 by
// ALPN, multiplexes a host's requests over few connections, and refuses a certificate it was
// not told to trust. The certificate is made for the test with the openssl command.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>

#include "tests/crawler/nginx_server.h"
#include "tests/run_byline.h"

namespace byline::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kHost[] = "h2.test";

class CrawlHttpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/byline-https-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    // A self-signed certificate for the test host, valid for two days.
    const std::string cmd =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=" + std::string(kHost) +
        " -addext subjectAltName=DNS:" + kHost + " -keyout " + (dir_ / "key.pem").string() +
        " -out " + (dir_ / "cert.pem").string() + " >" + (dir_ / "openssl.log").string() + " 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << Slurp(dir_ / "openssl.log");
    // A home page linking to five articles, each linking back and to the next.
    fs::create_directories(dir_ / "site");
    std::ofstream(dir_ / "site" / "robots.txt") << "User-agent: *\nAllow: /\n";
    std::ofstream home(dir_ / "site" / "index.html");
    home << "<html><head><title>H2 news</title></head><body><ul>";
    for (int i = 1; i <= 5; ++i) {
      home << "<li><a href=\"/a" << i << ".html\">Story " << i << "</a></li>";
      std::ofstream(dir_ / "site" / ("a" + std::to_string(i) + ".html"))
          << "<html><head><title>Story " << i << "</title>"
          << "<meta property=\"article:published_time\" content=\"2026-11-2" << i
          << "T10:00:00Z\"></head><body><article><h1>Story " << i
          << "</h1><p>Nvidia and OpenAI said on Tuesday that the deal was worth $" << i
          << " billion, according to Sam Altman, who spoke to reporters after the two "
             "companies presented their plans for new data centres in Texas and Ohio.</p>"
          << "<p>The chips will be delivered over the next three years, the companies said, "
             "and the first of the new buildings should open before the end of next year, "
             "when the work on the second site is expected to begin as well.</p>"
          << "<p>Analysts said the agreement was among the largest of its kind so far and "
             "that it showed how much the two companies now depend on each other.</p>"
          << "<p><a href=\"/\">home</a> <a href=\"/a" << (i % 5 + 1)
          << ".html\">next</a></p></article></body></html>";
    }
    home << "</ul></body></html>";
    home.close();

    NginxOptions options;
    options.hosts.push_back({kHost, (dir_ / "site").string(), ""});
    options.tls_certificate = (dir_ / "cert.pem").string();
    options.tls_key = (dir_ / "key.pem").string();
    Result<std::unique_ptr<NginxServer>> s = NginxServer::Start(options);
    ASSERT_TRUE(s.ok()) << s.status().message();
    nginx_ = std::move(*s);
  }
  void TearDown() override {
    nginx_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::vector<std::string> Args(const std::string& name) {
    return {"crawl",
            "--db",
            (dir_ / (name + ".db")).string(),
            "--seed",
            nginx_->Url(kHost, "/"),
            "--resolve",
            nginx_->ResolveArg(kHost),
            "--allow-private",
            "--delay-ms",
            "0",
            "--per-host-connections",
            "2",
            "--url-log",
            (dir_ / (name + ".log")).string()};
  }

  fs::path dir_;
  std::unique_ptr<NginxServer> nginx_;
};

TEST_F(CrawlHttpsTest, FetchesOverHttp2WithTheGivenCertificate) {
  std::vector<std::string> args = Args("h2");
  args.push_back("--ca-file");
  args.push_back((dir_ / "cert.pem").string());
  Ran r = RunByline(args, dir_);
  ASSERT_EQ(r.status, 0) << r.err;

  // robots.txt, the home page and the five articles, each once, all over HTTP/2.
  const std::vector<AccessLogLine> log = nginx_->ReadAccessLog(7);
  std::set<std::string> uris;
  std::set<uint64_t> connections;
  for (const AccessLogLine& l : log) {
    EXPECT_EQ(l.protocol, "HTTP/2.0") << l.uri;
    EXPECT_EQ(l.status, 200) << l.uri;
    EXPECT_TRUE(uris.insert(l.uri).second) << "fetched twice: " << l.uri;
    connections.insert(l.connection);
  }
  EXPECT_EQ(uris, (std::set<std::string>{"/robots.txt", "/", "/a1.html", "/a2.html", "/a3.html",
                                         "/a4.html", "/a5.html"}));
  // Connections are reused: seven requests over at most two (the per-host limit).
  EXPECT_LE(connections.size(), 2u);

  // The articles are stored and searchable.
  Ran q = RunByline(
      {"query", "--db", (dir_ / "h2.db").string(), "mentions", "Nvidia", "--format", "ndjson"},
      dir_);
  ASSERT_EQ(q.status, 0) << q.err;
  size_t lines = 0;
  for (char c : q.out) lines += c == '\n';
  EXPECT_EQ(lines, 5u) << q.out;
}

TEST_F(CrawlHttpsTest, RefusesACertificateItDoesNotTrust) {
  Ran r = RunByline(Args("untrusted"), dir_);
  EXPECT_EQ(r.status, 1) << r.err;  // nothing fetched
  const std::string url_log = Slurp(dir_ / "untrusted.log");
  EXPECT_NE(url_log.find("\"failed\""), std::string::npos) << url_log;
  EXPECT_NE(url_log.find("certificate"), std::string::npos) << url_log;
  for (const AccessLogLine& l : nginx_->ReadAccessLog(0, 200)) {
    ADD_FAILURE() << "nginx answered a request over an untrusted connection: " << l.uri;
  }
}

}  // namespace
}  // namespace byline::testing
