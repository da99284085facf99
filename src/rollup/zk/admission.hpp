#pragma once
/// The sequencer's check of one signed transfer against the current tree, before it joins a
/// batch: the signature under the sender's account key (the leaf's key, the root of its one-time
/// keys), the nonce, the balance and the public-data encoding. A refused transfer changes nothing.
/// The transfer AIR checks balances, nonces and indices again; until the signature check is in
/// the AIR (docs/zk.md), this is where an unsigned transfer is stopped.
#include <string_view>

#include "core/result.hpp"
#include "rollup/zk/account_tree.hpp"
#include "rollup/zk/winternitz.hpp"

namespace xway::zk {

/// Why a transfer was refused.
enum class AdmissionError {
  kIndexOutOfRange,  ///< sender or receiver outside the tree or the public data's 3 bytes
  kNotPackable,      ///< the amount or the fee has no 12-byte public-data encoding
  kWrongNonce,       ///< the nonce is not the sender's current nonce + 1
  kOverspend,        ///< amount + fee exceed the sender's balance
  kBadSignature,     ///< the signature does not verify under the sender's account key
};

/// One line naming the failure.
std::string_view describe(AdmissionError e);

/// The rollup's parameters an admission depends on.
struct AdmissionRules {
  std::size_t key_depth = 10;   ///< depth of every account's one-time key tree
  std::uint64_t domain_tag = 0;  ///< the rollup's signature domain (chain and contract)
};

/// Checks `transfer` with `signature` against `tree` under `rules`.
expected<void, AdmissionError> admit_transfer(const AccountTree& tree, const AdmissionRules& rules,
                                              const ZkTransfer& transfer, const TransferSignature& signature);

}  // namespace xway::zk
