#include "rollup/zk/account_tree.hpp"

#include <cassert>

namespace xway::zk {

RescueDigest account_fields(const ZkAccount& account) {
  return {Felt(account.balance), Felt(account.nonce), Felt::zero(), Felt::zero()};
}

RescueDigest account_leaf(const ZkAccount& account) {
  return stark::rescue_merge(account.key, account_fields(account));
}

AccountTree::AccountTree(std::size_t depth) : depth_(depth), nodes_(depth + 1) {
  assert(depth >= 1 && depth <= 63);
  empty_.push_back(account_leaf(ZkAccount{}));
  for (std::size_t l = 0; l < depth_; ++l) empty_.push_back(stark::rescue_merge(empty_[l], empty_[l]));
}

RescueDigest AccountTree::node(std::size_t level, std::uint64_t index) const {
  const auto it = nodes_[level].find(index);
  return it == nodes_[level].end() ? empty_[level] : it->second;
}

RescueDigest AccountTree::root() const { return node(depth_, 0); }

ZkAccount AccountTree::account(std::uint64_t index) const {
  const auto it = accounts_.find(index);
  return it == accounts_.end() ? ZkAccount{} : it->second;
}

std::vector<RescueDigest> AccountTree::siblings(std::uint64_t index) const {
  std::vector<RescueDigest> out;
  for (std::size_t l = 0; l < depth_; ++l) out.push_back(node(l, (index >> l) ^ 1U));
  return out;
}

void AccountTree::set(std::uint64_t index, const ZkAccount& account) {
  assert(index >> depth_ == 0);
  accounts_[index] = account;
  RescueDigest digest = account_leaf(account);
  nodes_[0][index] = digest;
  for (std::size_t l = 0; l < depth_; ++l) {
    const std::uint64_t i = index >> l;
    const RescueDigest sibling = node(l, i ^ 1U);
    digest = (i & 1U) ? stark::rescue_merge(sibling, digest) : stark::rescue_merge(digest, sibling);
    nodes_[l + 1][i >> 1] = digest;
  }
}

}  // namespace xway::zk
