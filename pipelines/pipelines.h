// pipelines: the `byline` command's stages, wired. main.cc parses the command line and calls
// one Run* function per subcommand; each returns the process exit status.
#ifndef BYLINE_PIPELINES_PIPELINES_H_
#define BYLINE_PIPELINES_PIPELINES_H_

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace byline::pipelines {

struct ExtractCommandOptions {
  std::vector<std::string> files;       // paths; "-" reads standard input
  bool plain_text = false;              // --text: inputs are UTF-8 text, not HTML
  std::string format = "json";          // "json" (pretty; an array for several files) or "ndjson"
  std::string url;                      // --url: the page's URL (applies to every file)
  size_t max_bytes = size_t{32} << 20;  // --max-bytes: larger inputs are refused per file
  unsigned jobs = 0;                    // --jobs: worker threads, 0 = one per core
  std::string aliases_file;             // --aliases: watchlist TOML, "" = none
  bool no_entities = false;             // --no-entities: skip the entity stage
};

// `byline extract`: prints one JSON object per file to `out` (CONTRACT.md), errors per file
// as {"source", "error"}; returns 0 when every file was processed, 1 otherwise.
int RunExtract(const ExtractCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace byline::pipelines

#endif  // BYLINE_PIPELINES_PIPELINES_H_
