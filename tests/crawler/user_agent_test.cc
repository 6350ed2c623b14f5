#include <gtest/gtest.h>

#include "crawler/crawler.h"

namespace byline::crawler {
namespace {

// robots.txt groups name the product token; a site owner needs a way to reach us.
TEST(UserAgentTest, StartsWithProductTokenAndCarriesContact) {
  std::string ua = DefaultUserAgent();
  EXPECT_EQ(ua.rfind("byline/", 0), 0u);
  EXPECT_NE(ua.find("+http"), std::string::npos);
}

}  // namespace
}  // namespace byline::crawler

namespace byline::crawler {
namespace {

TEST(ContentTypeTest, CharsetParameter) {
  EXPECT_EQ(CharsetOfContentType("text/html; charset=ISO-8859-1"), "ISO-8859-1");
  EXPECT_EQ(CharsetOfContentType("text/html;Charset=\"utf-8\" ; x=y"), "utf-8");
  EXPECT_EQ(CharsetOfContentType("text/html"), "");
  EXPECT_EQ(CharsetOfContentType("text/html; format=flowed"), "");
  EXPECT_EQ(CharsetOfContentType(""), "");
}

}  // namespace
}  // namespace byline::crawler
