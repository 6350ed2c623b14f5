// Language identification for when the markup does not say: a small detector over the most
// frequent function words of common languages, plus Unicode script for CJK, Cyrillic,
// Arabic, Greek, Hebrew, Thai and others.
#ifndef BYLINE_EXTRACT_LANGUAGE_H_
#define BYLINE_EXTRACT_LANGUAGE_H_

#include <optional>
#include <string>
#include <string_view>

namespace byline::extract {

// ISO 639-1 code of the language of `utf8_text`, or nullopt when the text is too short or
// unclear. Looks at no more than the first 64 KiB.
std::optional<std::string> DetectLanguage(std::string_view utf8_text);

// "en-US", "en_GB", "EN" -> "en"; "" or junk -> nullopt.
std::optional<std::string> NormalizeLanguageTag(std::string_view tag);

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_LANGUAGE_H_
