#include "rollup/zk/node_state.hpp"

#include "rollup/zk/l1_batch.hpp"

namespace xway::zk {

void apply_transfer(AccountTree& tree, const ZkTransfer& t) {
  ZkAccount sender = tree.account(t.from);
  sender.balance -= t.amount + t.fee;
  sender.nonce = t.nonce;
  tree.set(t.from, sender);
  ZkAccount receiver = tree.account(t.to);  // after the sender's update: a self-transfer works
  receiver.balance += t.amount;
  tree.set(t.to, receiver);
}

void credit_fees(AccountTree& tree, std::uint64_t fees) {
  ZkAccount op = tree.account(kOperatorIndex);
  op.balance += fees;
  tree.set(kOperatorIndex, op);
}

void apply_ops(AccountTree& tree, std::span<const BatchOp> ops) {
  std::uint64_t fees = 0;
  for (const BatchOp& op : ops) {
    if (const auto* t = std::get_if<SignedTransfer>(&op)) {
      apply_transfer(tree, t->transfer);
      fees += t->transfer.fee;
    }
  }
  credit_fees(tree, fees);
}

void apply_records(AccountTree& tree, std::span<const PublicTransfer> records) {
  std::uint64_t fees = 0;
  for (const PublicTransfer& r : records) {
    const std::uint64_t nonce = tree.account(r.from).nonce + 1;
    apply_transfer(tree, ZkTransfer{r.from, r.to, r.amount, r.fee, nonce});
    fees += r.fee;
  }
  credit_fees(tree, fees);
}

std::string_view describe(NodeRefusal r) {
  switch (r) {
    case NodeRefusal::kUnknownSender: return "transfer: the sender is not an account with a registered key";
    case NodeRefusal::kUnknownReceiver: return "transfer: the receiver is not an account L1 assigned";
  }
  return "transfer: refused";
}

Result<void> check_transfer(const AccountTree& working, const std::map<std::uint64_t, RegisteredAccount>& accounts,
                            const AdmissionRules& rules, const SignedTransfer& st) {
  const ZkTransfer& t = st.transfer;
  const auto sender = accounts.find(t.from);
  if (sender == accounts.end()) return fail("{}", describe(NodeRefusal::kUnknownSender));
  if (t.to != kReserveIndex && t.to != kOperatorIndex && !accounts.contains(t.to)) {
    return fail("{}", describe(NodeRefusal::kUnknownReceiver));
  }
  auto ok = admit_transfer(working, rules, t, st.signature);
  if (ok) return {};
  // admit_transfer checks the signature last: kBadSignature means every other check passed.
  if (ok.error() == AdmissionError::kBadSignature && working.account(t.from).key == RescueDigest{} &&
      verify_transfer_signature(sender->second.key, rules.key_depth, t, rules.domain_tag, st.signature)) {
    return {};
  }
  return fail("{}", describe(ok.error()));
}

}  // namespace xway::zk
