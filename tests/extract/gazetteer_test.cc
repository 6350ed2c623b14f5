#include "extract/gazetteer.h"

#include <gtest/gtest.h>

#include <string>

namespace byline::extract {
namespace {

// Every positive below was checked against data/gazetteers/*.txt; a name the sources lack
// (e.g. "Karpathy", "DeepSeek") is not asserted either way.

TEST(GazetteerTest, KnowsCompanies) {
  const Gazetteer& g = Gazetteer::Get();
  EXPECT_TRUE(g.IsCompany("Nvidia"));
  EXPECT_TRUE(g.IsCompany("OpenAI"));
  EXPECT_TRUE(g.IsCompany("Microsoft"));
  EXPECT_TRUE(g.IsCompany("Google"));
  EXPECT_TRUE(g.IsCompany("Apple"));  // capitalised: kept although "apple" is a word
}

TEST(GazetteerTest, CompanyCaseFolding) {
  const Gazetteer& g = Gazetteer::Get();
  EXPECT_TRUE(g.IsCompany("NVIDIA"));
  EXPECT_TRUE(g.IsCompany("nvidia"));
  EXPECT_TRUE(g.IsCompany("OPENAI"));
  // Folding never turns an ordinary word into a company.
  EXPECT_FALSE(g.IsCompany("apple"));
  EXPECT_FALSE(g.IsCompany("APPLE"));
}

TEST(GazetteerTest, MultiWordCompanies) {
  const Gazetteer& g = Gazetteer::Get();
  EXPECT_TRUE(g.IsCompany("Goldman Sachs"));
  EXPECT_FALSE(g.IsCompany("Goldman Zqxwv"));
  EXPECT_FALSE(g.IsCompany("Goldman  Sachs"));
  EXPECT_FALSE(g.IsCompany(" "));
}

TEST(GazetteerTest, KnowsGivenNames) {
  const Gazetteer& g = Gazetteer::Get();
  EXPECT_TRUE(g.IsGivenName("Sam"));
  EXPECT_TRUE(g.IsGivenName("Andrej"));
  EXPECT_TRUE(g.IsGivenName("Elon"));
  EXPECT_TRUE(g.IsGivenName("sam"));  // first letter's case does not matter
  EXPECT_TRUE(g.IsGivenName("SAM"));  // headline capitals
  EXPECT_FALSE(g.IsGivenName("Zqxwv"));
}

TEST(GazetteerTest, KnowsSurnames) {
  const Gazetteer& g = Gazetteer::Get();
  EXPECT_TRUE(g.IsSurname("Altman"));
  EXPECT_TRUE(g.IsSurname("Smith"));
  EXPECT_TRUE(g.IsSurname("Huang"));
  EXPECT_TRUE(g.IsSurname("Liang"));
  EXPECT_TRUE(g.IsSurname("ALTMAN"));
  EXPECT_FALSE(g.IsSurname("Zqxwv"));
}

TEST(GazetteerTest, KnowsCommonWords) {
  const Gazetteer& g = Gazetteer::Get();
  EXPECT_TRUE(g.IsCommonWord("apple"));
  EXPECT_TRUE(g.IsCommonWord("reasoning"));
  EXPECT_TRUE(g.IsCommonWord("the"));
  EXPECT_TRUE(g.IsCommonWord("a"));
  EXPECT_TRUE(g.IsCommonWord("The"));  // sentence-start capital is forgiven
  EXPECT_FALSE(g.IsCommonWord("nvidia"));
  EXPECT_FALSE(g.IsCommonWord("xqzvbn"));
  EXPECT_FALSE(g.IsCommonWord(""));
}

TEST(GazetteerTest, KnowsPlaces) {
  const Gazetteer& g = Gazetteer::Get();
  for (const char* place :
       {"China", "Hangzhou", "Silicon Valley", "New York", "Beijing", "California", "United States",
        "US", "Hong Kong", "Middle East", "Southeast Asia", "Europe", "Shenzhen", "San Francisco",
        "Zürich", "Myanmar", "Burma"}) {
    EXPECT_TRUE(g.IsPlace(place)) << place;
  }
  EXPECT_FALSE(g.IsPlace("Wall Street"));
  EXPECT_FALSE(g.IsPlace("Zqxwv"));
  EXPECT_FALSE(g.IsPlace(""));
}

TEST(GazetteerTest, KnowsFirstLevelRegionsButNotTheWordsAndNamesTheyShare) {
  const Gazetteer& g = Gazetteer::Get();
  for (const char* region : {"Derbyshire", "Sussex", "Yorkshire", "Michoacán de Ocampo",
                             "Nuevo León", "Nuevo Leon", "Bayern", "Belgrade"}) {
    EXPECT_TRUE(g.IsPlace(region)) << region;
  }
  // Regions named like ordinary words or people ("Central", Mexico's "Hidalgo") are left out.
  for (const char* word : {"Central", "Paul", "Hidalgo", "Guerrero"}) {
    EXPECT_FALSE(g.IsPlace(word)) << word;
  }
  EXPECT_TRUE(g.IsNationality("Somali"));  // also a region of Ethiopia
}

TEST(GazetteerTest, KnowsNationalities) {
  const Gazetteer& g = Gazetteer::Get();
  EXPECT_TRUE(g.IsNationality("Chinese"));
  EXPECT_TRUE(g.IsNationality("American"));
  EXPECT_TRUE(g.IsNationality("Americans"));
  EXPECT_TRUE(g.IsNationality("European"));
  EXPECT_TRUE(g.IsNationality("Swiss"));
  EXPECT_FALSE(g.IsNationality("Bermuda"));  // a territory, not a demonym
  EXPECT_FALSE(g.IsNationality("China"));
}

TEST(GazetteerTest, NegativesAndOddInputs) {
  const Gazetteer& g = Gazetteer::Get();
  const std::string long_input(1000, 'a');
  for (std::string_view s : {std::string_view(""), std::string_view("qwrtzpxv"),
                             std::string_view("\xff\xfe"), std::string_view(long_input)}) {
    EXPECT_FALSE(g.IsCompany(s));
    EXPECT_FALSE(g.IsGivenName(s));
    EXPECT_FALSE(g.IsSurname(s));
    EXPECT_FALSE(g.IsPlace(s));
    EXPECT_FALSE(g.IsNationality(s));
  }
  // Embedded NUL must not truncate the comparison.
  EXPECT_FALSE(g.IsPlace(std::string_view("China\0x", 7)));
}

TEST(GazetteerTest, SizeAndMemoryBudget) {
  const Gazetteer& g = Gazetteer::Get();
  EXPECT_GT(g.size(), 300000u);
  EXPECT_LT(g.MemoryUsage(), 200u << 20);
  EXPECT_LT(g.MemoryUsage(), 40u << 20);  // the budget we aim for: tens of MB at most
  EXPECT_EQ(&g, &Gazetteer::Get());
}

}  // namespace
}  // namespace byline::extract
