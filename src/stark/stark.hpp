#pragma once
/// The STARK's front door for the CLI and other families: prove and verify the example
/// statements by name, with proofs carried in a self-describing file.
///
/// Proof file (integers big-endian): "XSTF" | version u8 = 1 | name length u8 | name |
/// steps u32 | public-input length u32 | public inputs | proof (proof_codec.hpp) to the end.
#include <optional>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "stark/air/options.hpp"
#include "stark/verifier/verifier.hpp"

namespace xway::stark {

/// The statements the CLI can prove.
enum class Example { kFibonacci, kHashChain, kMerklePath };

/// Parses "fibonacci", "hash-chain" or "merkle-path".
std::optional<Example> parse_example(std::string_view name);
/// The CLI name of an example.
std::string_view example_name(Example e);

/// What proving an example produced.
struct ProveReport {
  Example example = Example::kFibonacci;  ///< the statement
  std::size_t steps = 0;                  ///< trace rows
  Bytes file;                             ///< the proof file
  std::size_t proof_bytes = 0;            ///< size of the proof inside it
  double prove_seconds = 0;               ///< wall-clock proving time
  unsigned security_bits = 0;             ///< conjectured security
  std::string options;                    ///< options and security, one line
};

/// Builds the example's trace over `steps` rows (a power of two: >= 8 for Fibonacci, >= 16 for
/// the hash chain, which starts from the seed 1, 2, ..., 12, >= 8 for the Merkle path: one path
/// of depth steps / 8 up to 512 steps, beyond that steps / 256 paths of depth 32) and proves it.
Result<ProveReport> prove_example(Example example, std::size_t steps, const ProofOptions& options = {});

/// Proves the merkle-path example for a batch of `paths` paths of `depth` levels, each in its
/// own tree, with leaves, siblings and indices drawn from a fixed seed.
Result<ProveReport> prove_merkle_path_example(std::size_t depth, std::size_t paths,
                                              const ProofOptions& options = {});

/// What verifying a proof file found.
struct VerifyReport {
  Example example = Example::kFibonacci;  ///< the statement
  std::size_t steps = 0;                  ///< trace rows
  std::size_t proof_bytes = 0;            ///< size of the proof
  double verify_seconds = 0;              ///< wall-clock verification time
  unsigned security_bits = 0;             ///< conjectured security of the proof's options
};

/// The reason a proof file was rejected: the envelope or the named proof check.
struct FileRejection {
  std::optional<ProofError> check;  ///< the failed proof check; empty for an envelope error
  std::string message;              ///< one line
};

/// A proof file's parts, decoded and checked against its statement's shape (not yet verified).
struct ProofFile {
  Example example = Example::kFibonacci;  ///< the statement
  std::size_t steps = 0;                  ///< trace rows
  Bytes public_inputs;                    ///< the statement's public inputs, as the AIR encodes them
  Bytes proof;                            ///< the proof (proof_codec.hpp)
};

/// Decodes a proof file's envelope strictly: magic, version, a known statement, a valid step
/// count and public inputs the statement accepts. The proof bytes are not decoded.
expected<ProofFile, FileRejection> decode_proof_file(ByteView file);

/// Decodes a proof file strictly, rebuilds its statement and verifies it.
expected<VerifyReport, FileRejection> verify_example_file(ByteView file,
                                                          unsigned min_security_bits = kDefaultMinSecurityBits);

}  // namespace xway::stark
