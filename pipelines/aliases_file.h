// The watchlist/alias file: TOML naming entities and the forms that resolve to them.
//
//   [[entity]]
//   canonical = "Alphabet"
//   type = "ORG"                  # or "PERSON"; default ORG
//   aliases = ["Google", "GOOGL"]
#ifndef BYLINE_PIPELINES_ALIASES_FILE_H_
#define BYLINE_PIPELINES_ALIASES_FILE_H_

#include <string>

#include "common/status.h"
#include "extract/extract.h"

namespace byline::pipelines {

// Reads and checks the file. Fails with kNotFound/kIo when it cannot be read and
// kInvalidInput (with the line) when it is not valid TOML or not of the shape above.
Result<extract::Aliases> LoadAliases(const std::string& path);

// The same, from TOML text (for tests and config files that embed the list).
Result<extract::Aliases> ParseAliases(std::string_view toml_text, const std::string& source);

}  // namespace byline::pipelines

#endif  // BYLINE_PIPELINES_ALIASES_FILE_H_
