// A test that runs the real `byline` binary against a database in a fresh temporary
// directory, removed at the end: `Run` for any command, `QueryRun` for `byline query ...
// --format json`.
#ifndef BYLINE_TESTS_PIPELINES_DB_CLI_TEST_H_
#define BYLINE_TESTS_PIPELINES_DB_CLI_TEST_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/run_byline.h"

namespace byline::testing {

class DbCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "byline_db_cli.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    db_ = (dir_ / "db").string();
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  Ran Run(const std::vector<std::string>& args) { return RunByline(args, dir_); }

  // `byline query --db DB REST... --format json`; expects exit status 0.
  Ran QueryRun(const std::vector<std::string>& rest) {
    std::vector<std::string> args = {"query", "--db", db_};
    args.insert(args.end(), rest.begin(), rest.end());
    args.insert(args.end(), {"--format", "json"});
    Ran r = Run(args);
    EXPECT_EQ(r.status, 0) << r.err;
    return r;
  }

  std::filesystem::path dir_;
  std::string db_;
};

}  // namespace byline::testing

#endif  // BYLINE_TESTS_PIPELINES_DB_CLI_TEST_H_
