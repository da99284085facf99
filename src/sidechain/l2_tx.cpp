#include "sidechain/l2_tx.hpp"

#include "eth/transaction.hpp"

namespace xway::sidechain {

Address withdrawal_address() {
  Address a;
  a[0] = 0x42;
  a[19] = 0x16;
  return a;
}

expected<L2Transfer, std::string> EthTransferDecoder::decode(ByteView raw) const {
  auto d = eth::decode_and_recover(raw, eth::AcceptPolicy{chain_id_, false});
  if (!d) return unexpected(std::string(eth::describe(d.error())));
  const auto& tx = d->tx;
  if (tx.gas_limit() != kL2TxGas) return unexpected(std::string("gas limit must be exactly 21000"));
  if (tx.max_fee_per_gas() != tx.max_priority_fee_per_gas())
    return unexpected(std::string("max priority fee must equal max fee (the L2 has no base fee)"));
  if (tx.max_fee_per_gas() < min_gas_price_) return unexpected(std::string("gas price below the node's minimum"));
  if (const auto* body = std::get_if<eth::Eip1559Tx>(&tx.body); body && !body->access_list.empty())
    return unexpected(std::string("access lists are not accepted (there is no EVM)"));
  if (!tx.to()) return unexpected(std::string("contract creation is not accepted (there is no EVM)"));
  if (!tx.data().empty()) return unexpected(std::string("calldata is not accepted (ERC-20 shapes need the l2rpc decoder)"));
  L2Transfer t;
  t.sender = d->sender;
  t.hash = d->hash;
  t.withdraw = *tx.to() == withdrawal_address();
  t.recipient = t.withdraw ? d->sender : *tx.to();
  t.amount = tx.value();
  t.fee = tx.max_fee_per_gas() * U256(kL2TxGas);
  if (t.fee / U256(kL2TxGas) != tx.max_fee_per_gas()) return unexpected(std::string("fee overflows 256 bits"));
  t.nonce = tx.nonce();
  return t;
}

}  // namespace xway::sidechain
