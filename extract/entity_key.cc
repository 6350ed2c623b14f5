// EntityKey: one spelling per entity for the store's keys, with ICU's NFKC_Casefold.
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <string>
#include <vector>

#include "extract/extract.h"
#include "extract/name_words.h"
#include "extract/text_util.h"

namespace byline::extract {
namespace {

// "Nvidia Corp." -> "Nvidia"; "Pacific Gas & Electric Co." -> "Pacific Gas & Electric".
std::string DropLegalForms(std::string_view name) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < name.size()) {
    while (i < name.size() && name[i] == ' ') ++i;
    size_t j = i;
    while (j < name.size() && name[j] != ' ') ++j;
    if (j > i) words.push_back(name.substr(i, j - i));
    i = j;
  }
  while (words.size() > 1) {
    std::string_view last = words.back();
    std::string_view bare = last;
    if (!bare.empty() && bare.back() == ',') bare.remove_suffix(1);
    if (!IsLegalForm(bare)) break;
    words.pop_back();
  }
  std::string out;
  for (std::string_view w : words) {
    if (!out.empty()) out.push_back(' ');
    out.append(w);
  }
  while (!out.empty() && out.back() == ',') out.pop_back();
  return out;
}

}  // namespace

std::string EntityKey(std::string_view name) {
  std::string base = DropLegalForms(CollapseSpace(name));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status) || nfkc_cf == nullptr) return AsciiLower(base);
  icu::UnicodeString folded =
      nfkc_cf->normalize(icu::UnicodeString::fromUTF8(
                             icu::StringPiece(base.data(), static_cast<int32_t>(base.size()))),
                         status);
  if (U_FAILURE(status)) return AsciiLower(base);
  std::string out;
  folded.toUTF8String(out);
  return out;
}

}  // namespace byline::extract
