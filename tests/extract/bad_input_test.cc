// ExtractHtml on inputs that are not well-formed article pages: empty, binary, compressed,
// not HTML, bad UTF-8, pathological nesting, huge, truncated, mismatched, NUL bytes. None may
// crash or hang; only binary data and over-limit inputs may fail, and then with the right code.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/extract.h"
#include "tests/extract/utf8_oracle.h"

namespace byline::extract {
namespace {

using Clock = std::chrono::steady_clock;

// gzip.compress(<a small article page>, mtime=0)
constexpr unsigned char kGzipPage[] = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x85, 0x90, 0xcd, 0x4a, 0x04, 0x41,
    0x0c, 0x84, 0x5f, 0x25, 0x82, 0xc7, 0xc5, 0xc6, 0x83, 0xe0, 0xa1, 0x99, 0xcb, 0x2a, 0x78, 0x10,
    0x54, 0x5c, 0x04, 0x8f, 0xd9, 0xe9, 0xac, 0x1d, 0xe8, 0x3f, 0x92, 0x34, 0x32, 0x6f, 0x6f, 0x8f,
    0xa3, 0xa2, 0x27, 0x2f, 0x39, 0x14, 0x55, 0x5f, 0x85, 0xf2, 0x67, 0x37, 0x0f, 0xfb, 0xc3, 0xeb,
    0xe3, 0x2d, 0x44, 0xcb, 0x69, 0xf2, 0x5f, 0x97, 0x30, 0x4c, 0xde, 0xd8, 0x12, 0x4d, 0x4f, 0x9d,
    0x53, 0x3a, 0x11, 0x5a, 0x24, 0x01, 0x41, 0x56, 0x52, 0x38, 0xbf, 0xbe, 0x82, 0x3c, 0x64, 0xae,
    0xc5, 0xbb, 0xcd, 0xe6, 0xdd, 0x16, 0x3a, 0xd6, 0xb0, 0x4c, 0x1e, 0xc5, 0x78, 0x5e, 0xd5, 0x78,
    0xf9, 0x3f, 0x60, 0x78, 0x7c, 0xfb, 0x63, 0xdb, 0x01, 0xc2, 0x7d, 0x2d, 0xa1, 0x16, 0x50, 0x1b,
    0xac, 0xde, 0xc0, 0x22, 0x1a, 0xf4, 0x35, 0x9b, 0x71, 0x8e, 0x5c, 0x08, 0x12, 0xa1, 0x14, 0x2e,
    0x6f, 0x60, 0x15, 0x9a, 0xd4, 0x99, 0x54, 0x81, 0x8b, 0x76, 0xc1, 0x32, 0x13, 0xcc, 0x09, 0x39,
    0xeb, 0x0e, 0x22, 0xea, 0x56, 0x1a, 0x7e, 0x97, 0x0e, 0xe3, 0xa8, 0x78, 0x26, 0xe1, 0x01, 0xdc,
    0x83, 0xd4, 0x5e, 0xc2, 0x00, 0x06, 0x38, 0x2e, 0x70, 0x87, 0x72, 0xac, 0x5d, 0xd2, 0xda, 0xf1,
    0x42, 0xc5, 0xba, 0x90, 0x5e, 0x78, 0xd7, 0xd6, 0x27, 0x0f, 0x71, 0x90, 0x6b, 0x6e, 0x58, 0x16,
    0x50, 0x4a, 0x49, 0x41, 0xeb, 0xc9, 0xde, 0x51, 0x68, 0x7b, 0x50, 0xc6, 0x06, 0x0a, 0x2d, 0x56,
    0xab, 0x0a, 0x38, 0x98, 0x42, 0x0d, 0x59, 0x80, 0xd4, 0x38, 0xa3, 0x7d, 0x83, 0xdc, 0xcf, 0x3e,
    0x6e, 0xdb, 0xcb, 0x7d, 0xee, 0xfe, 0x01, 0xd5, 0x04, 0xd4, 0x98, 0x8d, 0x01, 0x00, 0x00,
};

// An 8x8 RGB PNG.
constexpr unsigned char kPng[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x08, 0x02, 0x00, 0x00, 0x00, 0x4b, 0x6d, 0x29,
    0xdc, 0x00, 0x00, 0x00, 0xd3, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x01, 0xc8, 0x00, 0x37, 0xff,
    0x00, 0x00, 0x00, 0x00, 0x20, 0x20, 0x20, 0x40, 0x40, 0x40, 0x60, 0x60, 0x60, 0x80, 0x80, 0x80,
    0xa0, 0xa0, 0xa0, 0xc0, 0xc0, 0xc0, 0xe0, 0xe0, 0xe0, 0x00, 0x05, 0x05, 0x05, 0x25, 0x25, 0x25,
    0x45, 0x45, 0x45, 0x65, 0x65, 0x65, 0x85, 0x85, 0x85, 0xa5, 0xa5, 0xa5, 0xc5, 0xc5, 0xc5, 0xe5,
    0xe5, 0xe5, 0x00, 0x0a, 0x0a, 0x0a, 0x2a, 0x2a, 0x2a, 0x4a, 0x4a, 0x4a, 0x6a, 0x6a, 0x6a, 0x8a,
    0x8a, 0x8a, 0xaa, 0xaa, 0xaa, 0xca, 0xca, 0xca, 0xea, 0xea, 0xea, 0x00, 0x0f, 0x0f, 0x0f, 0x2f,
    0x2f, 0x2f, 0x4f, 0x4f, 0x4f, 0x6f, 0x6f, 0x6f, 0x8f, 0x8f, 0x8f, 0xaf, 0xaf, 0xaf, 0xcf, 0xcf,
    0xcf, 0xef, 0xef, 0xef, 0x00, 0x14, 0x14, 0x14, 0x34, 0x34, 0x34, 0x54, 0x54, 0x54, 0x74, 0x74,
    0x74, 0x94, 0x94, 0x94, 0xb4, 0xb4, 0xb4, 0xd4, 0xd4, 0xd4, 0xf4, 0xf4, 0xf4, 0x00, 0x19, 0x19,
    0x19, 0x39, 0x39, 0x39, 0x59, 0x59, 0x59, 0x79, 0x79, 0x79, 0x99, 0x99, 0x99, 0xb9, 0xb9, 0xb9,
    0xd9, 0xd9, 0xd9, 0xf9, 0xf9, 0xf9, 0x00, 0x1e, 0x1e, 0x1e, 0x3e, 0x3e, 0x3e, 0x5e, 0x5e, 0x5e,
    0x7e, 0x7e, 0x7e, 0x9e, 0x9e, 0x9e, 0xbe, 0xbe, 0xbe, 0xde, 0xde, 0xde, 0xfe, 0xfe, 0xfe, 0x00,
    0x23, 0x23, 0x23, 0x43, 0x43, 0x43, 0x63, 0x63, 0x63, 0x83, 0x83, 0x83, 0xa3, 0xa3, 0xa3, 0xc3,
    0xc3, 0xc3, 0xe3, 0xe3, 0xe3, 0x03, 0x03, 0x03, 0x87, 0x16, 0x5e, 0x21, 0x3d, 0x8e, 0x42, 0xa0,
    0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

std::string_view Bytes(const unsigned char* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

bool IsValidUtf8(std::string_view s) {
  return byline::test_oracle::FirstInvalidUtf8(s) == std::string_view::npos;
}

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out.append(s);
  return out;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// A sentence long enough for any main-text heuristic to count it as prose.
constexpr std::string_view kProse =
    "Ironpeak Digital said on Monday that it would spend $310 million on a data center east "
    "of Cedar Falls, the largest private investment in the county's history.";

// ---------------------------------------------------------------------------- not a page

TEST(BadInputTest, EmptyInputGivesEmptyText) {
  Result<Article> a = ExtractHtml("");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->text, "");
  EXPECT_FALSE(a->title.has_value());
  EXPECT_TRUE(a->authors.empty());
  EXPECT_TRUE(a->mentions.empty());
}

TEST(BadInputTest, WhitespaceOnlyInputGivesEmptyText) {
  Result<Article> a = ExtractHtml(" \n\t\r\n  \n");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->text, "");
}

TEST(BadInputTest, PngIsRefusedAsBinary) {
  Result<Article> a = ExtractHtml(Bytes(kPng, sizeof kPng));
  ASSERT_FALSE(a.ok()) << "a PNG was accepted as a page, text: " << a->text;
  EXPECT_EQ(a.status().code(), Status::Code::kInvalidInput) << a.status().ToString();
  EXPECT_FALSE(a.status().message().empty());
}

TEST(BadInputTest, GzipIsRefusedAsBinary) {
  Result<Article> a = ExtractHtml(Bytes(kGzipPage, sizeof kGzipPage));
  ASSERT_FALSE(a.ok()) << "gzip bytes were accepted as a page, text: " << a->text;
  EXPECT_EQ(a.status().code(), Status::Code::kInvalidInput) << a.status().ToString();
}

TEST(BadInputTest, LargeRandomBinaryIsRefused) {
  // 1 MiB of xorshift noise: every byte value, NULs and controls included.
  std::string noise(size_t{1} << 20, '\0');
  uint64_t x = 0x9E3779B97F4A7C15u;
  for (char& c : noise) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = static_cast<char>(x >> 56);
  }
  Result<Article> a = ExtractHtml(noise);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), Status::Code::kInvalidInput) << a.status().ToString();
}

TEST(BadInputTest, PlainTextThatIsNotHtmlIsKept) {
  const std::string text =
      "Quillfeather raised $85 million in a Series C round led by Harbourline Ventures, the "
      "company said on Tuesday, valuing it at roughly $900 million.\n\n"
      "Chief executive Priya Natarajan said the money would pay for an expansion into the "
      "United States and Germany, where it has pilot agreements with three carriers.\n";
  Result<Article> a = ExtractHtml(text);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(a->text.find("Quillfeather raised $85 million in a Series C round led by "
                         "Harbourline Ventures, the company said on Tuesday, valuing it at "
                         "roughly $900 million."),
            std::string::npos)
      << a->text;
  EXPECT_NE(a->text.find("where it has pilot agreements with three carriers."), std::string::npos)
      << a->text;
}

// ---------------------------------------------------------------------------- bad bytes

TEST(BadInputTest, InvalidUtf8InDeclaredUtf8PageIsReplaced) {
  const std::string page =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Caf\xC3\xA9 \xE2\x82\xAC"
      "</title></head><body><article><p>The caf\xC3\xA9 chain will spend \xE2\x82\xAC"
      "14 "
      "million on an app, a stray byte \xFF here and a cut sequence \xE2\x82 there, and an "
      "overlong slash \xC0\xAF too, according to the company.</p><p>" +
      std::string(kProse) + "</p></article></body></html>";
  Result<Article> a = ExtractHtml(page);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_TRUE(IsValidUtf8(a->text)) << a->text;
  EXPECT_NE(a->text.find(kReplacement), std::string::npos) << "no U+FFFD in: " << a->text;
  EXPECT_NE(a->text.find("The caf\xC3\xA9 chain will spend \xE2\x82\xAC"
                         "14 million"),
            std::string::npos)
      << "valid UTF-8 around the bad bytes was not kept: " << a->text;
  EXPECT_NE(a->text.find("according to the company."), std::string::npos) << a->text;
  EXPECT_NE(a->text.find(kProse), std::string::npos) << a->text;
  if (a->title) {
    EXPECT_TRUE(IsValidUtf8(*a->title));
  }
}

TEST(BadInputTest, MostlyUtf8PageWithoutDeclarationStaysUtf8) {
  // Plenty of valid multi-byte sequences and one bad byte: the page is UTF-8 with a flaw, not
  // windows-1252 (which would turn every "é" into "Ã©").
  std::string body;
  for (int i = 0; i < 20; ++i) {
    body +=
        "<p>Maison L\xC3\xA9v\xC3\xAAque, the caf\xC3\xA9 chain, said its \xE2\x80\x9C"
        "cr\xC3\xA8me\xE2\x80\x9D sales rose to \xE2\x82\xAC"
        "6.3 million in quarter " +
        std::to_string(i) + ", the company\xE2\x80\x99s best result so far.</p>\n";
  }
  const std::string page =
      "<html><head><title>Maison L\xC3\xA9v\xC3\xAAque</title></head>"
      "<body><article>" +
      body +
      "<p>One broken byte \xFF sits in this closing sentence about the "
      "chain's plans for 2025.</p></article></body></html>";
  Result<Article> a = ExtractHtml(page);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_TRUE(IsValidUtf8(a->text));
  EXPECT_NE(a->text.find("Maison L\xC3\xA9v\xC3\xAAque, the caf\xC3\xA9 chain"), std::string::npos)
      << "decoded as " << a->charset << ": " << a->text.substr(0, 300);
  EXPECT_NE(a->text.find("One broken byte " + std::string(kReplacement) + " sits"),
            std::string::npos)
      << "decoded as " << a->charset;
}

TEST(BadInputTest, NulBytesInsideTextAreDroppedNotFatal) {
  // A stray NUL or two in a page (a bad CMS export) is not binary data.
  std::string page =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Filing</title></head><body>"
      "<article><p>The quarterly filing";
  page.push_back('\0');
  page +=
      " showed revenue of $4.1 billion, up 12 percent from a year earlier, as demand for "
      "the company's networking chips recovered.";
  page.push_back('\0');
  page += "</p><p>" + std::string(kProse) + "</p></article></body></html>";
  Result<Article> a = ExtractHtml(page);
  ASSERT_TRUE(a.ok()) << "a page with two NUL bytes was refused: " << a.status().ToString();
  EXPECT_EQ(a->text.find('\0'), std::string::npos) << "NUL byte in the text";
  EXPECT_NE(a->text.find("The quarterly filing"), std::string::npos) << a->text;
  EXPECT_NE(a->text.find("showed revenue of $4.1 billion"), std::string::npos) << a->text;
  EXPECT_NE(a->text.find(kProse), std::string::npos) << a->text;
  EXPECT_TRUE(IsValidUtf8(a->text));
}

TEST(BadInputTest, NulBytesFarIntoThePageAreDroppedNotFatal) {
  std::string page =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Filing</title>"
      "</head><body><article>" +
      Repeat("<p>" + std::string(kProse) + "</p>\n", 40) + "<p>Late ";
  page.push_back('\0');
  page +=
      "NUL in the last paragraph, which reports a $12 million charge for the quarter.</p>"
      "</article></body></html>";
  Result<Article> a = ExtractHtml(page);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->text.find('\0'), std::string::npos) << "NUL byte in the text";
  EXPECT_NE(a->text.find("which reports a $12 million charge for the quarter."), std::string::npos);
}

// ---------------------------------------------------------------------------- pathological

// Text deep in pathological nesting is article text like any other: flattening the structure
// must not lose it. (Nothing outside the nesting competes with it for the main-text choice.)
TEST(BadInputTest, HundredThousandNestedDivsKeepText) {
  const size_t n = 100'000;
  const std::string page = "<html><body>" + Repeat("<div>", n) + "<p>" + std::string(kProse) +
                           "</p><p>The innermost div also says that Halvorsen paid $2.4 billion "
                           "in cash and stock for Brightwave Labs, its largest deal.</p>" +
                           Repeat("</div>", n) + "</body></html>";
  Result<Article> a = ExtractHtml(page);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(a->text.find(kProse), std::string::npos) << a->text.substr(0, 500);
  EXPECT_NE(a->text.find("The innermost div also says that Halvorsen paid $2.4 billion in cash "
                         "and stock for Brightwave Labs, its largest deal."),
            std::string::npos)
      << a->text.substr(0, 500);
  EXPECT_TRUE(IsValidUtf8(a->text));
}

TEST(BadInputTest, HundredThousandNestedDivsUnclosedKeepText) {
  // Prose at several depths past any sensible cap, and the file ends with every div open.
  const size_t n = 100'000;
  std::string page = "<html><body>";
  for (size_t i = 0; i < n; ++i) {
    page += "<div>";
    if (i == 1'000 || i == 50'000 || i == n - 1) {
      page += "<p>At depth " + std::to_string(i) + ", " + std::string(kProse) + "</p>";
    }
  }
  Result<Article> a = ExtractHtml(page);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  for (size_t depth : {size_t{1'000}, size_t{50'000}, n - 1}) {
    EXPECT_NE(a->text.find("At depth " + std::to_string(depth) + ", " + std::string(kProse)),
              std::string::npos)
        << "depth " << depth << " lost; text: " << a->text.substr(0, 500);
  }
}

TEST(BadInputTest, HundredThousandBoldTagsKeepText) {
  const size_t n = 100'000;
  const std::string page = "<html><body><article><p>" + Repeat("<b>", n) + std::string(kProse) +
                           "</p><p>After the bold run, Brightwave reported revenue of $42 "
                           "million and a loss for the year.</p></article></body></html>";
  Result<Article> a = ExtractHtml(page);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(a->text.find(kProse), std::string::npos) << a->text.substr(0, 500);
  EXPECT_NE(a->text.find("After the bold run, Brightwave reported revenue of $42 million"),
            std::string::npos)
      << a->text.substr(0, 500);
}

TEST(BadInputTest, HundredThousandClosedBoldTagsKeepText) {
  const size_t n = 100'000;
  const std::string page = "<html><body><p>Start. " + Repeat("<b>", n) + std::string(kProse) +
                           Repeat("</b>", n) + " End of the paragraph.</p></body></html>";
  Result<Article> a = ExtractHtml(page);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(a->text.find(kProse), std::string::npos) << a->text.substr(0, 500);
  EXPECT_NE(a->text.find("End of the paragraph."), std::string::npos);
}

TEST(BadInputTest, HundredThousandNestedTablesKeepText) {
  const size_t n = 100'000;
  const std::string page = "<html><body>" + Repeat("<table><tr><td>", n) + std::string(kProse) +
                           " The innermost cell ends here." + "</body></html>";
  Result<Article> a = ExtractHtml(page);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(a->text.find(kProse), std::string::npos) << a->text.substr(0, 500);
  EXPECT_NE(a->text.find("The innermost cell ends here."), std::string::npos);
}

TEST(BadInputTest, MillionUnclosedParagraphsFinish) {
  // Every tenth paragraph has a line of text; the page ends with one of prose, unclosed too.
  const size_t n = 1'000'000;
  std::string page = "<html><body>";
  page.reserve(n * 5);
  for (size_t i = 0; i < n; ++i) {
    page += "<p>";
    if (i % 10 == 0) page += "Item " + std::to_string(i) + ".";
  }
  page += "<p>";
  page += kProse;
  const auto start = Clock::now();
  Result<Article> a = ExtractHtml(page);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(a->text.find(kProse), std::string::npos) << a->text.substr(0, 300);
  EXPECT_TRUE(IsValidUtf8(a->text));
  // Far more than it takes (about a second); catches quadratic behaviour, not slowness.
  EXPECT_LT(seconds, 60.0);
}

TEST(BadInputTest, HugeAttributeValueIsHarmless) {
  const std::string page = "<html><body><article><div data-state=\"" +
                           std::string(size_t{8} << 20, 'x') + "\" title=\"" +
                           std::string(size_t{1} << 20, 'y') + "\"><p>" + std::string(kProse) +
                           "</p></div></article></body></html>";
  Result<Article> a = ExtractHtml(page);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(a->text.find(kProse), std::string::npos);
  EXPECT_EQ(a->text.find("xxxxxxxx"), std::string::npos) << "attribute value leaked into text";
  EXPECT_EQ(a->text.find("yyyyyyyy"), std::string::npos) << "attribute value leaked into text";
}

TEST(BadInputTest, UnterminatedAttributeValueDoesNotHang) {
  const std::string page = "<html><body><p>" + std::string(kProse) + "</p><a href=\"" +
                           std::string(size_t{2} << 20, 'z');
  Result<Article> a = ExtractHtml(page);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(a->text.find(kProse), std::string::npos);
  EXPECT_EQ(a->text.find("zzzzzzzz"), std::string::npos);
}

// ---------------------------------------------------------------------------- malformed

TEST(BadInputTest, HtmlTruncatedMidTagKeepsTextBefore) {
  const std::string page =
      "<!DOCTYPE html><html><head><title>Truncated</title></head><body><article><p>" +
      std::string(kProse) +
      "</p><p>The second paragraph was complete when the download stopped, the company "
      "said.</p><p>This one is cut <a href=\"https://www.circuitledger.exa";
  Result<Article> a = ExtractHtml(page);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(a->text.find(kProse), std::string::npos) << a->text;
  EXPECT_NE(a->text.find("The second paragraph was complete when the download stopped, the "
                         "company said."),
            std::string::npos)
      << a->text;
  EXPECT_EQ(a->text.find("circuitledger"), std::string::npos) << "tag text leaked: " << a->text;
  EXPECT_EQ(a->text.find("href"), std::string::npos) << "tag text leaked: " << a->text;
}

TEST(BadInputTest, HtmlTruncatedInsideCommentAndScript) {
  for (const char* tail : {"<!-- the rest of the page was lost", "<script>var x = \"<p>",
                           "<style>p { color: red", "<p class=\"unterminated"}) {
    const std::string page = "<html><body><p>" + std::string(kProse) + "</p>" + tail;
    Result<Article> a = ExtractHtml(page);
    ASSERT_TRUE(a.ok()) << tail << ": " << a.status().ToString();
    EXPECT_NE(a->text.find(kProse), std::string::npos) << tail << ": " << a->text;
    EXPECT_EQ(a->text.find("var x"), std::string::npos) << "script text leaked: " << a->text;
    EXPECT_EQ(a->text.find("color: red"), std::string::npos) << "style text leaked: " << a->text;
    EXPECT_EQ(a->text.find("the rest of the page"), std::string::npos)
        << "comment text leaked: " << a->text;
  }
}

TEST(BadInputTest, MismatchedAndUnclosedTagsKeepText) {
  const std::string page =
      "<html><body><div class=\"story\"><p>Brightwave, <b>founded <i>in 2019</b> by former</i> "
      "MIT researchers, builds chips that move data using light.</span></p></section>"
      "<p>It reported revenue of <em>$42 million</strong> last year</p></em></div></div></div>"
      "<ul><li>First point about the $2.4 billion deal<li>Second point about regulators</ul>"
      "<p>" +
      std::string(kProse) +
      "</body></html></html><p>After the end tags, a closing "
      "sentence about the deal's expected completion in the third quarter.";
  Result<Article> a = ExtractHtml(page);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(a->text.find("Brightwave, founded in 2019 by former MIT researchers, builds chips "
                         "that move data using light."),
            std::string::npos)
      << a->text;
  EXPECT_NE(a->text.find("It reported revenue of $42 million last year"), std::string::npos)
      << a->text;
  EXPECT_NE(a->text.find(kProse), std::string::npos) << a->text;
  EXPECT_NE(a->text.find("a closing sentence about the deal's expected completion in the third "
                         "quarter."),
            std::string::npos)
      << a->text;
  EXPECT_TRUE(IsValidUtf8(a->text));
}

// ---------------------------------------------------------------------------- size limits

// A page of exactly `size` bytes: an article of paragraphs of `sentences_per_paragraph`
// sentences each (few long paragraphs keep the node count, and so memory, down on big pages).
std::string PageOfSize(size_t size, size_t sentences_per_paragraph = 1) {
  std::string page = "<html><body><article>";
  const std::string para =
      "<p>" + Repeat(std::string(kProse) + " ", sentences_per_paragraph) + "</p>\n";
  page.reserve(size + para.size());
  while (page.size() + para.size() + 24 < size) page += para;
  page += "</article></body></html>";
  page.resize(size, ' ');
  return page;
}

TEST(BadInputTest, InputOverMaxInputBytesIsRefused) {
  const std::string page = PageOfSize(20'000);
  ExtractOptions options;
  options.max_input_bytes = 10'000;
  Result<Article> a = ExtractHtml(page, options);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), Status::Code::kPolicy) << a.status().ToString();
  // One byte over is over; exactly at the limit is fine.
  options.max_input_bytes = page.size() - 1;
  EXPECT_EQ(ExtractHtml(page, options).status().code(), Status::Code::kPolicy);
  options.max_input_bytes = page.size();
  Result<Article> at_limit = ExtractHtml(page, options);
  ASSERT_TRUE(at_limit.ok()) << at_limit.status().ToString();
  EXPECT_NE(at_limit->text.find(kProse), std::string::npos);
}

TEST(BadInputTest, PlainTextOverMaxInputBytesIsRefused) {
  ExtractOptions options;
  options.max_input_bytes = 100;
  Result<Article> a = ExtractPlainText(std::string(101, 'a'), options);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), Status::Code::kPolicy) << a.status().ToString();
}

TEST(BadInputTest, HundredMegabytePageIsRefusedQuicklyAtDefaultLimit) {
  // Above the default 32 MiB limit: must be refused before any decoding or parsing.
  const std::string page = PageOfSize(size_t{100} << 20);
  const auto start = Clock::now();
  Result<Article> a = ExtractHtml(page);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), Status::Code::kPolicy) << a.status().ToString();
  EXPECT_LT(seconds, 0.5) << "refusing took long enough to have parsed the page";
}

TEST(BadInputTest, PageAboveDefaultLimitIsAcceptedWithRaisedLimit) {
  const size_t size = (size_t{32} << 20) + 4096;  // just past the default limit
  const std::string page = PageOfSize(size, 2000);
  EXPECT_EQ(ExtractHtml(page).status().code(), Status::Code::kPolicy);
  ExtractOptions options;
  options.max_input_bytes = size_t{64} << 20;
  Result<Article> a = ExtractHtml(page, options);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(a->text.find(kProse), std::string::npos);
  EXPECT_GT(a->text.size(), size_t{16} << 20) << "most of the page's text went missing";
}

}  // namespace
}  // namespace byline::extract
