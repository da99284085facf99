#pragma once
/// What the operator puts into a batch, in queue and arrival order: signed transfers (a deposit
/// is a transfer from the reserve, its signature ignored: L1 checks it against the queue) and key
/// registrations. These are the types the signature-checking prover takes (docs/zk.md, "The
/// operator and the CLI"); today's prover takes plain transfers, and operator_prover.cpp is the
/// one place that converts.
#include <cstdint>
#include <variant>

#include "rollup/zk/account_tree.hpp"
#include "rollup/zk/transfer_air.hpp"
#include "rollup/zk/winternitz.hpp"

namespace xway::zk {

/// A transfer with its sender's signature (ignored when the sender is the reserve).
struct SignedTransfer {
  ZkTransfer transfer;
  TransferSignature signature;
};

/// A key registration consumed from the L1 queue: `key` becomes the account key of `index`.
struct KeyRegistration {
  std::uint64_t index = 0;
  RescueDigest key{};
};

/// One operation of a batch.
using BatchOp = std::variant<SignedTransfer, KeyRegistration>;

/// The rollup's parameters the statement's signature check depends on.
struct ZkParams {
  std::size_t key_depth = 10;    ///< depth of every account's one-time key tree
  std::uint64_t domain_tag = 0;  ///< the rollup's signature domain (chain id and contract)
};

}  // namespace xway::zk
