#pragma once
/// `xway stark verify --l1-rpc`: the same proof file checked by the Solidity verifier on L1, with
/// the gas its verifying transaction used, read from the receipt.
#include <optional>
#include <string>

#include "core/result.hpp"
#include "eth/client.hpp"
#include "stark/stark.hpp"

namespace xway::cli {

/// What the L1 verifier said about a proof file.
struct L1Verdict {
  std::string contract;              ///< the statement's verifier contract
  Address verifier;                  ///< where it lives
  bool accepted = false;             ///< `verify` returned true (eth_call)
  std::string reason;                ///< the revert reason when it was rejected
  std::optional<std::uint64_t> gas;  ///< gas of the verifying transaction (accepted proofs only)
  bool gas_estimated = false;        ///< `gas` is eth_estimateGas (no key to send with), not a receipt's
  std::optional<Hash32> tx;          ///< that transaction
};

/// The Solidity verifier contract of a statement, or none when it has no L1 verifier yet.
std::optional<std::string> l1_verifier_contract(stark::Example example);

/// Checks `file` with the statement's verifier at `verifier` (deployed from `from` when none is
/// given): an eth_call for the verdict, then, when it accepts, a transaction from `from` whose
/// receipt gives the L1 gas of verifying (without a key: eth_estimateGas).
Result<L1Verdict> verify_on_l1(eth::Client& client, const std::optional<crypto::PrivateKey>& from,
                               const stark::ProofFile& file, std::optional<Address> verifier);

}  // namespace xway::cli
