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

void AddIngest(CLI::App& app, byline::pipelines::IngestCommandOptions* o) {
  CLI::App* cmd = app.add_subcommand("ingest", "Extract pages and store their mentions");
  cmd->add_option("--db", o->db, "database directory (created when missing)")->required();
  cmd->add_option("files", o->files, "HTML files (or text files with --text); - is stdin")
      ->required();
  cmd->add_flag("--text", o->plain_text, "inputs are UTF-8 plain text, not HTML");
  cmd->add_option("--aliases", o->aliases_file, "watchlist TOML applied while extracting");
  cmd->add_option("--max-bytes", o->max_bytes, "refuse inputs larger than this many bytes");
  cmd->add_option("--jobs,-j", o->jobs, "extraction threads (default: one per core)");
}

void AddQuery(CLI::App& app, byline::pipelines::QueryCommandOptions* o) {
  CLI::App* cmd =
      app.add_subcommand("query",
                         "Ask the store: mentions ENTITY, timeline ENTITY, top, cooccur ENTITY, "
                         "money ENTITY, article ID, entities PREFIX, stats");
  cmd->add_option("--db", o->db, "database directory")->required();
  cmd->add_option("subcommand", o->subcommand, "what to ask")->required();
  cmd->add_option("arg", o->arg, "the entity, article id or prefix");
  cmd->add_option("--since", o->since, "first day, YYYY-MM-DD");
  cmd->add_option("--until", o->until, "last day, YYYY-MM-DD");
  cmd->add_option("--site", o->site, "only this site");
  cmd->add_option("--type", o->type, "person, org or money");
  cmd->add_option("--by", o->by, "timeline buckets: day, week or month");
  cmd->add_option("--limit", o->limit, "rows per answer (default 20)");
  cmd->add_option("--cursor", o->cursor, "the next page of mentions");
  cmd->add_option("--format", o->format, "table, json, ndjson or csv");
  cmd->add_option("--aliases", o->aliases_file, "watchlist TOML: resolve forms to entities");
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  CLI::App app{"byline: companies, people and dollar figures from the tech press"};
  app.require_subcommand(1);
  byline::pipelines::ExtractCommandOptions extract_options;
  AddExtract(app, &extract_options);
  byline::pipelines::IngestCommandOptions ingest_options;
  AddIngest(app, &ingest_options);
  byline::pipelines::QueryCommandOptions query_options;
  AddQuery(app, &query_options);
  std::string check_db;
  CLI::App* check = app.add_subcommand(
      "check", "Verify that counters match mentions and every mention's article exists");
  check->add_option("--db", check_db, "database directory")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (app.got_subcommand("extract")) {
    return byline::pipelines::RunExtract(extract_options, std::cout, std::cerr);
  }
  if (app.got_subcommand("ingest")) {
    return byline::pipelines::RunIngest(ingest_options, std::cout, std::cerr);
  }
  if (app.got_subcommand("query")) {
    return byline::pipelines::RunQuery(query_options, std::cout, std::cerr);
  }
  if (app.got_subcommand("check"))
    return byline::pipelines::RunCheck(check_db, std::cout, std::cerr);
  return 2;
}
