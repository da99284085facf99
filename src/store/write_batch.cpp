#include "store/write_batch.hpp"

namespace xway::store {

void WriteBatch::put(Namespace ns, ByteView key, ByteView value) { add(WriteOp::Kind::kPut, ns, key, value); }

void WriteBatch::erase(Namespace ns, ByteView key) { add(WriteOp::Kind::kErase, ns, key, {}); }

void WriteBatch::clear() {
  ops_.clear();
  arena_.clear();
}

WriteOp WriteBatch::op(std::size_t i) const {
  const Entry& e = ops_.at(i);
  const ByteView arena(arena_);
  return WriteOp{e.kind, e.ns, arena.subspan(e.key_offset, e.key_size),
                 arena.subspan(e.key_offset + e.key_size, e.value_size)};
}

void WriteBatch::add(WriteOp::Kind kind, Namespace ns, ByteView key, ByteView value) {
  const std::size_t offset = arena_.size();
  append(arena_, key);
  append(arena_, value);
  ops_.push_back(Entry{kind, ns, offset, key.size(), value.size()});
}

}  // namespace xway::store
