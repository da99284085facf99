#pragma once
/// Where a watcher gets block data: the operator's JSON-RPC API (or, in tests, the operator itself).
/// A source returns the raw bytes it was served, or none when the block is not available; the
/// watcher decodes and checks them, because a hostile operator may serve anything.
#include <cstdint>
#include <optional>
#include <string>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "net/rpc_client.hpp"

namespace xway::plasma {

/// Block bytes by number.
class BlockSource {
 public:
  virtual ~BlockSource() = default;
  /// The served bytes of block `blknum`; none when the operator does not serve it.
  virtual Result<std::optional<Bytes>> fetch(std::uint64_t blknum) = 0;
};

/// plasma_getBlock over HTTP JSON-RPC.
class RpcBlockSource : public BlockSource {
 public:
  /// A source at http://host:port/.
  RpcBlockSource(std::string host, std::uint16_t port) : rpc_(std::move(host), port, std::chrono::seconds(5)) {}
  Result<std::optional<Bytes>> fetch(std::uint64_t blknum) override;

 private:
  net::RpcClient rpc_;
};

}  // namespace xway::plasma
