// `byline extract` as users run it: the real binary (BYLINE_BINARY), real files in a temporary
// directory, real standard input, output and exit status.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace byline::pipelines {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct RunResult {
  int status = -1;  // exit status, or -1 when the process did not exit normally
  std::string out;
  std::string err;
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const fs::path& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

// A page with a canonical URL, a title and two paragraphs.
std::string GoodPage(const std::string& name) {
  return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + name +
         " raises $40 million</title></head><body><article><h1>" + name +
         " raises $40 million</h1><p>" + name +
         ", a Berlin startup that makes software for warehouse robots, said on Monday that it "
         "had raised $40 million in a Series B round led by Northgate Partners.</p><p>The "
         "company plans to use the money to open an office in Chicago and to double its "
         "engineering team to 120 people by the end of next year, chief executive Lara "
         "Brandt said.</p></article></body></html>";
}

class ExtractCliTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "byline_cli_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr) << "mkdtemp failed";
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Writes `data` to a file in the temporary directory and returns its path.
  std::string File(const std::string& name, const std::string& data) {
    const fs::path p = dir_ / name;
    WriteFile(p, data);
    return p.string();
  }

  // Runs BYLINE_BINARY with `args`, `stdin_data` as standard input; waits for it to exit.
  RunResult Run(const std::vector<std::string>& args, const std::string& stdin_data = "") {
    const fs::path in_path = dir_ / ".stdin";
    const fs::path out_path = dir_ / ".stdout";
    const fs::path err_path = dir_ / ".stderr";
    WriteFile(in_path, stdin_data);
    std::vector<std::string> argv_strings = {BYLINE_BINARY};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, in_path.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    RunResult r;
    if (rc != 0) {
      ADD_FAILURE() << "cannot start " << BYLINE_BINARY << ": error " << rc;
      return r;
    }
    int wstatus = 0;
    while (::waitpid(pid, &wstatus, 0) < 0) {
      if (errno != EINTR) {
        ADD_FAILURE() << "waitpid failed";
        return r;
      }
    }
    r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
    if (WIFSIGNALED(wstatus)) {
      ADD_FAILURE() << "byline died from signal " << WTERMSIG(wstatus);
    }
    r.out = ReadFile(out_path);
    r.err = ReadFile(err_path);
    return r;
  }

  fs::path dir_;
};

// Parses each line of ndjson output; fails the test on a line that is not a JSON object.
std::vector<json> ParseLines(const std::string& out) {
  std::vector<json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) {
      ADD_FAILURE() << "empty line in ndjson output:\n" << out;
      continue;
    }
    try {
      lines.push_back(json::parse(line));
    } catch (const json::exception& e) {
      ADD_FAILURE() << "not JSON: " << line << " (" << e.what() << ")";
    }
  }
  return lines;
}

json ParseAll(const std::string& out) {
  try {
    return json::parse(out);
  } catch (const json::exception& e) {
    ADD_FAILURE() << "output is not one JSON document: " << e.what() << "\n" << out;
    return json();
  }
}

bool IsStringOrNull(const json& j) { return j.is_string() || j.is_null(); }

// Checks the CONTRACT.md fields and their JSON types on one article object.
void ExpectContractFields(const json& o) {
  SCOPED_TRACE(o.dump().substr(0, 300));
  ASSERT_TRUE(o.is_object());
  ASSERT_FALSE(o.contains("error")) << "an error object: " << o.dump();
  for (const char* key :
       {"source", "url", "title", "authors", "published", "site", "language", "text", "entities"}) {
    EXPECT_TRUE(o.contains(key)) << "missing field " << key;
  }
  EXPECT_TRUE(o["source"].is_string());
  EXPECT_TRUE(IsStringOrNull(o["url"])) << o["url"];
  EXPECT_TRUE(IsStringOrNull(o["title"])) << o["title"];
  EXPECT_TRUE(IsStringOrNull(o["published"])) << o["published"];
  EXPECT_TRUE(IsStringOrNull(o["site"])) << o["site"];
  EXPECT_TRUE(IsStringOrNull(o["language"])) << o["language"];
  EXPECT_TRUE(o["text"].is_string());
  ASSERT_TRUE(o["authors"].is_array());
  for (const json& a : o["authors"]) EXPECT_TRUE(a.is_string()) << a;
  ASSERT_TRUE(o["entities"].is_array());
  if (!o["text"].is_string()) return;
  const std::string text = o["text"].get<std::string>();
  for (const json& e : o["entities"]) {
    ASSERT_TRUE(e.is_object()) << e;
    ASSERT_TRUE(e.contains("type") && e["type"].is_string()) << e;
    const std::string type = e["type"].get<std::string>();
    EXPECT_TRUE(type == "PERSON" || type == "ORG" || type == "MONEY") << e;
    ASSERT_TRUE(e.contains("text") && e["text"].is_string()) << e;
    ASSERT_TRUE(e.contains("start") && e["start"].is_number_unsigned()) << e;
    ASSERT_TRUE(e.contains("end") && e["end"].is_number_unsigned()) << e;
    EXPECT_TRUE(e.contains("canonical") && e["canonical"].is_string()) << e;
    const size_t start = e["start"].get<size_t>();
    const size_t end = e["end"].get<size_t>();
    ASSERT_LE(start, end) << e;
    ASSERT_LE(end, text.size()) << e;
    EXPECT_EQ(text.substr(start, end - start), e["text"].get<std::string>()) << e;
    if (type == "MONEY") {
      EXPECT_TRUE(e.contains("value") && e["value"].is_number()) << e;
      EXPECT_TRUE(e.contains("currency") && e["currency"].is_string()) << e;
    }
    if (e.contains("sentence")) {
      EXPECT_TRUE(e["sentence"].is_number_integer()) << e;
    }
  }
}

void ExpectErrorObject(const json& o, const std::string& source) {
  ASSERT_TRUE(o.is_object()) << o;
  EXPECT_EQ(o.size(), 2u) << "an error object holds source and error only: " << o.dump();
  EXPECT_EQ(o.value("source", ""), source) << o.dump();
  ASSERT_TRUE(o.contains("error") && o["error"].is_string()) << o.dump();
  EXPECT_FALSE(o["error"].get<std::string>().empty());
}

TEST_F(ExtractCliTest, NdjsonWithMissingFileInTheMiddle) {
  const std::string a = File("a.html", GoodPage("Robotix"));
  const std::string missing = (dir_ / "no_such_page.html").string();
  const std::string c = File("c.html", GoodPage("Lagerwerk"));
  RunResult r = Run({"extract", "--format", "ndjson", a, missing, c});
  EXPECT_EQ(r.status, 1) << r.err;
  std::vector<json> lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[0].value("source", ""), a);
  ExpectContractFields(lines[0]);
  ExpectErrorObject(lines[1], missing);
  EXPECT_EQ(lines[2].value("source", ""), c);
  ExpectContractFields(lines[2]);
  EXPECT_NE(lines[0]["text"].get<std::string>().find("Robotix, a Berlin startup"),
            std::string::npos)
      << lines[0]["text"];
  EXPECT_NE(lines[2]["text"].get<std::string>().find("Lagerwerk, a Berlin startup"),
            std::string::npos)
      << lines[2]["text"];
}

TEST_F(ExtractCliTest, AllGoodFilesExitZero) {
  const std::string a = File("a.html", GoodPage("Robotix"));
  const std::string b = File("b.html", GoodPage("Lagerwerk"));
  RunResult r = Run({"extract", "--format", "ndjson", a, b});
  EXPECT_EQ(r.status, 0) << r.err;
  std::vector<json> lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  for (const json& o : lines) ExpectContractFields(o);
}

TEST_F(ExtractCliTest, ManyFilesStayInOrderWithSeveralJobs) {
  std::vector<std::string> args = {"extract", "--format", "ndjson", "--jobs", "4"};
  std::vector<std::string> paths;
  for (int i = 0; i < 24; ++i) {
    const std::string name = "Company" + std::to_string(i);
    // Vary the sizes so that workers finish out of order.
    std::string page = GoodPage(name);
    if (i % 3 == 0) page += std::string(static_cast<size_t>(200'000 * (i % 4 + 1)), ' ');
    paths.push_back(File(name + ".html", page));
    args.push_back(paths.back());
  }
  RunResult r = Run(args);
  EXPECT_EQ(r.status, 0) << r.err;
  std::vector<json> lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    EXPECT_EQ(lines[i].value("source", ""), paths[i]);
    EXPECT_NE(lines[i].value("text", "").find("Company" + std::to_string(i) + ", a Berlin"),
              std::string::npos);
  }
}

TEST_F(ExtractCliTest, JsonFormatOneFileIsAnObject) {
  const std::string a = File("a.html", GoodPage("Robotix"));
  RunResult r = Run({"extract", "--format", "json", a});
  EXPECT_EQ(r.status, 0) << r.err;
  json j = ParseAll(r.out);
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j.value("source", ""), a);
  ExpectContractFields(j);
}

TEST_F(ExtractCliTest, JsonIsTheDefaultFormat) {
  const std::string a = File("a.html", GoodPage("Robotix"));
  RunResult r = Run({"extract", a});
  EXPECT_EQ(r.status, 0) << r.err;
  json j = ParseAll(r.out);
  ASSERT_TRUE(j.is_object()) << r.out;
  ExpectContractFields(j);
}

TEST_F(ExtractCliTest, JsonFormatTwoFilesIsAnArray) {
  const std::string a = File("a.html", GoodPage("Robotix"));
  const std::string b = File("b.html", GoodPage("Lagerwerk"));
  RunResult r = Run({"extract", "--format", "json", a, b});
  EXPECT_EQ(r.status, 0) << r.err;
  json j = ParseAll(r.out);
  ASSERT_TRUE(j.is_array()) << r.out;
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0].value("source", ""), a);
  EXPECT_EQ(j[1].value("source", ""), b);
  for (const json& o : j) ExpectContractFields(o);
}

TEST_F(ExtractCliTest, JsonFormatArrayHoldsErrorObjects) {
  const std::string a = File("a.html", GoodPage("Robotix"));
  const std::string missing = (dir_ / "gone.html").string();
  RunResult r = Run({"extract", "--format", "json", missing, a});
  EXPECT_EQ(r.status, 1);
  json j = ParseAll(r.out);
  ASSERT_TRUE(j.is_array()) << r.out;
  ASSERT_EQ(j.size(), 2u);
  ExpectErrorObject(j[0], missing);
  ExpectContractFields(j[1]);
}

TEST_F(ExtractCliTest, TextFlagKeepsTextVerbatim) {
  // Markup-looking text, several blank lines, double spaces, trailing newline, non-ASCII:
  // with --text nothing is parsed or normalised.
  const std::string text =
      "Halvorsen  agreed to buy Brightwave for $2.4 billion.\n\n\n"
      "  Indented line with <b>not a tag</b> & an ampersand.\n"
      "Caf\xC3\xA9 \xE2\x82\xAC"
      "14 million \xE2\x80\x94 \xE5\x8D\x8A\xE5\xB0\x8E\xE4\xBD\x93.\n";
  const std::string path = File("story.txt", text);
  RunResult r = Run({"extract", "--text", "--format", "ndjson", path});
  EXPECT_EQ(r.status, 0) << r.err;
  std::vector<json> lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  ExpectContractFields(lines[0]);
  EXPECT_EQ(lines[0].value("text", ""), text);
}

TEST_F(ExtractCliTest, DashReadsStandardInput) {
  RunResult r = Run({"extract", "--format", "ndjson", "-"}, GoodPage("Stdinio"));
  EXPECT_EQ(r.status, 0) << r.err;
  std::vector<json> lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  ExpectContractFields(lines[0]);
  EXPECT_EQ(lines[0].value("source", ""), "-");
  EXPECT_NE(lines[0].value("text", "").find("Stdinio, a Berlin startup"), std::string::npos)
      << lines[0];
}

TEST_F(ExtractCliTest, DashReadsStandardInputWithText) {
  const std::string text = "Plain text from standard input, kept as is.\n";
  RunResult r = Run({"extract", "--text", "--format", "ndjson", "-"}, text);
  EXPECT_EQ(r.status, 0) << r.err;
  std::vector<json> lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  EXPECT_EQ(lines[0].value("text", ""), text);
}

TEST_F(ExtractCliTest, UrlFlagSetsUrlWhenPageHasNone) {
  const std::string a = File("a.html", GoodPage("Robotix"));
  const std::string url = "https://news.example/2024/05/01/robotix-series-b";
  RunResult r = Run({"extract", "--format", "ndjson", "--url", url, a});
  EXPECT_EQ(r.status, 0) << r.err;
  std::vector<json> lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  ExpectContractFields(lines[0]);
  EXPECT_EQ(lines[0]["url"], url);
}

TEST_F(ExtractCliTest, WithoutUrlFlagUrlIsNullWhenPageHasNone) {
  const std::string a = File("a.html", GoodPage("Robotix"));
  RunResult r = Run({"extract", "--format", "ndjson", a});
  std::vector<json> lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  EXPECT_TRUE(lines[0]["url"].is_null()) << lines[0]["url"];
}

TEST_F(ExtractCliTest, PageCanonicalUrlWinsOverUrlFlag) {
  std::string page = GoodPage("Robotix");
  const std::string canonical = "https://news.example/robotix-raises-40-million";
  page.replace(page.find("</head>"), 0, "<link rel=\"canonical\" href=\"" + canonical + "\">");
  const std::string a = File("a.html", page);
  RunResult r = Run({"extract", "--format", "ndjson", "--url",
                     "https://news.example/robotix-raises-40-million?utm_source=feed", a});
  EXPECT_EQ(r.status, 0) << r.err;
  std::vector<json> lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  EXPECT_EQ(lines[0]["url"], canonical);
}

TEST_F(ExtractCliTest, MaxBytesRefusesBiggerFile) {
  const std::string small = File("small.html", "<p>Tiny page.</p>");
  const std::string big = File("big.html", GoodPage("Robotix"));
  RunResult r = Run({"extract", "--format", "ndjson", "--max-bytes", "100", small, big});
  EXPECT_EQ(r.status, 1) << r.err;
  std::vector<json> lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  ExpectContractFields(lines[0]);
  ExpectErrorObject(lines[1], big);
}

TEST_F(ExtractCliTest, MaxBytesRefusesBiggerStandardInput) {
  RunResult r =
      Run({"extract", "--format", "ndjson", "--max-bytes", "100", "-"}, GoodPage("Robotix"));
  EXPECT_EQ(r.status, 1) << r.err;
  std::vector<json> lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  ExpectErrorObject(lines[0], "-");
}

TEST_F(ExtractCliTest, BinaryFileIsAnErrorObject) {
  std::string png = "\x89PNG\r\n\x1a\n";
  png += std::string("\0\0\0\x0dIHDR\0\0\0\x08\0\0\0\x08\x08\x02\0\0\0", 25);
  for (int i = 0; i < 2000; ++i) png.push_back(static_cast<char>((i * 7919) & 0xFF));
  const std::string bin = File("image.html", png);
  const std::string good = File("good.html", GoodPage("Robotix"));
  RunResult r = Run({"extract", "--format", "ndjson", bin, good});
  EXPECT_EQ(r.status, 1);
  std::vector<json> lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  ExpectErrorObject(lines[0], bin);
  ExpectContractFields(lines[1]);
}

TEST_F(ExtractCliTest, DirectoryIsAnErrorObject) {
  const std::string good = File("good.html", GoodPage("Robotix"));
  RunResult r = Run({"extract", "--format", "ndjson", dir_.string(), good});
  EXPECT_EQ(r.status, 1);
  std::vector<json> lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  ExpectErrorObject(lines[0], dir_.string());
  ExpectContractFields(lines[1]);
}

TEST_F(ExtractCliTest, NonAsciiAndInvalidUtf8OutputIsValidJson) {
  std::string page = GoodPage("Caf\xC3\xA9 Robotix");
  page.replace(page.find("Berlin"), 0, "\xFF\xFE ");
  const std::string a = File("a.html", page);
  RunResult r = Run({"extract", "--format", "ndjson", a});
  EXPECT_EQ(r.status, 0) << r.err;
  std::vector<json> lines = ParseLines(r.out);  // nlohmann rejects invalid UTF-8
  ASSERT_EQ(lines.size(), 1u) << r.out;
  ExpectContractFields(lines[0]);
}

TEST_F(ExtractCliTest, UnknownFlagFailsWithMessage) {
  const std::string a = File("a.html", GoodPage("Robotix"));
  RunResult r = Run({"extract", "--no-such-flag", a});
  EXPECT_NE(r.status, 0);
  EXPECT_FALSE(r.err.empty()) << "no message on stderr";
  EXPECT_EQ(r.out.find("\"source\""), std::string::npos) << "processed files anyway: " << r.out;
}

TEST_F(ExtractCliTest, UnknownFormatFailsWithMessage) {
  const std::string a = File("a.html", GoodPage("Robotix"));
  RunResult r = Run({"extract", "--format", "xml", a});
  EXPECT_NE(r.status, 0);
  EXPECT_FALSE(r.err.empty()) << "no message on stderr";
}

TEST_F(ExtractCliTest, NoFilesFailsWithMessage) {
  RunResult r = Run({"extract"});
  EXPECT_NE(r.status, 0);
  EXPECT_FALSE(r.err.empty()) << "no message on stderr";
}

}  // namespace
}  // namespace byline::pipelines

namespace byline::pipelines {
namespace {

// Entities through the command: the watchlist file and the entity fields.
class ExtractEntitiesCliTest : public ExtractCliTest {};

TEST_F(ExtractEntitiesCliTest, EntitiesCarryTypesValuesAndSentences) {
  const std::string path =
      File("e.txt", "Halvorsen Capital raised $6 million. OpenAI CEO Sam Altman was not there.");
  RunResult r = Run({"extract", "--text", "--format", "ndjson", path});
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<json> lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  ExpectContractFields(lines[0]);
  bool money = false, person = false;
  for (const json& e : lines[0]["entities"]) {
    if (e["type"] == "MONEY") {
      money = true;
      EXPECT_EQ(e["value"].get<double>(), 6e6);
      EXPECT_EQ(e["currency"], "USD");
      EXPECT_EQ(e["sentence"], 0);
    }
    if (e["type"] == "PERSON" && e["text"] == "Sam Altman") {
      person = true;
      EXPECT_EQ(e["sentence"], 1);
    }
  }
  EXPECT_TRUE(money);
  EXPECT_TRUE(person);
}

TEST_F(ExtractEntitiesCliTest, AliasesFileForcesCanonicalNames) {
  const std::string aliases = File("watch.toml",
                                   "[[entity]]\ncanonical = \"Alphabet\"\n"
                                   "aliases = [\"Google\", \"GOOGL\"]\n");
  const std::string path = File("g.txt", "Google and GOOGL holders cheered.");
  RunResult r = Run({"extract", "--text", "--aliases", aliases, "--format", "ndjson", path});
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<json> lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  int alphabet = 0;
  for (const json& e : lines[0]["entities"]) alphabet += e["canonical"] == "Alphabet";
  EXPECT_EQ(alphabet, 2) << r.out;
}

TEST_F(ExtractEntitiesCliTest, BadAliasesFileIsAClearError) {
  const std::string aliases = File("bad.toml", "[[entity]]\ntype = \"ORG\"\n");
  const std::string path = File("g.txt", "Google.");
  RunResult r = Run({"extract", "--text", "--aliases", aliases, path});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("canonical"), std::string::npos) << r.err;
  RunResult missing = Run({"extract", "--text", "--aliases", "/nonexistent.toml", path});
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.err.find("nonexistent.toml"), std::string::npos) << missing.err;
}

TEST_F(ExtractEntitiesCliTest, NoEntitiesFlagSkipsTheStage) {
  const std::string path = File("n.txt", "Nvidia paid $5 million.");
  RunResult r = Run({"extract", "--text", "--no-entities", "--format", "ndjson", path});
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<json> lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0]["entities"].empty());
}

}  // namespace
}  // namespace byline::pipelines
