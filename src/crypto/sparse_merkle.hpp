#pragma once
/// A sparse Merkle tree of configurable depth (1 to 256) over any SmtHasher, with nodes in a
/// NodeStore, incremental updates, and compressed inclusion and exclusion proofs.
///
/// Layout, shared with contracts/lib/SparseMerkle.sol:
/// - A key is a 256-bit big-endian number below 2^depth. Level 0 is the leaves, level `depth` the
///   root; bit i of the key (least significant first) says whether the key's node at level i is a
///   right child (1) or a left one (0).
/// - A leaf holds one Digest; the empty leaf (H::empty_leaf(), zero for Keccak) means "absent", so
///   writing it deletes. Empty subtrees have precomputed roots: default(0) = empty leaf,
///   default(i + 1) = hash_node(default(i), default(i)).
/// - Inner nodes are stored content-addressed (key = node digest, value = left || right); default
///   nodes are never stored. Older roots stay readable as long as the store keeps their nodes.
/// - A proof lists the key's siblings from level 0 up, without the default ones: bit i of `bitmap`
///   (a 256-bit big-endian word, least significant bit = level 0) is set when the sibling at level i
///   is not default(i), and `siblings` holds exactly those, lowest level first. The same proof
///   checks membership (leaf = value) and non-membership (leaf = empty), and computes the root
///   after the leaf changes.
#include <array>
#include <bit>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "crypto/node_store.hpp"
#include "crypto/smt_hasher.hpp"

namespace xway::crypto {

/// Why a tree operation or a proof was rejected.
enum class SmtError {
  kBadDepth,       ///< depth is not in 1..256
  kKeyOutOfRange,  ///< the key has bits at or above the tree's depth
  kMissingNode,    ///< the store lacks a node the root refers to
  kCorruptNode,    ///< a stored node has the wrong size
  kBadProof,       ///< bitmap bits at or above the depth, or sibling count differs from the bitmap's
};
std::string_view describe(SmtError e);

/// A compressed sparse Merkle proof (see the header comment for the layout).
template <class Digest>
struct SmtProof {
  Hash32 bitmap;                ///< bit i set: the sibling at level i is in `siblings`
  std::vector<Digest> siblings; ///< non-default siblings, lowest level first
};

/// The sparse Merkle key of a small index (e.g. an account number), big-endian.
Hash32 smt_key(std::uint64_t index);

namespace smt_detail {
inline bool bit(const Hash32& word, unsigned i) { return ((word[31 - i / 8] >> (i % 8)) & 1) != 0; }
inline void set_bit(Hash32& word, unsigned i) { word[31 - i / 8] |= static_cast<std::uint8_t>(1u << (i % 8)); }
/// True when `word` has no bit at or above `depth`.
inline bool fits_depth(const Hash32& word, unsigned depth) {
  for (unsigned i = depth; i < 256; ++i)
    if (bit(word, i)) return false;
  return true;
}
inline std::size_t popcount(const Hash32& word) {
  std::size_t n = 0;
  for (auto b : word) n += static_cast<std::size_t>(std::popcount(b));
  return n;
}
}  // namespace smt_detail

/// The roots of empty subtrees: defaults()[i] is the root of an empty subtree of height i.
template <SmtHasher H>
const std::array<typename H::Digest, 257>& smt_defaults() {
  static const auto table = [] {
    std::array<typename H::Digest, 257> t;
    t[0] = H::empty_leaf();
    for (std::size_t i = 0; i < 256; ++i) t[i + 1] = H::hash_node(t[i], t[i]);
    return t;
  }();
  return table;
}

/// The root a proof implies when the key's leaf holds `leaf`.
template <SmtHasher H>
expected<typename H::Digest, SmtError> smt_root_from_proof(unsigned depth, const Hash32& key,
                                                           const typename H::Digest& leaf,
                                                           const SmtProof<typename H::Digest>& proof) {
  if (depth < 1 || depth > 256) return unexpected(SmtError::kBadDepth);
  if (!smt_detail::fits_depth(key, depth)) return unexpected(SmtError::kKeyOutOfRange);
  if (!smt_detail::fits_depth(proof.bitmap, depth) || smt_detail::popcount(proof.bitmap) != proof.siblings.size())
    return unexpected(SmtError::kBadProof);
  const auto& defaults = smt_defaults<H>();
  typename H::Digest node = leaf;
  std::size_t next = 0;
  for (unsigned level = 0; level < depth; ++level) {
    const auto& sibling = smt_detail::bit(proof.bitmap, level) ? proof.siblings[next++] : defaults[level];
    node = smt_detail::bit(key, level) ? H::hash_node(sibling, node) : H::hash_node(node, sibling);
  }
  return node;
}

/// True when the key's leaf holds `leaf` under `root` (an exclusion proof passes H::empty_leaf()).
template <SmtHasher H>
bool smt_verify(const typename H::Digest& root, unsigned depth, const Hash32& key, const typename H::Digest& leaf,
                const SmtProof<typename H::Digest>& proof) {
  auto computed = smt_root_from_proof<H>(depth, key, leaf, proof);
  return computed && *computed == root;
}

/// A sparse Merkle tree whose nodes live in a NodeStore it does not own.
template <SmtHasher H>
class SparseMerkleTree {
 public:
  using Digest = typename H::Digest;
  using Proof = SmtProof<Digest>;

  /// A tree of `depth` levels over `store`, at `root` (the empty tree's root when not given).
  static expected<SparseMerkleTree, SmtError> open(NodeStore& store, unsigned depth,
                                                   std::optional<Digest> root = std::nullopt) {
    if (depth < 1 || depth > 256) return unexpected(SmtError::kBadDepth);
    return SparseMerkleTree(store, depth, root ? *root : smt_defaults<H>()[depth]);
  }

  /// The number of levels below the root.
  unsigned depth() const { return depth_; }
  /// The current root.
  const Digest& root() const { return root_; }
  /// The root of an empty tree of this depth.
  const Digest& empty_root() const { return smt_defaults<H>()[depth_]; }

  /// The leaf value under `key` (the empty leaf when absent).
  expected<Digest, SmtError> get(const Hash32& key) const {
    auto path = walk(key);
    if (!path) return unexpected(path.error());
    return path->leaf;
  }

  /// Sets the leaf under `key` to `value` (the empty leaf deletes). On error nothing changes.
  expected<void, SmtError> update(const Hash32& key, const Digest& value) {
    auto path = walk(key);
    if (!path) return unexpected(path.error());
    const auto& defaults = smt_defaults<H>();
    Digest node = value;
    std::array<std::uint8_t, 2 * H::kDigestSize> children;
    for (unsigned level = 0; level < depth_; ++level) {
      const Digest& sibling = path->siblings[level];
      const bool right = smt_detail::bit(key, level);
      const Digest& left_child = right ? sibling : node;
      const Digest& right_child = right ? node : sibling;
      if (left_child == defaults[level] && right_child == defaults[level]) {
        node = defaults[level + 1];
        continue;
      }
      std::memcpy(children.data(), left_child.data(), H::kDigestSize);
      std::memcpy(children.data() + H::kDigestSize, right_child.data(), H::kDigestSize);
      node = H::hash_node(left_child, right_child);
      store_->put(ByteView(node.data(), H::kDigestSize), children);
    }
    root_ = node;
    return {};
  }

  /// A compressed proof for `key`, valid for its present value or, when absent, its absence.
  expected<Proof, SmtError> prove(const Hash32& key) const {
    auto path = walk(key);
    if (!path) return unexpected(path.error());
    const auto& defaults = smt_defaults<H>();
    Proof proof;
    for (unsigned level = 0; level < depth_; ++level) {
      if (path->siblings[level] == defaults[level]) continue;
      smt_detail::set_bit(proof.bitmap, level);
      proof.siblings.push_back(path->siblings[level]);
    }
    return proof;
  }

 private:
  struct Path {
    Digest leaf;
    std::vector<Digest> siblings;  ///< siblings[i] is the sibling at level i
  };

  SparseMerkleTree(NodeStore& store, unsigned depth, const Digest& root)
      : store_(&store), depth_(depth), root_(root) {}

  /// Reads the key's leaf and all its siblings, from the root down.
  expected<Path, SmtError> walk(const Hash32& key) const {
    if (!smt_detail::fits_depth(key, depth_)) return unexpected(SmtError::kKeyOutOfRange);
    const auto& defaults = smt_defaults<H>();
    Path path{Digest{}, std::vector<Digest>(depth_)};
    Digest node = root_;
    for (unsigned level = depth_; level-- > 0;) {
      Digest left = defaults[level], right = defaults[level];
      if (node != defaults[level + 1]) {
        auto stored = store_->get(ByteView(node.data(), H::kDigestSize));
        if (!stored) return unexpected(SmtError::kMissingNode);
        if (stored->size() != 2 * H::kDigestSize) return unexpected(SmtError::kCorruptNode);
        std::memcpy(left.data(), stored->data(), H::kDigestSize);
        std::memcpy(right.data(), stored->data() + H::kDigestSize, H::kDigestSize);
      }
      const bool go_right = smt_detail::bit(key, level);
      path.siblings[level] = go_right ? left : right;
      node = go_right ? right : left;
    }
    path.leaf = node;
    return path;
  }

  NodeStore* store_;
  unsigned depth_;
  Digest root_;
};

/// The Keccak-256 instance that SparseMerkle.sol verifies.
using KeccakSparseMerkleTree = SparseMerkleTree<KeccakSmtHasher>;
extern template class SparseMerkleTree<KeccakSmtHasher>;

}  // namespace xway::crypto
