#pragma once
/// The PlasmaFramework contract on L1 (contracts/plasma/PlasmaFramework.sol) behind typed calls.
/// Every transaction is recorded in the client's GasMeter under "plasma.<function>"; a revert
/// comes back as a Failure naming the contract's custom error (for example
/// "startExit: NotOutputOwner(0x.., 0x..)").
#include <chrono>
#include <cstdint>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "crypto/merkle.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/client.hpp"
#include "eth/contract_caller.hpp"
#include "plasma/transaction.hpp"

namespace xway::plasma {

/// The production exit period.
inline constexpr std::chrono::seconds kDefaultExitPeriod{7 * 24 * 3600};

/// A block root the contract holds; `timestamp` 0 means no such block.
struct RootBlock {
  Hash32 root;
  std::uint64_t timestamp = 0;
};

/// Where an exit stands on L1 (the contract's ExitStatus).
enum class ExitStatus { kNone = 0, kActive = 1, kChallenged = 2, kFinalized = 3 };

/// An exit as the contract records it.
struct ExitRecord {
  Address owner;
  Address token;
  U256 amount = 0;
  U256 bond = 0;
  ExitStatus status = ExitStatus::kNone;
};

/// A DepositCreated event.
struct DepositEvent {
  Address owner;
  std::uint64_t blknum = 0;
  Address token;
  U256 amount = 0;
  std::uint64_t l1_block = 0;
};

/// A BlockSubmitted event.
struct SubmittedEvent {
  std::uint64_t blknum = 0;
  Hash32 root;
  std::uint64_t timestamp = 0;
  std::uint64_t l1_block = 0;
};

/// An ExitStarted event.
struct ExitStartedEvent {
  Address owner;
  Position position;
  Address token;
  U256 amount = 0;
  std::uint64_t exitable_at = 0;
};

/// The contract, through an L1 client.
class RootChain {
 public:
  /// Deploys PlasmaFramework with `from` as its operator.
  static Result<Address> deploy(eth::Client& client, const crypto::PrivateKey& from, std::chrono::seconds exit_period,
                                const U256& exit_bond);

  /// The contract at `contract`, reached through `client`.
  RootChain(eth::Client& client, const Address& contract) : client_(client), contract_(contract) {}

  /// The contract's address.
  const Address& address() const { return contract_; }
  /// The client it uses.
  eth::Client& client() { return client_; }

  /// Operator: commits the root of the next child block; returns its block number.
  Result<std::uint64_t> submit_block(const crypto::PrivateKey& op, const Hash32& root);
  /// Deposits `amount` wei; returns the deposit's block number.
  Result<std::uint64_t> deposit(const crypto::PrivateKey& from, const U256& amount);
  /// Approves and deposits `amount` of ERC-20 `token`; returns the deposit's block number.
  Result<std::uint64_t> deposit_token(const crypto::PrivateKey& from, const Address& token, const U256& amount);
  /// Starts the exit of the output at `pos` of `tx`, proven by `proof`, posting the exit bond.
  Result<eth::Receipt> start_exit(const crypto::PrivateKey& from, const Position& pos, const SignedTransaction& tx,
                                  const crypto::MerkleProof& proof);
  /// Challenges the exit of `exiting` with `spend`, whose input `input_index` spends it.
  Result<eth::Receipt> challenge_exit(const crypto::PrivateKey& from, const Position& exiting,
                                      const SignedTransaction& spend, std::size_t input_index);
  /// Pays up to `max_count` due exits of `token`.
  Result<eth::Receipt> process_exits(const crypto::PrivateKey& from, const Address& token, std::uint64_t max_count);

  /// The root and time of block `blknum`.
  Result<RootBlock> block(std::uint64_t blknum);
  /// The number the next operator block will take.
  Result<std::uint64_t> next_child_block();
  /// The exit of the output at `pos`.
  Result<ExitRecord> exit(const Position& pos);
  /// Queued exit entries of `token`.
  Result<std::uint64_t> queue_length(const Address& token);
  /// The bond every exit posts.
  Result<U256> exit_bond();
  /// The exit period in seconds.
  Result<std::uint64_t> exit_period();
  /// The EIP-712 domain separator owners sign under.
  Result<Hash32> domain_separator();
  /// The contract's ether balance.
  Result<U256> balance();

  /// Deposits in L1 blocks [from, to].
  Result<std::vector<DepositEvent>> deposits(std::uint64_t from, std::uint64_t to);
  /// Submitted block roots in L1 blocks [from, to].
  Result<std::vector<SubmittedEvent>> submitted(std::uint64_t from, std::uint64_t to);
  /// Exits started in L1 blocks [from, to].
  Result<std::vector<ExitStartedEvent>> exits_started(std::uint64_t from, std::uint64_t to);

 private:
  Result<eth::Receipt> send(const crypto::PrivateKey& from, std::string_view what, Bytes data, const U256& value = 0);
  Result<Bytes> view(std::string_view what, Bytes data);
  Result<std::vector<eth::Log>> logs(const Hash32& topic, std::uint64_t from, std::uint64_t to);

  eth::ContractCaller caller() const;
  eth::Client& client_;
  Address contract_;
};

}  // namespace xway::plasma
