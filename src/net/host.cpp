#include "net/host.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>

#include "core/log.hpp"
#include "net/connection.hpp"

namespace xway::net {
namespace {

constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);

Result<asio::ip::address> parse_host(const std::string& host) {
  asio::error_code ec;
  auto addr = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec) return fail("'{}' is not an IP address", host);
  return addr;
}

}  // namespace

/// An outbound peer the host keeps dialing; everything in it runs on its strand.
struct DialTarget {
  DialTarget(DialId id_, asio::ip::tcp::endpoint ep, ExpectedIdentity want, bool keep, Strand s)
      : id(id_), endpoint(ep), expected(std::move(want)), persistent(keep), strand(s), timer(s),
        rng(std::random_device{}()) {}
  DialId id;
  asio::ip::tcp::endpoint endpoint;
  ExpectedIdentity expected;
  bool persistent;
  Strand strand;
  asio::steady_timer timer;
  std::mt19937_64 rng;
  std::atomic<bool> cancelled{false};
  std::shared_ptr<Connection> current;
};

struct Host::Impl {
  Impl(const crypto::PrivateKey& key, HostConfig cfg)
      : identity(key),
        config(std::move(cfg)),
        io(std::make_shared<asio::io_context>()),
        work(asio::make_work_guard(*io)),
        acceptor_strand(asio::make_strand(*io)) {
    const unsigned n = std::max(1u, config.threads);
    for (unsigned i = 0; i < n; ++i) threads.emplace_back([io = io] { io->run(); });
  }

  crypto::PrivateKey identity;
  HostConfig config;
  std::shared_ptr<asio::io_context> io;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  Strand acceptor_strand;
  std::optional<asio::ip::tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  PeerCallback on_peer;
  DialEventCallback on_dial_event;

  std::mutex mutex;
  bool stopping = false;
  DialId next_dial = 1;
  std::set<std::shared_ptr<Connection>> connections;
  std::map<DialId, std::shared_ptr<DialTarget>> targets;

  /// Registers a connection so `stop` can close it; refuses once the host is stopping.
  bool track(const std::shared_ptr<Connection>& c) {
    std::lock_guard lock(mutex);
    if (stopping) return false;
    connections.insert(c);
    return true;
  }
  void untrack(const std::shared_ptr<Connection>& c) {
    std::lock_guard lock(mutex);
    connections.erase(c);
  }
  bool is_stopping() {
    std::lock_guard lock(mutex);
    return stopping;
  }

  /// Gives an authenticated connection to the user, then lets its messages flow.
  void hand_over(const std::shared_ptr<Connection>& c) {
    if (on_peer) on_peer(c);
    if (c->is_open()) c->start();
  }

  asio::awaitable<void> run_inbound(std::shared_ptr<Connection> c) {
    if (!track(c)) {
      c->close_on_strand("host stopping");
      co_return;
    }
    auto r = co_await c->handshake(Handshake::responder(identity, config.protocol));
    if (r) {
      hand_over(c);
      co_await c->wait_closed();
    } else {
      spdlog::debug("net: inbound handshake failed: {}", r.error().message);
    }
    untrack(c);
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto strand = asio::make_strand(*io);
      auto [ec, socket] = co_await acceptor->async_accept(strand, kNoThrow);
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor->is_open() || is_stopping()) co_return;
        spdlog::warn("net: accept failed: {}", ec.message());
        continue;
      }
      asio::error_code ignored;
      socket.set_option(asio::ip::tcp::no_delay(true), ignored);
      auto c = std::make_shared<Connection>(io, strand, std::move(socket), config, false);
      asio::co_spawn(strand, run_inbound(c), asio::detached);
    }
  }

  /// One attempt: connect, authenticate, serve until closed. Returns why it ended and whether it
  /// had been established.
  asio::awaitable<std::pair<std::string, bool>> attempt(const std::shared_ptr<DialTarget>& t) {
    auto c = std::make_shared<Connection>(io, t->strand, asio::ip::tcp::socket(t->strand), config, true);
    if (!track(c)) co_return std::pair<std::string, bool>{"host stopping", false};
    t->current = c;
    auto r = co_await c->connect(t->endpoint);
    if (r) r = co_await c->handshake(Handshake::initiator(identity, t->expected, config.protocol));
    std::pair<std::string, bool> out;
    if (r) {
      hand_over(c);
      co_await c->wait_closed();
      out = {c->close_reason(), true};
    } else {
      out = {r.error().message, false};
    }
    t->current.reset();
    untrack(c);
    co_return out;
  }

  asio::awaitable<void> dial_loop(std::shared_ptr<DialTarget> t) {
    unsigned failures = 0;
    for (;;) {
      auto [reason, connected] = co_await attempt(t);
      if (connected) failures = 0;
      DialEvent ev;
      ev.id = t->id;
      ev.endpoint = t->endpoint.address().to_string() + ":" + std::to_string(t->endpoint.port());
      ev.reason = reason;
      ev.connected = connected;
      ev.attempt = failures;
      ev.will_retry = t->persistent && !t->cancelled && !is_stopping();
      std::uniform_real_distribution<double> unit(0.0, 1.0);
      ev.retry_in = backoff_delay(config.backoff, failures, unit(t->rng));
      if (!connected) ++failures;
      if (on_dial_event) on_dial_event(ev);
      if (!ev.will_retry) break;
      t->timer.expires_after(ev.retry_in);
      co_await t->timer.async_wait(kNoThrow);
      if (t->cancelled || is_stopping()) break;
    }
    std::lock_guard lock(mutex);
    targets.erase(t->id);
  }
};

Host::Host(const crypto::PrivateKey& identity, HostConfig config)
    : impl_(std::make_unique<Impl>(identity, std::move(config))),
      public_key_(crypto::public_key(identity)),
      address_(crypto::address_of(public_key_)) {}

Host::~Host() { stop(); }

void Host::set_peer_callback(PeerCallback callback) { impl_->on_peer = std::move(callback); }
void Host::set_dial_event_callback(DialEventCallback callback) { impl_->on_dial_event = std::move(callback); }

Result<std::uint16_t> Host::listen(const std::string& host, std::uint16_t port) {
  auto addr = parse_host(host);
  if (!addr) return unexpected(addr.error());
  if (impl_->is_stopping()) return fail("host is stopped");
  if (impl_->acceptor) return fail("host already listens on port {}", impl_->acceptor->local_endpoint().port());
  try {
    asio::ip::tcp::acceptor acc(impl_->acceptor_strand);
    const asio::ip::tcp::endpoint ep(*addr, port);
    acc.open(ep.protocol());
    acc.set_option(asio::ip::tcp::acceptor::reuse_address(true));
    acc.bind(ep);
    acc.listen();
    const auto bound = acc.local_endpoint().port();
    impl_->acceptor.emplace(std::move(acc));
    asio::co_spawn(impl_->acceptor_strand, impl_->accept_loop(), asio::detached);
    return bound;
  } catch (const std::system_error& e) {
    return fail("listen on {}:{}: {}", host, port, e.code().message());
  }
}

Result<DialId> Host::dial(const std::string& host, std::uint16_t port, ExpectedIdentity expected, bool persistent) {
  auto addr = parse_host(host);
  if (!addr) return unexpected(addr.error());
  if (port == 0) return fail("dial {}: port 0", host);
  std::shared_ptr<DialTarget> t;
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopping) return fail("host is stopped");
    const DialId id = impl_->next_dial++;
    t = std::make_shared<DialTarget>(id, asio::ip::tcp::endpoint(*addr, port), std::move(expected), persistent,
                                     asio::make_strand(*impl_->io));
    impl_->targets.emplace(id, t);
  }
  asio::co_spawn(t->strand, impl_->dial_loop(t), asio::detached);
  return t->id;
}

void Host::cancel_dial(DialId id) {
  std::shared_ptr<DialTarget> t;
  {
    std::lock_guard lock(impl_->mutex);
    auto it = impl_->targets.find(id);
    if (it == impl_->targets.end()) return;
    t = it->second;
  }
  t->cancelled = true;
  asio::post(t->strand, [t] {
    t->timer.cancel();
    if (t->current) t->current->close_on_strand("dial cancelled");
  });
}

void Host::stop() {
  std::set<std::shared_ptr<Connection>> conns;
  std::map<DialId, std::shared_ptr<DialTarget>> targets;
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopping) return;
    impl_->stopping = true;
    conns = impl_->connections;
    targets = impl_->targets;
  }
  asio::post(impl_->acceptor_strand, [impl = impl_.get()] {
    asio::error_code ignored;
    if (impl->acceptor) impl->acceptor->close(ignored);
  });
  for (auto& [id, t] : targets) {
    t->cancelled = true;
    asio::post(t->strand, [t = t] { t->timer.cancel(); });
  }
  for (auto& c : conns) c->close();
  impl_->work.reset();
  for (auto& th : impl_->threads) {
    if (th.get_id() == std::this_thread::get_id()) {
      th.detach();
    } else if (th.joinable()) {
      th.join();
    }
  }
}

}  // namespace xway::net
