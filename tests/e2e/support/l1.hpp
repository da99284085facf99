#pragma once
/// The shared L1 of an end-to-end test binary: one anvil started on first use (or the node at
/// $XWAY_L1_RPC), and a fixture that gives each test a fresh client and puts the chain back the
/// way it found it (evm_snapshot / evm_revert) when the test ends.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/uint256.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/anvil.hpp"
#include "eth/rpc_client.hpp"

namespace xway::e2e {

/// One wei-denominated ether.
inline const U256 kEther = U256(1'000'000'000'000'000'000ULL);

/// The L1 this process tests against.
class SharedL1 {
 public:
  /// Starts anvil on first call (or uses $XWAY_L1_RPC); later calls return the same one.
  /// Fails with one line when no L1 can be had.
  static Result<SharedL1*> get();

  /// The node's URL.
  const std::string& url() const { return url_; }
  /// Funded development keys.
  const std::vector<crypto::PrivateKey>& dev_keys() const { return keys_; }
  /// The anvil this process started; null when $XWAY_L1_RPC was given.
  eth::Anvil* anvil() { return anvil_.get(); }
  /// A new client to the node (its own nonce allocator and gas meter).
  std::unique_ptr<eth::RpcClient> connect() const;

 private:
  std::unique_ptr<eth::Anvil> anvil_;
  std::string url_;
  std::vector<crypto::PrivateKey> keys_;
};

/// A fixture over the shared L1: a fresh client per test, and the chain restored afterwards.
class L1Test : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  /// The test's client.
  eth::RpcClient& client() { return *client_; }
  /// The shared L1.
  SharedL1& l1() { return *l1_; }
  /// Development key `i` (funded with 10,000 ether on anvil).
  const crypto::PrivateKey& key(std::size_t i) const { return l1_->dev_keys().at(i); }
  /// The address of development key `i`.
  Address address(std::size_t i) const { return crypto::address_of(key(i)); }
  /// Sets an account's balance (anvil_setBalance).
  void fund(const Address& account, const U256& wei);
  /// Moves the chain's clock forward and mines a block stamped with the new time.
  void advance_time(std::chrono::seconds by);
  /// The latest block's timestamp.
  std::uint64_t chain_time();

 private:
  SharedL1* l1_ = nullptr;
  std::unique_ptr<eth::RpcClient> client_;
  std::string snapshot_;
};

/// A fresh random key, funded from development key 0 through `client` (a real transfer).
crypto::PrivateKey funded_key(eth::Client& client, const crypto::PrivateKey& funder, const U256& wei);

}  // namespace xway::e2e
