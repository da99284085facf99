#include "l2rpc/eth_json.hpp"

#include <string>

#include "core/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "l2rpc/l2_tx.hpp"

namespace xway::l2rpc {
namespace {

using Json = nlohmann::json;

std::string address_text(const Address& a) { return crypto::to_checksum_hex(a); }
std::string hash_text(const Hash32& h) { return to_hex(h.view()); }
std::string word_quantity(const Hash32& word) { return to_quantity(from_be(word.view())); }

/// 256 zero bytes: no logs, so every bloom is empty.
const std::string& empty_bloom() {
  static const std::string bloom = "0x" + std::string(512, '0');
  return bloom;
}

/// keccak256(rlp([])): the hash of an empty uncle list.
const std::string& empty_uncles_hash() {
  static const std::string h = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";
  return h;
}

const std::string& zero_hash() {
  static const std::string h = "0x" + std::string(64, '0');
  return h;
}

Json block_fields(const std::optional<TxLocation>& at) {
  if (!at) return {{"blockHash", nullptr}, {"blockNumber", nullptr}, {"transactionIndex", nullptr}};
  return {{"blockHash", hash_text(at->block_hash)},
          {"blockNumber", quantity(at->block_num)},
          {"transactionIndex", quantity(at->index)}};
}

}  // namespace

std::string quantity(std::uint64_t v) { return to_quantity(U256(v)); }

Json transaction_json(const TxRecord& record) {
  const auto& tx = record.tx;
  Json out = block_fields(record.location);
  out["hash"] = hash_text(record.hash);
  out["from"] = address_text(record.sender);
  out["to"] = tx.to() ? Json(address_text(*tx.to())) : Json(nullptr);
  out["nonce"] = quantity(tx.nonce());
  out["value"] = to_quantity(tx.value());
  out["gas"] = quantity(tx.gas_limit());
  out["gasPrice"] = to_quantity(tx.max_fee_per_gas());  // no base fee: the effective price is the cap
  out["input"] = to_hex(tx.data());
  out["r"] = word_quantity(tx.signature.r);
  out["s"] = word_quantity(tx.signature.s);
  out["type"] = quantity(static_cast<std::uint64_t>(tx.type()));
  if (tx.chain_id()) out["chainId"] = quantity(*tx.chain_id());
  if (tx.type() == eth::TxType::kEip1559) {
    out["maxFeePerGas"] = to_quantity(tx.max_fee_per_gas());
    out["maxPriorityFeePerGas"] = to_quantity(tx.max_priority_fee_per_gas());
    out["accessList"] = Json::array();
    out["v"] = quantity(tx.signature.v);
    out["yParity"] = quantity(tx.signature.v);
  } else {
    const std::uint64_t v = tx.chain_id() ? *tx.chain_id() * 2 + 35 + tx.signature.v : 27u + tx.signature.v;
    out["v"] = quantity(v);
  }
  return out;
}

Json receipt_json(const TxRecord& record, const TxLocation& location) {
  const auto& tx = record.tx;
  Json out = block_fields(location);
  out["transactionHash"] = hash_text(record.hash);
  out["from"] = address_text(record.sender);
  out["to"] = tx.to() ? Json(address_text(*tx.to())) : Json(nullptr);
  out["contractAddress"] = nullptr;
  out["cumulativeGasUsed"] = quantity((location.index + 1) * kL2TxGas);
  out["gasUsed"] = quantity(kL2TxGas);
  out["effectiveGasPrice"] = to_quantity(tx.max_fee_per_gas());
  out["logs"] = Json::array();
  out["logsBloom"] = empty_bloom();
  out["status"] = location.succeeded ? "0x1" : "0x0";
  out["type"] = quantity(static_cast<std::uint64_t>(tx.type()));
  return out;
}

Json block_json(const BlockRecord& block, bool full_transactions, const Backend& backend) {
  Json txs = Json::array();
  for (const Hash32& h : block.transactions) {
    if (!full_transactions) {
      txs.push_back(hash_text(h));
    } else if (auto record = backend.transaction(h)) {
      txs.push_back(transaction_json(*record));
    }
  }
  const std::uint64_t gas_used = block.transactions.size() * kL2TxGas;
  return Json{
      {"number", quantity(block.number)},
      {"hash", hash_text(block.hash)},
      {"parentHash", hash_text(block.parent_hash)},
      {"nonce", "0x0000000000000000"},
      {"sha3Uncles", empty_uncles_hash()},
      {"logsBloom", empty_bloom()},
      {"transactionsRoot", hash_text(block.transactions_root)},
      {"stateRoot", hash_text(block.state_root)},
      // Every receipt is status 1, 21,000 gas and no logs, so the transactions determine them.
      {"receiptsRoot", hash_text(block.transactions_root)},
      {"miner", address_text(Address{})},
      {"difficulty", "0x0"},
      {"totalDifficulty", "0x0"},
      {"extraData", "0x"},
      {"gasLimit", quantity(std::max<std::uint64_t>(gas_used, 30'000'000))},
      {"gasUsed", quantity(gas_used)},
      {"timestamp", quantity(block.timestamp)},
      {"mixHash", zero_hash()},
      {"baseFeePerGas", "0x0"},
      {"transactions", std::move(txs)},
      {"uncles", Json::array()},
  };
}

}  // namespace xway::l2rpc
