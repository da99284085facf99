#include "sidechain/wal.hpp"

#include <tuple>

namespace xway::sidechain {
namespace {

constexpr std::uint8_t kKey[] = {'l', 'a', 's', 't'};

Bytes encode_record(const SignRecord& r) {
  Bytes out;
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(r.height >> (8 * i)));
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(r.round >> (8 * i)));
  out.push_back(static_cast<std::uint8_t>(r.step));
  append(out, r.block.view());
  return out;
}

std::optional<SignRecord> decode_record(ByteView in) {
  if (in.size() != 45 || in[12] > 2) return std::nullopt;
  SignRecord r;
  for (int i = 0; i < 8; ++i) r.height = (r.height << 8) | in[i];
  for (int i = 8; i < 12; ++i) r.round = (r.round << 8) | in[i];
  r.step = static_cast<Step>(in[12]);
  r.block = Hash32{FixedBytes<32>::from_view(in.subspan(13, 32))};
  return r;
}

auto position(const SignRecord& r) { return std::make_tuple(r.height, r.round, static_cast<int>(r.step)); }

}  // namespace

expected<SignWal, ConsensusError> SignWal::open(store::Db& db) {
  auto ns = db.open_namespace("sidechain.wal");
  if (!ns) return unexpected(ConsensusError::kWalFailed);
  SignWal wal(db, *ns);
  auto got = db.get(*ns, ByteView(kKey));
  if (!got) return unexpected(ConsensusError::kWalFailed);
  if (*got) {
    wal.last_ = decode_record(**got);
    if (!wal.last_) return unexpected(ConsensusError::kWalFailed);
  }
  return wal;
}

expected<crypto::Signature, ConsensusError> SignWal::sign(const crypto::PrivateKey& key, const SignRecord& rec,
                                                          const Hash32& digest) {
  if (last_) {
    if (position(rec) < position(*last_)) return unexpected(ConsensusError::kWouldDoubleSign);
    if (position(rec) == position(*last_)) {
      if (rec.block != last_->block) return unexpected(ConsensusError::kWouldDoubleSign);
      return crypto::sign(key, digest);
    }
  }
  if (!db_->put(ns_, ByteView(kKey), encode_record(rec), store::Durability::kSynced))
    return unexpected(ConsensusError::kWalFailed);
  last_ = rec;
  return crypto::sign(key, digest);
}

}  // namespace xway::sidechain
