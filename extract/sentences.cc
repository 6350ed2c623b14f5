#include "extract/sentences.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <memory>

namespace byline::extract {
namespace {

// One break iterator per thread: creating one loads rules (slow); using one is not
// thread-safe.
icu::BreakIterator* SentenceIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> bi(
        icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status));
    if (U_FAILURE(status)) bi.reset();
    return bi;
  }();
  return it.get();
}

void AddLineStarts(std::string_view text, std::vector<size_t>* starts) {
  for (size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) {
    size_t next = i + 1;
    while (next < text.size() && (text[next] == '\n' || text[next] == ' ')) ++next;
    if (next < text.size()) starts->push_back(next);
    i = next - 1;
  }
}

}  // namespace

std::vector<size_t> SentenceStarts(std::string_view utf8) {
  std::vector<size_t> starts;
  if (utf8.empty()) return starts;
  starts.push_back(0);
  icu::BreakIterator* bi = SentenceIterator();
  if (bi != nullptr) {
    UErrorCode status = U_ZERO_ERROR;
    UText* ut = utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
    if (U_SUCCESS(status)) {
      bi->setText(ut, status);
      if (U_SUCCESS(status)) {
        // With a UTF-8 UText, ICU's indices are byte offsets.
        for (int32_t b = bi->next(); b != icu::BreakIterator::DONE; b = bi->next()) {
          if (b > 0 && static_cast<size_t>(b) < utf8.size()) starts.push_back(b);
        }
      }
      // Detach the iterator from the text before the text goes away.
      UErrorCode s2 = U_ZERO_ERROR;
      UText* empty = utext_openUTF8(nullptr, "", 0, &s2);
      bi->setText(empty, s2);
      utext_close(empty);
      utext_close(ut);
    }
  }
  AddLineStarts(utf8, &starts);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  // A start that is only white space before the next start is not a sentence of its own.
  return starts;
}

int SentenceIndex(const std::vector<size_t>& starts, size_t offset) {
  auto it = std::upper_bound(starts.begin(), starts.end(), offset);
  return it == starts.begin() ? 0 : static_cast<int>(it - starts.begin() - 1);
}

}  // namespace byline::extract
