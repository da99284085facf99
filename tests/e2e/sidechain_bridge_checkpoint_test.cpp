// SidechainCheckpoints on a real anvil: a checkpoint signed by more than 2/3 of the validators is
// stored and readable, and proves a block hash; 2/3 or less is refused (4, 7 and 10 validators),
// as are a wrong range, a non-validator's signature and signatures over another root. Gas printed.
#include <cstdio>

#include <gtest/gtest.h>

#include "sidechain/checkpoint.hpp"
#include "sidechain/checkpoint_contract.hpp"
#include "sidechain/federation_quorum.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using namespace xway::sidechain;

constexpr std::uint64_t kInterval = 8;

std::vector<Hash32> block_hashes(std::uint64_t from, std::uint64_t count) {
  std::vector<Hash32> out;
  for (std::uint64_t h = from; h < from + count; ++h) {
    Hash32 x;
    x[0] = 0xbb;
    x[31] = static_cast<std::uint8_t>(h);
    x[30] = static_cast<std::uint8_t>(h >> 8);
    out.push_back(x);
  }
  return out;
}

class SidechainCheckpoints : public L1Test {
 protected:
  void deploy(std::size_t validators) {
    validators_.clear();
    for (std::size_t i = 0; i < validators; ++i) validators_.push_back(crypto::PrivateKey::generate());
    auto addr = CheckpointContract::deploy(client(), key(0), 777, kInterval, 1, sorted_addresses(validators_));
    ASSERT_TRUE(addr) << addr.error().message;
    contract_ = std::make_unique<CheckpointContract>(client(), *addr);
    auto d = contract_->domain();
    ASSERT_TRUE(d) << d.error().message;
    domain_ = *d;
  }

  std::vector<Bytes> sign_by(std::size_t m, const Checkpoint& c) {
    std::vector<crypto::PrivateKey> keys(validators_.begin(), validators_.begin() + static_cast<std::ptrdiff_t>(m));
    return sign_sorted(keys, checkpoint_digest(domain_, c));
  }

  std::vector<crypto::PrivateKey> validators_;
  std::unique_ptr<CheckpointContract> contract_;
  CheckpointDomain domain_;
};

TEST_F(SidechainCheckpoints, MoreThanTwoThirdsIsStoredAndProvesABlock) {
  deploy(4);
  const auto hashes = block_hashes(1, kInterval);
  const Checkpoint c = make_checkpoint(1, hashes).value();
  EXPECT_EQ(c.to_height, kInterval);
  eth::Receipt receipt;
  auto index = contract_->post(key(1), c, sign_by(3, c), &receipt);
  ASSERT_TRUE(index) << index.error().message;
  EXPECT_EQ(*index, 0U);
  std::printf("gas: checkpoint (3 of 4) %llu\n", static_cast<unsigned long long>(receipt.gas_used));
  auto stored = contract_->checkpoint(0);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->checkpoint, c);
  EXPECT_GT(stored->posted_at, 0U);
  EXPECT_EQ(contract_->count().value(), 1U);
  EXPECT_EQ(contract_->next_height().value(), kInterval + 1);

  auto proof = prove_block(1, hashes, 5);
  ASSERT_TRUE(proof);
  EXPECT_TRUE(contract_->verify_block(0, 5, hashes[4], *proof).value());
  EXPECT_FALSE(contract_->verify_block(0, 5, hashes[3], *proof).value());
  EXPECT_FALSE(contract_->verify_block(0, 6, hashes[4], *proof).value());
}

TEST_F(SidechainCheckpoints, TwoThirdsOrLessIsRefused) {
  for (std::size_t n : {4U, 7U, 10U}) {
    deploy(n);
    const std::size_t quorum = checkpoint_quorum(n);
    EXPECT_GT(quorum * 3, n * 2);
    EXPECT_LE((quorum - 1) * 3, n * 2);
    const Checkpoint c = make_checkpoint(1, block_hashes(1, kInterval)).value();
    auto refused = contract_->post(key(1), c, sign_by(quorum - 1, c));
    ASSERT_FALSE(refused) << n;
    EXPECT_NE(refused.error().message.find("NoQuorum"), std::string::npos) << refused.error().message;
    EXPECT_EQ(contract_->count().value(), 0U);
    eth::Receipt receipt;
    auto ok = contract_->post(key(1), c, sign_by(quorum, c), &receipt);
    ASSERT_TRUE(ok) << n << ": " << ok.error().message;
    std::printf("gas: checkpoint (%zu of %zu) %llu\n", quorum, n, static_cast<unsigned long long>(receipt.gas_used));
  }
}

TEST_F(SidechainCheckpoints, CheckpointsAreContiguous) {
  deploy(4);
  const Checkpoint skip = make_checkpoint(kInterval + 1, block_hashes(kInterval + 1, kInterval)).value();
  auto r = contract_->post(key(1), skip, sign_by(4, skip));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("WrongRange"), std::string::npos) << r.error().message;
  const Checkpoint short_range = make_checkpoint(1, block_hashes(1, kInterval - 1)).value();
  ASSERT_FALSE(contract_->post(key(1), short_range, sign_by(4, short_range)));

  CheckpointSchedule schedule(kInterval, contract_->next_height().value());
  EXPECT_FALSE(schedule.due(kInterval - 1));
  for (int i = 0; i < 2; ++i) {
    auto due = schedule.due(100);
    ASSERT_TRUE(due);
    const Checkpoint c = make_checkpoint(due->first, block_hashes(due->first, kInterval)).value();
    ASSERT_TRUE(contract_->post(key(1), c, sign_by(3, c)));
    schedule.advance();
  }
  EXPECT_EQ(contract_->next_height().value(), schedule.next_from());
  EXPECT_EQ(contract_->checkpoint(1).value().checkpoint.from_height, kInterval + 1);
}

TEST_F(SidechainCheckpoints, ForgedSignaturesAreRefused) {
  deploy(4);
  const Checkpoint c = make_checkpoint(1, block_hashes(1, kInterval)).value();
  std::vector<crypto::PrivateKey> keys(validators_.begin(), validators_.begin() + 2);
  keys.push_back(crypto::PrivateKey::generate());
  auto outsider = contract_->post(key(1), c, sign_sorted(keys, checkpoint_digest(domain_, c)));
  ASSERT_FALSE(outsider);
  EXPECT_NE(outsider.error().message.find("NotASigner"), std::string::npos) << outsider.error().message;

  Checkpoint other = c;
  other.root[0] ^= 1;
  auto wrong_root = contract_->post(key(1), c, sign_by(4, other));
  ASSERT_FALSE(wrong_root);

  auto sigs = sign_by(2, c);
  sigs.push_back(sigs.back());
  auto dup = contract_->post(key(1), c, sigs);
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().message.find("SignersNotAscending"), std::string::npos) << dup.error().message;
  EXPECT_EQ(contract_->count().value(), 0U);
}

}  // namespace
}  // namespace xway::e2e
