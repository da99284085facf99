#include "eth/watcher.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "eth/json_codec.hpp"

namespace xway::eth {

namespace {

using nlohmann::json;

json log_to_json(const Log& l) {
  json topics = json::array();
  for (const auto& t : l.topics) topics.push_back(to_hex(t.view()));
  return json{{"address", to_hex(l.address.view())},        {"topics", topics},
              {"data", to_hex(l.data)},                      {"blockNumber", to_quantity(l.block_number)},
              {"blockHash", to_hex(l.block_hash.view())},    {"transactionHash", to_hex(l.transaction_hash.view())},
              {"transactionIndex", to_quantity(l.transaction_index)}, {"logIndex", to_quantity(l.log_index)},
              {"removed", l.removed}};
}

}  // namespace

std::string_view describe(CursorError e) {
  switch (e) {
    case CursorError::kNotJson: return "watcher cursor is not JSON";
    case CursorError::kBadField: return "watcher cursor has a missing or malformed field";
  }
  return "bad watcher cursor";
}

std::string encode_cursor(const WatchCursor& cursor) {
  json marks = json::array();
  for (const auto& m : cursor.marks) marks.push_back(json::array({to_quantity(m.number), to_hex(m.hash.view())}));
  json logs = json::array();
  for (const auto& l : cursor.logs) logs.push_back(log_to_json(l));
  return json{{"next_block", to_quantity(cursor.next_block)},
              {"floor", to_quantity(cursor.floor)},
              {"marks", marks},
              {"logs", logs}}
      .dump();
}

expected<WatchCursor, CursorError> decode_cursor(std::string_view text) {
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return unexpected(CursorError::kNotJson);
  if (!doc.is_object()) return unexpected(CursorError::kBadField);
  WatchCursor c;
  const auto field = [&](const char* k) -> const json* {
    auto it = doc.find(k);
    return it == doc.end() ? nullptr : &*it;
  };
  const json* next = field("next_block");
  const json* floor = field("floor");
  const json* marks = field("marks");
  const json* logs = field("logs");
  if (!next || !floor || !marks || !logs || !marks->is_array() || !logs->is_array()) {
    return unexpected(CursorError::kBadField);
  }
  auto n = decode_u64(*next, "next_block");
  auto f = decode_u64(*floor, "floor");
  if (!n || !f) return unexpected(CursorError::kBadField);
  c.next_block = *n;
  c.floor = *f;
  for (const auto& m : *marks) {
    if (!m.is_array() || m.size() != 2) return unexpected(CursorError::kBadField);
    auto num = decode_u64(m[0], "mark");
    auto hash = decode_hash(m[1], "mark");
    if (!num || !hash) return unexpected(CursorError::kBadField);
    c.marks.push_back({*num, *hash});
  }
  for (const auto& lj : *logs) {
    auto l = decode_log(lj);
    if (!l) return unexpected(CursorError::kBadField);
    c.logs.push_back(std::move(*l));
  }
  return c;
}

LogWatcher::LogWatcher(Client& client, CursorStore& store, WatchOptions options)
    : client_(client), store_(store), options_(std::move(options)) {
  if (options_.max_range == 0) options_.max_range = 1;
  if (options_.reorg_window == 0) options_.reorg_window = 1;
  cursor_.next_block = options_.start_block;
  cursor_.floor = options_.start_block;
}

Result<void> LogWatcher::open() {
  auto saved = store_.load();
  if (!saved) return unexpected(saved.error());
  if (*saved) cursor_ = std::move(**saved);
  return {};
}

RpcResult<void> LogWatcher::persist() {
  auto saved = store_.save(cursor_);
  if (!saved) return rpc_fail(RpcErrorKind::kStore, "saving the watcher cursor: " + saved.error().message);
  return {};
}

void LogWatcher::trim() {
  if (cursor_.marks.size() <= options_.reorg_window) return;
  const auto drop = cursor_.marks.size() - options_.reorg_window;
  // Everything at or below the newest dropped mark can no longer be checked.
  cursor_.floor = cursor_.marks[drop - 1].number + 1;
  cursor_.marks.erase(cursor_.marks.begin(), cursor_.marks.begin() + static_cast<std::ptrdiff_t>(drop));
  std::erase_if(cursor_.logs, [&](const Log& l) { return l.block_number < cursor_.floor; });
}

RpcResult<std::size_t> LogWatcher::rewind_if_reorged(const Deliver& deliver) {
  std::size_t dropped_marks = 0;
  while (!cursor_.marks.empty()) {
    const BlockMark mark = cursor_.marks.back();
    auto header = client_.block(BlockRef::number(mark.number));
    if (!header) return unexpected(std::move(header.error()));
    // A block still on the chain vouches for all its ancestors: nothing older moved.
    if (*header && (*header)->hash == mark.hash) break;
    cursor_.marks.pop_back();
    ++dropped_marks;
  }
  if (dropped_marks == 0) return 0;
  std::uint64_t resume = cursor_.floor;
  if (!cursor_.marks.empty()) {
    resume = cursor_.marks.back().number + 1;
  } else if (cursor_.floor > options_.start_block) {
    return rpc_fail(RpcErrorKind::kReorgTooDeep,
                    fmt::format("no remembered block at or above {} is still on the chain", cursor_.floor));
  }
  std::size_t delivered = 0;
  while (!cursor_.logs.empty() && cursor_.logs.back().block_number >= resume) {
    Log retracted = std::move(cursor_.logs.back());
    cursor_.logs.pop_back();
    retracted.removed = true;
    deliver(retracted);
    ++delivered;
  }
  cursor_.next_block = resume;
  auto saved = persist();
  if (!saved) return unexpected(std::move(saved.error()));
  return delivered;
}

RpcResult<std::size_t> LogWatcher::poll(const Deliver& deliver) {
  auto rewound = rewind_if_reorged(deliver);
  if (!rewound) return unexpected(std::move(rewound.error()));
  auto head = client_.block_number();
  if (!head) return unexpected(std::move(head.error()));
  if (*head < options_.confirmations) return *rewound;
  const std::uint64_t safe = *head - options_.confirmations;
  if (cursor_.next_block > safe) return *rewound;
  const std::uint64_t to = std::min(safe, cursor_.next_block + options_.max_range - 1);

  // The hash of `to` commits to every block below it: if it is the same before and after
  // eth_getLogs, the logs came from one branch.
  auto before = client_.block(BlockRef::number(to));
  if (!before) return unexpected(std::move(before.error()));
  if (!*before) return *rewound;  // the head moved back under us; try again next poll
  LogFilter filter{cursor_.next_block, to, options_.addresses, options_.topics};
  auto logs = client_.logs(filter);
  if (!logs) return unexpected(std::move(logs.error()));
  auto after = client_.block(BlockRef::number(to));
  if (!after) return unexpected(std::move(after.error()));
  if (!*after || (*after)->hash != (*before)->hash) return *rewound;
  for (const auto& l : *logs) {
    if (l.block_number < cursor_.next_block || l.block_number > to ||
        (l.block_number == to && l.block_hash != (*before)->hash)) {
      return rpc_fail(RpcErrorKind::kMalformedReply,
                      fmt::format("eth_getLogs returned a log of block {} for range {}..{}", l.block_number,
                                  cursor_.next_block, to));
    }
  }

  std::size_t delivered = *rewound;
  for (const auto& l : *logs) {
    if (l.removed) continue;  // a node's own retraction of a log we never delivered
    deliver(l);
    ++delivered;
    if (cursor_.marks.empty() || cursor_.marks.back().number != l.block_number) {
      cursor_.marks.push_back({l.block_number, l.block_hash});
    }
    cursor_.logs.push_back(l);
  }
  if (cursor_.marks.empty() || cursor_.marks.back().number != to) cursor_.marks.push_back({to, (*before)->hash});
  cursor_.next_block = to + 1;
  trim();
  auto saved = persist();
  if (!saved) return unexpected(std::move(saved.error()));
  return delivered;
}

}  // namespace xway::eth
