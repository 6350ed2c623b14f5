// The money lexicon: building the word, name, code and symbol tables from hand-made lists and
// ICU's currency data, and the anchor pattern from them. See money_lexicon.h.
#include "extract/money_lexicon.h"

#include <re2/re2.h>
#include <unicode/ucurr.h>
#include <unicode/uenum.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "extract/text_util.h"

namespace byline::extract::money_internal {

namespace {

// Hedges that make an amount approximate, '|'-separated; the longest one that matches wins.
constexpr std::string_view kHedges =
    "more than|over|about|around|nearly|almost|roughly|some|at least|as much as|as many as|"
    "as little as|as high as|as low as|up to|under|less than|fewer than|approximately|approx|"
    "an estimated|estimated|close to|lower than|higher than|greater than|no more than|"
    "no less than|not more than|not less than|at most|above|below|in excess of|upwards of|"
    "upward of|north of|shy of|circa|approaching|just over|just under|just above|just below|"
    "just shy of|well over|well above|well under|well below|slightly more than|"
    "slightly less than|slightly over|slightly under|a little over|a little under|"
    "a little more than|a little less than|more like";

std::string Utf8(const UChar* s, int32_t len) {
  std::string out(static_cast<size_t>(len) * 3 + 1, '\0');
  int32_t written = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &written, s, len, &status);
  if (U_FAILURE(status)) return "";
  out.resize(static_cast<size_t>(written));
  return out;
}

bool IsPlainName(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80 || c == '(') return false;
  }
  return true;
}

uint32_t SingleCodePoint(std::string_view s) {
  UChar32 c = 0;
  int32_t i = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  return (c > 0x7F && i == static_cast<int32_t>(s.size())) ? static_cast<uint32_t>(c) : 0;
}

}  // namespace

Lexicon::Lexicon() {
  AddNumberWords();
  AddFunctionWords();
  AddIcuCurrencies();
  AddCurrencyWords();
  MarkStarts();
  BuildAnchor();
}

void Lexicon::MarkStarts() {
  constexpr uint32_t kStartFlags =
      kArticle | kHalf | kHedge | kBetween | kFrom | kFew | kMulti | kMany | kNameStart;
  for (auto& [word, w] : words_) {
    w.starts = w.number >= 0 || w.vague > 0 || w.prefixable || (w.flags & kStartFlags) != 0;
  }
}

WordInfo& Lexicon::Entry(std::string_view lower) {
  WordInfo& w = words_[std::string(lower)];
  w.word = std::string(lower);
  return w;
}

void Lexicon::AddNumberWords() {
  static constexpr std::pair<std::string_view, int> kNumbers[] = {
      {"zero", 0},     {"one", 1},      {"two", 2},        {"three", 3},     {"four", 4},
      {"five", 5},     {"six", 6},      {"seven", 7},      {"eight", 8},     {"nine", 9},
      {"ten", 10},     {"eleven", 11},  {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14},
      {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
      {"twenty", 20},  {"thirty", 30},  {"forty", 40},     {"fifty", 50},    {"sixty", 60},
      {"seventy", 70}, {"eighty", 80},  {"ninety", 90}};
  for (const auto& [word, value] : kNumbers) Entry(word).number = value;
  Entry("hundred").flags |= kHundred;
  static constexpr std::pair<std::string_view, double> kScales[] = {
      {"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}, {"trillion", 1e12}, {"lakh", 1e5},
      {"lakhs", 1e5},    {"lac", 1e5},     {"lacs", 1e5},    {"crore", 1e7},     {"crores", 1e7}};
  for (const auto& [word, value] : kScales) Entry(word).scale = value;
  // Abbreviations: a single letter only when glued to the digits ("$300m", "$2.5B").
  static constexpr std::pair<std::string_view, double> kGlued[] = {
      {"k", 1e3}, {"m", 1e6}, {"mm", 1e6}, {"b", 1e9}, {"t", 1e12}};
  for (const auto& [word, value] : kGlued) {
    WordInfo& w = Entry(word);
    w.scale = value;
    w.glued_only = true;
    w.digits_only = true;
  }
  static constexpr std::pair<std::string_view, double> kAbbreviations[] = {
      {"mn", 1e6},  {"mln", 1e6}, {"mil", 1e6},  {"bn", 1e9},
      {"bln", 1e9}, {"tn", 1e12}, {"trn", 1e12}, {"cr", 1e7}};
  for (const auto& [word, value] : kAbbreviations) {
    WordInfo& w = Entry(word);
    w.scale = value;
    w.digits_only = true;
  }
  static constexpr std::pair<std::string_view, double> kVague[] = {
      {"tens", 10},      {"dozens", 12},    {"hundreds", 100},  {"thousands", 1e3},
      {"millions", 1e6}, {"billions", 1e9}, {"trillions", 1e12}};
  for (const auto& [word, value] : kVague) Entry(word).vague = value;
  static constexpr std::pair<std::string_view, double> kMultiWords[] = {
      {"multimillion", 1e6}, {"multibillion", 1e9}, {"multitrillion", 1e12}};
  for (const auto& [word, value] : kMultiWords) {
    WordInfo& w = Entry(word);
    w.scale = value;
    w.flags |= kMulti;
  }
  Entry("a").flags |= kArticle;
  Entry("an").flags |= kArticle;
  Entry("half").flags |= kHalf;
  Entry("quarter").flags |= kHalf;
  Entry("several").flags |= kFew | kMany;
  Entry("few").flags |= kFew;
  Entry("many").flags |= kMany;
}

void Lexicon::AddFunctionWords() {
  Entry("and").flags |= kAnd;
  Entry("to").flags |= kRangeTo;
  Entry("through").flags |= kRangeTo;
  Entry("thru").flags |= kRangeTo;
  Entry("between").flags |= kBetween;
  Entry("from").flags |= kFrom;
  Entry("of").flags |= kOf;
  Entry("point").flags |= kPoint;
  Entry("or").flags |= kOr;
  Entry("plus");
  for (std::string_view w : {"more", "so", "less", "above", "higher", "thereabouts"}) {
    Entry(w).flags |= kTrailHedge;
  }
  for (size_t pos = 0; pos < kHedges.size();) {
    size_t bar = std::min(kHedges.find('|', pos), kHedges.size());
    std::string_view hedge = kHedges.substr(pos, bar - pos);
    std::vector<const WordInfo*> words;
    for (size_t w = 0; w < hedge.size();) {
      size_t space = std::min(hedge.find(' ', w), hedge.size());
      words.push_back(&Entry(hedge.substr(w, space - w)));
      w = space + 1;
    }
    Entry(hedge.substr(0, hedge.find(' '))).flags |= kHedge;
    hedges_.push_back(std::move(words));
    pos = bar + 1;
  }
  static constexpr std::string_view kChangeVerbs[] = {
      "rose",      "rise",       "rises",     "rising",   "fell",       "fall",      "falls",
      "falling",   "grew",       "grow",      "grows",    "growing",    "increased", "increase",
      "increases", "increasing", "decreased", "decrease", "decreasing", "jumped",    "jump",
      "jumps",     "dropped",    "drop",      "drops",    "climbed",    "climb",     "declined",
      "decline",   "declines",   "cut",       "cuts",     "cutting",    "raised",    "raise",
      "raises",    "raising",    "lowered",   "lower",    "lowers",     "slashed",   "boosted",
      "surged",    "soared",     "plunged",   "tumbled",  "slid",       "sank",      "shrank",
      "shrunk",    "narrowed",   "widened",   "swelled",  "expanded",   "reduced",   "hiked",
      "lifted",    "doubled",    "tripled",   "trimmed",  "up",         "down",      "revised",
      "upgraded",  "downgraded", "moved",     "went",     "changed",    "improved",  "ballooned",
      "dipped",    "fallen",     "risen",     "grown",    "gone",       "soaring",   "plunging",
      "jumping",   "climbing",   "dropping"};
  for (std::string_view w : kChangeVerbs) Entry(w).flags |= kChangeVerb;
  // After these an amount is a step ("fell $2 to $50": two amounts, no range) and "above"
  // or "over" before an amount is a direction, not a hedge ("broke above $13.60").
  static constexpr std::string_view kMoveVerbs[] = {
      "rose",      "rise",         "rises",    "rising",   "risen",     "fell",      "fall",
      "falls",     "falling",      "fallen",   "gained",   "gain",      "gains",     "gaining",
      "lost",      "lose",         "loses",    "losing",   "added",     "add",       "adds",
      "adding",    "shed",         "sheds",    "jumped",   "jump",      "jumps",     "jumping",
      "dropped",   "drop",         "drops",    "dropping", "climbed",   "climb",     "climbs",
      "climbing",  "slipped",      "slip",     "slips",    "declined",  "decline",   "declines",
      "declining", "advanced",     "advance",  "advances", "eased",     "ease",      "eases",
      "edged",     "slid",         "slide",    "slides",   "sank",      "sink",      "sinks",
      "tumbled",   "plunged",      "plunge",   "surged",   "surge",     "soared",    "soar",
      "rallied",   "rally",        "dipped",   "dip",      "dips",      "up",        "down",
      "increased", "decreased",    "grew",     "cut",      "trimmed",   "lowered",   "boosted",
      "hiked",     "lifted",       "widened",  "narrowed", "shrank",    "swelled",   "by",
      "broke",     "break",        "breaks",   "broken",   "crossed",   "cross",     "crosses",
      "topped",    "stayed",       "stay",     "stays",    "remained",  "remain",    "remains",
      "held",      "hold",         "holds",    "traded",   "trade",     "trades",    "trading",
      "closed",    "close",        "closes",   "closing",  "settled",   "settle",    "ended",
      "end",       "ends",         "finished", "finish",   "opened",    "slumped",   "moved",
      "move",      "moves",        "pushed",   "push",     "recovered", "rebounded", "firmed",
      "weakened",  "strengthened", "higher",   "lower",    "went",      "go",        "goes"};
  for (std::string_view w : kMoveVerbs) Entry(w).flags |= kMoveVerb;
  static constexpr std::string_view kAfterGrandWords[] = {
      "for",  "to",   "in",   "a",    "an",   "and",  "or",   "on",     "at",     "per",
      "each", "from", "by",   "with", "that", "this", "he",   "she",    "it",     "they",
      "we",   "you",  "i",    "was",  "is",   "are",  "were", "plus",   "worth",  "apiece",
      "cash", "back", "last", "up",   "off",  "more", "less", "richer", "poorer", "short",
      "down", "over", "into", "but",  "if",   "when"};
  for (std::string_view w : kAfterGrandWords) Entry(w).flags |= kAfterGrand;
  static constexpr std::string_view kWeightWords[] = {
      "weigh",   "weighs",    "weighed", "weighing",  "weight", "weights", "heavy",
      "heavier", "lighter",   "lose",    "loses",     "lost",   "losing",  "gain",
      "gains",   "gained",    "gaining", "shed",      "ounce",  "ounces",  "lbs",
      "kg",      "kilograms", "kilos",   "overweight"};
  for (std::string_view w : kWeightWords) Entry(w).flags |= kWeightCue;
}

// ICU knows every current ISO 4217 code with its English names ("Kuwaiti dinar", "Kuwaiti
// dinars") and symbols ("HK$", "₪", "₦"), so those need no hand-made list.
void Lexicon::AddIcuCurrencies() {
  UErrorCode status = U_ZERO_ERROR;
  UEnumeration* all = ucurr_openISOCurrencies(UCURR_COMMON | UCURR_NON_DEPRECATED, &status);
  if (U_FAILURE(status)) return;
  std::unordered_map<uint32_t, std::vector<std::string>> by_symbol;
  const char* code = nullptr;
  while ((code = uenum_next(all, nullptr, &status)) != nullptr && U_SUCCESS(status)) {
    if (std::strlen(code) != 3) continue;
    codes_[code] = code;
    UChar ucode[4];
    u_charsToUChars(code, ucode, 3);
    ucode[3] = 0;
    UBool is_choice = false;
    int32_t len = 0;
    UErrorCode s = U_ZERO_ERROR;
    const UChar* name = ucurr_getName(ucode, "en", UCURR_LONG_NAME, &is_choice, &len, &s);
    if (U_SUCCESS(s)) AddName(AsciiLower(Utf8(name, len)), code);
    for (const char* count : {"one", "other"}) {
      s = U_ZERO_ERROR;
      name = ucurr_getPluralName(ucode, "en", &is_choice, count, &len, &s);
      if (U_SUCCESS(s)) AddName(AsciiLower(Utf8(name, len)), code);
    }
    for (UCurrNameStyle style : {UCURR_SYMBOL_NAME, UCURR_NARROW_SYMBOL_NAME}) {
      s = U_ZERO_ERROR;
      name = ucurr_getName(ucode, "en", style, &is_choice, &len, &s);
      if (U_FAILURE(s)) continue;
      std::string symbol = Utf8(name, len);
      if (uint32_t cp = SingleCodePoint(symbol)) by_symbol[cp].push_back(code);
      if (style == UCURR_SYMBOL_NAME && symbol.size() > 1 &&
          std::isalpha(static_cast<unsigned char>(symbol[0])) &&
          (symbol.back() == '$' || EndsWith(symbol, "\xC2\xA3") || EndsWith(symbol, "\xC2\xA5"))) {
        prefixed_symbols_[symbol] = code;  // "HK$", "CA$", "CN¥", "E£"
      }
    }
  }
  uenum_close(all);
  // A symbol several currencies share says nothing on its own; the common ones get their
  // press meaning below.
  for (auto& [cp, list] : by_symbol) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    if (list.size() == 1) symbols_[cp] = list[0];
  }
}

void Lexicon::AddName(const std::string& lower, std::string_view code) {
  if (!IsPlainName(lower)) return;
  if (lower.find_first_of(" -.&") == std::string::npos) {
    AddCurrencyWord(lower, code, /*prefixable=*/false);
    return;
  }
  names_[lower] = CurrencyName{std::string(code)};
  size_t first_end = lower.find_first_of(" -.&");
  Entry(lower.substr(0, first_end)).flags |= kNameStart;
  std::string glued;  // "egyptianpound", "saudiriyal"
  for (char c : lower) {
    if (std::isalpha(static_cast<unsigned char>(c))) glued.push_back(c);
  }
  AddCurrencyWord(glued, code, /*prefixable=*/false);
  size_t last = lower.find_last_of(" -.&");
  anchor_words_.insert(lower.substr(last + 1));
}

WordInfo& Lexicon::AddCurrencyWord(std::string_view lower, std::string_view code, bool prefixable) {
  WordInfo& w = Entry(lower);
  w.code = std::string(code);
  w.prefixable = w.prefixable || prefixable;
  anchor_words_.insert(std::string(lower));
  return w;
}

void Lexicon::AddCurrencyWords() {
  struct Unit {
    std::string_view word, code;
    bool prefixable = false;
  };
  // The bare unit words the press uses, with the currency they mean on their own.
  static constexpr Unit kUnits[] = {
      {"dollar", "USD"},   {"dollars", "USD"},       {"buck", "USD"},
      {"bucks", "USD"},    {"euro", "EUR"},          {"euros", "EUR"},
      {"pound", "GBP"},    {"pounds", "GBP"},        {"quid", "GBP"},
      {"sterling", "GBP"}, {"yen", "JPY"},           {"yuan", "CNY"},
      {"renminbi", "CNY"}, {"rupee", "INR", true},   {"rupees", "INR", true},
      {"won", "KRW"},      {"ringgit", "MYR", true}, {"ringgits", "MYR", true},
      {"shekel", "ILS"},   {"shekels", "ILS"},       {"franc", "CHF"},
      {"francs", "CHF"},   {"peso", "MXN"},          {"pesos", "MXN"},
      {"reais", "BRL"},    {"rand", "ZAR"},          {"naira", "NGN"},
      {"ruble", "RUB"},    {"rubles", "RUB"},        {"rouble", "RUB"},
      {"roubles", "RUB"},  {"lira", "TRY"},          {"liras", "TRY"},
      {"baht", "THB"},     {"dong", "VND"},          {"rupiah", "IDR"},
      {"rupiahs", "IDR"},  {"zloty", "PLN"},         {"zlotys", "PLN"},
      {"zlotych", "PLN"},  {"forint", "HUF"},        {"forints", "HUF"},
      {"koruna", "CZK"},   {"korunas", "CZK"},       {"hryvnia", "UAH"},
      {"hryvnias", "UAH"}, {"hryvnyas", "UAH"},      {"dirham", "AED"},
      {"dirhams", "AED"},  {"taka", "BDT"},          {"tugrik", "MNT"},
      {"tugriks", "MNT"},  {"tugrug", "MNT"},        {"geneh", "EGP"},
      {"krona", kKrona},   {"kronor", "SEK"},        {"krone", kKrone},
      {"kroner", kKrone}};
  for (const Unit& u : kUnits) AddCurrencyWord(u.word, u.code, u.prefixable);
  for (std::string_view w : {"dollar", "buck", "euro", "pound", "cent"}) {
    Entry(w).flags |= kArticleUnit;
  }
  // Hundredths. Alone, only the first three name a currency ("50 cents" is $0.50); the rest
  // only follow a main amount ("20 ringgit and 43 sen").
  struct Minor {
    std::string_view word, code;
  };
  static constexpr Minor kMinors[] = {
      {"cent", "USD"}, {"cents", "USD"}, {"pence", "GBP"}, {"paise", "INR"}, {"penny", ""},
      {"pennies", ""}, {"sen", ""},      {"sens", ""},     {"kopiyka", ""},  {"kopiykas", ""},
      {"kopeck", ""},  {"kopecks", ""},  {"kopek", ""},    {"kopeks", ""},   {"paisa", ""},
      {"centavo", ""}, {"centavos", ""}, {"centime", ""},  {"centimes", ""}, {"c", ""}};
  for (const Minor& m : kMinors) {
    WordInfo& w = Entry(m.word);
    w.code = std::string(m.code);
    w.unit = 0.01;
    w.minor = true;
    if (m.word != "c") anchor_words_.insert(std::string(m.word));
  }
  WordInfo& grand = AddCurrencyWord("grand", "USD", false);
  grand.unit = 1000;
  grand.flags |= kArticleUnit;
  // Spellings ICU does not list.
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"malaysia ringgit", "MYR"},  {"malaysia ringgits", "MYR"},  {"pounds sterling", "GBP"},
      {"pound sterling", "GBP"},    {"u.s. dollar", "USD"},        {"u.s. dollars", "USD"},
      {"american dollars", "USD"},  {"genihat masriya", "EGP"},    {"new shekel", "ILS"},
      {"new shekels", "ILS"},       {"korean won", "KRW"},         {"chinese renminbi", "CNY"},
      {"taiwan dollar", "TWD"},     {"taiwan dollars", "TWD"},     {"taiwanese dollars", "TWD"},
      {"brazilian reais", "BRL"},   {"russian roubles", "RUB"},    {"icelandic krona", "ISK"},
      {"icelandic kronur", "ISK"},  {"emirati dirhams", "AED"},    {"czech crowns", "CZK"},
      {"argentinian pesos", "ARS"}, {"singaporean dollars", "SGD"}};
  for (const auto& [name, code] : kNames) AddName(std::string(name), code);
  names_["euro cent"] = CurrencyName{"EUR", 0.01, true};
  names_["euro cents"] = CurrencyName{"EUR", 0.01, true};
  Entry("euro").flags |= kNameStart;
  // The everyday spellings of two codes.
  codes_["RMB"] = "CNY";
  codes_["NIS"] = "ILS";
  // What the press means by the common symbols, over ICU's "shared symbol" silence.
  symbols_['$'] = "USD";
  symbols_[0xA3] = "GBP";                      // £
  symbols_[0xA5] = std::string(kYenOrYuan);    // ¥
  symbols_[0xFFE5] = std::string(kYenOrYuan);  // fullwidth ¥
  symbols_[0xFF04] = "USD";                    // fullwidth $
  symbols_[0xFFE1] = "GBP";                    // fullwidth £
  symbols_[0x20AC] = "EUR";                    // €
  symbols_[0x20A9] = "KRW";                    // ₩
  symbols_[0xFFE6] = "KRW";                    // fullwidth ₩
  symbols_[0x20A8] = "INR";                    // ₨
  symbols_[0x20B9] = "INR";                    // ₹
  symbols_[0xA2] = "USD";                      // ¢ (a minor unit; see Token::minor)
  static constexpr std::pair<std::string_view, std::string_view> kPrefixed[] = {
      {"US$", "USD"},         {"C$", "CAD"},   {"S$", "SGD"},   {"SG$", "SGD"},
      {"AU$", "AUD"},         {"NZ$", "NZD"},  {"Mex$", "MXN"}, {"JP\xC2\xA5", "JPY"},
      {"RMB\xC2\xA5", "CNY"}, {"CAD$", "CAD"}, {"AUD$", "AUD"}, {"USD$", "USD"}};
  for (const auto& [symbol, code] : kPrefixed) prefixed_symbols_[std::string(symbol)] = code;
}

// The anchor pattern: anything without which a stretch of text cannot hold money, plus the
// cue words that decide what "¥" and "kr" mean.
void Lexicon::BuildAnchor() {
  std::string symbols;
  for (const auto& [cp, code] : symbols_) {
    if (cp == '$') continue;
    char buf[4];
    int32_t n = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, static_cast<UChar32>(cp), error);
    if (!error) symbols += RE2::QuoteMeta(re2::StringPiece(buf, static_cast<size_t>(n))) + "|";
  }
  std::vector<std::string> words(anchor_words_.begin(), anchor_words_.end());
  std::sort(words.begin(), words.end());
  std::string word_list;
  for (const std::string& w : words) word_list += (word_list.empty() ? "" : "|") + w;
  std::string pattern = "\\$|" + symbols + "(?i:(?:" + word_list +
                        ")\\b)|\\b[A-Z]{3}(?:\\b|[0-9])|[0-9][A-Za-z]{3}\\b"
                        "|\\b(?:Rs|RM|Rp|kr)(?:\\b|[0-9])"
                        "|[0-9](?:Rs|RM)\\b|[0-9] ?(?:LE|L\\.E|l\\.e|le)\\b"
                        "|(?i:\\b(?:sweden|swedish|norway|norwegian|denmark|danish|iceland|"
                        "icelandic|jpy|cny)\\b)";
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  anchor_ = std::make_unique<RE2>(pattern, options);
}

}  // namespace byline::extract::money_internal
