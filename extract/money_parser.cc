// The money parser. See money_parser.h.
#include "extract/money_parser.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/money_lexicon.h"
#include "extract/money_tokens.h"
#include "extract/text_util.h"

namespace byline::extract::money_internal {

namespace {

// ISO codes that are also English words or tech acronyms ("PHP 8", "TOP 10", "TRY 3"): before
// a number they are money only when the number looks like money (a scale, separators, cents).
constexpr std::string_view kAmbiguousCodes[] = {"ALL", "AMD", "BAM", "BOB", "BTN", "CUP", "CVE",
                                                "GEL", "MAD", "MDL", "MOP", "NIO", "PEN", "PHP",
                                                "SOS", "TMT", "TOP", "TRY", "MRU", "ERN", "LAK"};

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

}  // namespace

std::optional<Amount> ParseAmountAt(std::string_view text, const std::vector<Token>& toks,
                                    const Cues& cues, size_t i) {
  return Parser(text, toks, cues).ParseAt(i);
}

}  // namespace byline::extract::money_internal
