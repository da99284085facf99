#include "eth/nonce.hpp"

namespace xway::eth {

NonceAllocator::NonceAllocator(Fetch fetch) : fetch_(std::move(fetch)) {}

RpcResult<std::uint64_t> NonceAllocator::acquire(const Address& account) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = accounts_.find(account); it != accounts_.end()) {
      auto& a = it->second;
      if (!a.released.empty()) {
        const std::uint64_t n = *a.released.begin();
        a.released.erase(a.released.begin());
        return n;
      }
      return a.next++;
    }
  }
  // The chain is read without the lock held; a thread that raced us may have inserted first.
  auto chain = fetch_(account);
  if (!chain) return unexpected(std::move(chain.error()));
  std::lock_guard lock(mutex_);
  auto [it, inserted] = accounts_.try_emplace(account, Account{*chain, {}});
  auto& a = it->second;
  if (!inserted && !a.released.empty()) {
    const std::uint64_t n = *a.released.begin();
    a.released.erase(a.released.begin());
    return n;
  }
  return a.next++;
}

void NonceAllocator::release(const Address& account, std::uint64_t nonce) {
  std::lock_guard lock(mutex_);
  auto it = accounts_.find(account);
  if (it == accounts_.end() || nonce >= it->second.next) return;
  if (nonce + 1 == it->second.next) {
    --it->second.next;
    // Released nonces just below the new top fold back into the counter.
    while (!it->second.released.empty() && *it->second.released.rbegin() + 1 == it->second.next) {
      it->second.released.erase(std::prev(it->second.released.end()));
      --it->second.next;
    }
    return;
  }
  it->second.released.insert(nonce);
}

RpcResult<void> NonceAllocator::resync(const Address& account) {
  auto chain = fetch_(account);
  if (!chain) return unexpected(std::move(chain.error()));
  std::lock_guard lock(mutex_);
  auto [it, inserted] = accounts_.try_emplace(account, Account{*chain, {}});
  if (inserted) return {};
  auto& a = it->second;
  if (*chain > a.next) a.next = *chain;
  // Released nonces the chain has already used (another sender) are gone for good.
  a.released.erase(a.released.begin(), a.released.lower_bound(*chain));
  return {};
}

void NonceAllocator::reset() {
  std::lock_guard lock(mutex_);
  accounts_.clear();
}

std::optional<std::uint64_t> NonceAllocator::peek_next(const Address& account) const {
  std::lock_guard lock(mutex_);
  auto it = accounts_.find(account);
  if (it == accounts_.end()) return std::nullopt;
  return it->second.next;
}

}  // namespace xway::eth
