// Internal to FindMoney (money*.cc): the lexicon. Number words, scale words, hedges, cue verbs
// and the currency words, names, ISO codes and symbols (ICU supplies the ISO currencies), plus
// the anchor pattern built from them. Built once per process; separate from the tokenizer and
// parser because it is data, not rules.
#ifndef BYLINE_EXTRACT_MONEY_LEXICON_H_
#define BYLINE_EXTRACT_MONEY_LEXICON_H_

#include <re2/re2.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace byline::extract::money_internal {

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
inline constexpr std::string_view kYenOrYuan = "\xC2\xA5";  // "¥": JPY unless the text says yuan
inline constexpr std::string_view kKr = "kr";               // SEK, NOK, DKK or ISK by country cue
inline constexpr std::string_view kKrone = "krone";         // DKK or NOK by country cue
inline constexpr std::string_view kKrona = "krona";         // SEK, or ISK in Icelandic context

// Every word, name, code and symbol FindMoney knows, and the anchor pattern made of them.
// Built once, on first use (Get); read-only after that, so threads may share it.
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
  Lexicon();

  void MarkStarts();
  WordInfo& Entry(std::string_view lower);
  void AddNumberWords();
  void AddFunctionWords();
  void AddIcuCurrencies();
  void AddName(const std::string& lower, std::string_view code);
  WordInfo& AddCurrencyWord(std::string_view lower, std::string_view code, bool prefixable);
  void AddCurrencyWords();
  void BuildAnchor();

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

}  // namespace byline::extract::money_internal

#endif  // BYLINE_EXTRACT_MONEY_LEXICON_H_
