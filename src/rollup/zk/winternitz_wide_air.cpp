#include "rollup/zk/winternitz_wide_air.hpp"

#include <bit>
#include <cassert>

#include "stark/crypto/encoding.hpp"
#include "stark/examples/merkle_path/rescue_merkle_gadget.hpp"

namespace xway::zk {
namespace {

using namespace wide_cols;
namespace mg = stark::merkle_gadget;

constexpr std::size_t kGadgetKept = 3 * stark::kRescueWidth;  // round (both rows) and chaining
constexpr std::size_t kGadgets = 5;
constexpr std::size_t kChainRounds = 17;  // chains per chain gadget
constexpr std::size_t kMessageRow = kWideMessageRow;
constexpr std::size_t kCheckRow = kWideCheckRow;
constexpr std::uint64_t kLowMask = 0xFFFFFFFFULL;

// Periodic columns: the gadget's 51 (f 48, l 49, e 50 = the block's last row), then ours.
constexpr std::size_t kLast = 49;
constexpr std::size_t kBlockEnd = 50;
enum Periodic : std::size_t {
  kFc = mg::kPeriodicColumns,  // a chain step's first row
  kTj,                         // 4t there (chain 4t + s in gadget s)
  kTi,                         // the step there
  kLd,                         // steps 0 and 1's last row: the chain walk (and W monotone)
  kLe,                         // step 2's last row: the end into E_s
  kFa,                         // first row of an absorb from E_0, E_1
  kFb,                         // first row of an absorb from E_2, E_3
  kLs,                         // an absorb's last row
  kFp,                         // a path level's first row
  kGp,                         // 2^level there
  kCd,                         // the last absorb's and the path levels' last rows but the last level's
  kZe,                         // the check row
  kWeights,                    // per chain gadget s: M0, M1, H0, H1, CK, CS weights (6 each)
  kPeriodicEnd = kWeights + 6 * kWideChainGadgets,
};
enum Weight : std::size_t { kWm0, kWm1, kWh0, kWh1, kWck, kWcs };
constexpr std::size_t weight(std::size_t s, Weight w) { return kWeights + 6 * s + w; }
constexpr std::size_t kAccumulators[] = {kDigits0, kDigits1, kHigh0, kHigh1, kCheckDigits, kChecksum};

std::size_t gadget(std::size_t s) { return kGadget * s; }
std::size_t absorb_cycle(unsigned m) { return 3 * (m / 2) + 3 + (m % 2); }
Felt pow4(unsigned e) { return Felt(std::uint64_t{1} << (2 * e)); }

template <class E>
void evaluate_own(const Frame<E>& fr, std::span<const E> per, E* o) {
  const E* c = fr.current.data();
  const E* n = fr.next.data();
  const E one = E(Felt::one());
  const E fc = per[kFc], l = per[kLast], e = per[kBlockEnd];
  const E not_end = one - e;
  const E hold_end = one - per[kLe] - e;
  for (std::size_t s = 0; s < kWideChainGadgets; ++s) {
    const E* v = c + gadget(s) + mg::kInput;
    const E* y = c + gadget(s) + mg::kOutput;
    const E* d = c + gadget(s) + mg::kCarried;
    const E* dn = n + gadget(s) + mg::kCarried;
    const E w = c[kWalk + s];
    for (std::size_t k = 0; k < 4; ++k) *o++ = fc * (v[k] - d[k]);
    *o++ = fc * (v[4] - per[kTj] - E(Felt(s)));
    *o++ = fc * (v[5] - per[kTi]);
    *o++ = fc * (v[6] - c[kKeyIndex]);
    *o++ = fc * (v[7] - E(Felt(kWotsChainTag)));
    *o++ = fc * (v[8] - E(Felt(stark::kMergeCapacityTag)));
    for (std::size_t j = 9; j < 12; ++j) *o++ = fc * v[j];
    for (std::size_t k = 0; k < 4; ++k) *o++ = (one - l) * (dn[k] - d[k]);
    for (std::size_t k = 0; k < 4; ++k) *o++ = per[kLd] * (dn[k] - w * y[k] - (one - w) * d[k]);
    const E* en = n + kEnds + 4 * s;
    const E* ec = c + kEnds + 4 * s;
    for (std::size_t k = 0; k < 4; ++k) *o++ = per[kLe] * (en[k] - w * y[k] - (one - w) * d[k]);
    for (std::size_t k = 0; k < 4; ++k) *o++ = hold_end * (en[k] - ec[k]);
    *o++ = w * (w - one);
    *o++ = (one - l) * (n[kWalk + s] - w);
    *o++ = per[kLd] * w * (one - n[kWalk + s]);
  }
  {
    const E* v = c + kSpongeGadget + mg::kInput;
    const E* y = c + kSpongeGadget + mg::kOutput;
    const E* d = c + kSpongeGadget + mg::kCarried;
    const E* dn = n + kSpongeGadget + mg::kCarried;
    const E b = c[kSpongeGadget + mg::kDirection];
    const E fa = per[kFa], fb = per[kFb], fp = per[kFp];
    const E* p = c + kSponge;
    for (std::size_t k = 0; k < 4; ++k) {
      *o++ = (fa + fb) * (v[k] - p[k]) - fa * c[kEnds + k] - fb * c[kEnds + 8 + k];
      *o++ = (fa + fb) * (v[4 + k] - p[4 + k]) - fa * c[kEnds + 4 + k] - fb * c[kEnds + 12 + k];
      *o++ = (fa + fb) * (v[8 + k] - p[8 + k]);
    }
    for (std::size_t k = 0; k < 4; ++k) *o++ = fp * (v[k] - d[k] + b * (v[4 + k] - v[k]));
    *o++ = fp * (v[8] - E(Felt(stark::kMergeCapacityTag)));
    for (std::size_t j = 9; j < 12; ++j) *o++ = fp * v[j];
    for (std::size_t k = 0; k < 4; ++k) *o++ = (one - l) * (dn[k] - d[k]);
    for (std::size_t k = 0; k < 4; ++k) *o++ = per[kCd] * (dn[k] - y[k]);
    *o++ = b * (b - one);
    for (std::size_t j = 0; j < 12; ++j) *o++ = per[kLs] * (n[kSponge + j] - y[j]);
    const E hold_sponge = one - per[kLs] - e;
    for (std::size_t j = 0; j < 12; ++j) *o++ = hold_sponge * (n[kSponge + j] - p[j]);
    *o++ = not_end * (n[kPathIndex] - c[kPathIndex] - per[kGp] * b);
  }
  *o++ = not_end * (n[kKeyIndex] - c[kKeyIndex]);
  for (std::size_t a = 0; a < 6; ++a) {
    const std::size_t col = kAccumulators[a];
    E sum = E(Felt::zero());
    for (std::size_t s = 0; s < kWideChainGadgets; ++s) {
      const E w = c[kWalk + s];
      sum += per[weight(s, static_cast<Weight>(a))] * (col == kChecksum ? w : one - w);
    }
    *o++ = not_end * (n[col] - c[col] - sum);
  }
  const E ze = per[kZe];
  *o++ = ze * (c[kDigits0] - n[gadget(0) + mg::kOutput]);
  *o++ = ze * (c[kDigits1] - n[gadget(0) + mg::kOutput + 1]);
  *o++ = ze * (c[kChecksum] - c[kCheckDigits]);
  const E two32 = E(Felt(std::uint64_t{1} << 32));
  for (std::size_t i = 0; i < 2; ++i) {
    const E hi = c[kHigh0 + i];
    const E lo = c[kDigits0 + i] - two32 * hi;
    *o++ = ze * lo * ((hi - E(Felt(kLowMask))) * c[kInverse0 + i] - one);
  }
}

// Per chain gadget 31 constraints, the sponge gadget 54, then K, the 6 accumulators, the 5 checks.
constexpr std::size_t kPerChainGadget = 31;
constexpr std::size_t kSpongeOwn = 54;
[[maybe_unused]] constexpr std::size_t kOwnConstraints = kWideChainGadgets * kPerChainGadget + kSpongeOwn + 1 + 6 + 5;

template <class E>
void evaluate_all(const Frame<E>& fr, std::span<const E> per, std::span<E> out) {
  std::array<E, mg::kConstraints> scratch;
  for (std::size_t s = 0; s < kGadgets; ++s) {
    stark::evaluate_merkle_gadget(fr, gadget(s), per.subspan(0, mg::kPeriodicColumns), scratch);
    std::copy_n(scratch.begin(), kGadgetKept, out.begin() + kGadgetKept * s);
  }
  evaluate_own(fr, per, out.data() + kGadgetKept * kGadgets);
}

std::vector<std::vector<Felt>> own_periodic(std::size_t depth) {
  std::vector<std::vector<Felt>> p(kPeriodicEnd - kFc, std::vector<Felt>(kWideBlockRows));
  auto at = [&](std::size_t col, std::size_t row) -> Felt& { return p[col - kFc][row]; };
  for (unsigned t = 0; t < kChainRounds; ++t) {
    for (unsigned i = 0; i < kWotsChainLength; ++i) {
      const std::size_t first = 8 * (3 * t + i);
      const std::size_t last = first + 7;
      at(kFc, first) = Felt::one();
      at(kTj, first) = Felt(4 * t);
      at(kTi, first) = Felt(i);
      at(i + 1 < kWotsChainLength ? kLd : kLe, last) = Felt::one();
      for (std::size_t s = 0; s < kWideChainGadgets; ++s) {
        const unsigned j = 4 * t + static_cast<unsigned>(s);
        if (j < kWotsMessageDigits) {
          const unsigned pos = j % kWotsDigitsPerElement;
          const bool second = j >= kWotsDigitsPerElement;
          at(weight(s, second ? kWm1 : kWm0), last) = pow4(kWotsDigitsPerElement - 1 - pos);
          if (pos < kWotsDigitsPerElement / 2) {
            at(weight(s, second ? kWh1 : kWh0), last) = pow4(kWotsDigitsPerElement / 2 - 1 - pos);
          }
          at(weight(s, kWcs), last) = Felt::one();
        } else {
          at(weight(s, kWck), last) = pow4(kWotsChains - 1 - j);
        }
      }
    }
  }
  for (unsigned m = 0; m < kWotsSpongeAbsorbs; ++m) {
    at(m % 2 == 0 ? kFa : kFb, 8 * absorb_cycle(m)) = Felt::one();
    at(kLs, 8 * absorb_cycle(m) + 7) = Felt::one();
  }
  at(kCd, 8 * absorb_cycle(kWotsSpongeAbsorbs - 1) + 7) = Felt::one();
  for (std::size_t level = 0; level < depth; ++level) {
    const std::size_t first = 8 * (kWidePathCycle + level);
    at(kFp, first) = Felt::one();
    at(kGp, first) = Felt(std::uint64_t{1} << level);
    if (level + 1 < depth) at(kCd, first + 7) = Felt::one();
  }
  at(kZe, kCheckRow) = Felt::one();
  return p;
}

stark::RescueState message_input(const ZkTransfer& t, std::uint64_t domain_tag) {
  return {Felt(t.from), Felt(t.to), Felt(t.amount), Felt(t.fee), Felt(t.nonce), Felt(domain_tag), Felt::one()};
}

RescueDigest fill_cycle(Trace& t, std::size_t column, std::size_t row, const stark::RescueState& input,
                        const RescueDigest& carried, Felt direction) {
  const stark::RescueState out = stark::fill_merkle_hash(t, column, row, input, carried, direction);
  return {out[0], out[1], out[2], out[3]};
}

void fill_block(Trace& t, std::size_t base, std::size_t depth, std::uint64_t domain_tag, const WotsStatement& s,
                const TransferSignature& sig) {
  const auto digits = wots_digits(s.transfer, domain_tag);
  const std::uint64_t key_index = s.transfer.nonce - 1;
  // Every cycle of every gadget starts as padding; the schedule overwrites its own cycles.
  for (std::size_t g = 0; g < kGadgets; ++g) {
    for (std::size_t cyc = 0; cyc < kWideBlockCycles; ++cyc) {
      fill_cycle(t, gadget(g), base + 8 * cyc, stark::RescueState{}, RescueDigest{}, Felt::zero());
    }
  }
  std::array<RescueDigest, kWotsChains> ends{};
  for (unsigned j = 0; j < kWotsChains; ++j) {
    const std::size_t g = j % kWideChainGadgets;
    const std::size_t round = j / kWideChainGadgets;
    RescueDigest x = sig.chains[j];
    for (unsigned i = 0; i < kWotsChainLength; ++i) {
      const bool walks = i >= digits[j];
      const std::size_t row = base + 8 * (3 * round + i);
      const auto in = stark::rescue_merge_input(x, {Felt(j), Felt(i), Felt(key_index), Felt(kWotsChainTag)});
      const RescueDigest y = fill_cycle(t, gadget(g), row, in, x, Felt::zero());
      for (std::size_t r = 0; r < 8; ++r) t[kWalk + g][row + r] = walks ? Felt::one() : Felt::zero();
      if (walks) x = y;
    }
    ends[j] = x;
  }
  stark::RescueState sponge = wots_sponge_start();
  for (unsigned m = 0; m < kWotsSpongeAbsorbs; ++m) {
    stark::RescueState in = sponge;
    for (std::size_t k = 0; k < 4; ++k) {
      in[k] += ends[2 * m][k];
      in[4 + k] += ends[2 * m + 1][k];
    }
    const std::size_t row = base + 8 * absorb_cycle(m);
    stark::fill_merkle_hash(t, kSpongeGadget, row, in, RescueDigest{}, Felt::zero());
    for (std::size_t q = 0; q < stark::kRescueWidth; ++q) sponge[q] = t[kSpongeGadget + mg::kOutput + q][row + 7];
  }
  RescueDigest digest = {sponge[0], sponge[1], sponge[2], sponge[3]};
  for (std::size_t level = 0; level < depth; ++level) {
    const std::size_t row = base + 8 * (kWidePathCycle + level);
    const bool right = ((key_index >> level) & 1U) != 0;
    const RescueDigest& sib = sig.key_path[level];
    const auto in = right ? stark::rescue_merge_input(sib, digest) : stark::rescue_merge_input(digest, sib);
    digest = fill_cycle(t, kSpongeGadget, row, in, digest, right ? Felt::one() : Felt::zero());
  }
  fill_cycle(t, gadget(0), base + kMessageRow, message_input(s.transfer, domain_tag), RescueDigest{}, Felt::zero());
}

// The registers, row by row as the constraints define them.
void fill_registers(Trace& t, std::size_t base, const std::vector<std::vector<Felt>>& per, const WotsStatement& s) {
  auto sel = [&](std::size_t col, std::size_t r) { return per[col - kFc][r]; };
  std::array<RescueDigest, kWideChainGadgets> ends{};
  stark::RescueState sponge = wots_sponge_start();
  std::array<Felt, kWidth> acc{};
  for (std::size_t r = 0; r < kWideBlockRows; ++r) {
    const std::size_t row = base + r;
    for (std::size_t g = 0; g < kWideChainGadgets; ++g) {
      for (std::size_t k = 0; k < 4; ++k) t[kEnds + 4 * g + k][row] = ends[g][k];
    }
    for (std::size_t j = 0; j < 12; ++j) t[kSponge + j][row] = sponge[j];
    t[kKeyIndex][row] = Felt(s.transfer.nonce - 1);
    for (const std::size_t col : kAccumulators) t[col][row] = acc[col];
    t[kPathIndex][row] = acc[kPathIndex];
    for (std::size_t g = 0; g < kWideChainGadgets; ++g) {
      const Felt w = t[kWalk + g][row];
      if (sel(kLe, r) == Felt::one()) {
        for (std::size_t k = 0; k < 4; ++k) {
          ends[g][k] = w * t[gadget(g) + mg::kOutput + k][row] + (Felt::one() - w) * t[gadget(g) + mg::kCarried + k][row];
        }
      }
      for (std::size_t a = 0; a < 6; ++a) {
        const std::size_t col = kAccumulators[a];
        acc[col] += sel(weight(g, static_cast<Weight>(a)), r) * (col == kChecksum ? w : Felt::one() - w);
      }
    }
    if (sel(kLs, r) == Felt::one()) {
      for (std::size_t j = 0; j < 12; ++j) sponge[j] = t[kSpongeGadget + mg::kOutput + j][row];
    }
    acc[kPathIndex] += sel(kGp, r) * t[kSpongeGadget + mg::kDirection][row];
  }
  for (std::size_t i = 0; i < 2; ++i) {
    const Felt hi = t[kHigh0 + i][base + kCheckRow] - Felt(kLowMask);
    const Felt z = hi == Felt::zero() ? Felt::zero() : hi.inverse();
    for (std::size_t r = 0; r < kWideBlockRows; ++r) t[kInverse0 + i][base + r] = z;
  }
}

}  // namespace

std::optional<WinternitzWideAir> WinternitzWideAir::create(WinternitzClaim claim) {
  if (claim.depth > kWideMaxDepth) return std::nullopt;
  if (!WinternitzAir::create(claim)) return std::nullopt;
  return WinternitzWideAir(std::move(claim));
}

std::size_t WinternitzWideAir::trace_length() const {
  return kWideBlockRows * std::bit_ceil(claim_.signatures.size());
}

std::vector<unsigned> WinternitzWideAir::transition_degrees() const {
  std::vector<unsigned> gadget_degrees = stark::merkle_gadget_degrees();
  gadget_degrees.resize(kGadgetKept);
  std::vector<unsigned> d;
  for (std::size_t s = 0; s < kGadgets; ++s) d.insert(d.end(), gadget_degrees.begin(), gadget_degrees.end());
  auto add = [&](std::size_t count, unsigned degree) { d.insert(d.end(), count, degree); };
  for (std::size_t s = 0; s < kWideChainGadgets; ++s) {
    add(12, 2);  // chain input, tweak, capacity
    add(4, 2);   // D held
    add(4, 3);   // chain walk
    add(4, 3);   // end into E_s
    add(4, 2);   // E_s held
    add(2, 2);   // W boolean, held
    add(1, 3);   // W monotone
  }
  add(12, 2);  // sponge input
  add(4, 3);   // path input
  add(4, 2);   // path capacity
  add(4, 2);   // D held
  add(4, 2);   // digest carry
  add(1, 2);   // direction bit
  add(24, 2);  // sponge state set, held
  add(1, 3);   // KI
  add(1, 2);   // K held
  add(6, 3);   // accumulators
  add(3, 2);   // digest, checksum
  add(2, 4);   // canonical
  assert(d.size() == kGadgetKept * kGadgets + kOwnConstraints);
  return d;
}

std::vector<Assertion> WinternitzWideAir::assertions() const {
  std::vector<Assertion> out;
  const stark::RescueState start = wots_sponge_start();
  const std::size_t root_row = wide_root_row(claim_.depth);
  for (std::size_t i = 0; i < claim_.signatures.size(); ++i) {
    const WotsStatement& s = claim_.signatures[i];
    const std::size_t base = i * kWideBlockRows;
    const Felt key_index(s.transfer.nonce - 1);
    out.push_back({kKeyIndex, base, key_index});
    for (std::size_t j = 0; j < 12; ++j) out.push_back({kSponge + j, base, start[j]});
    for (const std::size_t col : kAccumulators) out.push_back({col, base, Felt::zero()});
    out.push_back({kPathIndex, base, Felt::zero()});
    const stark::RescueState message = message_input(s.transfer, claim_.domain_tag);
    for (std::size_t j = 0; j < 12; ++j) out.push_back({gadget(0) + mg::kInput + j, base + kMessageRow, message[j]});
    out.push_back({kPathIndex, base + kWideBlockRows - 1, key_index});
    for (std::size_t k = 0; k < 4; ++k) out.push_back({kSpongeGadget + mg::kOutput + k, base + root_row, s.account_key[k]});
  }
  return out;
}

std::vector<std::vector<Felt>> WinternitzWideAir::periodic_columns() const {
  auto cols = stark::merkle_gadget_periodic_columns(kWideBlockCycles);
  auto own = own_periodic(claim_.depth);
  cols.insert(cols.end(), std::make_move_iterator(own.begin()), std::make_move_iterator(own.end()));
  return cols;
}

Bytes WinternitzWideAir::public_inputs() const {
  const auto serial = WinternitzAir::create(claim_);
  return serial->public_inputs();
}

void WinternitzWideAir::evaluate_transition(const Frame<Felt>& f, std::span<const Felt> periodic,
                                            std::span<Felt> out) const {
  evaluate_all(f, periodic, out);
}

void WinternitzWideAir::evaluate_transition(const Frame<Felt2>& f, std::span<const Felt2> periodic,
                                            std::span<Felt2> out) const {
  evaluate_all(f, periodic, out);
}

Trace build_winternitz_wide_trace(const WinternitzClaim& claim, std::span<const TransferSignature> signatures) {
  assert(signatures.size() == claim.signatures.size() && !signatures.empty());
  const std::size_t blocks = std::bit_ceil(claim.signatures.size());
  Trace t(kWidth, std::vector<Felt>(blocks * kWideBlockRows));
  const auto per = own_periodic(claim.depth);
  for (std::size_t i = 0; i < claim.signatures.size(); ++i) {
    assert(signatures[i].key_path.size() == claim.depth);
    const std::size_t base = i * kWideBlockRows;
    fill_block(t, base, claim.depth, claim.domain_tag, claim.signatures[i], signatures[i]);
    fill_registers(t, base, per, claim.signatures[i]);
  }
  for (std::size_t i = claim.signatures.size(); i < blocks; ++i) {
    for (auto& col : t) std::copy_n(col.begin(), kWideBlockRows, col.begin() + i * kWideBlockRows);
  }
  return t;
}

}  // namespace xway::zk
