// TEMPORARY STUB: being replaced by the metadata implementation.
#include "extract/metadata.h"
namespace byline::extract {
Metadata ExtractMetadata(const Document&, std::string_view) { return {}; }
std::vector<std::string> SplitAuthors(std::string_view) { return {}; }
std::optional<std::string> NormalizeDate(std::string_view) { return std::nullopt; }
std::optional<std::string> DateFromUrl(std::string_view) { return std::nullopt; }
}  // namespace byline::extract
