#include "pipelines/table_text.h"

#include <algorithm>

namespace byline::pipelines {
namespace {

bool StartsCharacter(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

constexpr char kCut[] = "...";
constexpr size_t kCutWidth = 3;

}  // namespace

size_t DisplayWidth(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), StartsCharacter));
}

std::string CutToWidth(const std::string& s, size_t columns) {
  size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    if (StartsCharacter(s[i]) && n++ == columns) break;
  }
  return s.substr(0, i);
}

std::string LastColumns(const std::string& s, size_t columns) {
  if (columns == 0) return "";
  size_t n = 0, i = s.size();
  while (i > 0) {
    --i;
    if (StartsCharacter(s[i]) && ++n == columns) break;
  }
  return s.substr(i);
}

std::string KeywordInContext(const std::string& sentence, const std::string& keyword,
                             size_t columns) {
  columns = std::max<size_t>(columns, 10);
  if (DisplayWidth(sentence) <= columns) return sentence;
  const size_t at = keyword.empty() ? std::string::npos : sentence.find(keyword);
  if (at == std::string::npos) return CutToWidth(sentence, columns - kCutWidth) + kCut;
  const std::string left = sentence.substr(0, at);
  const std::string right = sentence.substr(at + keyword.size());
  const size_t key_width = DisplayWidth(keyword);
  // Room for the context: each side that is cut loses three columns to its "...".
  const size_t room = columns > key_width + 2 * kCutWidth ? columns - key_width - 2 * kCutWidth : 0;
  const size_t left_width = DisplayWidth(left), right_width = DisplayWidth(right);
  // Half the room a side; what one side does not need goes to the other.
  size_t take_left = std::min(left_width, room / 2);
  size_t take_right = std::min(right_width, room - take_left);
  take_left = std::min(left_width, room - take_right);
  // A side shown whole needs no "...", which gives its columns to the other side.
  if (take_left == left_width) take_right = std::min(right_width, take_right + kCutWidth);
  if (take_right == right_width) take_left = std::min(left_width, take_left + kCutWidth);
  std::string out;
  if (take_left < left_width) out += kCut;
  out += LastColumns(left, take_left);
  out += keyword;
  out += CutToWidth(right, take_right);
  if (take_right < right_width) out += kCut;
  return out;
}

}  // namespace byline::pipelines
