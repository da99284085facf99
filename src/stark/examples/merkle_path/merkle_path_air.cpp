#include "stark/examples/merkle_path/merkle_path_air.hpp"

#include <bit>
#include <cassert>

#include "stark/crypto/encoding.hpp"

namespace xway::stark {
namespace {

bool shape_ok(std::size_t depth, std::size_t paths) {
  return depth >= 1 && depth <= kMaxMerkleDepth && paths >= 1 && paths <= kMaxMerklePaths;
}

bool read_digest(ByteView bytes, std::size_t& pos, RescueDigest& d) {
  for (auto& v : d) {
    const std::uint64_t raw = get_u64(bytes.data() + pos);
    if (!Felt::is_canonical(raw)) return false;
    v = Felt(raw);
    pos += 8;
  }
  return true;
}

}  // namespace

MerklePathAir::MerklePathAir(std::size_t depth, std::vector<MerklePathClaim> claims)
    : depth_(depth), claims_(std::move(claims)) {
  assert(shape_ok(depth_, claims_.size()));
}

std::size_t MerklePathAir::rows_for(std::size_t depth, std::size_t paths) {
  return kMerkleRowsPerHash * std::bit_ceil(depth) * std::bit_ceil(paths);
}

std::size_t MerklePathAir::slot_hashes() const { return std::bit_ceil(depth_); }

std::vector<Assertion> MerklePathAir::assertions() const {
  std::vector<Assertion> out;
  const std::size_t slot_rows = kMerkleRowsPerHash * slot_hashes();
  for (std::size_t p = 0; p < claims_.size(); ++p) {
    const auto a = merkle_path_assertions(0, p * slot_rows, depth_, claims_[p].leaf, claims_[p].root);
    out.insert(out.end(), a.begin(), a.end());
  }
  return out;
}

Bytes MerklePathAir::public_inputs() const {
  Bytes out;
  put_u64(out, depth_);
  put_u64(out, claims_.size());
  for (const MerklePathClaim& c : claims_) {
    put_felts(out, std::span<const Felt>(c.leaf));
    put_felts(out, std::span<const Felt>(c.root));
  }
  return out;
}

std::optional<MerklePathAir> MerklePathAir::from_public_inputs(std::size_t steps, ByteView bytes) {
  constexpr std::size_t kPerPath = 8 * 8;
  if (bytes.size() < 16) return std::nullopt;
  const std::uint64_t depth = get_u64(bytes.data());
  const std::uint64_t count = get_u64(bytes.data() + 8);
  if (!shape_ok(depth, count) || bytes.size() != 16 + kPerPath * count) return std::nullopt;
  if (steps != rows_for(depth, count)) return std::nullopt;
  std::vector<MerklePathClaim> claims(count);
  std::size_t pos = 16;
  for (MerklePathClaim& c : claims) {
    if (!read_digest(bytes, pos, c.leaf) || !read_digest(bytes, pos, c.root)) return std::nullopt;
  }
  return MerklePathAir(depth, std::move(claims));
}

std::optional<Trace> build_merkle_path_trace(std::size_t depth, std::span<const MerklePathWitness> paths) {
  if (!shape_ok(depth, paths.size())) return std::nullopt;
  for (const MerklePathWitness& w : paths) {
    if (w.siblings.size() != depth) return std::nullopt;
  }
  const std::size_t rows = MerklePathAir::rows_for(depth, paths.size());
  const std::size_t slot = std::bit_ceil(depth);
  Trace t(merkle_gadget::kWidth, std::vector<Felt>(rows));
  for (std::size_t p = 0; p * kMerkleRowsPerHash * slot < rows; ++p) {
    const std::size_t row = p * kMerkleRowsPerHash * slot;
    if (p < paths.size()) {
      fill_merkle_path(t, 0, row, slot, paths[p].leaf, paths[p].siblings, paths[p].index);
    } else {
      fill_merkle_path(t, 0, row, slot, RescueDigest{}, {}, 0);  // an unused slot: padding hashes only
    }
  }
  return t;
}

std::vector<MerklePathClaim> merkle_path_claims(std::span<const MerklePathWitness> paths) {
  std::vector<MerklePathClaim> out;
  for (const MerklePathWitness& w : paths) {
    out.push_back({w.leaf, rescue_merkle_root(w.leaf, w.siblings, w.index)});
  }
  return out;
}

}  // namespace xway::stark
