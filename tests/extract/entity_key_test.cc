// EntityKey (extract/entity_key.cc): one key per entity however it is written.
#include <gtest/gtest.h>

#include "extract/extract.h"

namespace byline::extract {
namespace {

TEST(EntityKeyTest, CaseLegalFormsAndSpacesFold) {
  struct Case {
    const char* in;
    const char* want;
  } cases[] = {
      {"Nvidia", "nvidia"},
      {"NVIDIA", "nvidia"},
      {"Nvidia Corp.", "nvidia"},
      {"  Nvidia   Corporation ", "nvidia"},
      {"Pacific Gas & Electric Co.", "pacific gas & electric"},
      {"Stra\xC3\x9F" "e AG", "strasse"},          // ß folds to ss
      {"\xEF\xBC\xAE\xEF\xBD\x96idia", "nvidia"},  // full-width letters: NFKC
      {"Inc.", "inc."},                             // a lone legal form stays
      {"", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(EntityKey(c.in), c.want) << c.in;
}

}  // namespace
}  // namespace byline::extract
