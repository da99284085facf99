#include "stark/examples/merkle_path/rescue_merkle_gadget.hpp"

#include <cassert>
#include <type_traits>

namespace xway::stark {
namespace {

using namespace merkle_gadget;

// Offsets of the gadget's periodic columns.
constexpr std::size_t kRoundHere = 0;     // A_r then B_r, 24 columns
constexpr std::size_t kRoundNext = 24;    // A_{r+1} then B_{r+1}, 24 columns
constexpr std::size_t kFirstRow = 48;     // f
constexpr std::size_t kLastRow = 49;      // l
constexpr std::size_t kSlotEnd = 50;      // e

template <class E>
E pow7(E x) {
  const E x2 = x * x;
  const E x4 = x2 * x2;
  return x4 * x2 * x;
}

// The residual of one Rescue round between `in` and `out` with constants (a, b):
//   MDS·in^7 + a - (MDS^-1·(out - b))^7.
template <class E>
void round_residual(const E* in, const E* out_state, const E* a, const E* b, E* res) {
  const RescueConstants& c = rescue_constants();
  if constexpr (std::is_same_v<E, Felt>) {
    // Base field (the prover's hot loop): lazily reduced matrix products.
    RescueState s7, diff;
    for (std::size_t j = 0; j < kRescueWidth; ++j) {
      s7[j] = pow7(in[j]);
      diff[j] = out_state[j] - b[j];
    }
    const RescueState fwd = rescue_mat_vec(c.mds, s7);
    const RescueState back = rescue_mat_vec(c.mds_inv, diff);
    for (std::size_t i = 0; i < kRescueWidth; ++i) res[i] = fwd[i] + a[i] - pow7(back[i]);
  } else {
    std::array<E, kRescueWidth> s7, diff;
    for (std::size_t j = 0; j < kRescueWidth; ++j) {
      s7[j] = pow7(in[j]);
      diff[j] = out_state[j] - b[j];
    }
    for (std::size_t i = 0; i < kRescueWidth; ++i) {
      E fwd = a[i];
      E back = E::zero();
      for (std::size_t j = 0; j < kRescueWidth; ++j) {
        fwd += s7[j] * c.mds[i][j];
        back += diff[j] * c.mds_inv[i][j];
      }
      res[i] = fwd - pow7(back);
    }
  }
}

template <class E>
void evaluate(const Frame<E>& fr, std::size_t col, std::span<const E> per, std::span<E> out) {
  const E* cur = fr.current.data() + col;
  const E* nxt = fr.next.data() + col;
  const E f = per[kFirstRow];
  const E l = per[kLastRow];
  const E e = per[kSlotEnd];
  const E one = E(Felt::one());
  E* o = out.data();
  round_residual(cur + kInput, cur + kOutput, &per[kRoundHere], &per[kRoundHere + kRescueWidth], o);
  o += kRescueWidth;
  round_residual(nxt + kInput, nxt + kOutput, &per[kRoundNext], &per[kRoundNext + kRescueWidth], o);
  o += kRescueWidth;
  const E not_last = one - l;
  for (std::size_t j = 0; j < kRescueWidth; ++j) *o++ = not_last * (nxt[kInput + j] - cur[kOutput + j]);
  const E b = cur[kDirection];
  for (std::size_t k = 0; k < 4; ++k) {
    *o++ = f * (cur[kInput + k] - cur[kCarried + k] + b * (cur[kInput + 4 + k] - cur[kInput + k]));
  }
  *o++ = f * (cur[kInput + kRescueRate] - E(Felt(kMergeCapacityTag)));
  for (std::size_t j = kRescueRate + 1; j < kRescueWidth; ++j) *o++ = f * cur[kInput + j];
  const E carry = l - e;
  for (std::size_t k = 0; k < 4; ++k) *o++ = carry * (nxt[kCarried + k] - cur[kOutput + k]);
  *o++ = b * (b - one);
  assert(o == out.data() + kConstraints);
}

}  // namespace

std::vector<unsigned> merkle_gadget_degrees() {
  std::vector<unsigned> d(2 * kRescueWidth, static_cast<unsigned>(kRescueAlpha));
  d.insert(d.end(), kRescueWidth, 2);  // chaining
  d.insert(d.end(), 4, 3);             // injection
  d.insert(d.end(), 4, 2);             // capacity reset
  d.insert(d.end(), 4, 2);             // digest carry
  d.push_back(2);                      // direction bit
  return d;
}

std::vector<std::vector<Felt>> merkle_gadget_periodic_columns(std::size_t slot_hashes) {
  const RescueConstants& c = rescue_constants();
  std::vector<std::vector<Felt>> cols(kPeriodicColumns, std::vector<Felt>(kRescueRounds));
  for (std::size_t r = 0; r < kRescueRounds; ++r) {
    const std::size_t next = (r + 1) % kRescueRounds;
    for (std::size_t j = 0; j < kRescueWidth; ++j) {
      cols[kRoundHere + j][r] = c.round_constants[2 * r][j];
      cols[kRoundHere + kRescueWidth + j][r] = c.round_constants[2 * r + 1][j];
      cols[kRoundNext + j][r] = c.round_constants[2 * next][j];
      cols[kRoundNext + kRescueWidth + j][r] = c.round_constants[2 * next + 1][j];
    }
  }
  cols[kFirstRow][0] = Felt::one();
  cols[kLastRow][kRescueRounds - 1] = Felt::one();
  cols[kSlotEnd].assign(kMerkleRowsPerHash * slot_hashes, Felt::zero());
  cols[kSlotEnd].back() = Felt::one();
  return cols;
}

void evaluate_merkle_gadget(const Frame<Felt>& frame, std::size_t column, std::span<const Felt> periodic,
                            std::span<Felt> out) {
  evaluate(frame, column, periodic, out);
}

void evaluate_merkle_gadget(const Frame<Felt2>& frame, std::size_t column, std::span<const Felt2> periodic,
                            std::span<Felt2> out) {
  evaluate(frame, column, periodic, out);
}

std::vector<Assertion> merkle_path_assertions(std::size_t column, std::size_t row, std::size_t depth,
                                              const RescueDigest& leaf, const RescueDigest& root) {
  std::vector<Assertion> out;
  const std::size_t root_row = row + kMerkleRowsPerHash * depth - 1;
  for (std::size_t k = 0; k < 4; ++k) out.push_back({column + kCarried + k, row, leaf[k]});
  for (std::size_t k = 0; k < 4; ++k) out.push_back({column + kOutput + k, root_row, root[k]});
  return out;
}

RescueState fill_merkle_hash(Trace& trace, std::size_t column, std::size_t row, const RescueState& input,
                             const RescueDigest& carried, Felt direction) {
  RescueState s = input;
  for (std::size_t r = 0; r < kRescueRounds; ++r) {
    const std::size_t i = row + r;
    for (std::size_t j = 0; j < kRescueWidth; ++j) trace[column + kInput + j][i] = s[j];
    rescue_round(s, r);
    for (std::size_t j = 0; j < kRescueWidth; ++j) trace[column + kOutput + j][i] = s[j];
    for (std::size_t k = 0; k < 4; ++k) trace[column + kCarried + k][i] = carried[k];
    trace[column + kDirection][i] = direction;
  }
  return s;
}

RescueDigest fill_merkle_path(Trace& trace, std::size_t column, std::size_t row, std::size_t slot_hashes,
                              const RescueDigest& leaf, std::span<const RescueDigest> siblings, std::uint64_t index) {
  assert(siblings.size() <= slot_hashes && slot_hashes <= 64);
  RescueDigest digest = leaf;
  RescueDigest root = leaf;
  for (std::size_t k = 0; k < slot_hashes; ++k) {
    const bool real = k < siblings.size();
    const RescueDigest sibling = real ? siblings[k] : RescueDigest{};
    const bool right = real && ((index >> k) & 1U) != 0;
    const RescueState input = right ? rescue_merge_input(sibling, digest) : rescue_merge_input(digest, sibling);
    const RescueState output = fill_merkle_hash(trace, column, row + kMerkleRowsPerHash * k, input, digest,
                                                right ? Felt::one() : Felt::zero());
    digest = {output[0], output[1], output[2], output[3]};
    if (k + 1 == siblings.size()) root = digest;
  }
  return root;
}

}  // namespace xway::stark
