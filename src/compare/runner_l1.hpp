#pragma once
/// What runners do on their L1 besides their family's contracts: give their participants ether,
/// and read back what those participants spent, from the chain itself: every transaction a set of
/// senders made in a block range, with gas and fees from its receipt and calldata from the
/// transaction. Runners whose nodes send their own L1 transactions (channel opens and closes)
/// count them this way, without asking the nodes.
#include <cstdint>
#include <map>
#include <set>

#include "compare/family_runner.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "eth/rpc_client.hpp"

namespace xway::compare {

/// Gives `who` `wei` on `env`'s L1: anvil_setBalance on a dev chain, else a transfer from anvil's
/// first dev key (a remote node must have funded it).
Result<void> fund(const RunnerEnv& env, const Address& who, const U256& wei);

/// The L1 transactions of some senders.
struct L1Usage {
  std::uint64_t gas = 0;           ///< gasUsed, summed over receipts
  std::uint64_t bytes = 0;         ///< calldata bytes, summed
  std::uint64_t transactions = 0;  ///< how many
  std::map<Address, U256> fees;    ///< per sender: gasUsed x effectiveGasPrice, summed
};

/// Scans L1 blocks `from`..`to` (inclusive) for transactions sent by `senders`.
Result<L1Usage> l1_usage(eth::RpcClient& l1, std::uint64_t from, std::uint64_t to,
                         const std::set<Address>& senders);

}  // namespace xway::compare
