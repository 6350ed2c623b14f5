// crawler: polite, incremental fetching of news sites (issue 5). Nothing is built here yet;
// the folder exists so the build's shape is final: crawler -> extract -> store, pipelines
// wiring them.
#ifndef BYLINE_CRAWLER_CRAWLER_H_
#define BYLINE_CRAWLER_CRAWLER_H_
#endif  // BYLINE_CRAWLER_CRAWLER_H_
