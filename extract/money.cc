// Amounts of money in text. Three stages keep it linear and fast:
//   1. One RE2 scan finds anchors: currency symbols, currency words, ISO codes (checked against
//      ICU's list) and a few cue words ("yuan", "Swedish") that settle ambiguous symbols.
//   2. Only the text around anchors is cut into tokens (numbers, words, symbols, punctuation),
//      a bounded chunk at a time.
//   3. A small recursive-descent parser tries each token as the start of an amount; every rule
//      looks a bounded number of tokens ahead, so the whole pass is O(text).
#include "extract/money.h"

#include <re2/re2.h>
#include <unicode/ucurr.h>
#include <unicode/uenum.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "extract/text_util.h"

namespace byline::extract {
namespace {

// ---------------------------------------------------------------------------------------------
// Lexicon
// ---------------------------------------------------------------------------------------------

// Roles a word can play; one word may have several ("a" is an article and a number).
enum WordFlag : uint32_t {
  kArticle = 1u << 0,       // "a", "an": one, before a scale ("a billion") or a unit ("a dollar")
  kHalf = 1u << 1,          // "half a billion"
  kHundred = 1u << 2,       // "hundred" multiplies what precedes it
  kAnd = 1u << 3,           // "one hundred and five", "$20 and 43 cents", "between X and Y"
  kRangeTo = 1u << 4,       // "to", "through": "$5 million to $10 million"
  kBetween = 1u << 5,       // "between X and Y"
  kFrom = 1u << 6,          // "from X to Y"
  kOf = 1u << 7,            // "tens of millions of dollars"
  kPoint = 1u << 8,         // "one point three"
  kHedge = 1u << 9,         // first word of a hedge ("more than", "about", "just over")
  kNameStart = 1u << 10,    // first word of a multi-word currency name ("South Korean won")
  kChangeVerb = 1u << 11,   // "rose from $5 to $7" is a change, not a range
  kAfterGrand = 1u << 12,   // may follow "grand" when it means a thousand dollars
  kWeightCue = 1u << 13,    // "weighs", "lost": "pounds" near it are weight
  kFew = 1u << 14,          // "several", "few": a vague count before a scale
  kArticleUnit = 1u << 15,  // "a dollar", "a buck": the unit may take "a" as its number
  kMulti = 1u << 16,        // "multibillion-dollar"
  kMany = 1u << 17,         // "many millions of dollars"
  kOr = 1u << 18,           // "$5 million or more"
  kTrailHedge = 1u << 19,   // "more", "so", "less" after "or"
  kMoveVerb = 1u << 20,     // "rose 44 cents to $22.15", "broke above $13.60": a movement
};

struct WordInfo {
  std::string word;          // the lower-case form
  double number = -1;        // "one".."ninety"; -1 when not a number word
  double scale = 0;          // "thousand", "million", "lakh", "bn", "k"; 0 when not a scale
  bool glued_only = false;   // "k", "m", "b", "t", "mm": a scale only right after digits
  bool digits_only = false;  // "bn", "mn", "cr": a scale after digits, never after words
  double vague = 0;          // "tens" 10, "hundreds" 100, "millions" 1e6 ...
  std::string code;          // currency of a currency word ("dollars" -> "USD"); may be a cue
  double unit = 1;           // 0.01 for "cents", 1000 for "grand"
  bool minor = false;        // a hundredth of the main unit: "cents", "pence", "sen"
  bool prefixable = false;   // may stand before the number ("ringgit 42")
  uint32_t flags = 0;
  bool starts = false;  // may be the first word of an amount (set once all is known)
};

struct CurrencyName {
  std::string code;
  double unit = 1;
  bool minor = false;
};

// Codes that stand for a currency only once the text settles which one.
constexpr std::string_view kYenOrYuan = "\xC2\xA5";  // "¥": JPY unless the text says yuan
constexpr std::string_view kKr = "kr";               // SEK, NOK, DKK or ISK by country cue
constexpr std::string_view kKrone = "krone";         // DKK or NOK by country cue
constexpr std::string_view kKrona = "krona";         // SEK, or ISK in Icelandic context

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

// ISO codes that are also English words or tech acronyms ("PHP 8", "TOP 10", "TRY 3"): before
// a number they are money only when the number looks like money (a scale, separators, cents).
constexpr std::string_view kAmbiguousCodes[] = {"ALL", "AMD", "BAM", "BOB", "BTN", "CUP", "CVE",
                                                "GEL", "MAD", "MDL", "MOP", "NIO", "PEN", "PHP",
                                                "SOS", "TMT", "TOP", "TRY", "MRU", "ERN", "LAK"};

class Lexicon {
 public:
  static const Lexicon& Get() {
    static const Lexicon* const kLexicon = new Lexicon();
    return *kLexicon;
  }

  // `lower` is an ASCII-lower-cased word.
  const WordInfo* Word(std::string_view lower) const {
    auto it = words_.find(lower);
    return it == words_.end() ? nullptr : &it->second;
  }
  const CurrencyName* Name(const std::string& lower) const {
    auto it = names_.find(lower);
    return it == names_.end() ? nullptr : &it->second;
  }
  // The ISO code for a three-letter word, if ICU knows it as a currency ("RMB" and "NIS" are
  // the everyday spellings of CNY and ILS).
  std::string_view Code(std::string_view upper) const {
    auto it = codes_.find(std::string(upper));
    return it == codes_.end() ? std::string_view() : std::string_view(it->second);
  }
  std::string_view Symbol(uint32_t code_point) const {
    auto it = symbols_.find(code_point);
    return it == symbols_.end() ? std::string_view() : std::string_view(it->second);
  }
  // "HK$", "C$", "CN¥": letters glued to a symbol.
  std::string_view PrefixedSymbol(std::string_view s) const {
    auto it = prefixed_symbols_.find(std::string(s));
    return it == prefixed_symbols_.end() ? std::string_view() : std::string_view(it->second);
  }
  bool IsAnchorWord(const std::string& lower) const { return anchor_words_.count(lower) > 0; }
  const RE2& anchor() const { return *anchor_; }
  // Each hedge as the lexicon entries of its words.
  const std::vector<std::vector<const WordInfo*>>& hedges() const { return hedges_; }

 private:
  Lexicon() {
    AddNumberWords();
    AddFunctionWords();
    AddIcuCurrencies();
    AddCurrencyWords();
    MarkStarts();
    BuildAnchor();
  }

  void MarkStarts() {
    constexpr uint32_t kStartFlags =
        kArticle | kHalf | kHedge | kBetween | kFrom | kFew | kMulti | kMany | kNameStart;
    for (auto& [word, w] : words_) {
      w.starts = w.number >= 0 || w.vague > 0 || w.prefixable || (w.flags & kStartFlags) != 0;
    }
  }

  WordInfo& Entry(std::string_view lower) {
    WordInfo& w = words_[std::string(lower)];
    w.word = std::string(lower);
    return w;
  }

  void AddNumberWords() {
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

  void AddFunctionWords() {
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

  static std::string Utf8(const UChar* s, int32_t len) {
    std::string out(static_cast<size_t>(len) * 3 + 1, '\0');
    int32_t written = 0;
    UErrorCode status = U_ZERO_ERROR;
    u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &written, s, len, &status);
    if (U_FAILURE(status)) return "";
    out.resize(static_cast<size_t>(written));
    return out;
  }

  static bool IsPlainName(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
      if (static_cast<unsigned char>(c) >= 0x80 || c == '(') return false;
    }
    return true;
  }

  static uint32_t SingleCodePoint(std::string_view s) {
    UChar32 c = 0;
    int32_t i = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
    return (c > 0x7F && i == static_cast<int32_t>(s.size())) ? static_cast<uint32_t>(c) : 0;
  }

  // ICU knows every current ISO 4217 code with its English names ("Kuwaiti dinar", "Kuwaiti
  // dinars") and symbols ("HK$", "₪", "₦"), so those need no hand-made list.
  void AddIcuCurrencies() {
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
            (symbol.back() == '$' || EndsWith(symbol, "\xC2\xA3") ||
             EndsWith(symbol, "\xC2\xA5"))) {
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

  void AddName(const std::string& lower, std::string_view code) {
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

  WordInfo& AddCurrencyWord(std::string_view lower, std::string_view code, bool prefixable) {
    WordInfo& w = Entry(lower);
    w.code = std::string(code);
    w.prefixable = w.prefixable || prefixable;
    anchor_words_.insert(std::string(lower));
    return w;
  }

  void AddCurrencyWords() {
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
  void BuildAnchor() {
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

  // Heterogeneous lookup: finding a word needs no std::string.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, WordInfo, Hash, std::equal_to<>> words_;
  std::unordered_map<std::string, CurrencyName> names_;
  std::unordered_map<std::string, std::string> codes_;
  std::unordered_map<uint32_t, std::string> symbols_;
  std::unordered_map<std::string, std::string> prefixed_symbols_;
  std::unordered_set<std::string> anchor_words_;
  std::vector<std::vector<const WordInfo*>> hedges_;
  std::unique_ptr<RE2> anchor_;
};

// What the whole text says about ambiguous symbols.
struct Cues {
  bool yuan = false, yen = false;
  bool sweden = false, norway = false, denmark = false, iceland = false;
};

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

enum class Kind : uint8_t { kEnd, kNumber, kWord, kSymbol, kPunct, kOther };

struct Token {
  size_t start = 0;
  size_t end = 0;
  Kind kind = Kind::kEnd;
  bool space_before = false;  // white space separates it from the token before
  bool break_before = true;   // a blank line does: money never spans one
  // kNumber
  double number = 0;
  uint8_t decimals = 0;       // digits after the decimal point
  uint8_t digits = 0;         // digits before it
  bool grouped = false;       // had thousands separators ("1,200")
  bool leading_zero = false;  // "08", "007": dates and codes, never amounts
  // kWord: the lexicon entry of the lower-cased word, if any
  const WordInfo* info = nullptr;
  // kSymbol: the currency ("USD" for "$"); minor for "¢"
  std::string_view code;
  bool minor = false;
  // kPunct: the ASCII byte; every dash is '-', "≈" is '~'
  char punct = 0;
};

constexpr size_t kMaxNumberDigits = 15;  // beyond this a double is not exact: not money
constexpr size_t kMaxWordLength = 24;    // longer words are in no list

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiSpaceByte(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Length of the UTF-8 sequence at s[i] and its code point; 1 and 0 for an invalid byte.
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp) {
  UChar32 c = 0;
  int32_t j = static_cast<int32_t>(i);
  int32_t n = static_cast<int32_t>(std::min<size_t>(s.size(), i + 4));
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), j, n, c);
  *cp = c < 0 ? 0 : static_cast<uint32_t>(c);
  return c < 0 ? 1 : static_cast<size_t>(j) - i;
}

// Digits with thousands separators ("1,200", Indian "1,20,000") and a decimal part. A number
// followed by another ".digit" is a version ("5.6.0") and no amount.
size_t LexNumber(std::string_view s, size_t i, Token* t) {
  size_t j = i;
  auto digits_at = [&](size_t k, size_t n) {
    for (size_t d = 0; d < n; ++d) {
      if (k + d >= s.size() || !IsDigit(s[k + d])) return false;
    }
    return k + n >= s.size() || !IsDigit(s[k + n]);
  };
  while (j < s.size() && IsDigit(s[j])) ++j;
  size_t int_end = j;
  while (j < s.size() && s[j] == ',') {
    if (digits_at(j + 1, 3)) {
      j += 4;
    } else if (digits_at(j + 1, 2) && j + 3 < s.size() && s[j + 3] == ',' &&
               (digits_at(j + 4, 3) || digits_at(j + 4, 2))) {
      j += 3;  // Indian grouping: a two-digit group is always followed by more groups
    } else {
      break;
    }
    t->grouped = true;
    int_end = j;
  }
  size_t frac_start = j, frac_end = j;
  if (j + 1 < s.size() && s[j] == '.' && IsDigit(s[j + 1])) {
    frac_start = j + 1;
    frac_end = frac_start;
    while (frac_end < s.size() && IsDigit(s[frac_end])) ++frac_end;
    j = frac_end;
  }
  bool version = j + 1 < s.size() && (s[j] == '.' || s[j] == ',') && IsDigit(s[j + 1]) &&
                 frac_end > frac_start;
  size_t int_digits = 0;
  double value = 0;
  for (size_t k = i; k < int_end; ++k) {
    if (s[k] == ',') continue;
    value = value * 10 + (s[k] - '0');
    ++int_digits;
  }
  size_t frac_digits = frac_end - frac_start;
  if (version || int_digits + frac_digits > kMaxNumberDigits) {
    // Swallow the rest of the digit run so it cannot restart as a number.
    while (j < s.size() && (IsDigit(s[j]) || s[j] == '.' || s[j] == ',')) ++j;
    t->kind = Kind::kOther;
    return j;
  }
  double frac = 0, div = 1;
  for (size_t k = frac_start; k < frac_end; ++k) {
    frac = frac * 10 + (s[k] - '0');
    div *= 10;
  }
  t->kind = Kind::kNumber;
  t->leading_zero = int_digits > 1 && s[i] == '0';
  t->number = value + frac / div;
  t->decimals = static_cast<uint8_t>(frac_digits);
  t->digits = static_cast<uint8_t>(int_digits);
  return j;
}

size_t LexWord(std::string_view s, size_t i, const Lexicon& lex, Token* t) {
  size_t j = i;
  while (j < s.size() && IsAlpha(s[j])) ++j;
  t->kind = Kind::kWord;
  if (j - i <= kMaxWordLength) {
    char lower[kMaxWordLength];
    for (size_t k = i; k < j; ++k) {
      char c = s[k];
      lower[k - i] = IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
    }
    t->info = lex.Word(std::string_view(lower, j - i));
  }
  return j;
}

size_t LexNonAscii(std::string_view s, size_t i, const Lexicon& lex, Token* t) {
  uint32_t cp = 0;
  size_t n = DecodeUtf8(s, i, &cp);
  t->kind = Kind::kOther;
  if (std::string_view code = lex.Symbol(cp); !code.empty()) {
    t->kind = Kind::kSymbol;
    t->code = code;
    t->minor = cp == 0xA2;  // ¢
  } else if (cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 || cp == 0x2014 ||
             cp == 0x2212) {
    t->kind = Kind::kPunct;
    t->punct = '-';
  } else if (cp == 0x2248) {
    t->kind = Kind::kPunct;
    t->punct = '~';
  }
  return i + n;
}

// Whether white space (ASCII or Unicode) or the start of the text precedes text[pos].
bool SpaceBefore(std::string_view text, size_t pos) {
  if (pos == 0 || IsAsciiSpaceByte(text[pos - 1])) return true;
  return (pos >= 2 && SpaceLength(text, pos - 2) == 2) ||
         (pos >= 3 && SpaceLength(text, pos - 3) == 3);
}

// Appends tokens of s[pos, end) to `out`, at most `max` of them; returns where it stopped.
size_t Tokenize(std::string_view text, size_t pos, size_t end, size_t max, const Lexicon& lex,
                std::vector<Token>* out) {
  // Lexing stops at the window's end even inside a token, so no byte is lexed twice.
  std::string_view s = text.substr(0, end);
  bool space = SpaceBefore(text, pos);
  int newlines = 0;
  while (pos < end && out->size() < max) {
    if (size_t n = SpaceLength(s, pos); n > 0) {
      if (s[pos] == '\n') ++newlines;
      space = true;
      pos += n;
      continue;
    }
    if (size_t n = InvisibleLength(s, pos); n > 0) {
      pos += n;
      continue;
    }
    Token t;
    t.start = pos;
    t.space_before = space;
    t.break_before = newlines >= 2;
    char c = s[pos];
    bool cents_after_sign = c == '.' && pos + 1 < s.size() && IsDigit(s[pos + 1]) && !space &&
                            !out->empty() && out->back().kind == Kind::kSymbol;  // "$.99"
    if (IsDigit(c) || cents_after_sign) {
      pos = LexNumber(s, pos, &t);
    } else if (IsAlpha(c)) {
      pos = LexWord(s, pos, lex, &t);
    } else if (c == '$') {
      t.kind = Kind::kSymbol;
      t.code = lex.Symbol('$');
      ++pos;
    } else if (static_cast<unsigned char>(c) < 0x80) {
      t.kind = Kind::kPunct;
      t.punct = c;
      ++pos;
    } else {
      pos = LexNonAscii(s, pos, lex, &t);
    }
    t.end = pos;
    out->push_back(t);
    space = false;
    newlines = 0;
  }
  return pos;
}

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

// A number as written: digits ("1.5 billion") or words ("half a billion").
struct Num {
  size_t first = 0, last = 0;  // tokens [first, last)
  double raw = 0;              // before its scale words: 1.5 of "1.5 billion"
  double scale = 1;            // product of the scale words
  bool has_scale = false;
  bool article = false;       // a bare "a"/"an" (one, if a unit follows)
  bool approximate = false;   // "several million"
  bool whole = false;         // an integer with no scale: may take a cents part
  bool money_shaped = false;  // a scale, separators or two decimals: looks like money
  bool year_like = false;     // four digits 1900-2099: "in 2023 dollars"
};

// A currency mention next to a number.
struct Cur {
  size_t first = 0, last = 0;
  std::string_view code;
  double unit = 1;  // 0.01 for cents, 1000 for "grand"
  bool minor = false;
  bool symbol = false;  // "$", "€", "HK$"
  bool iso = false;     // "USD", "RMB"
};

struct Amount {
  size_t first = 0, last = 0;  // tokens [first, last)
  double raw = 0, scale = 1, unit = 1;
  bool has_scale = false;
  double cents = 0;       // "$20 and 43 cents"
  std::string_view code;  // empty for a bare number (a range end only)
  bool prefix = false;    // the currency came before the number
  bool approximate = false;
  bool year_like = false;
  std::optional<double> value_max;
  double Value() const { return (raw * scale * 100 + cents) / 100 * unit; }
};

constexpr int kMaxSpelledWords = 16;
constexpr size_t kMaxNameTokens = 8;

class Parser {
 public:
  Parser(std::string_view text, const std::vector<Token>& toks, const Cues& cues)
      : text_(text), toks_(toks), cues_(cues), lex_(Lexicon::Get()) {}

  // The amount of money starting at token i, if any.
  std::optional<Amount> ParseAt(size_t i) const {
    const Token& t = At(i);
    if (t.kind == Kind::kEnd || t.kind == Kind::kOther) return std::nullopt;
    if (t.kind == Kind::kPunct && t.punct != '~') return std::nullopt;
    if (t.kind == Kind::kWord && !MayStartAmount(i)) return std::nullopt;
    // A symbol starts an amount only right before its number ("$5", "$US5"; "5$" starts at
    // the 5).
    if (t.kind == Kind::kSymbol && (At(i + 1).kind != Kind::kNumber || At(i + 1).break_before) &&
        At(i + 2).kind != Kind::kNumber) {
      return std::nullopt;
    }
    size_t hedge = ParseHedge(i);
    size_t j = i + hedge;
    if (hedge > 0 && At(j).break_before) return std::nullopt;
    std::optional<Amount> a = ParseRangeOrAmount(j);
    if (!a) return std::nullopt;
    if (hedge > 0) {
      a->first = i;
      a->approximate = true;
    }
    ParseTrailingHedge(&*a);
    return a;
  }

 private:
  const Token& At(size_t i) const { return i < toks_.size() ? toks_[i] : end_; }

  // A cheap test that rules out most words before any rule runs.
  bool MayStartAmount(size_t i) const {
    const Token& t = At(i);
    if (t.info != nullptr && t.info->starts) return true;
    if (At(i + 1).kind == Kind::kSymbol && Glued(i + 1)) return true;  // "HK$"
    size_t n = t.end - t.start;
    return n == 3 || (n == 2 && LetterSymbolAt(i).has_value());  // "USD", "RMB", "Rs"
  }
  const Token& Before(size_t i) const { return i > 0 ? At(i - 1) : end_; }
  std::string_view Text(const Token& t) const { return text_.substr(t.start, t.end - t.start); }
  bool Is(size_t i, uint32_t flag) const {
    const Token& t = At(i);
    return t.kind == Kind::kWord && t.info != nullptr && (t.info->flags & flag) != 0;
  }
  bool IsWord(size_t i, std::string_view lower) const {
    const Token& t = At(i);
    return t.kind == Kind::kWord && t.info != nullptr && t.info->word == lower;
  }
  bool IsPunct(size_t i, char c) const {
    return At(i).kind == Kind::kPunct && At(i).punct == c && !At(i).break_before;
  }
  // Joined to the token before it with no white space.
  bool Glued(size_t i) const { return !At(i).space_before && !At(i).break_before; }
  // Nothing that could carry the phrase on: the end, or punctuation other than a hyphen.
  bool EndsPhrase(size_t i) const {
    const Token& t = At(i);
    return t.kind == Kind::kEnd || t.break_before || (t.kind == Kind::kPunct && t.punct != '-');
  }

  // ----- numbers -----

  // "Kiran1", "H100": digits glued to a word are part of a name; "1996-08-31", "2-0",
  // "10/12": digits glued to a number by a hyphen, slash, colon or dot are a date, a score
  // or an identifier; digits right after a dot are a fraction or a version.
  bool GluedToCompound(size_t i) const {
    if (!Glued(i)) return false;
    const Token& before = Before(i);
    if (before.kind == Kind::kWord || before.kind == Kind::kNumber) return true;
    if (before.kind == Kind::kPunct && before.punct == '.') return true;  // "=.6421", "v.2"
    return before.kind == Kind::kPunct &&
           (before.punct == '-' || before.punct == '/' || before.punct == ':' ||
            before.punct == '.') &&
           Glued(i - 1) && At(i - 2).kind == Kind::kNumber;
  }

  // "1.5", "300,000", "1 point 1", followed by scale words ("billion", "bn", "m", "lakh crore").
  std::optional<Num> ParseDigits(size_t i, bool allow_glued_left) const {
    const Token& t = At(i);
    if (t.kind != Kind::kNumber) return std::nullopt;
    // "Kiran1", "H100", "A100": digits glued to a word are part of a name.
    if (t.leading_zero || (!allow_glued_left && GluedToCompound(i))) return std::nullopt;
    Num n;
    n.first = i;
    n.last = i + 1;
    n.raw = t.number;
    n.money_shaped = t.grouped || t.decimals == 2;
    n.year_like =
        !t.grouped && t.decimals == 0 && t.digits == 4 && t.number >= 1900 && t.number <= 2099;
    if (Is(i + 1, kPoint) && At(i + 2).kind == Kind::kNumber && At(i + 2).decimals == 0 &&
        !At(i + 2).grouped && t.decimals == 0) {
      n.raw += At(i + 2).number / std::pow(10.0, At(i + 2).digits);
      n.last = i + 3;
    }
    n.whole = t.decimals == 0 && n.last == i + 1;
    ParseScales(&n, /*after_digits=*/true);
    return n;
  }

  void ParseScales(Num* n, bool after_digits) const {
    size_t j = n->last;
    // "2 and a half million"
    if (Is(j, kAnd) && Is(j + 1, kArticle) && Is(j + 2, kHalf) && FullScaleAt(j + 3) > 0) {
      n->raw += 0.5;
      j += 3;
    }
    // "$5-million" (Canadian style): a hyphen, then a full scale word.
    if (after_digits && IsPunct(j, '-') && Glued(j) && Glued(j + 1) && FullScaleAt(j + 1) > 0) {
      ++j;
    }
    double previous = 0;
    for (int k = 0; k < 3; ++k) {
      const Token& t = At(j);
      if (t.kind != Kind::kWord || t.info == nullptr || t.break_before) break;
      const WordInfo& w = *t.info;
      double s = (w.flags & kHundred) ? 100 : (w.flags & kMulti) ? 0 : w.scale;
      if (s == 0) break;
      if (w.digits_only && (!after_digits || k > 0)) break;  // "5bn", never "five bn"
      if (w.glued_only && !Glued(j)) break;                  // "$300m", never "$300 m"
      if (previous > 0 && s <= previous) break;              // "hundred thousand", "lakh crore"
      n->scale *= s;
      n->has_scale = true;
      n->whole = false;
      n->money_shaped = true;
      n->year_like = false;
      previous = s;
      ++j;
    }
    n->last = j;
  }

  // The value of a scale word written out in full ("million", "lakh") at i, or 0.
  double FullScaleAt(size_t i) const {
    const Token& t = At(i);
    if (t.kind != Kind::kWord || t.info == nullptr) return 0;
    if (t.info->flags & kHundred) return 100;
    if (t.info->digits_only || (t.info->flags & kMulti)) return 0;
    return t.info->scale;
  }

  // Numbers in words: "twenty-five", "one hundred and five", "half a billion", "a million",
  // "one point three", "several million". The longest well-formed prefix wins.
  std::optional<Num> ParseSpelled(size_t i) const {
    enum class Last { kNone, kArticle, kHalf, kFew, kUnit, kTeen, kTens, kHundred, kScale };
    Last last = Last::kNone;
    double total = 0, current = 0, last_scale = 0;
    int scales = 0;
    bool approximate = false;
    std::optional<Num> best;
    size_t j = i;
    for (int steps = 0; steps < kMaxSpelledWords; ++steps) {
      const Token& t = At(j);
      if (t.kind == Kind::kPunct && t.punct == '-' && last == Last::kTens && Glued(j) &&
          Glued(j + 1) && At(j + 1).info != nullptr && At(j + 1).info->number > 0 &&
          At(j + 1).info->number < 10) {
        ++j;  // "forty-two"
        continue;
      }
      if (t.kind != Kind::kWord || t.info == nullptr || (j > i && t.break_before)) break;
      const WordInfo& w = *t.info;
      bool valued = last == Last::kUnit || last == Last::kTeen || last == Last::kTens;
      if (w.number >= 0) {
        bool unit = w.number < 10, teen = w.number >= 10 && w.number < 20;
        bool ok = last == Last::kNone || last == Last::kHundred || last == Last::kScale ||
                  (unit && last == Last::kTens);
        if (!ok) break;
        current += w.number;
        last = unit ? Last::kUnit : teen ? Last::kTeen : Last::kTens;
      } else if (w.flags & kHundred) {
        if (!(valued || last == Last::kArticle) || current >= 100) break;
        current = (current == 0 ? 1 : current) * 100;
        last = Last::kHundred;
      } else if (w.scale > 0 && !w.digits_only && !(w.flags & kMulti)) {
        bool ok = valued || last == Last::kHundred || last == Last::kArticle ||
                  last == Last::kHalf || last == Last::kFew;
        if (!ok) break;
        if (last == Last::kArticle) current = 1;
        if (last_scale > 0 && w.scale > last_scale) {
          total = (total + current) * w.scale;  // "one thousand million": rare, multiply
        } else {
          total += current * w.scale;
        }
        current = 0;
        last_scale = w.scale;
        ++scales;
        last = Last::kScale;
      } else if ((w.flags & kAnd) && (last == Last::kHundred || last == Last::kScale) &&
                 At(j + 1).info != nullptr && At(j + 1).info->number > 0) {
        ++j;  // "one hundred and five"
        continue;
      } else if ((w.flags & kAnd) && valued && Is(j + 1, kArticle) && Is(j + 2, kHalf)) {
        current += 0.5;  // "one and a half billion"
        j += 3;
        last = Last::kHalf;
        continue;
      } else if ((w.flags & kArticle) && last == Last::kNone) {
        last = Last::kArticle;
      } else if ((w.flags & kHalf) && (last == Last::kNone || last == Last::kArticle)) {
        current = w.word == "half" ? 0.5 : 0.25;
        if (Is(j + 1, kOf) && Is(j + 2, kArticle)) ++j;  // "a quarter of a billion"
        if (Is(j + 1, kArticle)) ++j;                    // "half a billion"
        last = Last::kHalf;
      } else if ((w.flags & kFew) && (last == Last::kNone || last == Last::kArticle)) {
        bool few = w.word == "few";
        if (few && last != Last::kArticle) break;  // "a few million", not "few million"
        current = few ? 2 : 3;                     // vague counts take their lower bound
        approximate = true;
        last = Last::kFew;
      } else if ((w.flags & kPoint) && valued) {
        double frac = 0, div = 1;
        size_t k = j + 1;
        while (k < j + 8 && At(k).info != nullptr && At(k).info->number >= 0 &&
               At(k).info->number < 10) {
          frac = frac * 10 + At(k).info->number;
          div *= 10;
          ++k;
        }
        if (k == j + 1) break;
        current += frac / div;
        j = k;
        last = Last::kUnit;
        RecordSpelled(i, j, total, current, scales, last_scale, approximate, &best);
        continue;
      } else {
        break;
      }
      ++j;
      bool complete = last == Last::kUnit || last == Last::kTeen || last == Last::kTens ||
                      last == Last::kHundred || last == Last::kScale;
      if (complete) {
        RecordSpelled(i, j, total, current, scales, last_scale, approximate, &best);
      }
    }
    return best;
  }

  void RecordSpelled(size_t i, size_t j, double total, double current, int scales,
                     double last_scale, bool approximate, std::optional<Num>* best) const {
    Num n;
    n.first = i;
    n.last = j;
    n.approximate = approximate;
    double value = total + current;
    if (scales == 1 && current == 0) {  // "five million": 5 x 1e6, so ranges can share it
      n.raw = total / last_scale;
      n.scale = last_scale;
    } else {
      n.raw = value;
    }
    n.has_scale = scales > 0;
    n.money_shaped = n.has_scale;
    n.whole = !n.has_scale && value == std::floor(value);
    *best = n;
  }

  // `after_dash`: the high end of a range, whose digits follow a hyphen ("10-20 dollars").
  std::optional<Num> ParseNumber(size_t i, bool after_dash) const {
    if (auto n = ParseDigits(i, after_dash)) return n;
    if (auto n = ParseSpelled(i)) return n;
    if (Is(i, kMulti)) {  // "multibillion-dollar": at least a billion
      Num n;
      n.first = i;
      n.last = i + 1;
      n.raw = 1;
      n.scale = At(i).info->scale;
      n.has_scale = n.approximate = n.money_shaped = true;
      return n;
    }
    if (Is(i, kArticle)) {  // "a dollar": the unit decides whether "a" is one
      Num n;
      n.first = i;
      n.last = i + 1;
      n.raw = 1;
      n.article = true;
      n.whole = true;
      return n;
    }
    return std::nullopt;
  }

  // ----- currencies -----

  // Resolves the codes that depend on the rest of the text; empty when it does not say.
  std::string_view Resolve(std::string_view code) const {
    if (code == kYenOrYuan) return cues_.yuan && !cues_.yen ? "CNY" : "JPY";
    if (code == kKrona) return cues_.iceland && !cues_.sweden ? "ISK" : "SEK";
    if (code == kKr || code == kKrone) {
      int n = cues_.denmark + cues_.norway + (code == kKr ? cues_.sweden + cues_.iceland : 0);
      if (n != 1) return {};
      if (cues_.denmark) return "DKK";
      if (cues_.norway) return "NOK";
      return cues_.sweden ? "SEK" : "ISK";
    }
    return code;
  }

  // A three-letter ISO code at i ("USD", or "eur" glued to digits as in "10eur").
  std::string_view CodeAt(size_t i, bool allow_lower) const {
    const Token& t = At(i);
    if (t.kind != Kind::kWord || t.end - t.start != 3) return {};
    std::string_view s = Text(t);
    char upper[3];
    for (int k = 0; k < 3; ++k) {
      if (!IsUpper(s[k]) && !allow_lower) return {};
      upper[k] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[k])));
    }
    // "EUR/USD 1.08" is an exchange rate.
    if ((IsPunct(i + 1, '/') && Glued(i + 1)) || (IsPunct(i - 1, '/') && Glued(i))) return {};
    return lex_.Code(std::string_view(upper, 3));
  }

  // Letters glued to a symbol: "US$", "HK$", "C$", "CN¥".
  std::optional<Cur> PrefixedSymbolAt(size_t i) const {
    const Token& t = At(i);
    if (t.kind != Kind::kWord || At(i + 1).kind != Kind::kSymbol || !Glued(i + 1)) {
      return std::nullopt;
    }
    std::string key(Text(t));
    key += Text(At(i + 1));
    std::string_view code = lex_.PrefixedSymbol(key);
    if (code.empty()) return std::nullopt;
    return Cur{i, i + 2, code, 1, false, true, false};
  }

  // "Rs", "Rs.", "RM", "Rp", "kr", "kr.": letter symbols before or after a number.
  std::optional<Cur> LetterSymbolAt(size_t i) const {
    const Token& t = At(i);
    if (t.kind != Kind::kWord) return std::nullopt;
    std::string_view s = Text(t);
    std::string_view code;
    if (s == "Rs") code = "INR";
    if (s == "RM") code = "MYR";
    if (s == "Rp") code = "IDR";
    if (s == "kr") code = Resolve(kKr);
    if (code.empty()) return std::nullopt;
    size_t last = i + 1;
    if ((s == "Rs" || s == "kr") && IsPunct(last, '.') && Glued(last)) ++last;
    return Cur{i, last, code, 1, false, true, false};
  }

  // A currency word or name at i: "dollars", "euros", "Kuwaiti dinar", "U.S. dollars".
  std::optional<Cur> CurrencyWordAt(size_t i) const {
    const Token& t = At(i);
    if (t.kind != Kind::kWord || t.info == nullptr) return std::nullopt;
    if (t.info->flags & kNameStart) {
      if (auto c = CurrencyNameAt(i)) return c;
    }
    if (t.info->code.empty()) return std::nullopt;
    std::string_view code = Resolve(t.info->code);
    if (code.empty()) return std::nullopt;
    return Cur{i, i + 1, code, t.info->unit, t.info->minor, false, false};
  }

  std::optional<Cur> CurrencyNameAt(size_t i) const {
    std::string key;
    std::optional<Cur> best;
    for (size_t n = 0; n < kMaxNameTokens; ++n) {
      const Token& t = At(i + n);
      if (t.kind != Kind::kWord && t.kind != Kind::kPunct) break;
      if (n > 0 && t.break_before) break;
      if (n > 0 && t.space_before) key += ' ';
      key += AsciiLower(Text(t));
      if (n == 0) continue;
      if (const CurrencyName* name = lex_.Name(key)) {
        best = Cur{i, i + n + 1, name->code, name->unit, name->minor, false, false};
      }
    }
    return best;
  }

  // The currency written before a number: "$", "US$", "USD", "Rs.", "ringgit".
  std::optional<Cur> ParsePrefixCurrency(size_t i) const {
    const Token& t = At(i);
    if (t.kind == Kind::kSymbol) {
      if (t.minor) return std::nullopt;
      // Australian style puts the letters after the sign: "$US10 million", "$A5m".
      if (Text(t) == "$" && At(i + 1).kind == Kind::kWord && Glued(i + 1) &&
          At(i + 2).kind == Kind::kNumber) {
        std::string key(Text(At(i + 1)));
        key += '$';
        std::string_view code = lex_.PrefixedSymbol(key);
        if (!code.empty()) return Cur{i, i + 2, code, 1, false, true, false};
      }
      return Cur{i, i + 1, Resolve(t.code), 1, false, true, false};
    }
    if (t.kind != Kind::kWord) return std::nullopt;
    if (auto c = PrefixedSymbolAt(i)) return c;
    if (std::string_view code = CodeAt(i, /*allow_lower=*/false); !code.empty()) {
      return Cur{i, i + 1, code, 1, false, false, true};
    }
    if (auto c = LetterSymbolAt(i)) return c;
    if (auto c = CurrencyWordAt(i)) {
      // Only names that cannot be read another way stand before a number: "ringgit 42",
      // "Malaysian ringgit 42", but not "Euro 2024".
      bool name = c->last > i + 1;
      if ((name || t.info->prefixable) && !c->minor && c->unit == 1) return c;
    }
    return std::nullopt;
  }

  // The currency written after a number `n`: "10$", "20 €", "300,000 USD", "10eur",
  // "dollars", "Lebanese pounds", "won", "grand", "cents", "-dollar".
  std::optional<Cur> ParseSuffixCurrency(size_t j, const Num& n) const {
    const Token& t = At(j);
    if (t.break_before || t.kind == Kind::kEnd) return std::nullopt;
    bool glued = Glued(j);
    // "5-dollar bill", "billion-dollar valuation"
    if (t.kind == Kind::kPunct) {
      if (t.punct != '-' || !glued || !Glued(j + 1)) return std::nullopt;
      std::optional<Cur> c = CurrencyWordAt(j + 1);
      if (!c || c->minor || IsWord(j + 1, "pound") || IsWord(j + 1, "pounds")) {
        return std::nullopt;  // "a 5-pound bag" is weight
      }
      c->first = j;
      return c;
    }
    if (n.article && !(t.kind == Kind::kWord && Is(j, kArticleUnit))) return std::nullopt;
    if (t.kind == Kind::kSymbol) {
      // "2023 $5 billion", "C$ 0.12 C$ 0.15": a spaced symbol before digits belongs to them.
      if (!glued && At(j + 1).kind == Kind::kNumber) return std::nullopt;
      Cur c{j, j + 1, Resolve(t.code), t.minor ? 0.01 : 1, t.minor, true, false};
      // Duckling's "20 €ur"
      if (t.code == "EUR" && At(j + 1).kind == Kind::kWord && Glued(j + 1) &&
          AsciiLower(Text(At(j + 1))) == "ur") {
        c.last = j + 2;
      }
      return c;
    }
    if (t.kind != Kind::kWord) return std::nullopt;
    if (auto c = PrefixedSymbolAt(j)) return c;
    if (std::string_view code = CodeAt(j, /*allow_lower=*/glued); !code.empty()) {
      if (AmbiguousCode(j, n)) return std::nullopt;
      return Cur{j, j + 1, code, 1, false, false, true};
    }
    if (auto c = LetterSymbolAt(j)) return c;
    if (auto c = EgyptianPoundAt(j)) return c;
    std::optional<Cur> c = CurrencyWordAt(j);
    if (!c || !SuffixWordFits(*c, n)) return std::nullopt;
    return c;
  }

  // A code that is also a word ("PHP 8", "TOP 10", "326 ALL OUT") next to a number that does
  // not look like money.
  bool AmbiguousCode(size_t i, const Num& n) const {
    if (n.money_shaped) return false;
    std::string_view s = Text(At(i));
    for (std::string_view code : kAmbiguousCodes) {
      if (s == code) return true;
    }
    return false;
  }

  // "LE", "L.E", "l.e.", "le" after a number: Egyptian pounds.
  std::optional<Cur> EgyptianPoundAt(size_t j) const {
    std::string_view s = Text(At(j));
    size_t last = j + 1;
    if (s == "L" || s == "l") {
      if (!IsPunct(j + 1, '.') || !Glued(j + 1) || !Glued(j + 2)) return std::nullopt;
      std::string_view e = Text(At(j + 2));
      if ((s == "L" && e != "E") || (s == "l" && e != "e")) return std::nullopt;
      last = j + 3;
      if (IsPunct(last, '.') && Glued(last)) ++last;
    } else if (s == "le") {
      if (!EndsPhrase(j + 1)) return std::nullopt;  // French "le" runs on into a phrase
    } else if (s != "LE") {
      return std::nullopt;
    }
    return Cur{j, last, "EGP", 1, false, false, false};
  }

  // Words that are also ordinary English need a second look.
  bool SuffixWordFits(const Cur& c, const Num& n) const {
    const Token& t = At(c.first);
    const WordInfo& w = *t.info;
    size_t next = c.last;
    if (n.article && !(w.flags & kArticleUnit)) return false;
    if (c.minor && c.code.empty()) return false;              // "43 sen" only after a main amount
    if (w.word == "cent" && Text(t) == "Cent") return false;  // the rapper 50 Cent
    if (w.word == "won") {
      // "in 2019 won the award": the verb, unless the number looks like money.
      return n.money_shaped || EndsPhrase(next);
    }
    if (w.word == "pound" || w.word == "pounds") {
      if (IsWord(next, "of")) return false;  // "five pounds of flour"
      for (size_t k = n.first; k > 0 && k + 4 > n.first; --k) {
        if (Is(k - 1, kWeightCue)) return false;
      }
    }
    if (w.word == "grand") {
      // "10 grand", "a grand." but not "a grand jury".
      return EndsPhrase(next) || Is(next, kAfterGrand);
    }
    // "in 2023 dollars" is a price level and "an end 1997 peso" a year's currency, not amounts.
    if (n.year_like && IsWord(n.first - 1, "in")) return false;
    if (n.year_like && w.word.back() != 's' && !EndsPhrase(next)) return false;
    return true;
  }

  // ----- amounts -----

  // "$6 million", "US$1.2bn", "USD 300,000", "Rs. 20", "ringgit 42", then "$5 million USD".
  std::optional<Amount> ParsePrefixed(size_t i) const {
    std::optional<Cur> c = ParsePrefixCurrency(i);
    if (!c || c->code.empty()) return std::nullopt;
    size_t j = c->last;
    if (At(j).kind != Kind::kNumber || At(j).break_before) return std::nullopt;
    std::optional<Num> n = ParseDigits(j, /*allow_glued_left=*/true);
    if (!n) return std::nullopt;
    if (c->iso && AmbiguousCode(c->first, *n)) return std::nullopt;
    if (!c->symbol && !c->iso && n->year_like) return std::nullopt;
    Amount a = FromNum(*n, *c);
    a.first = i;
    a.prefix = true;
    // "$5 million USD", "¥100 yuan", "$100 AUD": a code or name after it that agrees or says
    // which dollar it is (a symbol after it starts the next amount of a table row).
    if (std::optional<Cur> after = ParseSuffixCurrency(n->last, *n); after && !after->symbol) {
      if (after->code == c->code || RefinesDollar(*c, *after)) {
        a.code = after->code;
        a.last = after->last;
      }
    }
    if (GluedJunk(a.last)) return std::nullopt;
    ParseCents(&a, n->whole);
    return a;
  }

  // A bare "$" or "¥" followed by a code or name that says which dollar or yen it is.
  bool RefinesDollar(const Cur& before, const Cur& after) const {
    if (!before.symbol || after.minor || after.unit != 1) return false;
    std::string_view s = Text(At(before.first));
    if (s == "$") return after.code != "USD" && (after.iso || after.last > after.first + 1);
    if (before.last == before.first + 1 && IsSymbolText(s, 0xA5)) return after.code == "CNY";
    return false;
  }

  static bool IsSymbolText(std::string_view s, uint32_t cp) {
    uint32_t got = 0;
    return DecodeUtf8(s, 0, &got) == s.size() && got == cp;
  }

  // "10 dollars", "1.5 billion dollars", "20€", "300,000 USD", "80 trillion won", "a dollar",
  // "five lakhs rupees", "50 cents", "10 grand".
  std::optional<Amount> ParseSuffixed(const std::optional<Num>& n) const {
    if (!n) return std::nullopt;
    std::optional<Cur> c = ParseSuffixCurrency(n->last, *n);
    if (!c || c->code.empty()) return std::nullopt;
    if (At(n->first).kind == Kind::kWord && Is(n->first, kMulti) && At(c->first).punct != '-') {
      return std::nullopt;  // "multibillion" only as "multibillion-dollar"
    }
    Amount a = FromNum(*n, *c);
    a.last = c->last;
    if (GluedJunk(a.last)) return std::nullopt;
    ParseCents(&a, n->whole && c->unit == 1);
    return a;
  }

  Amount FromNum(const Num& n, const Cur& c) const {
    Amount a;
    a.first = n.first;
    a.last = n.last;
    a.raw = n.raw;
    a.scale = n.scale;
    a.has_scale = n.has_scale;
    a.unit = c.unit;
    a.code = c.code;
    a.approximate = n.approximate;
    a.year_like = n.year_like;
    return a;
  }

  // Letters or digits glued right after an amount make it something else ("$5abc").
  bool GluedJunk(size_t i) const {
    const Token& t = At(i);
    return Glued(i) && (t.kind == Kind::kWord || t.kind == Kind::kNumber);
  }

  // "$20 and 43 cents", "20 dollars 43", "US$3 and fourteen": hundredths after a whole amount.
  // Without a unit word, the number must end the phrase ("$20 43 times" is no price).
  void ParseCents(Amount* a, bool whole) const {
    if (!whole) return;
    size_t j = a->last;
    bool and_ = Is(j, kAnd) && !At(j).break_before;
    if (and_) ++j;
    if (At(j).break_before || Glued(j)) return;
    double cents = -1;
    size_t k = j;
    bool two_digits = false;
    if (At(j).kind == Kind::kNumber) {
      const Token& t = At(j);
      if (t.decimals == 0 && !t.grouped && t.digits <= 2) {
        cents = t.number;
        two_digits = t.digits == 2;
        k = j + 1;
      }
    } else if (std::optional<Num> n = ParseSpelled(j);
               n && !n->has_scale && n->raw < 100 && n->whole) {
      cents = n->raw;
      two_digits = and_;  // "US$3 and fourteen"
      k = n->last;
    }
    if (cents < 0) return;
    const Token& unit = At(k);
    bool minor_word = unit.kind == Kind::kWord && unit.info != nullptr && unit.info->minor &&
                      !unit.break_before && (unit.info->word != "c" || Glued(k));
    if (minor_word) {
      ++k;
    } else if (!EndsPhrase(k) || !two_digits || a->raw >= 1000) {
      return;  // a bare "2" after "510,258 pounds" is the next list item
    }
    a->cents = cents;
    a->last = k;
  }

  // "tens of millions of dollars", "billions of dollars", "hundreds of thousands of euros":
  // the lower bound, approximate.
  std::optional<Amount> ParseVague(size_t i) const {
    size_t j = i;
    if (Is(j, kMany) && At(j + 1).info != nullptr && At(j + 1).info->vague > 0) ++j;
    double value = 1;
    int parts = 0;
    while (parts < 3 && At(j).kind == Kind::kWord && At(j).info != nullptr &&
           At(j).info->vague > 0 && !(j > i && At(j).break_before)) {
      value *= At(j).info->vague;
      ++parts;
      ++j;
      if (!Is(j, kOf)) return std::nullopt;
      ++j;  // "of"
    }
    if (parts == 0) return std::nullopt;
    std::optional<Cur> c = CurrencyWordAt(j);
    if (!c) {
      std::string_view code = CodeAt(j, false);
      if (code.empty()) return std::nullopt;
      c = Cur{j, j + 1, code, 1, false, false, true};
    }
    if (c->minor || c->unit != 1 || At(j).break_before) return std::nullopt;
    Amount a;
    a.first = i;
    a.last = c->last;
    a.raw = value;
    a.code = c->code;
    a.has_scale = true;
    a.approximate = true;
    return a;
  }

  // An amount; or, as one end of a range, a bare number whose currency the other end gives.
  // `after_dash`: the high end after a hyphen, whose digits are glued to it ("10-20 dollars").
  std::optional<Amount> ParseRangeEnd(size_t i, bool after_dash) const {
    if (auto a = ParsePrefixed(i)) return a;
    std::optional<Num> n = ParseNumber(i, after_dash);
    if (auto a = ParseSuffixed(n)) return a;
    if (auto a = ParseVague(i)) return a;
    if (!n || n->article || Is(i, kMulti)) return std::nullopt;
    Amount a;
    a.first = n->first;
    a.last = n->last;
    a.raw = n->raw;
    a.scale = n->scale;
    a.has_scale = n->has_scale;
    a.approximate = n->approximate;
    a.year_like = n->year_like;
    return a;
  }

  // "$5-10 million", "$5 million to $10 million", "between $2 million and $3 million",
  // "from 10 to 20 dollars", "7-9 lakh rupees": one match, value = low, value_max = high.
  // Without "between" or "from", a low end that no range follows is returned as the amount
  // it is, so each start is parsed once.
  std::optional<Amount> ParseRangeOrAmount(size_t i) const {
    enum class Opener { kNone, kBetween, kFrom } opener = Opener::kNone;
    size_t j = i;
    if (Is(i, kBetween)) {
      opener = Opener::kBetween;
      ++j;
    } else if (Is(i, kFrom) && !AfterChangeVerb(i)) {
      opener = Opener::kFrom;
      ++j;
    }
    if (At(j).break_before && j > i) return std::nullopt;
    std::optional<Amount> lo = ParseRangeEnd(j, false);
    if (!lo) return std::nullopt;
    // Only a currency makes a lone low end an amount; after "between" it is not one.
    std::optional<Amount> alone;
    if (opener == Opener::kNone && !lo->code.empty()) alone = lo;
    size_t k = lo->last;
    bool dash = IsPunct(k, '-');
    bool to = Is(k, kRangeTo) && !At(k).break_before;
    bool and_ = Is(k, kAnd) && !At(k).break_before;
    // "fell C$0.45 to C$101.15" is a step and a level; "from" was already tried at j - 1.
    bool step = Is(j - 1, kMoveVerb) || Is(j - 1, kFrom);
    bool ok = opener == Opener::kBetween ? and_
              : opener == Opener::kFrom  ? (dash || to || and_)
                                         : (dash || (to && !step));
    if (!ok || At(k + 1).break_before) return alone;
    std::optional<Amount> hi = ParseRangeEnd(k + 1, dash);
    if (!hi || !JoinRange(&*lo, *hi, opener != Opener::kNone, dash)) return alone;
    lo->first = i;
    return lo;
  }

  // "rose from $5 to $7", "raised the price from $2.99 to $3.99": a change, so two amounts.
  bool AfterChangeVerb(size_t i) const {
    for (size_t k = 1; k <= 4 && k <= i; ++k) {
      const Token& t = At(i - k);
      if (t.kind != Kind::kWord) return false;
      if (Is(i - k, kChangeVerb)) return true;
      if (At(i - k + 1).break_before) return false;
    }
    return false;
  }

  // Gives a bare end the other's currency and scale ("$5-10 million": 5 million) and checks
  // the range reads low to high.
  bool JoinRange(Amount* lo, const Amount& hi, bool opened, bool dash) const {
    bool lo_bare = lo->code.empty(), hi_bare = hi.code.empty();
    if (lo_bare && hi_bare) return false;
    if (lo_bare) {
      // "10-20 dollars", "between 10 and 20 dollars"; not "2023 and $5 million".
      if (hi.prefix || lo->year_like) return false;
      lo->code = hi.code;
      lo->unit = hi.unit;
    } else if (hi_bare) {
      // "$5-10 million", "$5 to 10 million"; a spelled-out "to" needs the scale.
      if (!lo->prefix || (!dash && !hi.has_scale && !opened)) return false;
    } else if (lo->code != hi.code) {
      return false;
    }
    if (!lo->has_scale && hi.has_scale && lo->raw < hi.raw) {
      lo->scale = hi.scale;
      lo->has_scale = true;
    }
    double low = lo->Value();
    double high = hi_bare ? hi.raw * hi.scale * lo->unit : hi.Value();
    if (!(low < high)) return false;
    lo->value_max = high;
    lo->last = hi.last;
    lo->approximate = lo->approximate || hi.approximate;
    return true;
  }

  // "more than", "about", "just over", "~": the number of tokens of the hedge at i.
  size_t ParseHedge(size_t i) const {
    if (IsPunct(i, '~')) return 1;
    if (!Is(i, kHedge)) return 0;
    if (Is(i - 1, kMoveVerb) &&
        (IsWord(i, "over") || IsWord(i, "above") || IsWord(i, "under") || IsWord(i, "below"))) {
      return 0;  // "broke above $13.60", "fell below $100": where it went, not a hedge
    }
    size_t best = 0;
    for (const std::vector<const WordInfo*>& hedge : lex_.hedges()) {
      size_t j = i;
      for (const WordInfo* word : hedge) {
        if (At(j).info != word || At(j).kind != Kind::kWord || (j > i && At(j).break_before)) {
          break;
        }
        ++j;
      }
      if (j - i != hedge.size()) continue;
      if (IsWord(j - 1, "approx") && IsPunct(j, '.') && Glued(j)) ++j;
      best = std::max(best, j - i);
    }
    return best;
  }

  // "$5 million or more", "$5 million or so".
  void ParseTrailingHedge(Amount* a) const {
    size_t j = a->last;
    if (IsPunct(j, '-') && Glued(j) && IsWord(j + 1, "plus") && Glued(j + 1)) {
      a->last = j + 2;  // "$2 billion-plus"
      a->approximate = true;
      return;
    }
    // "or more than $6 million" starts another amount.
    if (Is(j, kOr) && !At(j).break_before && Is(j + 1, kTrailHedge) && !At(j + 1).break_before &&
        !IsWord(j + 2, "than")) {
      a->last = j + 2;
      a->approximate = true;
    }
  }

  std::string_view text_;
  const std::vector<Token>& toks_;
  const Cues& cues_;
  const Lexicon& lex_;
  Token end_;
};

// ---------------------------------------------------------------------------------------------
// Anchors and windows
// ---------------------------------------------------------------------------------------------

constexpr size_t kWindowBack = 128;    // bytes before an anchor that may belong to its amount
constexpr size_t kWindowAhead = 128;   // and after it
constexpr size_t kSnap = 32;           // how far a window edge moves to reach white space
constexpr size_t kChunkTokens = 4096;  // tokens held at once
constexpr size_t kLookahead = 96;      // tokens any rule may look ahead
constexpr size_t kLeftContext = 8;     // tokens kept before the resume point ("rose from")

struct Window {
  size_t begin, end;
};

bool IsAsciiSpace(char c) { return IsAsciiSpaceByte(c); }

// Records what a cue word says; returns whether the anchor can belong to an amount.
bool ClassifyAnchor(std::string_view m, const Lexicon& lex, Cues* cues) {
  if (m.empty()) return false;
  if (!IsAlpha(m[0]) && !IsDigit(m[0])) return true;  // a symbol
  bool after_digit = IsDigit(m[0]);
  if (after_digit) m.remove_prefix(1);
  if (!m.empty() && m[0] == ' ') m.remove_prefix(1);
  if (!m.empty() && IsDigit(m.back())) m.remove_suffix(1);  // "USD3.14", "Rs20"
  std::string lower = AsciiLower(m);
  if (lower == "yuan" || lower == "renminbi" || lower == "cny" || lower == "rmb") {
    cues->yuan = true;
  } else if (lower == "yen" || lower == "jpy") {
    cues->yen = true;
  } else if (lower == "sweden" || lower == "swedish" || lower == "sek") {
    cues->sweden = true;
  } else if (lower == "norway" || lower == "norwegian" || lower == "nok") {
    cues->norway = true;
  } else if (lower == "denmark" || lower == "danish" || lower == "dkk") {
    cues->denmark = true;
  } else if (lower == "iceland" || lower == "icelandic" || lower == "isk") {
    cues->iceland = true;
  }
  if (m.size() == 3) {
    bool upper = IsUpper(m[0]) && IsUpper(m[1]) && IsUpper(m[2]);
    std::string code = AsciiLower(m);
    for (char& c : code) c = static_cast<char>(c - 'a' + 'A');
    if ((upper || after_digit) && !lex.Code(code).empty()) return true;
  }
  return lex.IsAnchorWord(lower) || lower == "rs" || lower == "rm" || lower == "rp" ||
         lower == "kr" || lower == "le" || lower == "l.e";
}

// Moves a window's edges to white space, so no token is cut in two.
void Snap(std::string_view text, Window* w) {
  for (size_t k = w->begin, n = 0; k > 0 && n < kSnap; --k, ++n) {
    if (IsAsciiSpace(text[k - 1])) {
      w->begin = k;
      break;
    }
  }
  for (size_t k = w->end, n = 0; k < text.size() && n < kSnap; ++k, ++n) {
    if (IsAsciiSpace(text[k])) {
      w->end = k;
      break;
    }
  }
}

// The stretches of text around anchors, merged and sorted; also fills `cues`. Each RE2 search
// resumes where the last match ended, so the scan is one linear pass.
std::vector<Window> FindWindows(std::string_view text, const Lexicon& lex, Cues* cues) {
  std::vector<Window> windows;
  const RE2& anchor = lex.anchor();
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece m;
  size_t pos = 0;
  while (pos < text.size() && anchor.Match(input, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
    size_t start = static_cast<size_t>(m.data() - text.data());
    size_t end = start + m.size();
    pos = std::max(end, pos + 1);
    if (!ClassifyAnchor(std::string_view(m.data(), m.size()), lex, cues)) continue;
    size_t begin = start > kWindowBack ? start - kWindowBack : 0;
    size_t stop = std::min(text.size(), end + kWindowAhead);
    // Windows closer than the snapping distance merge, so snapped windows never overlap.
    if (!windows.empty() && begin <= windows.back().end + 2 * kSnap) {
      windows.back().end = std::max(windows.back().end, stop);
    } else {
      windows.push_back(Window{begin, stop});
    }
  }
  for (Window& w : windows) Snap(text, &w);
  return windows;
}

// Values as a person would write them: 1080000000, not 1080000000.0000002.
double Tidy(double v) {
  if (v <= 0) return v;
  // Twelve significant digits; dividing by an exact power of ten rounds to the nearest double.
  int digits = 11 - static_cast<int>(std::floor(std::log10(v)));
  if (digits > 22 || digits < -22) return v;
  double p = std::pow(10.0, std::abs(digits));
  return digits >= 0 ? std::round(v * p) / p : std::round(v / p) * p;
}

void Emit(const Amount& a, const std::vector<Token>& toks, std::vector<MoneyMatch>* out) {
  double value = a.Value();
  if (a.code.empty() || !std::isfinite(value) || value < 0) return;
  MoneyMatch m;
  m.start = toks[a.first].start;
  m.end = toks[a.last - 1].end;
  if (!out->empty() && m.start < out->back().end) return;
  m.value = Tidy(value);
  if (a.value_max && std::isfinite(*a.value_max)) m.value_max = Tidy(*a.value_max);
  m.currency = std::string(a.code);
  m.approximate = a.approximate;
  out->push_back(std::move(m));
}

// Parses one window a bounded chunk of tokens at a time, so memory stays small however long
// the window; a chunk stops parsing kLookahead tokens before its end and the next one starts
// a little before that point, keeping some left context.
void ScanWindow(std::string_view text, const Window& w, const Cues& cues, const Lexicon& lex,
                std::vector<Token>* toks, std::vector<MoneyMatch>* out) {
  size_t pos = w.begin;
  size_t resume = w.begin;
  for (;;) {
    toks->clear();
    size_t stop = Tokenize(text, pos, w.end, kChunkTokens, lex, toks);
    bool last_chunk = stop >= w.end;
    size_t n = toks->size();
    size_t limit = last_chunk ? n : n - kLookahead;
    size_t i = 0;
    while (i < n && (*toks)[i].start < resume) ++i;
    Parser parser(text, *toks, cues);
    while (i < limit) {
      std::optional<Amount> a = parser.ParseAt(i);
      if (a && a->last > a->first && a->last <= n) {
        Emit(*a, *toks, out);
        i = a->last;
      } else {
        ++i;
      }
    }
    if (last_chunk) return;
    size_t keep = i > kLeftContext ? i - kLeftContext : 0;
    resume = i < n ? (*toks)[i].start : stop;
    pos = (*toks)[keep].start;
  }
}

}  // namespace

std::vector<MoneyMatch> FindMoney(std::string_view text) {
  std::vector<MoneyMatch> out;
  // The only exception possible is std::bad_alloc; the contract is to never throw, so an
  // exhausted allocator yields the amounts found so far.
  try {
    const Lexicon& lex = Lexicon::Get();
    if (!lex.anchor().ok()) return out;
    Cues cues;
    std::vector<Window> windows = FindWindows(text, lex, &cues);
    std::vector<Token> toks;
    for (const Window& w : windows) ScanWindow(text, w, cues, lex, &toks, &out);
  } catch (...) {
  }
  return out;
}

}  // namespace byline::extract
