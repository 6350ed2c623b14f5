// Guard: no exception crosses the store's API. RocksDB and the standard library may throw
// (std::bad_alloc, std::length_error); the store reports those as kInternal values.
#ifndef BYLINE_STORE_GUARD_H_
#define BYLINE_STORE_GUARD_H_

#include <exception>
#include <string>

#include "common/status.h"

namespace byline::store::internal {

template <typename Fn>
auto Guard(const char* what, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("store ") + what + ": " + e.what());
  } catch (...) {
    return Status::Internal(std::string("store ") + what + ": unknown exception");
  }
}

}  // namespace byline::store::internal

#endif  // BYLINE_STORE_GUARD_H_
