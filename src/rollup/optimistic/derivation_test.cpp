// Derivation from L1 inputs (deposits, forced entries, tokens, posted batches with payloads): the
// root is the one the sequencer's own execution reaches, a reading that disagrees with what the
// contract committed stops at that batch, and the batch reader takes exactly the payload the
// contract hashed, whichever valid ABI layout carried it.
#include "rollup/optimistic/derivation.hpp"

#include <gtest/gtest.h>

#include "crypto/keccak.hpp"
#include "rollup/optimistic/batch_reader.hpp"
#include "rollup/optimistic/challenger.hpp"

namespace xway::optimistic {
namespace {

using namespace xway::ledger;
constexpr LedgerParams kParams{.account_depth = 32, .token_depth = 16, .fee_account = 0};
constexpr std::uint64_t kChain = 42069;
const U256 kFee(21'000 * 3);

crypto::PrivateKey key_of(std::uint8_t n) {
  Hash32 s;
  s[31] = n;
  s[0] = 1;
  return crypto::PrivateKey::from_bytes(s.view()).value();
}
Address addr(std::uint8_t n) { return crypto::address_of(key_of(n)); }

/// Inputs as the contract would hold them: each batch posted with its commitment.
class DerivationInputs : public ::testing::Test {
 protected:
  StepContext ctx() const {
    StepContext c;
    c.chain_id = kChain;
    c.tokens = inputs_.tokens;
    return c;
  }
  void queue(std::uint8_t who, const U256& amount) { inputs_.deposits.push_back({addr(who), kEth, amount}); }

  /// A transfer from account `from` (key `from`) to account `to` (key `to`) at `nonce`.
  BatchTransfer transfer(AccountIndex from, AccountIndex to, const U256& amount, Nonce nonce) {
    BatchTransfer e{from, to, false, std::nullopt, kEth, amount, kFee, {}};
    e.signature = crypto::sign(key_of(static_cast<std::uint8_t>(from)),
                               entry_signing_hash(e, nonce, addr(static_cast<std::uint8_t>(to)), ctx()));
    return e;
  }

  /// Posts `b` as the contract records it, executing it on the sequencer's ledger.
  void post(const Batch& b) {
    const std::uint64_t d0 = inputs_.batches.empty() ? 0 : inputs_.batches.back().deposits_end;
    const std::uint64_t f0 = inputs_.batches.empty() ? 0 : inputs_.batches.back().forced_end;
    std::vector<BatchTransfer> forced;
    for (std::uint64_t i = f0; i < f0 + b.forced_count; ++i) forced.push_back(decode_entry(inputs_.forced[i]).value());
    const auto steps = steps_of(b, std::span(inputs_.deposits).subspan(d0, b.deposit_accounts.size()), forced);
    PostedBatchRecord r;
    r.index = inputs_.batches.size();
    r.payload = encode_batch(b).value();
    r.payload_hash = crypto::keccak256(r.payload);
    r.steps = steps.size();
    r.steps_root = steps_tree(steps).root();
    r.deposits_end = d0 + b.deposit_accounts.size();
    r.forced_end = f0 + b.forced_count;
    r.token_count = inputs_.tokens.size();
    inputs_.batches.push_back(r);
    last_ = BatchExecution::run(sequencer_, steps, ctx());
  }

  L1Inputs inputs_;
  KeccakLedger sequencer_ = KeccakLedger::create(kParams).value();
  std::optional<BatchExecution> last_;
};

TEST_F(DerivationInputs, ReachesTheSequencersRootBatchByBatch) {
  queue(100, U256(1));
  queue(1, U256(1'000'000'000'000ULL));
  queue(2, U256(1'000'000));
  post(Batch{{0, 1, 2}, 0, {transfer(1, 2, U256(1000), 0)}});
  inputs_.forced.push_back(encode_entry(transfer(2, 1, U256(7), 0)).value());
  post(Batch{{}, 1, {transfer(1, 2, U256(2000), 1)}});
  auto d = Derivation::create(kParams, kChain);
  ASSERT_TRUE(d);
  auto fresh = d->advance(inputs_);
  ASSERT_TRUE(fresh) << describe(fresh.error());
  ASSERT_EQ(fresh->size(), 2u);
  EXPECT_EQ(d->ledger().root(), sequencer_.root());
  EXPECT_EQ(fresh->back().claim, last_->claim(last_->steps()));
  EXPECT_EQ(fresh->back().claims_root, last_->claims_root());
  EXPECT_EQ(fresh->back().steps, 2u);
  EXPECT_EQ(fresh->back().applied, 2u);
  EXPECT_EQ(d->ledger().balance(1, kEth), U256(1'000'000'000'000ULL) - U256(3000) - kFee * 2 + U256(7));
  // Nothing new: advancing again derives nothing.
  EXPECT_TRUE(d->advance(inputs_)->empty());
}

TEST_F(DerivationInputs, ReplayGivesThePreStateAndTheHonestExecutionOfABatch) {
  queue(100, U256(1));
  queue(1, U256(1'000'000));
  post(Batch{{0, 1}, 0, {}});
  const Hash32 before = sequencer_.root();
  post(Batch{{}, 0, {transfer(1, 0, U256(10), 0)}});
  auto d = Derivation::create(kParams, kChain).value();
  ASSERT_TRUE(d.advance(inputs_));
  auto r = d.replay(inputs_, 1);
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(r->pre.root(), before);
  EXPECT_EQ(r->execution.claim(1), last_->claim(1));
}

TEST_F(DerivationInputs, AStepsRootThatDisagreesWithTheContractStopsAtThatBatch) {
  queue(100, U256(1));
  post(Batch{{0}, 0, {}});
  queue(1, U256(50));
  post(Batch{{1}, 0, {}});
  inputs_.batches[1].steps_root[0] ^= 1;
  auto d = Derivation::create(kParams, kChain).value();
  auto r = d.advance(inputs_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), DeriveError::kStepsRootDisagrees);
  EXPECT_EQ(d.failed_batch(), std::optional<std::uint64_t>(1));
  EXPECT_EQ(d.batches().size(), 1u) << "the batches before it stay derived";
}

TEST_F(DerivationInputs, MissingQueueEntriesAndBadPayloadsAreNamed) {
  queue(100, U256(1));
  post(Batch{{0}, 0, {}});
  L1Inputs short_of_deposits = inputs_;
  short_of_deposits.deposits.clear();
  EXPECT_EQ(batch_input(short_of_deposits, 0, kChain).error(), DeriveError::kMissingQueueEntry);
  L1Inputs garbled = inputs_;
  garbled.batches[0].payload = {9, 9, 9};
  EXPECT_EQ(batch_input(garbled, 0, kChain).error(), DeriveError::kBadPayload);
  L1Inputs miscounted = inputs_;
  miscounted.batches[0].steps = 2;
  EXPECT_EQ(batch_input(miscounted, 0, kChain).error(), DeriveError::kCountsDisagree);
  EXPECT_EQ(batch_input(inputs_, 1, kChain).error(), DeriveError::kNoSuchBatch);
}

TEST(BatchReader, TakesThePayloadTheContractHashed) {
  const Bytes payload = {2, 0, 0, 0};
  const Bytes input = submit_batch_input(payload);
  auto r = read_batch_input(input, crypto::keccak256(payload));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, payload);
  EXPECT_EQ(read_batch_input(input, Hash32{}).error(), BatchReadError::kPayloadHashMismatch);
}

TEST(BatchReader, AcceptsANonCanonicalLayoutSolidityAcceptsToo) {
  // The bytes' offset points past a gap, and junk trails: Solidity's decoder takes it, so must we.
  const Bytes payload = {2, 0, 0, 0};
  Bytes input = submit_batch_input(payload);
  Bytes lax(input.begin(), input.begin() + 4);
  Bytes offset(32, 0);
  offset[31] = 0x40;
  append(lax, offset);
  append(lax, Bytes(32, 0xee));                         // a gap
  append(lax, ByteView(input).subspan(4 + 32));          // length and data
  append(lax, Bytes{1, 2, 3});                           // trailing bytes
  auto r = read_batch_input(lax, crypto::keccak256(payload));
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(*r, payload);
}

TEST(BatchReader, OtherCallsAndTruncatedCalldataAreRefused) {
  EXPECT_EQ(submit_batch_payload(Bytes{0xa9, 0x05, 0x9c, 0xbb}).error(), BatchReadError::kNotSubmitBatch);
  Bytes input = submit_batch_input(Bytes{2, 0, 0, 0});
  input.resize(40);
  EXPECT_EQ(submit_batch_payload(input).error(), BatchReadError::kBadCalldata);
}

}  // namespace
}  // namespace xway::optimistic
