#include "extract/language.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace byline::extract {
namespace {

struct DetectCase {
  const char* name;
  const char* text;
  std::optional<std::string> want;
};

class LanguageDetectTest : public ::testing::TestWithParam<DetectCase> {};

TEST_P(LanguageDetectTest, Detects) {
  const DetectCase& c = GetParam();
  EXPECT_EQ(DetectLanguage(c.text), c.want) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Languages, LanguageDetectTest,
    ::testing::Values(
        DetectCase{"en",
                   "The council said on Tuesday that the new bridge would be finished by the end "
                   "of the year, and that it was confident the work could be paid for with the "
                   "money that has been set aside.",
                   "en"},
        DetectCase{"de",
                   "Der Stadtrat hat am Dienstag beschlossen, dass die neue Brücke bis zum Ende "
                   "des Jahres fertig sein soll. Die Kosten werden nach Angaben der Verwaltung "
                   "auch durch den Bund getragen.",
                   "de"},
        DetectCase{"fr",
                   "Le conseil municipal a annoncé mardi que le nouveau pont sera terminé avant "
                   "la fin de l'année et que les travaux seront financés par une subvention de "
                   "l'État pour la région.",
                   "fr"},
        DetectCase{"es",
                   "El ayuntamiento anunció el martes que el nuevo puente estará terminado antes "
                   "de que acabe el año y que las obras se pagarán con los fondos que la región "
                   "ha reservado para los proyectos.",
                   "es"},
        DetectCase{
            "ja",
            "市議会は火曜日、新しい橋が年末までに完成すると発表した。工事の費用は国の補助金で"
            "まかなわれる予定だという。",
            "ja"},
        DetectCase{
            "zh",
            "市议会周二宣布，新大桥将在年底前完工，工程费用将由国家补助金支付。当地居民对此表示"
            "欢迎。",
            "zh"},
        DetectCase{"ko",
                   "시의회는 화요일 새 다리가 연말까지 완공될 것이라고 발표했다. 공사비는 국가 "
                   "보조금으로 충당된다.",
                   "ko"},
        DetectCase{"ru",
                   "Городской совет объявил во вторник, что новый мост будет достроен до конца "
                   "года, а работы оплатят из средств федерального бюджета.",
                   "ru"},
        DetectCase{"uk",
                   "Міська рада оголосила у вівторок, що новий міст буде добудовано до кінця "
                   "року, а роботи оплатять із коштів державного бюджету. Їхні плани є "
                   "амбітними.",
                   "uk"},
        DetectCase{"el",
                   "Το δημοτικό συμβούλιο ανακοίνωσε την Τρίτη ότι η νέα γέφυρα θα "
                   "ολοκληρωθεί.",
                   "el"},
        DetectCase{"too_short", "The cat.", std::nullopt}, DetectCase{"empty", "", std::nullopt},
        DetectCase{"names_only", "Anna Bell, Carl Dunn, Eva Falk, Gus Hart, Ida Jons, Kim Lund",
                   std::nullopt}),
    [](const ::testing::TestParamInfo<DetectCase>& info) { return info.param.name; });

TEST(LanguageDetect, ReadsOnlyTheFirst64KiB) {
  // German first, then far more English past the 64 KiB mark: the German decides.
  std::string text;
  while (text.size() < 70 * 1024) text += "Der Hund und die Katze sind in dem Haus. ";
  for (int i = 0; i < 10000; ++i) text += "The dog and the cat are in the house. ";
  EXPECT_EQ(DetectLanguage(text), "de");
}

struct TagCase {
  const char* tag;
  std::optional<std::string> want;
};

class LanguageTagTest : public ::testing::TestWithParam<TagCase> {};

TEST_P(LanguageTagTest, Normalizes) {
  EXPECT_EQ(NormalizeLanguageTag(GetParam().tag), GetParam().want) << GetParam().tag;
}

INSTANTIATE_TEST_SUITE_P(
    LanguageTags, LanguageTagTest,
    ::testing::Values(TagCase{"en-US", "en"}, TagCase{"en_GB", "en"}, TagCase{"EN", "en"},
                      TagCase{" de-DE ", "de"}, TagCase{"pt-BR", "pt"}, TagCase{"zh-Hans-CN", "zh"},
                      TagCase{"deu", "de"}, TagCase{"German", "de"}, TagCase{"iw", "he"},
                      TagCase{"fr, en", "fr"}, TagCase{"fil", "fil"}, TagCase{"", std::nullopt},
                      TagCase{"x-default", std::nullopt}, TagCase{"und", std::nullopt},
                      TagCase{"e1", std::nullopt}, TagCase{"{{lang}}", std::nullopt}));

}  // namespace
}  // namespace byline::extract
