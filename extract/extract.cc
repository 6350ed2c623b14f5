// The extract pipeline for one document: decode -> parse -> metadata -> main text -> language.
#include "extract/extract.h"

#include "extract/charset.h"
#include "extract/content.h"
#include "extract/entities.h"
#include "extract/html_parse.h"
#include "extract/language.h"
#include "extract/links.h"
#include "extract/metadata.h"
#include "extract/text_util.h"

namespace byline::extract {
namespace {

Status CheckSize(std::string_view bytes, const ExtractOptions& options) {
  if (bytes.size() > options.max_input_bytes) {
    return Status::Policy("input is " + std::to_string(bytes.size()) +
                          " bytes, above the limit of " + std::to_string(options.max_input_bytes) +
                          " (raise it with --max-bytes)");
  }
  return Status::Ok();
}

}  // namespace

Result<Article> ExtractHtml(std::string_view bytes, const ExtractOptions& options) {
  if (Status s = CheckSize(bytes, options); !s.ok()) return s;
  if (LooksBinary(bytes)) return Status::InvalidInput("binary data, not an HTML document");

  Article article;
  DecodedHtml decoded = DecodeHtml(bytes, options.http_charset, &article.warnings);
  article.charset = decoded.charset;

  ParseLimits limits;
  limits.max_depth = options.max_depth;
  limits.max_nodes = options.max_nodes;
  Document doc = ParseHtml(decoded.utf8, limits, &article.warnings);
  article.links = CollectLinks(doc);
  decoded.utf8 = std::string();  // the tree holds its own copy of the text

  Metadata meta = ExtractMetadata(doc, options.url);
  ContentHints hints;
  if (meta.title) hints.title = *meta.title;
  hints.article_body = meta.article_body;
  hints.skip_nodes = &meta.byline_nodes;
  article.text = ExtractMainText(doc, hints);

  article.url = meta.url;
  if (!article.url && !options.url.empty()) article.url = options.url;
  article.title = std::move(meta.title);
  article.authors = std::move(meta.authors);
  article.published = std::move(meta.published);
  article.site = std::move(meta.site);
  article.language = meta.language ? std::move(meta.language) : DetectLanguage(article.text);
  if (article.text.empty() && doc.empty()) article.warnings.push_back("document is empty");
  if (options.entities) {
    article.mentions = FindEntities(article.text, options.aliases, &article.sentence_starts);
  }
  return article;
}

Result<Article> ExtractPlainText(std::string_view bytes, const ExtractOptions& options) {
  if (Status s = CheckSize(bytes, options); !s.ok()) return s;
  Article article;
  size_t replaced = 0;
  article.text = ScrubUtf8(bytes, &replaced);
  if (replaced) {
    article.warnings.push_back(std::to_string(replaced) +
                               " invalid UTF-8 sequences replaced by U+FFFD");
  }
  if (!options.url.empty()) article.url = options.url;
  article.language = DetectLanguage(article.text);
  if (options.entities) {
    article.mentions = FindEntities(article.text, options.aliases, &article.sentence_starts);
  }
  return article;
}

}  // namespace byline::extract
