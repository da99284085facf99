#pragma once
/// Nonces for concurrent senders. Each account's nonces are handed out once, in order, from the
/// chain's pending nonce; a nonce whose transaction may have been broadcast is never handed out
/// again. Only a nonce the node definitely refused (`release`) is reused, lowest first, so the
/// account's sequence has no gap.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "core/bytes.hpp"
#include "eth/rpc_error.hpp"

namespace xway::eth {

/// A thread-safe per-account nonce allocator.
class NonceAllocator {
 public:
  /// Reads an account's pending nonce from the chain (eth_getTransactionCount "pending").
  using Fetch = std::function<RpcResult<std::uint64_t>(const Address&)>;
  explicit NonceAllocator(Fetch fetch);

  /// The next nonce for `account`: a released one if any, else one past the highest handed out.
  /// The first call for an account reads the chain. The nonce counts as used from here on.
  RpcResult<std::uint64_t> acquire(const Address& account);
  /// Gives back a nonce whose transaction the node refused, so it is never broadcast. Releasing a
  /// nonce that was not handed out, or twice, changes nothing.
  void release(const Address& account, std::uint64_t nonce);
  /// After a "nonce too low" error: reads the chain and moves forward to its pending nonce. Never
  /// moves back, so a nonce that may have been broadcast is not reused.
  RpcResult<void> resync(const Address& account);
  /// Forgets every account, so the next `acquire` reads the chain again. Only for a development
  /// chain reverted to a snapshot, where the chain itself took the used nonces back.
  void reset();
  /// The nonce the next `acquire` would return without a released one; none if never read.
  std::optional<std::uint64_t> peek_next(const Address& account) const;

 private:
  struct Account {
    std::uint64_t next = 0;
    std::set<std::uint64_t> released;
  };
  Fetch fetch_;
  mutable std::mutex mutex_;
  std::map<Address, Account> accounts_;
};

}  // namespace xway::eth
