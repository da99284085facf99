#include "eth/rpc_client.hpp"

#include <algorithm>
#include <cctype>

#include "core/hex.hpp"
#include "crypto/keccak.hpp"
#include "eth/abi.hpp"
#include "eth/json_codec.hpp"

namespace xway::eth {

namespace {

bool contains_nocase(std::string_view haystack, std::string_view needle) {
  const auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                              [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) ==
                                                          std::tolower(static_cast<unsigned char>(b)); });
  return it != haystack.end();
}

CallOptions write_once() { return CallOptions{.idempotent = false}; }

template <class T>
RpcResult<T> as(RpcResult<Json> j, RpcResult<T> (*decode)(const Json&, std::string_view), std::string_view what) {
  if (!j) return unexpected(std::move(j.error()));
  return decode(*j, what);
}

RpcResult<void> expect_ok(RpcResult<Json> j) {
  if (!j) return unexpected(std::move(j.error()));
  return {};
}

/// Error(string) gives its message; Panic and unknown selectors abi's one-line description. With
/// no data, what the node said after "execution reverted: ", if anything.
std::string revert_reason_of(const RpcError& error) {
  if (error.data.empty()) {
    constexpr std::string_view kPrefix = "execution reverted: ";
    const auto at = error.message.find(kPrefix);
    return at == std::string::npos ? std::string() : error.message.substr(at + kPrefix.size());
  }
  auto decoded = abi::decode_revert(error.data);
  if (decoded && decoded->kind == abi::RevertKind::kError) return decoded->message;
  return abi::revert_reason(error.data);
}

}  // namespace

RpcError classify_call_error(RpcError error) {
  if (error.kind != RpcErrorKind::kRemote) return error;
  // Geth and anvil use code 3 with revert data; older nodes only say so in the message.
  if (error.code == 3 || !error.data.empty() || contains_nocase(error.message, "revert")) {
    error.kind = RpcErrorKind::kReverted;
    error.revert_reason = revert_reason_of(error);
  }
  return error;
}

RpcError classify_send_error(RpcError error) {
  if (error.kind == RpcErrorKind::kRemote && contains_nocase(error.message, "nonce too low")) {
    error.kind = RpcErrorKind::kNonceTooLow;
  }
  return error;
}

RpcClient::RpcClient(std::unique_ptr<Transport> transport, RetryPolicy retry, JsonRpc::Sleeper sleep)
    : rpc_(std::move(transport), retry, std::move(sleep)) {}

RpcResult<std::unique_ptr<RpcClient>> RpcClient::connect(const std::string& url, RetryPolicy retry) {
  auto transport = HttpTransport::open(url);
  if (!transport) return unexpected(std::move(transport.error()));
  return std::make_unique<RpcClient>(std::move(*transport), retry);
}

RpcResult<std::uint64_t> RpcClient::chain_id() { return as(rpc_.call("eth_chainId", Json::array()), decode_u64, "chainId"); }

RpcResult<std::uint64_t> RpcClient::block_number() {
  return as(rpc_.call("eth_blockNumber", Json::array()), decode_u64, "blockNumber");
}

RpcResult<std::optional<Block>> RpcClient::block(BlockRef which) {
  auto j = rpc_.call("eth_getBlockByNumber", Json::array({which.text(), false}));
  if (!j) return unexpected(std::move(j.error()));
  if (j->is_null()) return std::optional<Block>();
  auto b = decode_block(*j);
  if (!b) return unexpected(std::move(b.error()));
  return std::optional<Block>(std::move(*b));
}

RpcResult<U256> RpcClient::balance(const Address& account, BlockRef at) {
  return as(rpc_.call("eth_getBalance", Json::array({to_hex(account.view()), at.text()})), decode_u256, "balance");
}

RpcResult<std::uint64_t> RpcClient::nonce(const Address& account, BlockRef at) {
  return as(rpc_.call("eth_getTransactionCount", Json::array({to_hex(account.view()), at.text()})), decode_u64,
            "transactionCount");
}

RpcResult<Bytes> RpcClient::code(const Address& account, BlockRef at) {
  return as(rpc_.call("eth_getCode", Json::array({to_hex(account.view()), at.text()})), decode_data, "code");
}

RpcResult<Bytes> RpcClient::call(const CallRequest& request, BlockRef at) {
  auto j = rpc_.call("eth_call", Json::array({encode_call(request), at.text()}));
  if (!j) return unexpected(classify_call_error(std::move(j.error())));
  return decode_data(*j, "call result");
}

RpcResult<std::vector<RpcResult<Bytes>>> RpcClient::call_batch(std::span<const CallRequest> requests, BlockRef at) {
  std::vector<RpcRequest> batch;
  batch.reserve(requests.size());
  for (const auto& r : requests) batch.push_back({"eth_call", Json::array({encode_call(r), at.text()})});
  auto replies = rpc_.batch(batch);
  if (!replies) return unexpected(std::move(replies.error()));
  std::vector<RpcResult<Bytes>> out;
  out.reserve(replies->size());
  for (auto& reply : *replies) {
    if (!reply) out.push_back(unexpected(classify_call_error(std::move(reply.error()))));
    else out.push_back(decode_data(*reply, "call result"));
  }
  return out;
}

RpcResult<std::uint64_t> RpcClient::estimate_gas(const CallRequest& request) {
  auto j = rpc_.call("eth_estimateGas", Json::array({encode_call(request)}));
  if (!j) return unexpected(classify_call_error(std::move(j.error())));
  return decode_u64(*j, "gas estimate");
}

RpcResult<U256> RpcClient::max_priority_fee() {
  return as(rpc_.call("eth_maxPriorityFeePerGas", Json::array()), decode_u256, "maxPriorityFeePerGas");
}

RpcResult<Hash32> RpcClient::send_raw_transaction(ByteView raw) {
  if (raw.empty()) return rpc_fail(RpcErrorKind::kBadRequest, "empty raw transaction");
  const Hash32 expected_hash = crypto::keccak256(raw);
  // Idempotent by hash: a resend after a lost reply is the same transaction, never a new one.
  auto j = rpc_.call("eth_sendRawTransaction", Json::array({to_hex(raw)}));
  if (!j) {
    RpcError e = std::move(j.error());
    if (e.kind == RpcErrorKind::kRemote &&
        (contains_nocase(e.message, "already known") || contains_nocase(e.message, "known transaction") ||
         contains_nocase(e.message, "already imported"))) {
      return expected_hash;
    }
    return unexpected(classify_send_error(std::move(e)));
  }
  auto h = decode_hash(*j, "transaction hash");
  if (!h) return unexpected(std::move(h.error()));
  if (*h != expected_hash) {
    return rpc_fail(RpcErrorKind::kMalformedReply,
                    fmt::format("node returned hash {} for a transaction hashing to {}", to_hex(h->view()),
                                to_hex(expected_hash.view())));
  }
  return *h;
}

RpcResult<std::optional<Receipt>> RpcClient::receipt(const Hash32& tx_hash) {
  auto j = rpc_.call("eth_getTransactionReceipt", Json::array({to_hex(tx_hash.view())}));
  if (!j) return unexpected(std::move(j.error()));
  if (j->is_null()) return std::optional<Receipt>();
  auto r = decode_receipt(*j);
  if (!r) return unexpected(std::move(r.error()));
  return std::optional<Receipt>(std::move(*r));
}

RpcResult<std::optional<TransactionInfo>> RpcClient::transaction(const Hash32& tx_hash) {
  auto j = rpc_.call("eth_getTransactionByHash", Json::array({to_hex(tx_hash.view())}));
  if (!j) return unexpected(std::move(j.error()));
  if (j->is_null()) return std::optional<TransactionInfo>();
  auto t = decode_transaction(*j);
  if (!t) return unexpected(std::move(t.error()));
  if (t->hash != tx_hash) {
    return rpc_fail(RpcErrorKind::kMalformedReply, fmt::format("asked for transaction {}, the node returned {}",
                                                               to_hex(tx_hash.view()), to_hex(t->hash.view())));
  }
  return std::optional<TransactionInfo>(std::move(*t));
}

RpcResult<std::vector<Log>> RpcClient::logs(const LogFilter& filter) {
  if (filter.topics.size() > 4) return rpc_fail(RpcErrorKind::kBadRequest, "a log filter has at most four topics");
  if (filter.from_block > filter.to_block) return rpc_fail(RpcErrorKind::kBadRequest, "log filter from > to");
  auto j = rpc_.call("eth_getLogs", Json::array({encode_filter(filter)}));
  if (!j) return unexpected(std::move(j.error()));
  if (!j->is_array()) return rpc_fail(RpcErrorKind::kMalformedReply, "eth_getLogs result is not an array");
  std::vector<Log> out;
  out.reserve(j->size());
  for (const auto& lj : *j) {
    auto l = decode_log(lj);
    if (!l) return unexpected(std::move(l.error()));
    out.push_back(std::move(*l));
  }
  std::stable_sort(out.begin(), out.end(), [](const Log& a, const Log& b) {
    return std::tie(a.block_number, a.log_index) < std::tie(b.block_number, b.log_index);
  });
  return out;
}

RpcResult<std::string> RpcClient::snapshot() {
  auto j = rpc_.call("evm_snapshot", Json::array(), write_once());
  if (!j) return unexpected(std::move(j.error()));
  if (!j->is_string()) return rpc_fail(RpcErrorKind::kMalformedReply, "evm_snapshot result is not a string");
  return j->get<std::string>();
}

RpcResult<bool> RpcClient::revert(const std::string& snapshot_id) {
  auto j = rpc_.call("evm_revert", Json::array({snapshot_id}), write_once());
  if (!j) return unexpected(std::move(j.error()));
  if (!j->is_boolean()) return rpc_fail(RpcErrorKind::kMalformedReply, "evm_revert result is not a boolean");
  // The chain's nonces went back with its state; cached ones would leave a gap.
  if (j->get<bool>()) nonces().reset();
  return j->get<bool>();
}

RpcResult<void> RpcClient::increase_time(std::chrono::seconds by) {
  if (by.count() < 0) return rpc_fail(RpcErrorKind::kBadRequest, "time only moves forward");
  return expect_ok(rpc_.call("evm_increaseTime", Json::array({to_quantity(static_cast<std::uint64_t>(by.count()))}),
                             write_once()));
}

RpcResult<void> RpcClient::mine(std::uint64_t blocks) {
  if (blocks == 0) return {};
  return expect_ok(rpc_.call("anvil_mine", Json::array({to_quantity(blocks)}), write_once()));
}

RpcResult<void> RpcClient::set_balance(const Address& account, const U256& wei) {
  return expect_ok(rpc_.call("anvil_setBalance", Json::array({to_hex(account.view()), to_quantity(wei)})));
}

RpcResult<void> RpcClient::set_automine(bool on) {
  return expect_ok(rpc_.call("evm_setAutomine", Json::array({on})));
}

}  // namespace xway::eth
