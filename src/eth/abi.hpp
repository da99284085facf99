#pragma once
/// The Solidity contract ABI: types, values, encoding and strict decoding, function selectors,
/// event topics and log decoding, revert data, and contract ABI JSON.
///
/// Encoding follows the Solidity ABI specification (head/tail layout, 32-byte words, offsets
/// relative to the start of the enclosing tuple). Decoding is strict: every input that breaks a
/// rule of the specification is rejected with a typed `AbiError`, and by default (canonical mode)
/// only the exact bytes `encode` would produce are accepted, so decode-then-encode is the identity.
/// Limits on nesting depth and on the values and bytes materialised keep hostile input from
/// exhausting memory.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include <boost/multiprecision/cpp_int.hpp>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"

namespace xway::eth::abi {

/// Why an ABI type, value or encoding was rejected.
enum class AbiError {
  kBadType,             ///< a type string is not a canonical Solidity ABI type
  kBadSignature,        ///< a function/event signature is not `name(type,...)`
  kTypeMismatch,        ///< a value's kind does not match the type it is encoded as
  kValueOutOfRange,     ///< a value does not fit its type (uint8 of 256, bytes4 of 5 bytes)
  kWrongArity,          ///< wrong number of arguments, tuple members or fixed-array elements
  kTruncated,           ///< the input ends inside a word, a head or a tail
  kOffsetOutOfBounds,   ///< an offset points past the end of the input
  kOffsetIntoHead,      ///< an offset points back into the heads of its own tuple
  kNonCanonicalOffset,  ///< canonical mode: an offset is not where the encoder would put the tail
  kLengthOverflow,      ///< a length or offset does not fit in memory, or its data runs past the end
  kDirtyHighBytes,      ///< a uintN or address word has non-zero bytes above its width
  kBadSignExtension,    ///< an intN word is not the sign extension of an N-bit integer
  kBadBool,             ///< a bool word is neither 0 nor 1
  kDirtyPadding,        ///< non-zero padding after bytesN, or (canonical mode) after bytes/string
  kTrailingBytes,       ///< canonical mode: bytes remain after the encoding
  kDepthLimit,          ///< types or values nest deeper than allowed
  kSizeLimit,           ///< decoding would materialise more values or bytes than allowed
  kBadSelector,         ///< call or revert data does not start with the expected 4-byte selector
  kTopicMismatch,       ///< a log's topics do not match the event (count or topic 0)
  kBadJson,             ///< contract ABI JSON is malformed or has an entry of the wrong shape
  kNotFound,            ///< no function, event or error of that name, selector or topic
};
/// One line naming the error.
std::string_view describe(AbiError e);

/// A signed EVM word (int256), for intN values.
using I256 = boost::multiprecision::int256_t;

// ---------------------------------------------------------------------------------------------
// Types.

/// The kind of an ABI type.
enum class TypeKind { kUint, kInt, kAddress, kBool, kFixedBytes, kBytes, kString, kArray, kFixedArray, kTuple };

/// The deepest nesting of arrays and tuples a type or a decoded value may have.
inline constexpr std::size_t kMaxDepth = 32;

/// An ABI type: elementary, array (`T[]`, `T[k]`) or tuple (`(T1,T2,...)`), nested to any depth up
/// to `kMaxDepth`. Built by `parse` or the factories; immutable, with its size facts precomputed.
class Type {
 public:
  /// uint256.
  Type();
  /// Parses a canonical type string ("uint256", "bytes32[]", "(address,(bool,string)[2])[]").
  static expected<Type, AbiError> parse(std::string_view text);
  /// uintN; `bits` must be a multiple of 8 in [8, 256].
  static Type uint(std::size_t bits = 256);
  /// intN; `bits` must be a multiple of 8 in [8, 256].
  static Type int_(std::size_t bits = 256);
  /// address.
  static Type address();
  /// bool.
  static Type boolean();
  /// bytesN; `n` must be in [1, 32].
  static Type fixed_bytes(std::size_t n);
  /// bytes.
  static Type bytes();
  /// string.
  static Type string();
  /// T[].
  static Type array(Type element);
  /// T[k].
  static Type fixed_array(Type element, std::size_t k);
  /// (T1,T2,...); the empty tuple is allowed.
  static Type tuple(std::vector<Type> components);

  /// The kind of type.
  TypeKind kind() const { return kind_; }
  /// Bits of a uintN/intN, N of a bytesN, k of a T[k]; 0 otherwise.
  std::size_t size() const { return size_; }
  /// The element type of an array.
  const Type& element() const { return components_.front(); }
  /// The members of a tuple (for arrays: the one element type).
  const std::vector<Type>& components() const { return components_; }
  /// Whether the encoding is dynamic (has a tail): bytes, string, T[], and anything containing one.
  bool is_dynamic() const { return dynamic_; }
  /// Bytes the type takes in its enclosing head: 32 for dynamic types, the full size otherwise.
  std::size_t head_size() const { return head_size_; }
  /// Nesting depth: 1 for elementary types.
  std::size_t depth() const { return depth_; }
  /// The canonical type string, as used in signatures ("uint256", "(bool,bytes)[]").
  std::string canonical() const;

  friend bool operator==(const Type& a, const Type& b) {
    return a.kind_ == b.kind_ && a.size_ == b.size_ && a.components_ == b.components_;
  }

 private:
  Type(TypeKind kind, std::size_t size, std::vector<Type> components);
  TypeKind kind_;
  std::size_t size_;
  std::vector<Type> components_;
  bool dynamic_ = false;
  std::size_t head_size_ = 32;
  std::size_t depth_ = 1;
};

/// Parses a comma-separated list of types inside parentheses: "(address,uint256)"; "()" is empty.
expected<std::vector<Type>, AbiError> parse_type_list(std::string_view text);

// ---------------------------------------------------------------------------------------------
// Values.

/// A value of some ABI type. The representation is chosen by kind, not by exact type:
/// uintN -> U256, intN -> I256, address -> Address, bool -> bool, bytesN/bytes -> Bytes,
/// string -> std::string, arrays and tuples -> List. The type passed to `encode` says which.
struct Value {
  /// The elements of an array or the members of a tuple.
  using List = std::vector<Value>;
  /// The value itself.
  std::variant<U256, I256, Address, bool, Bytes, std::string, List> data;

  /// uint 0.
  Value() = default;
  // Copies and moves are defined out of line: inlined into callers, g++ 12 at -O3 reports false
  // -Wmaybe-uninitialized warnings inside the variant's copy of boost's integers.
  Value(const Value& other);
  Value(Value&& other) noexcept;
  Value& operator=(const Value& other);
  Value& operator=(Value&& other) noexcept;
  ~Value();
  /// An unsigned integer.
  Value(const U256& v) : data(v) {}  // NOLINT(google-explicit-constructor)
  /// A signed integer.
  Value(const I256& v) : data(v) {}  // NOLINT(google-explicit-constructor)
  /// A C++ integer: unsigned types become U256, signed types I256 (encode accepts either for
  /// uintN and intN when the number fits).
  template <class T>
    requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
  Value(T v) : data(make_integer(v)) {}  // NOLINT(google-explicit-constructor)
  /// A bool (only an actual bool, so integers and pointers never land here).
  template <class T>
    requires std::is_same_v<T, bool>
  Value(T v) : data(v) {}  // NOLINT(google-explicit-constructor)
  /// An address.
  Value(const Address& v) : data(v) {}  // NOLINT(google-explicit-constructor)
  /// A bytesN from fixed bytes (Hash32 for bytes32).
  template <std::size_t N>
  Value(const FixedBytes<N>& v) : data(Bytes(v.begin(), v.end())) {}  // NOLINT(google-explicit-constructor)
  /// bytes (or bytesN).
  Value(Bytes v) : data(std::move(v)) {}  // NOLINT(google-explicit-constructor)
  /// A string.
  Value(std::string v) : data(std::move(v)) {}  // NOLINT(google-explicit-constructor)
  /// A string from a literal.
  Value(const char* v) : data(std::string(v)) {}  // NOLINT(google-explicit-constructor)
  /// An array or tuple.
  Value(List v) : data(std::move(v)) {}  // NOLINT(google-explicit-constructor)

  /// The U256 of a uintN value; the caller knows the kind (decode produced it from the type).
  const U256& as_uint() const { return std::get<U256>(data); }
  /// The I256 of an intN value.
  const I256& as_int() const { return std::get<I256>(data); }
  /// The address.
  const Address& as_address() const { return std::get<Address>(data); }
  /// The bool.
  bool as_bool() const { return std::get<bool>(data); }
  /// The bytes of a bytes or bytesN value.
  const Bytes& as_bytes() const { return std::get<Bytes>(data); }
  /// The string.
  const std::string& as_string() const { return std::get<std::string>(data); }
  /// The elements of an array or members of a tuple.
  const List& as_list() const { return std::get<List>(data); }

  friend bool operator==(const Value& a, const Value& b) = default;

 private:
  template <class T>
  static std::variant<U256, I256, Address, bool, Bytes, std::string, List> make_integer(T v) {
    if constexpr (std::is_signed_v<T>) {
      return I256(static_cast<long long>(v));
    } else {
      return U256(static_cast<unsigned long long>(v));
    }
  }
};

/// Text for logs and error messages: decimal numbers, checksummed addresses, 0x-hex bytes,
/// quoted strings, `[a, b]` for arrays and `(a, b)` for tuples.
std::string to_string(const Type& type, const Value& value);

// ---------------------------------------------------------------------------------------------
// Encoding and decoding.

/// How strictly `decode` reads its input and how much it may materialise.
struct DecodeOptions {
  /// Accept only the exact encoding `encode` produces: every offset where the encoder puts its
  /// tail, zero padding after bytes/string, no trailing bytes. When false, tails may sit anywhere
  /// in bounds after their tuple's heads (and may overlap), and trailing bytes are ignored, as
  /// the Solidity decoder accepts calldata.
  bool canonical = true;
  /// The deepest nesting of arrays and tuples accepted (`uint256[][]` nests 2 deep).
  std::size_t max_depth = kMaxDepth;
  /// The most values (elements, members, leaves) decoding may produce.
  std::size_t max_values = std::size_t{1} << 20;
  /// The most bytes of bytes/string payloads decoding may copy out.
  std::size_t max_bytes = std::size_t{64} << 20;
};

/// Encodes values as the tuple of `types` (function arguments, return values, `abi.encode`).
expected<Bytes, AbiError> encode(std::span<const Type> types, std::span<const Value> values);
/// Decodes the tuple of `types` from `data`.
expected<std::vector<Value>, AbiError> decode(std::span<const Type> types, ByteView data,
                                              const DecodeOptions& options = {});

/// A function, event or error signature: a name and its parameter types.
struct Signature {
  std::string name;          ///< the identifier before the parenthesis
  std::vector<Type> inputs;  ///< the parameter types, in order
  /// "name(type1,type2)" with canonical types.
  std::string canonical() const;
  /// The first four bytes of the Keccak-256 of the canonical signature.
  FixedBytes<4> selector() const;
};
/// Parses "transfer(address,uint256)"; whitespace is not allowed (signatures are canonical).
expected<Signature, AbiError> parse_signature(std::string_view text);

/// The 4-byte selector of a canonical function or error signature.
FixedBytes<4> selector(std::string_view canonical_signature);
/// Topic 0 of an event: the Keccak-256 of its canonical signature.
Hash32 event_topic(std::string_view canonical_signature);

/// Call data: selector of `signature` followed by the encoded arguments.
expected<Bytes, AbiError> encode_call(const Signature& signature, std::span<const Value> args);
/// Call data from a signature string, e.g. encode_call("transfer(address,uint256)", {to, amount}).
expected<Bytes, AbiError> encode_call(std::string_view signature, std::span<const Value> args);
/// Call data from a signature string and an argument list written in place.
expected<Bytes, AbiError> encode_call(std::string_view signature, std::initializer_list<Value> args);
/// Checks the selector and decodes the arguments of call data.
expected<std::vector<Value>, AbiError> decode_call(const Signature& signature, ByteView calldata,
                                                   const DecodeOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Contract ABI JSON (solc's `abi` output).

/// A named parameter of a function, event, error or constructor.
struct Param {
  std::string name;      ///< may be empty
  Type type;             ///< its ABI type (tuples resolved from `components`)
  bool indexed = false;  ///< events only: whether it is a topic
};

/// A function entry.
struct Function {
  std::string name;
  std::vector<Param> inputs;
  std::vector<Param> outputs;
  std::string state_mutability;  ///< "pure", "view", "nonpayable" or "payable"
  /// The canonical signature.
  Signature signature() const;
};

/// An event entry.
struct Event {
  std::string name;
  std::vector<Param> inputs;
  bool anonymous = false;
  /// The canonical signature.
  Signature signature() const;
  /// Topic 0 (meaningless for anonymous events).
  Hash32 topic() const;
};

/// A custom error entry.
struct ErrorDef {
  std::string name;
  std::vector<Param> inputs;
  /// The canonical signature.
  Signature signature() const;
};

/// A contract's ABI: its functions, events, custom errors and constructor.
class ContractAbi {
 public:
  /// Parses solc's ABI JSON (an array of entries); unknown entry kinds (fallback, receive) are kept
  /// out of the lists but are not an error.
  static expected<ContractAbi, AbiError> parse(std::string_view json);

  /// Every function, in the order of the JSON.
  const std::vector<Function>& functions() const { return functions_; }
  /// Every event.
  const std::vector<Event>& events() const { return events_; }
  /// Every custom error.
  const std::vector<ErrorDef>& errors() const { return errors_; }
  /// The constructor's parameters (empty when it has none or no constructor is declared).
  const std::vector<Param>& constructor_inputs() const { return constructor_inputs_; }

  /// The first function with this name, or nullptr.
  const Function* function(std::string_view name) const;
  /// The function with this selector, or nullptr.
  const Function* function_by_selector(const FixedBytes<4>& selector) const;
  /// The first event with this name, or nullptr.
  const Event* event(std::string_view name) const;
  /// The non-anonymous event whose topic 0 this is, or nullptr.
  const Event* event_by_topic(const Hash32& topic0) const;
  /// The custom error with this selector, or nullptr.
  const ErrorDef* error_by_selector(const FixedBytes<4>& selector) const;

 private:
  std::vector<Function> functions_;
  std::vector<Event> events_;
  std::vector<ErrorDef> errors_;
  std::vector<Param> constructor_inputs_;
};

// ---------------------------------------------------------------------------------------------
// Logs.

/// One decoded event parameter.
struct LogField {
  std::string name;     ///< the parameter's name
  Value value;          ///< its value; for a hashed field, the 32-byte topic as Bytes
  bool hashed = false;  ///< an indexed dynamic parameter: only its Keccak-256 is in the log
};

/// Decodes a log of `event`: indexed parameters from topics 1.. (topic 0 must be the event's
/// unless it is anonymous), the others from `data`, returned in declaration order.
expected<std::vector<LogField>, AbiError> decode_log(const Event& event, std::span<const Hash32> topics,
                                                     ByteView data, const DecodeOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Revert data.

/// What revert data says.
enum class RevertKind {
  kEmpty,    ///< no data (require without a message, out of gas, invalid opcode)
  kError,    ///< Error(string)
  kPanic,    ///< Panic(uint256)
  kCustom,   ///< a custom error found in the supplied contract ABI
  kUnknown,  ///< a selector not known (data kept in `raw`)
};

/// Decoded revert data.
struct Revert {
  RevertKind kind = RevertKind::kEmpty;
  std::string message;       ///< kError: the reason string
  U256 panic_code = 0;       ///< kPanic: the code
  std::string error_name;    ///< kCustom: the error's name
  std::vector<Param> params; ///< kCustom: the error's parameters
  std::vector<Value> args;   ///< kCustom: its decoded arguments
  Bytes raw;                 ///< the revert data as given
};

/// Decodes revert data: Error(string), Panic(uint256), or a custom error of `abi` (when given).
/// Unknown selectors give kUnknown; a known selector with a malformed payload is an error.
expected<Revert, AbiError> decode_revert(ByteView data, const ContractAbi* abi = nullptr);
/// What a Panic code means ("arithmetic overflow or underflow" for 0x11), or "unknown panic code".
std::string_view panic_meaning(const U256& code);
/// One line: `reverted: "msg"`, `panic 0x11 (arithmetic overflow or underflow)`,
/// `InsufficientBalance(1, 2)`, `unknown error 0x12345678 (68 bytes)`, `reverted without data`.
std::string describe(const Revert& revert);
/// `describe(decode_revert(data, abi))`, falling back to the raw hex when the payload is malformed.
std::string revert_reason(ByteView data, const ContractAbi* abi = nullptr);

}  // namespace xway::eth::abi
