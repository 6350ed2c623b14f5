// Metadata extraction. Each field has an ordered list of sources, from the most deliberate
// (structured data the publisher wrote for machines) to the most incidental (text that looks
// like a byline, a date in the URL); the first source that gives a plausible value wins.
// Plausibility checks are where the quality comes from: an author must look like a person's
// name, a date must be a real calendar date, a title must not be the site's name.
//
// The page is scanned once, iteratively (metadata_scan.cc), collecting everything the rules
// below look at.
//
// This file holds the field rules (MetadataBuilder); the helpers they use live beside it,
// declared in metadata_internal.h: text helpers (metadata_text.cc), dates (metadata_dates.cc),
// author names (metadata_authors.cc) and URLs (metadata_urls.cc).
#include "extract/metadata.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extract/jsonld.h"
#include "extract/language.h"
#include "extract/metadata_internal.h"
#include "extract/text_util.h"

namespace byline::extract {
namespace metadata_internal {

namespace {

class MetadataBuilder {
 public:
  MetadataBuilder(const Document& doc, std::string_view page_url)
      : doc_(doc), page_url_(page_url), scan_(ScanPage(doc)), ld_(ParseJsonLd(scan_.jsonld)) {}

  Metadata Build() {
    Metadata m;
    host_key_ = HostLabel(page_url_);
    m.url = CanonicalUrl();
    canonical_ = m.url;
    if (host_key_.empty() && m.url) host_key_ = HostLabel(*m.url);
    m.site = Site();
    if (m.site) site_keys_.push_back(Key(*m.site));
    for (const std::string& s : {ld_.publisher, ld_.website, MetaValue({"og:site_name"}),
                                 MetaValue({"application-name"})}) {
      if (!s.empty()) site_keys_.push_back(Key(s));
    }
    // On a one-person blog the publisher is the author: that name stays a name.
    for (const JsonLdAuthor& a : ld_.authors) {
      if (!a.organization) std::erase(site_keys_, Key(a.name));
    }
    main_h1_ = MainH1();
    slash_order_ =
        SlashOrderOf(!scan_.html_lang.empty() ? scan_.html_lang : MetaValue({"og:locale"}));
    m.title = Title();
    m.authors = Authors(&m.byline_nodes);
    m.published = Published(&m.byline_nodes);
    m.language = Language();
    m.article_body = ArticleBody();
    std::sort(m.byline_nodes.begin(), m.byline_nodes.end());
    m.byline_nodes.erase(std::unique(m.byline_nodes.begin(), m.byline_nodes.end()),
                         m.byline_nodes.end());
    return m;
  }

 private:
  // ----- meta tags

  // The first non-empty value of the first key present, in key order.
  std::string MetaValue(std::initializer_list<std::string_view> keys) const {
    for (std::string_view key : keys) {
      for (const MetaTag& t : scan_.metas) {
        if (t.key == key) return t.value;
      }
    }
    return {};
  }

  std::vector<std::string> MetaValues(std::string_view key) const {
    std::vector<std::string> values;
    for (const MetaTag& t : scan_.metas) {
      if (t.key == key) values.push_back(t.value);
    }
    return values;
  }

  // ----- site

  std::optional<std::string> Site() const {
    for (const std::string& s : {MetaValue({"og:site_name"}), ld_.publisher,
                                 MetaValue({"application-name"}), ld_.website}) {
      std::string v = SiteNamePart(CollapseSpace(s));
      if (!v.empty() && v.size() <= 100 && !StartsWith(v, "http")) return v;
    }
    return std::nullopt;
  }

  // "WSVN 7News | Miami News, Weather, Sports" -> "WSVN 7News": of a name with a tagline,
  // the part that names the host, else the first.
  std::string SiteNamePart(const std::string& name) const {
    std::vector<std::string_view> parts = TitleParts(name);
    if (parts.size() < 2) return name;
    for (std::string_view part : parts) {
      std::string key = Key(part);
      bool names_host =
          key.find(host_key_) != std::string::npos || host_key_.find(key) != std::string::npos;
      if (!host_key_.empty() && key.size() >= 4 && names_host) {
        return std::string(part);
      }
    }
    return std::string(parts.front());
  }

  bool IsSiteName(std::string_view name) const {
    std::string key = Key(name);
    if (key.empty()) return false;
    for (const std::string& s : site_keys_) {
      if (key == s) return true;
    }
    // A one-word author equal to the host's name ("telebasel" on telebasel.ch) is the
    // publisher; a two-word one may be the blogger the site is named after.
    return name.find(' ') == std::string_view::npos && !host_key_.empty() &&
           (key == host_key_ || (key.size() >= 4 && StartsWith(host_key_, key)));
  }

  // ----- URL

  std::optional<std::string> CanonicalUrl() const {
    std::vector<std::string> refs = scan_.canonicals;
    refs.push_back(MetaValue({"og:url"}));
    refs.push_back(ld_.url);
    std::optional<UrlParts> page = SplitUrl(page_url_);
    for (const std::string& ref : refs) {
      if (Trim(ref).empty()) continue;
      std::optional<std::string> abs = ResolveUrl(ref, page_url_);
      if (!abs) continue;
      // A canonical pointing at the home page from an article page is a template mistake.
      std::optional<UrlParts> parts = SplitUrl(*abs);
      if (page && parts && (parts->path.empty() || parts->path == "/") && page->path.size() > 1) {
        continue;
      }
      return abs;
    }
    if (SplitUrl(page_url_)) return std::string(page_url_);
    return std::nullopt;
  }

  // ----- title

  std::string HeadingText(uint32_t h) const { return CollapseSpace(VisibleText(doc_, h, 400)); }

  // The h1 most likely to be the headline, outside navigation and sidebars: one that the
  // page's <title> or og:title repeats, else the first in the article element, else the
  // first. (Pages also use h1 for the logo or a screen-reader "Navigation".)
  uint32_t MainH1() {
    std::string title_keys = Key(scan_.title_tag) + " " + Key(MetaValue({"og:title"}));
    uint32_t best = kNoNode;
    int best_score = -1;
    int candidates = 0;
    int in_article = 0;
    for (uint32_t h : scan_.h1s) {
      if (InOtherRegion(doc_, h) || IsLogoHeading(h)) continue;
      std::string text = HeadingText(h);
      if (text.size() < 3 || text.size() > 400) continue;
      std::string key = Key(text);
      bool article = scan_.first_article != kNoNode && IsInside(h, scan_.first_article);
      int score = article ? 1 : 0;
      if (key.size() >= 8 && title_keys.find(key) != std::string::npos) score += 2;
      if (score > best_score) {
        best = h;
        best_score = score;
      }
      ++candidates;
      in_article += article ? 1 : 0;
    }
    // Sure enough to win over og:title: the only h1, or the only one in the article (pages
    // that use h1 for every section heading have no single headline h1).
    main_h1_confident_ =
        best != kNoNode && (candidates == 1 || (best_score == 1 && in_article == 1));
    return best;
  }

  // An h1 around the site's logo: its class says so, or it links to the home page.
  bool IsLogoHeading(uint32_t h) const {
    if (ContainsAny(ClassAndId(doc_, h),
                    {"logo", "brand", "site-title", "site-name", "sitename", "site_title"})) {
      return true;
    }
    for (uint32_t j = h; j != kNoNode; j = doc_.Next(j, h)) {
      const Node& n = doc_.node(j);
      if (n.is_text || n.tag != Tag::kA) continue;
      std::string_view href = Trim(doc_.Attr(j, "href"));
      std::optional<UrlParts> parts = SplitUrl(href);
      std::string_view path = parts ? parts->path : href;
      path = path.substr(0, path.find_first_of("?#"));
      if (path.empty() ? parts.has_value() : path == "/") return true;
    }
    return false;
  }

  bool IsInside(uint32_t node, uint32_t ancestor) const {
    for (uint32_t p = node; p != kNoNode; p = doc_.node(p).parent) {
      if (p == ancestor) return true;
    }
    return false;
  }

  bool IsSiteLike(std::string_view part) const {
    std::string key = Key(part);
    if (key.empty()) return true;
    for (const std::string& s : site_keys_) {
      // The name itself, or the name with a little more ("Example News Online").
      if (key == s ||
          (s.size() >= 4 && key.find(s) != std::string::npos && key.size() < s.size() + 8)) {
        return true;
      }
    }
    return !host_key_.empty() && key.size() >= 4 &&
           (key == host_key_ || host_key_.find(key) != std::string::npos ||
            (key.find(host_key_) != std::string::npos && key.size() < host_key_.size() + 8));
  }

  // Splits a title at " | ", " - ", " — ", " :: " and similar separators.
  static std::vector<std::string_view> TitleParts(std::string_view title) {
    static constexpr std::string_view kSeps[] = {
        " | ",
        " - ",
        " \xE2\x80\x93 ",
        " \xE2\x80\x94 ",
        " :: ",
        " \xC2\xB7 ",
        " \xE2\x80\xA2 ",
        " \xC2\xBB ",
        " \xC2\xAB ",
        " // ",
        " ~ ",
    };
    std::vector<std::string_view> parts;
    size_t start = 0;
    size_t i = 0;
    while (i < title.size()) {
      size_t hit = 0;
      for (std::string_view sep : kSeps) {
        if (title.substr(i, sep.size()) == sep) {
          hit = sep.size();
          break;
        }
      }
      if (hit) {
        parts.push_back(Trim(title.substr(start, i - start)));
        i += hit;
        start = i;
      } else {
        ++i;
      }
    }
    parts.push_back(Trim(title.substr(start)));
    std::erase_if(parts, [](std::string_view p) { return p.empty(); });
    return parts;
  }

  // Drops the site's name from either end of a title. With `loose`, a title whose ends name
  // no known site still loses a short last (or first) part: "<title>" nearly always carries
  // the site there.
  std::string StripSiteSuffix(std::string_view title, bool loose) const {
    std::vector<std::string_view> parts = TitleParts(title);
    if (parts.size() < 2) return CollapseSpace(title);
    size_t begin = 0, end = parts.size();
    while (end - begin > 1 && IsSiteLike(parts[end - 1])) --end;
    while (end - begin > 1 && IsSiteLike(parts[begin])) ++begin;
    if (begin == 0 && end == parts.size() && loose) {
      auto words = [](std::string_view s) { return SplitWords(s).size(); };
      std::string_view first_part = parts.front(), last_part = parts.back();
      size_t rest_last = title.size() - last_part.size();
      size_t rest_first = title.size() - first_part.size();
      if (words(last_part) <= 4 && last_part.size() < rest_last) {
        --end;
      } else if (words(first_part) <= 4 && first_part.size() < rest_first) {
        ++begin;
      }
    }
    const char* from = parts[begin].data();
    const char* to = parts[end - 1].data() + parts[end - 1].size();
    return CollapseSpace(std::string_view(from, static_cast<size_t>(to - from)));
  }

  // The headline. Sources that agree with each other win: structured data that repeats the
  // visible h1, an h1 that <title> repeats. Where they disagree, a confidently identified h1
  // wins (og:title and <title> are often SEO variants of it), then structured data, then
  // <title> without the site's name, then any h1.
  std::optional<std::string> Title() const {
    std::vector<std::string> structured;
    structured.push_back(ld_.headline);
    structured.push_back(StripSiteSuffix(MetaValue({"og:title"}), /*loose=*/false));
    structured.push_back(StripSiteSuffix(MetaValue({"twitter:title"}), /*loose=*/false));
    structured.push_back(MicrodataText("headline"));
    std::erase_if(structured, [this](const std::string& s) {
      return Key(s).empty() || (IsSiteLike(s) && Key(s).size() < 40);
    });
    std::vector<std::string> h1s;
    if (main_h1_ != kNoNode) h1s.push_back(HeadingText(main_h1_));
    for (uint32_t h : scan_.h1s) {
      if (h1s.size() >= 5) break;
      if (h == main_h1_ || InOtherRegion(doc_, h) || IsLogoHeading(h)) continue;
      std::string t = HeadingText(h);
      if (!Key(t).empty() && t.size() <= 400) h1s.push_back(std::move(t));
    }
    // A logo or site-name h1 says nothing about the article.
    std::erase_if(h1s, [this](const std::string& h) { return IsSiteLike(h); });
    std::string title_tag = scan_.title_tag;
    std::vector<std::string> title_keys = {Key(title_tag)};
    for (std::string_view part : TitleParts(title_tag)) {
      if (!IsSiteLike(part)) title_keys.push_back(Key(part));
    }
    auto in_title = [&title_keys](const std::string& key) {
      return std::find(title_keys.begin(), title_keys.end(), key) != title_keys.end();
    };

    for (const std::string& s : structured) {
      std::string key = Key(s);
      for (const std::string& h : h1s) {
        // The visible text keeps the typography ("–", "„“") that meta tags often flatten.
        if (Key(h) == key) return h;
        if (IsTruncated(s) && StartsWith(Key(h), key) && key.size() >= 20) return h;
      }
    }
    for (const std::string& h : h1s) {
      if (in_title(Key(h))) return h;
    }
    // og:title agreeing with <title> is no second opinion: both are the SEO title.
    // A one- or two-word h1 ("Details", "News") is more likely a section label.
    constexpr size_t kMinHeadlineWords = 3;
    if (main_h1_confident_ && !h1s.empty() && h1s.front() == HeadingText(main_h1_) &&
        SplitWords(h1s.front()).size() >= kMinHeadlineWords) {
      return h1s.front();
    }
    for (const std::string& s : structured) {
      if (in_title(Key(s))) return s;
    }
    if (!structured.empty()) return structured.front();
    std::string stripped = StripSiteSuffix(title_tag, /*loose=*/true);
    if (!Key(stripped).empty()) return stripped;
    if (!h1s.empty()) return h1s.front();
    return std::nullopt;
  }

  static bool IsTruncated(std::string_view s) {
    return EndsWith(s, "...") || EndsWith(s, "\xE2\x80\xA6");
  }

  // ----- microdata

  std::vector<uint32_t> ItemProps(std::string_view prop) const {
    std::vector<uint32_t> out;
    for (uint32_t i : scan_.itemprops) {
      if (HasToken(doc_.Attr(i, "itemprop"), prop)) out.push_back(i);
    }
    return out;
  }

  // The value of a microdata property element: content/datetime attribute, else its text.
  std::string ItemValue(uint32_t i, size_t max_bytes) const {
    for (std::string_view attr : {"content", "datetime"}) {
      std::string_view v = doc_.Attr(i, attr);
      if (!Trim(v).empty()) return CollapseSpace(v);
    }
    return CollapseSpace(VisibleText(doc_, i, max_bytes));
  }

  std::string MicrodataText(std::string_view prop) const {
    for (uint32_t i : ItemProps(prop)) {
      if (InOtherRegion(doc_, i)) continue;
      std::string v = ItemValue(i, 400);
      if (!v.empty() && v.size() <= 400) return v;
    }
    return {};
  }

  // ----- authors

  // Names from a byline, minus the site's own name.
  std::vector<std::string> CleanNames(std::string_view byline) const {
    std::vector<std::string> names = NamesFromByline(byline);
    std::erase_if(names, [this](const std::string& n) { return IsSiteName(n); });
    return names;
  }

  std::vector<std::string> Authors(std::vector<uint32_t>* byline_nodes) {
    // Visible bylines are found first in any case: the main-text stage must skip them even
    // when the names come from structured data.
    std::vector<std::string> visible = VisibleBylineAuthors(byline_nodes);
    // Structured sources in order of trust.
    std::vector<std::vector<std::string>> sources;
    sources.push_back(JsonLdAuthors());
    for (std::string_view key :
         {"author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author",
          "parsely-author", "byl", "citation_author", "og:article:author", "article.author",
          "shareaholic:article_author_name"}) {
      std::vector<std::string> found;
      for (const std::string& v : MetaValues(key)) {
        if (StartsWith(AsciiLower(v), "http") || StartsWith(v, "www.")) continue;
        for (std::string& n : CleanNames(v)) AddUnique(std::move(n), &found);
      }
      sources.push_back(std::move(found));
    }
    sources.push_back(MicrodataAuthors(byline_nodes));
    // Structured data sometimes names the CMS account that posted the piece rather than its
    // writers; the source that agrees with the visible byline is the right one.
    // When the byline names everyone the agreeing source does and more, the source listed
    // only the first writer.
    if (!visible.empty()) {
      for (std::vector<std::string>& names : sources) {
        if (!Overlaps(names, visible)) continue;
        if (visible.size() > names.size() && Contains(visible, names)) return visible;
        return std::move(names);
      }
    }
    for (std::vector<std::string>& names : sources) {
      if (!names.empty()) return std::move(names);
    }
    return visible;
  }

  static bool Overlaps(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    for (const std::string& x : a) {
      for (const std::string& y : b) {
        if (Key(x) == Key(y)) return true;
      }
    }
    return false;
  }

  // Whether every name of `part` is in `all`.
  static bool Contains(const std::vector<std::string>& all, const std::vector<std::string>& part) {
    for (const std::string& p : part) {
      if (!Overlaps(all, {p})) return false;
    }
    return true;
  }

  static void AddUnique(std::string name, std::vector<std::string>* names) {
    std::string key = Key(name);
    for (const std::string& n : *names) {
      if (Key(n) == key) return;
    }
    names->push_back(std::move(name));
  }

  std::vector<std::string> JsonLdAuthors() const {
    std::vector<std::string> names;
    for (const JsonLdAuthor& a : ld_.authors) {
      // An organization is the publisher speaking, not a person who wrote the piece.
      if (a.organization) continue;
      for (std::string& n : CleanNames(a.name)) AddUnique(std::move(n), &names);
    }
    return names;
  }

  std::vector<std::string> MicrodataAuthors(std::vector<uint32_t>* byline_nodes) const {
    std::vector<std::string> names;
    for (uint32_t i : ItemProps("author")) {
      if (InOtherRegion(doc_, i)) continue;
      std::string value;
      if (doc_.HasAttr(i, "itemscope")) {
        // The person's name is its own property inside the author item.
        for (uint32_t j = i; j != kNoNode && value.empty(); j = doc_.Next(j, i)) {
          if (j != i && !doc_.node(j).is_text && HasToken(doc_.Attr(j, "itemprop"), "name")) {
            value = ItemValue(j, 200);
          }
        }
      }
      if (value.empty()) value = ItemValue(i, 300);
      if (value.size() > 250) continue;
      std::vector<std::string> found = CleanNames(value);
      if (!found.empty()) AddBylineNode(i, byline_nodes);
      for (std::string& n : found) AddUnique(std::move(n), &names);
    }
    return names;
  }

  // Bylines in the page body, from markup (rel=author, class="byline") first, else from
  // "By Jane Doe" text just below the headline.
  std::vector<std::string> VisibleBylineAuthors(std::vector<uint32_t>* byline_nodes) {
    std::vector<std::string> names = MarkedBylines(byline_nodes);
    if (names.empty()) names = ByTextBylines(byline_nodes);
    return names;
  }

  // Elements marked as author or byline. The byline is the best-placed one that names
  // someone: near the headline or inside the article first, then anywhere after the
  // headline, then anywhere; stronger markup first within a tier. Further marked elements
  // count only inside the same parent ("<span class=author>A</span> and <span
  // class=author>B</span>"), since the others are usually other articles' teasers.
  std::vector<std::string> MarkedBylines(std::vector<uint32_t>* byline_nodes) {
    constexpr size_t kMaxBylineBytes = 250;
    struct Candidate {
      uint32_t node;
      int rank;
      std::vector<std::string> names;
    };
    std::vector<Candidate> candidates;
    uint32_t covered = kNoNode;  // the last accepted element, whose subtree is done
    for (uint32_t i : scan_.author_els) {
      if (covered != kNoNode && IsInside(i, covered)) continue;
      if (InOtherRegion(doc_, i)) continue;
      std::string text = VisibleText(doc_, i, kMaxBylineBytes + 50);
      if (text.size() > kMaxBylineBytes || IsProse(text)) continue;
      std::vector<std::string> found = CleanNames(text);
      if (found.empty()) continue;
      covered = i;
      candidates.push_back({i, PlacementTier(i) * 4 + AuthorHint(doc_, i), std::move(found)});
    }
    if (candidates.empty()) return {};
    const Candidate* best = &candidates[0];
    for (const Candidate& c : candidates) {
      if (c.rank > best->rank) best = &c;
    }
    uint32_t group_parent = doc_.node(best->node).parent;
    byline_text_node_ = best->node;
    std::vector<std::string> names;
    for (const Candidate& c : candidates) {
      if (&c != best && (c.rank / 4 != best->rank / 4 || !IsInside(c.node, group_parent))) {
        continue;
      }
      AddBylineNode(c.node, byline_nodes);
      for (const std::string& n : c.names) AddUnique(n, &names);
    }
    return names;
  }

  // 2 near the headline or in the article that holds it, 1 after the headline, 0 elsewhere.
  int PlacementTier(uint32_t i) const {
    if (main_h1_ == kNoNode)
      return scan_.first_article != kNoNode && IsInside(i, scan_.first_article) ? 2 : 1;
    constexpr uint32_t kNearNodes = 300;
    uint32_t at = scan_.order[i], h1 = scan_.order[main_h1_];
    uint32_t distance = at > h1 ? at - h1 : h1 - at;
    uint32_t article = HeadlineArticle();
    if (distance <= kNearNodes || (article != kNoNode && IsInside(i, article))) return 2;
    return at > h1 ? 1 : 0;
  }

  // The <article> element that contains the headline, if any.
  uint32_t HeadlineArticle() const {
    for (uint32_t p = main_h1_; p != kNoNode; p = doc_.node(p).parent) {
      if (doc_.node(p).tag == Tag::kArticle) return p;
    }
    return kNoNode;
  }

  // Running text, not a byline: more than a few words that are neither capitalised nor the
  // small words of bylines ("and", "by", "am"). "leitet das Ressort bei" is prose.
  static bool IsProse(std::string_view text) {
    int lower_words = 0;
    std::string collapsed = CollapseSpace(text);
    for (std::string_view w : SplitWords(collapsed)) {
      if (StartsUpper(w) || !IsAsciiAlpha(w[0])) continue;
      std::string lower = LowerLatin1(TrimPunct(w));
      if (IsBylinePrefixWord(lower) || IsNameParticle(lower) || IsDateWord(lower) ||
          IsDateConnector(lower) || MonthFromWord(lower) != 0 ||
          InList(lower, {"and", "und", "et", "y", "e", "en", "og", "och", "of", "at", "um", "à",
                         "a", "min", "von:"})) {
        continue;
      }
      if (++lower_words > 3) return true;
    }
    return false;
  }

  static bool StartsWithBylinePrefix(std::string_view text) {
    std::string head = CollapseSpace(TrimPunct(text.substr(0, 60)));
    std::vector<std::string_view> words = SplitWords(head);
    if (words.size() < 2) return false;
    std::string first = LowerLatin1(words[0]);
    if (InList(first, {"by", "von", "par", "por", "di", "door", "av", "text:", "texte:", "autor:",
                       "autorin:", "author:", "auteur:", "von:", "by:"})) {
      return true;
    }
    std::string two = first + " " + LowerLatin1(words[1]);
    return InList(two, {"written by", "posted by", "geschrieben von", "verfasst von", "ein beitrag",
                        "escrito por", "publicado por", "reported by"});
  }

  // "By Jane Doe" in a short block among the first lines after the headline (or of the
  // article, or of the page when neither is marked).
  std::vector<std::string> ByTextBylines(std::vector<uint32_t>* byline_nodes) {
    uint32_t start = main_h1_ != kNoNode ? main_h1_ : scan_.first_article;
    int max_text_nodes = 40;
    if (start == kNoNode) {
      start = scan_.body;
      max_text_nodes = 150;
    }
    if (start == kNoNode) return {};
    constexpr size_t kMaxBylineBytes = 150;
    uint32_t last_block = kNoNode;
    int seen = 0;
    bool skip_start = start != scan_.body;
    for (uint32_t i = doc_.Next(start, doc_.root(), skip_start);
         i != kNoNode && seen < max_text_nodes;) {
      const Node& n = doc_.node(i);
      if (!n.is_text) {
        bool skip = IsSkippedSubtree(n.tag);
        i = doc_.Next(i, doc_.root(), skip);
        continue;
      }
      if (!Trim(doc_.Text(i)).empty()) {
        ++seen;
        uint32_t block = EnclosingBlock(i);
        if (block != last_block && block != kNoNode) {
          last_block = block;
          std::string text = VisibleText(doc_, block, kMaxBylineBytes + 50);
          if (text.size() <= kMaxBylineBytes && StartsWithBylinePrefix(text)) {
            std::vector<std::string> names = CleanNames(text);
            if (!names.empty()) {
              AddBylineNode(block, byline_nodes);
              byline_text_node_ = block;
              return names;
            }
          }
        }
      }
      i = doc_.Next(i, doc_.root());
    }
    return {};
  }

  uint32_t EnclosingBlock(uint32_t i) const {
    uint32_t p = doc_.node(i).parent;
    for (int levels = 0; p != kNoNode && levels < 6; ++levels, p = doc_.node(p).parent) {
      if (IsBlockTag(doc_.node(p).tag) || doc_.node(p).tag == Tag::kAddress) return p;
    }
    return doc_.node(i).parent;
  }

  // ----- published date

  std::optional<std::string> DateValue(std::string_view text) const {
    return NormalizeDateIn(text, slash_order_);
  }

  std::optional<std::string> Published(std::vector<uint32_t>* byline_nodes) const {
    for (const std::string& s : {ld_.date_published, ld_.date_created}) {
      if (auto d = DateValue(s)) return d;
    }
    static constexpr std::string_view kMetaKeys[] = {
        "article:published_time",
        "og:article:published_time",
        "og:published_time",
        "article:published",
        "datepublished",
        "publishdate",
        "publish-date",
        "publish_date",
        "pubdate",
        "published_time",
        "published-date",
        "parsely-pub-date",
        "sailthru.date",
        "dc.date.issued",
        "dcterms.issued",
        "dc.date.created",
        "dcterms.created",
        "dc.date",
        "dcterms.date",
        "date",
        "citation_publication_date",
        "citation_date",
        "article.published",
        "cxenseparse:recs:publishtime",
        "originalpublicationdate",
        "displaydate",
        "created",
        "date.created",
        "og:pubdate",
        "article_date_original",
        "shareaholic:article_published_time",
    };
    for (std::string_view key : kMetaKeys) {
      for (const std::string& v : MetaValues(key)) {
        if (auto d = DateValue(v)) return d;
      }
    }
    for (uint32_t i : ItemProps("datePublished")) {
      if (InOtherRegion(doc_, i)) continue;
      if (auto d = DateValue(ItemValue(i, 200))) return d;
    }
    if (auto d = TimeElementDate(byline_nodes, /*marked=*/true)) return d;
    if (auto d = BylineDate()) return d;
    if (auto d = TimeElementDate(byline_nodes, /*marked=*/false)) return d;
    if (auto d = DateClassDate(byline_nodes)) return d;
    if (auto d = DateFromUrl(page_url_)) return d;
    if (canonical_) {
      if (auto d = DateFromUrl(*canonical_)) return d;
    }
    if (auto d = DateUnderHeadline(byline_nodes)) return d;
    for (const std::string& s :
         {ld_.date_modified, MetaValue({"article:modified_time"}), MetaValue({"og:updated_time"}),
          MetaValue({"datemodified"}), MetaValue({"last-modified"})}) {
      if (auto d = DateValue(s)) return d;
    }
    return std::nullopt;
  }

  // Dates near the headline, after it, or anywhere on a page without one; not in the page
  // header above it (which shows today's date on many sites).
  bool DatePlacementOk(uint32_t i) const { return PlacementTier(i) >= 1; }

  // <time datetime>: one marked as the publication time (`marked`), else the first one
  // near the headline or in the article.
  std::optional<std::string> TimeElementDate(std::vector<uint32_t>* byline_nodes,
                                             bool marked_only) const {
    auto value = [this](uint32_t t) {
      std::optional<std::string> d = DateValue(doc_.Attr(t, "datetime"));
      return d ? d : DateValue(VisibleText(doc_, t, 200));
    };
    for (uint32_t t : scan_.times) {
      if (InOtherRegion(doc_, t)) continue;
      std::string cls = ClassAndId(doc_, t);
      bool marked = doc_.HasAttr(t, "pubdate") ||
                    ContainsAny(cls, {"publish", "posted", "created", "entry-date"});
      bool updated = ContainsAny(cls, {"update", "modif", "edited"});
      if (marked_only ? !marked : (updated || !DatePlacementOk(t))) continue;
      if (auto d = value(t)) {
        AddBylineNode(t, byline_nodes);
        return d;
      }
    }
    return std::nullopt;
  }

  // A line that is only a date ("25.01.2022", "<small>02.02.2022 • Sport</small>") among the
  // first lines of the headline and below it: the last resort, as it is the least marked.
  std::optional<std::string> DateUnderHeadline(std::vector<uint32_t>* byline_nodes) const {
    if (main_h1_ == kNoNode) return std::nullopt;
    constexpr int kMaxTextNodes = 15;
    constexpr size_t kMaxDateLine = 40;
    int seen = 0;
    for (uint32_t i = main_h1_; i != kNoNode && seen < kMaxTextNodes;) {
      const Node& n = doc_.node(i);
      if (!n.is_text) {
        i = doc_.Next(i, doc_.root(), IsSkippedSubtree(n.tag));
        continue;
      }
      std::string_view text = Trim(doc_.Text(i));
      if (!text.empty()) {
        ++seen;
        if (text.size() <= kMaxDateLine) {
          if (auto d = DateValue(text)) {
            if (n.parent != main_h1_) AddBylineNode(n.parent, byline_nodes);
            return d;
          }
        }
      }
      i = doc_.Next(i, doc_.root());
    }
    return std::nullopt;
  }

  // Records the line a byline or date sits on ("By <a>Jane Doe</a> | <time>May 1</time>")
  // so that the main-text stage drops all of it: the largest short ancestor that holds no
  // heading. A byline inside a paragraph of prose is not recorded: dropping it would cut
  // the sentence.
  void AddBylineNode(uint32_t node, std::vector<uint32_t>* byline_nodes) const {
    constexpr size_t kMaxLineBytes = 200;
    constexpr int kMaxLevels = 4;
    if (VisibleText(doc_, node, kMaxLineBytes + 20).size() > kMaxLineBytes) return;
    uint32_t line = node;
    for (int level = 0; level < kMaxLevels; ++level) {
      uint32_t p = doc_.node(line).parent;
      if (p == kNoNode || !IsLineContainer(doc_.node(p).tag) || HasHeading(p)) break;
      std::string text = VisibleText(doc_, p, kMaxLineBytes + 20);
      if (text.size() > kMaxLineBytes || IsProse(text)) break;
      line = p;
    }
    // An inline line whose block holds more text is part of a paragraph.
    if (!IsBlockTag(doc_.node(line).tag)) {
      uint32_t block = doc_.node(line).parent;
      while (block != kNoNode && !IsBlockTag(doc_.node(block).tag)) block = doc_.node(block).parent;
      if (block != kNoNode && VisibleText(doc_, block, kMaxLineBytes + 20).size() > kMaxLineBytes) {
        return;
      }
    }
    byline_nodes->push_back(line);
  }

  // Elements a byline line can grow into; page sections and the body are never one.
  static bool IsLineContainer(Tag t) {
    switch (t) {
      case Tag::kP:
      case Tag::kDiv:
      case Tag::kSpan:
      case Tag::kLi:
      case Tag::kUl:
      case Tag::kAddress:
      case Tag::kSmall:
      case Tag::kA:
      case Tag::kB:
      case Tag::kStrong:
      case Tag::kEm:
      case Tag::kI:
      case Tag::kFont:
      case Tag::kTime:
      case Tag::kDl:
      case Tag::kDd:
      case Tag::kDt:
      case Tag::kCite:
        return true;
      default:
        return false;
    }
  }

  bool HasHeading(uint32_t node) const {
    for (uint32_t j = node; j != kNoNode; j = doc_.Next(j, node)) {
      if (!doc_.node(j).is_text && IsHeadingTag(doc_.node(j).tag)) return true;
    }
    return false;
  }

  // A date written out in the visible byline or the short block around it.
  std::optional<std::string> BylineDate() const {
    if (byline_text_node_ == kNoNode) return std::nullopt;
    for (uint32_t n = byline_text_node_, levels = 0; n != kNoNode && levels < 2;
         n = doc_.node(n).parent, ++levels) {
      std::string text = VisibleText(doc_, n, 350);
      if (text.size() > 300) break;
      if (auto d = DateValue(text)) return d;
    }
    return std::nullopt;
  }

  // A date in an element whose class says "date" near the headline.
  std::optional<std::string> DateClassDate(std::vector<uint32_t>* byline_nodes) const {
    int tried = 0;
    for (uint32_t i : scan_.date_els) {
      if (tried >= 8) break;
      if (InOtherRegion(doc_, i) || !DatePlacementOk(i)) continue;
      ++tried;
      std::string text = VisibleText(doc_, i, 150);
      if (text.size() > 120) continue;
      if (auto d = DateValue(text)) {
        AddBylineNode(i, byline_nodes);
        return d;
      }
    }
    return std::nullopt;
  }

  // ----- language, body

  std::optional<std::string> Language() const {
    for (const std::string& s :
         {scan_.html_lang, MetaValue({"og:locale"}), MetaValue({"content-language"}),
          MetaValue({"language", "dc.language", "dcterms.language"}), ld_.language}) {
      if (auto lang = NormalizeLanguageTag(s)) return lang;
    }
    return std::nullopt;
  }

  std::string ArticleBody() const {
    if (!ld_.body.empty()) return ld_.body;
    for (uint32_t i : ItemProps("articleBody")) {
      std::string text = CollapseSpace(VisibleText(doc_, i, 4 << 20));
      if (!text.empty()) return text;
    }
    return {};
  }

  const Document& doc_;
  std::string_view page_url_;
  PageScan scan_;
  JsonLdArticle ld_;
  std::vector<std::string> site_keys_;
  std::string host_key_;
  uint32_t main_h1_ = kNoNode;
  bool main_h1_confident_ = false;
  SlashOrder slash_order_ = SlashOrder::kUnknown;
  uint32_t byline_text_node_ = kNoNode;  // the visible byline, to look for a date near it
  std::optional<std::string> canonical_;
};

}  // namespace

}  // namespace metadata_internal

Metadata ExtractMetadata(const Document& doc, std::string_view page_url) {
  try {
    return metadata_internal::MetadataBuilder(doc, page_url).Build();
  } catch (...) {
    // Only allocation failure can get here; metadata is optional, the article is not.
    return {};
  }
}

}  // namespace byline::extract
