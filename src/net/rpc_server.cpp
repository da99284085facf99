#include "net/rpc_server.hpp"

#include <sys/socket.h>

#include <httplib.h>

namespace xway::net {

RpcServer::RpcServer(const RpcDispatcher& dispatcher, RpcServerConfig config)
    : dispatcher_(dispatcher), config_(std::move(config)), server_(std::make_unique<httplib::Server>()) {}

RpcServer::~RpcServer() { stop(); }

Result<std::uint16_t> RpcServer::start() {
  if (thread_.joinable()) return fail("JSON-RPC server already running on port {}", port_);
  server_->set_payload_max_length(config_.max_body_bytes);
  const auto rt = config_.read_timeout.count();
  server_->set_read_timeout(rt / 1000, (rt % 1000) * 1000);
  server_->set_keep_alive_timeout(config_.keep_alive_timeout.count());
  server_->set_tcp_nodelay(true);
  // httplib's default sets SO_REUSEPORT, which would let a second server bind the same port and
  // silently take half the requests; SO_REUSEADDR alone still allows a quick restart.
  server_->set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server_->Post("/", [this](const httplib::Request& req, httplib::Response& res) {
    auto reply = dispatcher_.handle(req.body);
    if (!reply) {
      res.status = 204;
      return;
    }
    res.set_content(*reply, "application/json");
  });
  int bound = 0;
  if (config_.port == 0) {
    bound = server_->bind_to_any_port(config_.host);
  } else if (server_->bind_to_port(config_.host, config_.port)) {
    bound = config_.port;
  }
  if (bound <= 0) return fail("JSON-RPC server cannot bind {}:{}", config_.host, config_.port);
  port_ = static_cast<std::uint16_t>(bound);
  thread_ = std::thread([s = server_.get()] { s->listen_after_bind(); });
  // httplib's stop() does nothing until the accept loop runs, so a stop right after start would
  // hang: wait for the loop (it starts within microseconds; the socket already accepts).
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::microseconds(100));
  return port_;
}

void RpcServer::stop() {
  if (!thread_.joinable()) return;
  server_->stop();
  thread_.join();
}

}  // namespace xway::net
