#include "stark/crypto/merkle.hpp"

#include <bit>
#include <cassert>

#include "crypto/keccak.hpp"
#include "stark/crypto/encoding.hpp"
#include "stark/math/parallel.hpp"

namespace xway::stark {
namespace {

// Rows up to this many bytes are encoded on the stack (the prover hashes millions of them).
constexpr std::size_t kStackRowBytes = 512;

template <class E>
Hash32 hash_elements(std::span<const E> row) {
  const std::size_t len = row.size() * sizeof(E);
  if (len > kStackRowBytes) {
    Bytes buf;
    buf.reserve(len);
    put_felts(buf, row);
    return crypto::keccak256(buf);
  }
  std::uint8_t buf[kStackRowBytes];
  std::size_t pos = 0;
  const auto put = [&](std::uint64_t v) {
    for (int s = 56; s >= 0; s -= 8) buf[pos++] = static_cast<std::uint8_t>(v >> s);
  };
  for (const E& v : row) {
    if constexpr (sizeof(E) == 8) {
      put(v.value());
    } else {
      put(v.c0().value());
      put(v.c1().value());
    }
  }
  return crypto::keccak256(ByteView(buf, pos));
}

bool strictly_increasing_below(std::span<const std::size_t> indices, std::size_t bound) {
  for (std::size_t i = 0; i < indices.size(); ++i) {
    if (indices[i] >= bound) return false;
    if (i > 0 && indices[i] <= indices[i - 1]) return false;
  }
  return true;
}

}  // namespace

std::string_view describe(MerkleError e) {
  switch (e) {
    case MerkleError::kBadIndices: return "merkle: opened indices not increasing or out of range";
    case MerkleError::kLeafCount: return "merkle: leaf count differs from index count";
    case MerkleError::kProofTooShort: return "merkle: proof has too few sibling nodes";
    case MerkleError::kProofTooLong: return "merkle: proof has unused sibling nodes";
    case MerkleError::kRootMismatch: return "merkle: recomputed root differs from the commitment";
  }
  return "merkle: unknown error";
}

Hash32 hash_row(std::span<const Felt> row) { return hash_elements(row); }
Hash32 hash_row(std::span<const Felt2> row) { return hash_elements(row); }

MerkleTree::MerkleTree(std::vector<Hash32> leaves) : leaf_count_(leaves.size()) {
  assert(std::has_single_bit(leaf_count_));
  nodes_.resize(2 * leaf_count_);
  std::copy(leaves.begin(), leaves.end(), nodes_.begin() + static_cast<std::ptrdiff_t>(leaf_count_));
  // A one-leaf tree's root is its leaf (heap index 1); the loop below does not run.
  for (std::size_t level = leaf_count_ / 2; level >= 1; level /= 2) {
    parallel_for(level, 2 * level, 1 << 12, [this](std::size_t lo, std::size_t hi) {
      for (std::size_t i = lo; i < hi; ++i) nodes_[i] = crypto::keccak256_pair(nodes_[2 * i], nodes_[2 * i + 1]);
    });
  }
}

unsigned MerkleTree::depth() const { return static_cast<unsigned>(std::countr_zero(leaf_count_)); }

std::vector<Hash32> MerkleTree::open(std::span<const std::size_t> indices) const {
  assert(strictly_increasing_below(indices, leaf_count_));
  std::vector<std::size_t> level;
  level.reserve(indices.size());
  for (const std::size_t i : indices) level.push_back(i + leaf_count_);
  std::vector<Hash32> out;
  while (!level.empty() && level.front() > 1) {
    std::vector<std::size_t> parents;
    for (std::size_t k = 0; k < level.size(); ++k) {
      const std::size_t node = level[k];
      const bool pair_known = (node % 2 == 0) && k + 1 < level.size() && level[k + 1] == node + 1;
      if (pair_known) {
        ++k;
      } else {
        out.push_back(nodes_[node ^ 1]);
      }
      parents.push_back(node / 2);
    }
    level = std::move(parents);
  }
  return out;
}

std::size_t batch_proof_size(unsigned depth, std::span<const std::size_t> indices) {
  std::vector<std::size_t> level(indices.begin(), indices.end());
  std::size_t count = 0;
  for (unsigned d = 0; d < depth; ++d) {
    std::vector<std::size_t> parents;
    for (std::size_t k = 0; k < level.size(); ++k) {
      if (level[k] % 2 == 0 && k + 1 < level.size() && level[k + 1] == level[k] + 1) {
        ++k;
      } else {
        ++count;
      }
      parents.push_back(level[k] / 2);
    }
    level = std::move(parents);
  }
  return count;
}

expected<void, MerkleError> verify_batch(const Hash32& root, unsigned depth,
                                         std::span<const std::size_t> indices,
                                         std::span<const Hash32> leaves,
                                         std::span<const Hash32> siblings) {
  if (depth >= 64 || indices.empty() || !strictly_increasing_below(indices, std::size_t{1} << depth)) {
    return unexpected(MerkleError::kBadIndices);
  }
  if (leaves.size() != indices.size()) return unexpected(MerkleError::kLeafCount);
  std::vector<std::size_t> pos(indices.begin(), indices.end());
  std::vector<Hash32> val(leaves.begin(), leaves.end());
  std::size_t next = 0;
  for (unsigned d = 0; d < depth; ++d) {
    std::vector<std::size_t> up_pos;
    std::vector<Hash32> up_val;
    for (std::size_t k = 0; k < pos.size(); ++k) {
      Hash32 sibling;
      const bool pair_known = pos[k] % 2 == 0 && k + 1 < pos.size() && pos[k + 1] == pos[k] + 1;
      if (pair_known) {
        sibling = val[k + 1];
      } else {
        if (next == siblings.size()) return unexpected(MerkleError::kProofTooShort);
        sibling = siblings[next++];
      }
      up_val.push_back(pos[k] % 2 == 0 ? crypto::keccak256_pair(val[k], sibling)
                                       : crypto::keccak256_pair(sibling, val[k]));
      up_pos.push_back(pos[k] / 2);
      if (pair_known) ++k;
    }
    pos = std::move(up_pos);
    val = std::move(up_val);
  }
  if (next != siblings.size()) return unexpected(MerkleError::kProofTooLong);
  if (!(val.front() == root)) return unexpected(MerkleError::kRootMismatch);
  return {};
}

}  // namespace xway::stark
