#include "net/rpc_client.hpp"

#include <httplib.h>

namespace xway::net {
namespace {

unexpected<RpcCallFailure> failure(RpcCallError kind, std::string message) {
  return unexpected(RpcCallFailure{kind, std::move(message), {}});
}

}  // namespace

std::string_view describe(RpcCallError e) {
  switch (e) {
    case RpcCallError::kTransport: return "no reply from the node";
    case RpcCallError::kHttpStatus: return "node replied with an HTTP error";
    case RpcCallError::kMalformedReply: return "node reply is not a JSON-RPC 2.0 response";
    case RpcCallError::kRemote: return "node returned an error";
  }
  return "unknown RPC call error";
}

expected<Json, RpcCallFailure> parse_rpc_reply(std::string_view body, std::uint64_t id) {
  Json reply = Json::parse(body.begin(), body.end(), nullptr, false);
  if (reply.is_discarded() || !reply.is_object()) return failure(RpcCallError::kMalformedReply, "reply is not a JSON object");
  const auto version = reply.find("jsonrpc");
  const auto rid = reply.find("id");
  if (version == reply.end() || *version != "2.0") return failure(RpcCallError::kMalformedReply, "missing jsonrpc 2.0");
  const auto result = reply.find("result");
  const auto error = reply.find("error");
  if ((result == reply.end()) == (error == reply.end()))
    return failure(RpcCallError::kMalformedReply, "reply needs exactly one of result and error");
  if (error != reply.end()) {
    const auto code = error->is_object() ? error->find("code") : error->end();
    const auto msg = error->is_object() ? error->find("message") : error->end();
    if (!error->is_object() || code == error->end() || !code->is_number_integer() || msg == error->end() ||
        !msg->is_string())
      return failure(RpcCallError::kMalformedReply, "error object needs an integer code and a string message");
    RpcCallFailure f{RpcCallError::kRemote, msg->get<std::string>(), {}};
    f.remote.code = code->get<int>();
    f.remote.message = f.message;
    if (auto d = error->find("data"); d != error->end()) f.remote.data = *d;
    return unexpected(std::move(f));
  }
  if (rid == reply.end() || !rid->is_number_unsigned() || rid->get<std::uint64_t>() != id)
    return failure(RpcCallError::kMalformedReply, "reply id does not match the request");
  return *result;
}

RpcClient::RpcClient(std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
    : http_(std::make_unique<httplib::Client>(host, port)) {
  const auto t = timeout.count();
  http_->set_connection_timeout(t / 1000, (t % 1000) * 1000);
  http_->set_read_timeout(t / 1000, (t % 1000) * 1000);
  http_->set_write_timeout(t / 1000, (t % 1000) * 1000);
  http_->set_keep_alive(true);
  http_->set_tcp_nodelay(true);
}

RpcClient::~RpcClient() = default;

expected<Json, RpcCallFailure> RpcClient::call(std::string_view method, Json params) {
  std::lock_guard lock(mutex_);
  const std::uint64_t id = next_id_++;
  const Json req = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
  auto res = http_->Post("/", req.dump(), "application/json");
  if (!res) return failure(RpcCallError::kTransport, httplib::to_string(res.error()));
  if (res->status != 200) return failure(RpcCallError::kHttpStatus, "HTTP " + std::to_string(res->status));
  return parse_rpc_reply(res->body, id);
}

}  // namespace xway::net
