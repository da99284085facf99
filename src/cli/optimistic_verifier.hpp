#pragma once
/// The verifier's process, shared by `xway optimistic verifier` and `xway optimistic node --role
/// verifier` (the same loop; the node also serves the wallet JSON-RPC of the derived L2).
#include <cstdint>
#include <string>
#include <utility>

#include "core/result.hpp"

namespace xway::cli {

/// How a verifier process runs.
struct VerifierCmdOptions {
  std::string l1_rpc;
  std::string deployment = "deployment.json";
  std::string rollup;
  std::string data_dir = "xway-optimistic-verifier";
  std::string private_key;
  std::uint64_t confirmations = 0;
  std::uint64_t poll_ms = 1'000;
  bool no_challenge = false;
  bool once = false;
  bool json = false;
  std::string serve_rpc;      ///< HOST:PORT: serve the derived L2's wallet JSON-RPC there (the node role)
  std::string sequencer_rpc;  ///< HOST:PORT: forward transactions, pending nonces and the gas price there
};

/// Follows, derives, judges and plays until SIGINT/SIGTERM (or one poll with `once`).
Result<void> run_verifier(const VerifierCmdOptions& o);

/// HOST:PORT (or http://HOST:PORT/) of `flag`; port 0 is allowed only where `listen`.
Result<std::pair<std::string, std::uint16_t>> host_port(std::string text, bool listen = false, std::string_view flag = "--rpc");

}  // namespace xway::cli
