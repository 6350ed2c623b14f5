// The `byline` command. Each subcommand's options map onto a Run* function in pipelines.h.
#include <CLI/CLI.hpp>
#include <iostream>

#include "pipelines/pipelines.h"

namespace {

void AddExtract(CLI::App& app, byline::pipelines::ExtractCommandOptions* o) {
  CLI::App* cmd = app.add_subcommand(
      "extract", "Print the article text and metadata of saved pages as JSON (CONTRACT.md)");
  cmd->add_option("files", o->files, "HTML files (or text files with --text); - is stdin")
      ->required();
  cmd->add_flag("--text", o->plain_text, "inputs are UTF-8 plain text, not HTML");
  cmd->add_option("--format", o->format, "json (pretty; an array for several files) or ndjson")
      ->check(CLI::IsMember({"json", "ndjson"}));
  cmd->add_option("--url", o->url, "the page's URL (canonical fallback, date from URL)");
  cmd->add_option("--max-bytes", o->max_bytes,
                  "refuse inputs larger than this many bytes (default 33554432 = 32 MiB)");
  cmd->add_option("--jobs,-j", o->jobs, "worker threads (default: one per core)");
  cmd->add_option("--aliases", o->aliases_file,
                  "watchlist TOML: [[entity]] canonical, type, aliases (forces canonical names)");
  cmd->add_flag("--no-entities", o->no_entities, "skip people, organisations and money");
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  CLI::App app{"byline: companies, people and dollar figures from the tech press"};
  app.require_subcommand(1);
  byline::pipelines::ExtractCommandOptions extract_options;
  AddExtract(app, &extract_options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (app.got_subcommand("extract")) {
    return byline::pipelines::RunExtract(extract_options, std::cout, std::cerr);
  }
  return 2;
}
