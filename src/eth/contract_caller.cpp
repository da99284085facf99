#include "eth/contract_caller.hpp"

namespace xway::eth {

Result<Receipt> ContractCaller::send(const crypto::PrivateKey& from, std::string_view what, Bytes data,
                                     const U256& value) const {
  TxRequest tx;
  tx.to = address_;
  tx.data = std::move(data);
  tx.value = value;
  tx.label = fmt::format("{}.{}", label_prefix_, what);
  auto r = client_.send_transaction(from, tx);
  if (!r) return failure(what, r.error());
  return std::move(*r);
}

Result<Bytes> ContractCaller::view(std::string_view what, Bytes data) const {
  CallRequest req;
  req.to = address_;
  req.data = std::move(data);
  auto r = client_.call(req, BlockRef::latest());
  if (!r) return failure(what, r.error());
  return std::move(*r);
}

unexpected<Failure> ContractCaller::failure(std::string_view what, const RpcError& error) const {
  if (error.data.empty()) return unexpected(Failure{fmt::format("{}: {}", what, describe(error))});
  std::string reason = decode_ != nullptr ? decode_(error.data) : abi::revert_reason(error.data);
  return unexpected(Failure{fmt::format("{}: {}", what, reason)});
}

}  // namespace xway::eth
