#pragma once
/// How a subcommand reaches the L1: the user's --l1-rpc, or an embedded anvil that lives as long
/// as the returned object; and which key it acts with.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/anvil.hpp"
#include "eth/rpc_client.hpp"

namespace xway::cli {

/// A connected L1.
struct L1Access {
  std::unique_ptr<eth::Anvil> anvil;  ///< the embedded anvil, when no URL was given
  std::string url;
  std::unique_ptr<eth::RpcClient> client;
  std::uint64_t chain_id = 0;
  /// True when this process started the L1 (its dev keys are funded and known).
  bool embedded() const { return anvil != nullptr; }
};

/// Connects to `l1_rpc`, or starts an embedded anvil when it is empty; reads the chain id.
Result<L1Access> open_l1(const std::string& l1_rpc);

/// The key given as hex, else $XWAY_PRIVATE_KEY, else anvil's first dev key on an embedded L1;
/// none when there is no key to be had. A malformed key is an error naming --private-key.
Result<std::optional<crypto::PrivateKey>> resolve_key(const std::string& hex, bool embedded);

}  // namespace xway::cli
