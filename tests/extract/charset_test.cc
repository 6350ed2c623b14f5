#include "extract/charset.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <ostream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace byline::extract {
namespace {

// Keeps embedded NULs, which a plain const char* conversion would cut at.
template <size_t N>
std::string Bytes(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

std::string ReadFixture(const std::string& name) {
  const std::string path = std::string(BYLINE_FIXTURES_DIR) + "/charset/" + name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// Encodes UTF-16 code units as bytes, optionally behind a BOM.
std::string Utf16Bytes(std::u16string_view text, bool little_endian, bool bom) {
  std::string out;
  auto put = [&](char16_t unit) {
    const char lo = static_cast<char>(unit & 0xFF);
    const char hi = static_cast<char>(unit >> 8);
    out.push_back(little_endian ? lo : hi);
    out.push_back(little_endian ? hi : lo);
  };
  if (bom) put(u'\uFEFF');
  for (char16_t unit : text) put(unit);
  return out;
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool AnyWarningContains(const std::vector<std::string>& warnings, std::string_view needle) {
  for (const std::string& warning : warnings) {
    if (Contains(warning, needle)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// SniffMetaCharset

struct SniffCase {
  const char* name;
  std::string html;
  std::string expected;
};

// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const SniffCase& c, std::ostream* os) { *os << c.name; }

class CharsetSniffTest : public testing::TestWithParam<SniffCase> {};

TEST_P(CharsetSniffTest, FindsDeclaration) {
  EXPECT_EQ(SniffMetaCharset(GetParam().html), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Charset, CharsetSniffTest,
    testing::Values(
        SniffCase{"DoubleQuoted", R"(<head><meta charset="utf-8"></head>)", "utf-8"},
        SniffCase{"UpperCaseBare", "<HEAD><META CHARSET=Shift_JIS></HEAD>", "shift_jis"},
        SniffCase{"SingleQuotedSelfClosing", "<meta charset='ISO-8859-2' />", "iso-8859-2"},
        SniffCase{"SpacesAroundValue", "<meta\ncharset = \" windows-1251 \"\n>", "windows-1251"},
        SniffCase{"HttpEquiv",
                  R"(<meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">)",
                  "euc-jp"},
        SniffCase{"HttpEquivReversedQuotedCharset",
                  R"(<meta content='text/html;charset="gbk"' http-equiv=content-type>)", "gbk"},
        SniffCase{"HttpEquivSpacesAroundEquals",
                  R"(<meta http-equiv="content-type" content="text/html; CHARSET = koi8-r">)",
                  "koi8-r"},
        SniffCase{"HttpEquivWithoutCharset",
                  R"(<meta http-equiv="Content-Type" content="text/html">)", ""},
        SniffCase{"ContentWithoutHttpEquiv", R"(<meta name="x" content="charset=koi8-r">)", ""},
        SniffCase{"EmptyCharsetThenRealOne", R"(<meta charset=""><meta charset="big5">)", "big5"},
        SniffCase{"CommentSkipped", R"(<!-- <meta charset="koi8-r"> --><meta charset="utf-8">)",
                  "utf-8"},
        SniffCase{"ScriptSkipped",
                  R"(<script>var s = '<meta charset="koi8-r">';</script><meta charset=big5>)",
                  "big5"},
        SniffCase{"QuotedGreaterThanInOtherTag",
                  R"(<link title="a>b <meta charset=koi8-r>"><meta charset="utf-8">)", "utf-8"},
        SniffCase{"StopsAtBody", R"(<head></head><body><meta charset="utf-8">)", ""},
        SniffCase{"NoDeclaration", "<html><head><title>x</title></head></html>", ""}),
    [](const testing::TestParamInfo<SniffCase>& info) { return info.param.name; });

TEST(CharsetSniffLateTest, FindsDeclarationAfterFirstKilobyte) {
  const std::string page = ReadFixture("late_meta_windows1252.html");
  // The fixture's point: browsers' 1024-byte prescan would miss this declaration.
  ASSERT_GT(page.find("<META CHARSET"), 2048u);
  EXPECT_EQ(SniffMetaCharset(page), "windows-1252");
}

TEST(CharsetSniffLateTest, FindsDeclarationAfterLongHeadButNotPastTheCap) {
  const std::string filler = "<link rel=\"x\" href=\"/a\">\n";
  std::string near_head = "<html><head>";
  while (near_head.size() < (size_t{300} << 10)) near_head += filler;
  EXPECT_EQ(SniffMetaCharset(near_head + "<meta charset=\"koi8-r\">"), "koi8-r");

  std::string far_head = "<html><head>";
  while (far_head.size() < (size_t{600} << 10)) far_head += filler;
  EXPECT_EQ(SniffMetaCharset(far_head + "<meta charset=\"koi8-r\">"), "");
}

// ---------------------------------------------------------------------------------------------
// DecodeHtml: order of authority

struct BomCase {
  const char* name;
  std::string bytes;
  std::string charset;
};

void PrintTo(const BomCase& c, std::ostream* os) { *os << c.name; }

class CharsetBomTest : public testing::TestWithParam<BomCase> {};

TEST_P(CharsetBomTest, DecodesAndStripsBom) {
  std::vector<std::string> warnings;
  // The HTTP charset and the meta both say otherwise; the BOM wins.
  const DecodedHtml decoded = DecodeHtml(GetParam().bytes, "iso-8859-2", &warnings);
  EXPECT_EQ(decoded.utf8, "<meta charset=\"koi8-r\"><p>caf\u00e9 \u20ac \u65e5\u672c</p>");
  EXPECT_EQ(decoded.charset, GetParam().charset);
  EXPECT_EQ(decoded.source, "bom");
  EXPECT_TRUE(warnings.empty());
}

const std::u16string kBomText = u"<meta charset=\"koi8-r\"><p>caf\u00e9 \u20ac \u65e5\u672c</p>";

INSTANTIATE_TEST_SUITE_P(
    Charset, CharsetBomTest,
    testing::Values(
        BomCase{"Utf8", "\xEF\xBB\xBF<meta charset=\"koi8-r\"><p>caf\u00e9 \u20ac \u65e5\u672c</p>",
                "UTF-8"},
        BomCase{"Utf16LE", Utf16Bytes(kBomText, /*little_endian=*/true, /*bom=*/true), "UTF-16LE"},
        BomCase{"Utf16BE", Utf16Bytes(kBomText, /*little_endian=*/false, /*bom=*/true),
                "UTF-16BE"}),
    [](const testing::TestParamInfo<BomCase>& info) { return info.param.name; });

TEST(CharsetDecodeTest, HttpCharsetBeatsMeta) {
  // 0xE8 is è in windows-1252 and č in ISO-8859-2.
  const std::string page = "<meta charset=\"iso-8859-2\"><p>\xE8</p>";
  const DecodedHtml decoded = DecodeHtml(page, "windows-1252", nullptr);
  EXPECT_EQ(decoded.charset, "windows-1252");
  EXPECT_EQ(decoded.source, "http");
  EXPECT_EQ(decoded.utf8, "<meta charset=\"iso-8859-2\"><p>\u00e8</p>");
}

TEST(CharsetDecodeTest, MetaUsedWithoutHttpCharset) {
  const std::string page = "<meta charset=\"iso-8859-2\"><p>\xE8</p>";
  const DecodedHtml decoded = DecodeHtml(page, "", nullptr);
  EXPECT_EQ(decoded.charset, "ISO-8859-2");
  EXPECT_EQ(decoded.source, "meta");
  EXPECT_EQ(decoded.utf8, "<meta charset=\"iso-8859-2\"><p>\u010d</p>");
}

TEST(CharsetDecodeTest, HttpEquivMeta) {
  const std::string page =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
      "</head><body><p>\xCF\xF0\xE8\xE2\xE5\xF2</p></body></html>";
  std::vector<std::string> warnings;
  const DecodedHtml decoded = DecodeHtml(page, "", &warnings);
  EXPECT_EQ(decoded.charset, "windows-1251");
  EXPECT_EQ(decoded.source, "meta");
  EXPECT_TRUE(Contains(decoded.utf8, "<p>\u041f\u0440\u0438\u0432\u0435\u0442</p>"))
      << decoded.utf8;
  EXPECT_TRUE(warnings.empty()) << warnings.front();
}

TEST(CharsetDecodeTest, CharsetWithUnassignedBytesWarnsOnlyAboutBytesPresent) {
  // ISO-8859-8 leaves 37 byte values unassigned; only the one in the page is reported.
  std::vector<std::string> warnings;
  const DecodedHtml decoded = DecodeHtml("<p>\xF9\xEC\xE5\xED \xA1</p>", "iso-8859-8", &warnings);
  EXPECT_EQ(decoded.charset, "ISO-8859-8");
  EXPECT_EQ(decoded.utf8, "<p>\u05e9\u05dc\u05d5\u05dd \uFFFD</p>");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(Contains(warnings[0], "1 invalid byte sequence")) << warnings[0];
}

TEST(CharsetDecodeTest, LateMetaFixture) {
  std::vector<std::string> warnings;
  const DecodedHtml decoded = DecodeHtml(ReadFixture("late_meta_windows1252.html"), "", &warnings);
  EXPECT_EQ(decoded.charset, "windows-1252");
  EXPECT_EQ(decoded.source, "meta");
  EXPECT_TRUE(Contains(decoded.utf8, "<title>Vacances \u00e0 la mer</title>"));
  EXPECT_TRUE(Contains(decoded.utf8, "3\u00a0\u20ac et la cr\u00e8me br\u00fbl\u00e9e"));
  EXPECT_TRUE(Contains(decoded.utf8, "\u201c\u00c7a suffit\u201d"));
  EXPECT_TRUE(warnings.empty());
}

TEST(CharsetDecodeTest, Windows1252PunctuationAndEuro) {
  const std::string page = "<meta charset=windows-1252><p>\x93Hi\x94 \x80 5 caf\xE9</p>";
  const DecodedHtml decoded = DecodeHtml(page, "", nullptr);
  EXPECT_EQ(decoded.utf8, "<meta charset=windows-1252><p>\u201cHi\u201d \u20ac 5 caf\u00e9</p>");
  EXPECT_EQ(decoded.charset, "windows-1252");
}

// WHATWG label rules: these decode with a different (superset) charset than the label names.
struct LabelCase {
  const char* name;
  std::string label;
  std::string body_bytes;  // inside <p>
  std::string charset;
  std::string body_utf8;
};

void PrintTo(const LabelCase& c, std::ostream* os) { *os << c.name; }

class CharsetLabelTest : public testing::TestWithParam<LabelCase> {};

TEST_P(CharsetLabelTest, MetaLabel) {
  const LabelCase& c = GetParam();
  const DecodedHtml decoded =
      DecodeHtml("<meta charset=\"" + c.label + "\"><p>" + c.body_bytes + "</p>", "", nullptr);
  EXPECT_EQ(decoded.charset, c.charset);
  EXPECT_EQ(decoded.source, "meta");
  EXPECT_TRUE(Contains(decoded.utf8, "<p>" + c.body_utf8 + "</p>")) << decoded.utf8;
}

TEST_P(CharsetLabelTest, HttpLabel) {
  const LabelCase& c = GetParam();
  const DecodedHtml decoded = DecodeHtml("<p>" + c.body_bytes + "</p>", c.label, nullptr);
  EXPECT_EQ(decoded.charset, c.charset);
  EXPECT_EQ(decoded.source, "http");
  EXPECT_EQ(decoded.utf8, "<p>" + c.body_utf8 + "</p>");
}

const std::string kCurly = "\x80 \x93x\x94";
const std::string kCurlyUtf8 = "\u20ac \u201cx\u201d";
const std::string kNihongoSjis = "\x93\xFA\x96\x7B\x8C\xEA";  // 日本語
const std::string kZhongwenGbk = "\xD6\xD0\xCE\xC4";          // 中文

INSTANTIATE_TEST_SUITE_P(
    Charset, CharsetLabelTest,
    testing::Values(
        LabelCase{"Iso88591", "iso-8859-1", kCurly, "windows-1252", kCurlyUtf8},
        LabelCase{"Latin1", "latin1", kCurly, "windows-1252", kCurlyUtf8},
        LabelCase{"UsAscii", "us-ascii", kCurly, "windows-1252", kCurlyUtf8},
        LabelCase{"Ascii", "ASCII", kCurly, "windows-1252", kCurlyUtf8},
        LabelCase{"IsoUnderscore", "ISO_8859-1", kCurly, "windows-1252", kCurlyUtf8},
        LabelCase{"Gb2312", "gb2312", kZhongwenGbk, "GBK", "\u4e2d\u6587"},
        LabelCase{"Gbk", "GBK", kZhongwenGbk, "GBK", "\u4e2d\u6587"},
        LabelCase{"XSjis", "x-sjis", kNihongoSjis, "Shift_JIS", "\u65e5\u672c\u8a9e"},
        LabelCase{"ShiftDashJis", "shift-jis", kNihongoSjis, "Shift_JIS", "\u65e5\u672c\u8a9e"},
        LabelCase{"Sjis", "sjis", kNihongoSjis, "Shift_JIS", "\u65e5\u672c\u8a9e"},
        LabelCase{"ShiftJis", "Shift_JIS", kNihongoSjis, "Shift_JIS", "\u65e5\u672c\u8a9e"},
        LabelCase{"EucKr", "euc-kr", "\xC7\xD1\xB1\xB9", "EUC-KR", "\ud55c\uad6d"},
        LabelCase{"Koi8r", "koi8-r", "\xF0\xD2\xC9\xD7\xC5\xD4", "KOI8-R",
                  "\u041f\u0440\u0438\u0432\u0435\u0442"}),
    [](const testing::TestParamInfo<LabelCase>& info) { return info.param.name; });

TEST(CharsetDecodeTest, ShiftJisFixture) {
  std::vector<std::string> warnings;
  const DecodedHtml decoded = DecodeHtml(ReadFixture("shift_jis.html"), "", &warnings);
  EXPECT_EQ(decoded.charset, "Shift_JIS");
  EXPECT_EQ(decoded.source, "meta");
  EXPECT_TRUE(Contains(decoded.utf8, "<title>\u6771\u4eac\u306e\u6563\u6b69</title>"));
  EXPECT_TRUE(
      Contains(decoded.utf8, "\u6771\u4eac\u306f\u65e5\u672c\u306e\u9996\u90fd\u3067\u3059\u3002"));
  EXPECT_TRUE(warnings.empty());
}

TEST(CharsetDecodeTest, UndeclaredShiftJisIsDetected) {
  const DecodedHtml decoded = DecodeHtml(ReadFixture("shift_jis_undeclared.html"), "", nullptr);
  EXPECT_EQ(decoded.charset, "Shift_JIS");
  EXPECT_EQ(decoded.source, "detector");
  EXPECT_TRUE(Contains(decoded.utf8, "\u685c\u306e\u82b1"));  // 桜の花
}

TEST(CharsetDecodeTest, UndeclaredWindows1252IsDetected) {
  std::vector<std::string> warnings;
  const DecodedHtml decoded = DecodeHtml(ReadFixture("undeclared_windows1252.html"), "", &warnings);
  EXPECT_EQ(decoded.charset, "windows-1252");
  EXPECT_EQ(decoded.source, "detector");
  EXPECT_TRUE(Contains(decoded.utf8, "L\u2019\u00e9t\u00e9 dernier"));
  EXPECT_TRUE(Contains(decoded.utf8, "fran\u00e7ais. O\u00f9 est la biblioth\u00e8que"));
  EXPECT_FALSE(Contains(decoded.utf8, "\uFFFD"));
  EXPECT_TRUE(warnings.empty());
}

TEST(CharsetDecodeTest, InvalidSingleByteInShiftJisBecomesReplacementChar) {
  // ICU's default callback would write U+001A for a lone bad byte in Shift_JIS.
  std::vector<std::string> warnings;
  const DecodedHtml decoded = DecodeHtml("<p>\x93\xFA\xA0x</p>", "shift_jis", &warnings);
  EXPECT_EQ(decoded.utf8, "<p>\u65e5\uFFFDx</p>");
  EXPECT_TRUE(AnyWarningContains(warnings, "1 invalid byte sequence"));
}

TEST(CharsetDecodeTest, MetaUtf16OnAsciiBytesMeansUtf8) {
  const DecodedHtml decoded = DecodeHtml("<meta charset=\"utf-16\"><p>caf\u00e9</p>", "", nullptr);
  EXPECT_EQ(decoded.charset, "UTF-8");
  EXPECT_EQ(decoded.source, "meta");
  EXPECT_EQ(decoded.utf8, "<meta charset=\"utf-16\"><p>caf\u00e9</p>");
}

TEST(CharsetDecodeTest, HttpUtf16WithoutNulsIsIgnored) {
  std::vector<std::string> warnings;
  const DecodedHtml decoded = DecodeHtml("<p>caf\u00e9</p>", "utf-16", &warnings);
  EXPECT_EQ(decoded.charset, "UTF-8");
  EXPECT_EQ(decoded.source, "utf8-valid");
  EXPECT_EQ(decoded.utf8, "<p>caf\u00e9</p>");
  EXPECT_FALSE(warnings.empty());
}

TEST(CharsetDecodeTest, HttpUtf16WithNulsIsUtf16LE) {
  const std::string page = Utf16Bytes(u"<p>caf\u00e9</p>", /*little_endian=*/true, false);
  const DecodedHtml decoded = DecodeHtml(page, "utf-16", nullptr);
  EXPECT_EQ(decoded.charset, "UTF-16LE");
  EXPECT_EQ(decoded.source, "http");
  EXPECT_EQ(decoded.utf8, "<p>caf\u00e9</p>");
}

TEST(CharsetDecodeTest, BomlessUtf16IsDetected) {
  const std::u16string text = u"<html><body><p>Gr\u00fc\u00dfe aus K\u00f6ln, \u65e5\u672c</p>";
  for (bool little_endian : {true, false}) {
    const DecodedHtml decoded = DecodeHtml(Utf16Bytes(text, little_endian, false), "", nullptr);
    EXPECT_EQ(decoded.charset, little_endian ? "UTF-16LE" : "UTF-16BE");
    EXPECT_EQ(decoded.source, "detector");
    EXPECT_EQ(decoded.utf8, "<html><body><p>Gr\u00fc\u00dfe aus K\u00f6ln, \u65e5\u672c</p>");
  }
}

TEST(CharsetDecodeTest, DeclaredLatinButValidUtf8PrefersUtf8) {
  for (const char* http : {"", "iso-8859-1"}) {
    std::vector<std::string> warnings;
    const DecodedHtml decoded = DecodeHtml(
        "<meta charset=\"windows-1252\"><p>caf\u00e9 \u2013 na\u00efve</p>", http, &warnings);
    EXPECT_EQ(decoded.charset, "UTF-8") << http;
    EXPECT_EQ(decoded.source, "utf8-valid") << http;
    EXPECT_EQ(decoded.utf8, "<meta charset=\"windows-1252\"><p>caf\u00e9 \u2013 na\u00efve</p>");
    EXPECT_TRUE(AnyWarningContains(warnings, "valid UTF-8")) << http;
  }
}

TEST(CharsetDecodeTest, DeclaredLatinOnAsciiKeepsDeclaration) {
  const DecodedHtml decoded = DecodeHtml("<meta charset=\"windows-1252\"><p>cafe</p>", "", nullptr);
  EXPECT_EQ(decoded.charset, "windows-1252");
  EXPECT_EQ(decoded.source, "meta");
}

TEST(CharsetDecodeTest, DeclaredMultiByteCharsetIsKeptEvenIfBytesAreValidUtf8) {
  // Only Latin single-byte labels are second-guessed.
  const DecodedHtml decoded = DecodeHtml("<p>\xC3\xA9</p>", "shift_jis", nullptr);
  EXPECT_EQ(decoded.charset, "Shift_JIS");
  EXPECT_EQ(decoded.source, "http");
}

TEST(CharsetDecodeTest, DeclaredUtf8WithInvalidBytesIsScrubbed) {
  std::vector<std::string> warnings;
  const DecodedHtml decoded =
      DecodeHtml("<meta charset=\"utf-8\"><p>caf\xE9 \xC3\xA9t\xC3\xA9</p>", "", &warnings);
  EXPECT_EQ(decoded.charset, "UTF-8");
  EXPECT_EQ(decoded.source, "meta");
  EXPECT_EQ(decoded.utf8, "<meta charset=\"utf-8\"><p>caf\uFFFD \u00e9t\u00e9</p>");
  EXPECT_TRUE(AnyWarningContains(warnings, "1 invalid byte sequence")) << warnings.size();
}

TEST(CharsetDecodeTest, UnknownCharsetWarnsAndFallsThrough) {
  std::vector<std::string> warnings;
  const DecodedHtml decoded =
      DecodeHtml("<meta charset=\"x-no-such-charset\"><p>\u00e9</p>", "bogus", &warnings);
  EXPECT_EQ(decoded.charset, "UTF-8");
  EXPECT_EQ(decoded.source, "utf8-valid");
  EXPECT_TRUE(AnyWarningContains(warnings, "x-no-such-charset"));
  EXPECT_TRUE(AnyWarningContains(warnings, "bogus"));
}

TEST(CharsetDecodeTest, AsciiCompatibilityIsRequired) {
  // EBCDIC and UTF-7 cannot be what a page whose <meta> we read as ASCII is written in.
  for (const char* label : {"ibm037", "utf-7", "utf-32"}) {
    std::vector<std::string> warnings;
    const DecodedHtml decoded =
        DecodeHtml(std::string("<meta charset=\"") + label + "\"><p>x</p>", "", &warnings);
    EXPECT_EQ(decoded.charset, "UTF-8") << label;
    EXPECT_TRUE(AnyWarningContains(warnings, label)) << label;
  }
}

TEST(CharsetDecodeTest, ValidUtf8StaysUtf8) {
  const std::string page =
      "<p>\u00c5ngstr\u00f6m \u03b1\u03b2\u03b3 \u043c\u0438\u0440 "
      "\u4e2d\u6587 \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \U0001F600</p>";
  std::vector<std::string> warnings;
  const DecodedHtml decoded = DecodeHtml(page, "", &warnings);
  EXPECT_EQ(decoded.utf8, page);
  EXPECT_EQ(decoded.charset, "UTF-8");
  EXPECT_EQ(decoded.source, "utf8-valid");
  EXPECT_TRUE(warnings.empty());
}

TEST(CharsetDecodeTest, TruncatedLastCharacterStillUtf8) {
  // A size-limited fetch can cut a page inside its last character.
  std::vector<std::string> warnings;
  const DecodedHtml decoded = DecodeHtml("<p>\u65e5\u672c\xE8\xAA", "", &warnings);
  EXPECT_EQ(decoded.charset, "UTF-8");
  EXPECT_EQ(decoded.source, "utf8-valid");
  EXPECT_EQ(decoded.utf8, "<p>\u65e5\u672c\uFFFD");
  EXPECT_EQ(warnings.size(), 1u);
}

TEST(CharsetDecodeTest, MostlyUtf8WithStrayLatin1ByteStaysUtf8) {
  std::string paragraphs;
  for (int i = 0; i < 10; ++i) paragraphs += "<p>L\u2019\u00e9t\u00e9 \u00e0 la mer.</p>\n";
  std::vector<std::string> warnings;
  const DecodedHtml decoded = DecodeHtml(paragraphs + "<p>caf\xE9</p>", "", &warnings);
  EXPECT_EQ(decoded.charset, "UTF-8");
  EXPECT_EQ(decoded.source, "detector");
  EXPECT_EQ(decoded.utf8, paragraphs + "<p>caf\uFFFD</p>");
  EXPECT_TRUE(AnyWarningContains(warnings, "1 invalid byte sequence"));
}

TEST(CharsetDecodeTest, EmptyInput) {
  const DecodedHtml decoded = DecodeHtml("", "", nullptr);
  EXPECT_EQ(decoded.utf8, "");
  EXPECT_EQ(decoded.charset, "UTF-8");
}

TEST(CharsetDecodeTest, OutputIsAlwaysValidUtf8) {
  std::mt19937 rng(12345);
  const char* labels[] = {"",         "utf-8",  "shift_jis",   "gbk",    "utf-16",
                          "utf-16be", "euc-kr", "iso-2022-jp", "koi8-r", "big5"};
  for (int round = 0; round < 300; ++round) {
    std::string bytes(rng() % 600, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() % 256);
    // Some rounds look like pages, so the meta and detector paths get random bytes too.
    if (round % 3 == 0)
      bytes = "<meta charset=\"" + std::string(labels[round % 10]) + "\">" + bytes;
    const DecodedHtml decoded = DecodeHtml(bytes, labels[(round / 3) % 10], nullptr);
    ASSERT_TRUE(IsValidUtf8(decoded.utf8)) << "round " << round << " " << decoded.charset;
    ASSERT_FALSE(decoded.charset.empty());
    ASSERT_FALSE(decoded.source.empty());
  }
}

TEST(CharsetDecodeTest, LargeInputConverts) {
  // 8 MiB of windows-1252; every high byte grows to 2 or 3 UTF-8 bytes.
  std::string page = "<meta charset=windows-1252><p>";
  while (page.size() < (size_t{8} << 20)) page += "caf\xE9 \x80 \x93quoted\x94 plain ascii text ";
  const DecodedHtml decoded = DecodeHtml(page, "", nullptr);
  EXPECT_EQ(decoded.charset, "windows-1252");
  size_t euros = 0;
  for (size_t pos = 0; (pos = decoded.utf8.find("\u20ac", pos)) != std::string::npos; ++pos) {
    ++euros;
  }
  size_t raw_euros = 0;
  for (char c : page) raw_euros += c == '\x80';
  EXPECT_EQ(euros, raw_euros);
  // Each repetition has one of each: € “ ” grow by 2 bytes, é by 1.
  EXPECT_EQ(decoded.utf8.size(), page.size() + 7 * raw_euros);
}

// ---------------------------------------------------------------------------------------------
// IsValidUtf8 and ScrubUtf8

struct ScrubCase {
  const char* name;
  std::string input;
  std::string expected;
  size_t replaced;
};

void PrintTo(const ScrubCase& c, std::ostream* os) { *os << c.name; }

class CharsetScrubTest : public testing::TestWithParam<ScrubCase> {};

TEST_P(CharsetScrubTest, ReplacesMaximalSubparts) {
  const ScrubCase& c = GetParam();
  size_t replaced = 99;
  EXPECT_EQ(ScrubUtf8(c.input, &replaced), c.expected);
  EXPECT_EQ(replaced, c.replaced);
  EXPECT_EQ(IsValidUtf8(c.input), c.replaced == 0);
  // The same errors after a long ASCII run exercise the word-at-a-time fast path.
  const std::string prefix(37, 'a');
  EXPECT_EQ(ScrubUtf8(prefix + c.input, nullptr), prefix + c.expected);
  EXPECT_EQ(IsValidUtf8(prefix + c.input), c.replaced == 0);
}

INSTANTIATE_TEST_SUITE_P(
    Charset, CharsetScrubTest,
    testing::Values(
        ScrubCase{"LoneContinuation",
                  "a\x80"
                  "b",
                  "a\uFFFD"
                  "b",
                  1},
        ScrubCase{"TruncatedThreeByte",
                  "a\xE2\x82"
                  "b",
                  "a\uFFFD"
                  "b",
                  1},
        ScrubCase{"TruncatedAtEnd", "a\xF0\x9F\x98", "a\uFFFD", 1},
        ScrubCase{"OverlongSlash", "\xC0\xAF", "\uFFFD\uFFFD", 2},
        ScrubCase{"OverlongThreeByte", "\xE0\x80\xAF", "\uFFFD\uFFFD\uFFFD", 3},
        ScrubCase{"OverlongFourByte", "\xF0\x80\x80\xAF", "\uFFFD\uFFFD\uFFFD\uFFFD", 4},
        ScrubCase{"Surrogate", "\xED\xA0\x80", "\uFFFD\uFFFD\uFFFD", 3},
        ScrubCase{"AboveMax", "\xF4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD", 4},
        ScrubCase{"FiveByteForm", "\xF8\x88\x80\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD", 5},
        ScrubCase{"FeFf", "\xFE\xFF", "\uFFFD\uFFFD", 2},
        // The example from the Unicode Standard's discussion of U+FFFD substitution.
        ScrubCase{"UnicodeExample",
                  "a\xF1\x80\x80\xE1\x80\xC2"
                  "b\x80"
                  "c\x80\xBF"
                  "d",
                  "a\uFFFD\uFFFD\uFFFD"
                  "b\uFFFD"
                  "c\uFFFD\uFFFD"
                  "d",
                  6},
        ScrubCase{"Boundaries",
                  "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80"
                  "\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF",
                  "\x7F\u0080\u07FF\u0800\uD7FF\uE000\uFFFF\U00010000\U0010FFFF", 0},
        ScrubCase{"EmbeddedNul", Bytes("a\0b"), Bytes("a\0b"), 0}, ScrubCase{"Empty", "", "", 0}),
    [](const testing::TestParamInfo<ScrubCase>& info) { return info.param.name; });

TEST(CharsetUtf8Test, IsValidUtf8OnMultilingualText) {
  const std::string text =
      "English, Fran\u00e7ais, Deutsch \u00e4\u00f6\u00fc\u00df, \u0395\u03bb\u03bb\u03b7\u03bd"
      "\u03b9\u03ba\u03ac, \u0420\u0443\u0441\u0441\u043a\u0438\u0439, \u05e2\u05d1\u05e8\u05d9"
      "\u05ea, \u0627\u0644\u0639\u0631\u0628\u064a\u0629, \u0939\u093f\u0928\u094d\u0926\u0940, "
      "\u0e44\u0e17\u0e22, \u4e2d\u6587, \u65e5\u672c\u8a9e, \ud55c\uad6d\uc5b4, "
      "\U0001F600\U0001F44D\U00020000";
  EXPECT_TRUE(IsValidUtf8(text));
  size_t replaced = 99;
  EXPECT_EQ(ScrubUtf8(text, &replaced), text);
  EXPECT_EQ(replaced, 0u);
  EXPECT_FALSE(IsValidUtf8(text + "\xC3"));
}

TEST(CharsetUtf8Test, ScrubAgreesWithIsValidOnRandomBytes) {
  std::mt19937 rng(987);
  for (int round = 0; round < 2000; ++round) {
    std::string bytes(rng() % 64, '\0');
    for (char& c : bytes) {
      // Bias towards bytes that form (and almost form) multi-byte sequences.
      const uint32_t r = rng();
      c = static_cast<char>(r % 4 == 0 ? r % 128 : 0x80 + (r >> 8) % 128);
    }
    size_t replaced = 0;
    const std::string scrubbed = ScrubUtf8(bytes, &replaced);
    ASSERT_EQ(IsValidUtf8(bytes), replaced == 0) << round;
    ASSERT_TRUE(IsValidUtf8(scrubbed)) << round;
    size_t rescrubbed = 99;
    ASSERT_EQ(ScrubUtf8(scrubbed, &rescrubbed), scrubbed);
    ASSERT_EQ(rescrubbed, 0u);
  }
}

// ---------------------------------------------------------------------------------------------
// LooksBinary

struct BinaryCase {
  const char* name;
  std::string bytes;
  bool binary;
};

void PrintTo(const BinaryCase& c, std::ostream* os) { *os << c.name; }

class CharsetBinaryTest : public testing::TestWithParam<BinaryCase> {};

TEST_P(CharsetBinaryTest, Classifies) {
  EXPECT_EQ(LooksBinary(GetParam().bytes), GetParam().binary);
}

std::string ControlHeavy() {
  std::string s;
  for (int i = 0; i < 200; ++i)
    s += "ab\x01\x02\x03\x04\x05\x06\x07\x08"
         "cd";
  return s;
}

INSTANTIATE_TEST_SUITE_P(
    Charset, CharsetBinaryTest,
    testing::Values(
        BinaryCase{"Png",
                   Bytes("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0\x1F"
                         "\x15\xC4\x89\0\0\0\x0DIDATx\x9C\x63\0\x01\0\0\x05\0\x01"),
                   true},
        BinaryCase{"Gzip",
                   Bytes("\x1F\x8B\x08\0\0\0\0\0\0\x03\xCB\x48\xCD\xC9\xC9\x57\x28\xCF\x2F"
                         "\xCA\x49\x01\0\x85\x11\x4A\x0D\x0B\0\0\0"),
                   true},
        BinaryCase{"ControlCharacters", ControlHeavy(), true},
        BinaryCase{"Html", "<!DOCTYPE html>\n<html><body>\t<p>Hello\r\n\f</p></body></html>",
                   false},
        BinaryCase{"Windows1252", "<p>caf\xE9 \x93quoted\x94 \x80</p>", false},
        BinaryCase{"Iso2022Jp", "<p>\x1B$BF|K\\\x1B(B and \x1B$B8l\x1B(B</p>", false},
        BinaryCase{"Utf16LEWithBom", Utf16Bytes(u"<p>Hello \u00e9</p>", true, true), false},
        BinaryCase{"Utf16BEWithBom", Utf16Bytes(u"<p>Hello \u00e9</p>", false, true), false},
        BinaryCase{"Utf16LEWithoutBom",
                   Utf16Bytes(u"<html><body><p>Hello world, \u65e5\u672c</p>", true, false), false},
        BinaryCase{"Utf16BEWithoutBom",
                   Utf16Bytes(u"<html><body><p>Hello world, \u65e5\u672c</p>", false, false),
                   false},
        BinaryCase{"HtmlWithStrayNuls",
                   Bytes("<html><body><p>A bad CMS export\0 left a NUL or two\0 here.</p>"), false},
        BinaryCase{"AsciiWithNulsInBulk",
                   Bytes("SQLite format 3\0\x10\0\x01\x01\0@  \0\0\0\x02\0\0\0\x02"), true},
        BinaryCase{"Empty", "", false}),
    [](const testing::TestParamInfo<BinaryCase>& info) { return info.param.name; });

}  // namespace
}  // namespace byline::extract
