#pragma once
/// The child chain's transaction rules, pure: given a way to look up unspent outputs, a signed
/// transaction is valid when it spends one or two distinct existing outputs of its token, each
/// signed by its owner under the contract's domain, and its outputs add up to its inputs exactly.
#include <functional>
#include <optional>

#include "core/result.hpp"
#include "plasma/error.hpp"
#include "plasma/transaction.hpp"

namespace xway::plasma {

/// An unspent output: where it is, who owns it, how much of which token.
struct Utxo {
  Position position;
  Output output;
  Address token;
  friend bool operator==(const Utxo&, const Utxo&) = default;
};

/// Looks up an unspent output; none when it does not exist or is spent.
using UtxoLookup = std::function<std::optional<Utxo>(const Position&)>;

/// The address that signed each input slot (none for an empty slot, a missing or unrecoverable
/// signature). Pure and the costly part of validation, so callers may run it in parallel.
using Signers = std::array<std::optional<Address>, 2>;
/// Recovers the signers of `tx`'s inputs.
Signers recover_signers(const SignedTransaction& tx, const Hash32& domain_separator);

/// Checks `tx` against the UTXO set; the first rule it breaks, or nothing.
expected<void, PlasmaError> validate(const SignedTransaction& tx, const Hash32& domain_separator,
                                     const UtxoLookup& lookup);
/// The same, with the signers already recovered by `recover_signers`.
expected<void, PlasmaError> validate_recovered(const SignedTransaction& tx, const Signers& signers,
                                               const UtxoLookup& lookup);

/// The outputs `tx` creates when included at `txindex` of block `blknum`.
std::vector<Utxo> created_outputs(const SignedTransaction& tx, std::uint64_t blknum, std::uint64_t txindex);

}  // namespace xway::plasma
