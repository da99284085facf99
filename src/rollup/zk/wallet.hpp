#pragma once
/// A ZK rollup user's wallet: a directory holding wallet.json (mode 0600) with the secret seed of
/// the account's Winternitz key tree (never printed), its depth, the rollup it is for, the account
/// index L1 assigned, and the last transfer it signed. A one-time key must never sign two
/// different messages, so `sign_next` writes the nonce and the transfer it is about to sign to
/// disk (synced) before it signs, and refuses a different transfer under a nonce already signed.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "rollup/zk/batch_ops.hpp"

namespace xway::zk {

/// What the wallet last signed.
struct SignedRecord {
  std::uint64_t nonce = 0;
  std::uint64_t to = 0;
  std::uint64_t amount = 0;
  std::uint64_t fee = 0;
  bool operator==(const SignedRecord&) const = default;
};

/// The wallet file's contents.
class ZkWallet {
 public:
  /// Creates `dir`/wallet.json with a fresh seed from the OS; fails if the file exists.
  static Result<ZkWallet> create(const std::filesystem::path& dir, std::size_t key_depth, const Address& rollup,
                                 std::uint64_t domain_tag, const Address& l1_address);
  /// Reads `dir`/wallet.json; fails naming what is wrong with it.
  static Result<ZkWallet> load(const std::filesystem::path& dir);
  ~ZkWallet();
  ZkWallet(ZkWallet&&) noexcept;
  ZkWallet& operator=(ZkWallet&&) noexcept;

  std::size_t key_depth() const { return key_depth_; }
  const Address& rollup() const { return rollup_; }
  std::uint64_t domain_tag() const { return domain_tag_; }
  const Address& l1_address() const { return l1_address_; }
  /// The account index, once registered.
  std::optional<std::uint64_t> index() const { return index_; }
  /// The last transfer signed.
  std::optional<SignedRecord> last_signed() const { return last_signed_; }

  /// Regenerates the signing key from the seed (2^depth one-time keys: the slow part).
  SigningKey signing_key() const;
  /// Records the account index and the key commitment (synced).
  Result<void> set_registered(std::uint64_t index, const RescueDigest& account_key);

  /// Signs the transfer to `to` of `amount` with `fee` at nonce `account_nonce` + 1 (the node's
  /// pending nonce + 1): persists the record first, then signs. Refuses a different transfer at
  /// a nonce already signed, and a nonce below one already signed (a node behind the wallet).
  Result<SignedTransfer> sign_next(const SigningKey& key, std::uint64_t account_nonce, std::uint64_t to,
                                   std::uint64_t amount, std::uint64_t fee);

 private:
  ZkWallet() = default;
  Result<void> save() const;
  void wipe();

  std::filesystem::path dir_;
  RescueDigest seed_{};
  std::size_t key_depth_ = 0;
  Address rollup_;
  std::uint64_t domain_tag_ = 0;
  Address l1_address_;
  std::optional<std::uint64_t> index_;
  std::optional<RescueDigest> account_key_;
  std::optional<SignedRecord> last_signed_;
};

}  // namespace xway::zk
