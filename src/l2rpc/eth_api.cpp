#include "l2rpc/eth_api.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/hex.hpp"
#include "l2rpc/eth_json.hpp"
#include "l2rpc/eth_params.hpp"
#include "l2rpc/l2_tx.hpp"

namespace xway::l2rpc {
namespace {

using net::Json;
using net::RpcError;
using Reply = expected<Json, RpcError>;

/// The most blocks one eth_feeHistory answers for (geth's limit).
constexpr std::uint64_t kMaxFeeHistory = 1024;

RpcError unavailable(std::string why) { return RpcError::app(kUnavailable, std::move(why)); }

/// The state reads serve the latest state only: a tag, or the newest block's number or hash.
expected<void, RpcError> require_latest(const Backend& b, const Json& v) {
  auto tag = block_param(v, "block");
  if (!tag) return unexpected(tag.error());
  const std::uint64_t head = b.block_number();
  switch (tag->kind) {
    case BlockTag::Kind::kLatest: return {};
    case BlockTag::Kind::kNumber:
      if (tag->number == head) return {};
      break;
    case BlockTag::Kind::kHash:
      if (auto blk = b.block_by_hash(tag->hash); blk && blk->number == head) return {};
      break;
    case BlockTag::Kind::kEarliest:
      if (head == 0) return {};
      break;
  }
  return unexpected(unavailable("historical state is not kept: ask for the latest block"));
}

std::optional<BlockRecord> find_block(const Backend& b, const BlockTag& tag) {
  switch (tag.kind) {
    case BlockTag::Kind::kLatest: return b.block(b.block_number());
    case BlockTag::Kind::kEarliest: return b.block(0);
    case BlockTag::Kind::kNumber: return b.block(tag.number);
    case BlockTag::Kind::kHash: return b.block_by_hash(tag.hash);
  }
  return std::nullopt;
}

Reply get_balance(const Backend& b, const Json& p) {
  auto address = address_param(param(p, 0), "address");
  if (!address) return unexpected(address.error());
  if (auto ok = require_latest(b, param(p, 1)); !ok) return unexpected(ok.error());
  return to_quantity(b.balance(*address));
}

Reply get_transaction_count(const Backend& b, const Json& p) {
  auto address = address_param(param(p, 0), "address");
  if (!address) return unexpected(address.error());
  const Json& tag = param(p, 1);
  const bool pending = tag.is_string() && tag.get<std::string>() == "pending";
  if (auto ok = require_latest(b, tag); !ok) return unexpected(ok.error());
  return quantity(b.nonce(*address, pending));
}

Reply fee_history(const Backend& b, const Json& p) {
  auto count = u64_param(param(p, 0), "blockCount");
  if (!count) return unexpected(count.error());
  auto newest_tag = block_param(param(p, 1), "newestBlock");
  if (!newest_tag) return unexpected(newest_tag.error());
  const Json& percentiles = param(p, 2);
  if (!percentiles.is_null() && !percentiles.is_array())
    return unexpected(RpcError::invalid_params("rewardPercentiles: expected an array of numbers"));
  for (const auto& x : percentiles)
    if (!x.is_number() || x.get<double>() < 0 || x.get<double>() > 100)
      return unexpected(RpcError::invalid_params("rewardPercentiles: numbers from 0 to 100"));
  auto newest = find_block(b, *newest_tag);
  if (!newest) return unexpected(unavailable("newestBlock: no such block"));
  const std::uint64_t n = std::min({*count, kMaxFeeHistory, newest->number + 1});
  // No base fee on the L2 (docs/l2-transactions.md rule 6): every tip is the node's price.
  Json base = Json::array(), ratio = Json::array(), reward = Json::array();
  const std::string price = to_quantity(b.gas_price());
  for (std::uint64_t i = 0; i < n; ++i) {
    base.push_back("0x0");
    ratio.push_back(0.0);
    reward.push_back(Json(std::vector<std::string>(percentiles.is_array() ? percentiles.size() : 0, price)));
  }
  base.push_back("0x0");  // the block after the newest
  Json out{{"oldestBlock", quantity(newest->number + 1 - n)}, {"baseFeePerGas", base}, {"gasUsedRatio", ratio}};
  if (percentiles.is_array()) out["reward"] = reward;
  return out;
}

Reply estimate_gas(const Json& p) {
  const Json& call = param(p, 0);
  if (!call.is_object()) return unexpected(RpcError::invalid_params("call: expected a transaction object"));
  if (!call.contains("to") || call["to"].is_null()) return unexpected(RpcError::app(kTxRejected, std::string(describe(TxError::kContractCreation))));
  if (auto to = address_param(call["to"], "to"); !to) return unexpected(to.error());
  return quantity(kL2TxGas);
}

Reply send_raw(Backend& b, const Json& p) {
  auto raw = data_param(param(p, 0), "data");
  if (!raw) return unexpected(raw.error());
  auto hash = b.submit(*raw);
  if (!hash) return unexpected(RpcError::app(kTxRejected, std::string(describe(hash.error())),
                                             Json{{"rule", static_cast<int>(hash.error())}}));
  return to_hex(hash->view());
}

Reply get_receipt(const Backend& b, const Json& p) {
  auto hash = hash_param(param(p, 0), "hash");
  if (!hash) return unexpected(hash.error());
  auto record = b.transaction(*hash);
  if (!record || !record->location) return Json(nullptr);
  return receipt_json(*record, *record->location);
}

Reply get_transaction(const Backend& b, const Json& p) {
  auto hash = hash_param(param(p, 0), "hash");
  if (!hash) return unexpected(hash.error());
  auto record = b.transaction(*hash);
  if (!record) return Json(nullptr);
  return transaction_json(*record);
}

Reply full_flag(const Json& v) {
  if (v.is_null()) return false;
  if (!v.is_boolean()) return unexpected(RpcError::invalid_params("fullTransactions: expected a boolean"));
  return v.get<bool>();
}

Reply get_block_by_number(const Backend& b, const Json& p) {
  auto tag = block_param(param(p, 0), "block");
  if (!tag) return unexpected(tag.error());
  if (tag->kind == BlockTag::Kind::kHash) return unexpected(RpcError::invalid_params("block: expected a number or tag"));
  auto full = full_flag(param(p, 1));
  if (!full) return full;
  auto block = find_block(b, *tag);
  if (!block) return Json(nullptr);
  return block_json(*block, full->get<bool>(), b);
}

Reply get_block_by_hash(const Backend& b, const Json& p) {
  auto hash = hash_param(param(p, 0), "hash");
  if (!hash) return unexpected(hash.error());
  auto full = full_flag(param(p, 1));
  if (!full) return full;
  auto block = b.block_by_hash(*hash);
  if (!block) return Json(nullptr);
  return block_json(*block, full->get<bool>(), b);
}

/// There is no EVM: every address is a plain account, so calls return nothing and code is empty.
Reply no_code(const Backend& b, const Json& p, bool is_call) {
  if (is_call) {
    const Json& call = param(p, 0);
    if (!call.is_object()) return unexpected(RpcError::invalid_params("call: expected a transaction object"));
  } else if (auto address = address_param(param(p, 0), "address"); !address) {
    return unexpected(address.error());
  }
  if (auto ok = require_latest(b, param(p, 1)); !ok) return unexpected(ok.error());
  return "0x";
}

}  // namespace

bool register_eth_api(net::RpcDispatcher& d, Backend& b) {
  const Backend& r = b;
  bool ok = true;
  auto add = [&](const char* name, net::RpcHandler h) {
    ok = d.add(name, [name, h = std::move(h)](const Json& p) {
      spdlog::debug("l2rpc: {}", name);
      return h(p);
    }) && ok;
  };
  add("eth_chainId", [&r](const Json&) -> Reply { return quantity(r.chain_id()); });
  add("net_version", [&r](const Json&) -> Reply { return std::to_string(r.chain_id()); });
  add("web3_clientVersion", [](const Json&) -> Reply { return "expressway"; });
  add("eth_syncing", [](const Json&) -> Reply { return false; });
  add("eth_accounts", [](const Json&) -> Reply { return Json::array(); });
  add("eth_blockNumber", [&r](const Json&) -> Reply { return quantity(r.block_number()); });
  add("eth_getBalance", [&r](const Json& p) { return get_balance(r, p); });
  add("eth_getTransactionCount", [&r](const Json& p) { return get_transaction_count(r, p); });
  add("eth_gasPrice", [&r](const Json&) -> Reply { return to_quantity(r.gas_price()); });
  add("eth_maxPriorityFeePerGas", [&r](const Json&) -> Reply { return to_quantity(r.gas_price()); });
  add("eth_feeHistory", [&r](const Json& p) { return fee_history(r, p); });
  add("eth_estimateGas", [](const Json& p) { return estimate_gas(p); });
  add("eth_call", [&r](const Json& p) { return no_code(r, p, true); });
  add("eth_getCode", [&r](const Json& p) { return no_code(r, p, false); });
  add("eth_sendRawTransaction", [&b](const Json& p) { return send_raw(b, p); });
  add("eth_getTransactionReceipt", [&r](const Json& p) { return get_receipt(r, p); });
  add("eth_getTransactionByHash", [&r](const Json& p) { return get_transaction(r, p); });
  add("eth_getBlockByNumber", [&r](const Json& p) { return get_block_by_number(r, p); });
  add("eth_getBlockByHash", [&r](const Json& p) { return get_block_by_hash(r, p); });
  return ok;
}

}  // namespace xway::l2rpc
