#pragma once
/// The derivation rules of one batch step (docs/optimistic.md), as contracts/optimistic/
/// OneStepProver.sol executes them: what every node applies when it derives the L2 from L1, what
/// the proposer commits to and what the one-step fraud proof checks.
///
/// A batch's steps are, in order: the L1 deposits it consumes (each credits the account the batch
/// names), the forced entries it consumes, then its own entries. An entry is a transfer or a
/// withdrawal signed by the sender's standard EIP-1559 signature over the transaction it stands for
/// (docs/l2-transactions.md); its nonce is the sender's ledger nonce. A step that breaks any rule
/// is a no-op: the state is unchanged and the step still counts.
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "eth/transaction.hpp"
#include "ledger/ledger.hpp"
#include "rollup/optimistic/batch_codec.hpp"

namespace xway::optimistic {

/// The L2 address a withdrawal transaction is sent to.
Address withdrawal_address();
/// The gas limit of every L2 transaction: the fee is 21,000 x the gas price.
inline constexpr std::uint64_t kL2TxGas = 21'000;

/// The L1 facts a batch executes under.
struct StepContext {
  std::uint64_t chain_id = 42069;  ///< the L2 chain id transactions are signed for
  std::vector<Address> tokens;     ///< the L1 address of each token id known when the batch was posted ([0] = ETH)
};

/// A deposit as queued on L1.
struct QueuedDeposit {
  Address l2_address;               ///< who it is for on the L2
  ledger::TokenId token = ledger::kEth;  ///< its token id
  U256 amount = 0;                  ///< how much
};

/// One step of a batch.
struct Step {
  enum class Kind : std::uint8_t { kDeposit = 1, kEntry = 2 };
  Kind kind = Kind::kEntry;
  QueuedDeposit deposit;             ///< kDeposit: the queued deposit
  ledger::AccountIndex account = 0;  ///< kDeposit: the account the batch credits
  BatchTransfer entry;               ///< kEntry: the transfer or withdrawal
};

/// Why a step changed nothing (kApplied when it applied).
enum class StepRule {
  kApplied,
  kUnknownToken,        ///< an ERC-20 id the rollup had not registered when the batch was posted
  kBadFee,              ///< a fee that is not 21,000 x a gas price
  kHighS,               ///< s above half the curve order
  kLedger,              ///< the ledger refused the operation (`ledger_error` says why)
  kToWithdrawalAddress, ///< a transfer to the withdrawal address
  kBadSignature,        ///< the signature does not recover to the sender's address
};
/// One line naming the rule.
std::string_view describe(StepRule r);

/// A withdrawal a step made: paid on L1 from the batch's withdrawal tree, key = step index.
struct WithdrawalRecord {
  std::uint64_t step = 0;
  Address recipient;
  ledger::TokenId token = ledger::kEth;
  U256 amount = 0;
};

/// What one step did.
struct StepResult {
  StepRule rule = StepRule::kApplied;
  std::optional<ledger::LedgerError> ledger_error;  ///< with kLedger
  std::optional<WithdrawalRecord> withdrawal;       ///< an applied withdrawal
};

/// The steps of `batch`: `deposits` and `forced` are the queue entries it consumes, in order
/// (their counts must be the batch's).
std::vector<Step> steps_of(const Batch& batch, std::span<const QueuedDeposit> deposits,
                           std::span<const BatchTransfer> forced);

/// The ledger operation an entry stands for in `ledger`'s state (nonce = the sender's, receiver
/// address = the entry's new address or the one bound at `to`).
ledger::Operation entry_operation(const ledger::KeccakLedger& ledger, const BatchTransfer& entry);

/// The EIP-1559 transaction (unsigned) an entry stands for, at `nonce`, to `receiver`: with the
/// entry's signature it is, byte for byte, the transaction the sender signed.
eth::Eip1559Tx entry_transaction(const BatchTransfer& entry, std::uint64_t nonce, const Address& receiver,
                                 const StepContext& ctx);
/// The signing hash of the EIP-1559 transaction an entry stands for, at `nonce`, to `receiver`.
Hash32 entry_signing_hash(const BatchTransfer& entry, std::uint64_t nonce, const Address& receiver,
                          const StepContext& ctx);

/// Applies step `index` (its key in the withdrawal tree) to `ledger` by the derivation rules.
StepResult apply_step(ledger::KeccakLedger& ledger, const Step& step, std::uint64_t index, const StepContext& ctx);

/// The hash a deposit is queued under on L1: keccak256(abi.encode(address, uint256 token, amount)).
Hash32 deposit_hash(const QueuedDeposit& d);
/// The data of a step's leaf in the batch's steps tree (0x01 || deposit hash || account, or
/// 0x02 || keccak256(entry)).
Bytes step_leaf_data(const Step& step);
/// The data a one-step proof carries: abi.encode(address, token, amount, account) or the entry's bytes.
Bytes step_proof_data(const Step& step);

}  // namespace xway::optimistic
