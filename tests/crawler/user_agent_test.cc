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
