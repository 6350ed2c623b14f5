// Author names for the metadata stage: a byline ("By Jane Doe and John Roe, Staff Writers")
// cut into chunks and cleaned of prefixes, roles, dates and collective names, each kept only
// if it looks like a person's name. The word lists are shared with field extraction, which
// uses them to tell a byline from prose. Also the public SplitAuthors.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extract/metadata.h"
#include "extract/metadata_internal.h"
#include "extract/text_util.h"

namespace byline::extract {
namespace metadata_internal {

// Words that introduce a byline ("By", "Von", "Text:") and are not part of the name.
bool IsBylinePrefixWord(std::string_view lower) {
  return InList(lower,
                {"by",       "von",     "par",    "por",       "di",       "door",    "av",
                 "af",       "written", "posted", "reported",  "text",     "texte",   "autor",
                 "autorin",  "autoren", "author", "authors",   "auteur",   "auteurs", "geschrieben",
                 "verfasst", "ein",     "eine",   "beitrag",   "artikel",  "escrito", "publicado",
                 "publié",   "words",   "story",  "interview", "kommentar"});
}

// Words that start the date/time part of a byline ("Updated 3 hours ago").
bool IsDateWord(std::string_view lower) {
  return InList(lower, {"updated",        "update",     "published",  "posted",   "aktualisiert",
                        "veröffentlicht", "stand",      "uhr",        "pm",       "min",
                        "mins",           "minutes",    "read",       "ago",      "hours",
                        "hour",           "gmt",        "utc",        "today",    "yesterday",
                        "heute",          "gestern",    "publié",     "mis",      "actualizado",
                        "publicado",      "aggiornato", "pubblicato", "lesezeit", "monday",
                        "tuesday",        "wednesday",  "thursday",   "friday",   "saturday",
                        "sunday",         "montag",     "dienstag",   "mittwoch", "donnerstag",
                        "freitag",        "samstag",    "sonntag"});
}

// Small words that lead into a date ("on May 1", "am 3. Mai", "le 3 mai").
bool IsDateConnector(std::string_view lower) {
  return InList(lower, {"on", "am", "at", "le", "el", "il", "den", "vom", "du", "del", "de"});
}

// Small words inside names ("Ursula von der Leyen", "Juan de la Cruz").
bool IsNameParticle(std::string_view lower) {
  return InList(lower, {"von", "van",   "der", "den", "de",  "la",  "le",  "da",  "di",  "du",
                        "del", "della", "dos", "das", "do",  "ten", "ter", "bin", "ibn", "al",
                        "el",  "y",     "e",   "zu",  "vom", "zum", "und", "st.", "mc",  "mac"});
}

bool StartsUpper(std::string_view w) {
  if (w.empty()) return false;
  unsigned char c = static_cast<unsigned char>(w[0]);
  if (c >= 0x80) {
    // Latin-1 capitals are C3 80-9E; other scripts have no case to check.
    if (c == 0xC3 && w.size() > 1) {
      unsigned char d = static_cast<unsigned char>(w[1]);
      return d >= 0x80 && d <= 0x9E;
    }
    return c != 0xC3;
  }
  return IsAsciiUpper(static_cast<char>(c));
}

// Trims spaces and the punctuation that bylines put around names.
std::string_view TrimPunct(std::string_view s) {
  auto junk = [](char c) {
    return c == ' ' || c == ':' || c == '-' || c == '.' || c == ',' || c == '"' || c == '\'' ||
           c == '*' || c == '_' || c == '~' || c == '>' || c == '<';
  };
  while (!s.empty() && junk(s.front())) s.remove_prefix(1);
  while (!s.empty() && junk(s.back()) &&
         !(s.size() >= 2 && IsAsciiUpper(s[s.size() - 2]) && s.back() == '.' &&
           (s.size() == 2 || s[s.size() - 3] == ' '))) {
    s.remove_suffix(1);  // keeps the dot of a final initial ("John Q.")
  }
  return Trim(s);
}

namespace {

// A chunk that credits something other than the text (a photo, a source) is not a byline.
bool IsCreditWord(std::string_view lower) {
  return InList(
      lower,
      {"foto",   "fotos",        "photo",          "photos", "bild",       "bilder", "image",
       "images", "illustration", "illustrationen", "grafik", "video",      "quelle", "source",
       "credit", "credits",      "copyright",      "©",      "fotografía", "crédit", "crédits"});
}

// Job titles that follow (or make up) a name in a byline.
bool IsRoleWord(std::string_view lower) {
  return InList(
      lower, {"staff",         "writer",         "writers",       "reporter",        "reporters",
              "correspondent", "correspondents", "editor",        "editors",         "contributor",
              "contributors",  "contributing",   "senior",        "chief",           "columnist",
              "redakteur",     "redakteurin",    "korrespondent", "korrespondentin", "journalist",
              "journalistin",  "associate",      "managing",      "deputy",          "assistant",
              "executive",     "political",      "photographer",  "freelance",       "guest",
              "special",       "national",       "international", "business",        "science",
              "health",        "tech",           "technology",    "sports",          "opinion",
              "news",          "digital",        "desk",          "producer",        "anchor",
              "analyst",       "intern",         "rédacteur",     "rédactrice",      "redactor",
              "redactora",     "periodista",     "corresponsal",  "giornalista",     "in-chief"});
}

// Bylines that name no person: the newsroom, the CMS user, a wire agency. Wire agencies are
// kept out of authors on purpose: "AP" is a source, not a person who wrote the piece.
bool IsNonPersonName(std::string_view lower_name) {
  static constexpr std::string_view kWholeNames[] = {
      "staff",
      "admin",
      "administrator",
      "redaktion",
      "editorial team",
      "editorial staff",
      "the editors",
      "editors",
      "editor",
      "team",
      "newsroom",
      "news desk",
      "web desk",
      "desk",
      "guest",
      "guest author",
      "gastautor",
      "gastautorin",
      "anonymous",
      "anonym",
      "unknown",
      "user",
      "webmaster",
      "author",
      "autor",
      "red",
      "wire",
      "staff reporter",
      "press release",
      "pressemitteilung",
      "sponsored",
      "advertorial",
      "anzeige",
      "unbekannt",
      "home",
      "menu",
      "share",
      "facebook",
      "twitter",
      "instagram",
      "linkedin",
      "whatsapp",
      "email",
      "e-mail",
      "print",
      "more",
      "mehr",
      "ap",
      "afp",
      "dpa",
      "apa",
      "sda",
      "ats",
      "ansa",
      "efe",
      "reuters",
      "associated press",
      "the associated press",
      "agence france-presse",
      "agence france presse",
      "europa press",
      "kna",
      "epd",
      "kathpress",
      "upi",
      "xinhua",
      "tass",
      "ria novosti",
      "pti",
      "ians",
      "ani",
      "bloomberg",
      "dpa-afx",
      "newsroom staff",
      "cnn",
      "bbc",
      "nyt",
      "wire services",
      "news service",
      "news services",
      "contributor",
      "contributors",
      "guest post",
      "gastbeitrag",
      "leserbrief",
      "pm",
      "ots",
      "presse",
      "press",
      "redaction",
      "rédaction",
      "redacción",
      "redazione",
      "redactie",
      "admin user",
      "agencies",
      "agency",
      "agencias",
      "agenturen",
  };
  for (std::string_view n : kWholeNames) {
    if (lower_name == n) return true;
  }
  // Any of these words marks a collective byline ("Redaktion Diario X", "Sports Desk").
  for (std::string_view w : SplitWords(lower_name)) {
    if (InList(w, {"staff", "redaktion", "redacción", "rédaction", "redazione", "redactie",
                   "editorial", "newsroom", "team", "desk", "admin", "administrator", "webmaster",
                   "agencia", "agentur", "agency", "agenzia", "agence", "press", "presse",
                   "online-redaktion", "onlineredaktion", "nachrichten", "news", "marketing",
                   "communications", "kommunikation", "pressestelle",
                   // Legal forms: a company, not a person.
                   "gmbh", "ag", "inc", "inc.", "llc", "ltd", "ltd.", "corp", "corp.", "kg", "e.v.",
                   "s.a.", "s.l.", "plc", "verlag", "media", "medien", "group", "gruppe",
                   // Link and widget text that sits where bylines are.
                   "zur", "alle", "mehr", "more", "all", "view", "read", "profile", "posts",
                   "articles", "artikel", "beiträge", "follow", "contact", "kontakt", "about",
                   "über", "weitere", "see", "show", "login", "logout", "subscribe", "abonnieren",
                   "home", "startseite", "impressum", "datenschutz", "privacy"})) {
      return true;
    }
  }
  return false;
}

// Whether `name` (already cleaned) looks like a person's name: one to five words, no digits
// or markup, every word capitalised except name particles, and not a collective byline.
bool IsPlausibleName(std::string_view name) {
  if (name.size() < 2 || name.size() > 60) return false;
  if (name.find_first_of("0123456789@:;|/\\()[]{}<>=+*#?!\"%$") != std::string_view::npos) {
    return false;
  }
  std::vector<std::string_view> words = SplitWords(name);
  if (words.empty() || words.size() > 5) return false;
  int real_words = 0;
  for (std::string_view w : words) {
    std::string lower = LowerLatin1(w);
    if (IsNameParticle(lower) && words.size() > 1) continue;
    if (!StartsUpper(w)) return false;
    ++real_words;
  }
  if (real_words == 0) return false;
  return !IsNonPersonName(LowerLatin1(name));
}

// Removes parenthesised asides: "(AP)", "(dpa)", "(Twitter: @x)".
std::string DropParentheses(std::string_view s) {
  std::string out;
  int depth = 0;
  for (char c : s) {
    if (c == '(' || c == '[') {
      ++depth;
    } else if ((c == ')' || c == ']') && depth > 0) {
      --depth;
      out.push_back(' ');
    } else if (depth == 0) {
      out.push_back(c);
    }
  }
  return out;
}

// Separators between names or between a name and its role, date or site, used to cut a
// byline into chunks. Conjunctions need spaces around them.
void SplitChunks(std::string_view s, std::vector<std::string>* chunks) {
  static constexpr std::string_view kSeparators[] = {
      "\n",
      "|",
      ";",
      ",",
      "/",
      "\xE2\x80\xA2",
      "\xC2\xB7",
      " - ",
      " \xE2\x80\x93 ",
      " \xE2\x80\x94 ",
      "\xE2\x80\x94",
      "\xE2\x80\x93",
      " and ",
      " & ",
      " und ",
      " et ",
      " y ",
      " e ",
      " en ",
      " og ",
      " och ",
      " AND ",
      " UND ",
      " And ",
      " Und ",
      " ET ",
  };
  std::string text(s);
  std::vector<std::pair<size_t, size_t>> cuts;  // position, length
  for (std::string_view sep : kSeparators) {
    size_t pos = 0;
    while ((pos = text.find(sep, pos)) != std::string::npos) {
      cuts.emplace_back(pos, sep.size());
      pos += sep.size();
    }
  }
  std::sort(cuts.begin(), cuts.end());
  size_t start = 0;
  for (const auto& [pos, len] : cuts) {
    if (pos < start) continue;
    chunks->push_back(text.substr(start, pos - start));
    start = pos + len;
  }
  chunks->push_back(text.substr(start));
}

// One chunk of a byline -> a cleaned name candidate ("" when the chunk holds none).
std::string CleanChunk(std::string_view chunk) {
  std::string collapsed = CollapseSpace(chunk);
  std::vector<std::string_view> words = SplitWords(collapsed);
  // Leading "By", "Written by", "Text:".
  size_t begin = 0;
  while (begin < words.size()) {
    std::string lower = LowerLatin1(TrimPunct(words[begin]));
    if (lower.empty() || IsBylinePrefixWord(lower)) {
      ++begin;
    } else {
      break;
    }
  }
  if (begin < words.size() && IsCreditWord(LowerLatin1(TrimPunct(words[begin])))) return {};
  // "Datum: ...", "Anzahl der Kommentare: 0": a labelled field other than the byline.
  for (size_t k = begin; k < words.size(); ++k) {
    if (words[k].find(':') != std::string_view::npos) return {};
  }
  // The name ends where a date, e-mail, handle, URL or role starts.
  size_t end = begin;
  while (end < words.size()) {
    std::string_view w = words[end];
    std::string lower = LowerLatin1(TrimPunct(w));
    bool has_digit = w.find_first_of("0123456789") != std::string_view::npos;
    bool contact = w.find('@') != std::string_view::npos || StartsWith(lower, "http") ||
                   StartsWith(lower, "www.");
    // "May", "le", "am" end the name only when a date follows ("am 21. April", "May 1"),
    // as they are also names or name particles ("Theresa May", "Ursula K. Le Guin").
    std::string next =
        end + 1 < words.size() ? LowerLatin1(TrimPunct(words[end + 1])) : std::string();
    bool date_follows = next.find_first_of("0123456789") != std::string::npos ||
                        MonthFromWord(next) != 0 || IsDateWord(next);
    bool weak_date_word = MonthFromWord(lower) != 0 || IsDateConnector(lower);
    if (has_digit || contact || IsDateWord(lower) || (weak_date_word && date_follows)) break;
    ++end;
  }
  // Trailing job titles ("Jane Doe Staff Writer").
  while (end > begin && IsRoleWord(LowerLatin1(TrimPunct(words[end - 1])))) --end;
  if (end <= begin) return {};
  std::string name;
  for (size_t k = begin; k < end; ++k) {
    if (!name.empty()) name.push_back(' ');
    name.append(words[k]);
  }
  return std::string(TrimPunct(name));
}

}  // namespace

// Names from a byline without the checks against the site (see SplitAuthors).
std::vector<std::string> NamesFromByline(std::string_view byline) {
  std::vector<std::string> chunks;
  SplitChunks(DropParentheses(byline.substr(0, 1000)), &chunks);
  std::vector<std::string> names;
  std::vector<std::string> keys;
  bool any_multiword = false;
  for (const std::string& chunk : chunks) {
    std::string name = CleanChunk(chunk);
    if (name.empty() || !IsPlausibleName(name)) continue;
    std::string key = Key(name);
    if (key.empty() || std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    keys.push_back(key);
    any_multiword |= name.find(' ') != std::string::npos;
    names.push_back(std::move(name));
  }
  // Next to full names, a single word is a place or a section ("Jane Doe, Berlin"), not a
  // co-author known by one name.
  if (any_multiword) {
    std::erase_if(names, [](const std::string& n) { return n.find(' ') == std::string::npos; });
  }
  constexpr size_t kMaxAuthors = 10;
  if (names.size() > kMaxAuthors) names.resize(kMaxAuthors);
  return names;
}

}  // namespace metadata_internal

std::vector<std::string> SplitAuthors(std::string_view byline) {
  try {
    return metadata_internal::NamesFromByline(byline);
  } catch (...) {
    return {};
  }
}

}  // namespace byline::extract
