#pragma once
/// A typed client of a running operator's JSON-RPC API (plasma_sendTransaction, plasma_getUtxos,
/// plasma_getBlock, plasma_status), for wallets, scenarios and tools in other processes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "net/rpc_client.hpp"
#include "plasma/block.hpp"
#include "plasma/transaction.hpp"
#include "plasma/validate.hpp"

namespace xway::plasma {

/// Talks to one operator at http://host:port/. Every reply is decoded strictly; a malformed one is
/// an error naming the method, never a partial result.
class OperatorClient {
 public:
  /// A client for the operator at `host`:`port`.
  OperatorClient(std::string host, std::uint16_t port);

  /// Hands a signed transaction to the operator; its hash once the operator accepted it.
  Result<Hash32> send(const SignedTransaction& tx);
  /// The owner's unspent outputs in sealed blocks, as the operator sees them.
  Result<std::vector<Utxo>> utxos_of(const Address& owner);
  /// A sealed block, checked to decode; none when the operator does not serve it.
  Result<std::optional<Block>> block(std::uint64_t blknum);
  /// How many accepted transactions wait for the next block.
  Result<std::uint64_t> pending();

 private:
  Result<net::Json> call(std::string_view method, net::Json params);

  std::string where_;
  net::RpcClient rpc_;
};

}  // namespace xway::plasma
