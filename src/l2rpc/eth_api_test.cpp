#include "l2rpc/eth_api.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "crypto/keccak.hpp"
#include "l2rpc/l2_tx.hpp"

namespace xway::l2rpc {
namespace {

using net::Json;

crypto::PrivateKey key1() {
  FixedBytes<32> s;
  s[31] = 1;
  return *crypto::PrivateKey::from_bytes(s.view());
}

/// A backend with two blocks (0 empty, 1 with one transfer) and a fixed balance table; `submit`
/// applies the stateless rules only. A test double for the RPC layer's shapes and errors.
class FixedBackend final : public Backend {
 public:
  FixedBackend() {
    eth::Eip1559Tx body{42069, 0, 10, 10, 21'000, Address{}, 5, {}, {}};
    raw_ = eth::encode(eth::sign(body, key1()));
    tx_ = *decode_and_recover(raw_, TxRules{42069, 10});
    blocks_.push_back(BlockRecord{0, crypto::keccak256(as_bytes("b0")), Hash32{}, 100, {}, {}, {}});
    blocks_.push_back(BlockRecord{1, crypto::keccak256(as_bytes("b1")), blocks_[0].hash, 101, {}, {}, {tx_.hash}});
  }
  std::uint64_t chain_id() const override { return 42069; }
  std::uint64_t block_number() const override { return 1; }
  U256 balance(const Address& a) const override { return a == tx_.sender ? U256(1000) : U256(0); }
  std::uint64_t nonce(const Address&, bool pending) const override { return pending ? 2 : 1; }
  U256 gas_price() const override { return 10; }
  expected<Hash32, TxError> submit(ByteView raw) override {
    auto tx = decode_and_recover(raw, TxRules{42069, 10});
    if (!tx) return unexpected(tx.error());
    return tx->hash;
  }
  std::optional<TxRecord> transaction(const Hash32& h) const override {
    if (h != tx_.hash) return std::nullopt;
    return TxRecord{tx_.tx, tx_.sender, tx_.hash, TxLocation{1, blocks_[1].hash, 0}};
  }
  std::optional<BlockRecord> block(std::uint64_t n) const override {
    if (n >= blocks_.size()) return std::nullopt;
    return blocks_[n];
  }
  std::optional<BlockRecord> block_by_hash(const Hash32& h) const override {
    for (const auto& b : blocks_)
      if (b.hash == h) return b;
    return std::nullopt;
  }
  Bytes raw_;
  L2Tx tx_;
  std::vector<BlockRecord> blocks_;
};

class EthApiTest : public ::testing::Test {
 protected:
  EthApiTest() { EXPECT_TRUE(register_eth_api(d_, backend_)); }
  Json call(const std::string& method, Json params) {
    Json req{{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", std::move(params)}};
    return Json::parse(*d_.handle(req.dump()));
  }
  Json result(const std::string& method, Json params) {
    auto r = call(method, std::move(params));
    EXPECT_TRUE(r.contains("result")) << r.dump();
    return r["result"];
  }
  int error_code(const std::string& method, Json params) {
    auto r = call(method, std::move(params));
    EXPECT_TRUE(r.contains("error")) << r.dump();
    return r["error"].value("code", 0);
  }
  std::string sender() const { return to_hex(backend_.tx_.sender.view()); }
  std::string tx_hash() const { return to_hex(backend_.tx_.hash.view()); }
  FixedBackend backend_;
  net::RpcDispatcher d_;
};

TEST_F(EthApiTest, ChainIdBlockNumberAndPricesAreHexQuantities) {
  EXPECT_EQ(result("eth_chainId", Json::array()), "0xa455");
  EXPECT_EQ(result("net_version", Json::array()), "42069");
  EXPECT_EQ(result("eth_blockNumber", Json::array()), "0x1");
  EXPECT_EQ(result("eth_gasPrice", Json::array()), "0xa");
  EXPECT_EQ(result("eth_maxPriorityFeePerGas", Json::array()), "0xa");
}

TEST_F(EthApiTest, BalanceAndNonceReadTheLatestStateOnly) {
  EXPECT_EQ(result("eth_getBalance", {sender(), "latest"}), "0x3e8");
  EXPECT_EQ(result("eth_getBalance", {sender(), "0x1"}), "0x3e8");
  EXPECT_EQ(result("eth_getBalance", {sender(), {{"blockHash", to_hex(backend_.blocks_[1].hash.view())}}}), "0x3e8");
  EXPECT_EQ(error_code("eth_getBalance", {sender(), "0x0"}), kUnavailable);
  EXPECT_EQ(result("eth_getTransactionCount", {sender(), "latest"}), "0x1");
  EXPECT_EQ(result("eth_getTransactionCount", {sender(), "pending"}), "0x2");
}

TEST_F(EthApiTest, MalformedParametersAreInvalidParams) {
  EXPECT_EQ(error_code("eth_getBalance", {"0x1234", "latest"}), net::kInvalidParams);
  EXPECT_EQ(error_code("eth_getBalance", {42, "latest"}), net::kInvalidParams);
  EXPECT_EQ(error_code("eth_getBalance", {sender(), "0x01"}), net::kInvalidParams);  // not minimal
  EXPECT_EQ(error_code("eth_getBalance", {sender(), "yesterday"}), net::kInvalidParams);
  EXPECT_EQ(error_code("eth_getTransactionReceipt", {"0xabc"}), net::kInvalidParams);
  EXPECT_EQ(error_code("eth_sendRawTransaction", {"zz"}), net::kInvalidParams);
  EXPECT_EQ(error_code("eth_getBlockByNumber", {"latest", "yes"}), net::kInvalidParams);
  EXPECT_EQ(error_code("eth_feeHistory", {"0x2", "latest", {101}}), net::kInvalidParams);
  EXPECT_EQ(error_code("eth_estimateGas", {"0x"}), net::kInvalidParams);
  // A mixed-case address with a broken EIP-55 checksum.
  std::string bad = crypto::to_checksum_hex(backend_.tx_.sender);
  for (auto& c : bad) {
    if (std::isalpha(static_cast<unsigned char>(c)) && c != 'x') {
      c = std::isupper(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : static_cast<char>(std::toupper(c));
      break;
    }
  }
  EXPECT_EQ(error_code("eth_getBalance", {bad, "latest"}), net::kInvalidParams);
}

TEST_F(EthApiTest, FeeHistoryHasZeroBaseFeesAndThePriceAsEveryReward) {
  auto h = result("eth_feeHistory", {"0xa", "latest", {20, 50}});
  EXPECT_EQ(h["oldestBlock"], "0x0");  // only two blocks exist
  EXPECT_EQ(h["baseFeePerGas"], Json({"0x0", "0x0", "0x0"}));
  EXPECT_EQ(h["gasUsedRatio"].size(), 2u);
  EXPECT_EQ(h["reward"], Json::parse(R"([["0xa","0xa"],["0xa","0xa"]])"));
  EXPECT_FALSE(result("eth_feeHistory", {1, "latest"}).contains("reward"));
}

TEST_F(EthApiTest, EstimateGasIs21000AndCreationIsRefused) {
  EXPECT_EQ(result("eth_estimateGas", {{{"to", sender()}, {"value", "0x1"}}}), "0x5208");
  EXPECT_EQ(error_code("eth_estimateGas", {{{"data", "0x6000"}}}), kTxRejected);
  EXPECT_EQ(result("eth_call", {{{"to", sender()}}, "latest"}), "0x");
  EXPECT_EQ(result("eth_getCode", {sender(), "latest"}), "0x");
}

TEST_F(EthApiTest, SendRawTransactionReturnsTheHashOrTheRule) {
  EXPECT_EQ(result("eth_sendRawTransaction", {to_hex(backend_.raw_)}), tx_hash());
  eth::Eip1559Tx body{1, 0, 10, 10, 21'000, Address{}, 5, {}, {}};
  auto r = call("eth_sendRawTransaction", {to_hex(eth::encode(eth::sign(body, key1())))});
  EXPECT_EQ(r["error"]["code"], kTxRejected);
  EXPECT_EQ(r["error"]["message"], "wrong chain id");
  EXPECT_EQ(r["error"]["data"]["rule"], static_cast<int>(TxError::kWrongChainId));
  EXPECT_EQ(error_code("eth_sendRawTransaction", {"0x"}), kTxRejected);
}

TEST_F(EthApiTest, ReceiptAndTransactionHaveEthereumShapes) {
  auto receipt = result("eth_getTransactionReceipt", {tx_hash()});
  EXPECT_EQ(receipt["status"], "0x1");
  EXPECT_EQ(receipt["gasUsed"], "0x5208");
  EXPECT_EQ(receipt["blockNumber"], "0x1");
  EXPECT_EQ(receipt["blockHash"], to_hex(backend_.blocks_[1].hash.view()));
  EXPECT_EQ(receipt["logs"], Json::array());
  EXPECT_EQ(receipt["type"], "0x2");
  EXPECT_TRUE(receipt["contractAddress"].is_null());
  auto tx = result("eth_getTransactionByHash", {tx_hash()});
  EXPECT_EQ(tx["value"], "0x5");
  EXPECT_EQ(tx["gas"], "0x5208");
  EXPECT_EQ(tx["maxFeePerGas"], "0xa");
  EXPECT_EQ(tx["chainId"], "0xa455");
  EXPECT_EQ(tx["from"], crypto::to_checksum_hex(backend_.tx_.sender));
  const std::string unknown = to_hex(Hash32{}.view());
  EXPECT_TRUE(result("eth_getTransactionReceipt", {unknown}).is_null());
  EXPECT_TRUE(result("eth_getTransactionByHash", {unknown}).is_null());
}

TEST_F(EthApiTest, BlocksByNumberAndHashWithHashesOrFullTransactions) {
  auto latest = result("eth_getBlockByNumber", {"latest", false});
  EXPECT_EQ(latest["number"], "0x1");
  EXPECT_EQ(latest["parentHash"], to_hex(backend_.blocks_[0].hash.view()));
  EXPECT_EQ(latest["baseFeePerGas"], "0x0");
  EXPECT_EQ(latest["gasUsed"], "0x5208");
  EXPECT_EQ(latest["transactions"], Json({tx_hash()}));
  auto full = result("eth_getBlockByHash", {to_hex(backend_.blocks_[1].hash.view()), true});
  EXPECT_EQ(full["transactions"][0]["hash"], tx_hash());
  EXPECT_EQ(result("eth_getBlockByNumber", {"earliest", false})["number"], "0x0");
  EXPECT_TRUE(result("eth_getBlockByNumber", {"0x9", false}).is_null());
  EXPECT_TRUE(result("eth_getBlockByHash", {to_hex(Hash32{}.view()), false}).is_null());
}

TEST_F(EthApiTest, UnknownMethodsAreMethodNotFound) {
  EXPECT_EQ(error_code("eth_sign", Json::array()), net::kMethodNotFound);
  EXPECT_FALSE(register_eth_api(d_, backend_));  // names are taken
}

}  // namespace
}  // namespace xway::l2rpc
