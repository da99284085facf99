#include "sidechain/mint_tx.hpp"

namespace xway::sidechain {
namespace {

void put_u64(Bytes& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::uint64_t get_u64(ByteView in) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | in[i];
  return v;
}

}  // namespace

bool is_system_tx(ByteView raw) { return !raw.empty() && raw[0] == kMintTxType; }

Bytes encode_mint_tx(const Mint& m) {
  Bytes out;
  out.reserve(kMintTxSize);
  out.push_back(kMintTxType);
  put_u64(out, m.deposit_id);
  append(out, m.recipient.view());
  append(out, m.token.view());
  append(out, to_be32(m.amount).view());
  put_u64(out, m.l1_block);
  append(out, m.l1_tx.view());
  put_u64(out, m.log_index);
  return out;
}

std::optional<Mint> decode_mint_tx(ByteView in) {
  if (in.size() != kMintTxSize || in[0] != kMintTxType) return std::nullopt;
  Mint m;
  m.deposit_id = get_u64(in.subspan(1, 8));
  m.recipient = Address{FixedBytes<20>::from_view(in.subspan(9, 20))};
  m.token = Address{FixedBytes<20>::from_view(in.subspan(29, 20))};
  m.amount = from_be(in.subspan(49, 32));
  m.l1_block = get_u64(in.subspan(81, 8));
  m.l1_tx = Hash32{FixedBytes<32>::from_view(in.subspan(89, 32))};
  m.log_index = get_u64(in.subspan(121, 8));
  if (m.deposit_id == 0 || m.amount == 0 || m.recipient.is_zero()) return std::nullopt;
  return m;
}

bool same_mint(const Mint& a, const Mint& b) {
  return a.deposit_id == b.deposit_id && a.recipient == b.recipient && a.token == b.token && a.amount == b.amount &&
         a.l1_block == b.l1_block && a.l1_tx == b.l1_tx && a.log_index == b.log_index;
}

}  // namespace xway::sidechain
