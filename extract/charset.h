// Charset sniffing and conversion to UTF-8 with ICU (the only place that includes ucnv/ucsdet).
//
// Order of authority, as browsers do it, with one difference: a <meta> declaration is looked
// for anywhere in <head>, not only in the first 1024 bytes, because real pages declare late.
//   1. a byte-order mark (UTF-8, UTF-16LE/BE)
//   2. the HTTP charset given by the caller
//   3. <meta charset=...> or <meta http-equiv=Content-Type content="...; charset=...">
//   4. BOM-less UTF-16 (frequent NULs on one side), then valid UTF-8 stays UTF-8 (also a page
//      cut inside a character, and a page of mostly valid UTF-8 with a few stray bytes)
//   5. ICU's charset detector
//   6. windows-1252
// Invalid bytes become U+FFFD; conversion never fails.
#ifndef BYLINE_EXTRACT_CHARSET_H_
#define BYLINE_EXTRACT_CHARSET_H_

#include <string>
#include <string_view>
#include <vector>

namespace byline::extract {

struct DecodedHtml {
  std::string utf8;     // always valid UTF-8
  std::string charset;  // canonical name of the charset decoded from, e.g. "UTF-8", "Shift_JIS"
  std::string
      source;  // how it was chosen: "bom", "http", "meta", "utf8-valid", "detector", "default"
};

// The charset a page declares in a <meta> inside <head> (scan stops at <body> or a limit), or
// "" when none. Names are returned as written (trimmed, lower-cased).
std::string SniffMetaCharset(std::string_view bytes);

// Decodes `bytes` to UTF-8 following the order above. Problems (unknown declared charset,
// invalid bytes replaced) are appended to `warnings` (may be null).
DecodedHtml DecodeHtml(std::string_view bytes, std::string_view http_charset,
                       std::vector<std::string>* warnings);

// True when `bytes` is valid UTF-8.
bool IsValidUtf8(std::string_view bytes);

// Copies `bytes`, replacing each invalid UTF-8 sequence with U+FFFD. Returns the number of
// replacements in *replaced (may be null).
std::string ScrubUtf8(std::string_view bytes, size_t* replaced);

// True when `bytes` looks like binary data rather than text in some charset (NUL bytes or
// many control characters near the start, outside UTF-16).
bool LooksBinary(std::string_view bytes);

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_CHARSET_H_
