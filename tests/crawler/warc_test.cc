// WARC/1.1 writing and reading (crawler/warc.h): round trips, the record format checked by
// inflating gzip members one at a time, digests against reference values, rotation, and
// damaged files that must give warnings, never crashes.
#include "crawler/warc.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <sstream>

namespace byline::crawler {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Spit(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

// One gzip member of a file: where it starts and what it inflates to.
struct Member {
  size_t offset = 0, size = 0;
  std::string text;
};

// Inflates the gzip members of `bytes` one at a time; fails the test on a damaged one.
std::vector<Member> Members(const std::string& bytes) {
  std::vector<Member> members;
  size_t pos = 0;
  while (pos < bytes.size()) {
    z_stream z{};
    EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + pos));
    z.avail_in = static_cast<uInt>(bytes.size() - pos);
    Member m;
    m.offset = pos;
    int rc = Z_OK;
    char out[65536];
    while (rc == Z_OK) {
      z.next_out = reinterpret_cast<Bytef*>(out);
      z.avail_out = sizeof out;
      rc = inflate(&z, Z_NO_FLUSH);
      m.text.append(out, sizeof out - z.avail_out);
    }
    EXPECT_EQ(rc, Z_STREAM_END) << "member at " << pos;
    m.size = z.total_in;
    inflateEnd(&z);
    if (rc != Z_STREAM_END) break;
    pos += m.size;
    members.push_back(std::move(m));
  }
  return members;
}

// A record split into its header fields (the version line excluded) and block.
struct Record {
  std::string version;
  std::map<std::string, std::string> fields;
  std::string block;
};

Record ParseRecord(const std::string& text) {
  Record r;
  size_t header_end = text.find("\r\n\r\n");
  EXPECT_NE(header_end, std::string::npos);
  std::istringstream lines(text.substr(0, header_end + 2));
  std::getline(lines, r.version);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_FALSE(line.empty());
    EXPECT_EQ(line.back(), '\r') << "lines end in CRLF";
    line.pop_back();
    size_t colon = line.find(": ");
    EXPECT_NE(colon, std::string::npos) << line;
    EXPECT_EQ(r.fields.count(line.substr(0, colon)), 0u) << "no field twice: " << line;
    r.fields[line.substr(0, colon)] = line.substr(colon + 2);
  }
  size_t length = std::stoul(r.fields["Content-Length"]);
  EXPECT_EQ(text.size(), header_end + 4 + length + 4) << "Content-Length counts the block";
  r.block = text.substr(header_end + 4, length);
  EXPECT_EQ(text.substr(text.size() - 4), "\r\n\r\n");
  return r;
}

WarcExchange Exchange(const std::string& uri, const std::string& content_type,
                      std::string_view body) {
  WarcExchange x;
  x.target_uri = uri;
  x.ip_address = "127.0.0.1";
  x.fetched_unix_ms = 1740830400123;  // 2025-03-01T12:00:00.123Z
  x.request_head = "GET " + uri.substr(uri.find('/', 8)) +
                   " HTTP/1.1\r\nHost: example.com\r\nUser-Agent: byline-test\r\n\r\n";
  x.response_head = "HTTP/1.1 200 OK\r\nContent-Type: " + content_type + "\r\n\r\n";
  x.response_body = body;
  return x;
}

class WarcTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "byline_warc.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Writes the exchanges to one file and returns its path.
  std::string WriteFile(const std::vector<WarcExchange>& exchanges) {
    Result<std::unique_ptr<WarcWriter>> w = WarcWriter::Open((dir_ / "out").string(), "test");
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    if (!w.ok()) return "";
    for (const auto& x : exchanges) EXPECT_TRUE((*w)->Write(x).ok());
    EXPECT_TRUE((*w)->Close().ok());
    EXPECT_EQ((*w)->files().size(), 1u);
    return (*w)->files().back();
  }

  std::vector<WarcResponse> Read(const std::string& path, std::vector<std::string>* warnings,
                                 size_t max_record_bytes = size_t{64} << 20) {
    std::vector<WarcResponse> got;
    Status s = ReadWarc(
        path, [&](const WarcResponse& r) { got.push_back(r); }, warnings, max_record_bytes);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return got;
  }

  fs::path dir_;
};

TEST_F(WarcTest, RoundTripKeepsEveryBodyByteForByte) {
  // Binary bytes, NULs, and text that looks like a record boundary inside a body.
  const std::string binary =
      std::string("<html>\0\xff\xfe", 10) + "\r\n\r\nWARC/1.1\r\nContent-Length: 5\r\n\r\n</html>";
  const std::string big = RandomBytes(5 << 20, 7);
  const std::string path =
      WriteFile({Exchange("https://example.com/a", "text/html", binary),
                 Exchange("https://example.com/empty", "text/plain", ""),
                 Exchange("https://example.com/big.bin", "application/octet-stream", big)});
  std::vector<std::string> warnings;
  std::vector<WarcResponse> got = Read(path, &warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].target_uri, "https://example.com/a");
  EXPECT_EQ(got[0].status, 200);
  EXPECT_EQ(got[0].content_type, "text/html");
  EXPECT_EQ(got[0].date, "2025-03-01T12:00:00.123Z");
  EXPECT_EQ(got[0].body, binary);
  EXPECT_EQ(got[1].target_uri, "https://example.com/empty");
  EXPECT_EQ(got[1].body, "");
  EXPECT_EQ(got[2].body.size(), big.size());
  EXPECT_TRUE(got[2].body == big);
}

TEST_F(WarcTest, EachRecordIsItsOwnGzipMemberWithWellFormedHeaders) {
  const std::string path = WriteFile({Exchange("https://example.com/a", "text/html", "<p>a</p>"),
                                      Exchange("https://example.com/b", "text/html", "<p>b</p>")});
  std::vector<Member> members = Members(Slurp(path));
  ASSERT_EQ(members.size(), 5u) << "warcinfo, then a request and a response per exchange";
  const std::regex id(
      "<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>");
  const std::regex date(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z)");
  std::set<std::string> ids;
  std::vector<Record> records;
  for (const Member& m : members) {
    Record r = ParseRecord(m.text);
    EXPECT_EQ(r.version, "WARC/1.1\r");
    EXPECT_TRUE(std::regex_match(r.fields["WARC-Record-ID"], id)) << r.fields["WARC-Record-ID"];
    EXPECT_TRUE(std::regex_match(r.fields["WARC-Date"], date)) << r.fields["WARC-Date"];
    EXPECT_TRUE(ids.insert(r.fields["WARC-Record-ID"]).second) << "record ids are unique";
    records.push_back(std::move(r));
  }
  EXPECT_EQ(records[0].fields["WARC-Type"], "warcinfo");
  EXPECT_EQ(records[0].fields["Content-Type"], "application/warc-fields");
  EXPECT_EQ(records[0].fields["WARC-Filename"], fs::path(path).filename().string());
  EXPECT_NE(records[0].block.find("software: byline/"), std::string::npos);
  EXPECT_NE(records[0].block.find("format: WARC File Format 1.1"), std::string::npos);
  for (size_t i = 1; i < records.size(); i += 2) {
    Record& req = records[i];
    Record& resp = records[i + 1];
    EXPECT_EQ(req.fields["WARC-Type"], "request");
    EXPECT_EQ(resp.fields["WARC-Type"], "response");
    EXPECT_EQ(req.fields["Content-Type"], "application/http;msgtype=request");
    EXPECT_EQ(resp.fields["Content-Type"], "application/http;msgtype=response");
    EXPECT_EQ(req.fields["WARC-Concurrent-To"], resp.fields["WARC-Record-ID"]);
    EXPECT_EQ(resp.fields["WARC-Concurrent-To"], req.fields["WARC-Record-ID"]);
    EXPECT_EQ(req.fields["WARC-Target-URI"], resp.fields["WARC-Target-URI"]);
    EXPECT_EQ(resp.fields["WARC-IP-Address"], "127.0.0.1");
    EXPECT_EQ(resp.fields["WARC-Date"], "2025-03-01T12:00:00.123Z");
    EXPECT_EQ(req.block.rfind("GET /", 0), 0u);
    EXPECT_EQ(resp.block.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  }
}

// Reference values computed independently with Python's hashlib and base64.b32encode.
TEST_F(WarcTest, DigestsAreSha1InBase32) {
  const std::string path =
      WriteFile({Exchange("https://example.com/d", "text/plain", "Hello, WARC!\n"),
                 Exchange("https://example.com/e", "text/plain", "")});
  std::vector<Member> members = Members(Slurp(path));
  ASSERT_EQ(members.size(), 5u);
  Record resp = ParseRecord(members[2].text);
  EXPECT_EQ(resp.block,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\n"
            "Hello, WARC!\n");
  EXPECT_EQ(resp.fields["WARC-Payload-Digest"], "sha1:TP7QKGFDVUFLRVLNUC7DMXQ3KUHFMURA");
  EXPECT_EQ(resp.fields["WARC-Block-Digest"], "sha1:GCMTJ3TXT2CWKXHDUKRBBW5H43DEQNFT");
  Record empty = ParseRecord(members[4].text);
  EXPECT_EQ(empty.fields["WARC-Payload-Digest"], "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
  EXPECT_EQ(ParseRecord(members[1].text).fields.count("WARC-Block-Digest"), 1u);
}

// The stored body is decoded, so the head must not claim an encoding or a wire length.
TEST_F(WarcTest, WireHeadersAreKeptUnderOriginalNames) {
  WarcExchange x = Exchange("https://example.com/z", "text/html", "<p>decoded</p>");
  x.response_head =
      "HTTP/2 200\r\ncontent-type: text/html\r\ncontent-encoding: gzip\r\n"
      "content-length: 99\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string path = WriteFile({x});
  Record resp = ParseRecord(Members(Slurp(path))[2].text);
  EXPECT_EQ(resp.block,
            "HTTP/2 200\r\ncontent-type: text/html\r\nX-Archive-Orig-content-encoding: gzip\r\n"
            "X-Archive-Orig-content-length: 99\r\nX-Archive-Orig-Transfer-Encoding: chunked\r\n"
            "Content-Length: 14\r\n\r\n<p>decoded</p>");
  std::vector<std::string> warnings;
  std::vector<WarcResponse> got = Read(path, &warnings);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].status, 200);
  EXPECT_EQ(got[0].body, "<p>decoded</p>");
  EXPECT_TRUE(warnings.empty());
}

TEST_F(WarcTest, RotatesAfterMaxFileBytesKeepingPairsTogether) {
  const std::string body = RandomBytes(3000, 11);  // incompressible
  Result<std::unique_ptr<WarcWriter>> w =
      WarcWriter::Open((dir_ / "rot").string(), "rot", /*max_file_bytes=*/10000);
  ASSERT_TRUE(w.ok());
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(
        (*w)->Write(Exchange("https://example.com/" + std::to_string(i), "text/html", body)).ok());
  }
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_FALSE((*w)->Write(Exchange("https://example.com/late", "text/html", "")).ok())
      << "a closed writer refuses";
  const std::vector<std::string> files = (*w)->files();
  EXPECT_GE(files.size(), 5u);
  size_t responses = 0;
  for (const std::string& f : files) {
    EXPECT_TRUE(fs::path(f).filename().string().rfind("rot-", 0) == 0);
    EXPECT_LE(fs::file_size(f), 10000u + 2 * 3500u) << "rotation happens at the next exchange";
    std::vector<Member> members = Members(Slurp(f));
    ASSERT_EQ(members.size() % 2, 1u) << "warcinfo plus whole pairs";
    EXPECT_EQ(ParseRecord(members[0].text).fields["WARC-Type"], "warcinfo");
    std::vector<std::string> warnings;
    responses += Read(f, &warnings).size();
    EXPECT_TRUE(warnings.empty());
  }
  EXPECT_EQ(responses, 20u);
}

// --- Damaged and foreign input: warnings, never crashes ------------------------------------

TEST_F(WarcTest, TruncatedGzipKeepsTheRecordsBefore) {
  const std::string path = WriteFile({Exchange("https://example.com/1", "text/html", "one"),
                                      Exchange("https://example.com/2", "text/html", "two")});
  const std::string bytes = Slurp(path);
  std::vector<Member> members = Members(bytes);
  ASSERT_EQ(members.size(), 5u);
  Spit(path, bytes.substr(0, members[4].offset + members[4].size / 2));
  std::vector<std::string> warnings;
  std::vector<WarcResponse> got = Read(path, &warnings);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].body, "one");
  ASSERT_FALSE(warnings.empty());
  EXPECT_NE(warnings[0].find("truncated"), std::string::npos) << warnings[0];
}

TEST_F(WarcTest, DamagedMemberAndGarbageBetweenMembersLoseOneRecord) {
  const std::string path = WriteFile({Exchange("https://example.com/1", "text/html", "one"),
                                      Exchange("https://example.com/2", "text/html", "two"),
                                      Exchange("https://example.com/3", "text/html", "three")});
  std::string bytes = Slurp(path);
  std::vector<Member> members = Members(bytes);
  ASSERT_EQ(members.size(), 7u);
  // Garbage after member 4 (the second response), then member 2 (the first response) broken.
  bytes.insert(members[5].offset, "this is not gzip at all");
  for (size_t i = members[2].offset + 20; i < members[2].offset + 40; ++i) bytes[i] ^= 0x5a;
  Spit(path, bytes);
  std::vector<std::string> warnings;
  std::vector<WarcResponse> got = Read(path, &warnings);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body, "two");
  EXPECT_EQ(got[1].body, "three");
  EXPECT_GE(warnings.size(), 2u);
}

TEST_F(WarcTest, GarbageFilesGiveWarningsNotResponses) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"random", RandomBytes(100000, 3)},
      {"gzip magic then noise", std::string("\x1f\x8b\x08", 3) + RandomBytes(5000, 4)},
      {"version line only", "WARC/1.1\r\n"},
      {"header without end", "WARC/1.1\r\nWARC-Type: response\r\n" + std::string(70000, 'x')},
      {"empty", ""},
  };
  for (const auto& [name, bytes] : cases) {
    const std::string path = (dir_ / "garbage.warc").string();
    Spit(path, bytes);
    std::vector<std::string> warnings;
    EXPECT_TRUE(Read(path, &warnings).empty()) << name;
    EXPECT_EQ(warnings.empty(), name == "empty") << name;
    EXPECT_LE(warnings.size(), 101u) << name;
  }
}

std::string PlainRecord(const std::string& uri, const std::string& http, int lie = 0) {
  return "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri +
         "\r\nWARC-Date: 2024-01-02T03:04:05Z\r\nContent-Type: application/http; "
         "msgtype=response\r\nContent-Length: " +
         std::to_string(static_cast<int>(http.size()) + lie) + "\r\n\r\n" + http + "\r\n\r\n";
}

TEST_F(WarcTest, LyingContentLengthSkipsThatRecordOnly) {
  const std::string ok = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>fine</p>";
  for (int lie : {-5, +7, +100000}) {
    const std::string path = (dir_ / "lie.warc").string();
    Spit(path, PlainRecord("http://a/1", ok) + PlainRecord("http://a/liar", ok, lie) +
                   PlainRecord("http://a/3", ok));
    std::vector<std::string> warnings;
    std::vector<WarcResponse> got = Read(path, &warnings);
    ASSERT_EQ(got.size(), 2u) << "lie " << lie;
    EXPECT_EQ(got[0].target_uri, "http://a/1");
    EXPECT_EQ(got[1].target_uri, "http://a/3");
    EXPECT_EQ(got[1].date, "2024-01-02T03:04:05Z");
    ASSERT_FALSE(warnings.empty());
    EXPECT_NE(warnings[0].find("http://a/liar"), std::string::npos) << warnings[0];
  }
}

TEST_F(WarcTest, OversizedRecordsAreSkippedWithoutHoldingThem) {
  const std::string small = "HTTP/1.1 200 OK\r\n\r\nsmall";
  const std::string large = "HTTP/1.1 200 OK\r\n\r\n" + std::string(2 << 20, 'L');
  const std::string path = (dir_ / "big.warc").string();
  Spit(path, PlainRecord("http://a/1", small) + PlainRecord("http://a/big", large) +
                 PlainRecord("http://a/3", small));
  std::vector<std::string> warnings;
  std::vector<WarcResponse> got = Read(path, &warnings, /*max_record_bytes=*/1 << 20);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].target_uri, "http://a/3");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("over the limit"), std::string::npos) << warnings[0];
}

// Other archivers store the body as it came off the wire: chunked and gzip-encoded.
TEST_F(WarcTest, WireEncodedBodiesFromOtherArchiversAreDecoded) {
  const std::string html = "<html><body><p>wire</p></body></html>";
  uLongf size = compressBound(html.size()) + 32;
  std::string gz(size, '\0');
  z_stream z{};
  ASSERT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(html.data()));
  z.avail_in = static_cast<uInt>(html.size());
  z.next_out = reinterpret_cast<Bytef*>(gz.data());
  z.avail_out = static_cast<uInt>(gz.size());
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  gz.resize(z.total_out);
  deflateEnd(&z);
  char hex[16];
  std::snprintf(hex, sizeof hex, "%zx", gz.size() - 10);
  const std::string chunked = std::string(hex) + ";ext=1\r\n" + gz.substr(0, gz.size() - 10) +
                              "\r\na\r\n" + gz.substr(gz.size() - 10) + "\r\n0\r\n\r\n";
  const std::string http =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: "
      "chunked\r\nContent-Encoding: gzip\r\n\r\n" +
      chunked;
  const std::string path = (dir_ / "wire.warc").string();
  Spit(path, PlainRecord("http://a/wire", http));
  std::vector<std::string> warnings;
  std::vector<WarcResponse> got = Read(path, &warnings);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].body, html);
  EXPECT_EQ(got[0].content_type, "text/html; charset=utf-8");
  EXPECT_TRUE(warnings.empty());
}

// Seeded random damage (flipped bytes, cuts, spliced copies) of a real file, plain and gzip:
// every read ends with OK and never hands over more responses than were written.
TEST_F(WarcTest, RandomlyDamagedFilesNeverCrash) {
  const std::string path =
      WriteFile({Exchange("https://example.com/1", "text/html", "one"),
                 Exchange("https://example.com/2", "text/html", RandomBytes(20000, 5)),
                 Exchange("https://example.com/3", "text/html", "three")});
  std::string plain;
  for (const Member& m : Members(Slurp(path))) plain += m.text;
  std::mt19937 rng(2025);
  for (const std::string& original : {Slurp(path), plain}) {
    for (int round = 0; round < 200; ++round) {
      std::string bytes = original;
      switch (round % 3) {
        case 0:
          for (int i = 0; i < 5; ++i) bytes[rng() % bytes.size()] ^= static_cast<char>(rng());
          break;
        case 1:
          bytes.resize(rng() % bytes.size());
          break;
        case 2:
          bytes.insert(rng() % bytes.size(), original.substr(rng() % original.size(), rng() % 500));
          break;
      }
      const std::string damaged = (dir_ / "damaged.warc").string();
      Spit(damaged, bytes);
      std::vector<std::string> warnings;
      EXPECT_LE(Read(damaged, &warnings).size(), 4u) << "round " << round;
    }
  }
}

TEST_F(WarcTest, MissingFileIsNotFoundAndSniffingRecognisesWarc) {
  Status s = ReadWarc((dir_ / "missing.warc.gz").string(), [](const WarcResponse&) {}, nullptr);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  const std::string path = WriteFile({Exchange("https://example.com/1", "text/html", "x")});
  EXPECT_TRUE(LooksLikeWarc(Slurp(path).substr(0, 512)));
  EXPECT_TRUE(LooksLikeWarc("WARC/1.0\r\n"));
  EXPECT_FALSE(LooksLikeWarc("<!doctype html>"));
  EXPECT_FALSE(LooksLikeWarc(std::string("\x1f\x8b\x08", 3) + "garbage"));
}

}  // namespace
}  // namespace byline::crawler
