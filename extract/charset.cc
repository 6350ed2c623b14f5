// TEMPORARY STUB: being replaced by the charset implementation.
#include "extract/charset.h"
namespace byline::extract {
std::string SniffMetaCharset(std::string_view) { return ""; }
bool IsValidUtf8(std::string_view) { return true; }
std::string ScrubUtf8(std::string_view b, size_t* r) { if (r) *r = 0; return std::string(b); }
bool LooksBinary(std::string_view) { return false; }
DecodedHtml DecodeHtml(std::string_view b, std::string_view, std::vector<std::string>*) {
  return {std::string(b), "UTF-8", "default"};
}
}  // namespace byline::extract
