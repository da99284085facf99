#pragma once
/// The genesis file every validator of one sidechain starts from: chain id, the validator set
/// (address, p2p and RPC endpoints), timing, and the initial ETH allocations of the ledger.
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/uint256.hpp"
#include "sidechain/consensus.hpp"

namespace xway::sidechain {

/// One validator as the genesis file lists it.
struct GenesisValidator {
  Address address;
  std::uint64_t power = 1;
  std::string p2p;  ///< HOST:PORT it listens on for validators
  std::string rpc;  ///< HOST:PORT of its JSON-RPC API
};

/// An initial balance.
struct GenesisAlloc {
  Address address;
  U256 balance = 0;
};

/// The L1 side of the two-way peg, which every validator must agree on (what it mints from).
struct GenesisBridge {
  Address contract;                    ///< SidechainBridge
  std::optional<Address> checkpoints;  ///< SidechainCheckpoints, when checkpoints are posted
  std::uint64_t start_block = 0;       ///< the first L1 block to read deposits from
  std::uint64_t confirmations = 12;    ///< K: L1 confirmations before a deposit is minted
};

/// A whole genesis file.
struct Genesis {
  std::uint64_t chain_id = 42070;
  std::uint64_t block_time_ms = 1000;  ///< wait after each commit before the next height
  std::vector<GenesisValidator> validators;
  Address fee_recipient;               ///< bound to the ledger's fee account (index 0)
  std::vector<GenesisAlloc> alloc;
  std::optional<GenesisBridge> bridge;  ///< "bridge": {"contract", "checkpoints", "start_block", "confirmations"}

  /// The consensus parameters it implies.
  ConsensusConfig consensus() const;
  /// Reads and checks a genesis file (JSON).
  static Result<Genesis> read(const std::string& path);
  /// Parses and checks genesis JSON text.
  static Result<Genesis> parse(const std::string& text);
  /// The JSON text.
  std::string to_json() const;
  /// Writes the file.
  Result<void> write(const std::string& path) const;
};

}  // namespace xway::sidechain
