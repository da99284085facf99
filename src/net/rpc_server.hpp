#pragma once
/// JSON-RPC 2.0 over HTTP for node APIs: POST a request body to "/" and get the response body.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "core/result.hpp"
#include "net/rpc_dispatch.hpp"

namespace httplib {
class Server;
}

namespace xway::net {

/// Where and how the server listens.
struct RpcServerConfig {
  std::string host = "127.0.0.1";              ///< interface to bind; loopback unless told otherwise
  std::uint16_t port = 0;                      ///< 0 picks a free port
  std::size_t max_body_bytes = 1u << 20;       ///< larger bodies get HTTP 413 and no dispatch
  std::chrono::milliseconds read_timeout{5'000};  ///< per request read
  std::chrono::seconds keep_alive_timeout{2};     ///< idle keep-alive connections close after this;
                                                  ///< `stop` waits at most this long for them
};

/// An HTTP server in front of a dispatcher. Holds the dispatcher by reference: it must outlive
/// the server and be fully registered before `start`.
class RpcServer {
 public:
  RpcServer(const RpcDispatcher& dispatcher, RpcServerConfig config = {});
  /// Stops the server.
  ~RpcServer();
  RpcServer(const RpcServer&) = delete;
  RpcServer& operator=(const RpcServer&) = delete;

  /// Binds and starts serving on a background thread; returns the bound port.
  Result<std::uint16_t> start();
  /// Stops accepting, lets requests in flight finish, joins. Idempotent.
  void stop();
  /// The bound port (0 before `start`).
  std::uint16_t port() const { return port_; }

 private:
  const RpcDispatcher& dispatcher_;
  RpcServerConfig config_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

}  // namespace xway::net
