#pragma once
/// Strict readers of Ethereum JSON-RPC parameters: addresses, hashes, data, quantities, block tags.
#include <cstdint>
#include <optional>
#include <string>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "net/rpc_error.hpp"

namespace xway::l2rpc {

/// Which block a request names.
struct BlockTag {
  enum class Kind : std::uint8_t { kLatest, kEarliest, kNumber, kHash };
  Kind kind = Kind::kLatest;  ///< "latest", "pending", "safe" and "finalized" are all kLatest
  std::uint64_t number = 0;   ///< for kNumber
  Hash32 hash;                ///< for kHash (EIP-1898 {"blockHash": ...})
};

/// Parameter `index` of an array; absent (or params not an array) is null.
const net::Json& param(const net::Json& params, std::size_t index);
/// A 20-byte address; mixed case must carry a valid EIP-55 checksum.
expected<Address, net::RpcError> address_param(const net::Json& v, const char* what);
/// A 32-byte hash.
expected<Hash32, net::RpcError> hash_param(const net::Json& v, const char* what);
/// Even-length 0x hex data.
expected<Bytes, net::RpcError> data_param(const net::Json& v, const char* what);
/// A hex quantity of at most 64 bits (a JSON integer is accepted too).
expected<std::uint64_t, net::RpcError> u64_param(const net::Json& v, const char* what);
/// A block tag, a hex number, or an EIP-1898 object; null means "latest".
expected<BlockTag, net::RpcError> block_param(const net::Json& v, const char* what);

}  // namespace xway::l2rpc
