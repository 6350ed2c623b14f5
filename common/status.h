// Status and Result<T>: errors as values across library boundaries.
//
// Every fallible call that crosses a folder boundary (crawler/, extract/, store/, pipelines/)
// returns a Status or a Result<T>. Exceptions thrown by third-party code stay inside the
// folder that calls it. "Not found" is a normal outcome where a function says so.
#ifndef BYLINE_COMMON_STATUS_H_
#define BYLINE_COMMON_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace byline {

class [[nodiscard]] Status {
 public:
  // Do not renumber: codes may be persisted in crawl state and reports.
  enum class Code : int {
    kOk = 0,
    kInvalidInput = 1,  // the caller's input is malformed or out of range
    kNotFound = 2,      // a named thing does not exist
    kIo = 3,            // the operating system refused (open, read, write)
    kTimeout = 4,       // a deadline passed
    kCorrupt = 5,       // stored data is not what it should be
    kPolicy = 6,        // refused by a rule (size limit, robots.txt, address policy)
    kInternal = 7,      // a bug: an invariant did not hold
  };

  Status() = default;  // OK
  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string msg) { return {Code::kInvalidInput, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status Io(std::string msg) { return {Code::kIo, std::move(msg)}; }
  static Status Timeout(std::string msg) { return {Code::kTimeout, std::move(msg)}; }
  static Status Corrupt(std::string msg) { return {Code::kCorrupt, std::move(msg)}; }
  static Status Policy(std::string msg) { return {Code::kPolicy, std::move(msg)}; }
  static Status Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid input: no such file" style text for people.
  std::string ToString() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok() && "Result built from an OK status has no value");
    if (status_.ok()) status_ = Status::Internal("Result built from an OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // REQUIRES: ok()
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

inline std::string Status::ToString() const {
  std::string_view name;
  switch (code_) {
    case Code::kOk:
      return "ok";
    case Code::kInvalidInput:
      name = "invalid input";
      break;
    case Code::kNotFound:
      name = "not found";
      break;
    case Code::kIo:
      name = "i/o error";
      break;
    case Code::kTimeout:
      name = "timeout";
      break;
    case Code::kCorrupt:
      name = "corrupt";
      break;
    case Code::kPolicy:
      name = "refused";
      break;
    case Code::kInternal:
      name = "internal error";
      break;
  }
  return std::string(name) + ": " + message_;
}

}  // namespace byline

#endif  // BYLINE_COMMON_STATUS_H_
