#pragma once
/// The JSON shapes of Ethereum's JSON-RPC (hex quantities, 0x data) for L2 transactions,
/// receipts and blocks, as wallets (cast, ethers, alloy) parse them.
#include <cstdint>

#include <nlohmann/json.hpp>

#include "core/uint256.hpp"
#include "l2rpc/backend.hpp"

namespace xway::l2rpc {

/// A hex quantity: "0x" and minimal hex digits ("0x0" for zero).
std::string quantity(std::uint64_t v);
/// A transaction object (eth_getTransactionByHash); block fields are null while it is pending.
nlohmann::json transaction_json(const TxRecord& record);
/// A receipt object (status 1, gasUsed 21,000, no logs) for an executed transaction.
nlohmann::json receipt_json(const TxRecord& record, const TxLocation& location);
/// A block object; `full_transactions` embeds transaction objects instead of hashes, looking
/// them up through `backend`.
nlohmann::json block_json(const BlockRecord& block, bool full_transactions, const Backend& backend);

}  // namespace xway::l2rpc
