#include "eth/jsonrpc.hpp"

#include <deque>

#include <gtest/gtest.h>

namespace xway::eth {
namespace {

/// A transport that answers from a script and records what was sent.
class ScriptedTransport final : public Transport {
 public:
  std::deque<RpcResult<std::string>> replies;
  std::vector<std::string> sent;

  RpcResult<std::string> post(const std::string& body, std::chrono::milliseconds) override {
    sent.push_back(body);
    if (replies.empty()) return rpc_fail(RpcErrorKind::kTransport, "script exhausted");
    auto r = std::move(replies.front());
    replies.pop_front();
    return r;
  }
  std::string endpoint() const override { return "scripted"; }
};

struct Fixture {
  ScriptedTransport* transport = nullptr;
  std::vector<std::chrono::milliseconds> sleeps;
  std::unique_ptr<JsonRpc> rpc;
  Fixture() {
    auto t = std::make_unique<ScriptedTransport>();
    transport = t.get();
    rpc = std::make_unique<JsonRpc>(std::move(t), RetryPolicy{3, std::chrono::milliseconds(10), std::chrono::milliseconds(15)},
                                    [this](std::chrono::milliseconds d) { sleeps.push_back(d); });
  }
};

TEST(ParseResponse, AcceptsResultAndError) {
  auto ok = parse_response(R"({"jsonrpc":"2.0","id":7,"result":"0x1"})");
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->size(), 1u);
  EXPECT_EQ(ok->front().id, 7u);
  EXPECT_EQ(*ok->front().outcome, "0x1");

  auto err = parse_response(
      R"({"jsonrpc":"2.0","id":1,"error":{"code":3,"message":"execution reverted: no","data":"0x08c379a0"}})");
  ASSERT_TRUE(err);
  const auto& e = err->front().outcome.error();
  EXPECT_EQ(e.kind, RpcErrorKind::kRemote);
  EXPECT_EQ(e.code, 3);
  EXPECT_EQ(e.message, "execution reverted: no");
  EXPECT_EQ(e.data, (Bytes{0x08, 0xc3, 0x79, 0xa0}));
}

TEST(ParseResponse, NullResultIsAResult) {
  auto ok = parse_response(R"({"jsonrpc":"2.0","id":1,"result":null})");
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->front().outcome->is_null());
}

TEST(ParseResponse, RejectsMalformedRepliesWithATypedError) {
  const char* bad[] = {
      "",
      "not json",
      "[]",
      "42",
      R"({"id":1,"result":"0x1"})",                                  // no jsonrpc
      R"({"jsonrpc":"1.0","id":1,"result":"0x1"})",                  // wrong version
      R"({"jsonrpc":"2.0","id":"1","result":"0x1"})",                // string id
      R"({"jsonrpc":"2.0","id":-1,"result":"0x1"})",                 // negative id
      R"({"jsonrpc":"2.0","id":1})",                                 // neither result nor error
      R"({"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"x"}})",  // both
      R"({"jsonrpc":"2.0","id":1,"error":"boom"})",                  // error not an object
      R"({"jsonrpc":"2.0","id":1,"error":{"code":"1","message":"x"}})",
      R"({"jsonrpc":"2.0","id":1,"error":{"code":1}})",
      R"([{"jsonrpc":"2.0","id":1,"result":1}, 5])",
      R"({"jsonrpc":"2.0","id":1,"result":"0x1")",                   // truncated
  };
  for (const char* body : bad) {
    auto r = parse_response(body);
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.error().kind, RpcErrorKind::kMalformedReply) << body;
  }
}

TEST(ParseResponse, RejectsDeepNestingBeforeParsing) {
  std::string deep = R"({"jsonrpc":"2.0","id":1,"result":)" + std::string(10'000, '[') + std::string(10'000, ']') + "}";
  auto r = parse_response(deep);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, RpcErrorKind::kMalformedReply);
  // Brackets inside strings do not count.
  std::string quoted = R"({"jsonrpc":"2.0","id":1,"result":")" + std::string(1000, '[') + R"("})";
  EXPECT_TRUE(parse_response(quoted));
}

TEST(JsonRpcCall, SendsAWellFormedRequestAndMatchesTheId) {
  Fixture f;
  f.transport->replies.push_back(std::string(R"({"jsonrpc":"2.0","id":1,"result":"0x7a69"})"));
  auto r = f.rpc->call("eth_chainId", Json::array());
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(*r, "0x7a69");
  const auto sent = Json::parse(f.transport->sent.at(0));
  EXPECT_EQ(sent["jsonrpc"], "2.0");
  EXPECT_EQ(sent["method"], "eth_chainId");
  EXPECT_EQ(sent["id"], 1);
  EXPECT_TRUE(sent["params"].is_array());
}

TEST(JsonRpcCall, ReplyWithAnotherIdIsMalformed) {
  Fixture f;
  f.transport->replies.push_back(std::string(R"({"jsonrpc":"2.0","id":99,"result":"0x1"})"));
  auto r = f.rpc->call("eth_blockNumber", Json::array());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, RpcErrorKind::kMalformedReply);
}

TEST(JsonRpcCall, RetriesIdempotentReadsWithBackoffAfterTransportErrors) {
  Fixture f;
  f.transport->replies.push_back(rpc_fail(RpcErrorKind::kTransport, "refused"));
  f.transport->replies.push_back(rpc_fail(RpcErrorKind::kHttpStatus, "busy", 503));
  f.transport->replies.push_back(std::string(R"({"jsonrpc":"2.0","id":1,"result":"0x5"})"));
  auto r = f.rpc->call("eth_blockNumber", Json::array());
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(*r, "0x5");
  EXPECT_EQ(f.transport->sent.size(), 3u);
  EXPECT_EQ(f.transport->sent[0], f.transport->sent[2]);  // the same request, same id
  ASSERT_EQ(f.sleeps.size(), 2u);
  EXPECT_EQ(f.sleeps[0].count(), 10);
  EXPECT_EQ(f.sleeps[1].count(), 15);  // doubled, capped at max_backoff
}

TEST(JsonRpcCall, GivesUpAfterMaxAttemptsWithAClearMessage) {
  Fixture f;
  for (int i = 0; i < 5; ++i) f.transport->replies.push_back(rpc_fail(RpcErrorKind::kTransport, "refused"));
  auto r = f.rpc->call("eth_blockNumber", Json::array());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, RpcErrorKind::kTransport);
  EXPECT_EQ(f.transport->sent.size(), 3u);
  EXPECT_NE(describe(r.error()).find("after 3 attempts"), std::string::npos);
}

TEST(JsonRpcCall, NeverResendsANonIdempotentWrite) {
  Fixture f;
  f.transport->replies.push_back(rpc_fail(RpcErrorKind::kTransport, "reset"));
  f.transport->replies.push_back(std::string(R"({"jsonrpc":"2.0","id":1,"result":"0x1"})"));
  auto r = f.rpc->call("evm_mine", Json::array(), CallOptions{.idempotent = false});
  ASSERT_FALSE(r);
  EXPECT_EQ(f.transport->sent.size(), 1u);
  EXPECT_TRUE(f.sleeps.empty());
}

TEST(JsonRpcCall, DoesNotRetryRemoteErrorsOrMalformedReplies) {
  Fixture f;
  f.transport->replies.push_back(std::string(R"({"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"nope"}})"));
  auto r = f.rpc->call("eth_foo", Json::array());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, RpcErrorKind::kRemote);
  EXPECT_EQ(r.error().code, -32601);
  EXPECT_EQ(describe(r.error()), "L1 node error -32601: nope");
  f.transport->replies.push_back(std::string("garbage"));
  auto m = f.rpc->call("eth_foo", Json::array());
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind, RpcErrorKind::kMalformedReply);
  EXPECT_EQ(f.transport->sent.size(), 2u);
}

TEST(JsonRpcBatch, MatchesRepliesToRequestsByIdInAnyOrder) {
  Fixture f;
  f.transport->replies.push_back(std::string(
      R"([{"jsonrpc":"2.0","id":3,"result":"c"},{"jsonrpc":"2.0","id":1,"result":"a"},)"
      R"({"jsonrpc":"2.0","id":2,"error":{"code":-32000,"message":"bad"}}])"));
  const std::vector<RpcRequest> reqs = {{"m1", Json::array()}, {"m2", Json::array()}, {"m3", Json::array()}};
  auto r = f.rpc->batch(reqs);
  ASSERT_TRUE(r) << describe(r.error());
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ(*(*r)[0], "a");
  ASSERT_FALSE((*r)[1]);
  EXPECT_EQ((*r)[1].error().message, "bad");
  EXPECT_EQ(*(*r)[2], "c");
  const auto sent = Json::parse(f.transport->sent.at(0));
  ASSERT_TRUE(sent.is_array());
  EXPECT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[2]["method"], "m3");
}

TEST(JsonRpcBatch, RejectsMissingDuplicatedOrUnknownIds) {
  const std::vector<RpcRequest> reqs = {{"m1", Json::array()}, {"m2", Json::array()}};
  const char* bad[] = {
      R"([{"jsonrpc":"2.0","id":1,"result":1}])",
      R"([{"jsonrpc":"2.0","id":1,"result":1},{"jsonrpc":"2.0","id":1,"result":1}])",
      R"([{"jsonrpc":"2.0","id":1,"result":1},{"jsonrpc":"2.0","id":9,"result":1}])",
  };
  for (const char* body : bad) {
    Fixture f;
    f.transport->replies.push_back(std::string(body));
    auto r = f.rpc->batch(reqs);
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.error().kind, RpcErrorKind::kMalformedReply) << body;
  }
}

}  // namespace
}  // namespace xway::eth
