#include "rollup/optimistic/sequencer.hpp"

#include <gtest/gtest.h>

#include "crypto/keccak.hpp"
#include "store/memory_db.hpp"

namespace xway::optimistic {
namespace {

using l2rpc::TxError;

const U256 kPrice = 1'000;
const U256 kFee = kPrice * 21'000;

crypto::PrivateKey key(std::uint8_t n) {
  FixedBytes<32> secret;
  secret[31] = n;
  return *crypto::PrivateKey::from_bytes(secret.view());
}
Address addr_of(std::uint8_t n) { return crypto::address_of(key(n)); }
Address fee_address() {
  Address a;
  a[0] = 0xfe;
  return a;
}

/// Raw bytes of an ETH transfer signed by key `from`.
Bytes transfer(std::uint8_t from, const Address& to, U256 value, std::uint64_t nonce, U256 price = kPrice,
               std::uint64_t chain_id = 42069) {
  eth::Eip1559Tx tx{chain_id, nonce, price, price, 21'000, to, value, {}, {}};
  return eth::encode(eth::sign(tx, key(from)));
}

class SequencerTest : public ::testing::Test {
 protected:
  void SetUp() override { open(); }
  void open() {
    SequencerConfig config;
    config.rules.min_gas_price = kPrice;
    auto s = Sequencer::open(db_, config, clock_);
    ASSERT_TRUE(s) << describe(s.error());
    seq_ = std::move(*s);
  }
  /// Funds key 1 with `amount` after binding the fee account to index 0.
  void fund(U256 amount) {
    seq_->deposit({fee_address(), ledger::kEth, 0});
    seq_->deposit({addr_of(1), ledger::kEth, amount});
    ASSERT_TRUE(seq_->seal());
  }
  expected<Hash32, TxError> submit(const Bytes& raw) {
    auto tx = l2rpc::decode_and_recover(raw, seq_->config().rules);
    if (!tx) return unexpected(tx.error());
    return seq_->admit(std::move(*tx));
  }
  store::MemoryDb db_;
  ManualClock clock_;
  std::unique_ptr<Sequencer> seq_;
};

TEST_F(SequencerTest, TransferMovesAmountAndFee) {
  fund(1'000'000'000);
  ASSERT_TRUE(submit(transfer(1, addr_of(2), 500, 0)));
  auto sealed = seq_->seal();
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed->block.transactions.size(), 1u);
  EXPECT_TRUE(sealed->rejected.empty());
  EXPECT_EQ(seq_->balance(addr_of(2)), U256(500));
  EXPECT_EQ(seq_->balance(addr_of(1)), U256(1'000'000'000) - 500 - kFee);
  EXPECT_EQ(seq_->balance(fee_address()), kFee);
  EXPECT_EQ(seq_->nonce(addr_of(1), false), 1u);
}

}  // namespace
}  // namespace xway::optimistic
