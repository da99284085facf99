#include "stark/examples/fibonacci/fibonacci_air.hpp"

#include "stark/crypto/encoding.hpp"

namespace xway::stark {

std::vector<Assertion> FibonacciAir::assertions() const {
  return {{0, 0, Felt::one()}, {1, 0, Felt::one()}, {1, steps_ - 1, result_}};
}

Bytes FibonacciAir::public_inputs() const {
  Bytes out;
  put_u64(out, steps_);
  put_felt(out, result_);
  return out;
}

std::optional<FibonacciAir> FibonacciAir::from_public_inputs(std::size_t steps, ByteView bytes) {
  if (bytes.size() != 16 || get_u64(bytes.data()) != steps || steps < 8 || (steps & (steps - 1)) != 0) {
    return std::nullopt;
  }
  const std::uint64_t result = get_u64(bytes.data() + 8);
  if (!Felt::is_canonical(result)) return std::nullopt;
  return FibonacciAir(steps, Felt(result));
}

Trace build_fibonacci_trace(std::size_t steps) {
  Trace t(2, std::vector<Felt>(steps));
  Felt a = Felt::one(), b = Felt::one();
  for (std::size_t i = 0; i < steps; ++i) {
    t[0][i] = a;
    t[1][i] = b;
    const Felt c = a + b;
    a = b;
    b = c;
  }
  return t;
}

Felt fibonacci_result(std::size_t steps) { return build_fibonacci_trace(steps)[1][steps - 1]; }

}  // namespace xway::stark
