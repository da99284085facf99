#include "eth/accounting.hpp"

#include <gtest/gtest.h>

namespace xway::eth {
namespace {

Receipt receipt(std::uint8_t tag, std::uint64_t gas, std::uint64_t price) {
  Receipt r;
  r.transaction_hash[0] = tag;
  r.block_number = tag;
  r.success = true;
  r.gas_used = gas;
  r.effective_gas_price = price;
  return r;
}

TEST(CalldataStats, CountsZeroAndNonZeroBytesAsEip2028Prices) {
  const Bytes data = {0, 0, 1, 0, 0xff, 7};
  const auto s = CalldataStats::of(data);
  EXPECT_EQ(s.bytes, 6u);
  EXPECT_EQ(s.zero_bytes, 3u);
  EXPECT_EQ(s.nonzero_bytes, 3u);
  EXPECT_EQ(s.intrinsic_gas(), 3u * 4 + 3u * 16);
  EXPECT_EQ(CalldataStats::of({}).intrinsic_gas(), 0u);
}

TEST(GasMeter, RecordsWeiPaidFromReceiptGasAndPrice) {
  GasMeter m;
  m.record("plasma.submit", receipt(1, 50'000, 2'000'000'000), Bytes{1, 0, 2});
  const auto entries = m.entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].label, "plasma.submit");
  EXPECT_EQ(entries[0].gas_used, 50'000u);
  EXPECT_EQ(entries[0].wei_paid, U256(50'000) * 2'000'000'000);
  EXPECT_EQ(entries[0].calldata.nonzero_bytes, 2u);
  EXPECT_EQ(entries[0].block_number, 1u);
}

TEST(GasMeter, TotalsPerLabelPrefixAndOverall) {
  GasMeter m;
  m.record("optimistic.batch", receipt(1, 100, 10), Bytes(10, 1));
  m.record("optimistic.batch", receipt(2, 200, 10), Bytes(5, 0));
  m.record("optimistic.propose", receipt(3, 300, 20), Bytes{});
  m.record("zk.prove", receipt(4, 1000, 1), Bytes(3, 9));

  const auto batch = m.totals("optimistic.batch");
  EXPECT_EQ(batch.transactions, 2u);
  EXPECT_EQ(batch.gas_used, 300u);
  EXPECT_EQ(batch.wei_paid, U256(3000));
  EXPECT_EQ(batch.calldata_bytes, 15u);
  EXPECT_EQ(batch.zero_bytes, 5u);
  EXPECT_EQ(batch.nonzero_bytes, 10u);

  const auto optimistic = m.totals_with_prefix("optimistic.");
  EXPECT_EQ(optimistic.transactions, 3u);
  EXPECT_EQ(optimistic.gas_used, 600u);
  EXPECT_EQ(optimistic.wei_paid, U256(3000 + 6000));

  EXPECT_EQ(m.totals_with_prefix("").gas_used, 1600u);
  EXPECT_EQ(m.totals("nothing").transactions, 0u);

  const auto by = m.by_label();
  ASSERT_EQ(by.size(), 3u);
  EXPECT_EQ(by.at("zk.prove").wei_paid, U256(1000));
  m.clear();
  EXPECT_TRUE(m.entries().empty());
}

}  // namespace
}  // namespace xway::eth
