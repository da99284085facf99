#include "crypto/sparse_merkle.hpp"

namespace xway::crypto {

template class SparseMerkleTree<KeccakSmtHasher>;

std::string_view describe(SmtError e) {
  switch (e) {
    case SmtError::kBadDepth: return "sparse Merkle tree depth must be between 1 and 256";
    case SmtError::kKeyOutOfRange: return "sparse Merkle key does not fit the tree's depth";
    case SmtError::kMissingNode: return "sparse Merkle node is missing from the store";
    case SmtError::kCorruptNode: return "sparse Merkle node in the store has the wrong size";
    case SmtError::kBadProof: return "sparse Merkle proof bitmap does not match its depth or siblings";
  }
  return "unknown sparse Merkle error";
}

Hash32 smt_key(std::uint64_t index) {
  Hash32 key;
  for (int i = 0; i < 8; ++i) key[31 - i] = static_cast<std::uint8_t>(index >> (8 * i));
  return key;
}

}  // namespace xway::crypto
