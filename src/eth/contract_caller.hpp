#pragma once
/// The send/view pair every typed contract client needs: a labelled transaction or an `eth_call`
/// to one contract, with a revert turned into a `Failure` that names the call and the contract's
/// own reason (decoded with the client's ABI).
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "eth/abi.hpp"
#include "eth/client.hpp"

namespace xway::eth {

/// Decodes a revert's data into words; a client passes one that knows its contract's errors.
using RevertDecoder = std::string (*)(ByteView revert_data);

/// A view of one contract for a typed client: cheap to make per call, holds references only.
class ContractCaller {
 public:
  /// Calls to `address`; transactions are labelled `label_prefix.what` in the gas meter; reverts
  /// are decoded by `decode` (or as a bare revert when null).
  ContractCaller(Client& client, const Address& address, std::string_view label_prefix, RevertDecoder decode)
      : client_(client), address_(address), label_prefix_(label_prefix), decode_(decode) {}

  /// Sends `data` with `value` from `from` and waits for the receipt; a revert or an RPC failure
  /// comes back as "what: reason".
  Result<Receipt> send(const crypto::PrivateKey& from, std::string_view what, Bytes data, const U256& value = 0) const;
  /// Runs `data` as an `eth_call` at the latest block, with the same error shape.
  Result<Bytes> view(std::string_view what, Bytes data) const;
  /// The failure of call `what` that ended in `error`.
  unexpected<Failure> failure(std::string_view what, const RpcError& error) const;

 private:
  Client& client_;
  const Address& address_;
  std::string_view label_prefix_;
  RevertDecoder decode_;
};

/// An ABI encoding or decoding result as a `Result` whose error names `what`.
template <class T>
Result<T> abi_result(std::string_view what, expected<T, abi::AbiError> r) {
  if (!r) return fail("{}: {}", what, abi::describe(r.error()));
  return std::move(*r);
}

}  // namespace xway::eth
