// Reading one input (a file or standard input) with a size limit checked before reading.
#ifndef BYLINE_PIPELINES_READ_INPUT_H_
#define BYLINE_PIPELINES_READ_INPUT_H_

#include <cstddef>
#include <string>

#include "common/status.h"

namespace byline::pipelines {

// The bytes of `path` ("-" = standard input). Fails with kNotFound/kIo when it cannot be
// read, kInvalidInput for a directory, kPolicy when it is larger than max_bytes (a file is
// not read at all then; standard input is read only to max_bytes + 1).
Result<std::string> ReadInput(const std::string& path, size_t max_bytes);

}  // namespace byline::pipelines

#endif  // BYLINE_PIPELINES_READ_INPUT_H_
