// store: the RocksDB mention index and its queries (issue 4). Nothing is built here yet.
#ifndef BYLINE_STORE_STORE_H_
#define BYLINE_STORE_STORE_H_
#endif  // BYLINE_STORE_STORE_H_
