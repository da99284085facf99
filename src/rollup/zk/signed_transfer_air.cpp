#include "rollup/zk/signed_transfer_air.hpp"

#include <bit>
#include <cassert>

#include "stark/crypto/encoding.hpp"

namespace xway::zk {
namespace {

using namespace signed_cols;
namespace mg = stark::merkle_gadget;

constexpr std::size_t kPairRows = kWideBlockRows;  // 512: two slots of 256 rows
// Our periodic columns, after the transfer AIR's and the signature block's.
enum Own : std::size_t { kB0, kFm, kZe, kRr, kEb, kOwnPeriodic };

std::vector<std::vector<Felt>> own_periodic(std::size_t key_depth) {
  std::vector<std::vector<Felt>> p(kOwnPeriodic, std::vector<Felt>(kPairRows));
  p[kB0][0] = Felt::one();
  p[kFm][kWideMessageRow] = Felt::one();
  p[kZe][kWideCheckRow] = Felt::one();
  p[kRr][wide_root_row(key_depth) - 1] = Felt::one();
  p[kEb][kPairRows - 1] = Felt::one();
  return p;
}

bool must_sign(const SignedTransferClaim& c, std::size_t i) { return c.batch.from[i] != c.unsigned_sender; }

}  // namespace

std::optional<SignedTransferAir> SignedTransferAir::create(SignedTransferClaim claim) {
  if (claim.key_depth < 1 || claim.key_depth > kWideMaxDepth || claim.domain_tag >= Felt::kModulus) return std::nullopt;
  if (2 * TransferAir::slot_rows(claim.batch.depth) != kPairRows) return std::nullopt;
  auto base = TransferAir::create(claim.batch);
  if (!base) return std::nullopt;
  // The signature block's constraints and periodic columns depend on the key depth only.
  WinternitzClaim shape{claim.key_depth, claim.domain_tag, {{ZkTransfer{0, 0, 0, 0, 1}, {}}}};
  auto wots = WinternitzWideAir::create(std::move(shape));
  if (!wots) return std::nullopt;
  return SignedTransferAir(std::move(claim), std::move(*base), std::move(*wots));
}

std::vector<unsigned> SignedTransferAir::transition_degrees() const {
  std::vector<unsigned> d = base_.transition_degrees();
  const auto w = wots_.transition_degrees();
  d.insert(d.end(), w.begin(), w.end());
  d.insert(d.end(), 1 + 4, 2);  // SIG, KEY held
  d.insert(d.end(), kLinkConstraints - 5, 3);
  return d;
}

std::vector<std::vector<Felt>> SignedTransferAir::periodic_columns() const {
  auto cols = base_.periodic_columns();
  auto w = wots_.periodic_columns();
  auto own = own_periodic(claim_.key_depth);
  cols.insert(cols.end(), std::make_move_iterator(w.begin()), std::make_move_iterator(w.end()));
  cols.insert(cols.end(), std::make_move_iterator(own.begin()), std::make_move_iterator(own.end()));
  return cols;
}

template <class E>
void SignedTransferAir::evaluate(const Frame<E>& f, std::span<const E> per, std::span<E> out) const {
  const std::size_t base_constraints = 2 * mg::kConstraints + transfer_cols::kOwnConstraints;
  const std::size_t base_periodic = mg::kPeriodicColumns + 6;
  const std::size_t wots_constraints = out.size() - base_constraints - kLinkConstraints;
  const std::size_t wots_periodic = per.size() - base_periodic - kOwnPeriodic;
  base_.evaluate_transition(f, per.subspan(0, base_periodic), out.subspan(0, base_constraints));
  const Frame<E> shifted{f.current.subspan(kWots), f.next.subspan(kWots)};
  wots_.evaluate_transition(shifted, per.subspan(base_periodic, wots_periodic),
                            out.subspan(base_constraints, wots_constraints));
  const E* c = f.current.data();
  const E* n = f.next.data();
  const E* own = per.data() + base_periodic + wots_periodic;
  const E one = E(Felt::one());
  const E sig = c[kSigned];
  const E not_end = one - own[kEb];
  E* o = out.data() + base_constraints + wots_constraints;
  *o++ = not_end * (n[kSigned] - sig);
  for (std::size_t k = 0; k < 4; ++k) *o++ = not_end * (n[kKey + k] - c[kKey + k]);
  const E b0 = own[kB0] * sig;
  for (std::size_t k = 0; k < 4; ++k) *o++ = b0 * (c[kKey + k] - c[transfer_cols::kOld + mg::kCarried + k]);
  const E key_index = c[kWots + wide_cols::kKeyIndex];
  *o++ = b0 * (key_index - c[transfer_cols::kOld + mg::kInput + 5]);
  *o++ = own[kFm] * sig * (c[kWots + mg::kInput + 4] - key_index - one);
  *o++ = own[kZe] * sig * (c[kWots + wide_cols::kPathIndex] - key_index);
  const E rr = own[kRr] * sig;
  for (std::size_t k = 0; k < 4; ++k) *o++ = rr * (n[kWots + wide_cols::kSpongeGadget + mg::kOutput + k] - c[kKey + k]);
  assert(o == out.data() + out.size());
}

void SignedTransferAir::evaluate_transition(const Frame<Felt>& f, std::span<const Felt> periodic,
                                            std::span<Felt> out) const {
  evaluate(f, periodic, out);
}

void SignedTransferAir::evaluate_transition(const Frame<Felt2>& f, std::span<const Felt2> periodic,
                                            std::span<Felt2> out) const {
  evaluate(f, periodic, out);
}

std::vector<Assertion> SignedTransferAir::assertions() const {
  std::vector<Assertion> out = base_.assertions();
  const stark::RescueState start = wots_sponge_start();
  const auto& b = claim_.batch;
  const std::size_t n = b.amounts.size();
  for (std::size_t i = 0; i <= n; ++i) {  // the transfers, then the fee credit (never signed)
    const std::size_t base = i * kPairRows;
    const bool sign = i < n && must_sign(claim_, i);
    out.push_back({kSigned, base, sign ? Felt::one() : Felt::zero()});
    if (!sign) continue;
    for (std::size_t j = 0; j < 12; ++j) out.push_back({kWots + wide_cols::kSponge + j, base, start[j]});
    for (const std::size_t col : {wide_cols::kDigits0, wide_cols::kDigits1, wide_cols::kHigh0, wide_cols::kHigh1,
                                  wide_cols::kChecksum, wide_cols::kCheckDigits, wide_cols::kPathIndex}) {
      out.push_back({kWots + col, base, Felt::zero()});
    }
    const std::array<Felt, 12> message = {Felt(b.from[i]), Felt(b.to[i]), Felt(b.amounts[i]), Felt(b.fees[i]),
                                          Felt::zero() /* linked */, Felt(claim_.domain_tag), Felt::one()};
    for (std::size_t j = 0; j < 12; ++j) {
      if (j != 4) out.push_back({kWots + mg::kInput + j, base + kWideMessageRow, message[j]});
    }
  }
  return out;
}

Bytes SignedTransferAir::public_inputs() const {
  Bytes out = base_.public_inputs();
  stark::put_u64(out, claim_.key_depth);
  stark::put_u64(out, claim_.domain_tag);
  stark::put_u64(out, claim_.unsigned_sender);
  return out;
}

SignedTransferBatch build_signed_transfer_batch(AccountTree& tree, std::span<const SignedTransfer> transfers,
                                                std::uint64_t operator_index, std::size_t key_depth,
                                                std::uint64_t domain_tag, std::uint64_t unsigned_sender) {
  std::vector<ZkTransfer> plain;
  for (const SignedTransfer& t : transfers) plain.push_back(t.transfer);
  TransferBatch base = build_transfer_batch(tree, plain, operator_index);
  const std::size_t pairs = base.trace.front().size() / kPairRows;
  assert(pairs * kPairRows == base.trace.front().size());
  WinternitzClaim blocks{key_depth, domain_tag, {}};
  std::vector<TransferSignature> sigs;
  TransferSignature blank;
  blank.key_path.assign(key_depth, RescueDigest{});
  for (std::size_t p = 0; p < pairs; ++p) {
    const bool sign = p < transfers.size() && transfers[p].transfer.from != unsigned_sender;
    blocks.signatures.push_back({sign ? transfers[p].transfer : ZkTransfer{0, 0, 0, 0, 1}, {}});
    sigs.push_back(sign ? transfers[p].signature : blank);
  }
  Trace wots = build_winternitz_wide_trace(blocks, sigs);
  base.trace.insert(base.trace.end(), std::make_move_iterator(wots.begin()), std::make_move_iterator(wots.end()));
  base.trace.resize(kWidth, std::vector<Felt>(pairs * kPairRows));
  for (std::size_t p = 0; p < pairs; ++p) {
    const bool sign = p < transfers.size() && transfers[p].transfer.from != unsigned_sender;
    const std::size_t row = p * kPairRows;
    for (std::size_t r = 0; r < kPairRows; ++r) {
      for (std::size_t k = 0; k < 4; ++k) base.trace[kKey + k][row + r] = base.trace[transfer_cols::kOld + mg::kCarried + k][row];
      base.trace[kSigned][row + r] = sign ? Felt::one() : Felt::zero();
    }
  }
  return {SignedTransferClaim{std::move(base.claim), key_depth, domain_tag, unsigned_sender}, std::move(base.trace)};
}

}  // namespace xway::zk
