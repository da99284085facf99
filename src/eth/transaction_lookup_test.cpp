// eth_getTransactionByHash through RpcClient: the fields a calldata reader needs decode strictly,
// an unknown hash is none, and a reply for another transaction or without input is refused.
#include <deque>

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "eth/rpc_client.hpp"

namespace xway::eth {
namespace {

class OneReply final : public Transport {
 public:
  explicit OneReply(std::string result) : result_(std::move(result)) {}
  RpcResult<std::string> post(const std::string& body, std::chrono::milliseconds) override {
    sent = body;
    const auto id = nlohmann::json::parse(body).at("id");
    return R"({"jsonrpc":"2.0","id":)" + id.dump() + R"(,"result":)" + result_ + "}";
  }
  std::string endpoint() const override { return "one-reply"; }
  std::string sent;

 private:
  std::string result_;
};

const char* kHash = "0x8f2c5c6c0a3a6f1d5b4f2f9c4c0e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4";

std::string tx_json(std::string_view hash, bool with_input = true) {
  std::string s = std::string(R"({"hash":")") + std::string(hash) +
                  R"(","from":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8","to":"0x5fbdb2315678afecb367f032d93f642f64180aa3",)"
                  R"("value":"0x0","nonce":"0x7","blockNumber":"0x2a","type":"0x2","gas":"0x5208")";
  if (with_input) s += R"(,"input":"0x509409ba0102")";
  return s + "}";
}

RpcResult<std::optional<TransactionInfo>> lookup(std::string reply, std::string* sent = nullptr) {
  auto t = std::make_unique<OneReply>(std::move(reply));
  OneReply* raw = t.get();
  RpcClient c(std::move(t));
  auto r = c.transaction(*fixed_from_hex<Hash32>(kHash));
  if (sent) *sent = raw->sent;
  return r;
}

TEST(TransactionLookup, DecodesSenderReceiverInputAndBlock) {
  std::string sent;
  auto r = lookup(tx_json(kHash), &sent);
  ASSERT_TRUE(r) << describe(r.error());
  ASSERT_TRUE(*r);
  EXPECT_NE(sent.find("eth_getTransactionByHash"), std::string::npos);
  EXPECT_EQ(to_hex((*r)->input), "0x509409ba0102");
  EXPECT_EQ((*r)->nonce, 7u);
  EXPECT_EQ((*r)->block_number, std::optional<std::uint64_t>(42));
  ASSERT_TRUE((*r)->to);
  EXPECT_EQ(to_hex((*r)->to->view()), "0x5fbdb2315678afecb367f032d93f642f64180aa3");
}

TEST(TransactionLookup, AnUnknownHashIsNone) {
  auto r = lookup("null");
  ASSERT_TRUE(r);
  EXPECT_FALSE(*r);
}

TEST(TransactionLookup, AReplyForAnotherTransactionIsMalformed) {
  auto r = lookup(tx_json("0x0000000000000000000000000000000000000000000000000000000000000001"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, RpcErrorKind::kMalformedReply);
}

TEST(TransactionLookup, AReplyWithoutInputNamesTheField) {
  auto r = lookup(tx_json(kHash, false));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, RpcErrorKind::kMalformedReply);
  EXPECT_NE(r.error().message.find("input"), std::string::npos);
}

}  // namespace
}  // namespace xway::eth
