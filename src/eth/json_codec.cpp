#include "eth/json_codec.hpp"

#include "core/hex.hpp"

namespace xway::eth {

namespace {

using nlohmann::json;

unexpected<RpcError> bad(std::string_view field, std::string_view why) {
  return rpc_fail(RpcErrorKind::kMalformedReply, fmt::format("field {}: {}", field, why));
}

const json* member(const json& obj, std::string_view key) {
  const auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

RpcResult<const json*> required(const json& obj, std::string_view key) {
  const json* m = member(obj, key);
  if (m == nullptr) return bad(key, "missing");
  return m;
}

template <class Fixed>
RpcResult<Fixed> decode_fixed(const json& v, std::string_view field) {
  if (!v.is_string()) return bad(field, "not a string");
  const auto& s = v.get_ref<const std::string&>();
  if (!s.starts_with("0x")) return bad(field, "no 0x prefix");
  auto out = fixed_from_hex<Fixed>(s);
  if (!out) return bad(field, describe(out.error()));
  return *out;
}

#define XWAY_TRY_ASSIGN(lhs, expr)               \
  do {                                           \
    auto _r = (expr);                            \
    if (!_r) return unexpected(std::move(_r.error())); \
    lhs = std::move(*_r);                        \
  } while (false)

}  // namespace

RpcResult<U256> decode_u256(const json& v, std::string_view field) {
  if (!v.is_string()) return bad(field, "quantity is not a string");
  const auto& s = v.get_ref<const std::string&>();
  if (!s.starts_with("0x")) return bad(field, "quantity without 0x prefix");
  auto n = parse_u256(s);
  if (!n) return bad(field, "not a hex quantity of at most 256 bits");
  return *n;
}

RpcResult<std::uint64_t> decode_u64(const json& v, std::string_view field) {
  auto n = decode_u256(v, field);
  if (!n) return unexpected(std::move(n.error()));
  if (*n > std::numeric_limits<std::uint64_t>::max()) return bad(field, "quantity over 64 bits");
  return static_cast<std::uint64_t>(*n);
}

RpcResult<Bytes> decode_data(const json& v, std::string_view field) {
  if (!v.is_string()) return bad(field, "data is not a string");
  const auto& s = v.get_ref<const std::string&>();
  if (!s.starts_with("0x")) return bad(field, "data without 0x prefix");
  auto out = from_hex(s);
  if (!out) return bad(field, describe(out.error()));
  return std::move(*out);
}

RpcResult<Hash32> decode_hash(const json& v, std::string_view field) { return decode_fixed<Hash32>(v, field); }

RpcResult<Address> decode_address(const json& v, std::string_view field) { return decode_fixed<Address>(v, field); }

RpcResult<Block> decode_block(const json& v) {
  if (!v.is_object()) return bad("block", "not an object");
  Block b;
  const json* f = nullptr;
  XWAY_TRY_ASSIGN(f, required(v, "number"));
  XWAY_TRY_ASSIGN(b.number, decode_u64(*f, "number"));
  XWAY_TRY_ASSIGN(f, required(v, "hash"));
  XWAY_TRY_ASSIGN(b.hash, decode_hash(*f, "hash"));
  XWAY_TRY_ASSIGN(f, required(v, "parentHash"));
  XWAY_TRY_ASSIGN(b.parent_hash, decode_hash(*f, "parentHash"));
  XWAY_TRY_ASSIGN(f, required(v, "timestamp"));
  XWAY_TRY_ASSIGN(b.timestamp, decode_u64(*f, "timestamp"));
  XWAY_TRY_ASSIGN(f, required(v, "gasLimit"));
  XWAY_TRY_ASSIGN(b.gas_limit, decode_u64(*f, "gasLimit"));
  XWAY_TRY_ASSIGN(f, required(v, "gasUsed"));
  XWAY_TRY_ASSIGN(b.gas_used, decode_u64(*f, "gasUsed"));
  if (const json* fee = member(v, "baseFeePerGas")) XWAY_TRY_ASSIGN(b.base_fee_per_gas, decode_u256(*fee, "baseFeePerGas"));
  if (const json* txs = member(v, "transactions")) {
    if (!txs->is_array()) return bad("transactions", "not an array");
    b.transaction_count = txs->size();
  }
  return b;
}

RpcResult<Log> decode_log(const json& v) {
  if (!v.is_object()) return bad("log", "not an object");
  Log l;
  const json* f = nullptr;
  XWAY_TRY_ASSIGN(f, required(v, "address"));
  XWAY_TRY_ASSIGN(l.address, decode_address(*f, "address"));
  XWAY_TRY_ASSIGN(f, required(v, "topics"));
  if (!f->is_array() || f->size() > 4) return bad("topics", "not an array of at most four");
  for (const auto& t : *f) {
    Hash32 h;
    XWAY_TRY_ASSIGN(h, decode_hash(t, "topics[]"));
    l.topics.push_back(h);
  }
  XWAY_TRY_ASSIGN(f, required(v, "data"));
  XWAY_TRY_ASSIGN(l.data, decode_data(*f, "data"));
  XWAY_TRY_ASSIGN(f, required(v, "blockNumber"));
  XWAY_TRY_ASSIGN(l.block_number, decode_u64(*f, "blockNumber"));
  XWAY_TRY_ASSIGN(f, required(v, "blockHash"));
  XWAY_TRY_ASSIGN(l.block_hash, decode_hash(*f, "blockHash"));
  XWAY_TRY_ASSIGN(f, required(v, "transactionHash"));
  XWAY_TRY_ASSIGN(l.transaction_hash, decode_hash(*f, "transactionHash"));
  XWAY_TRY_ASSIGN(f, required(v, "transactionIndex"));
  XWAY_TRY_ASSIGN(l.transaction_index, decode_u64(*f, "transactionIndex"));
  XWAY_TRY_ASSIGN(f, required(v, "logIndex"));
  XWAY_TRY_ASSIGN(l.log_index, decode_u64(*f, "logIndex"));
  if (const json* removed = member(v, "removed")) {
    if (!removed->is_boolean()) return bad("removed", "not a boolean");
    l.removed = removed->get<bool>();
  }
  return l;
}

RpcResult<Receipt> decode_receipt(const json& v) {
  if (!v.is_object()) return bad("receipt", "not an object");
  Receipt r;
  const json* f = nullptr;
  XWAY_TRY_ASSIGN(f, required(v, "transactionHash"));
  XWAY_TRY_ASSIGN(r.transaction_hash, decode_hash(*f, "transactionHash"));
  XWAY_TRY_ASSIGN(f, required(v, "blockNumber"));
  XWAY_TRY_ASSIGN(r.block_number, decode_u64(*f, "blockNumber"));
  XWAY_TRY_ASSIGN(f, required(v, "blockHash"));
  XWAY_TRY_ASSIGN(r.block_hash, decode_hash(*f, "blockHash"));
  XWAY_TRY_ASSIGN(f, required(v, "transactionIndex"));
  XWAY_TRY_ASSIGN(r.transaction_index, decode_u64(*f, "transactionIndex"));
  XWAY_TRY_ASSIGN(f, required(v, "from"));
  XWAY_TRY_ASSIGN(r.from, decode_address(*f, "from"));
  if (const json* to = member(v, "to")) XWAY_TRY_ASSIGN(r.to, decode_address(*to, "to"));
  if (const json* ca = member(v, "contractAddress")) XWAY_TRY_ASSIGN(r.contract_address, decode_address(*ca, "contractAddress"));
  XWAY_TRY_ASSIGN(f, required(v, "status"));
  std::uint64_t status = 0;
  XWAY_TRY_ASSIGN(status, decode_u64(*f, "status"));
  if (status > 1) return bad("status", "neither 0 nor 1");
  r.success = status == 1;
  XWAY_TRY_ASSIGN(f, required(v, "gasUsed"));
  XWAY_TRY_ASSIGN(r.gas_used, decode_u64(*f, "gasUsed"));
  XWAY_TRY_ASSIGN(f, required(v, "cumulativeGasUsed"));
  XWAY_TRY_ASSIGN(r.cumulative_gas_used, decode_u64(*f, "cumulativeGasUsed"));
  XWAY_TRY_ASSIGN(f, required(v, "effectiveGasPrice"));
  XWAY_TRY_ASSIGN(r.effective_gas_price, decode_u256(*f, "effectiveGasPrice"));
  XWAY_TRY_ASSIGN(f, required(v, "logs"));
  if (!f->is_array()) return bad("logs", "not an array");
  for (const auto& lj : *f) {
    Log l;
    XWAY_TRY_ASSIGN(l, decode_log(lj));
    r.logs.push_back(std::move(l));
  }
  return r;
}

RpcResult<TransactionInfo> decode_transaction(const json& v) {
  if (!v.is_object()) return bad("transaction", "not an object");
  TransactionInfo t;
  const json* f = nullptr;
  XWAY_TRY_ASSIGN(f, required(v, "hash"));
  XWAY_TRY_ASSIGN(t.hash, decode_hash(*f, "hash"));
  XWAY_TRY_ASSIGN(f, required(v, "from"));
  XWAY_TRY_ASSIGN(t.from, decode_address(*f, "from"));
  if (const json* to = member(v, "to")) XWAY_TRY_ASSIGN(t.to, decode_address(*to, "to"));
  XWAY_TRY_ASSIGN(f, required(v, "input"));
  XWAY_TRY_ASSIGN(t.input, decode_data(*f, "input"));
  XWAY_TRY_ASSIGN(f, required(v, "value"));
  XWAY_TRY_ASSIGN(t.value, decode_u256(*f, "value"));
  XWAY_TRY_ASSIGN(f, required(v, "nonce"));
  XWAY_TRY_ASSIGN(t.nonce, decode_u64(*f, "nonce"));
  if (const json* n = member(v, "blockNumber")) XWAY_TRY_ASSIGN(t.block_number, decode_u64(*n, "blockNumber"));
  return t;
}

json encode_call(const CallRequest& call) {
  json out = json::object();
  if (call.from) out["from"] = to_hex(call.from->view());
  if (call.to) out["to"] = to_hex(call.to->view());
  out["input"] = to_hex(call.data);
  if (call.value != 0) out["value"] = to_quantity(call.value);
  if (call.gas) out["gas"] = to_quantity(*call.gas);
  return out;
}

json encode_filter(const LogFilter& filter) {
  json out{{"fromBlock", to_quantity(filter.from_block)}, {"toBlock", to_quantity(filter.to_block)}};
  if (!filter.addresses.empty()) {
    json a = json::array();
    for (const auto& addr : filter.addresses) a.push_back(to_hex(addr.view()));
    out["address"] = std::move(a);
  }
  if (!filter.topics.empty()) {
    json t = json::array();
    for (const auto& position : filter.topics) {
      if (position.empty()) {
        t.push_back(nullptr);
        continue;
      }
      json any = json::array();
      for (const auto& h : position) any.push_back(to_hex(h.view()));
      t.push_back(std::move(any));
    }
    out["topics"] = std::move(t);
  }
  return out;
}

}  // namespace xway::eth

#undef XWAY_TRY_ASSIGN
