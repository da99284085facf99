#include "ledger/stored_ledger.hpp"

namespace xway::ledger {

template class StoredLedger<KeccakLedgerHasher>;

Bytes account_key(AccountIndex index) {
  Bytes out;
  codec_detail::put_u64(out, index);
  return out;
}

Bytes encode_head(const LedgerHead& head) {
  Bytes out;
  out.push_back(static_cast<std::uint8_t>(head.params.account_depth));
  out.push_back(static_cast<std::uint8_t>(head.params.token_depth));
  codec_detail::put_u64(out, head.params.fee_account);
  codec_detail::put_u64(out, head.batch_number);
  append(out, head.root);
  return out;
}

expected<LedgerHead, LedgerError> decode_head(ByteView in, std::size_t digest_size) {
  codec_detail::Reader r(in);
  LedgerHead head;
  std::uint8_t account_depth = 0, token_depth = 0;
  head.root.resize(digest_size);
  if (!r.u8(account_depth) || !r.u8(token_depth) || !r.u64(head.params.fee_account) || !r.u64(head.batch_number) ||
      !r.raw(head.root.data(), digest_size) || !r.done())
    return unexpected(LedgerError::kDecode);
  head.params.account_depth = account_depth;
  head.params.token_depth = token_depth;
  return head;
}

}  // namespace xway::ledger
