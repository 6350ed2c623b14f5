// `byline query` and `byline check`: the store's answers as a table for people, or JSON,
// NDJSON and CSV for programs. Every answer is built as JSON rows first; the table and CSV
// are renderings of the same rows.
#include <algorithm>
#include <cctype>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "extract/extract.h"
#include "pipelines/aliases_file.h"
#include "pipelines/pipelines.h"
#include "pipelines/table_text.h"
#include "store/store.h"

namespace byline::pipelines {
namespace {

using nlohmann::json;

const char* TypeName(store::EntityType t) {
  switch (t) {
    case store::EntityType::kPerson:
      return "PERSON";
    case store::EntityType::kOrg:
      return "ORG";
    case store::EntityType::kMoney:
      return "MONEY";
  }
  return "ORG";
}

bool ValidDate(const std::string& d) {
  if (d.empty()) return true;
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
  }
  int m = std::stoi(d.substr(5, 2)), day = std::stoi(d.substr(8, 2));
  return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

std::optional<store::EntityType> ParseType(std::string t, bool* ok) {
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  *ok = true;
  if (t.empty()) return std::nullopt;
  if (t == "person") return store::EntityType::kPerson;
  if (t == "org") return store::EntityType::kOrg;
  if (t == "money") return store::EntityType::kMoney;
  *ok = false;
  return std::nullopt;
}

// ENTITY as typed -> its key, through the watchlist when one is given.
std::string KeyFor(const std::string& entity, const extract::Aliases& aliases) {
  std::string key = extract::EntityKey(entity);
  for (const auto& e : aliases.entries) {
    if (extract::EntityKey(e.canonical) == key) return key;
    for (const auto& f : e.forms) {
      if (extract::EntityKey(f) == key) return extract::EntityKey(e.canonical);
    }
  }
  return key;
}

json MentionJson(const store::MentionRow& r) {
  return {{"published", r.published},
          {"type", TypeName(r.type)},
          {"text", r.surface},
          {"canonical", r.canonical},
          {"snippet", r.snippet},
          {"title", r.title},
          {"url", r.url},
          {"site", r.site},
          {"article", r.article_id},
          {"start", r.start},
          {"end", r.end}};
}

json CountJson(const store::CountRow& r) {
  return {{"entity", r.canonical}, {"type", TypeName(r.type)}, {"count", r.count}, {"key", r.key}};
}

std::string Cell(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Renders rows (objects with the same keys, in `columns` order).
void Print(const json& rows, const std::vector<std::string>& columns, const std::string& format,
           const std::string& next_cursor, std::ostream& out) {
  if (format == "json") {
    json doc = {{"rows", rows}};
    if (!next_cursor.empty()) doc["next_cursor"] = next_cursor;
    out << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    return;
  }
  if (format == "ndjson") {
    for (const json& r : rows)
      out << r.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
    if (!next_cursor.empty()) out << json{{"next_cursor", next_cursor}}.dump() << "\n";
    return;
  }
  if (format == "csv") {
    for (size_t c = 0; c < columns.size(); ++c) out << (c ? "," : "") << columns[c];
    out << "\n";
    for (const json& r : rows) {
      for (size_t c = 0; c < columns.size(); ++c) {
        out << (c ? "," : "") << CsvCell(Cell(r.value(columns[c], json())));
      }
      out << "\n";
    }
    return;
  }
  // table: columns as wide as their widest cell, long cells cut at 60 characters (snippets
  // around the row's name).
  std::vector<size_t> width(columns.size());
  std::vector<std::vector<std::string>> cells;
  for (size_t c = 0; c < columns.size(); ++c) width[c] = columns[c].size();
  for (const json& r : rows) {
    std::vector<std::string> line;
    for (size_t c = 0; c < columns.size(); ++c) {
      std::string v = Cell(r.value(columns[c], json()));
      for (char& ch : v) {
        if (ch == '\n') ch = ' ';
      }
      if (columns[c] == "snippet") {
        // Keyword in context: the sentence around the name the row is for.
        v = KeywordInContext(v, Cell(r.value("text", r.value("amount", json()))), 60);
      } else if (DisplayWidth(v) > 60) {
        v = CutToWidth(v, 57) + "...";
      }
      width[c] = std::max(width[c], DisplayWidth(v));
      line.push_back(std::move(v));
    }
    cells.push_back(std::move(line));
  }
  auto row = [&](const std::vector<std::string>& line) {
    for (size_t c = 0; c < line.size(); ++c) {
      out << (c ? "  " : "") << line[c];
      if (c + 1 < line.size()) out << std::string(width[c] - DisplayWidth(line[c]), ' ');
    }
    out << "\n";
  };
  row(columns);
  for (const auto& line : cells) row(line);
  if (rows.empty()) out << "(no results)\n";
  if (!next_cursor.empty()) out << "next page: --cursor " << next_cursor << "\n";
}

int Fail(std::ostream& err, const std::string& msg) {
  err << "byline query: " << msg << "\n";
  return 2;
}

}  // namespace

int RunQuery(const QueryCommandOptions& o, std::ostream& out, std::ostream& err) {
  static const std::vector<std::string> kFormats = {"table", "json", "ndjson", "csv"};
  if (std::find(kFormats.begin(), kFormats.end(), o.format) == kFormats.end()) {
    return Fail(err, "unknown --format '" + o.format + "' (table, json, ndjson or csv)");
  }
  if (!ValidDate(o.since)) return Fail(err, "bad --since date '" + o.since + "' (YYYY-MM-DD)");
  if (!ValidDate(o.until)) return Fail(err, "bad --until date '" + o.until + "' (YYYY-MM-DD)");
  bool type_ok = true;
  store::Filter filter;
  filter.since = o.since;
  filter.until = o.until;
  filter.site = o.site;
  filter.type = ParseType(o.type, &type_ok);
  if (!type_ok) return Fail(err, "bad --type '" + o.type + "' (person, org or money)");
  if (o.by != "day" && o.by != "week" && o.by != "month") {
    return Fail(err, "bad --by '" + o.by + "' (day, week or month)");
  }
  extract::Aliases aliases;
  if (!o.aliases_file.empty()) {
    Result<extract::Aliases> loaded = LoadAliases(o.aliases_file);
    if (!loaded.ok()) return Fail(err, loaded.status().message());
    aliases = std::move(*loaded);
  }
  static const std::vector<std::string> kSubcommands = {
      "mentions", "timeline", "top", "cooccur", "money", "article", "entities", "stats"};
  if (std::find(kSubcommands.begin(), kSubcommands.end(), o.subcommand) == kSubcommands.end()) {
    return Fail(err, "unknown subcommand '" + o.subcommand +
                         "' (mentions, timeline, top, cooccur, money, article, entities, stats)");
  }
  const bool needs_arg = o.subcommand != "top" && o.subcommand != "stats";
  if (needs_arg && o.arg.empty() && o.subcommand != "entities") {
    return Fail(err, o.subcommand + " needs an argument");
  }

  store::StoreOptions so;
  so.read_only = true;
  so.create_if_missing = false;
  so.short_lived = true;
  Result<std::unique_ptr<store::Store>> db = store::Store::Open(o.db, so);
  if (!db.ok()) return Fail(err, db.status().message());
  store::Store& s = **db;
  const std::string key = KeyFor(o.arg, aliases);

  json rows = json::array();
  std::vector<std::string> columns;
  std::string next;
  Status status;
  if (o.subcommand == "mentions") {
    Result<store::Page> page = s.Mentions(key, filter, o.limit, o.cursor);
    if (!page.ok()) return Fail(err, page.status().message());
    for (const auto& r : page->rows) rows.push_back(MentionJson(r));
    next = page->next_cursor;
    columns = {"published", "type", "text", "snippet", "title", "url"};
  } else if (o.subcommand == "timeline") {
    auto points = s.Timeline(key, filter, o.by);
    if (!points.ok()) return Fail(err, points.status().message());
    for (const auto& p : *points) {
      double share = p.total ? static_cast<double>(p.count) / p.total : 0.0;
      rows.push_back(
          {{"period", p.period}, {"count", p.count}, {"total", p.total}, {"share", share}});
    }
    columns = {"period", "count", "total", "share"};
  } else if (o.subcommand == "top" || o.subcommand == "cooccur" || o.subcommand == "entities") {
    Result<std::vector<store::CountRow>> r = o.subcommand == "top" ? s.Top(filter, o.limit)
                                             : o.subcommand == "cooccur"
                                                 ? s.Cooccur(key, filter, o.limit)
                                                 : s.Entities(key, filter, o.limit);
    if (!r.ok()) return Fail(err, r.status().message());
    for (const auto& c : *r) rows.push_back(CountJson(c));
    columns = {"entity", "type", "count"};
  } else if (o.subcommand == "money") {
    auto r = s.Money(key, filter, o.limit);
    if (!r.ok()) return Fail(err, r.status().message());
    for (const auto& m : *r) {
      json j = {{"published", m.published}, {"amount", m.surface},  {"value", m.value},
                {"currency", m.currency},   {"snippet", m.snippet}, {"url", m.url},
                {"article", m.article_id}};
      if (m.value_max) j["value_max"] = *m.value_max;
      if (m.approximate) j["approximate"] = true;
      rows.push_back(j);
    }
    columns = {"published", "amount", "value", "currency", "snippet"};
  } else if (o.subcommand == "article") {
    auto r = s.GetArticle(o.arg);
    if (!r.ok()) return Fail(err, r.status().message());
    if (*r) {
      const store::ArticleRecord& a = **r;
      for (const auto& m : a.mentions) {
        rows.push_back({{"type", TypeName(m.type)},
                        {"text", m.surface},
                        {"canonical", m.canonical},
                        {"sentence", m.sentence},
                        {"article", a.id},
                        {"title", a.title},
                        {"url", a.url},
                        {"published", a.published}});
      }
    }
    columns = {"type", "text", "canonical", "sentence"};
  } else if (o.subcommand == "stats") {
    auto st = s.GetStats();
    if (!st.ok()) return Fail(err, st.status().message());
    rows.push_back({{"articles", st->articles},
                    {"mentions", st->mentions},
                    {"entities", st->entities},
                    {"first_day", st->first_day},
                    {"last_day", st->last_day},
                    {"bytes_on_disk", st->bytes_on_disk}});
    // Where the bytes go: table-file bytes per column family (json/ndjson only, so that the
    // table and CSV keep one line).
    for (const auto& [family, bytes] : st->table_bytes) {
      rows.back()["table_bytes_" + family] = bytes;
    }
    columns = {"articles", "mentions", "entities", "first_day", "last_day", "bytes_on_disk"};
  } else {
    return Fail(err, "unknown subcommand '" + o.subcommand +
                         "' (mentions, timeline, top, cooccur, money, article, entities, stats)");
  }
  Print(rows, columns, o.format, next, out);
  return 0;
}

int RunCheck(const std::string& db_dir, std::ostream& out, std::ostream& err) {
  store::StoreOptions so;
  so.read_only = true;
  so.create_if_missing = false;
  Result<std::unique_ptr<store::Store>> db = store::Store::Open(db_dir, so);
  if (!db.ok()) {
    err << "byline check: " << db.status().message() << "\n";
    return 2;
  }
  std::vector<std::string> problems;
  Status s = (*db)->Check(&problems);
  if (!s.ok()) {
    err << "byline check: " << s.ToString() << "\n";
    return 2;
  }
  for (const auto& p : problems) out << p << "\n";
  out << (problems.empty() ? "ok: counters match mentions, every mention has its article\n"
                           : std::to_string(problems.size()) + " problems\n");
  return problems.empty() ? 0 : 1;
}

}  // namespace byline::pipelines
