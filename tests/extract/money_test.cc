#include "extract/money.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace byline::extract {
namespace {

std::string_view SpanOf(std::string_view text, const MoneyMatch& m) {
  return text.substr(m.start, m.end - m.start);
}

bool Near(double got, double want) {
  return std::fabs(got - want) <= 1e-9 * std::max(1.0, std::fabs(want));
}

// Offsets in range, sorted, disjoint, every match with a currency and a usable value.
void ExpectSane(std::string_view text, const std::vector<MoneyMatch>& found) {
  size_t previous_end = 0;
  for (const MoneyMatch& m : found) {
    ASSERT_LT(m.start, m.end);
    ASSERT_LE(m.end, text.size());
    ASSERT_GE(m.start, previous_end);
    ASSERT_EQ(m.currency.size(), 3u);
    ASSERT_TRUE(std::isfinite(m.value));
    ASSERT_GE(m.value, 0);
    if (m.value_max) {
      ASSERT_GT(*m.value_max, m.value);
    }
    previous_end = m.end;
  }
}

struct Case {
  const char* text;
  const char* span;  // the one amount expected in `text`
  double value;
  const char* currency;
  std::optional<double> value_max = std::nullopt;
  bool approximate = false;
};

void ExpectOne(const Case& c) {
  std::vector<MoneyMatch> found = FindMoney(c.text);
  ASSERT_EQ(found.size(), 1u) << c.text;
  const MoneyMatch& m = found[0];
  EXPECT_EQ(SpanOf(c.text, m), c.span) << c.text;
  EXPECT_TRUE(Near(m.value, c.value)) << c.text << ": " << m.value;
  EXPECT_EQ(m.currency, c.currency) << c.text;
  EXPECT_EQ(m.value_max.has_value(), c.value_max.has_value()) << c.text;
  if (m.value_max && c.value_max) {
    EXPECT_TRUE(Near(*m.value_max, *c.value_max)) << c.text;
  }
  EXPECT_EQ(m.approximate, c.approximate) << c.text;
}

TEST(MoneyTest, SymbolsScalesAndCodes) {
  const Case cases[] = {
      {"Lumora raised $6 million in seed funding.", "$6 million", 6e6, "USD"},
      {"Parcelpay closed a US$1.2bn round.", "US$1.2bn", 1.2e9, "USD"},
      {"Orbitale's $2.5B Series C was led by a fund.", "$2.5B", 2.5e9, "USD"},
      {"It has raised $300m to date.", "$300m", 3e8, "USD"},
      {"Veltrix crossed $1 trillion in value.", "$1 trillion", 1e12, "USD"},
      {"Accelerators wrote $25K checks.", "$25K", 25e3, "USD"},
      {"Shares closed at $13.60 on Friday.", "$13.60", 13.6, "USD"},
      {"A $1,199 laptop.", "$1,199", 1199, "USD"},
      {"The Commission fined it \xE2\x82\xAC"
       "500 million.",
       "\xE2\x82\xAC"
       "500 million",
       5e8, "EUR"},
      {"Revenue of \xC2\xA3"
       "1.2bn, up 40%.",
       "\xC2\xA3"
       "1.2bn",
       1.2e9, "GBP"},
      {"The carrier will spend \xC2\xA5"
       "150 billion.",
       "\xC2\xA5"
       "150 billion",
       1.5e11, "JPY"},
      {"Kakao paid \xE2\x82\xA9"
       "5,000 a share.",
       "\xE2\x82\xA9"
       "5,000",
       5000, "KRW"},
      {"It paid HK$3.2 billion for a stake.", "HK$3.2 billion", 3.2e9, "HKD"},
      {"Northstar raised C$50 million.", "C$50 million", 5e7, "CAD"},
      {"Koala Cloud secured A$100m.", "A$100m", 1e8, "AUD"},
      {"Grab raised S$20 million.", "S$20 million", 2e7, "SGD"},
      {"TSMC set aside NT$1 billion.", "NT$1 billion", 1e9, "TWD"},
      {"Nubank raised R$5 billion.", "R$5 billion", 5e9, "BRL"},
      {"The bank set aside CHF 250 million.", "CHF 250 million", 2.5e8, "CHF"},
      {"The drone maker raised RMB 1 billion.", "RMB 1 billion", 1e9, "CNY"},
      {"It raised CN\xC2\xA5"
       "2 billion.",
       "CN\xC2\xA5"
       "2 billion",
       2e9, "CNY"},
      {"The grant, worth USD 300,000, funds two years.", "USD 300,000", 3e5, "USD"},
      {"The round was EUR 5m.", "EUR 5m", 5e6, "EUR"},
      {"A prize of 300,000 USD.", "300,000 USD", 3e5, "USD"},
      {"Pay Kiran 10eur today.", "10eur", 10, "EUR"},
      {"Vidyashala will raise \xE2\x82\xB9"
       "1,200 crore.",
       "\xE2\x82\xB9"
       "1,200 crore",
       1.2e10, "INR"},
      {"Jio raised Rs 1.5 lakh crore.", "Rs 1.5 lakh crore", 1.5e12, "INR"},
      {"A loan of Rs. 20.", "Rs. 20", 20, "INR"},
      {"It fell to $0.5bn.", "$0.5bn", 5e8, "USD"},
      {"A $5-million deal.", "$5-million", 5e6, "USD"},
      {"The miner earned $US10 million.", "$US10 million", 1e7, "USD"},
      {"A song costs $.99 on the store.", "$.99", 0.99, "USD"},
  };
  for (const Case& c : cases) ExpectOne(c);
}

TEST(MoneyTest, CurrencyWordsAndSpelledNumbers) {
  const Case cases[] = {
      {"A buyback worth 1.5 billion dollars.", "1.5 billion dollars", 1.5e9, "USD"},
      {"It will invest 80 trillion won in a fab.", "80 trillion won", 8e13, "KRW"},
      {"He was fined 5,000 euros.", "5,000 euros", 5000, "EUR"},
      {"It cost ten pounds.", "ten pounds", 10, "GBP"},
      {"A coffee is 500 yen.", "500 yen", 500, "JPY"},
      {"Alibaba spent 380 billion yuan.", "380 billion yuan", 3.8e11, "CNY"},
      {"A ticket is 20 rupees.", "20 rupees", 20, "INR"},
      {"Klarna raised 6 billion kronor.", "6 billion kronor", 6e9, "SEK"},
      {"It paid 42 Kuwaiti dinars.", "42 Kuwaiti dinars", 42, "KWD"},
      {"A fine of 10 shekels.", "10 shekels", 10, "ILS"},
      {"Stamps cost 50 cents more.", "50 cents", 0.5, "USD"},
      {"It costs a dollar.", "a dollar", 1, "USD"},
      {"It costs one dollar.", "one dollar", 1, "USD"},
      {"She gave five million dollars.", "five million dollars", 5e6, "USD"},
      {"It is a billion dollars.", "a billion dollars", 1e9, "USD"},
      {"It burned half a billion dollars.", "half a billion dollars", 5e8, "USD"},
      {"It spent a quarter of a billion dollars.", "a quarter of a billion dollars", 2.5e8, "USD"},
      {"That costs twenty bucks.", "twenty bucks", 20, "USD"},
      {"It cost forty-two dollars.", "forty-two dollars", 42, "USD"},
      {"He paid 10 grand for it.", "10 grand", 1e4, "USD"},
      {"Four crore rupees were seized.", "Four crore rupees", 4e7, "INR"},
      {"Five lakhs rupees.", "Five lakhs rupees", 5e5, "INR"},
      {"It costs $20 and 43 cents.", "$20 and 43 cents", 20.43, "USD"},
      {"It costs 20 dollars 43 cents.", "20 dollars 43 cents", 20.43, "USD"},
      {"US$3 and fourteen", "US$3 and fourteen", 3.14, "USD"},
      {"A 10-dollar bill.", "10-dollar", 10, "USD"},
      {"A 10$ fee.", "10$", 10, "USD"},
      {"A 20\xE2\x82\xAC fee.", "20\xE2\x82\xAC", 20, "EUR"},
  };
  for (const Case& c : cases) ExpectOne(c);
}

TEST(MoneyTest, OnlyTheAmountOfAPrice) {
  const Case cases[] = {
      {"The new tier costs $4.99 a month.", "$4.99", 4.99, "USD"},
      {"A $4.99-a-month plan.", "$4.99", 4.99, "USD"},
      {"Each seat costs $30 per user per month.", "$30", 30, "USD"},
      {"It costs $15 per million output tokens.", "$15", 15, "USD"},
      {"Stickers cost $0.99 each.", "$0.99", 0.99, "USD"},
  };
  for (const Case& c : cases) ExpectOne(c);
}

TEST(MoneyTest, HedgesAreInsideTheSpanAndApproximate) {
  const char* hedges[] = {"more than", "over",         "about",     "around",        "nearly",
                          "almost",    "roughly",      "some",      "at least",      "as much as",
                          "up to",     "under",        "less than", "approximately", "an estimated",
                          "close to",  "no more than", "just over"};
  for (const char* hedge : hedges) {
    std::string span = std::string(hedge) + " $5 million";
    std::string text = "It made " + span + " last year.";
    std::vector<MoneyMatch> found = FindMoney(text);
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(SpanOf(text, found[0]), span);
    EXPECT_TRUE(Near(found[0].value, 5e6)) << text;
    EXPECT_TRUE(found[0].approximate) << text;
  }
}

TEST(MoneyTest, VagueAmountsTakeTheirLowerBound) {
  const Case cases[] = {
      {"It would cost tens of millions of dollars.", "tens of millions of dollars", 1e7, "USD",
       std::nullopt, true},
      {"It will spend hundreds of millions of dollars.", "hundreds of millions of dollars", 1e8,
       "USD", std::nullopt, true},
      {"Billions of dollars were lost.", "Billions of dollars", 1e9, "USD", std::nullopt, true},
      {"It raised hundreds of thousands of dollars.", "hundreds of thousands of dollars", 1e5,
       "USD", std::nullopt, true},
      {"It spent several million euros.", "several million euros", 3e6, "EUR", std::nullopt, true},
      {"A multibillion-dollar industry.", "multibillion-dollar", 1e9, "USD", std::nullopt, true},
  };
  for (const Case& c : cases) ExpectOne(c);
}

TEST(MoneyTest, RangesAreOneMatch) {
  const Case cases[] = {
      {"A settlement in the $5-10 million range.", "$5-10 million", 5e6, "USD", 1e7},
      {"It seeks between $2 million and $3 million.", "between $2 million and $3 million", 2e6,
       "USD", 3e6},
      {"Capex of $60 billion to $65 billion this year.", "$60 billion to $65 billion", 6e10, "USD",
       6.5e10},
      {"It raised $5m\xE2\x80\x93$10m.", "$5m\xE2\x80\x93$10m", 5e6, "USD", 1e7},
      {"Prices range from 10 to 20 dollars.", "from 10 to 20 dollars", 10, "USD", 20},
      {"7-9 lakh rupees", "7-9 lakh rupees", 7e5, "INR", 9e5},
      {"around 10-20 dollars", "around 10-20 dollars", 10, "USD", 20, true},
      {"about $10-$20", "about $10-$20", 10, "USD", 20, true},
      {"Salaries between $150,000 and $300,000.", "between $150,000 and $300,000", 1.5e5, "USD",
       3e5},
      // A low end above the high end is no range: only the amount with a currency is left.
      {"between 3 and 1 dollars", "1 dollars", 1, "USD"},
  };
  for (const Case& c : cases) ExpectOne(c);
}

TEST(MoneyTest, TwoAmounts) {
  std::string text =
      "Kairo Labs raised \xC2\xA5"
      "2 billion ($13.4 million) from investors.";
  std::vector<MoneyMatch> found = FindMoney(text);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(SpanOf(text, found[0]),
            "\xC2\xA5"
            "2 billion");
  EXPECT_EQ(found[0].currency, "JPY");
  EXPECT_TRUE(Near(found[0].value, 2e9));
  EXPECT_EQ(SpanOf(text, found[1]), "$13.4 million");
  EXPECT_EQ(found[1].currency, "USD");
  EXPECT_TRUE(Near(found[1].value, 13.4e6));
  ExpectSane(text, found);
}

TEST(MoneyTest, StepsAndChangesAreTwoAmounts) {
  const char* texts[] = {
      "October crude rose 44 cents to $22.15 a barrel.",
      "Revenue rose from $5 million to $10 million.",
      "The kit drops to $299 from $399 next month.",
      "Apple raised the price from $2.99 to $3.99.",
  };
  for (const char* text : texts) {
    std::vector<MoneyMatch> found = FindMoney(text);
    EXPECT_EQ(found.size(), 2u) << text;
    for (const MoneyMatch& m : found) EXPECT_FALSE(m.value_max.has_value()) << text;
  }
}

TEST(MoneyTest, TableRowsAndRates) {
  std::string row = "6 MONTHS Shr C$ 0.12 C$ 0.15 Net 3,674";
  std::vector<MoneyMatch> found = FindMoney(row);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(SpanOf(row, found[0]), "C$ 0.12");
  EXPECT_EQ(SpanOf(row, found[1]), "C$ 0.15");
  std::string rate = "Gold fixed at $388.50. ($1=.6421 Sterling)";
  found = FindMoney(rate);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(SpanOf(rate, found[1]), "$1");
}

TEST(MoneyTest, OffsetsAreUtf8Bytes) {
  // "Café “deal”: €5m." — the euro sign starts after 18 bytes.
  std::string text =
      "Caf\xC3\xA9 \xE2\x80\x9C"
      "deal\xE2\x80\x9D: \xE2\x82\xAC"
      "5m.";
  std::vector<MoneyMatch> found = FindMoney(text);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].start, 18u);
  EXPECT_EQ(found[0].end, 23u);
}

TEST(MoneyTest, TheTextSettlesAmbiguousSymbols) {
  std::vector<MoneyMatch> yuan = FindMoney(
      "Xiaomi raised \xC2\xA5"
      "500 million; the yuan has weakened.");
  ASSERT_EQ(yuan.size(), 1u);
  EXPECT_EQ(yuan[0].currency, "CNY");
  std::vector<MoneyMatch> kronor = FindMoney("The Swedish startup raised 40 million kr.");
  ASSERT_EQ(kronor.size(), 1u);
  EXPECT_EQ(kronor[0].currency, "SEK");
  // "kr" alone could be four currencies.
  EXPECT_TRUE(FindMoney("It raised 40 million kr.").empty());
}

TEST(MoneyTest, NotMoney) {
  const char* texts[] = {
      "Shares of $NVDA and $AMD rose in premarket trading.",
      "The app now has 5 million users, up from 3 million in 2023.",
      "DeepSeek's R1 model matched GPT-4 in January 2025.",
      "Revenue grew 35% year over year.",
      "Llama 3.1 405B was trained on more than 15 trillion tokens.",
      "A grand jury in San Francisco indicted two engineers.",
      "The phone has 12GB of RAM and a 5,000mAh battery.",
      "The model has a context window of 1M tokens.",
      "PHP 8.3 was released with new features.",
      "TOP 10 AI startups of 2024.",
      "EUR/USD traded at 1.0850.",
      "The CVE-2024-3094 backdoor affected versions 5.6.0 and 5.6.1.",
      "He won 3 medals at the Olympics.",
      "The laptop weighs 3 pounds.",
      "The Euro 2024 tournament drew a crowd.",
      "PARIS 1996-08-31 Euro 96 absentee.",
      "The rapper 50 Cent performed.",
      "exactly dollars",
      "grand",
      "about 5",
      "7.2",
      "Lead times for A100 and H100 accelerators stretch to 36 weeks.",
      "The S&P 500 closed at a record 5,800 points.",
      "CRICKET - ENGLAND 326 ALL OUT V PAKISTAN.",
      "It forecast an end 1997 peso in the range of 9.20-9.40.",
      "The table is in CZK 000.",
  };
  for (const char* text : texts) {
    std::vector<MoneyMatch> found = FindMoney(text);
    EXPECT_TRUE(found.empty()) << text << " -> " << SpanOf(text, found[0]);
  }
}

TEST(MoneyTest, SortedAndDisjoint) {
  std::string text =
      "The subsidy totals $52.7 billion, of which $39 billion is for factories; "
      "Quantiva paid $32 billion, and its bid of \xE2\x82\xAC"
      "1.1bn ($1.2bn) failed.";
  std::vector<MoneyMatch> found = FindMoney(text);
  EXPECT_EQ(found.size(), 5u);
  ExpectSane(text, found);
}

// Hostile inputs: these must finish (in linear time) and give sane results.

TEST(MoneyHostileTest, AMillionDollarSigns) {
  std::string text(1'000'000, '$');
  std::vector<MoneyMatch> found = FindMoney(text);
  EXPECT_TRUE(found.empty());
}

TEST(MoneyHostileTest, TenMegabytesWithoutSpaces) {
  std::string text;
  text.reserve(10'000'000);
  while (text.size() < 10'000'000) {
    text += "abcdefghij0123456789KLMNOPQRST,.-/";
    if (text.size() % 65536 < 34) text += "$5";
  }
  std::vector<MoneyMatch> found = FindMoney(text);
  ExpectSane(text, found);
}

TEST(MoneyHostileTest, DenseAmountsAndLongDigitRuns) {
  std::string dense;
  for (int i = 0; i < 100'000; ++i) dense += "$1 ";
  std::vector<MoneyMatch> found = FindMoney(dense);
  EXPECT_EQ(found.size(), 100'000u);
  ExpectSane(dense, found);
  std::string digits = "$" + std::string(10'000'000, '7') + " million";
  found = FindMoney(digits);
  EXPECT_TRUE(found.empty());  // too many digits to be an amount
}

TEST(MoneyHostileTest, InvalidUtf8) {
  std::mt19937 rng(42);
  std::string text(1'000'000, '\0');
  for (char& c : text) c = static_cast<char>(rng());
  ExpectSane(text, FindMoney(text));
  std::string broken =
      "\xFF$\xFE"
      "5 million \xC3 \xE2\x82 $7\xE2\x82\xAC \xF0\x9F\x92";
  std::vector<MoneyMatch> found = FindMoney(broken);
  ExpectSane(broken, found);
  EXPECT_FALSE(found.empty());
}

}  // namespace
}  // namespace byline::extract
