#pragma once
/// The optimistic rollup's L1 contracts (contracts/optimistic/OptimisticRollup.sol and
/// OneStepProver.sol) behind typed calls over eth::Client. Every transaction is recorded in the
/// client's GasMeter under "optimistic.<function>"; a revert comes back as a Failure naming the
/// contract's custom error (for example "submitBatch: ForcedInclusionMissed(0, 1764806400)").
#include <chrono>
#include <cstdint>
#include <vector>

#include "core/result.hpp"
#include "core/uint256.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/client.hpp"
#include "eth/contract_caller.hpp"
#include "ledger/types.hpp"
#include "rollup/optimistic/bisection.hpp"

namespace xway::optimistic {

/// The production challenge window.
inline constexpr std::chrono::seconds kDefaultChallengePeriod{7 * 24 * 3600};
/// The production deadline of one bisection move.
inline constexpr std::chrono::seconds kDefaultMoveTimeout{24 * 3600};
/// The production forced-inclusion delay.
inline constexpr std::chrono::seconds kDefaultForcedDelay{24 * 3600};
/// The L2 chain id the optimistic rollup defaults to (docs/l2-transactions.md).
inline constexpr std::uint64_t kDefaultChainId = 42069;

/// A deployment's parameters.
struct RollupConfig {
  std::uint64_t chain_id = kDefaultChainId;          ///< L2 chain id transactions are signed for
  ledger::LedgerParams ledger{};                      ///< the ledger's shape and fee account
  std::chrono::seconds challenge_period = kDefaultChallengePeriod;
  std::chrono::seconds move_timeout = kDefaultMoveTimeout;
  std::chrono::seconds forced_delay = kDefaultForcedDelay;
  U256 proposal_bond = U256(1'000'000'000'000'000'000ULL);    ///< 1 ether
  U256 challenger_bond = U256(1'000'000'000'000'000'000ULL);  ///< 1 ether
};

/// A batch as the contract holds it.
struct BatchRecord {
  Hash32 payload_hash;
  Hash32 steps_root;
  std::uint64_t steps = 0;
  std::uint64_t deposits_end = 0;
  std::uint64_t forced_end = 0;
  std::uint64_t token_count = 0;  ///< token ids below this were registered when it was posted
};

/// A proposal as the contract holds it; `proposer` zero means none.
struct ProposalRecord {
  Hash32 state_root;
  Hash32 withdrawal_root;
  Hash32 claims_root;
  Address proposer;
  std::uint64_t timestamp = 0;
  std::uint64_t active_games = 0;
  std::uint64_t id = 0;  ///< unique per proposal ever made: a re-proposal at the same index has a new id
};

/// Whose move a game waits for (the contract's TURN_*).
enum class Turn { kNone = 0, kProposer = 1, kChallenger = 2, kStep = 3 };

/// A bisection game as the contract holds it.
struct GameRecord {
  std::uint64_t proposal = 0;
  Address challenger;
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
  Hash32 claim_lo;
  Hash32 claim_hi;
  Hash32 claim_mid;
  std::uint64_t deadline = 0;
  Turn turn = Turn::kNone;
  std::uint64_t proposal_id = 0;  ///< the id of the proposal it disputes (void once that is deleted)
};

/// A queued deposit with its queue index (from a DepositQueued event).
struct DepositEvent {
  std::uint64_t index = 0;
  QueuedDeposit deposit;
};

/// The contracts, through an L1 client.
class RollupContract {
 public:
  /// Deploys OneStepProver and OptimisticRollup (genesis = the empty ledger's root), with
  /// `sequencer` the only address that may post batches; returns the rollup's address.
  static Result<Address> deploy(eth::Client& client, const crypto::PrivateKey& from, const Address& sequencer,
                                const RollupConfig& config);

  /// The rollup at `contract`, reached through `client`.
  RollupContract(eth::Client& client, const Address& contract) : client_(client), contract_(contract) {}

  /// The rollup's address.
  const Address& address() const { return contract_; }

  /// Deposits `amount` wei for `l2_address`; returns the deposit's queue index.
  Result<std::uint64_t> deposit_eth(const crypto::PrivateKey& from, const Address& l2_address, const U256& amount);
  /// Approves and deposits `amount` of ERC-20 `token` for `l2_address`; returns the queue index.
  Result<std::uint64_t> deposit_token(const crypto::PrivateKey& from, const Address& token, const Address& l2_address,
                                      const U256& amount);
  /// Queues `entry` for forced inclusion; returns its index in the forced queue.
  Result<std::uint64_t> force_include(const crypto::PrivateKey& from, const BatchTransfer& entry);
  /// Sequencer: posts `batch`; returns the receipt (its gas is the batch's L1 cost).
  Result<eth::Receipt> submit_batch(const crypto::PrivateKey& sequencer, const Batch& batch);
  /// Sequencer: posts raw payload bytes (for tests of what the contract refuses).
  Result<eth::Receipt> submit_payload(const crypto::PrivateKey& sequencer, ByteView payload);
  /// Proposes the state after batch `index` (claims from `x`), posting the proposal bond.
  Result<eth::Receipt> propose(const crypto::PrivateKey& from, std::uint64_t index, const BatchExecution& x);
  /// Proposes raw roots (a dishonest or hand-made proposal), posting the proposal bond.
  Result<eth::Receipt> propose_roots(const crypto::PrivateKey& from, std::uint64_t index, const Hash32& state_root,
                                     const Hash32& withdrawal_root, const Hash32& claims_root);
  /// Challenges proposal `index`, posting the challenger bond; returns the game id.
  Result<std::uint64_t> challenge(const crypto::PrivateKey& from, std::uint64_t index);
  /// Proposer: reveals its claim at the game's midpoint.
  Result<eth::Receipt> reveal(const crypto::PrivateKey& from, std::uint64_t game, const Reveal& r);
  /// Challenger: agrees or disagrees with the revealed claim.
  Result<eth::Receipt> choose(const crypto::PrivateKey& from, std::uint64_t game, bool agree);
  /// Anyone: executes the game's one disputed step.
  Result<eth::Receipt> prove_step(const crypto::PrivateKey& from, std::uint64_t game, const OneStepProof& p);
  /// Anyone: ends a game whose player to move missed the deadline.
  Result<eth::Receipt> timeout(const crypto::PrivateKey& from, std::uint64_t game);
  /// Anyone: closes a game whose proposal another game deleted, refunding its challenger's bond.
  Result<eth::Receipt> cancel(const crypto::PrivateKey& from, std::uint64_t game);
  /// Anyone: makes proposal `index` final after its window.
  Result<eth::Receipt> finalize(const crypto::PrivateKey& from, std::uint64_t index);
  /// Anyone: pays withdrawal `w` of final batch `batch`, proven by `proof` in its withdrawal tree.
  Result<eth::Receipt> claim_withdrawal(const crypto::PrivateKey& from, std::uint64_t batch, const WithdrawalRecord& w,
                                        const crypto::SmtProof<Hash32>& proof);
  /// Pays the caller the bonds and rewards it is owed.
  Result<eth::Receipt> claim_bonds(const crypto::PrivateKey& from);

  /// Batch `index`.
  Result<BatchRecord> batch(std::uint64_t index);
  /// Posted batches.
  Result<std::uint64_t> batch_count();
  /// Proposal `index` (zero proposer when there is none).
  Result<ProposalRecord> proposal(std::uint64_t index);
  /// Proposals standing (final or not).
  Result<std::uint64_t> proposal_count();
  /// Final proposals.
  Result<std::uint64_t> finalized_count();
  /// Game `id`.
  Result<GameRecord> game(std::uint64_t id);
  /// What `who` may claim with claim_bonds.
  Result<U256> claimable(const Address& who);
  /// Deposits ever queued.
  Result<std::uint64_t> deposit_count();
  /// The ERC-20 addresses by token id at present ([0] = ETH, zero).
  Result<std::vector<Address>> tokens();
  /// Whether withdrawal `step` of `batch` was paid.
  Result<bool> withdrawal_claimed(std::uint64_t batch, std::uint64_t step);
  /// The rollup's ether balance.
  Result<U256> balance();
  /// Deposits queued in L1 blocks [from, to].
  Result<std::vector<DepositEvent>> deposits(std::uint64_t from, std::uint64_t to);

 private:
  Result<eth::Receipt> send(const crypto::PrivateKey& from, std::string_view what, Bytes data, const U256& value = 0);
  Result<Bytes> view(std::string_view what, Bytes data);

  eth::ContractCaller caller() const;
  eth::Client& client_;
  Address contract_;
};

}  // namespace xway::optimistic
