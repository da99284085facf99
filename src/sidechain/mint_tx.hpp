#pragma once
/// The sidechain's one system transaction: the mint of an L1 deposit. It is not signed by anyone:
/// its authority is L1 itself. A proposer puts the mints its deposit follower confirmed (K L1
/// confirmations) into its block; every honest validator prevotes the block only if each mint is
/// exactly the deposit its own follower read from L1, with ids consecutive from the ledger's next
/// mint id. Execution credits the recipient once per deposit id, so a mint replayed or proposed
/// twice is skipped everywhere.
///
/// Encoding (129 bytes): 0x7e || deposit id (u64 BE) || recipient (20) || token (20, zero: ether) ||
/// amount (32, BE) || L1 block (u64 BE) || L1 transaction hash (32) || log index (u64 BE).
/// 0x7e is not a first byte of any Ethereum transaction this chain accepts (typed 0x01/0x02, or an
/// RLP list 0xc0..0xff), so a mint cannot be confused with, or smuggled in as, a user transaction.
#include <optional>

#include "sidechain/bridge_follower.hpp"

namespace xway::sidechain {

/// The first byte of a mint.
inline constexpr std::uint8_t kMintTxType = 0x7e;
/// The size of an encoded mint.
inline constexpr std::size_t kMintTxSize = 129;

/// Whether `raw` is a system transaction (starts with kMintTxType); then only decode_mint_tx may
/// accept it, never the user transaction decoder.
bool is_system_tx(ByteView raw);
/// Encodes the mint of `m` (the sender is not part of it: the L1 log names it).
Bytes encode_mint_tx(const Mint& m);
/// Decodes a mint strictly: exact size, the type byte, a non-zero id, amount and recipient.
std::optional<Mint> decode_mint_tx(ByteView raw);
/// Whether two mints credit the same thing for the same L1 deposit (every encoded field equal).
bool same_mint(const Mint& a, const Mint& b);

}  // namespace xway::sidechain
