// libFuzzer target for the L2 transaction layer (what an L2 node's eth_sendRawTransaction
// receives): arbitrary bytes never crash the decoder or the shape mapping, every accepted
// transaction re-encodes to the input, and a mapped intent obeys the rules it was checked against.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "crypto/keccak.hpp"
#include "l2rpc/l2_tx.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace xway;
  const ByteView input(data, size);
  // Accept any chain id the input names, so the fuzzer reaches the later rules too.
  l2rpc::TxRules rules{l2rpc::kOptimisticChainId, 0};
  if (auto any = eth::decode_transaction(input); any && any->chain_id()) rules.chain_id = *any->chain_id();
  auto tx = l2rpc::decode_l2_tx(input, rules);
  if (!tx) return 0;
  check(eth::encode(*tx) == Bytes(input.begin(), input.end()));
  check(tx->gas_limit() == l2rpc::kL2TxGas && tx->max_fee_per_gas() == tx->max_priority_fee_per_gas());
  auto full = l2rpc::decode_and_recover(input, rules);
  if (full) check(full->hash == crypto::keccak256(input));
  l2rpc::TokenRegistry tokens;
  Address token;
  token[19] = 0x01;  // the fuzzer finds it as an ABI word's low byte
  tokens.add(token, 1);
  const Address sender = full ? full->sender : Address{};
  auto intent = l2rpc::intent_of(*tx, sender, tokens);
  if (!intent) return 0;
  check(intent->nonce == tx->nonce() && intent->fee == tx->max_fee_per_gas() * l2rpc::kL2TxGas);
  if (intent->kind == l2rpc::Intent::Kind::kWithdraw) check(intent->recipient == sender);
  if (intent->token == ledger::kEth) check(intent->amount == tx->value());
  return 0;
}
