#pragma once
/// The byte pipe under the JSON-RPC client: one request body in, one reply body out. Tests inject
/// a fake; production uses `HttpTransport`.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "eth/rpc_error.hpp"

namespace xway::eth {

/// Posts a JSON-RPC body and returns the reply body. Implementations are safe to call from
/// several threads at once.
class Transport {
 public:
  virtual ~Transport() = default;
  /// Sends `body`; fails with kTransport (no reply) or kHttpStatus (a non-200 reply).
  virtual RpcResult<std::string> post(const std::string& body, std::chrono::milliseconds timeout) = 0;
  /// Where the requests go, for messages ("http://127.0.0.1:8545").
  virtual std::string endpoint() const = 0;
};

/// JSON-RPC over HTTP with keep-alive connections, one per concurrent caller (pooled).
class HttpTransport final : public Transport {
 public:
  /// `url` is "http://host:port[/path]"; https is not supported (the L1 runs on loopback or
  /// behind a local proxy). Fails with kBadRequest on an unusable URL.
  static RpcResult<std::unique_ptr<HttpTransport>> open(const std::string& url);
  ~HttpTransport() override;

  RpcResult<std::string> post(const std::string& body, std::chrono::milliseconds timeout) override;
  std::string endpoint() const override { return url_; }

 private:
  struct Connection;
  HttpTransport(std::string url, std::string host, int port, std::string path);
  std::unique_ptr<Connection> take();
  void give_back(std::unique_ptr<Connection> c);

  std::string url_;
  std::string host_;
  int port_;
  std::string path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace xway::eth
