// Reading inputs with a size limit (pipelines/read_input.cc).
#include "pipelines/read_input.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace byline::pipelines {
namespace {

class ReadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/byline-read-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }
  std::string Write(const std::string& name, const std::string& data) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << data;
    return path;
  }
  std::string dir_;
};

TEST_F(ReadInputTest, ReadsWholeFile) {
  auto r = ReadInput(Write("a.html", "<p>hi</p>"), 1000);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, "<p>hi</p>");
}

TEST_F(ReadInputTest, MissingFileIsNotFound) {
  auto r = ReadInput(dir_ + "/nope.html", 1000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
  EXPECT_NE(r.status().message().find("No such file"), std::string::npos);
}

TEST_F(ReadInputTest, DirectoryIsInvalidInput) {
  auto r = ReadInput(dir_, 1000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
}

TEST_F(ReadInputTest, TooLargeIsRefusedBeforeReading) {
  auto r = ReadInput(Write("big.html", std::string(5000, 'x')), 4999);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kPolicy);
  EXPECT_NE(r.status().message().find("--max-bytes"), std::string::npos);
  EXPECT_TRUE(ReadInput(dir_ + "/big.html", 5000).ok());
}

}  // namespace
}  // namespace byline::pipelines
