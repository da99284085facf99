#pragma once
/// Tiny hand-assembled contracts for testing the L1 client without the Solidity toolchain.
#include <string_view>

namespace xway::e2e {

/// Init code of a contract whose every call reverts with Error("nope"):
/// runtime = CODECOPY(0, 12, 100); REVERT(0, 100), followed by the 100 revert bytes.
inline constexpr std::string_view kRevertNopeInitCode =
    "6070600c60003960706000f3"  // init: CODECOPY(0, 12, 0x70); RETURN(0, 0x70)
    "6064600c60003960646000fd"  // runtime: CODECOPY(0, 12, 100); REVERT(0, 100)
    "08c379a0"
    "0000000000000000000000000000000000000000000000000000000000000020"
    "0000000000000000000000000000000000000000000000000000000000000004"
    "6e6f706500000000000000000000000000000000000000000000000000000000";

/// The topic every log of `kEmitterInitCode` carries.
inline constexpr std::string_view kEmitterTopic = "1111111111111111111111111111111111111111111111111111111111111111";

/// Init code of a contract that emits LOG1(topic = kEmitterTopic, data = its calldata) per call:
/// runtime = CALLDATACOPY(0, 0, size); LOG1(0, size, topic); STOP.
inline constexpr std::string_view kEmitterInitCode =
    "602c600c60003960" "2c6000f3"  // init: CODECOPY(0, 12, 0x2c); RETURN(0, 0x2c)
    "3660006000377f"
    "1111111111111111111111111111111111111111111111111111111111111111"
    "366000a100";

}  // namespace xway::e2e
