#include "rollup/optimistic/batch_reader.hpp"

#include <algorithm>

#include "crypto/keccak.hpp"
#include "eth/abi.hpp"

namespace xway::optimistic {
namespace {

const eth::abi::Signature& submit_batch_signature() {
  static const eth::abi::Signature s = eth::abi::parse_signature("submitBatch(bytes)").value();
  return s;
}

}  // namespace

std::string_view describe(BatchReadError e) {
  switch (e) {
    case BatchReadError::kNotSubmitBatch: return "batch input: not a submitBatch(bytes) call";
    case BatchReadError::kBadCalldata: return "batch input: the arguments do not decode as (bytes)";
    case BatchReadError::kPayloadHashMismatch: return "batch input: the payload does not hash to the recorded payloadHash";
  }
  return "batch input: unknown error";
}

expected<Bytes, BatchReadError> submit_batch_payload(ByteView input) {
  const auto sel = submit_batch_signature().selector();
  if (input.size() < 4 || !std::equal(sel.begin(), sel.end(), input.begin())) {
    return unexpected(BatchReadError::kNotSubmitBatch);
  }
  eth::abi::DecodeOptions lax;
  lax.canonical = false;  // as the Solidity decoder reads calldata
  auto args = eth::abi::decode_call(submit_batch_signature(), input, lax);
  if (!args || args->size() != 1) return unexpected(BatchReadError::kBadCalldata);
  return args->front().as_bytes();
}

expected<Bytes, BatchReadError> read_batch_input(ByteView input, const Hash32& payload_hash) {
  auto payload = submit_batch_payload(input);
  if (!payload) return payload;
  if (crypto::keccak256(*payload) != payload_hash) return unexpected(BatchReadError::kPayloadHashMismatch);
  return payload;
}

Bytes submit_batch_input(ByteView payload) {
  const std::vector<eth::abi::Value> args = {Bytes(payload.begin(), payload.end())};
  return eth::abi::encode_call(submit_batch_signature(), args).value();
}

}  // namespace xway::optimistic
