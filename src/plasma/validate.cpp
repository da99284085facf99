#include "plasma/validate.hpp"

namespace xway::plasma {

Signers recover_signers(const SignedTransaction& tx, const Hash32& domain_separator) {
  Signers out;
  if (tx.tx.input_count() == 0) return out;
  const Hash32 digest = signing_digest(domain_separator, tx.tx);
  for (std::size_t i = 0; i < 2; ++i) {
    if (tx.tx.inputs[i].is_null() || !tx.sigs[i]) continue;
    if (auto a = crypto::recover_address(digest, *tx.sigs[i])) out[i] = *a;
  }
  return out;
}

expected<void, PlasmaError> validate(const SignedTransaction& tx, const Hash32& domain_separator,
                                     const UtxoLookup& lookup) {
  return validate_recovered(tx, recover_signers(tx, domain_separator), lookup);
}

expected<void, PlasmaError> validate_recovered(const SignedTransaction& tx, const Signers& signers,
                                               const UtxoLookup& lookup) {
  const std::size_t n = tx.tx.input_count();
  if (n == 0) return unexpected(PlasmaError::kNoInputs);
  if (n == 2 && tx.tx.inputs[0] == tx.tx.inputs[1]) return unexpected(PlasmaError::kDuplicateInput);
  U256 in_total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto utxo = lookup(tx.tx.inputs[i]);
    if (!utxo) return unexpected(PlasmaError::kUnknownInput);
    if (utxo->token != tx.tx.token) return unexpected(PlasmaError::kTokenMismatch);
    if (!tx.sigs[i]) return unexpected(PlasmaError::kUnsigned);
    if (!signers[i] || *signers[i] != utxo->output.owner) return unexpected(PlasmaError::kWrongSigner);
    in_total += utxo->output.amount;
  }
  U256 out_total = 0;
  for (const Output& o : tx.tx.outputs) {
    // Two outputs below 2^256 each cannot overflow a sum checked against inputs this way.
    if (o.amount > in_total || out_total > in_total - o.amount) return unexpected(PlasmaError::kUnbalanced);
    out_total += o.amount;
  }
  if (out_total != in_total) return unexpected(PlasmaError::kUnbalanced);
  return {};
}

std::vector<Utxo> created_outputs(const SignedTransaction& tx, std::uint64_t blknum, std::uint64_t txindex) {
  std::vector<Utxo> out;
  for (std::uint64_t o = 0; o < 2; ++o) {
    if (tx.tx.outputs[o].is_null()) continue;
    out.push_back(Utxo{Position{blknum, txindex, o}, tx.tx.outputs[o], tx.tx.token});
  }
  return out;
}

}  // namespace xway::plasma
