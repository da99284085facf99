#include "rollup/zk/admission.hpp"

#include "rollup/zk/public_data.hpp"

namespace xway::zk {

std::string_view describe(AdmissionError e) {
  switch (e) {
    case AdmissionError::kIndexOutOfRange: return "transfer: sender or receiver index outside the account tree";
    case AdmissionError::kNotPackable: return "transfer: amount or fee has no public-data encoding";
    case AdmissionError::kWrongNonce: return "transfer: nonce is not the sender's next nonce";
    case AdmissionError::kOverspend: return "transfer: amount plus fee exceed the sender's balance";
    case AdmissionError::kBadSignature: return "transfer: signature does not verify under the sender's key";
  }
  return "transfer: unknown error";
}

expected<void, AdmissionError> admit_transfer(const AccountTree& tree, const AdmissionRules& rules,
                                              const ZkTransfer& transfer, const TransferSignature& signature) {
  const std::size_t bits = std::min(tree.depth(), kPublicDataTreeDepth);
  if ((transfer.from >> bits) != 0 || (transfer.to >> bits) != 0) return unexpected(AdmissionError::kIndexOutOfRange);
  if (!pack_decimal(transfer.amount, kAmountMantissaBits) || !pack_decimal(transfer.fee, kFeeMantissaBits)) {
    return unexpected(AdmissionError::kNotPackable);
  }
  const ZkAccount sender = tree.account(transfer.from);
  if (transfer.nonce != sender.nonce + 1) return unexpected(AdmissionError::kWrongNonce);
  // Both below 2^60, so the sum does not wrap.
  if (transfer.amount + transfer.fee > sender.balance) return unexpected(AdmissionError::kOverspend);
  if (!verify_transfer_signature(sender.key, rules.key_depth, transfer, rules.domain_tag, signature)) {
    return unexpected(AdmissionError::kBadSignature);
  }
  return {};
}

}  // namespace xway::zk
