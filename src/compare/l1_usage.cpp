#include "compare/l1_usage.hpp"

#include <fmt/format.h>

#include "core/hex.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::compare {

Result<L1Usage> l1_usage(eth::RpcClient& l1, std::uint64_t from, std::uint64_t to, const std::set<Address>& senders) {
  L1Usage u;
  for (std::uint64_t n = from; n <= to; ++n) {
    auto block = l1.rpc().call("eth_getBlockByNumber", nlohmann::json::array({fmt::format("0x{:x}", n), true}));
    if (!block) return fail("eth_getBlockByNumber {}: {}", n, eth::describe(block.error()));
    if (!block->is_object() || !block->contains("transactions")) continue;
    for (const auto& tx : (*block)["transactions"]) {
      if (!tx.is_object()) continue;
      auto sender = crypto::parse_address(tx.value("from", ""));
      if (!sender || senders.count(*sender) == 0) continue;
      auto hash = fixed_from_hex<Hash32>(tx.value("hash", ""));
      if (!hash) return fail("block {}: a transaction without a hash", n);
      auto receipt = l1.receipt(*hash);
      if (!receipt || !*receipt) return fail("no receipt for L1 transaction {}", tx.value("hash", ""));
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
