// Language identification in two steps: the Unicode script settles most non-Latin languages
// (a page in Hangul is Korean), and for Latin script the most frequent function words of each
// language are counted ("der", "und", "die" vs "the", "and", "of"). Function words make up a
// third or more of running text in every language listed, so a few hundred words are plenty,
// and a closed list of short words is cheap to match: one hash lookup per word.
#include "extract/language.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "extract/text_util.h"

namespace byline::extract {
namespace {

// Only the start of a page is read: a language rarely changes halfway, and the detector runs
// on every page.
constexpr size_t kMaxBytes = 64 * 1024;
// Fewer function-word hits than this is too little evidence to name a language.
constexpr int kMinWordHits = 5;
// Fewer letters of a non-Latin script than this is too little to decide on (CJK characters
// are words or syllables, so they need fewer).
constexpr int kMinScriptLetters = 20;
constexpr int kMinCjkLetters = 10;

// Latin-script languages told apart by function words, in the order of kFunctionWords.
constexpr std::array<std::string_view, 17> kLatinLanguages = {"en", "de", "fr", "es", "it", "pt",
                                                              "nl", "pl", "sv", "da", "no", "fi",
                                                              "cs", "ro", "hu", "tr", "id"};

// The most frequent short words of each language (lower case, UTF-8). Words shared by several
// languages count for each of them; the words that are not shared decide.
constexpr std::array<std::string_view, 17> kFunctionWords = {
    // en
    "the and of to is in that it was for with as on are be this by have from not or at which "
    "but an they you were has been their would will there what can more about he she we his "
    "her",
    // de
    "der die und den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an "
    "werden aus er hat dass daß sie nach wird bei einer um am sind noch wie einem über zum oder "
    "aber vor zur bis mehr durch man sein wurde wir ich kann nur",
    // fr
    "le la les de des et un une du est en que qui dans pour pas au sur par ne se plus il elle "
    "avec ce son sa ses aux ont été sont mais nous vous cette comme ou leur était",
    // es
    "el la de que y en los se del las un por con no una su para es al lo como más pero sus le "
    "ya este ha porque esta entre cuando muy sin sobre también fue hay desde está son",
    // it
    "il di che e la per un in del non una è della sono al le si con dei da gli lo nel alla "
    "anche come più ma ha delle questo nella essere sul loro ci ed stato dal",
    // pt
    "de a o que e do da em um para é com não uma os no se na por mais as dos como mas ao ele "
    "das à seu sua ou quando muito nos já está também pelo pela isso são foi ser tem",
    // nl
    "de het een en van in is dat op te zijn voor met die niet aan er om ook als bij maar door "
    "nog wordt naar uit dan of over wel dit kan hij zij werd heeft deze worden geen meer hun "
    "ze",
    // pl
    "i w nie na się z do to że jest o jak a ale po co tak za od jego przez dla czy już tylko "
    "może są być ich ten jej które który która także tym był była oraz przy gdy jednak",
    // sv
    "och i att det som en på är av för med till den har de inte om ett var jag men så från vi "
    "kan han hon sig vid eller efter också när nu här skulle finns mycket bara detta hade",
    // da
    "og i at det en den til er som på de med han af for ikke der var mig sig men et har om vi "
    "havde ham hun nu fra du ud sin dem op man hans hvor eller hvad skal her vil blev kunne "
    "efter også meget når nogle",
    // no
    "og i det er som en på av til at den for med har de ikke om et var jeg men så fra vi kan "
    "han hun seg ved eller etter også når nå her skulle mye bare dette hadde meg hva noen blir "
    "ble være kunne hvor",
    // fi
    "ja on ei että se oli hän mutta kun niin myös ovat tai jos ole kuin sen joka tämä mitä "
    "vain jo nyt voi sitä olla hänen mukaan jotka kanssa sekä olisi siitä tässä kaikki vielä "
    "minä me",
    // cs
    "a je v se na to že s z do o i jsou k ale jako by jak pro po tak od za které který která "
    "už jsem bylo byl jeho jen také podle při než nebo aby když mezi",
    // ro
    "și şi de în la a cu pe care nu din o un se mai pentru este sunt au ce să să fost după "
    "sau dar această acest ca fi lui își îşi prin despre către iar doar unei unui între foarte",
    // hu
    "a az és hogy nem is egy meg de van volt csak már ki el azt mint ez még pedig vagy mert "
    "így ha kell lesz után között szerint majd minden sem sok nagyon amely akkor ami aki",
    // tr
    "ve bir bu da de için ile çok ne daha gibi olan olarak en ama sonra kadar var yok her ben "
    "o şu mi ya değil diye ise göre tüm olduğu büyük ancak ayrıca",
    // id
    "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada oleh saya kami "
    "mereka sudah adalah atau bisa karena seperti lebih tersebut telah bahwa hanya saat kita "
    "para namun",
};

// word -> bit set of kLatinLanguages indices.
const std::unordered_map<std::string_view, uint32_t>& FunctionWordTable() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, uint32_t>();
    for (size_t lang = 0; lang < kFunctionWords.size(); ++lang) {
      std::string_view list = kFunctionWords[lang];
      size_t pos = 0;
      while (pos < list.size()) {
        size_t end = list.find(' ', pos);
        if (end == std::string_view::npos) end = list.size();
        if (end > pos) (*t)[list.substr(pos, end - pos)] |= uint32_t{1} << lang;
        pos = end + 1;
      }
    }
    return t;
  }();
  return *table;
}

// Decodes one UTF-8 code point at s[*i] and advances *i; malformed bytes give U+FFFD.
char32_t DecodeUtf8(std::string_view s, size_t* i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(*i);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || *i + len > s.size()) {
    ++*i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) {
    unsigned char d = byte(*i + k);
    if ((d & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (d & 0x3F);
  }
  *i += len;
  return cp;
}

bool IsLatinLetter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

// Lower case for the Latin letters the function words use (Latin-1, Latin Extended-A, and
// the comma-below letters of Romanian).
char32_t LowerLatin(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c == 0x130) return 'i';  // Turkish dotted capital I
  if (c >= 0x100 && c <= 0x137 && c % 2 == 0) return c + 1;
  if (c >= 0x139 && c <= 0x148 && c % 2 == 1) return c + 1;
  if (c >= 0x14A && c <= 0x177 && c % 2 == 0) return c + 1;
  if (c >= 0x218 && c <= 0x21B && c % 2 == 0) return c + 1;
  return c;
}

// Letters per script, and the few letters that tell apart languages sharing a script.
struct ScriptCounts {
  int latin = 0;
  int cyrillic = 0;
  int ukrainian = 0;   // і ї є ґ: not in Russian
  int belarusian = 0;  // ў
  int serbian = 0;     // ђ ћ џ
  int russian = 0;     // ы э: not in Bulgarian
  int hard_sign = 0;   // ъ: rare in Russian, frequent in Bulgarian
  int greek = 0;
  int hebrew = 0;
  int arabic = 0;
  int persian = 0;  // پ چ ژ گ ی ک
  int urdu = 0;     // ٹ ڈ ں ے
  int devanagari = 0;
  int bengali = 0;
  int tamil = 0;
  int thai = 0;
  int georgian = 0;
  int armenian = 0;
  int hangul = 0;
  int kana = 0;
  int han = 0;
};

void CountCyrillic(char32_t c, ScriptCounts* n) {
  ++n->cyrillic;
  switch (c) {
    case 0x456:
    case 0x406:
    case 0x457:
    case 0x407:
    case 0x454:
    case 0x404:
    case 0x491:
    case 0x490:
      ++n->ukrainian;
      break;
    case 0x45E:
    case 0x40E:
      ++n->belarusian;
      break;
    case 0x452:
    case 0x402:
    case 0x45B:
    case 0x40B:
    case 0x45F:
    case 0x40F:
      ++n->serbian;
      break;
    case 0x44B:
    case 0x42B:
    case 0x44D:
    case 0x42D:
      ++n->russian;
      break;
    case 0x44A:
    case 0x42A:
      ++n->hard_sign;
      break;
    default:
      break;
  }
}

void CountArabic(char32_t c, ScriptCounts* n) {
  ++n->arabic;
  if (c == 0x67E || c == 0x686 || c == 0x698 || c == 0x6AF || c == 0x6CC || c == 0x6A9) {
    ++n->persian;
  }
  if (c == 0x679 || c == 0x688 || c == 0x6BA || c == 0x6D2) ++n->urdu;
}

// Counts c in its script; Latin letters are counted by the caller.
void CountScript(char32_t c, ScriptCounts* n) {
  if (c >= 0x400 && c <= 0x4FF) return CountCyrillic(c, n);
  if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F) || (c >= 0xFB50 && c <= 0xFDFF) ||
      (c >= 0xFE70 && c <= 0xFEFF)) {
    return CountArabic(c, n);
  }
  if ((c >= 0x370 && c <= 0x3FF) || (c >= 0x1F00 && c <= 0x1FFF))
    ++n->greek;
  else if (c >= 0x590 && c <= 0x5FF)
    ++n->hebrew;
  else if (c >= 0x900 && c <= 0x97F)
    ++n->devanagari;
  else if (c >= 0x980 && c <= 0x9FF)
    ++n->bengali;
  else if (c >= 0xB80 && c <= 0xBFF)
    ++n->tamil;
  else if (c >= 0xE00 && c <= 0xE7F)
    ++n->thai;
  else if (c >= 0x10A0 && c <= 0x10FF)
    ++n->georgian;
  else if (c >= 0x530 && c <= 0x58F)
    ++n->armenian;
  else if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) ||
           (c >= 0x3130 && c <= 0x318F)) {
    ++n->hangul;
  } else if (c >= 0x3040 && c <= 0x30FF) {
    ++n->kana;
  } else if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
             (c >= 0xF900 && c <= 0xFAFF)) {
    ++n->han;
  }
}

std::optional<std::string> CyrillicLanguage(const ScriptCounts& n) {
  // Each of these letters is frequent in its language (around 1-5% of letters) and absent
  // from Russian, so a handful of them is enough.
  int marked = n.cyrillic / 200 + 2;
  if (n.belarusian >= marked) return "be";
  if (n.ukrainian >= marked) return "uk";
  if (n.serbian >= marked) return "sr";
  if (n.russian == 0 && n.hard_sign >= marked) return "bg";
  return "ru";
}

std::optional<std::string> ArabicLanguage(const ScriptCounts& n) {
  int marked = n.arabic / 100 + 2;
  if (n.urdu >= marked) return "ur";
  if (n.persian >= marked) return "fa";
  return "ar";
}

std::optional<std::string> CjkLanguage(const ScriptCounts& n) {
  if (n.hangul >= n.han + n.kana) return "ko";
  // Japanese prose is a third or more kana; Chinese text quotes kana only in names.
  if (n.kana * 10 >= n.han + n.kana) return "ja";
  return "zh";
}

// The language of the dominant non-Latin script, or nullopt when Latin dominates or the
// text is too short.
std::optional<std::string> ScriptLanguage(const ScriptCounts& n) {
  int cjk = n.hangul + n.kana + n.han;
  struct Candidate {
    int count;
    std::string_view language;  // "" for those decided by a helper
  };
  const Candidate scripts[] = {
      {n.cyrillic, ""}, {n.arabic, ""},       {cjk, ""},          {n.greek, "el"},
      {n.hebrew, "he"}, {n.devanagari, "hi"}, {n.bengali, "bn"},  {n.tamil, "ta"},
      {n.thai, "th"},   {n.georgian, "ka"},   {n.armenian, "hy"},
  };
  const Candidate* best = nullptr;
  for (const Candidate& c : scripts) {
    if (best == nullptr || c.count > best->count) best = &c;
  }
  if (best->count <= n.latin) return std::nullopt;
  if (best == &scripts[2]) {
    return cjk >= kMinCjkLetters ? CjkLanguage(n) : std::nullopt;
  }
  if (best->count < kMinScriptLetters) return std::nullopt;
  if (best == &scripts[0]) return CyrillicLanguage(n);
  if (best == &scripts[1]) return ArabicLanguage(n);
  return std::string(best->language);
}

// Adds the function-word hits of one lower-cased word.
void CountWord(const std::string& word, std::array<int, kLatinLanguages.size()>* hits) {
  const auto& table = FunctionWordTable();
  auto it = table.find(word);
  if (it == table.end()) return;
  for (size_t lang = 0; lang < kLatinLanguages.size(); ++lang) {
    if (it->second & (uint32_t{1} << lang)) ++(*hits)[lang];
  }
}

std::optional<std::string> LatinLanguage(const std::array<int, kLatinLanguages.size()>& hits,
                                         int words) {
  size_t best = 0;
  int second = 0;
  for (size_t lang = 1; lang < hits.size(); ++lang) {
    if (hits[lang] > hits[best]) {
      second = hits[best];
      best = lang;
    } else if (hits[lang] > second) {
      second = hits[lang];
    }
  }
  if (hits[best] < kMinWordHits || hits[best] == second) return std::nullopt;
  // Running text is a third or more function words; a list of names or code is not text.
  if (hits[best] * 20 < words) return std::nullopt;
  return std::string(kLatinLanguages[best]);
}

// Longer words are never function words; they are skipped without a lookup.
constexpr size_t kMaxFunctionWordBytes = 16;

}  // namespace

std::optional<std::string> DetectLanguage(std::string_view utf8_text) {
  std::string_view text = utf8_text.substr(0, kMaxBytes);
  ScriptCounts counts;
  std::array<int, kLatinLanguages.size()> hits{};
  int words = 0;
  std::string word;
  bool word_too_long = false;
  auto end_word = [&] {
    if (!word.empty() || word_too_long) ++words;
    if (!word.empty() && !word_too_long) CountWord(word, &hits);
    word.clear();
    word_too_long = false;
  };
  size_t i = 0;
  while (i < text.size()) {
    char32_t c = DecodeUtf8(text, &i);
    if (IsLatinLetter(c)) {
      ++counts.latin;
      if (word.size() >= kMaxFunctionWordBytes) {
        word_too_long = true;
      } else {
        AppendUtf8(LowerLatin(c), &word);
      }
      continue;
    }
    end_word();
    if (c >= 0x370) CountScript(c, &counts);
  }
  end_word();
  if (auto lang = ScriptLanguage(counts)) return lang;
  if (counts.latin == 0) return std::nullopt;
  return LatinLanguage(hits, words);
}

namespace {

// ISO 639-2 codes (and a few English and native language names) of common languages that
// pages put where a two-letter code belongs.
struct LanguageAlias {
  std::string_view alias;
  std::string_view code;
};
constexpr LanguageAlias kAliases[] = {
    {"eng", "en"},
    {"deu", "de"},
    {"ger", "de"},
    {"fra", "fr"},
    {"fre", "fr"},
    {"spa", "es"},
    {"ita", "it"},
    {"por", "pt"},
    {"nld", "nl"},
    {"dut", "nl"},
    {"pol", "pl"},
    {"swe", "sv"},
    {"dan", "da"},
    {"nor", "no"},
    {"fin", "fi"},
    {"ces", "cs"},
    {"cze", "cs"},
    {"ron", "ro"},
    {"rum", "ro"},
    {"hun", "hu"},
    {"tur", "tr"},
    {"ind", "id"},
    {"rus", "ru"},
    {"ukr", "uk"},
    {"jpn", "ja"},
    {"zho", "zh"},
    {"chi", "zh"},
    {"kor", "ko"},
    {"ara", "ar"},
    {"heb", "he"},
    {"ell", "el"},
    {"gre", "el"},
    {"hin", "hi"},
    {"tha", "th"},
    {"english", "en"},
    {"german", "de"},
    {"deutsch", "de"},
    {"french", "fr"},
    {"français", "fr"},
    {"francais", "fr"},
    {"spanish", "es"},
    {"español", "es"},
    {"espanol", "es"},
    {"italian", "it"},
    {"italiano", "it"},
    {"portuguese", "pt"},
    {"português", "pt"},
    {"dutch", "nl"},
    {"nederlands", "nl"},
    {"polish", "pl"},
    {"polski", "pl"},
    {"russian", "ru"},
    {"swedish", "sv"},
    {"danish", "da"},
    {"norwegian", "no"},
    {"finnish", "fi"},
    {"czech", "cs"},
    {"turkish", "tr"},
    {"japanese", "ja"},
    {"chinese", "zh"},
    {"korean", "ko"},
    {"arabic", "ar"},
    // Withdrawn two-letter codes still seen in the wild.
    {"iw", "he"},
    {"in", "id"},
    {"ji", "yi"},
    {"jw", "jv"},
    {"mo", "ro"},
};

// "Not a language" codes of ISO 639-2.
constexpr std::string_view kNoLanguage[] = {"und", "mul", "zxx", "mis"};

}  // namespace

std::optional<std::string> NormalizeLanguageTag(std::string_view tag) {
  tag = Trim(tag);
  // A list ("en, de") names the main language first.
  tag = Trim(tag.substr(0, tag.find(',')));
  size_t end = tag.find_first_of("-_");
  std::string primary = AsciiLower(Trim(tag.substr(0, end)));
  for (const LanguageAlias& a : kAliases) {
    if (primary == a.alias) return std::string(a.code);
  }
  if (primary.size() < 2 || primary.size() > 3) return std::nullopt;
  for (char c : primary) {
    if (c < 'a' || c > 'z') return std::nullopt;
  }
  for (std::string_view none : kNoLanguage) {
    if (primary == none) return std::nullopt;
  }
  // A three-letter code with no two-letter equivalent (fil, haw) is still the language.
  return primary;
}

}  // namespace byline::extract
