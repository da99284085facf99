// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// The Fibonacci statement's verifier (FibonacciStarkVerifier.sol).
interface IFibonacciStarkVerifier {
    function verify(bytes calldata proof, uint64 steps, uint64 result) external pure returns (bool);
}

/// @title Test harness for tests/e2e/stark_verifier_test.cpp: flips one bit of a proof at a time
/// and calls the verifier on each mutant, many mutants in one eth_call, so every byte of a small
/// proof is checked on L1 in seconds instead of one JSON-RPC round trip per mutant.
contract StarkMutationHarness {
    /// What one batch saw.
    struct Tally {
        uint256 next; // the first byte not tried (the batch stops early when gas runs low)
        uint256 accepted; // mutants the verifier accepted (a sound verifier: none)
        uint256 firstAccepted; // the byte of the first accepted mutant, or type(uint256).max
        string[] reasons; // the distinct rejection reasons, in first-seen order
        uint256[] counts; // how many mutants each reason rejected
    }

    uint256 private constant MAX_REASONS = 32;
    /// Gas kept in hand before each call: a verifier call is never cut short by the batch's gas,
    /// so an out-of-gas inside a call is never mistaken for a rejection.
    uint256 private constant RESERVE = 1_000_000;

    /// For every byte i in [from, to) of `proof`, calls verifier.verify(proof with byte i xor
    /// masks[i % masks.length], steps, result) and tallies the outcome (one mutant per byte).
    /// Panics and reason-less reverts are tallied as "panic N" and "(no reason)".
    function flipEach(
        IFibonacciStarkVerifier verifier,
        bytes calldata proof,
        uint64 steps,
        uint64 result,
        uint256 from,
        uint256 to,
        bytes calldata masks
    ) external view returns (Tally memory t) {
        require(to <= proof.length && from <= to && masks.length > 0, "harness: range outside the proof");
        t.firstAccepted = type(uint256).max;
        t.reasons = new string[](MAX_REASONS);
        t.counts = new uint256[](MAX_REASONS);
        uint256 distinct = 0;
        bytes memory bad = proof;
        for (t.next = from; t.next < to; ++t.next) {
            if (gasleft() < 2 * RESERVE) break;
            bytes1 mask = masks[t.next % masks.length];
            bad[t.next] ^= mask;
            string memory why = _outcome(verifier, bad, steps, result);
            bad[t.next] ^= mask;
            if (bytes(why).length == 0) {
                if (t.accepted++ == 0) t.firstAccepted = t.next;
            } else {
                distinct = _tally(t, distinct, why);
            }
        }
        string[] memory reasons = t.reasons;
        uint256[] memory counts = t.counts;
        assembly {
            mstore(reasons, distinct)
            mstore(counts, distinct)
        }
    }

    /// Empty when the verifier accepted; otherwise why it did not.
    function _outcome(IFibonacciStarkVerifier verifier, bytes memory proof, uint64 steps, uint64 result)
        private
        view
        returns (string memory)
    {
        try verifier.verify{gas: RESERVE - 100_000}(proof, steps, result) returns (bool ok) {
            return ok ? "" : "returned false";
        } catch Error(string memory why) {
            return bytes(why).length == 0 ? "(empty reason)" : why;
        } catch Panic(uint256 code) {
            return string.concat("panic ", _decimal(code));
        } catch {
            return "(no reason)";
        }
    }

    function _tally(Tally memory t, uint256 distinct, string memory why) private pure returns (uint256) {
        bytes32 h = keccak256(bytes(why));
        for (uint256 i = 0; i < distinct; ++i) {
            if (keccak256(bytes(t.reasons[i])) == h) {
                ++t.counts[i];
                return distinct;
            }
        }
        require(distinct < MAX_REASONS, "harness: too many distinct reasons");
        t.reasons[distinct] = why;
        t.counts[distinct] = 1;
        return distinct + 1;
    }

    function _decimal(uint256 v) private pure returns (string memory) {
        if (v == 0) return "0";
        bytes memory out;
        while (v != 0) {
            out = bytes.concat(bytes1(uint8(48 + (v % 10))), out);
            v /= 10;
        }
        return string(out);
    }
}
