// `byline crawl` options: flags and a TOML config file with the same keys ("max-pages" or
// "max_pages"). A flag given on the command line wins over the file.
#ifndef BYLINE_PIPELINES_CRAWL_CONFIG_H_
#define BYLINE_PIPELINES_CRAWL_CONFIG_H_

#include <set>
#include <string>
#include <string_view>

#include "common/status.h"
#include "pipelines/pipelines.h"

namespace byline::pipelines {

// Reads `toml_text` into `options`, skipping keys whose flag is in `given` (flag names
// without dashes and with '_' for '-': "max_pages"). Unknown keys are an error, so a typo
// in a nightly config is caught the first night.
Status ParseCrawlConfig(std::string_view toml_text, const std::string& source,
                        const std::set<std::string>& given, CrawlCommandOptions* options);
Status LoadCrawlConfig(const std::string& path, const std::set<std::string>& given,
                       CrawlCommandOptions* options);

}  // namespace byline::pipelines

#endif  // BYLINE_PIPELINES_CRAWL_CONFIG_H_
