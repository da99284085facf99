#include "sidechain/checkpoint.hpp"

#include "crypto/eip191.hpp"
#include "crypto/eip712.hpp"
#include "crypto/keccak.hpp"

namespace xway::sidechain {
namespace {

void put_word(Bytes& out, const U256& v) { append(out, to_be32(v).view()); }

Hash32 keccak_of(std::string_view text) {
  return crypto::keccak256(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

std::vector<Bytes> leaves_of(std::span<const Hash32> block_hashes) {
  std::vector<Bytes> leaves;
  leaves.reserve(block_hashes.size());
  for (const Hash32& h : block_hashes) leaves.emplace_back(h.begin(), h.end());
  return leaves;
}

}  // namespace

crypto::MerkleTree checkpoint_tree(std::span<const Hash32> block_hashes) {
  return crypto::MerkleTree::from_leaves(leaves_of(block_hashes));
}

expected<Checkpoint, BridgeError> make_checkpoint(std::uint64_t from_height, std::span<const Hash32> block_hashes) {
  if (block_hashes.empty()) return unexpected(BridgeError::kEmptyRange);
  return Checkpoint{from_height, from_height + block_hashes.size() - 1, checkpoint_tree(block_hashes).root()};
}

expected<crypto::MerkleProof, crypto::MerkleError> prove_block(std::uint64_t from_height,
                                                               std::span<const Hash32> block_hashes,
                                                               std::uint64_t height) {
  if (height < from_height || height - from_height >= block_hashes.size())
    return unexpected(crypto::MerkleError::kIndexOutOfRange);
  return checkpoint_tree(block_hashes).prove(height - from_height);
}

Hash32 checkpoint_domain_separator(const CheckpointDomain& domain) {
  crypto::Eip712Domain d;
  d.name = "Expressway Sidechain Checkpoints";
  d.version = "1";
  d.chain_id = U256(domain.l1_chain_id);
  d.verifying_contract = domain.contract;
  return crypto::domain_separator(d);
}

Hash32 checkpoint_digest(const CheckpointDomain& domain, const Checkpoint& c) {
  static const Hash32 kTypeHash =
      keccak_of("Checkpoint(uint256 sidechainId,uint64 fromHeight,uint64 toHeight,bytes32 root)");
  Bytes enc;
  append(enc, kTypeHash.view());
  put_word(enc, U256(domain.sidechain_id));
  put_word(enc, U256(c.from_height));
  put_word(enc, U256(c.to_height));
  append(enc, c.root.view());
  return crypto::typed_data_digest(checkpoint_domain_separator(domain), crypto::keccak256(enc));
}

Hash32 validator_change_digest(const CheckpointDomain& domain, const std::vector<Address>& validators,
                               std::uint64_t nonce) {
  static const Hash32 kTypeHash = keccak_of("ValidatorChange(bytes32 validatorsHash,uint256 nonce,uint256 sidechainId)");
  Bytes packed;
  for (const Address& v : validators) {  // abi.encodePacked pads array elements to 32 bytes
    packed.insert(packed.end(), 12, 0);
    append(packed, v.view());
  }
  Bytes enc;
  append(enc, kTypeHash.view());
  append(enc, crypto::keccak256(packed).view());
  put_word(enc, U256(nonce));
  put_word(enc, U256(domain.sidechain_id));
  return crypto::typed_data_digest(checkpoint_domain_separator(domain), crypto::keccak256(enc));
}

std::size_t checkpoint_quorum(std::size_t validators) { return validators * 2 / 3 + 1; }

std::optional<std::pair<std::uint64_t, std::uint64_t>> CheckpointSchedule::due(std::uint64_t committed_height) const {
  const std::uint64_t to = next_from_ + interval_ - 1;
  if (committed_height < to) return std::nullopt;
  return std::pair{next_from_, to};
}

}  // namespace xway::sidechain
