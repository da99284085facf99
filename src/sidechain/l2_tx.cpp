#include "sidechain/l2_tx.hpp"

#include "l2rpc/l2_tx.hpp"

namespace xway::sidechain {

Address withdrawal_address() { return l2rpc::withdrawal_address(); }

expected<L2Transfer, l2rpc::TxError> EthTransferDecoder::decode(ByteView raw) const {
  auto d = l2rpc::decode_and_recover(raw, l2rpc::TxRules{chain_id_, min_gas_price_});
  if (!d) return unexpected(d.error());
  static const l2rpc::TokenRegistry kNoTokens;
  auto intent = l2rpc::intent_of(d->tx, d->sender, kNoTokens);
  if (!intent) return unexpected(intent.error());
  if (intent->token != ledger::kEth) return unexpected(l2rpc::TxError::kUnknownToken);
  L2Transfer t;
  t.sender = d->sender;
  t.hash = d->hash;
  t.withdraw = intent->kind == l2rpc::Intent::Kind::kWithdraw;
  t.recipient = intent->recipient;
  t.amount = intent->amount;
  t.fee = intent->fee;
  t.nonce = intent->nonce;
  return t;
}

}  // namespace xway::sidechain
