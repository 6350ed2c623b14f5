// PrefixScan: an iterator over the keys that start with one prefix, bounded in RocksDB itself
// (iterate_upper_bound) so that it never reads blocks past the prefix.
#ifndef BYLINE_STORE_SCAN_H_
#define BYLINE_STORE_SCAN_H_

#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/keys.h"

namespace byline::store::internal {

class PrefixScan {
 public:
  PrefixScan(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, std::string prefix,
             const rocksdb::Snapshot* snapshot = nullptr)
      : prefix_(std::move(prefix)), upper_(PrefixEnd(prefix_)), upper_slice_(upper_) {
    rocksdb::ReadOptions ro;
    ro.snapshot = snapshot;
    if (!upper_.empty()) ro.iterate_upper_bound = &upper_slice_;
    it_.reset(db->NewIterator(ro, cf));
  }
  PrefixScan(const PrefixScan&) = delete;
  PrefixScan& operator=(const PrefixScan&) = delete;

  // Positions at the first key >= max(target, prefix).
  void Seek(std::string_view target) {
    it_->Seek(target < prefix_ ? rocksdb::Slice(prefix_)
                               : rocksdb::Slice(target.data(), target.size()));
  }
  void SeekToFirst() { it_->Seek(prefix_); }
  // Positions at the last key under the prefix.
  void SeekToLast() {
    if (upper_.empty()) {
      it_->SeekToLast();
    } else {
      it_->SeekForPrev(upper_);
      if (it_->Valid() && it_->key() == rocksdb::Slice(upper_)) it_->Prev();
    }
  }
  bool Valid() const { return it_->Valid() && it_->key().starts_with(prefix_); }
  void Next() { it_->Next(); }
  void Prev() { it_->Prev(); }
  std::string_view key() const { return {it_->key().data(), it_->key().size()}; }
  std::string_view value() const { return {it_->value().data(), it_->value().size()}; }
  // The part of the key after the prefix.
  std::string_view rest() const { return key().substr(prefix_.size()); }
  const std::string& prefix() const { return prefix_; }
  Status status() const {
    const rocksdb::Status s = it_->status();
    if (s.ok()) return Status::Ok();
    if (s.IsCorruption()) return Status::Corrupt(s.ToString());
    return Status::Io(s.ToString());
  }

 private:
  std::string prefix_;
  std::string upper_;
  rocksdb::Slice upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

// A snapshot held for one query or check, so that all of its reads see the same database.
class SnapshotHolder {
 public:
  explicit SnapshotHolder(rocksdb::DB* db) : db_(db), snapshot_(db->GetSnapshot()) {}
  ~SnapshotHolder() { db_->ReleaseSnapshot(snapshot_); }
  SnapshotHolder(const SnapshotHolder&) = delete;
  SnapshotHolder& operator=(const SnapshotHolder&) = delete;
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snapshot_;
};

// Point reads of up to `capacity` keys of one column family at a time, through one MultiGet
// (cheaper than as many Gets: RocksDB finds the keys' blocks in one pass).
class PointBatch {
 public:
  PointBatch(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, const rocksdb::Snapshot* snapshot,
             size_t capacity)
      : db_(db),
        cf_(cf),
        keys_(capacity),
        slices_(capacity),
        values_(capacity),
        statuses_(capacity) {
    ro_.snapshot = snapshot;
  }
  PointBatch(const PointBatch&) = delete;
  PointBatch& operator=(const PointBatch&) = delete;

  size_t capacity() const { return keys_.size(); }
  // Key `i` of the next Read, to be filled in.
  std::string* mutable_key(size_t i) { return &keys_[i]; }
  const std::string& key(size_t i) const { return keys_[i]; }
  // Reads keys [0, n); `sorted` when they ascend.
  void Read(size_t n, bool sorted) {
    for (size_t i = 0; i < n; ++i) {
      slices_[i] = keys_[i];
      values_[i].Reset();
    }
    db_->MultiGet(ro_, cf_, n, slices_.data(), values_.data(), statuses_.data(), sorted);
  }
  // After Read: whether key `i` was found (an error of its read is a Status).
  Result<bool> found(size_t i) const {
    const rocksdb::Status& s = statuses_[i];
    if (s.ok()) return true;
    if (s.IsNotFound()) return false;
    return s.IsCorruption() ? Status::Corrupt(s.ToString()) : Status::Io(s.ToString());
  }
  std::string_view value(size_t i) const { return {values_[i].data(), values_[i].size()}; }

 private:
  rocksdb::DB* db_;
  rocksdb::ColumnFamilyHandle* cf_;
  rocksdb::ReadOptions ro_;
  std::vector<std::string> keys_;
  std::vector<rocksdb::Slice> slices_;
  std::vector<rocksdb::PinnableSlice> values_;
  std::vector<rocksdb::Status> statuses_;
};

}  // namespace byline::store::internal

#endif  // BYLINE_STORE_SCAN_H_
