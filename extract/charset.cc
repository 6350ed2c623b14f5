// Charset sniffing and conversion to UTF-8. See charset.h for the order of authority.
#include "extract/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <optional>
#include <utility>

namespace byline::extract {
namespace {

// Pages declare their charset late (after big inline scripts and styles), so the <meta> scan
// goes well past the 1024 bytes browsers look at, but stops somewhere: a page without <body>
// must not make every lookup read the whole document.
constexpr size_t kMetaScanLimit = size_t{512} << 10;
// How much of the input LooksBinary (and the BOM-less UTF-16 check) looks at.
constexpr size_t kSniffBytes = size_t{4} << 10;
// How much text the ICU detector sees. Detection cost grows with the sample, and 64 KiB of
// prose is far more than it needs to be confident.
constexpr size_t kDetectorSample = size_t{64} << 10;
// ICU reports 0-100; below this its guess is noise.
constexpr int32_t kMinDetectorConfidence = 10;

constexpr std::string_view kReplacementUtf8 = "\xEF\xBF\xBD";
constexpr UChar kReplacementChar = 0xFFFD;

// ---------------------------------------------------------------------------------------------
// Small ASCII helpers. Charset labels and HTML syntax are ASCII, so no locale is involved.

bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || (c >= '0' && c <= '9'); }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

// Position of `needle` (lower-case ASCII) in `s` at or after `from`, ignoring case.
size_t FindIgnoreCase(std::string_view s, std::string_view needle, size_t from) {
  if (needle.empty()) return from;
  const char first = needle.front();
  for (size_t i = from; i + needle.size() <= s.size(); ++i) {
    if (AsciiLower(s[i]) == first && StartsWithIgnoreCase(s.substr(i), needle)) return i;
  }
  return std::string_view::npos;
}

std::string_view TrimHtmlSpace(std::string_view s) {
  while (!s.empty() && IsHtmlSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsHtmlSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

void Warn(std::vector<std::string>* warnings, std::string message) {
  if (warnings != nullptr) warnings->push_back(std::move(message));
}

// ---------------------------------------------------------------------------------------------
// UTF-8 validation, after Table 3-7 ("well-formed UTF-8 byte sequences") of the Unicode
// Standard. The second byte's range depends on the lead byte; that is what rules out overlongs
// (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and code points above U+10FFFF (F4 90..BF).

struct Utf8Step {
  size_t length;  // valid: the sequence's length; invalid: its maximal subpart (at least 1)
  bool valid;
  bool truncated;  // invalid only because the input ended inside the sequence
};

Utf8Step NextUtf8Sequence(const unsigned char* p, size_t available) {
  const unsigned char lead = p[0];
  if (lead < 0x80) return {1, true, false};
  size_t need;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    return {1, false, false};  // 80..C1 and F5..FF never start a sequence
  }
  for (size_t i = 1; i < need; ++i) {
    if (i >= available) return {i, false, true};
    if (p[i] < lo || p[i] > hi) return {i, false, false};
    lo = 0x80;
    hi = 0xBF;
  }
  return {need, true, false};
}

// Length of the run of ASCII bytes at the start of p[0, n). Checks a word at a time because
// most of any page, whatever its language, is ASCII markup.
size_t AsciiPrefixLength(const unsigned char* p, size_t n) {
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    uint64_t a;
    uint64_t b;
    std::memcpy(&a, p + i, 8);
    std::memcpy(&b, p + i + 8, 8);
    if (((a | b) & kHighBits) != 0) break;
  }
  for (; i + 8 <= n; i += 8) {
    uint64_t a;
    std::memcpy(&a, p + i, 8);
    if ((a & kHighBits) != 0) break;
  }
  while (i < n && p[i] < 0x80) ++i;
  return i;
}

struct Utf8Scan {
  bool valid = true;            // the whole input is well-formed
  bool truncated_tail = false;  // not valid only because the last sequence is cut off
  bool has_multibyte = false;   // at least one valid non-ASCII sequence before any error
};

Utf8Scan ScanUtf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  Utf8Scan scan;
  size_t i = 0;
  while (i < n) {
    i += AsciiPrefixLength(p + i, n - i);
    if (i == n) break;
    const Utf8Step step = NextUtf8Sequence(p + i, n - i);
    if (!step.valid) {
      scan.valid = false;
      scan.truncated_tail = step.truncated;  // only possible at the very end
      break;
    }
    scan.has_multibyte = true;
    i += step.length;
  }
  return scan;
}

struct Utf8Counts {
  size_t multibyte = 0;  // valid non-ASCII sequences
  size_t invalid = 0;    // maximal invalid subparts
};

Utf8Counts CountUtf8Sequences(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  Utf8Counts counts;
  size_t i = 0;
  while (i < n) {
    i += AsciiPrefixLength(p + i, n - i);
    if (i == n) break;
    const Utf8Step step = NextUtf8Sequence(p + i, n - i);
    ++(step.valid ? counts.multibyte : counts.invalid);
    i += step.length;
  }
  return counts;
}

// UTF-8 with a few bad bytes, typically a Latin-1 snippet pasted into a UTF-8 template. Read as
// UTF-8 it loses those few characters; read as windows-1252 every other accented letter turns to
// mojibake. Legacy text is the other way round: almost every non-ASCII byte is an error.
bool IsMostlyUtf8(std::string_view bytes) {
  const Utf8Counts counts = CountUtf8Sequences(bytes);
  return counts.multibyte >= 8 && counts.multibyte >= 10 * counts.invalid;
}

// Is this the shape of UTF-8 text, allowing a last character cut off by a size-limited fetch?
bool IsUtf8Text(const Utf8Scan& scan) {
  return scan.valid || (scan.truncated_tail && scan.has_multibyte);
}

// ---------------------------------------------------------------------------------------------
// <meta> prescan, after the WHATWG "prescan a byte stream" algorithm, but not limited to 1024
// bytes.

struct MetaAttributes {
  std::optional<std::string_view> charset;
  std::optional<std::string_view> http_equiv;
  std::optional<std::string_view> content;
};

void SkipSpaceAndSlashes(std::string_view s, size_t* pos) {
  while (*pos < s.size() && (IsHtmlSpace(s[*pos]) || s[*pos] == '/')) ++*pos;
}

void SkipSpace(std::string_view s, size_t* pos) {
  while (*pos < s.size() && IsHtmlSpace(s[*pos])) ++*pos;
}

// Reads one attribute value after '=': quoted with " or ', or bare up to space or '>'.
std::string_view ReadAttributeValue(std::string_view s, size_t* pos) {
  if (*pos >= s.size()) return {};
  const char quote = s[*pos];
  if (quote == '"' || quote == '\'') {
    const size_t start = *pos + 1;
    const size_t end = s.find(quote, start);
    *pos = end == std::string_view::npos ? s.size() : end + 1;
    return s.substr(start, (end == std::string_view::npos ? s.size() : end) - start);
  }
  const size_t start = *pos;
  while (*pos < s.size() && !IsHtmlSpace(s[*pos]) && s[*pos] != '>') ++*pos;
  return s.substr(start, *pos - start);
}

// Reads the attributes of a tag whose name ends at *pos, leaving *pos after its '>'. Parsing
// them (rather than jumping to the next '>') keeps a '>' inside a quoted value from ending the
// tag early. Records the three attributes a charset declaration uses when `meta` is not null;
// the first occurrence of each wins, as in HTML.
void ReadAttributes(std::string_view s, size_t* pos, MetaAttributes* meta) {
  while (true) {
    SkipSpaceAndSlashes(s, pos);
    if (*pos >= s.size()) return;
    if (s[*pos] == '>') {
      ++*pos;
      return;
    }
    const size_t name_start = *pos;
    ++*pos;  // the first character belongs to the name even when it is '='
    while (*pos < s.size() && !IsHtmlSpace(s[*pos]) && s[*pos] != '/' && s[*pos] != '>' &&
           s[*pos] != '=') {
      ++*pos;
    }
    const std::string_view name = s.substr(name_start, *pos - name_start);
    SkipSpace(s, pos);
    std::string_view value;
    if (*pos < s.size() && s[*pos] == '=') {
      ++*pos;
      SkipSpace(s, pos);
      value = ReadAttributeValue(s, pos);
    }
    if (meta == nullptr) continue;
    if (EqualsIgnoreCase(name, "charset") && !meta->charset) meta->charset = value;
    if (EqualsIgnoreCase(name, "http-equiv") && !meta->http_equiv) meta->http_equiv = value;
    if (EqualsIgnoreCase(name, "content") && !meta->content) meta->content = value;
  }
}

// The WHATWG "algorithm for extracting a character encoding from a meta element":
// "text/html; charset=x", with optional spaces around '=' and optional quotes.
std::string_view CharsetFromContent(std::string_view content) {
  size_t pos = 0;
  while (true) {
    pos = FindIgnoreCase(content, "charset", pos);
    if (pos == std::string_view::npos) return {};
    pos += 7;
    SkipSpace(content, &pos);
    if (pos < content.size() && content[pos] == '=') break;
  }
  ++pos;
  SkipSpace(content, &pos);
  if (pos >= content.size()) return {};
  const char quote = content[pos];
  if (quote == '"' || quote == '\'') {
    const size_t end = content.find(quote, pos + 1);
    if (end == std::string_view::npos) return {};
    return content.substr(pos + 1, end - pos - 1);
  }
  const size_t start = pos;
  while (pos < content.size() && !IsHtmlSpace(content[pos]) && content[pos] != ';') ++pos;
  return content.substr(start, pos - start);
}

std::string_view CharsetFromMeta(const MetaAttributes& meta) {
  if (meta.charset && !TrimHtmlSpace(*meta.charset).empty()) return TrimHtmlSpace(*meta.charset);
  if (meta.http_equiv && meta.content &&
      EqualsIgnoreCase(TrimHtmlSpace(*meta.http_equiv), "content-type")) {
    return TrimHtmlSpace(CharsetFromContent(*meta.content));
  }
  return {};
}

// Elements whose contents are not markup: a "<meta" inside a script string or a style sheet
// is not a declaration.
bool IsRawTextElement(std::string_view name) {
  return name == "script" || name == "style" || name == "title" || name == "textarea" ||
         name == "xmp" || name == "noembed" || name == "noframes";
}

// ---------------------------------------------------------------------------------------------
// Charset labels.

struct Charset {
  std::string name;       // canonical name reported in DecodedHtml::charset
  std::string converter;  // ICU converter name
};

bool IsUtf8(const Charset& charset) { return charset.name == "UTF-8"; }

bool IsUtf16(const Charset& charset) { return charset.name.starts_with("UTF-16"); }

// Single-byte Latin-script legacy charsets, the ones mislabelled UTF-8 pages carry.
bool IsLatinSingleByte(const Charset& charset) {
  return charset.name.starts_with("windows-125") || charset.name.starts_with("ISO-8859-");
}

// Labels whose WHATWG meaning differs from ICU's, or that ICU does not know. Browsers decode
// these labels this way, so pages are written for it: a page labelled iso-8859-1 routinely
// contains windows-1252 curly quotes. Where WHATWG uses a superset decoder (gb18030 for GBK,
// Big5-HKSCS for Big5, windows-949 for EUC-KR) the reported name stays the familiar one.
struct AliasGroup {
  std::string_view name;
  std::string_view converter;
  std::string_view labels;  // space-separated, compared ignoring case and punctuation
};

constexpr AliasGroup kAliasGroups[] = {
    {"UTF-8", "UTF-8", "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"},
    {"windows-1252", "windows-1252",
     "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
     "iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252 "
     "x-user-defined"},
    {"windows-1254", "windows-1254",
     "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 "
     "latin5 windows-1254 x-cp1254"},
    {"windows-874", "windows-874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"},
    {"GBK", "GB18030",
     "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk cp936 "
     "ms936 windows-936"},
    {"GB18030", "GB18030", "gb18030"},
    {"Big5", "Big5-HKSCS", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"},
    {"EUC-KR", "windows-949",
     "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 "
     "ksc_5601 windows-949"},
    {"Shift_JIS", "Shift_JIS",
     "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis"},
    {"EUC-JP", "EUC-JP", "cseucpkdfmtjapanese euc-jp x-euc-jp"},
    {"UTF-16LE", "UTF-16LE", "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le"},
    {"UTF-16BE", "UTF-16BE", "unicodefffe utf-16be"},
};

// "ISO_8859-1", "iso8859-1" and "ISO-8859-1" are the same label to a browser (WHATWG only
// ignores case, but pages use all of these spellings, and ICU matches them the same way).
std::string LabelKey(std::string_view label) {
  std::string key;
  for (char c : label) {
    if (IsAsciiAlnum(c)) key.push_back(AsciiLower(c));
  }
  return key;
}

std::optional<Charset> LookupAlias(std::string_view label) {
  const std::string key = LabelKey(label);
  if (key.empty()) return std::nullopt;
  for (const AliasGroup& group : kAliasGroups) {
    std::string_view labels = group.labels;
    while (!labels.empty()) {
      const size_t space = labels.find(' ');
      if (LabelKey(labels.substr(0, space)) == key) {
        return Charset{std::string(group.name), std::string(group.converter)};
      }
      labels = space == std::string_view::npos ? std::string_view() : labels.substr(space + 1);
    }
  }
  return std::nullopt;
}

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

struct DetectorCloser {
  void operator()(UCharsetDetector* detector) const { ucsdet_close(detector); }
};
using DetectorPtr = std::unique_ptr<UCharsetDetector, DetectorCloser>;

ConverterPtr OpenConverter(const std::string& name) {
  // ucnv_open("") opens the platform default converter, never what a page meant.
  if (name.empty()) return nullptr;
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr converter(ucnv_open(name.c_str(), &status));
  if (U_FAILURE(status)) return nullptr;
  return converter;
}

// A page's markup is ASCII, and the declaration itself was read as ASCII, so a charset that
// does not map ASCII to itself (EBCDIC, UTF-32) cannot be right. WHATWG also refuses UTF-7 and
// friends because they let a page smuggle markup past filters.
bool IsAsciiCompatible(UConverter* converter) {
  switch (ucnv_getType(converter)) {
    case UCNV_SBCS:
    case UCNV_DBCS:
    case UCNV_MBCS:
    case UCNV_LATIN_1:
    case UCNV_UTF8:
    case UCNV_US_ASCII:
    case UCNV_ISO_2022:
      break;
    default:
      return false;
  }
  static constexpr char kProbe[] = "<meta charset=\"x\"> /=';&#09AZaz\n";
  constexpr int32_t kProbeLength = sizeof(kProbe) - 1;
  UChar decoded[kProbeLength + 1];
  UErrorCode status = U_ZERO_ERROR;
  const int32_t length =
      ucnv_toUChars(converter, decoded, kProbeLength + 1, kProbe, kProbeLength, &status);
  ucnv_reset(converter);
  if (U_FAILURE(status) || length != kProbeLength) return false;
  for (int32_t i = 0; i < kProbeLength; ++i) {
    if (decoded[i] != static_cast<UChar>(kProbe[i])) return false;
  }
  return true;
}

// The name to report for an ICU converter: the MIME name where there is one ("EUC-JP", not
// ICU's "Extended_UNIX_Code_Packed_Format_for_Japanese"), else IANA's, else Windows'.
std::string PreferredName(const char* internal_name) {
  for (const char* standard : {"MIME", "IANA", "WINDOWS"}) {
    UErrorCode status = U_ZERO_ERROR;
    const char* name = ucnv_getStandardName(internal_name, standard, &status);
    if (U_SUCCESS(status) && name != nullptr) return name;
  }
  return internal_name;
}

// Resolves a declared or detected label to a charset we can decode HTML with; nullopt when the
// label is unknown or unsuitable.
std::optional<Charset> ResolveLabel(std::string_view raw_label) {
  // An HTTP header may hand over the value still quoted.
  std::string label = ToLowerAscii(TrimHtmlSpace(raw_label));
  label.erase(std::remove(label.begin(), label.end(), '"'), label.end());
  label.erase(std::remove(label.begin(), label.end(), '\''), label.end());
  if (std::optional<Charset> alias = LookupAlias(label)) return alias;
  ConverterPtr converter = OpenConverter(label);
  if (!converter || !IsAsciiCompatible(converter.get())) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  const char* internal_name = ucnv_getName(converter.get(), &status);
  if (U_FAILURE(status) || internal_name == nullptr) return std::nullopt;
  return Charset{PreferredName(internal_name), internal_name};
}

// ---------------------------------------------------------------------------------------------
// Conversion.

struct ToUnicodeContext {
  size_t replaced = 0;
  // WHATWG's windows-1252 maps the five bytes Microsoft left unassigned (81 8D 8F 90 9D) to
  // the C1 controls of the same value, so every byte decodes; ICU leaves them unmapped.
  bool unassigned_bytes_as_c1 = false;
};

// ICU's default to-Unicode callback writes U+001A (ASCII SUB), not U+FFFD, for a single bad
// byte in converters that define a one-byte substitution character, and Shift_JIS (ibm-943)
// does. This callback always writes U+FFFD, and counts, so damage looks the same in every
// charset.
void SubstituteReplacementChar(const void* context, UConverterToUnicodeArgs* args,
                               const char* code_units, int32_t length,
                               UConverterCallbackReason reason, UErrorCode* status) {
  if (reason != UCNV_UNASSIGNED && reason != UCNV_ILLEGAL && reason != UCNV_IRREGULAR) return;
  // The context is the ToUnicodeContext ConvertToUtf8 owns; ICU only hands it back as const.
  auto* state = const_cast<ToUnicodeContext*>(static_cast<const ToUnicodeContext*>(context));
  *status = U_ZERO_ERROR;
  if (state->unassigned_bytes_as_c1 && reason == UCNV_UNASSIGNED && length == 1) {
    const UChar c1 = static_cast<unsigned char>(code_units[0]);
    ucnv_cbToUWriteUChars(args, &c1, 1, 0, status);
    return;
  }
  ++state->replaced;
  ucnv_cbToUWriteUChars(args, &kReplacementChar, 1, 0, status);
}

size_t Utf8Length(UChar c) { return c < 0x80 ? 1 : (c < 0x800 ? 2 : 3); }

// The exact UTF-8 size of UTF-16 input (unpaired surrogates count as U+FFFD).
size_t Utf8SizeOfUtf16(std::string_view bytes, bool little_endian) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t units = bytes.size() / 2;
  size_t size = bytes.size() % 2 == 0 ? 0 : 3;  // a stray last byte becomes U+FFFD
  for (size_t i = 0; i < units; ++i) {
    const UChar unit = little_endian ? static_cast<UChar>(p[2 * i + 1] << 8 | p[2 * i])
                                     : static_cast<UChar>(p[2 * i] << 8 | p[2 * i + 1]);
    size += Utf8Length(unit);  // 3 + 3 for a surrogate pair overcounts by 2: harmless
  }
  return size;
}

// The exact UTF-8 size of single-byte input, from the UTF-8 length of each byte's character.
// nullopt when the converter is not one byte per character throughout.
std::optional<size_t> Utf8SizeOfSingleByte(std::string_view bytes, UConverter* source) {
  if (ucnv_getMaxCharSize(source) != 1) return std::nullopt;
  char all_bytes[256];
  for (int i = 0; i < 256; ++i) all_bytes[i] = static_cast<char>(i);
  UChar decoded[257];
  UErrorCode status = U_ZERO_ERROR;
  const int32_t length = ucnv_toUChars(source, decoded, 257, all_bytes, 256, &status);
  ucnv_reset(source);
  if (U_FAILURE(status) || length != 256) return std::nullopt;
  size_t lengths[256];
  for (int i = 0; i < 256; ++i) lengths[i] = Utf8Length(decoded[i]);
  size_t size = 0;
  for (char c : bytes) size += lengths[static_cast<unsigned char>(c)];
  return size;
}

// A guess at the UTF-8 size of multi-byte input, exact for the usual text of ASCII plus
// two-byte characters (a non-ASCII lead byte and any trail byte become 3 bytes of UTF-8; trail
// bytes can be ASCII, so counting non-ASCII bytes alone would fall short).
size_t Utf8SizeOfMultiByte(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t size = 0;
  size_t i = 0;
  while (i < n) {
    const size_t ascii = AsciiPrefixLength(p + i, n - i);
    size += ascii;
    i += ascii;
    if (i < n) {
      size += 3;
      i += 2;
    }
  }
  return size;
}

// Output size to allocate up front. Growing a std::string doubles it, so a good first guess is
// what keeps memory near input + output.
size_t InitialOutputSize(std::string_view bytes, const Charset& charset, UConverter* source) {
  if (IsUtf16(charset)) return Utf8SizeOfUtf16(bytes, charset.name == "UTF-16LE") + 16;
  if (std::optional<size_t> size = Utf8SizeOfSingleByte(bytes, source)) return *size + 16;
  return Utf8SizeOfMultiByte(bytes) + 16;
}

// Converts with ICU, streaming through a small pivot buffer straight into the output string, so
// memory stays at input + output + a few KiB. nullopt only if ICU fails outright.
std::optional<std::string> ConvertToUtf8(std::string_view bytes, const Charset& charset,
                                         size_t* replaced) {
  ConverterPtr source = OpenConverter(charset.converter);
  ConverterPtr target = OpenConverter("UTF-8");
  if (!source || !target) return std::nullopt;
  ToUnicodeContext context;
  context.unassigned_bytes_as_c1 = charset.name == "windows-1252";
  UErrorCode status = U_ZERO_ERROR;
  ucnv_setToUCallBack(source.get(), SubstituteReplacementChar, &context, nullptr, nullptr, &status);
  ucnv_setFallback(source.get(), true);
  if (U_FAILURE(status)) return std::nullopt;

  std::string out(InitialOutputSize(bytes, charset, source.get()), '\0');
  context.replaced = 0;  // the size estimate decoded every byte value once, holes included
  size_t used = 0;
  const char* src = bytes.data();
  const char* const src_limit = bytes.data() + bytes.size();
  UChar pivot[4096];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  bool reset = true;
  while (true) {
    char* dest = out.data() + used;
    status = U_ZERO_ERROR;
    ucnv_convertEx(target.get(), source.get(), &dest, out.data() + out.size(), &src, src_limit,
                   pivot, &pivot_source, &pivot_target, pivot + std::size(pivot), reset,
                   /*flush=*/true, &status);
    reset = false;
    used = static_cast<size_t>(dest - out.data());
    if (status != U_BUFFER_OVERFLOW_ERROR) break;
    // The guess was short (single-byte katakana, ISO-2022 escapes, many bad bytes). Grow by
    // what the rest of the input needs at the ratio seen so far, into a buffer of exactly that
    // size: resize() would double, and a few regrowths still keep the total work linear.
    const double consumed = static_cast<double>(src - bytes.data()) + 1;
    const double remaining = static_cast<double>(src_limit - src);
    const double ratio = static_cast<double>(used) / consumed;
    std::string bigger(out.size() + static_cast<size_t>(remaining * ratio * 1.1) + 4096, '\0');
    std::memcpy(bigger.data(), out.data(), used);
    out.swap(bigger);
  }
  if (U_FAILURE(status)) return std::nullopt;
  out.resize(used);
  if (replaced != nullptr) *replaced = context.replaced;
  return out;
}

std::string DescribeReplacements(size_t count, std::string_view charset) {
  return std::to_string(count) + " invalid byte " + (count == 1 ? "sequence" : "sequences") +
         " in " + std::string(charset) + " input replaced with U+FFFD";
}

DecodedHtml DecodeAs(std::string_view bytes, const Charset& charset, std::string_view source,
                     std::vector<std::string>* warnings) {
  DecodedHtml result;
  result.source = std::string(source);
  size_t replaced = 0;
  if (IsUtf8(charset)) {
    result.utf8 = ScrubUtf8(bytes, &replaced);
    result.charset = "UTF-8";
  } else if (std::optional<std::string> converted = ConvertToUtf8(bytes, charset, &replaced)) {
    result.utf8 = std::move(*converted);
    result.charset = charset.name;
  } else {
    Warn(warnings, "could not convert from " + charset.name + "; read as UTF-8 instead");
    result.utf8 = ScrubUtf8(bytes, &replaced);
    result.charset = "UTF-8";
  }
  if (replaced > 0) Warn(warnings, DescribeReplacements(replaced, result.charset));
  return result;
}

// ---------------------------------------------------------------------------------------------
// Sniffing without a declaration.

struct Bom {
  std::string_view charset;
  size_t length;
};

std::optional<Bom> SniffBom(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) return Bom{"UTF-8", 3};
  if (bytes.starts_with("\xFF\xFE")) return Bom{"UTF-16LE", 2};
  if (bytes.starts_with("\xFE\xFF")) return Bom{"UTF-16BE", 2};
  return std::nullopt;
}

bool IsBadUtf16Unit(uint16_t unit) {
  return (unit < 0x20 && unit != '\t' && unit != '\n' && unit != '\r' && unit != '\f') ||
         (unit >= 0x7F && unit <= 0x9F) || unit == 0xFFFE || unit == 0xFFFF;
}

// Units in `head` that text would not contain: NULs, controls, noncharacters, unpaired
// surrogates.
size_t CountBadUtf16Units(std::string_view head, bool little_endian) {
  const auto* p = reinterpret_cast<const unsigned char*>(head.data());
  const size_t units = head.size() / 2;
  auto unit_at = [&](size_t i) -> uint16_t {
    const unsigned lo = little_endian ? p[2 * i] : p[2 * i + 1];
    const unsigned hi = little_endian ? p[2 * i + 1] : p[2 * i];
    return static_cast<uint16_t>(hi << 8 | lo);
  };
  size_t bad = 0;
  for (size_t i = 0; i < units; ++i) {
    const uint16_t unit = unit_at(i);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      // A lead surrogate needs a trail, except at the sniff window's edge.
      if (i + 1 < units) {
        const uint16_t next = unit_at(i + 1);
        if (next >= 0xDC00 && next <= 0xDFFF) {
          ++i;
        } else {
          ++bad;
        }
      }
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      ++bad;
    } else if (IsBadUtf16Unit(unit)) {
      ++bad;
    }
  }
  return bad;
}

// BOM-less UTF-16: the byte order whose units read as text, or nullopt. Text with markup has
// a NUL in the high byte of every ASCII unit, so the NULs must be frequent and sit on one side;
// without that condition ASCII with a stray NUL would qualify (two ASCII bytes make a valid CJK
// unit). Binary data fails on NUL units and unpaired surrogates.
std::optional<std::string_view> SniffBomlessUtf16(std::string_view head) {
  const size_t units = head.size() / 2;
  if (units < 2) return std::nullopt;
  size_t even_nuls = 0;
  size_t odd_nuls = 0;
  for (size_t i = 0; i < units * 2; ++i) {
    if (head[i] == '\0') ++(i % 2 == 0 ? even_nuls : odd_nuls);
  }
  // In UTF-16LE the high byte, NUL for ASCII, is the second of each pair.
  const bool little_endian = odd_nuls > even_nuls;
  if (std::max(even_nuls, odd_nuls) * 8 < units) return std::nullopt;
  if (CountBadUtf16Units(head, little_endian) * 100 > units) return std::nullopt;
  return little_endian ? std::string_view("UTF-16LE") : std::string_view("UTF-16BE");
}

// The detector only needs the non-ASCII text; start near the first non-ASCII byte (after a tag
// end, so its markup filter stays in step) since a long ASCII <head> would otherwise fill the
// sample and starve it.
std::string_view DetectorSample(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t first_high = AsciiPrefixLength(p, bytes.size());
  size_t start = first_high > 1024 ? first_high - 1024 : 0;
  if (start > 0) {
    const size_t tag_end = bytes.rfind('>', start);
    start = tag_end == std::string_view::npos ? 0 : tag_end + 1;
  }
  return bytes.substr(start, kDetectorSample);
}

std::optional<Charset> DetectCharset(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  DetectorPtr detector(ucsdet_open(&status));
  if (U_FAILURE(status)) return std::nullopt;
  ucsdet_enableInputFilter(detector.get(), true);  // ignore tags, judge the text
  const std::string_view sample = DetectorSample(bytes);
  ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
  int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
  if (U_FAILURE(status) || matches == nullptr) return std::nullopt;
  for (int32_t i = 0; i < count; ++i) {
    status = U_ZERO_ERROR;
    const int32_t confidence = ucsdet_getConfidence(matches[i], &status);
    const char* name = ucsdet_getName(matches[i], &status);
    if (U_FAILURE(status) || name == nullptr) continue;
    if (confidence < kMinDetectorConfidence) break;  // matches come best first
    // ResolveLabel maps ISO-8859-1 to windows-1252 as browsers do, and refuses the EBCDIC and
    // UTF-32 guesses. BOM-less UTF-16 was ruled out by SniffBomlessUtf16 already.
    std::optional<Charset> charset = ResolveLabel(name);
    if (charset && !IsUtf16(*charset)) return charset;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// The rules of DecodeHtml, in order.

DecodedHtml DecodeValidUtf8(std::string_view bytes, std::string_view source,
                            std::vector<std::string>* warnings) {
  return DecodeAs(bytes, Charset{"UTF-8", "UTF-8"}, source, warnings);
}

// Applies a charset the page or server declared; nullopt when the declaration is unusable and
// the next rule should decide.
std::optional<DecodedHtml> DecodeDeclared(std::string_view bytes, std::string_view label,
                                          std::string_view source, const Utf8Scan& scan,
                                          std::vector<std::string>* warnings) {
  std::optional<Charset> charset = ResolveLabel(label);
  if (!charset) {
    Warn(warnings, "unknown or unsupported charset \"" + std::string(label) + "\" declared in " +
                       std::string(source) + "; ignored");
    return std::nullopt;
  }
  if (IsUtf16(*charset)) {
    if (source == "meta") {
      // A <meta> we could read as ASCII is not in UTF-16; WHATWG reads such pages as UTF-8.
      charset = Charset{"UTF-8", "UTF-8"};
    } else if (bytes.substr(0, kSniffBytes).find('\0') == std::string_view::npos) {
      // UTF-16 HTML has NULs in every ASCII unit; without any, the header is wrong.
      Warn(warnings, "charset " + charset->name + " declared in http ignored: no NUL bytes");
      return std::nullopt;
    }
  }
  // Servers and templates that stamp iso-8859-1 or windows-1252 on pages written in UTF-8 are
  // common. Legacy Latin text is practically never valid UTF-8 once it has non-ASCII bytes
  // (a lead byte must be followed by exactly the right continuation bytes), so valid multi-byte
  // UTF-8 under such a label means the label is wrong.
  if (IsLatinSingleByte(*charset) && scan.has_multibyte && IsUtf8Text(scan)) {
    Warn(warnings, "charset " + charset->name + " declared in " + std::string(source) +
                       " ignored: the page is valid UTF-8");
    return DecodeValidUtf8(bytes, "utf8-valid", warnings);
  }
  return DecodeAs(bytes, *charset, source, warnings);
}

DecodedHtml DecodeHtmlOrThrow(std::string_view bytes, std::string_view http_charset,
                              std::vector<std::string>* warnings) {
  if (std::optional<Bom> bom = SniffBom(bytes)) {
    const Charset charset{std::string(bom->charset), std::string(bom->charset)};
    return DecodeAs(bytes.substr(bom->length), charset, "bom", warnings);
  }
  const Utf8Scan scan = ScanUtf8(bytes);
  if (!TrimHtmlSpace(http_charset).empty()) {
    if (auto decoded = DecodeDeclared(bytes, http_charset, "http", scan, warnings)) {
      return std::move(*decoded);
    }
  }
  const std::string meta_charset = SniffMetaCharset(bytes);
  if (!meta_charset.empty()) {
    if (auto decoded = DecodeDeclared(bytes, meta_charset, "meta", scan, warnings)) {
      return std::move(*decoded);
    }
  }
  // BOM-less UTF-16 is valid UTF-8 byte for byte (NUL is valid), so it goes first.
  if (auto utf16 = SniffBomlessUtf16(bytes.substr(0, kSniffBytes))) {
    return DecodeAs(bytes, Charset{std::string(*utf16), std::string(*utf16)}, "detector", warnings);
  }
  if (IsUtf8Text(scan)) return DecodeValidUtf8(bytes, "utf8-valid", warnings);
  if (IsMostlyUtf8(bytes)) return DecodeValidUtf8(bytes, "detector", warnings);
  if (std::optional<Charset> detected = DetectCharset(bytes)) {
    return DecodeAs(bytes, *detected, "detector", warnings);
  }
  return DecodeAs(bytes, Charset{"windows-1252", "windows-1252"}, "default", warnings);
}

}  // namespace

std::string SniffMetaCharset(std::string_view bytes) {
  const std::string_view s = bytes.substr(0, kMetaScanLimit);
  size_t pos = 0;
  while ((pos = s.find('<', pos)) != std::string_view::npos) {
    const std::string_view rest = s.substr(pos);
    if (rest.starts_with("<!--")) {
      const size_t end = s.find("-->", pos + 4);
      if (end == std::string_view::npos) return "";
      pos = end + 3;
      continue;
    }
    const bool end_tag = rest.starts_with("</");
    const size_t name_start = pos + (end_tag ? 2 : 1);
    if (name_start >= s.size() || !IsAsciiAlpha(s[name_start])) {
      // <!doctype>, <?xml?>, </ 3>: skip to '>'. A bare '<' in text is just text.
      if (rest.starts_with("<!") || rest.starts_with("<?") || end_tag) {
        pos = s.find('>', pos);
        if (pos == std::string_view::npos) return "";
      }
      ++pos;
      continue;
    }
    size_t name_end = name_start;
    while (name_end < s.size() && !IsHtmlSpace(s[name_end]) && s[name_end] != '/' &&
           s[name_end] != '>') {
      ++name_end;
    }
    const std::string name = ToLowerAscii(s.substr(name_start, name_end - name_start));
    pos = name_end;
    MetaAttributes meta;
    const bool is_meta = !end_tag && name == "meta";
    ReadAttributes(s, &pos, is_meta ? &meta : nullptr);
    if (end_tag) continue;
    if (name == "body") return "";
    if (is_meta) {
      const std::string_view charset = CharsetFromMeta(meta);
      if (!charset.empty()) return ToLowerAscii(charset);
    } else if (IsRawTextElement(name)) {
      pos = FindIgnoreCase(s, "</" + name, pos);
      if (pos == std::string_view::npos) return "";
    }
  }
  return "";
}

DecodedHtml DecodeHtml(std::string_view bytes, std::string_view http_charset,
                       std::vector<std::string>* warnings) {
  try {
    return DecodeHtmlOrThrow(bytes, http_charset, warnings);
  } catch (...) {
    // Only allocation can throw here. Hand back an empty document rather than a crash.
    try {
      Warn(warnings, "out of memory while decoding the page");
    } catch (...) {
    }
    return DecodedHtml{"", "UTF-8", "default"};
  }
}

bool IsValidUtf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    i += AsciiPrefixLength(p + i, n - i);
    if (i == n) return true;
    const Utf8Step step = NextUtf8Sequence(p + i, n - i);
    if (!step.valid) return false;
    i += step.length;
  }
  return true;
}

std::string ScrubUtf8(std::string_view bytes, size_t* replaced) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  std::string out;
  out.reserve(n);
  size_t count = 0;
  size_t run_start = 0;  // start of the valid bytes not yet copied
  size_t i = 0;
  while (i < n) {
    i += AsciiPrefixLength(p + i, n - i);
    if (i == n) break;
    const Utf8Step step = NextUtf8Sequence(p + i, n - i);
    if (!step.valid) {
      // One U+FFFD per maximal subpart: the longest prefix of a well-formed sequence, or a
      // single byte (Unicode "substitution of maximal subparts", as browsers and ICU do).
      out.append(bytes.substr(run_start, i - run_start));
      out.append(kReplacementUtf8);
      ++count;
      run_start = i + step.length;
    }
    i += step.length;
  }
  out.append(bytes.substr(run_start));
  if (replaced != nullptr) *replaced = count;
  return out;
}

bool LooksBinary(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, kSniffBytes);
  if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF")) return false;
  size_t nuls = 0;
  size_t controls = 0;
  for (char c : head) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == 0) {
      ++nuls;
    } else if (byte < 0x20 && !IsHtmlSpace(c) && byte != 0x1B) {
      // ESC is left out: ISO-2022-JP text is full of escape sequences.
      ++controls;
    }
  }
  // Compressed and image data have a NUL every few hundred bytes and about one byte in ten a
  // control; executables and databases have NULs in bulk. Text outside UTF-16 has neither,
  // except for a stray NUL or two from a bad export, which must not get a page refused.
  const bool many_nuls = nuls >= 3 && nuls * 512 >= head.size();
  const bool many_controls = (nuls + controls) * 20 > head.size();
  if (!many_nuls && !many_controls) return false;
  return !SniffBomlessUtf16(head).has_value();
}

}  // namespace byline::extract
