#include "rollup/zk/wallet.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "crypto/secp256k1.hpp"
#include "rollup/zk/node_wire.hpp"

namespace xway::zk {
namespace {

constexpr const char* kFileName = "wallet.json";

Result<void> write_synced(const std::filesystem::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail("{}: cannot write: {}", path.string(), std::strerror(errno));
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      ::close(fd);
      return fail("{}: write failed: {}", path.string(), std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return fail("{}: fsync failed", path.string());
  return {};
}

Result<void> sync_dir(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return fail("{}: cannot open: {}", dir.string(), std::strerror(errno));
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return fail("{}: fsync failed", dir.string());
  return {};
}

}  // namespace

ZkWallet::~ZkWallet() { wipe(); }
ZkWallet::ZkWallet(ZkWallet&& o) noexcept { *this = std::move(o); }
ZkWallet& ZkWallet::operator=(ZkWallet&& o) noexcept {
  if (this == &o) return *this;
  dir_ = std::move(o.dir_);
  seed_ = o.seed_;
  key_depth_ = o.key_depth_;
  rollup_ = o.rollup_;
  domain_tag_ = o.domain_tag_;
  l1_address_ = o.l1_address_;
  index_ = o.index_;
  account_key_ = o.account_key_;
  last_signed_ = o.last_signed_;
  o.wipe();
  return *this;
}

void ZkWallet::wipe() {
  volatile std::uint64_t* p = reinterpret_cast<volatile std::uint64_t*>(seed_.data());
  for (std::size_t i = 0; i < seed_.size(); ++i) p[i] = 0;
}

Result<ZkWallet> ZkWallet::create(const std::filesystem::path& dir, std::size_t key_depth, const Address& rollup,
                                  std::uint64_t domain_tag, const Address& l1_address) {
  if (key_depth < 1 || key_depth > kMaxKeyTreeDepth) return fail("--key-depth: expected 1..{}, got {}", kMaxKeyTreeDepth, key_depth);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail("{}: cannot create the wallet directory: {}", dir.string(), ec.message());
  if (std::filesystem::exists(dir / kFileName)) return fail("{}: a wallet exists already", (dir / kFileName).string());
  ZkWallet w;
  w.dir_ = dir;
  std::uint64_t raw[4];
  if (::getrandom(raw, sizeof raw, 0) != static_cast<ssize_t>(sizeof raw)) return fail("no randomness from the OS");
  for (std::size_t i = 0; i < 4; ++i) w.seed_[i] = Felt(raw[i]);
  std::memset(raw, 0, sizeof raw);
  w.key_depth_ = key_depth;
  w.rollup_ = rollup;
  w.domain_tag_ = domain_tag;
  w.l1_address_ = l1_address;
  if (auto r = w.save(); !r) return unexpected(r.error());
  return w;
}

Result<ZkWallet> ZkWallet::load(const std::filesystem::path& dir) {
  const auto path = dir / kFileName;
  std::ifstream in(path);
  if (!in) return fail("{}: no wallet (run `xway zk register-key --wallet {}`)", path.string(), dir.string());
  std::stringstream text;
  text << in.rdbuf();
  const auto j = nlohmann::json::parse(text.str(), nullptr, false);
  const auto bad = [&](std::string_view what) { return fail("{}: {}", path.string(), what); };
  if (!j.is_object() || j.value("version", 0) != 1) return bad("not a version-1 wallet file");
  ZkWallet w;
  w.dir_ = dir;
  if (!j.contains("seed") || !j["seed"].is_string()) return bad("no seed");
  auto seed = parse_digest(j["seed"].get<std::string>());
  if (!seed) return bad("the seed is not 32 bytes of canonical field elements");
  w.seed_ = *seed;
  if (!j.contains("key_depth") || !j["key_depth"].is_number_unsigned()) return bad("no key_depth");
  w.key_depth_ = j["key_depth"].get<std::size_t>();
  if (w.key_depth_ < 1 || w.key_depth_ > kMaxKeyTreeDepth) return bad("key_depth out of range");
  auto rollup = crypto::parse_address(j.value("rollup", ""));
  auto owner = crypto::parse_address(j.value("l1_address", ""));
  if (!rollup || !owner) return bad("rollup or l1_address is not an address");
  w.rollup_ = *rollup;
  w.l1_address_ = *owner;
  if (!j.contains("domain_tag") || !j["domain_tag"].is_number_unsigned()) return bad("no domain_tag");
  w.domain_tag_ = j["domain_tag"].get<std::uint64_t>();
  if (j.contains("index") && j["index"].is_number_unsigned()) w.index_ = j["index"].get<std::uint64_t>();
  if (j.contains("account_key") && j["account_key"].is_string()) {
    auto k = parse_digest(j["account_key"].get<std::string>());
    if (!k) return bad("account_key is not a digest");
    w.account_key_ = *k;
  }
  if (j.contains("last_signed") && j["last_signed"].is_object()) {
    const auto& s = j["last_signed"];
    for (const char* f : {"nonce", "to", "amount", "fee"}) {
      if (!s.contains(f) || !s[f].is_number_unsigned()) return bad("last_signed is malformed");
    }
    w.last_signed_ = SignedRecord{s["nonce"].get<std::uint64_t>(), s["to"].get<std::uint64_t>(),
                                  s["amount"].get<std::uint64_t>(), s["fee"].get<std::uint64_t>()};
  }
  return w;
}

Result<void> ZkWallet::save() const {
  nlohmann::json j{{"version", 1},
                   {"seed", digest_hex(seed_)},
                   {"key_depth", key_depth_},
                   {"rollup", crypto::to_checksum_hex(rollup_)},
                   {"domain_tag", domain_tag_},
                   {"l1_address", crypto::to_checksum_hex(l1_address_)},
                   {"index", index_ ? nlohmann::json(*index_) : nlohmann::json(nullptr)},
                   {"account_key", account_key_ ? nlohmann::json(digest_hex(*account_key_)) : nlohmann::json(nullptr)},
                   {"last_signed", nullptr}};
  if (last_signed_) {
    j["last_signed"] = {{"nonce", last_signed_->nonce}, {"to", last_signed_->to}, {"amount", last_signed_->amount},
                        {"fee", last_signed_->fee}};
  }
  const auto tmp = dir_ / (std::string(kFileName) + ".tmp");
  if (auto r = write_synced(tmp, j.dump(2) + "\n"); !r) return r;
  std::error_code ec;
  std::filesystem::rename(tmp, dir_ / kFileName, ec);
  if (ec) return fail("{}: cannot replace the wallet file: {}", (dir_ / kFileName).string(), ec.message());
  return sync_dir(dir_);
}

SigningKey ZkWallet::signing_key() const { return SigningKey(seed_, key_depth_); }

Result<void> ZkWallet::set_registered(std::uint64_t index, const RescueDigest& account_key) {
  index_ = index;
  account_key_ = account_key;
  return save();
}

Result<SignedTransfer> ZkWallet::sign_next(const SigningKey& key, std::uint64_t account_nonce, std::uint64_t to,
                                           std::uint64_t amount, std::uint64_t fee) {
  if (!index_) return fail("the wallet has no account yet (run `xway zk register-key`)");
  const SignedRecord want{account_nonce + 1, to, amount, fee};
  if (last_signed_ && last_signed_->nonce > want.nonce) {
    return fail("the wallet already signed nonce {} but the node reports the account at nonce {}: refusing to sign "
                "nonce {} again (is this the rollup's node?)",
                last_signed_->nonce, account_nonce, want.nonce);
  }
  if (last_signed_ && last_signed_->nonce == want.nonce && *last_signed_ != want) {
    return fail("nonce {} already signed another transfer (to {}, amount {}, fee {} units) that the node has not "
                "confirmed; a one-time key signs one message: send that transfer again or nothing",
                want.nonce, last_signed_->to, last_signed_->amount, last_signed_->fee);
  }
  if (!last_signed_ || *last_signed_ != want) {
    const auto before = last_signed_;
    last_signed_ = want;
    if (auto r = save(); !r) {
      last_signed_ = before;
      return unexpected(r.error());
    }
  }
  const ZkTransfer t{*index_, to, amount, fee, want.nonce};
  auto sig = key.sign(t, domain_tag_);
  if (!sig) return fail("signing: {}", describe(sig.error()));
  return SignedTransfer{t, std::move(*sig)};
}

}  // namespace xway::zk
