// Event logs: indexed parameters from topics, the rest from the data.
#include "eth/abi.hpp"

namespace xway::eth::abi {

namespace {

// Solidity stores the Keccak-256 of the encoding for indexed parameters of reference types.
bool is_hashed_in_topic(const Type& t) {
  switch (t.kind()) {
    case TypeKind::kBytes:
    case TypeKind::kString:
    case TypeKind::kArray:
    case TypeKind::kFixedArray:
    case TypeKind::kTuple:
      return true;
    default:
      return false;
  }
}

}  // namespace

expected<std::vector<LogField>, AbiError> decode_log(const Event& event, std::span<const Hash32> topics,
                                                     ByteView data, const DecodeOptions& options) {
  std::size_t indexed = 0;
  std::vector<Type> data_types;
  for (const Param& p : event.inputs) {
    if (p.indexed) {
      ++indexed;
    } else {
      data_types.push_back(p.type);
    }
  }
  std::size_t first = event.anonymous ? 0 : 1;
  if (topics.size() != first + indexed) return unexpected(AbiError::kTopicMismatch);
  if (!event.anonymous && topics[0] != event.topic()) return unexpected(AbiError::kTopicMismatch);

  auto values = decode(data_types, data, options);
  if (!values) return unexpected(values.error());

  std::vector<LogField> out;
  out.reserve(event.inputs.size());
  std::size_t next_topic = first;
  std::size_t next_value = 0;
  for (const Param& p : event.inputs) {
    if (!p.indexed) {
      out.push_back(LogField{p.name, std::move((*values)[next_value++]), false});
      continue;
    }
    const Hash32& topic = topics[next_topic++];
    if (is_hashed_in_topic(p.type)) {
      out.push_back(LogField{p.name, Value(topic), true});
      continue;
    }
    std::vector<Type> one{p.type};
    auto v = decode(one, topic.view(), options);
    if (!v) return unexpected(v.error());
    out.push_back(LogField{p.name, std::move(v->front()), false});
  }
  return out;
}

}  // namespace xway::eth::abi
