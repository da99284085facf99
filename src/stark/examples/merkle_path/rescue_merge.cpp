#include "stark/examples/merkle_path/rescue_merge.hpp"

#include <cassert>

namespace xway::stark {

RescueState rescue_merge_input(const RescueDigest& left, const RescueDigest& right) {
  RescueState s{};
  for (std::size_t i = 0; i < 4; ++i) {
    s[i] = left[i];
    s[4 + i] = right[i];
  }
  s[kRescueRate] = Felt(kMergeCapacityTag);
  return s;
}

RescueDigest rescue_merge(const RescueDigest& left, const RescueDigest& right) {
  RescueState s = rescue_merge_input(left, right);
  rescue_permute(s);
  return {s[0], s[1], s[2], s[3]};
}

RescueDigest rescue_merkle_root(const RescueDigest& leaf, std::span<const RescueDigest> siblings,
                                std::uint64_t index) {
  assert(siblings.size() <= 64);
  RescueDigest d = leaf;
  for (std::size_t k = 0; k < siblings.size(); ++k) {
    d = ((index >> k) & 1U) != 0 ? rescue_merge(siblings[k], d) : rescue_merge(d, siblings[k]);
  }
  return d;
}

}  // namespace xway::stark
