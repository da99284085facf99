// `xway sidechain bridge-deploy|deposit|sign-release|withdraw-release|bridge-status` as a user runs
// them, against anvil: a deposit is locked, two of three members sign, one signature is refused,
// two pay the recipient (balance read back from L1), and the same burn is refused a second time.
#include <filesystem>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "store/temp_dir.hpp"
#include "support/l1.hpp"
#include "support/xway_cli.hpp"

namespace xway::e2e {
namespace {

class SidechainBridgeCli : public L1Test {
 protected:
  std::string common() {
    return fmt::format("--l1-rpc {} --deployment {} --json", l1().url(), (dir_.path() / "deployment.json").string());
  }
  std::string as(std::size_t k) const { return " --private-key " + to_hex(key(k).secret().view()); }

  store::TempDir dir_;
};

TEST_F(SidechainBridgeCli, DepositSignRelayAndStatus) {
  std::vector<crypto::PrivateKey> members;
  std::string list;
  for (int i = 0; i < 3; ++i) {
    members.push_back(crypto::PrivateKey::generate());
    list += (i ? "," : "") + crypto::to_checksum_hex(crypto::address_of(members.back()));
  }
  auto dep = run_xway("sidechain bridge-deploy " + common() + as(0) + " --members " + list +
                      " --threshold 2 --validators " + list + " --checkpoint-interval 10");
  ASSERT_EQ(dep.status, 0) << dep.out;
  EXPECT_TRUE(nlohmann::json::parse(dep.out).contains("checkpoints"));

  auto d = run_xway("sidechain deposit " + common() + as(1) + " --amount 3000000000000000000");
  ASSERT_EQ(d.status, 0) << d.out;
  EXPECT_EQ(nlohmann::json::parse(d.out)["deposit_id"].get<std::uint64_t>(), 1U);

  const Address recipient = crypto::address_of(crypto::PrivateKey::generate());
  const std::string burn = " --recipient " + crypto::to_checksum_hex(recipient) +
                           " --amount 1000000000000000000 --burn-id 0x" + std::string(62, '0') + "2a";
  std::vector<std::string> sigs;
  for (int i = 0; i < 2; ++i) {
    auto s = run_xway("sidechain sign-release " + common() + burn + " --federation-key " +
                      to_hex(members[i].secret().view()) + " --data-dir " + (dir_.path() / fmt::format("m{}", i)).string());
    ASSERT_EQ(s.status, 0) << s.out;
    sigs.push_back(nlohmann::json::parse(s.out)["signature"].get<std::string>());
  }
  auto one = run_xway("sidechain withdraw-release " + common() + as(2) + burn + " --signature " + sigs[0]);
  EXPECT_NE(one.status, 0);
  EXPECT_EQ(client().balance(recipient, eth::BlockRef::latest()).value(), 0);

  auto ok = run_xway("sidechain withdraw-release " + common() + as(2) + burn + " --signature " + sigs[1] +
                     " --signature " + sigs[0]);
  ASSERT_EQ(ok.status, 0) << ok.out;
  EXPECT_EQ(client().balance(recipient, eth::BlockRef::latest()).value(), kEther);
  auto again = run_xway("sidechain withdraw-release " + common() + as(2) + burn + " --signature " + sigs[0] +
                        " --signature " + sigs[1]);
  EXPECT_NE(again.status, 0);
  EXPECT_EQ(client().balance(recipient, eth::BlockRef::latest()).value(), kEther);

  auto st = run_xway("sidechain bridge-status " + common() + " --burn-id 0x" + std::string(62, '0') + "2a");
  ASSERT_EQ(st.status, 0) << st.out;
  const auto j = nlohmann::json::parse(st.out);
  EXPECT_EQ(j["deposits"].get<std::uint64_t>(), 1U);
  EXPECT_EQ(j["threshold"].get<std::uint64_t>(), 2U);
  EXPECT_EQ(j["locked_wei"].get<std::string>(), "2000000000000000000");
  EXPECT_TRUE(j["released"].get<bool>());
  EXPECT_EQ(j["checkpoints"]["count"].get<std::uint64_t>(), 0U);
}

TEST_F(SidechainBridgeCli, BadInputIsRefusedWithoutSending) {
  auto no_members = run_xway("sidechain bridge-deploy " + common() + as(0) + " --members 0x12 --threshold 1");
  EXPECT_NE(no_members.status, 0);
  auto no_bridge = run_xway("sidechain deposit " + common() + as(1) + " --amount 5");
  EXPECT_NE(no_bridge.status, 0);
  auto help = run_xway("sidechain withdraw-release --help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("--signature"), std::string::npos);
}

}  // namespace
}  // namespace xway::e2e
