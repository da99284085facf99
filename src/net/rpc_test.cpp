#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <httplib.h>

#include "net/rpc_client.hpp"
#include "net/rpc_dispatch.hpp"
#include "net/rpc_server.hpp"

namespace xway::net {
namespace {

/// A dispatcher with: add(a, b) over an array of two integers, echo(anything), fail (throws),
/// and a counter bumped by notifications.
class RpcTest : public ::testing::Test {
 protected:
  RpcTest() {
    d_.add("add", [](const Json& p) -> expected<Json, RpcError> {
      if (!p.is_array() || p.size() != 2 || !p[0].is_number_integer() || !p[1].is_number_integer())
        return unexpected(RpcError::invalid_params("add takes two integers"));
      return p[0].get<std::int64_t>() + p[1].get<std::int64_t>();
    });
    d_.add("echo", [](const Json& p) -> expected<Json, RpcError> { return p; });
    d_.add("boom", [](const Json&) -> expected<Json, RpcError> { throw std::runtime_error("disk on fire"); });
    d_.add("bump", [this](const Json&) -> expected<Json, RpcError> { return ++bumps_; });
    d_.add("refuse", [](const Json&) -> expected<Json, RpcError> {
      return unexpected(RpcError::app(-32001, "channel closed", Json{{"channel", 7}}));
    });
  }
  Json reply(std::string_view body) {
    auto r = d_.handle(body);
    EXPECT_TRUE(r.has_value()) << body;
    return r ? Json::parse(*r) : Json();
  }
  RpcDispatcher d_;
  std::atomic<int> bumps_{0};
};

TEST_F(RpcTest, CallReturnsResultWithTheSameId) {
  auto r = reply(R"({"jsonrpc":"2.0","method":"add","params":[2,3],"id":"abc"})");
  EXPECT_EQ(r, (Json{{"jsonrpc", "2.0"}, {"result", 5}, {"id", "abc"}}));
}

TEST_F(RpcTest, ParseErrorIsMinus32700WithNullId) {
  auto r = reply(R"({"jsonrpc":"2.0","method":"add","params":[1,2)");
  EXPECT_EQ(r["error"]["code"], kParseError);
  EXPECT_TRUE(r["id"].is_null());
}

TEST_F(RpcTest, DeepNestingIsAParseErrorNotACrash) {
  std::string deep(100'000, '[');
  auto r = reply(deep);
  EXPECT_EQ(r["error"]["code"], kParseError);
  EXPECT_FALSE(nests_deeper_than(R"({"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["})", 3));
}

TEST_F(RpcTest, InvalidRequestsAreMinus32600) {
  for (const char* body : {R"(1)", R"("x")", R"({"method":"add","params":[1,2],"id":1})",
                           R"({"jsonrpc":"1.0","method":"add","id":1})", R"({"jsonrpc":"2.0","method":5,"id":1})",
                           R"({"jsonrpc":"2.0","method":"add","params":7,"id":1})",
                           R"({"jsonrpc":"2.0","method":"add","params":[1,2],"id":{"x":1}})", R"([])"}) {
    auto r = reply(body);
    EXPECT_EQ(r["error"]["code"], kInvalidRequest) << body;
    EXPECT_EQ(r["error"]["message"].get<std::string>().rfind("Invalid Request", 0), 0u) << body;
  }
  // A valid id is echoed even when the rest of the request is wrong.
  EXPECT_EQ(reply(R"({"jsonrpc":"1.0","method":"add","id":9})")["id"], 9);
}

TEST_F(RpcTest, UnknownMethodIsMinus32601) {
  auto r = reply(R"({"jsonrpc":"2.0","method":"nope","id":1})");
  EXPECT_EQ(r["error"]["code"], kMethodNotFound);
  EXPECT_EQ(r["id"], 1);
}

TEST_F(RpcTest, BadParamsAreMinus32602) {
  auto r = reply(R"({"jsonrpc":"2.0","method":"add","params":["a",1],"id":2})");
  EXPECT_EQ(r["error"]["code"], kInvalidParams);
  EXPECT_EQ(r["error"]["message"], "add takes two integers");
}

TEST_F(RpcTest, ThrowingHandlerIsMinus32603) {
  auto r = reply(R"({"jsonrpc":"2.0","method":"boom","id":3})");
  EXPECT_EQ(r["error"]["code"], kInternalError);
  EXPECT_NE(r["error"]["message"].get<std::string>().find("disk on fire"), std::string::npos);
}

TEST_F(RpcTest, ApplicationErrorsCarryCodeAndData) {
  auto r = reply(R"({"jsonrpc":"2.0","method":"refuse","id":4})");
  EXPECT_EQ(r["error"]["code"], -32001);
  EXPECT_EQ(r["error"]["data"]["channel"], 7);
}

TEST_F(RpcTest, NotificationRunsButGetsNoReply) {
  EXPECT_FALSE(d_.handle(R"({"jsonrpc":"2.0","method":"bump"})"));
  EXPECT_FALSE(d_.handle(R"({"jsonrpc":"2.0","method":"nope"})")) << "even errors are silent";
  EXPECT_EQ(bumps_.load(), 1);
}

TEST_F(RpcTest, BatchAnswersEachRequestAndSkipsNotifications) {
  auto r = reply(R"([
    {"jsonrpc":"2.0","method":"add","params":[1,2],"id":1},
    {"jsonrpc":"2.0","method":"bump"},
    {"jsonrpc":"2.0","method":"nope","id":"2"},
    1,
    {"jsonrpc":"2.0","method":"echo","params":{"k":[1,2]},"id":3}
  ])");
  ASSERT_TRUE(r.is_array());
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0]["result"], 3);
  EXPECT_EQ(r[1]["error"]["code"], kMethodNotFound);
  EXPECT_EQ(r[1]["id"], "2");
  EXPECT_EQ(r[2]["error"]["code"], kInvalidRequest);
  EXPECT_TRUE(r[2]["id"].is_null());
  EXPECT_EQ(r[3]["result"], (Json{{"k", {1, 2}}}));
  EXPECT_EQ(bumps_.load(), 1);
}

TEST_F(RpcTest, BatchOfNotificationsOnlyGetsNoReply) {
  EXPECT_FALSE(d_.handle(R"([{"jsonrpc":"2.0","method":"bump"},{"jsonrpc":"2.0","method":"bump"}])"));
  EXPECT_EQ(bumps_.load(), 2);
}

TEST_F(RpcTest, OversizeBatchIsRefusedWhole) {
  RpcDispatcher small(RpcLimits{2, 64});
  small.add("bump", [this](const Json&) -> expected<Json, RpcError> { return ++bumps_; });
  auto r = small.handle(R"([{"jsonrpc":"2.0","method":"bump","id":1},{"jsonrpc":"2.0","method":"bump","id":2},
                            {"jsonrpc":"2.0","method":"bump","id":3}])");
  ASSERT_TRUE(r);
  EXPECT_EQ(Json::parse(*r)["error"]["code"], kInvalidRequest);
  EXPECT_EQ(bumps_.load(), 0);
}

TEST_F(RpcTest, DuplicateRegistrationIsRefused) {
  EXPECT_FALSE(d_.add("add", [](const Json&) -> expected<Json, RpcError> { return 0; }));
  EXPECT_EQ(reply(R"({"jsonrpc":"2.0","method":"add","params":[1,1],"id":1})")["result"], 2);
}

TEST_F(RpcTest, ServerAndClientOverHttp) {
  RpcServer server(d_, RpcServerConfig{"127.0.0.1", 0, 4096});
  auto port = server.start();
  ASSERT_TRUE(port) << port.error().message;
  {
  RpcClient client("127.0.0.1", *port);
  auto sum = client.call("add", Json::array({40, 2}));
  ASSERT_TRUE(sum) << sum.error().message;
  EXPECT_EQ(*sum, 42);
  auto bad = client.call("add", Json::array({"x"}));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, RpcCallError::kRemote);
  EXPECT_EQ(bad.error().remote.code, kInvalidParams);
  auto missing = client.call("missing");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().remote.code, kMethodNotFound);

  httplib::Client raw("127.0.0.1", *port);
  auto too_big = raw.Post("/", std::string(8192, ' '), "application/json");
  ASSERT_TRUE(too_big);
  EXPECT_EQ(too_big->status, 413);
  auto parse = raw.Post("/", "{", "application/json");
  ASSERT_TRUE(parse);
  EXPECT_EQ(Json::parse(parse->body)["error"]["code"], kParseError);
  auto note = raw.Post("/", R"({"jsonrpc":"2.0","method":"bump"})", "application/json");
  ASSERT_TRUE(note);
  EXPECT_EQ(note->status, 204);
  auto batch = raw.Post("/", R"([{"jsonrpc":"2.0","method":"add","params":[1,2],"id":1},{"jsonrpc":"2.0","method":"x","id":2}])",
                        "application/json");
  ASSERT_TRUE(batch);
  EXPECT_EQ(Json::parse(batch->body).size(), 2u);
  }  // clients hang up, so stop need not wait out their keep-alive

  server.stop();
  RpcClient client("127.0.0.1", *port, std::chrono::milliseconds(500));
  auto after = client.call("add", Json::array({1, 1}));
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().kind, RpcCallError::kTransport);
}

TEST_F(RpcTest, ClientRejectsMalformedReplies) {
  EXPECT_EQ(parse_rpc_reply("not json", 1).error().kind, RpcCallError::kMalformedReply);
  EXPECT_EQ(parse_rpc_reply(R"({"jsonrpc":"2.0","result":1,"id":2})", 1).error().kind, RpcCallError::kMalformedReply);
  EXPECT_EQ(parse_rpc_reply(R"({"jsonrpc":"2.0","id":1})", 1).error().kind, RpcCallError::kMalformedReply);
  EXPECT_EQ(parse_rpc_reply(R"({"jsonrpc":"2.0","error":{"code":"x","message":"m"},"id":1})", 1).error().kind,
            RpcCallError::kMalformedReply);
  EXPECT_EQ(*parse_rpc_reply(R"({"jsonrpc":"2.0","result":[1],"id":1})", 1), Json::array({1}));
}

TEST_F(RpcTest, SecondServerOnABusyPortFailsCleanly) {
  RpcServer a(d_);
  auto port = a.start();
  ASSERT_TRUE(port);
  RpcServer b(d_, RpcServerConfig{"127.0.0.1", *port});
  auto r = b.start();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("cannot bind"), std::string::npos);
}

}  // namespace
}  // namespace xway::net
