#pragma once
/// The ZK rollup's transfer statement (first slice of issue 6): "this batch of transfers, applied
/// in order, takes the account tree from root R_0 through R_1, ... to R_2n", where for each
/// transfer the sender's and the receiver's old leaves are in the tree, the sender pays
/// amount + fee out of a balance that stays in [0, 2^60), its nonce goes up by one, the receiver
/// is credited the amount, and the new leaves hash into the next roots. Authorization (the
/// in-AIR signature check) is not in this slice: docs/zk.md says what it will be.
///
/// Public: tree depth, per transfer its sender and receiver indices, amount and fee (what the
/// batch posts on L1, public_data.hpp), and the 2n+1 roots (before each transfer, after its
/// sender's update, after its receiver's update; R_2i+2 is the next one's start).
/// Private: accounts, keys, siblings.
///
/// After the n transfers comes the fee credit, a pair of slots of kind 1 (KIND = 1): the
/// operator's leaf gains the sum of the fees (sender slot, nonce unchanged), then a no-op
/// (receiver slot, amount 0); both at the public operator index. So value is conserved inside
/// the tree: what senders pay is what receivers and the operator get.
///
/// Trace (65 columns). A transfer takes two slots of S = 8·max(bit_ceil(depth+1), 8) rows, the
/// sender's then the receiver's. In each slot two Merkle gadgets run side by side: O (columns
/// 0..28) hashes the old leaf up to the old root, N (29..57) the new leaf up to the new root.
/// Hash 0 of a slot is the leaf hash: D = the key, the free half = (balance, nonce, 0, 0), b = 0;
/// hashes 1..depth are the tree levels. Then AMT (58), FEE (59), a range check VAL, ACC,
/// BIT (60..62): VAL is the slot's new balance, carried through the slot, and BIT its 60 bits,
/// most significant first, accumulated in ACC over rows 0..59; and IDX (63), the slot's leaf
/// index accumulated from O's direction bits (W = 2^(h-1) on the row before hash h's first row,
/// h = 1..depth, else 0), so the index the path opens is the public one; KIND (64), 0 for a
/// transfer and 1 for the fee credit, constant over a pair of slots.
///
/// Constraints beyond the two gadgets' (27; P = a pair's last row; G = slot's first row, Sd = sender slot's first
/// row, Rc = G - Sd, f = a hash's first row, e = a slot's last row, H = rows 0..58, K = row 59;
/// s = the sibling half, V_{4+k} + b·(V_k - V_{4+k})):
///   same siblings     (f - G)·(s_O,k - s_N,k) = 0       k < 4   degree 3
///   same directions   f·(b_O - b_N) = 0                          degree 2
///   leaf on the left  G·b_O = 0                                  degree 2
///   same key          G·(D_O,k - D_N,k) = 0             k < 4   degree 2
///   leaf padding      G·V_O,6 = G·V_O,7 = G·V_N,6 = G·V_N,7 = 0  degree 2
///   sender pays       Sd·(V_N,4 - V_O,4 + AMT + FEE·(1 - 2·KIND)) = 0   degree 3
///                     (kind 1: the operator is credited FEE, the fee total)
///   sender nonce      Sd·(V_N,5 - V_O,5 - 1 + KIND) = 0          degree 2
///   receiver credit   Rc·(V_N,4 - V_O,4 - AMT) = 0               degree 2
///   receiver nonce    Rc·(V_N,5 - V_O,5) = 0                     degree 2
///   range value       G·(VAL - V_N,4) = 0,  (1 - e)·(VAL' - VAL) = 0
///   range bits        G·(ACC - BIT) = 0,  H·(ACC' - 2·ACC - BIT') = 0,  BIT·(BIT - 1) = 0,
///                     K·(ACC - VAL) = 0                           degree 2
///   index             (1 - e)·(IDX' - IDX - W·b_O') = 0           degree 3
///                     G·IDX = 0                                   degree 2
///   kind              (1 - P)·(KIND' - KIND) = 0                  degree 2
/// Assertions per transfer: O's root = R_2i and N's root = R_2i+1 in the sender slot, O's root =
/// R_2i+1 and N's root = R_2i+2 in the receiver slot, AMT and FEE on the sender slot's first row,
/// AMT on the receiver slot's first row, IDX = from and IDX = to on each slot's root row,
/// KIND = 0 (22); for the fee credit its roots, AMT = 0 on both slots, FEE = the fee total,
/// IDX = the operator index on both, KIND = 1. The fee total must stay below 2^60. Amounts and fees are public and below 2^60, old balances
/// below 2^60 by induction, so the field equations are the integer ones: an overspend leaves a
/// new balance of p - k (k < 2^61), which has no 60-bit decomposition. Batches pad to a power of
/// two (n + 1 pairs) with unasserted transfers on zero accounts.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "rollup/zk/account_tree.hpp"
#include "stark/air/air.hpp"
#include "stark/examples/merkle_path/rescue_merkle_gadget.hpp"

namespace xway::zk {

using stark::Assertion;

using stark::Felt2;
using stark::Frame;
using stark::Trace;

/// The trace's columns.
namespace transfer_cols {
inline constexpr std::size_t kOld = 0;                                      ///< the old-leaf gadget
inline constexpr std::size_t kNew = stark::merkle_gadget::kWidth;           ///< the new-leaf gadget
inline constexpr std::size_t kAmount = 2 * stark::merkle_gadget::kWidth;    ///< AMT
inline constexpr std::size_t kFee = kAmount + 1;                            ///< FEE
inline constexpr std::size_t kValue = kAmount + 2;                          ///< VAL
inline constexpr std::size_t kAcc = kAmount + 3;                            ///< ACC
inline constexpr std::size_t kBit = kAmount + 4;                            ///< BIT
inline constexpr std::size_t kIndex = kAmount + 5;                          ///< IDX
inline constexpr std::size_t kKind = kAmount + 6;                           ///< KIND
inline constexpr std::size_t kWidth = kAmount + 7;                          ///< 65 columns
inline constexpr std::size_t kOwnConstraints = 27;  ///< constraints beyond the two gadgets'
}  // namespace transfer_cols

/// Largest batch the statement takes: with the fee credit, 1,024 pairs of slots (2^19 rows at
/// depth 24 or 31).
inline constexpr std::size_t kMaxTransfers = 1023;

/// One transfer as the sequencer orders it.
struct ZkTransfer {
  std::uint64_t from = 0;    ///< sender's index in the tree
  std::uint64_t to = 0;      ///< receiver's index
  std::uint64_t amount = 0;  ///< below 2^60
  std::uint64_t fee = 0;     ///< below 2^60
  std::uint64_t nonce = 0;   ///< the sender's nonce after this transfer (its current one + 1)
};

/// The public part of a batch.
struct TransferClaim {
  std::size_t depth = 0;              ///< tree depth
  std::vector<std::uint64_t> from;     ///< per transfer, the sender's index
  std::vector<std::uint64_t> to;       ///< per transfer, the receiver's index
  std::vector<std::uint64_t> amounts;  ///< per transfer
  std::vector<std::uint64_t> fees;     ///< per transfer
  std::uint64_t operator_index = 0;    ///< the account the fees are credited to
  std::vector<RescueDigest> roots;     ///< 2·transfers + 3 roots: R_0 before, R_2n after the
                                       ///< transfers, R_2n+2 after the fee credit (the new root)
};

/// The transfer statement.
class TransferAir final : public stark::Air {
 public:
  /// The statement of `claim`; empty when the depth is outside 1..63, the batch is empty or over
  /// kMaxTransfers, the lists disagree in length, an index is outside the tree, or an amount, a
  /// fee or the fee total is 2^60 or more.
  static std::optional<TransferAir> create(TransferClaim claim);

  /// Rows one slot takes at `depth`.
  static std::size_t slot_rows(std::size_t depth);

  std::string_view name() const override { return "zk-transfer"; }
  std::size_t trace_width() const override { return transfer_cols::kWidth; }
  std::size_t trace_length() const override;
  std::vector<unsigned> transition_degrees() const override;
  std::vector<Assertion> assertions() const override;
  std::vector<std::vector<Felt>> periodic_columns() const override;
  Bytes public_inputs() const override;
  void evaluate_transition(const Frame<Felt>& f, std::span<const Felt> periodic, std::span<Felt> out) const override;
  void evaluate_transition(const Frame<Felt2>& f, std::span<const Felt2> periodic,
                           std::span<Felt2> out) const override;

  /// The public claim.
  const TransferClaim& claim() const { return claim_; }

 private:
  explicit TransferAir(TransferClaim claim) : claim_(std::move(claim)) {}
  TransferClaim claim_;
};

/// A batch made ready for the prover: its claim and its trace.
struct TransferBatch {
  TransferClaim claim;  ///< the public part
  Trace trace;          ///< the execution trace
};

/// Applies `transfers` to `tree` in order and writes the trace and the claim. It does not judge
/// the transfers (the AIR does): an overspend or a wrong nonce yields a trace the prover refuses.
/// Then credits the fee total to `operator_index` (the fee credit pair). Requires
/// 1..kMaxTransfers transfers with indices inside the tree.
TransferBatch build_transfer_batch(AccountTree& tree, std::span<const ZkTransfer> transfers,
                                   std::uint64_t operator_index);

/// The sum of `fees`, or nothing when a fee or the sum reaches 2^60.
std::optional<std::uint64_t> fee_total(std::span<const std::uint64_t> fees);

}  // namespace xway::zk
