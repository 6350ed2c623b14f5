// Small closed word lists that entity recognition reads as context: legal forms, the head
// words of organisation names, roles and titles, honorifics. Names themselves come from the
// generated gazetteers, never from here.
#ifndef BYLINE_EXTRACT_NAME_WORDS_H_
#define BYLINE_EXTRACT_NAME_WORDS_H_

#include <string_view>

namespace byline::extract {

// "Inc", "Inc.", "Corp.", "Co.", "Ltd", "LLC", "PLC", "AG", "SA", "GmbH", "N.V." ...
bool IsLegalForm(std::string_view word);
// Last words of organisation names: "Bank", "University", "Commission", "Technologies" ...
bool IsOrgHeadWord(std::string_view word);
// First words of organisation names followed by "of": "University", "Bank", "Department".
bool IsOrgOfWord(std::string_view word);
// Roles and titles before or after a person's name: "CEO", "President", "analyst" ...
bool IsRoleWord(std::string_view word);
// "Mr.", "Ms.", "Dr.", "Sir" ...
bool IsHonorific(std::string_view word);
// Capitalised words that are never names on their own: days, months, pronouns, "The" ...
bool IsNeverName(std::string_view word);
// Nouns that say the preceding or following name is a company: "startup", "rival" ...
bool IsCompanyNoun(std::string_view lower_word);
// Verbs of speech: "said", "says", "told", "wrote" ...
bool IsSpeechVerb(std::string_view lower_word);

// Abbreviated titles after which a sentence goes on: "Mr.", "St.", "Gen.".
bool IsTitleAbbreviation(std::string_view word);
// Nouns that, right before a name, make it a company: "beauty company Coty", "carrier
// SunExpress". Stricter than IsCompanyNoun: "owner", "partner", "rival" precede people too.
bool IsCompanyNounBefore(std::string_view word);
// Nouns after a name that make it a product or a work: "ChinAI newsletter", "Esc key".
bool IsWorkNoun(std::string_view word);
// Last words of events, not organisations: "Black Friday", "Prime Day", "Web Summit".
bool IsEventEnd(std::string_view word);
// Last words of place and facility names: "Marin County", "Mile High Stadium".
bool IsPlaceHeadWord(std::string_view word);
// Acronyms that are technical or general terms, not organisations: "AI", "GPU", "IPO".
bool IsTechAcronym(std::string_view word);

}  // namespace byline::extract

#endif  // BYLINE_EXTRACT_NAME_WORDS_H_
