#include <charconv>
#include <csignal>
#include <mutex>
#include <optional>

#include <httplib.h>

#include "eth/transport.hpp"

namespace xway::eth {

namespace {

constexpr std::size_t kMaxIdleConnections = 16;

struct ParsedUrl {
  std::string host;
  int port = 80;
  std::string path = "/";
};

std::optional<ParsedUrl> parse_http_url(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return std::nullopt;
  url.remove_prefix(kScheme.size());
  ParsedUrl out;
  const auto slash = url.find('/');
  if (slash != std::string_view::npos) {
    out.path = std::string(url.substr(slash));
    url = url.substr(0, slash);
  }
  const auto colon = url.rfind(':');
  if (colon != std::string_view::npos) {
    const auto digits = url.substr(colon + 1);
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out.port);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || out.port <= 0 || out.port > 65535) {
      return std::nullopt;
    }
    url = url.substr(0, colon);
  }
  if (url.empty()) return std::nullopt;
  out.host = std::string(url);
  return out;
}

}  // namespace

struct HttpTransport::Connection {
  Connection(const std::string& host, int port) : client(host, port) {
    client.set_keep_alive(true);
    // Requests are small writes on a kept-alive socket: without this, Nagle and delayed ACKs add
    // ~40 ms to every round trip.
    client.set_tcp_nodelay(true);
    client.set_connection_timeout(std::chrono::seconds(5));
  }
  httplib::Client client;
};

RpcResult<std::unique_ptr<HttpTransport>> HttpTransport::open(const std::string& url) {
  // cpp-httplib writes without MSG_NOSIGNAL: a node that dies mid-request must give an error
  // here, not kill the process with SIGPIPE.
  static std::once_flag ignore_sigpipe;
  std::call_once(ignore_sigpipe, [] { std::signal(SIGPIPE, SIG_IGN); });
  auto parsed = parse_http_url(url);
  if (!parsed) return rpc_fail(RpcErrorKind::kBadRequest, fmt::format("not an http://host:port URL: {}", url));
  return std::unique_ptr<HttpTransport>(
      new HttpTransport(url, std::move(parsed->host), parsed->port, std::move(parsed->path)));
}

HttpTransport::HttpTransport(std::string url, std::string host, int port, std::string path)
    : url_(std::move(url)), host_(std::move(host)), port_(port), path_(std::move(path)) {}

HttpTransport::~HttpTransport() = default;

std::unique_ptr<HttpTransport::Connection> HttpTransport::take() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
  }
  return std::make_unique<Connection>(host_, port_);
}

void HttpTransport::give_back(std::unique_ptr<Connection> c) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(c));
}

RpcResult<std::string> HttpTransport::post(const std::string& body, std::chrono::milliseconds timeout) {
  auto conn = take();
  conn->client.set_read_timeout(timeout);
  conn->client.set_write_timeout(timeout);
  auto res = conn->client.Post(path_, body, "application/json");
  if (!res) {
    // A failed connection is not reused: its socket state is unknown.
    return rpc_fail(RpcErrorKind::kTransport,
                    fmt::format("{} gave no reply ({})", url_, httplib::to_string(res.error())));
  }
  const int status = res->status;
  std::string reply = std::move(res->body);
  give_back(std::move(conn));
  if (status != 200) {
    return rpc_fail(RpcErrorKind::kHttpStatus,
                    fmt::format("{} answered HTTP {}: {}", url_, status, reply.substr(0, 200)), status);
  }
  return reply;
}

}  // namespace xway::eth
