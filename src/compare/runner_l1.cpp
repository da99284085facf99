#include "compare/runner_l1.hpp"

#include <fmt/format.h>

#include "core/hex.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/anvil.hpp"

namespace xway::compare {

Result<void> fund(const RunnerEnv& env, const Address& who, const U256& wei) {
  if (env.dev_chain) {
    if (auto r = env.l1->set_balance(who, wei); !r)
      return fail("funding {}: {}", crypto::to_checksum_hex(who), eth::describe(r.error()));
    return {};
  }
  eth::TxRequest tx{who, {}, wei};
  tx.label = "compare.fund";
  if (auto r = env.l1->send_transaction(eth::well_known_dev_keys().front(), tx); !r) {
    return fail("funding {}: {}", crypto::to_checksum_hex(who), eth::describe(r.error()));
  }
  return {};
}

Result<L1Usage> l1_usage(eth::RpcClient& l1, std::uint64_t from, std::uint64_t to,
                         const std::set<Address>& senders) {
  L1Usage u;
  for (std::uint64_t n = from; n <= to; ++n) {
    auto block = l1.rpc().call("eth_getBlockByNumber",
                               nlohmann::json::array({fmt::format("0x{:x}", n), true}));
    if (!block) return fail("eth_getBlockByNumber {}: {}", n, eth::describe(block.error()));
    if (!block->is_object() || !block->contains("transactions")) continue;
    for (const auto& tx : (*block)["transactions"]) {
      if (!tx.is_object()) continue;
      auto sender = crypto::parse_address(tx.value("from", ""));
      if (!sender || senders.count(*sender) == 0) continue;
      auto hash = fixed_from_hex<Hash32>(tx.value("hash", ""));
      if (!hash) return fail("block {}: a transaction without a hash", n);
      auto receipt = l1.receipt(*hash);
      if (!receipt || !*receipt)
        return fail("no receipt for L1 transaction {}", tx.value("hash", ""));
      const std::string input = tx.value("input", "0x");
      u.gas += (*receipt)->gas_used;
      u.bytes += input.size() > 2 ? (input.size() - 2) / 2 : 0;
      ++u.transactions;
      u.fees[*sender] += U256((*receipt)->gas_used) * (*receipt)->effective_gas_price;
    }
  }
  return u;
}

}  // namespace xway::compare
