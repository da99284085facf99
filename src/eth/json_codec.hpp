#pragma once
/// Strict conversions between JSON-RPC values and the client's types. Quantities must be
/// "0x"-prefixed hex strings, data must be even-length hex, hashes 32 and addresses 20 bytes;
/// anything else is kMalformedReply naming the field.
#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "eth/rpc_error.hpp"
#include "eth/types.hpp"

namespace xway::eth {

/// A hex quantity that fits 64 bits.
RpcResult<std::uint64_t> decode_u64(const nlohmann::json& v, std::string_view field);
/// A hex quantity up to 256 bits.
RpcResult<U256> decode_u256(const nlohmann::json& v, std::string_view field);
/// Hex data of any length.
RpcResult<Bytes> decode_data(const nlohmann::json& v, std::string_view field);
/// A 32-byte hash.
RpcResult<Hash32> decode_hash(const nlohmann::json& v, std::string_view field);
/// A 20-byte address.
RpcResult<Address> decode_address(const nlohmann::json& v, std::string_view field);
/// A block header object.
RpcResult<Block> decode_block(const nlohmann::json& v);
/// A log object.
RpcResult<Log> decode_log(const nlohmann::json& v);
/// A receipt object.
RpcResult<Receipt> decode_receipt(const nlohmann::json& v);

/// A transaction object (eth_getTransactionByHash's result).
RpcResult<TransactionInfo> decode_transaction(const nlohmann::json& v);

/// The JSON of a call request, as eth_call and eth_estimateGas take it.
nlohmann::json encode_call(const CallRequest& call);
/// The JSON of a log filter, as eth_getLogs takes it.
nlohmann::json encode_filter(const LogFilter& filter);

}  // namespace xway::eth
