// People and organisations (extract/names.cc): spans, types, canonical names.
#include "extract/names.h"

#include <gtest/gtest.h>

#include <string>

namespace byline::extract {
namespace {

struct Found {
  std::string type, text, canonical;
};

std::vector<Found> Names(std::string_view text) {
  std::vector<Found> out;
  for (const NameMatch& m : FindNames(text)) {
    out.push_back({m.type == NameMatch::Type::kPerson ? "PERSON" : "ORG",
                   std::string(text.substr(m.start, m.end - m.start)), m.canonical});
  }
  return out;
}

bool Has(const std::vector<Found>& f, const std::string& type, const std::string& text,
         const std::string& canonical = "") {
  for (const Found& x : f) {
    if (x.type == type && x.text == text && (canonical.empty() || x.canonical == canonical)) {
      return true;
    }
  }
  return false;
}

int Count(const std::vector<Found>& f, const std::string& type, const std::string& text) {
  int n = 0;
  for (const Found& x : f) n += x.type == type && x.text == text;
  return n;
}

bool HasText(const std::vector<Found>& f, const std::string& text) {
  for (const Found& x : f) {
    if (x.text == text) return true;
  }
  return false;
}

TEST(NamesTest, RoleSplitsOrganisationFromPerson) {
  auto f = Names("Leaders like OpenAI CEO Sam Altman agonized in public.");
  EXPECT_TRUE(Has(f, "ORG", "OpenAI"));
  EXPECT_TRUE(Has(f, "PERSON", "Sam Altman"));
  EXPECT_FALSE(HasText(f, "CEO"));
}

TEST(NamesTest, TitlesAndPossessivesStayOutside) {
  auto f = Names("On Monday, President Joe Biden met Nvidia's chief executive, Jensen Huang.");
  EXPECT_TRUE(Has(f, "PERSON", "Joe Biden"));
  EXPECT_TRUE(Has(f, "ORG", "Nvidia"));
  EXPECT_FALSE(HasText(f, "Nvidia's"));
}

TEST(NamesTest, ShortMentionsResolveToFullName) {
  auto f = Names("Andrej Karpathy called it a joke of a budget. Later, Karpathy said more.");
  EXPECT_TRUE(Has(f, "PERSON", "Andrej Karpathy"));
  EXPECT_TRUE(Has(f, "PERSON", "Karpathy", "Andrej Karpathy"));
}

TEST(NamesTest, LegalFormInSpanNotInCanonical) {
  auto f = Names("Shares of Nvidia Corp. rose while Lumora Technologies Inc. fell.");
  EXPECT_TRUE(Has(f, "ORG", "Nvidia Corp.", "Nvidia"));
  EXPECT_TRUE(Has(f, "ORG", "Lumora Technologies Inc.", "Lumora Technologies"));
}

TEST(NamesTest, PlacesNationalitiesAndProductsAreNotEntities) {
  auto f = Names(
      "Hangzhou-based DeepSeek released R1, a rival to Silicon Valley models. "
      "Chinese firms in China watched as the MacBook and two new MacBooks shipped.");
  EXPECT_TRUE(Has(f, "ORG", "DeepSeek"));
  for (const char* no : {"Hangzhou", "R1", "Silicon Valley", "Chinese", "China", "MacBooks"}) {
    EXPECT_FALSE(HasText(f, no)) << no;
  }
}

TEST(NamesTest, ContextCuesMakeOrganisations) {
  auto f = Names(
      "The offshoot of a hedge fund called High-Flyer released it. "
      "Zentrix, a Chinese AI startup, followed.");
  EXPECT_TRUE(Has(f, "ORG", "High-Flyer"));
  EXPECT_TRUE(Has(f, "ORG", "Zentrix"));
}

TEST(NamesTest, OrganisationHeadWordsAndAmpersands) {
  auto f = Names(
      "He teaches at George Washington University and consults for AT&T and the "
      "Federal Reserve Bank of New York.");
  EXPECT_TRUE(Has(f, "ORG", "George Washington University"));
  EXPECT_TRUE(Has(f, "ORG", "AT&T"));
  EXPECT_TRUE(Has(f, "ORG", "Federal Reserve Bank of New York"));
}

TEST(NamesTest, SentenceInitialOrdinaryWordsAreDropped) {
  auto f = Names("But the deal closed. After that, Microsoft moved on.");
  EXPECT_FALSE(HasText(f, "But"));
  EXPECT_FALSE(HasText(f, "After"));
  EXPECT_TRUE(Has(f, "ORG", "Microsoft"));
}

TEST(NamesTest, AllCapsHeadlinesAreSkipped) {
  auto f = Names("CHINA LAUNCHES AN AI COMEBACK\nDeepSeek did it.");
  EXPECT_FALSE(HasText(f, "CHINA"));
  EXPECT_FALSE(HasText(f, "COMEBACK"));
}

TEST(NamesTest, AcronymsTakeTheNameTheySpell) {
  auto f = Names("The California Public Utilities Commission (CPUC) ruled. The CPUC said so.");
  EXPECT_TRUE(Has(f, "ORG", "CPUC", "California Public Utilities Commission"));
}

TEST(NamesTest, HostileTextFinishes) {
  std::string caps(2'000'000, 'A');
  for (size_t i = 7; i < caps.size(); i += 8) caps[i] = ' ';
  EXPECT_NO_FATAL_FAILURE(FindNames(caps));
  std::string nospace(1'000'000, 'x');
  EXPECT_TRUE(FindNames(nospace).empty());
  std::string words;
  for (int i = 0; i < 100'000; ++i) words += "Alpha Beta ";
  EXPECT_NO_FATAL_FAILURE(FindNames(words));
}

TEST(NamesTest, ListsShareTheKindOfTheirDecidedNames) {
  auto f = Names("Neo-banks have names like Chime, Varo, SoFi, Current, GoBank and Monzo.");
  for (const char* org : {"Chime", "Varo", "SoFi", "Current", "GoBank"}) {
    EXPECT_TRUE(Has(f, "ORG", org)) << org;
  }
}

TEST(NamesTest, OrdinaryFirstWordBelongsToACompanyNamedSo) {
  auto f = Names("Lumen Silicon, a chip startup founded by former engineers, raised money.");
  EXPECT_TRUE(Has(f, "ORG", "Lumen Silicon"));
  EXPECT_FALSE(HasText(f, "Silicon"));
}

TEST(NamesTest, PlacesPlayingAMatchAreTeams) {
  auto f = Names("In cricket, Leicestershire beat Somerset by an innings. Rain fell in Leicester.");
  EXPECT_TRUE(Has(f, "ORG", "Leicestershire"));
  EXPECT_TRUE(Has(f, "ORG", "Somerset"));
  EXPECT_FALSE(HasText(f, "Leicester"));
}

TEST(NamesTest, ScoresMakeSidesAndSidesStayTeamsInTheDocument) {
  auto f = Names(
      "The title rivals are Essex and Surrey.\nIn London: Warwickshire 195, Surrey 429-7 (C. "
      "Lewis 80 not out), Essex 195.\nLONDON 1996-08-30\nIn Paris 2024 was a good year.");
  EXPECT_EQ(Count(f, "ORG", "Surrey"), 2);  // the side, and the same club in the first line
  EXPECT_EQ(Count(f, "ORG", "Essex"), 2);
  EXPECT_TRUE(Has(f, "PERSON", "C. Lewis"));  // a batsman's score, not a side's
  EXPECT_FALSE(HasText(f, "LONDON"));         // a dateline, not a score
  EXPECT_FALSE(HasText(f, "Paris"));          // a year, not a score
}

TEST(NamesTest, WhereCountiesPlayWeakerCuesNameSides) {
  auto f = Names(
      "Leicestershire beat Somerset by an innings.\nDerbyshire kept up the hunt by reducing "
      "Worcestershire to 133 for five.\nKent had reached 108 against struggling "
      "Nottinghamshire.\nEssex and Kent both face tense finishes at Headingley in Yorkshire.");
  for (const char* side : {"Leicestershire", "Worcestershire", "Nottinghamshire", "Essex"}) {
    EXPECT_TRUE(Has(f, "ORG", side)) << side;
  }
  EXPECT_EQ(Count(f, "ORG", "Kent"), 2);
  EXPECT_FALSE(HasText(f, "Yorkshire"));  // a venue's county, never a side here
}

TEST(NamesTest, TablesResultsAndFixturesNameSidesInCapitals) {
  auto f = Names(
      "BASEBALL - MAJOR LEAGUE STANDINGS.\nNEW YORK 1996-08-30\nEASTERN DIVISION\nW L PCT GB\n"
      "NEW YORK 74 59 .556 -\nBALTIMORE 70 63 .526 4\nKANSAS CITY 61 74 .452 20\n"
      "FRIDAY, AUGUST 30 SCHEDULE\nKANSAS CITY AT DETROIT\nBALTIMORE AT NEW YORK\n");
  EXPECT_EQ(Count(f, "ORG", "NEW YORK"), 1);  // the table's row; not the dateline, not the venue
  EXPECT_EQ(Count(f, "ORG", "BALTIMORE"), 2);
  EXPECT_EQ(Count(f, "ORG", "KANSAS CITY"), 2);
  EXPECT_FALSE(HasText(f, "DETROIT"));  // a venue
  auto r = Names("Results on Saturday:\nLotte 6 Hyundai 2\nEast Fife 2 Ross County 1\n");
  for (const char* side : {"Lotte", "Hyundai", "East Fife", "Ross County"}) {
    EXPECT_TRUE(Has(r, "ORG", side)) << side;
  }
  auto n = Names("BAGHDAD 1996-08-31\nTelephone: (6221) 384-6364.\nAttendance 35,000.\n");
  EXPECT_TRUE(n.empty());
}

TEST(NamesTest, CountiesOutsideSportStayPlaces) {
  auto f = Names("Floods closed roads in Derbyshire and Yorkshire, and reached 300 homes.");
  EXPECT_FALSE(HasText(f, "Derbyshire"));
  EXPECT_FALSE(HasText(f, "Yorkshire"));
}

TEST(NamesTest, NationalTeamsStayPlaces) {
  auto f = Names("Brazil beat Italy 3-0 in the final. Argentina 2 Germany 1. England beat Wales.");
  for (const char* country : {"Brazil", "Italy", "Argentina", "Germany", "England"}) {
    EXPECT_FALSE(HasText(f, country)) << country;
  }
}

TEST(NamesTest, NationalityBeforeANameIsNotPartOfIt) {
  auto f = Names("Australian Tom Moody took six wickets. Eagles owner Jeffrey Lurie said so.");
  EXPECT_TRUE(Has(f, "PERSON", "Tom Moody"));
  EXPECT_TRUE(Has(f, "PERSON", "Jeffrey Lurie"));
  EXPECT_FALSE(HasText(f, "Australian Tom Moody"));
}

TEST(NamesTest, KoreanGivenNamesKeepTheirLowerCaseSyllable) {
  auto f = Names(
      "He met North Korea's leader, Kim Jong-un, in Hanoi. Samsung heir Lee Jae-yong "
      "was there. A Tim Cook-led Apple and a Kim Sign-up page were not.");
  EXPECT_TRUE(Has(f, "PERSON", "Kim Jong-un"));
  EXPECT_TRUE(Has(f, "PERSON", "Lee Jae-yong"));
  EXPECT_FALSE(HasText(f, "Kim Jong"));
  EXPECT_FALSE(HasText(f, "Tim Cook-led"));
  EXPECT_FALSE(HasText(f, "Kim Sign-up"));
}

TEST(NamesTest, HeIsAChineseNameNextToAnUnknownName) {
  auto f = Names(
      "Trump met Liu He, China's top negotiator. He Jianxiong, a former IMF director, "
      "disagreed. Liu said no. He Said She Said is a film. He Apple.");
  EXPECT_TRUE(Has(f, "PERSON", "Liu He"));
  EXPECT_TRUE(Has(f, "PERSON", "He Jianxiong"));
  EXPECT_TRUE(Has(f, "PERSON", "Liu", "Liu He"));
  EXPECT_FALSE(HasText(f, "Jianxiong"));
  EXPECT_FALSE(HasText(f, "He Said"));
  EXPECT_FALSE(HasText(f, "He Apple"));
}

TEST(NamesTest, SidesAroundVersusAreOrganisations) {
  auto f = Names("A: Broncos vs. Raiders at Mile High Stadium.\nA: Bob Marley and Drake.");
  EXPECT_TRUE(Has(f, "ORG", "Broncos"));
  EXPECT_TRUE(Has(f, "ORG", "Raiders"));
  EXPECT_FALSE(HasText(f, "Mile High Stadium"));
}

TEST(NamesTest, TheBeforeAPluralNameInsideASentenceIsABand) {
  auto f = Names(
      "Favourites: Bob Marley, Bruno Mars, Drake, The Eagles, Jay Z, Frank Sinatra. We flew to The "
      "Netherlands.");
  EXPECT_TRUE(Has(f, "ORG", "The Eagles"));
  EXPECT_TRUE(Has(f, "PERSON", "Drake"));  // the list's people outnumber its one band
  EXPECT_FALSE(HasText(f, "Eagles"));
  EXPECT_FALSE(HasText(f, "The Netherlands"));
  EXPECT_FALSE(HasText(f, "Netherlands"));
}

TEST(NamesTest, ACompanysNameBeforeAWordIsNoPersonWhereItIsTheCompany) {
  auto f = Names(
      "Uber got into banking with Uber Money. The shop sells Apple's latest Apple AirPods. "
      "Later, at the Money 20/20 show, said Chase Coleman of Tiger Global.");
  EXPECT_TRUE(Has(f, "ORG", "Uber"));
  EXPECT_FALSE(HasText(f, "Uber Money"));
  EXPECT_FALSE(HasText(f, "Apple AirPods"));
  EXPECT_FALSE(HasText(f, "Money"));
  EXPECT_TRUE(Has(f, "PERSON", "Chase Coleman"));  // no "Chase" alone here
}

TEST(NamesTest, ProductsByModelCodeNoveltyAndTitle) {
  auto f = Names(
      "Emirates will buy 30 of Boeing's 787-9 Dreamliner jets. Boeing's Dreamliner seats 300. "
      "Pricing on ecobee's latest SmartThermostat is live, and SmartThermostat ships today.\n"
      "Amazon offers the Eve Door & Window HomeKit Entry Sensor. It works with HomeKit too. "
      "Analysts at DeepSeek said so.");
  EXPECT_FALSE(HasText(f, "Dreamliner"));
  EXPECT_FALSE(HasText(f, "SmartThermostat"));
  EXPECT_FALSE(HasText(f, "HomeKit"));
  EXPECT_TRUE(Has(f, "ORG", "Boeing"));
  EXPECT_TRUE(Has(f, "ORG", "DeepSeek"));
}

TEST(NamesTest, AnExclamationMarkInsideASentenceBelongsToTheName) {
  auto f = Names("Like Yahoo!. Yahoo! said no, and Yahoo!, too. Then I joined Google! It was fun.");
  EXPECT_EQ(Count(f, "ORG", "Yahoo!"), 3);
  EXPECT_TRUE(Has(f, "ORG", "Yahoo!", "Yahoo!"));
  EXPECT_TRUE(Has(f, "ORG", "Google"));
  EXPECT_FALSE(HasText(f, "Google!"));
}

TEST(NamesTest, AirAndAPlaceIsAnAirline) {
  auto f = Names("Orders came from Kazakhstan's Air Astana and from Air New Zealand, in Astana.");
  EXPECT_TRUE(Has(f, "ORG", "Air Astana"));
  EXPECT_TRUE(Has(f, "ORG", "Air New Zealand"));
  EXPECT_FALSE(HasText(f, "Astana"));
}

TEST(NamesTest, ALabelBeforeAPriceIsNoName) {
  auto f = Names(
      "Upgrade for $900 (Orig. $1,599) or (Reg. \xE2\x82\xAC"
      "99). Sold by Sonos. $5 more.");
  EXPECT_FALSE(HasText(f, "Orig"));
  EXPECT_FALSE(HasText(f, "Reg"));
  EXPECT_TRUE(Has(f, "ORG", "Sonos"));
}

TEST(NamesTest, AnAgencyInADatelineIsAnOrganisation) {
  auto f = Names(
      "SAN FRANCISCO (AP) \xE2\x80\x94 The utility cut power.\n"
      "South Korea's Kospi Index (KOSPI) \xE2\x80\x94 fell.");
  EXPECT_TRUE(Has(f, "ORG", "AP"));
  EXPECT_FALSE(HasText(f, "SAN FRANCISCO"));
  EXPECT_FALSE(HasText(f, "KOSPI"));
}

}  // namespace
}  // namespace byline::extract
