// `xway plasma` as a user runs it: deploy records the contract, deposit moves ether into it (read
// back from L1), status reports it, and a bad amount is refused with exit code 1 and no change.
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "support/l1.hpp"
#include "support/xway_cli.hpp"

namespace xway::e2e {
namespace {

CliRun xway(const std::string& args) { return run_xway(args); }

class PlasmaCli : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    file_ = std::filesystem::temp_directory_path() / fmt::format("xway_plasma_cli_{}.json", ::getpid());
    std::filesystem::remove(file_);
  }
  void TearDown() override {
    std::filesystem::remove(file_);
    L1Test::TearDown();
  }
  std::string common(std::size_t k) {
    return fmt::format("--l1-rpc {} --deployment {} --private-key {} --json", l1().url(), file_.string(),
                       to_hex(key(k).secret().view()));
  }
  std::filesystem::path file_;
};

TEST_F(PlasmaCli, DeployDepositAndStatusAgreeWithL1) {
  const auto dep = xway("plasma deploy " + common(0));
  ASSERT_EQ(dep.status, 0) << dep.out;
  const auto contract = crypto::parse_address(nlohmann::json::parse(dep.out)["contract"].get<std::string>());
  ASSERT_TRUE(contract);
  const auto d = xway("plasma deposit --amount 1000000000000000000 " + common(1));
  ASSERT_EQ(d.status, 0) << d.out;
  EXPECT_EQ(nlohmann::json::parse(d.out)["blknum"].get<std::uint64_t>(), 1U);
  EXPECT_EQ(client().balance(*contract, eth::BlockRef::latest()).value(), kEther);
  const auto st = xway("plasma status " + common(0));
  ASSERT_EQ(st.status, 0) << st.out;
  const auto j = nlohmann::json::parse(st.out);
  EXPECT_EQ(j["held_wei"], "1000000000000000000");
  EXPECT_EQ(j["exit_period_s"].get<std::uint64_t>(), 7U * 24 * 3600);
  EXPECT_EQ(j["next_child_block"].get<std::uint64_t>(), 1000U);
}

TEST_F(PlasmaCli, ZeroAmountDepositIsRefusedAndChangesNothing) {
  const auto dep = xway("plasma deploy " + common(0));
  ASSERT_EQ(dep.status, 0) << dep.out;
  const auto contract = crypto::parse_address(nlohmann::json::parse(dep.out)["contract"].get<std::string>());
  ASSERT_TRUE(contract);
  const auto d = xway("plasma deposit --amount 0 " + common(1));
  EXPECT_EQ(d.status, 1);
  EXPECT_EQ(client().balance(*contract, eth::BlockRef::latest()).value(), 0);
}

}  // namespace
}  // namespace xway::e2e
