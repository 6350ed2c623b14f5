#include "pipelines/crawl_config.h"

#include <toml++/toml.h>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace byline::pipelines {
namespace {

std::string Normal(std::string key) {
  for (char& c : key) {
    if (c == '-') c = '_';
  }
  return key;
}

// One setter per key: reads the node into the options, or says what is wrong with it.
using Setter = std::function<std::string(const toml::node&, CrawlCommandOptions*)>;

template <typename T>
Setter Number(T CrawlCommandOptions::*field) {
  return [field](const toml::node& n, CrawlCommandOptions* o) -> std::string {
    std::optional<int64_t> v = n.value<int64_t>();
    if (!v || *v < 0) return "must be a non-negative integer";
    o->*field = static_cast<T>(*v);
    return "";
  };
}

Setter Text(std::string CrawlCommandOptions::*field) {
  return [field](const toml::node& n, CrawlCommandOptions* o) -> std::string {
    std::optional<std::string> v = n.value<std::string>();
    if (!v) return "must be a string";
    o->*field = *v;
    return "";
  };
}

Setter Flag(bool CrawlCommandOptions::*field) {
  return [field](const toml::node& n, CrawlCommandOptions* o) -> std::string {
    std::optional<bool> v = n.value<bool>();
    if (!v) return "must be true or false";
    o->*field = *v;
    return "";
  };
}

// A list key takes a string or an array of strings ("seed" or "seeds").
Setter List(std::vector<std::string> CrawlCommandOptions::*field) {
  return [field](const toml::node& n, CrawlCommandOptions* o) -> std::string {
    std::vector<std::string> out;
    if (std::optional<std::string> one = n.value<std::string>()) {
      out.push_back(*one);
    } else if (const toml::array* a = n.as_array()) {
      for (const toml::node& e : *a) {
        std::optional<std::string> v = e.value<std::string>();
        if (!v) return "must be an array of strings";
        out.push_back(*v);
      }
    } else {
      return "must be a string or an array of strings";
    }
    o->*field = std::move(out);
    return "";
  };
}

const std::map<std::string, Setter>& Setters() {
  static const auto* setters = new std::map<std::string, Setter>{
      {"db", Text(&CrawlCommandOptions::db)},
      {"seed", List(&CrawlCommandOptions::seed)},
      {"feed", List(&CrawlCommandOptions::feed)},
      {"sitemap", List(&CrawlCommandOptions::sitemap)},
      {"allow_host", List(&CrawlCommandOptions::allow_host)},
      {"include", List(&CrawlCommandOptions::include)},
      {"exclude", List(&CrawlCommandOptions::exclude)},
      {"resolve", List(&CrawlCommandOptions::resolve)},
      {"max_pages", Number(&CrawlCommandOptions::max_pages)},
      {"max_pages_per_host", Number(&CrawlCommandOptions::max_pages_per_host)},
      {"max_depth", Number(&CrawlCommandOptions::max_depth)},
      {"delay_ms", Number(&CrawlCommandOptions::delay_ms)},
      {"max_crawl_delay_ms", Number(&CrawlCommandOptions::max_crawl_delay_ms)},
      {"concurrency", Number(&CrawlCommandOptions::concurrency)},
      {"per_host_connections", Number(&CrawlCommandOptions::per_host_connections)},
      {"user_agent", Text(&CrawlCommandOptions::user_agent)},
      {"ca_file", Text(&CrawlCommandOptions::ca_file)},
      {"allow_private", Flag(&CrawlCommandOptions::allow_private)},
      {"ignore_robots", Flag(&CrawlCommandOptions::ignore_robots)},
      {"warc", Text(&CrawlCommandOptions::warc)},
      {"url_log", Text(&CrawlCommandOptions::url_log)},
      {"report", Text(&CrawlCommandOptions::report)},
      {"aliases", Text(&CrawlCommandOptions::aliases)},
      {"since", Text(&CrawlCommandOptions::since)},
      {"no_extract", Flag(&CrawlCommandOptions::no_extract)},
      {"timeout_ms", Number(&CrawlCommandOptions::timeout_ms)},
      {"connect_timeout_ms", Number(&CrawlCommandOptions::connect_timeout_ms)},
      {"max_body_bytes", Number(&CrawlCommandOptions::max_body_bytes)},
      {"max_retries", Number(&CrawlCommandOptions::max_retries)},
      {"retry_base_ms", Number(&CrawlCommandOptions::retry_base_ms)},
      {"jobs", Number(&CrawlCommandOptions::jobs)},
      {"progress", Flag(&CrawlCommandOptions::progress)},
  };
  return *setters;
}

}  // namespace

Status ParseCrawlConfig(std::string_view toml_text, const std::string& source,
                        const std::set<std::string>& given, CrawlCommandOptions* options) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    std::ostringstream why;
    why << source << ": line " << e.source().begin.line << ": " << e.description();
    return Status::InvalidInput(why.str());
  }
  // The crawl keys may sit at the top level or in a [crawl] table.
  const toml::table* table = &root;
  if (const toml::table* crawl = root["crawl"].as_table()) table = crawl;
  for (const auto& [raw_key, node] : *table) {
    std::string key = Normal(std::string(raw_key.str()));
    if (key.size() > 1 && key.back() == 's' && !Setters().count(key) &&
        Setters().count(key.substr(0, key.size() - 1))) {
      key.pop_back();  // "seeds", "feeds", "sitemaps"
    }
    auto it = Setters().find(key);
    if (it == Setters().end()) {
      if (table == &root && (key == "crawl" || key == "entity")) continue;
      return Status::InvalidInput(source + ": unknown key '" + std::string(raw_key.str()) + "'");
    }
    if (given.count(key)) continue;
    std::string problem = it->second(node, options);
    if (!problem.empty()) {
      return Status::InvalidInput(source + ": '" + std::string(raw_key.str()) + "' " + problem);
    }
  }
  return Status::Ok();
}

Status LoadCrawlConfig(const std::string& path, const std::set<std::string>& given,
                       CrawlCommandOptions* options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io("cannot read config " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return ParseCrawlConfig(text.str(), path, given, options);
}

}  // namespace byline::pipelines
