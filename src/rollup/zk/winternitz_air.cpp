#include "rollup/zk/winternitz_air.hpp"

#include <bit>
#include <cassert>

#include "stark/crypto/encoding.hpp"
#include "stark/examples/merkle_path/rescue_merkle_gadget.hpp"

namespace xway::zk {
namespace {

using namespace wots_cols;
namespace mg = stark::merkle_gadget;

// The gadget's round and chaining constraints come first in its output; the rest (the Merkle
// injection, capacity reset, digest carry and bit) do not fit chain steps and sponge absorbs,
// so this statement writes its own.
constexpr std::size_t kGadgetKept = 3 * stark::kRescueWidth;

// Periodic columns: the gadget's 51 (f 48, l 49, e 50 = the block's last row), then ours.
constexpr std::size_t kLast = 49;
constexpr std::size_t kBlockEnd = 50;
enum Periodic : std::size_t {
  kFc = mg::kPeriodicColumns,
  kTj,
  kTi,
  kFs,
  kFp,
  kLd,
  kLe,
  kLs,
  kCd,
  kMo,
  kGm0,
  kGm1,
  kGh0,
  kGh1,
  kGcs,
  kGck,
  kGp,
  kZe,
  kPeriodicEnd,
};

constexpr std::size_t kChainsPerPair = 2;
constexpr std::size_t kPairCycles = 7;
// The message hash takes the block's last cycle; its digest is on the block's last row, which
// transition constraints do not reach on the trace's last block, so the check row is the one
// before it (reading the digest as the next row). Every digit accumulator is final there.
constexpr std::size_t kMessageRow = 8 * kWotsAirMessageCycle;
constexpr std::size_t kCheckRow = kWotsAirBlockRows - 2;
constexpr std::uint64_t kLowMask = 0xFFFFFFFFULL;

std::size_t chain_cycle(unsigned chain, unsigned step) {
  return kPairCycles * (chain / kChainsPerPair) + kWotsChainLength * (chain % kChainsPerPair) + step;
}

std::size_t sponge_cycle(unsigned absorb) { return kPairCycles * absorb + kPairCycles - 1; }

Felt pow4(unsigned e) { return Felt(std::uint64_t{1} << (2 * e)); }

template <class E>
void evaluate_own(const Frame<E>& fr, std::span<const E> per, E* o) {
  const E* c = fr.current.data();
  const E* n = fr.next.data();
  const E one = E(Felt::one());
  const E* v = c + mg::kInput;
  const E* y = c + mg::kOutput;
  const E* d = c + mg::kCarried;
  const E* dn = n + mg::kCarried;
  const E b = c[mg::kDirection];
  const E w = c[kWalk];
  const E fc = per[kFc], fs = per[kFs], fp = per[kFp];
  const E l = per[kLast], e = per[kBlockEnd];
  const E not_end = one - e;
  for (std::size_t k = 0; k < 4; ++k) *o++ = fc * (v[k] - d[k]);
  *o++ = fc * (v[4] - per[kTj]);
  *o++ = fc * (v[5] - per[kTi]);
  *o++ = fc * (v[6] - c[kKeyIndex]);
  *o++ = fc * (v[7] - E(Felt(kWotsChainTag)));
  const E merge = fc + fp;
  *o++ = merge * (v[8] - E(Felt(stark::kMergeCapacityTag)));
  for (std::size_t j = 9; j < 12; ++j) *o++ = merge * v[j];
  for (std::size_t k = 0; k < 4; ++k) *o++ = fp * (v[k] - d[k] + b * (v[4 + k] - v[k]));
  for (std::size_t k = 0; k < 4; ++k) *o++ = fs * (v[k] - c[kSponge + k] - c[kPairEnd + k]);
  for (std::size_t k = 0; k < 4; ++k) *o++ = fs * (v[4 + k] - c[kSponge + 4 + k] - d[k]);
  for (std::size_t k = 8; k < 12; ++k) *o++ = fs * (v[k] - c[kSponge + k]);
  for (std::size_t k = 0; k < 4; ++k) *o++ = (one - l) * (dn[k] - d[k]);
  for (std::size_t k = 0; k < 4; ++k) *o++ = per[kLd] * (dn[k] - w * y[k] - (one - w) * d[k]);
  for (std::size_t k = 0; k < 4; ++k) *o++ = per[kLe] * (n[kPairEnd + k] - w * y[k] - (one - w) * d[k]);
  const E hold_end = one - per[kLe] - e;
  for (std::size_t k = 0; k < 4; ++k) *o++ = hold_end * (n[kPairEnd + k] - c[kPairEnd + k]);
  for (std::size_t k = 0; k < 4; ++k) *o++ = per[kCd] * (dn[k] - y[k]);
  for (std::size_t j = 0; j < 12; ++j) *o++ = per[kLs] * (n[kSponge + j] - y[j]);
  const E hold_sponge = one - per[kLs] - e;
  for (std::size_t j = 0; j < 12; ++j) *o++ = hold_sponge * (n[kSponge + j] - c[kSponge + j]);
  *o++ = not_end * (n[kKeyIndex] - c[kKeyIndex]);
  *o++ = w * (w - one);
  *o++ = (one - l) * (n[kWalk] - w);
  *o++ = per[kMo] * w * (one - n[kWalk]);
  *o++ = b * (b - one);
  const E idle = one - w;
  *o++ = not_end * (n[kDigits0] - c[kDigits0] - per[kGm0] * idle);
  *o++ = not_end * (n[kDigits1] - c[kDigits1] - per[kGm1] * idle);
  *o++ = not_end * (n[kHigh0] - c[kHigh0] - per[kGh0] * idle);
  *o++ = not_end * (n[kHigh1] - c[kHigh1] - per[kGh1] * idle);
  *o++ = not_end * (n[kCheckDigits] - c[kCheckDigits] - per[kGck] * idle);
  *o++ = not_end * (n[kChecksum] - c[kChecksum] - per[kGcs] * w);
  *o++ = not_end * (n[kPathIndex] - c[kPathIndex] - per[kGp] * b);
  const E ze = per[kZe];
  *o++ = ze * (c[kDigits0] - n[mg::kOutput]);
  *o++ = ze * (c[kDigits1] - n[mg::kOutput + 1]);
  *o++ = ze * (c[kChecksum] - c[kCheckDigits]);
  const E two32 = E(Felt(std::uint64_t{1} << 32));
  const E all_ones = E(Felt(kLowMask));
  for (std::size_t i = 0; i < 2; ++i) {
    const E hi = c[kHigh0 + i];
    const E lo = c[kDigits0 + i] - two32 * hi;
    *o++ = ze * lo * ((hi - all_ones) * c[kInverse0 + i] - one);
  }
}

template <class E>
void evaluate_all(const Frame<E>& fr, std::span<const E> per, std::span<E> out) {
  std::array<E, mg::kConstraints> gadget;
  stark::evaluate_merkle_gadget(fr, 0, per.subspan(0, mg::kPeriodicColumns), gadget);
  std::copy_n(gadget.begin(), kGadgetKept, out.begin());
  evaluate_own(fr, per, out.data() + kGadgetKept);
}

std::vector<std::vector<Felt>> own_periodic(std::size_t depth) {
  std::vector<std::vector<Felt>> p(kPeriodicEnd - kFc, std::vector<Felt>(kWotsAirBlockRows));
  auto at = [&](Periodic col, std::size_t row) -> Felt& { return p[col - kFc][row]; };
  for (unsigned j = 0; j < kWotsChains; ++j) {
    for (unsigned i = 0; i < kWotsChainLength; ++i) {
      const std::size_t first = 8 * chain_cycle(j, i);
      const std::size_t last = first + 7;
      at(kFc, first) = Felt::one();
      at(kTj, first) = Felt(j);
      at(kTi, first) = Felt(i);
      const bool even_end = j % 2 == 0 && i + 1 == kWotsChainLength;
      at(even_end ? kLe : kLd, last) = Felt::one();
      if (i + 1 < kWotsChainLength) at(kMo, last) = Felt::one();
      if (j < kWotsMessageDigits) {
        const unsigned pos = j % kWotsDigitsPerElement;  // 0 = most significant
        const bool second = j >= kWotsDigitsPerElement;
        at(second ? kGm1 : kGm0, last) = pow4(kWotsDigitsPerElement - 1 - pos);
        if (pos < kWotsDigitsPerElement / 2) at(second ? kGh1 : kGh0, last) = pow4(kWotsDigitsPerElement / 2 - 1 - pos);
        at(kGcs, last) = Felt::one();
      } else {
        at(kGck, last) = pow4(kWotsChains - 1 - j);
      }
    }
  }
  for (unsigned m = 0; m < kWotsSpongeAbsorbs; ++m) {
    at(kFs, 8 * sponge_cycle(m)) = Felt::one();
    at(kLs, 8 * sponge_cycle(m) + 7) = Felt::one();
  }
  at(kCd, 8 * sponge_cycle(kWotsSpongeAbsorbs - 1) + 7) = Felt::one();
  for (std::size_t level = 0; level < depth; ++level) {
    const std::size_t first = 8 * (kWotsAirPathCycle + level);
    at(kFp, first) = Felt::one();
    at(kGp, first) = Felt(std::uint64_t{1} << level);
    if (level + 1 < depth) at(kCd, first + 7) = Felt::one();
  }
  at(kZe, kCheckRow) = Felt::one();
  return p;
}

std::size_t key_root_row(std::size_t depth) { return 8 * (kWotsAirPathCycle + depth) - 1; }

// One permutation of the block: the gadget's columns on its 8 rows, and W.
RescueDigest fill_cycle(Trace& t, std::size_t row, const stark::RescueState& input, const RescueDigest& carried,
                        Felt direction, Felt walk) {
  const stark::RescueState out = stark::fill_merkle_hash(t, 0, row, input, carried, direction);
  for (std::size_t r = 0; r < 8; ++r) t[kWalk][row + r] = walk;
  return {out[0], out[1], out[2], out[3]};
}

stark::RescueState chain_input(const RescueDigest& x, unsigned chain, unsigned step, std::uint64_t key_index) {
  return stark::rescue_merge_input(x, {Felt(chain), Felt(step), Felt(key_index), Felt(kWotsChainTag)});
}

// The message hash's input: rescue_hash's one padded block of the six fields.
stark::RescueState message_input(const ZkTransfer& t, std::uint64_t domain_tag) {
  return {Felt(t.from), Felt(t.to), Felt(t.amount), Felt(t.fee), Felt(t.nonce), Felt(domain_tag), Felt::one()};
}

// The permutations of one signature: chains, sponge, key path and message hash (the gadget's
// columns, W).
void fill_permutations(Trace& t, std::size_t base, std::size_t depth, std::uint64_t domain_tag,
                       const WotsStatement& s, const TransferSignature& sig) {
  const auto digits = wots_digits(s.transfer, domain_tag);
  const std::uint64_t key_index = s.transfer.nonce - 1;
  stark::RescueState sponge = wots_sponge_start();
  RescueDigest pair_end{};
  for (unsigned j = 0; j < kWotsChains; ++j) {
    RescueDigest x = sig.chains[j];
    for (unsigned i = 0; i < kWotsChainLength; ++i) {
      const bool walks = i >= digits[j];
      const RescueDigest y = fill_cycle(t, base + 8 * chain_cycle(j, i), chain_input(x, j, i, key_index), x,
                                        Felt::zero(), walks ? Felt::one() : Felt::zero());
      if (walks) x = y;
    }
    if (j % 2 == 0) {
      pair_end = x;
      continue;
    }
    stark::RescueState in = sponge;
    for (std::size_t k = 0; k < 4; ++k) {
      in[k] += pair_end[k];
      in[4 + k] += x[k];
    }
    const std::size_t row = base + 8 * sponge_cycle(j / 2);
    stark::fill_merkle_hash(t, 0, row, in, x, Felt::zero());
    for (std::size_t r = 0; r < 8; ++r) t[kWalk][row + r] = Felt::zero();
    for (std::size_t q = 0; q < stark::kRescueWidth; ++q) sponge[q] = t[mg::kOutput + q][row + 7];
  }
  RescueDigest digest = {sponge[0], sponge[1], sponge[2], sponge[3]};
  for (std::size_t level = 0; level < kWotsAirMaxDepth; ++level) {
    const std::size_t row = base + 8 * (kWotsAirPathCycle + level);
    if (level >= depth) {
      fill_cycle(t, row, stark::RescueState{}, RescueDigest{}, Felt::zero(), Felt::zero());
      continue;
    }
    const bool right = ((key_index >> level) & 1U) != 0;
    const RescueDigest& sib = sig.key_path[level];
    const auto in = right ? stark::rescue_merge_input(sib, digest) : stark::rescue_merge_input(digest, sib);
    digest = fill_cycle(t, row, in, digest, right ? Felt::one() : Felt::zero(), Felt::zero());
  }
  fill_cycle(t, base + kMessageRow, message_input(s.transfer, domain_tag), RescueDigest{}, Felt::zero(),
             Felt::zero());
}

// The register columns (E, P, K, the accumulators, Z) of one block, row by row as the
// constraints define them from the gadget's columns, W, b and the periodic selectors.
void fill_registers(Trace& t, std::size_t base, const std::vector<std::vector<Felt>>& per,
                    const WotsStatement& s) {
  auto sel = [&](Periodic col, std::size_t r) { return per[col - kFc][r]; };
  RescueDigest pair_end{};
  stark::RescueState sponge = wots_sponge_start();
  std::array<Felt, kWidth> acc{};  // indexed by column
  for (std::size_t r = 0; r < kWotsAirBlockRows; ++r) {
    const std::size_t row = base + r;
    for (std::size_t k = 0; k < 4; ++k) t[kPairEnd + k][row] = pair_end[k];
    for (std::size_t j = 0; j < 12; ++j) t[kSponge + j][row] = sponge[j];
    t[kKeyIndex][row] = Felt(s.transfer.nonce - 1);
    for (std::size_t col : {kDigits0, kDigits1, kHigh0, kHigh1, kChecksum, kCheckDigits, kPathIndex}) {
      t[col][row] = acc[col];
    }
    const Felt w = t[kWalk][row];
    const Felt idle = Felt::one() - w;
    if (sel(kLe, r) == Felt::one()) {
      for (std::size_t k = 0; k < 4; ++k) {
        pair_end[k] = w * t[mg::kOutput + k][row] + idle * t[mg::kCarried + k][row];
      }
    }
    if (sel(kLs, r) == Felt::one()) {
      for (std::size_t j = 0; j < 12; ++j) sponge[j] = t[mg::kOutput + j][row];
    }
    acc[kDigits0] += sel(kGm0, r) * idle;
    acc[kDigits1] += sel(kGm1, r) * idle;
    acc[kHigh0] += sel(kGh0, r) * idle;
    acc[kHigh1] += sel(kGh1, r) * idle;
    acc[kCheckDigits] += sel(kGck, r) * idle;
    acc[kChecksum] += sel(kGcs, r) * w;
    acc[kPathIndex] += sel(kGp, r) * t[mg::kDirection][row];
  }
  for (std::size_t i = 0; i < 2; ++i) {
    const Felt hi = t[kHigh0 + i][base + kCheckRow] - Felt(kLowMask);
    const Felt z = hi == Felt::zero() ? Felt::zero() : hi.inverse();
    for (std::size_t r = 0; r < kWotsAirBlockRows; ++r) t[kInverse0 + i][base + r] = z;
  }
}

}  // namespace

std::optional<WinternitzAir> WinternitzAir::create(WinternitzClaim claim) {
  if (claim.depth < 1 || claim.depth > kWotsAirMaxDepth) return std::nullopt;
  if (claim.signatures.empty() || claim.signatures.size() > kWotsAirMaxSignatures) return std::nullopt;
  if (claim.domain_tag >= Felt::kModulus) return std::nullopt;
  for (const auto& s : claim.signatures) {
    const ZkTransfer& t = s.transfer;
    if (t.nonce == 0 || ((t.nonce - 1) >> claim.depth) != 0) return std::nullopt;
    if (t.from >= Felt::kModulus || t.to >= Felt::kModulus || t.amount >= Felt::kModulus || t.fee >= Felt::kModulus) {
      return std::nullopt;
    }
  }
  return WinternitzAir(std::move(claim));
}

std::size_t WinternitzAir::trace_length() const {
  return kWotsAirBlockRows * std::bit_ceil(claim_.signatures.size());
}

std::vector<unsigned> WinternitzAir::transition_degrees() const {
  std::vector<unsigned> d = stark::merkle_gadget_degrees();
  d.resize(kGadgetKept);
  auto add = [&](std::size_t count, unsigned degree) { d.insert(d.end(), count, degree); };
  add(8, 2);   // chain input and tweak
  add(4, 2);   // merge capacity
  add(4, 3);   // path input
  add(12, 2);  // sponge input
  add(4, 2);   // D held
  add(4, 3);   // chain walk
  add(4, 3);   // pair end set
  add(4, 2);   // pair end held
  add(4, 2);   // digest carry
  add(12, 2);  // sponge state set
  add(12, 2);  // sponge state held
  add(1, 2);   // key index held
  add(2, 2);   // walking bit, held
  add(1, 3);   // walking bit monotone
  add(1, 2);   // direction bit
  add(7, 3);   // accumulators
  add(2, 2);   // message digest
  add(1, 2);   // checksum
  add(2, 4);   // canonical digest
  assert(d.size() == kGadgetKept + kOwnConstraints);
  return d;
}

std::vector<Assertion> WinternitzAir::assertions() const {
  std::vector<Assertion> out;
  const stark::RescueState start = wots_sponge_start();
  for (std::size_t i = 0; i < claim_.signatures.size(); ++i) {
    const WotsStatement& s = claim_.signatures[i];
    const std::size_t base = i * kWotsAirBlockRows;
    const Felt key_index(s.transfer.nonce - 1);
    out.push_back({kKeyIndex, base, key_index});
    for (std::size_t j = 0; j < 12; ++j) out.push_back({kSponge + j, base, start[j]});
    for (std::size_t col : {kDigits0, kDigits1, kHigh0, kHigh1, kChecksum, kCheckDigits, kPathIndex}) {
      out.push_back({col, base, Felt::zero()});
    }
    const stark::RescueState message = message_input(s.transfer, claim_.domain_tag);
    for (std::size_t j = 0; j < stark::kRescueWidth; ++j) out.push_back({mg::kInput + j, base + kMessageRow, message[j]});
    out.push_back({kPathIndex, base + kWotsAirBlockRows - 1, key_index});
    for (std::size_t k = 0; k < 4; ++k) {
      out.push_back({mg::kOutput + k, base + key_root_row(claim_.depth), s.account_key[k]});
    }
  }
  return out;
}

std::vector<std::vector<Felt>> WinternitzAir::periodic_columns() const {
  auto cols = stark::merkle_gadget_periodic_columns(kWotsAirBlockCycles);
  auto own = own_periodic(claim_.depth);
  cols.insert(cols.end(), std::make_move_iterator(own.begin()), std::make_move_iterator(own.end()));
  return cols;
}

Bytes WinternitzAir::public_inputs() const {
  Bytes out;
  stark::put_u64(out, claim_.depth);
  stark::put_u64(out, claim_.domain_tag);
  stark::put_u64(out, claim_.signatures.size());
  for (const WotsStatement& s : claim_.signatures) {
    for (const std::uint64_t v : {s.transfer.from, s.transfer.to, s.transfer.amount, s.transfer.fee, s.transfer.nonce}) {
      stark::put_u64(out, v);
    }
    stark::put_felts(out, std::span<const Felt>(s.account_key));
  }
  return out;
}

void WinternitzAir::evaluate_transition(const Frame<Felt>& f, std::span<const Felt> periodic,
                                        std::span<Felt> out) const {
  evaluate_all(f, periodic, out);
}

void WinternitzAir::evaluate_transition(const Frame<Felt2>& f, std::span<const Felt2> periodic,
                                        std::span<Felt2> out) const {
  evaluate_all(f, periodic, out);
}

Trace build_winternitz_trace(const WinternitzClaim& claim, std::span<const TransferSignature> signatures) {
  assert(signatures.size() == claim.signatures.size() && !signatures.empty());
  const std::size_t blocks = std::bit_ceil(claim.signatures.size());
  Trace t(kWidth, std::vector<Felt>(blocks * kWotsAirBlockRows));
  const auto per = own_periodic(claim.depth);
  for (std::size_t i = 0; i < claim.signatures.size(); ++i) {
    assert(signatures[i].key_path.size() == claim.depth);
    const std::size_t base = i * kWotsAirBlockRows;
    fill_permutations(t, base, claim.depth, claim.domain_tag, claim.signatures[i], signatures[i]);
    fill_registers(t, base, per, claim.signatures[i]);
  }
  for (std::size_t i = claim.signatures.size(); i < blocks; ++i) {
    for (auto& col : t) std::copy_n(col.begin(), kWotsAirBlockRows, col.begin() + i * kWotsAirBlockRows);
  }
  return t;
}

}  // namespace xway::zk
