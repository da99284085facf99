#include "support/l1.hpp"

#include <cstdlib>
#include <mutex>

#include "eth/rpc_error.hpp"

namespace xway::e2e {

Result<SharedL1*> SharedL1::get() {
  static std::mutex mutex;
  static std::unique_ptr<SharedL1> instance;
  static std::string failure;
  std::lock_guard lock(mutex);
  if (instance) return instance.get();
  if (!failure.empty()) return unexpected(Failure{failure});
  auto l1 = std::make_unique<SharedL1>();
  if (const char* url = std::getenv("XWAY_L1_RPC"); url != nullptr && *url != '\0') {
    l1->url_ = url;
    l1->keys_ = eth::well_known_dev_keys();
  } else {
    auto anvil = eth::Anvil::start();
    if (!anvil) {
      failure = anvil.error().message;
      return unexpected(anvil.error());
    }
    l1->url_ = (*anvil)->url();
    for (const auto& a : (*anvil)->accounts()) l1->keys_.push_back(a.key);
    l1->anvil_ = std::move(*anvil);
  }
  instance = std::move(l1);
  return instance.get();
}

std::unique_ptr<eth::RpcClient> SharedL1::connect() const {
  auto client = eth::RpcClient::connect(url_);
  // The URL came from anvil or the environment; a bad one is a broken test setup.
  if (!client) throw std::runtime_error(eth::describe(client.error()));
  return std::move(*client);
}

void L1Test::SetUp() {
  auto l1 = SharedL1::get();
  ASSERT_TRUE(l1) << "no L1 for the end-to-end tests: " << l1.error().message;
  l1_ = *l1;
  client_ = l1_->connect();
  auto snap = client_->snapshot();
  ASSERT_TRUE(snap) << eth::describe(snap.error());
  snapshot_ = *snap;
}

void L1Test::TearDown() {
  if (client_ && !snapshot_.empty()) {
    auto reverted = client_->revert(snapshot_);
    EXPECT_TRUE(reverted && *reverted) << "could not restore the L1 snapshot";
  }
}

void L1Test::fund(const Address& account, const U256& wei) {
  auto r = client_->set_balance(account, wei);
  ASSERT_TRUE(r) << eth::describe(r.error());
}

void L1Test::advance_time(std::chrono::seconds by) {
  auto t = client_->increase_time(by);
  ASSERT_TRUE(t) << eth::describe(t.error());
  auto m = client_->mine(1);
  ASSERT_TRUE(m) << eth::describe(m.error());
}

std::uint64_t L1Test::chain_time() {
  auto b = client_->block(eth::BlockRef::latest());
  EXPECT_TRUE(b && *b);
  return b && *b ? (*b)->timestamp : 0;
}

crypto::PrivateKey funded_key(eth::Client& client, const crypto::PrivateKey& funder, const U256& wei) {
  auto key = crypto::PrivateKey::generate();
  eth::TxRequest tx;
  tx.to = crypto::address_of(key);
  tx.value = wei;
  tx.gas_limit = 21'000;
  tx.label = "e2e.fund";
  auto r = client.send_transaction(funder, tx);
  if (!r) throw std::runtime_error("funding a test key failed: " + eth::describe(r.error()));
  return key;
}

}  // namespace xway::e2e
