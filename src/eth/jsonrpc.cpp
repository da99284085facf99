#include "eth/jsonrpc.hpp"

#include <algorithm>
#include <thread>
#include <unordered_map>

#include "core/hex.hpp"

namespace xway::eth {

namespace {

RpcError malformed(std::string what) { return RpcError{RpcErrorKind::kMalformedReply, std::move(what), 0, {}, {}}; }

/// Rejects bodies nested deeper than kMaxReplyDepth before handing them to the parser.
bool nesting_within_limit(std::string_view body) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : body) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > kMaxReplyDepth) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

RpcResult<RpcError> parse_error_object(const Json& e) {
  if (!e.is_object()) return unexpected(malformed("\"error\" is not an object"));
  const auto code = e.find("code");
  const auto message = e.find("message");
  if (code == e.end() || !code->is_number_integer()) return unexpected(malformed("error without an integer code"));
  if (message == e.end() || !message->is_string()) return unexpected(malformed("error without a string message"));
  RpcError out{RpcErrorKind::kRemote, message->get<std::string>(), code->get<std::int64_t>(), {}, {}};
  const auto data = e.find("data");
  if (data != e.end() && data->is_string()) {
    // Nodes put revert data here as hex; anything else is kept only in the message.
    if (auto raw = from_hex(data->get_ref<const std::string&>())) out.data = std::move(*raw);
  }
  return out;
}

RpcResult<RpcReply> parse_one(const Json& r) {
  if (!r.is_object()) return unexpected(malformed("response is not an object"));
  const auto version = r.find("jsonrpc");
  if (version == r.end() || !version->is_string() || version->get_ref<const std::string&>() != "2.0") {
    return unexpected(malformed("response without \"jsonrpc\":\"2.0\""));
  }
  const auto id = r.find("id");
  if (id == r.end() || !id->is_number_unsigned()) return unexpected(malformed("response without an unsigned integer id"));
  const auto result = r.find("result");
  const auto error = r.find("error");
  if ((result == r.end()) == (error == r.end())) {
    return unexpected(malformed("response must hold exactly one of result and error"));
  }
  RpcReply reply{id->get<std::uint64_t>(), Json()};
  if (result != r.end()) {
    reply.outcome = *result;
  } else {
    auto err = parse_error_object(*error);
    if (!err) return unexpected(err.error());
    reply.outcome = unexpected(std::move(*err));
  }
  return reply;
}

bool retryable(const RpcError& e) {
  if (e.kind == RpcErrorKind::kTransport) return true;
  return e.kind == RpcErrorKind::kHttpStatus && (e.code >= 500 || e.code == 429);
}

}  // namespace

RpcResult<std::vector<RpcReply>> parse_response(std::string_view body) {
  if (body.size() > kMaxReplyBytes) return unexpected(malformed("reply too large"));
  if (!nesting_within_limit(body)) return unexpected(malformed("reply nested too deeply"));
  const Json doc = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return unexpected(malformed("reply is not JSON"));
  std::vector<RpcReply> out;
  if (doc.is_array()) {
    if (doc.empty()) return unexpected(malformed("empty batch reply"));
    out.reserve(doc.size());
    for (const auto& r : doc) {
      auto one = parse_one(r);
      if (!one) return unexpected(one.error());
      out.push_back(std::move(*one));
    }
    return out;
  }
  auto one = parse_one(doc);
  if (!one) return unexpected(one.error());
  out.push_back(std::move(*one));
  return out;
}

Json make_request(std::uint64_t id, std::string_view method, Json params) {
  return Json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

JsonRpc::JsonRpc(std::unique_ptr<Transport> transport, RetryPolicy retry, Sleeper sleep)
    : transport_(std::move(transport)), retry_(retry), sleep_(std::move(sleep)) {
  if (!sleep_) sleep_ = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  if (retry_.max_attempts < 1) retry_.max_attempts = 1;
}

RpcResult<std::vector<RpcReply>> JsonRpc::exchange(const std::string& body, CallOptions options) {
  const int attempts = options.idempotent ? retry_.max_attempts : 1;
  auto backoff = retry_.first_backoff;
  RpcError last;
  for (int i = 0; i < attempts; ++i) {
    if (i > 0) {
      sleep_(backoff);
      backoff = std::min(backoff * 2, retry_.max_backoff);
    }
    auto reply = transport_->post(body, options.timeout);
    if (reply) return parse_response(*reply);
    last = std::move(reply.error());
    if (!retryable(last)) break;
  }
  if (attempts > 1 && retryable(last)) last.message += fmt::format(" (after {} attempts)", attempts);
  return unexpected(std::move(last));
}

RpcResult<Json> JsonRpc::call(std::string_view method, Json params, CallOptions options) {
  const std::uint64_t id = next_id_.fetch_add(1);
  auto replies = exchange(make_request(id, method, std::move(params)).dump(), options);
  if (!replies) return unexpected(std::move(replies.error()));
  if (replies->size() != 1) return unexpected(malformed("batch reply to a single request"));
  auto& reply = replies->front();
  if (reply.id != id) return unexpected(malformed(fmt::format("reply id {} for request id {}", reply.id, id)));
  return std::move(reply.outcome);
}

RpcResult<std::vector<RpcResult<Json>>> JsonRpc::batch(std::span<const RpcRequest> requests,
                                                       CallOptions options) {
  if (requests.empty()) return std::vector<RpcResult<Json>>{};
  const std::uint64_t first = next_id_.fetch_add(requests.size());
  Json body = Json::array();
  for (std::size_t i = 0; i < requests.size(); ++i) {
    body.push_back(make_request(first + i, requests[i].method, requests[i].params));
  }
  auto replies = exchange(body.dump(), options);
  if (!replies) return unexpected(std::move(replies.error()));
  if (replies->size() != requests.size()) {
    return unexpected(malformed(fmt::format("{} replies to a batch of {}", replies->size(), requests.size())));
  }
  std::vector<std::optional<RpcResult<Json>>> slots(requests.size());
  for (auto& reply : *replies) {
    if (reply.id < first || reply.id - first >= requests.size()) {
      return unexpected(malformed(fmt::format("batch reply with unknown id {}", reply.id)));
    }
    auto& slot = slots[reply.id - first];
    if (slot) return unexpected(malformed(fmt::format("batch reply repeats id {}", reply.id)));
    slot = std::move(reply.outcome);
  }
  std::vector<RpcResult<Json>> out;
  out.reserve(slots.size());
  for (auto& s : slots) out.push_back(std::move(*s));
  return out;
}

}  // namespace xway::eth
