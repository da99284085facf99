#pragma once
/// Which keys an iteration visits, and in which order.
#include <optional>

#include "core/bytes.hpp"

namespace xway::store {

/// Order of an iteration: ascending or descending by unsigned byte-wise key comparison.
enum class Direction { kForward, kReverse };

/// A half-open key range [lower, upper); no upper bound means "to the end of the namespace".
struct KeyRange {
  Bytes lower;                 ///< first key included (empty: from the first key)
  std::optional<Bytes> upper;  ///< first key excluded (none: to the last key)

  /// Every key of the namespace.
  static KeyRange all() { return {}; }
  /// Keys in [lower, upper).
  static KeyRange between(ByteView lower, ByteView upper);
  /// Keys from `lower` (inclusive) to the end.
  static KeyRange from(ByteView lower);
  /// Keys that start with `prefix`.
  static KeyRange prefix(ByteView prefix);
  /// Whether `key` lies in the range.
  bool contains(ByteView key) const;
};

/// The smallest key greater than every key starting with `prefix`; none when the prefix is empty
/// or all 0xff bytes (then every key after it matches and there is no finite bound).
std::optional<Bytes> prefix_successor(ByteView prefix);

/// Unsigned lexicographic comparison of byte strings: the order iteration follows.
int compare_keys(ByteView a, ByteView b);

}  // namespace xway::store
