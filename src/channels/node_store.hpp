#pragma once
/// A channel node's durable state in a store::Db: its identity key, every channel state (the
/// channel_state_codec encoding), the outbox of proof-bearing messages a partner may ask for
/// again, invoices, payments it started, transfers it forwards, its partners' endpoints and the
/// L1 follower's cursor. Writes go into the caller's WriteBatch so one synced commit covers a
/// whole group of events.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "channels/channel_state.hpp"
#include "channels/gossip.hpp"
#include "channels/lock.hpp"
#include "core/result.hpp"
#include "eth/watcher.hpp"
#include "net/frame.hpp"
#include "store/db.hpp"

namespace xway::channels {

/// A request for payment: who is paid, how much, and the hash of the secret the payee holds.
/// Its text form is "xwi1" followed by the hex of target (20) || amount (32) || secrethash (32).
struct Invoice {
  Address target;
  U256 amount = 0;
  Hash32 secrethash;
  std::optional<Secret> secret;  ///< only in the payee's own record
  U256 received = 0;             ///< locked towards the payee so far (all parts)
  bool revealed = false;         ///< the payee revealed the secret
  bool paid = false;             ///< every part was unlocked to the payee
  U256 unlocked = 0;             ///< unlocked so far
  /// The text form.
  std::string encode() const;
  /// Parses the text form strictly.
  static Result<Invoice> parse(std::string_view text);
};

/// A payment this node started.
struct PaymentRecord {
  Hash32 secrethash;
  Address target;
  U256 amount = 0;
  std::string status = "pending";  ///< pending, succeeded, failed
  std::uint32_t parts = 0;         ///< parts sent (attempts that left this node)
  std::uint32_t parts_failed = 0;
  U256 in_flight = 0;              ///< locked in parts not yet resolved
  U256 delivered = 0;              ///< unlocked to the first hops
  std::string error;
  std::vector<std::uint64_t> channels;  ///< first-hop channels of live parts
  std::map<std::uint64_t, U256> part_fees;  ///< fees of live parts, by first-hop channel
  U256 fees = 0;                        ///< forwarding fees of the parts delivered
  bool keysend = false;                 ///< a spontaneous payment (no invoice)
};

/// What a resolved part of a payment carried.
struct PartAmounts {
  U256 delivered = 0;  ///< its share of the payment (its first lock less the fees)
  U256 fee = 0;        ///< the fees its route charged
};
/// Takes the part on first-hop `channel` (locked with `lock_amount`) off the record's live parts.
PartAmounts take_part(PaymentRecord& p, std::uint64_t channel, const U256& lock_amount);

/// What the routing graph knows of a channel from L1 (kept so a restarted node routes at once).
struct GraphChannelRecord {
  std::uint64_t channel_id = 0;
  Address participants[2];
  RouteAmount deposit[2] = {0, 0};
  RouteAmount withdrawn[2] = {0, 0};
};

/// A withdrawal of ours the partner co-signed, kept until L1 has it (a crash between the
/// co-signature and the L1 transaction resumes from it).
struct CosignedWithdraw {
  U256 total_withdraw = 0;
  std::uint64_t expiration = 0;
  crypto::Signature partner_signature;
};

/// The store of one node.
class NodeStore {
 public:
  /// Opens the namespaces in `db`.
  static Result<NodeStore> open(store::Db& db);

  /// The saved identity key, if any.
  Result<std::optional<crypto::PrivateKey>> identity() const;
  /// Saves the identity key (synced).
  Result<void> save_identity(const crypto::PrivateKey& key);

  /// Every channel state, by channel id.
  Result<std::map<std::uint64_t, ChannelState>> channels() const;
  /// Writes a channel state.
  void put_channel(store::WriteBatch& b, const ChannelState& s) const;
  /// Queues a sent proof-bearing message under its channel and nonce.
  void put_outbox(store::WriteBatch& b, std::uint64_t channel_id, std::uint64_t nonce, const net::Message& m) const;
  /// The outbox messages of a channel with nonce above `after`, in nonce order.
  Result<std::vector<std::pair<std::uint64_t, net::Message>>> outbox_after(std::uint64_t channel_id,
                                                                           std::uint64_t after) const;
  /// Drops outbox messages of a channel up to and including `through` (at most `limit`).
  Result<void> prune_outbox(store::WriteBatch& b, std::uint64_t channel_id, std::uint64_t through) const;

  /// Invoices by secret hash.
  Result<std::map<Hash32, Invoice>> invoices() const;
  /// Writes an invoice.
  void put_invoice(store::WriteBatch& b, const Invoice& i) const;
  /// Payments by secret hash.
  Result<std::map<Hash32, PaymentRecord>> payments() const;
  /// Writes a payment.
  void put_payment(store::WriteBatch& b, const PaymentRecord& p) const;
  /// Forwarded transfers by secret hash: (incoming channel, outgoing channel; 0 when target).
  Result<std::map<Hash32, std::vector<std::pair<std::uint64_t, std::uint64_t>>>> forwards() const;
  /// Writes the forwards of one secret hash.
  void put_forwards(store::WriteBatch& b, const Hash32& h, const std::vector<std::pair<std::uint64_t, std::uint64_t>>& f) const;
  /// Partner endpoints ("host:port") by address.
  Result<std::map<Address, std::string>> endpoints() const;
  /// Writes a partner endpoint.
  void put_endpoint(store::WriteBatch& b, const Address& partner, const std::string& endpoint) const;

  /// Keeps a pending lock list of channel `channel_id` under its locksroot (signed by us or the
  /// partner), so an unlock after a close with an older proof finds the list L1 settled.
  void put_lock_list(store::WriteBatch& b, std::uint64_t channel_id, const std::vector<Lock>& locks) const;
  /// The lock list of `channel_id` whose locksroot is `locksroot`, if one was kept.
  Result<std::optional<std::vector<Lock>>> lock_list(std::uint64_t channel_id, const Hash32& locksroot) const;
  /// Whether any lock list is kept for `channel_id`.
  Result<bool> has_lock_lists(std::uint64_t channel_id) const;
  /// Drops every lock list kept for `channel_id` (its unlocks are done).
  Result<void> erase_lock_lists(store::WriteBatch& b, std::uint64_t channel_id) const;
  /// Writes the co-signed withdrawal of ours in `channel_id`.
  void put_withdraw(store::WriteBatch& b, std::uint64_t channel_id, const CosignedWithdraw& w) const;
  /// Every co-signed withdrawal kept, by channel id.
  Result<std::map<std::uint64_t, CosignedWithdraw>> withdraws() const;
  /// Drops the co-signed withdrawal of `channel_id`.
  void erase_withdraw(store::WriteBatch& b, std::uint64_t channel_id) const;

  /// Every channel update held.
  Result<std::vector<SignedChannelUpdate>> gossip() const;
  /// Writes the latest update of (channel, node).
  void put_gossip(store::WriteBatch& b, const SignedChannelUpdate& u) const;
  /// Drops the update of (channel, node).
  void erase_gossip(store::WriteBatch& b, std::uint64_t channel_id, const Address& node) const;
  /// The open channels of the graph.
  Result<std::vector<GraphChannelRecord>> graph_channels() const;
  /// Writes a graph channel.
  void put_graph_channel(store::WriteBatch& b, const GraphChannelRecord& r) const;
  /// Drops a graph channel (closed on L1).
  void erase_graph_channel(store::WriteBatch& b, std::uint64_t channel_id) const;

  /// Commits synced (what every signature leaving the process waits for).
  Result<void> commit(const store::WriteBatch& b) const;
  /// The database.
  store::Db& db() const { return *db_; }
  /// The meta namespace (the follower's cursor lives there).
  store::Namespace meta() const { return meta_; }

 private:
  store::Db* db_ = nullptr;
  store::Namespace meta_{}, channels_{}, outbox_{}, invoices_{}, payments_{}, forwards_{}, endpoints_{}, gossip_{}, graph_{}, locks_{}, withdraws_{};
};

/// The L1 follower's cursor, kept in the node's store.
class NodeCursorStore final : public eth::CursorStore {
 public:
  explicit NodeCursorStore(const NodeStore& store) : store_(store) {}
  Result<std::optional<eth::WatchCursor>> load() override;
  Result<void> save(const eth::WatchCursor& cursor) override;

 private:
  const NodeStore& store_;
};

}  // namespace xway::channels
