#pragma once
/// The operator's view of the L2 state, natively: applying a batch's transfers the way the
/// statement does (each sender then receiver, the fee total credited to the operator at the end),
/// and admitting a signed transfer against the state with every transfer confirmed so far.
#include <cstdint>
#include <map>
#include <span>
#include <string_view>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "rollup/zk/admission.hpp"
#include "rollup/zk/batch_ops.hpp"
#include "rollup/zk/public_data.hpp"

namespace xway::zk {

/// One account the L1 contract assigned: its owner and the key it registered.
struct RegisteredAccount {
  Address owner;
  RescueDigest key{};
};

/// Applies one transfer: the sender pays amount + fee and its nonce moves to transfer.nonce, the
/// receiver gets amount (the fee is credited by credit_fees at the end of the batch).
void apply_transfer(AccountTree& tree, const ZkTransfer& t);
/// The fee credit that closes a batch: `fees` to kOperatorIndex.
void credit_fees(AccountTree& tree, std::uint64_t fees);
/// Applies a batch's transfers and its fee credit, as the statement does.
void apply_ops(AccountTree& tree, std::span<const BatchOp> ops);
/// Applies posted records (nonces implied: each sender's + 1) and the fee credit; what a
/// reconstructing node does with a batch's public data.
void apply_records(AccountTree& tree, std::span<const PublicTransfer> records);

/// Why the operator refused a transfer beyond admit_transfer's reasons.
enum class NodeRefusal {
  kUnknownSender,    ///< the sender is not an account L1 assigned with a key (or is the reserve)
  kUnknownReceiver,  ///< the receiver is not an assigned account (L1 would refuse the batch)
};
/// One line naming the refusal.
std::string_view describe(NodeRefusal r);

/// The operator's check of `t` against `working` (the state with every confirmed transfer):
/// the sender and receiver assigned on L1 (`accounts`, plus the reserve and the operator), then
/// admit_transfer. The signing key is the leaf's; while the statement keeps registered keys out
/// of the tree (docs/zk.md, "The priority queue, keys, deadlines") a zero leaf key means the key
/// L1 registered for the account. Returns the refusal's line; changes nothing.
Result<void> check_transfer(const AccountTree& working, const std::map<std::uint64_t, RegisteredAccount>& accounts,
                            const AdmissionRules& rules, const SignedTransfer& t);

}  // namespace xway::zk
