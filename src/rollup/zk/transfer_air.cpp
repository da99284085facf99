#include "rollup/zk/transfer_air.hpp"

#include <algorithm>
#include <bit>
#include <cassert>

#include "stark/crypto/encoding.hpp"

namespace xway::zk {
namespace {

using namespace transfer_cols;
namespace mg = stark::merkle_gadget;

// Periodic columns after the gadget's 51 (both gadgets read the same ones).
constexpr std::size_t kGadgetFirst = 48;  // f, within the gadget's
constexpr std::size_t kGadgetSlotEnd = 50;  // e, within the gadget's
constexpr std::size_t kSlotFirst = mg::kPeriodicColumns;  // G
constexpr std::size_t kSenderFirst = kSlotFirst + 1;      // Sd
constexpr std::size_t kAccStep = kSlotFirst + 2;          // H
constexpr std::size_t kAccEnd = kSlotFirst + 3;           // K
constexpr std::size_t kIndexWeight = kSlotFirst + 4;      // W
constexpr std::size_t kPairEnd = kSlotFirst + 5;          // P, the receiver slot's last row

std::size_t slot_hashes(std::size_t depth) { return std::max<std::size_t>(std::bit_ceil(depth + 1), 8); }

template <class E>
void evaluate_own(const Frame<E>& fr, std::span<const E> per, E* o) {
  const E* c = fr.current.data();
  const E* n = fr.next.data();
  const E one = E(Felt::one());
  const E f = per[kGadgetFirst];
  const E e = per[kGadgetSlotEnd];
  const E g = per[kSlotFirst];
  const E sd = per[kSenderFirst];
  const E rc = g - sd;
  const E* vo = c + kOld + mg::kInput;
  const E* vn = c + kNew + mg::kInput;
  const E bo = c[kOld + mg::kDirection];
  const E bn = c[kNew + mg::kDirection];
  for (std::size_t k = 0; k < 4; ++k) {
    const E so = vo[4 + k] + bo * (vo[k] - vo[4 + k]);
    const E sn = vn[4 + k] + bn * (vn[k] - vn[4 + k]);
    *o++ = (f - g) * (so - sn);
  }
  *o++ = f * (bo - bn);
  *o++ = g * bo;
  for (std::size_t k = 0; k < 4; ++k) *o++ = g * (c[kOld + mg::kCarried + k] - c[kNew + mg::kCarried + k]);
  *o++ = g * vo[6];
  *o++ = g * vo[7];
  *o++ = g * vn[6];
  *o++ = g * vn[7];
  const E kind = c[kKind];
  *o++ = sd * (vn[4] - vo[4] + c[kAmount] + c[kFee] * (one - kind - kind));
  *o++ = sd * (vn[5] - vo[5] - one + kind);
  *o++ = rc * (vn[4] - vo[4] - c[kAmount]);
  *o++ = rc * (vn[5] - vo[5]);
  *o++ = g * (c[kValue] - vn[4]);
  *o++ = (one - e) * (n[kValue] - c[kValue]);
  *o++ = g * (c[kAcc] - c[kBit]);
  *o++ = per[kAccStep] * (n[kAcc] - c[kAcc] - c[kAcc] - n[kBit]);
  *o++ = c[kBit] * (c[kBit] - one);
  *o++ = per[kAccEnd] * (c[kAcc] - c[kValue]);
  *o++ = (one - e) * (n[kIndex] - c[kIndex] - per[kIndexWeight] * n[kOld + mg::kDirection]);
  *o++ = g * c[kIndex];
  *o++ = (one - per[kPairEnd]) * (n[kKind] - kind);
}

template <class E>
void evaluate_all(const Frame<E>& fr, std::span<const E> per, std::span<E> out) {
  const auto gadget_per = per.subspan(0, mg::kPeriodicColumns);
  stark::evaluate_merkle_gadget(fr, kOld, gadget_per, out.subspan(0, mg::kConstraints));
  stark::evaluate_merkle_gadget(fr, kNew, gadget_per, out.subspan(mg::kConstraints, mg::kConstraints));
  evaluate_own(fr, per, out.data() + 2 * mg::kConstraints);
}

void push_root(std::vector<Assertion>& out, std::size_t column, std::size_t row, const RescueDigest& root) {
  for (std::size_t k = 0; k < 4; ++k) out.push_back({column + mg::kOutput + k, row, root[k]});
}

// One slot: the old and new leaf of one account up to the old and new root, and the new
// balance's range check.
void fill_slot(Trace& t, std::size_t row, std::size_t hashes, const ZkAccount& before, const ZkAccount& after,
               const std::vector<RescueDigest>& siblings, std::uint64_t index) {
  const std::size_t depth = siblings.size();
  std::vector<RescueDigest> path_old{account_fields(before)};
  std::vector<RescueDigest> path_new{account_fields(after)};
  path_old.insert(path_old.end(), siblings.begin(), siblings.end());
  path_new.insert(path_new.end(), siblings.begin(), siblings.end());
  stark::fill_merkle_path(t, kOld, row, hashes, before.key, path_old, index << 1);
  stark::fill_merkle_path(t, kNew, row, hashes, after.key, path_new, index << 1);
  // The field value of the new balance (an overspend wraps): its low 60 bits, most significant
  // first; ACC then differs from VAL on row 59 when the value does not fit.
  const std::uint64_t v = Felt(after.balance).value();
  const std::size_t rows = hashes * stark::kMerkleRowsPerHash;
  for (std::size_t r = 0; r < rows; ++r) {
    const unsigned shift = r < kBalanceBits ? kBalanceBits - 1 - static_cast<unsigned>(r) : 0;
    const std::uint64_t low = v & ((std::uint64_t{1} << kBalanceBits) - 1);
    t[kValue][row + r] = Felt(v);
    t[kBit][row + r] = r < kBalanceBits ? Felt((low >> shift) & 1U) : Felt::zero();
    t[kAcc][row + r] = Felt(low >> shift);
    // Hash h (rows 8h..8h+7) has added the direction bits of levels 1..min(h, depth).
    const std::size_t levels = std::min(r / stark::kMerkleRowsPerHash, depth);
    t[kIndex][row + r] = Felt(levels >= 64 ? index : index & ((std::uint64_t{1} << levels) - 1));
  }
}

}  // namespace

std::optional<TransferAir> TransferAir::create(TransferClaim claim) {
  const std::size_t n = claim.amounts.size();
  if (claim.depth < 1 || claim.depth > 63 || n < 1 || n > kMaxTransfers) return std::nullopt;
  if ((claim.operator_index >> claim.depth) != 0) return std::nullopt;
  if (claim.fees.size() != n || claim.from.size() != n || claim.to.size() != n || claim.roots.size() != 2 * n + 3) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if ((claim.amounts[i] >> kBalanceBits) != 0 || (claim.fees[i] >> kBalanceBits) != 0) return std::nullopt;
    if ((claim.from[i] >> claim.depth) != 0 || (claim.to[i] >> claim.depth) != 0) return std::nullopt;
  }
  if (!fee_total(claim.fees)) return std::nullopt;
  return TransferAir(std::move(claim));
}

std::size_t TransferAir::slot_rows(std::size_t depth) { return stark::kMerkleRowsPerHash * slot_hashes(depth); }

std::size_t TransferAir::trace_length() const {
  return 2 * slot_rows(claim_.depth) * std::bit_ceil(claim_.amounts.size() + 1);
}

std::vector<unsigned> TransferAir::transition_degrees() const {
  std::vector<unsigned> d = stark::merkle_gadget_degrees();
  const auto g = stark::merkle_gadget_degrees();
  d.insert(d.end(), g.begin(), g.end());
  d.insert(d.end(), 4, 3);   // same siblings
  d.insert(d.end(), 10, 2);  // directions, leaf on the left, key, padding
  d.push_back(3);            // sender pays (or the operator is credited)
  d.insert(d.end(), 9, 2);   // nonces, receiver credit, range check
  d.push_back(3);            // index accumulation
  d.push_back(2);            // index starts at zero
  d.push_back(2);            // kind constant over a pair
  return d;
}

std::vector<std::vector<Felt>> TransferAir::periodic_columns() const {
  const std::size_t hashes = slot_hashes(claim_.depth);
  const std::size_t rows = slot_rows(claim_.depth);
  auto cols = stark::merkle_gadget_periodic_columns(hashes);
  std::vector<Felt> g(rows), sd(2 * rows), h(rows), k(rows), w(rows), pair_end(2 * rows);
  pair_end.back() = Felt::one();
  for (std::size_t level = 1; level <= claim_.depth; ++level) {
    w[stark::kMerkleRowsPerHash * level - 1] = Felt(std::uint64_t{1} << (level - 1));
  }
  g[0] = Felt::one();
  sd[0] = Felt::one();
  for (std::size_t r = 0; r + 1 < kBalanceBits; ++r) h[r] = Felt::one();
  k[kBalanceBits - 1] = Felt::one();
  cols.push_back(std::move(g));
  cols.push_back(std::move(sd));
  cols.push_back(std::move(h));
  cols.push_back(std::move(k));
  cols.push_back(std::move(w));
  cols.push_back(std::move(pair_end));
  return cols;
}

std::vector<Assertion> TransferAir::assertions() const {
  std::vector<Assertion> out;
  const std::size_t rows = slot_rows(claim_.depth);
  const std::size_t root_offset = stark::kMerkleRowsPerHash * (claim_.depth + 1) - 1;
  for (std::size_t i = 0; i < claim_.amounts.size(); ++i) {
    const std::size_t s = 2 * i * rows;
    const std::size_t r = s + rows;
    push_root(out, kOld, s + root_offset, claim_.roots[2 * i]);
    push_root(out, kNew, s + root_offset, claim_.roots[2 * i + 1]);
    push_root(out, kOld, r + root_offset, claim_.roots[2 * i + 1]);
    push_root(out, kNew, r + root_offset, claim_.roots[2 * i + 2]);
    out.push_back({kAmount, s, Felt(claim_.amounts[i])});
    out.push_back({kFee, s, Felt(claim_.fees[i])});
    out.push_back({kAmount, r, Felt(claim_.amounts[i])});
    out.push_back({kIndex, s + root_offset, Felt(claim_.from[i])});
    out.push_back({kIndex, r + root_offset, Felt(claim_.to[i])});
    out.push_back({kKind, s, Felt::zero()});
  }
  // The fee credit: the operator's leaf gains the fee total (sender slot, kind 1), then a no-op
  // (receiver slot, amount 0), both at the operator's index.
  const std::size_t n = claim_.amounts.size();
  const std::size_t s = 2 * n * rows;
  const std::size_t r = s + rows;
  push_root(out, kOld, s + root_offset, claim_.roots[2 * n]);
  push_root(out, kNew, s + root_offset, claim_.roots[2 * n + 1]);
  push_root(out, kOld, r + root_offset, claim_.roots[2 * n + 1]);
  push_root(out, kNew, r + root_offset, claim_.roots[2 * n + 2]);
  out.push_back({kAmount, s, Felt::zero()});
  out.push_back({kFee, s, Felt(*fee_total(claim_.fees))});
  out.push_back({kAmount, r, Felt::zero()});
  out.push_back({kIndex, s + root_offset, Felt(claim_.operator_index)});
  out.push_back({kIndex, r + root_offset, Felt(claim_.operator_index)});
  out.push_back({kKind, s, Felt::one()});
  return out;
}

Bytes TransferAir::public_inputs() const {
  Bytes out;
  stark::put_u64(out, claim_.depth);
  stark::put_u64(out, claim_.amounts.size());
  stark::put_u64(out, claim_.operator_index);
  for (std::size_t i = 0; i < claim_.amounts.size(); ++i) {
    stark::put_u64(out, claim_.from[i]);
    stark::put_u64(out, claim_.to[i]);
    stark::put_u64(out, claim_.amounts[i]);
    stark::put_u64(out, claim_.fees[i]);
  }
  for (const RescueDigest& r : claim_.roots) stark::put_felts(out, std::span<const Felt>(r));
  return out;
}

void TransferAir::evaluate_transition(const Frame<Felt>& f, std::span<const Felt> periodic,
                                      std::span<Felt> out) const {
  evaluate_all(f, periodic, out);
}

void TransferAir::evaluate_transition(const Frame<Felt2>& f, std::span<const Felt2> periodic,
                                      std::span<Felt2> out) const {
  evaluate_all(f, periodic, out);
}

std::optional<std::uint64_t> fee_total(std::span<const std::uint64_t> fees) {
  std::uint64_t total = 0;
  for (const std::uint64_t f : fees) {
    total += f;  // each fee is below 2^60 when this is called from create(), so no wrap before the check
    if ((f >> kBalanceBits) != 0 || (total >> kBalanceBits) != 0) return std::nullopt;
  }
  return total;
}

TransferBatch build_transfer_batch(AccountTree& tree, std::span<const ZkTransfer> transfers,
                                   std::uint64_t operator_index) {
  assert(!transfers.empty() && transfers.size() <= kMaxTransfers);
  TransferBatch batch;
  batch.claim.depth = tree.depth();
  batch.claim.operator_index = operator_index;
  batch.claim.roots.push_back(tree.root());
  const std::size_t hashes = slot_hashes(tree.depth());
  const std::size_t rows = TransferAir::slot_rows(tree.depth());
  const std::size_t total = 2 * rows * std::bit_ceil(transfers.size() + 1);
  batch.trace.assign(kWidth, std::vector<Felt>(total));
  for (std::size_t i = 0; i < transfers.size(); ++i) {
    const ZkTransfer& tx = transfers[i];
    const std::size_t s = 2 * i * rows;
    const ZkAccount sender = tree.account(tx.from);
    ZkAccount paid = sender;
    paid.balance = (Felt(sender.balance) - Felt(tx.amount) - Felt(tx.fee)).value();
    paid.nonce = tx.nonce;
    fill_slot(batch.trace, s, hashes, sender, paid, tree.siblings(tx.from), tx.from);
    tree.set(tx.from, paid);
    batch.claim.roots.push_back(tree.root());
    const ZkAccount receiver = tree.account(tx.to);
    ZkAccount credited = receiver;
    credited.balance = (Felt(receiver.balance) + Felt(tx.amount)).value();
    fill_slot(batch.trace, s + rows, hashes, receiver, credited, tree.siblings(tx.to), tx.to);
    tree.set(tx.to, credited);
    batch.claim.roots.push_back(tree.root());
    for (std::size_t r = 0; r < 2 * rows; ++r) {
      batch.trace[kAmount][s + r] = Felt(tx.amount);
      batch.trace[kFee][s + r] = Felt(tx.fee);
    }
    batch.claim.from.push_back(tx.from);
    batch.claim.to.push_back(tx.to);
    batch.claim.amounts.push_back(tx.amount);
    batch.claim.fees.push_back(tx.fee);
  }
  // The fee credit (kind 1): the operator gains the fees' sum, then a no-op slot.
  Felt fees = Felt::zero();
  for (const ZkTransfer& tx : transfers) fees += Felt(tx.fee);
  const std::size_t c = 2 * transfers.size() * rows;
  const ZkAccount op = tree.account(operator_index);
  ZkAccount op_paid = op;
  op_paid.balance = (Felt(op.balance) + fees).value();
  fill_slot(batch.trace, c, hashes, op, op_paid, tree.siblings(operator_index), operator_index);
  tree.set(operator_index, op_paid);
  batch.claim.roots.push_back(tree.root());
  fill_slot(batch.trace, c + rows, hashes, op_paid, op_paid, tree.siblings(operator_index), operator_index);
  batch.claim.roots.push_back(tree.root());
  for (std::size_t r = 0; r < 2 * rows; ++r) {
    batch.trace[kFee][c + r] = fees;
    batch.trace[kKind][c + r] = Felt::one();
  }
  // Padding transfers: zero accounts, zero siblings, nonce 0 -> 1, nothing asserted.
  const std::vector<RescueDigest> zero_siblings(tree.depth());
  for (std::size_t i = transfers.size() + 1; 2 * i * rows < total; ++i) {
    const std::size_t s = 2 * i * rows;
    fill_slot(batch.trace, s, hashes, ZkAccount{}, ZkAccount{{}, 0, 1}, zero_siblings, 0);
    fill_slot(batch.trace, s + rows, hashes, ZkAccount{}, ZkAccount{}, zero_siblings, 0);
  }
  return batch;
}

}  // namespace xway::zk
