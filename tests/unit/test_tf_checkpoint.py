"""The TensorFlow checkpoint reader, on tiny bundles this test writes byte by byte.

The writer below follows the format as TensorFlow writes it (a LevelDB table of
``BundleEntryProto`` values, raw little-endian data): prefix-compressed keys with a restart
point every ``restart_interval`` entries, several data blocks, each with its checksummed
trailer, an index block of block handles, and the footer.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from fixtext.model.tf_checkpoint import (
    TABLE_MAGIC,
    CheckpointError,
    block_entries,
    crc32c,
    mask_crc,
    read_checkpoint,
    read_index,
)

# --- a minimal bundle writer --------------------------------------------------------------------

DT = {"<f4": 1, "<f8": 2, "<i4": 3, "|u1": 4, "<i8": 9, "|b1": 10, "<f2": 19}


def varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def field(number: int, value: int | bytes, fixed32: bool = False) -> bytes:
    if isinstance(value, bytes):
        return varint(number << 3 | 2) + varint(len(value)) + value
    if fixed32:
        return varint(number << 3 | 5) + struct.pack("<I", value)
    return varint(number << 3) + varint(value)


def block(entries: list[tuple[bytes, bytes]], restart_interval: int) -> bytes:
    out, restarts, previous = bytearray(), [], b""
    for i, (key, value) in enumerate(entries):
        shared = 0
        if i % restart_interval == 0:
            restarts.append(len(out))
        else:
            while shared < min(len(key), len(previous)) and key[shared] == previous[shared]:
                shared += 1
        out += varint(shared) + varint(len(key) - shared) + varint(len(value))
        out += key[shared:] + value
        previous = key
    restarts = restarts or [0]
    return bytes(out) + struct.pack(f"<{len(restarts) + 1}I", *restarts, len(restarts))


def sstable(entries: list[tuple[bytes, bytes]], per_block: int, restart_interval: int) -> bytes:
    out = bytearray()

    def put(contents: bytes) -> bytes:
        handle = varint(len(out)) + varint(len(contents))
        out.extend(contents + b"\0" + struct.pack("<I", mask_crc(crc32c(contents + b"\0"))))
        return handle

    index = []
    for start in range(0, len(entries), per_block):
        chunk = entries[start : start + per_block]
        index.append((chunk[-1][0], put(block(chunk, restart_interval))))
    metaindex = put(block([], 1))
    handles = metaindex + put(block(index, 1))
    return bytes(out) + handles.ljust(40, b"\0") + struct.pack("<Q", TABLE_MAGIC)


def entry_proto(array: np.ndarray, shard: int, offset: int, dtype_code: int | None = None) -> bytes:
    shape = b"".join(field(2, field(1, size)) for size in array.shape)
    raw = array.tobytes()
    code = DT[array.dtype.str] if dtype_code is None else dtype_code
    return (
        field(1, code)
        + field(2, shape)
        + (field(3, shard) if shard else b"")
        + (field(4, offset) if offset else b"")
        + field(5, len(raw))
        + field(6, mask_crc(crc32c(raw)), fixed32=True)
    )


def write_bundle(
    prefix: Path,
    tensors: dict[str, np.ndarray],
    shards: int = 1,
    per_block: int = 3,
    restart_interval: int = 2,
    proto=entry_proto,
) -> None:
    """Write ``tensors`` as a bundle at ``prefix``, round-robin over ``shards``."""
    data = [bytearray() for _ in range(shards)]
    entries = [(b"", field(1, shards) + field(3, field(1, 1)))]  # the header: num_shards, version
    for i, name in enumerate(sorted(tensors)):
        shard = i % shards
        array = tensors[name]
        entries.append((name.encode(), proto(array, shard, len(data[shard]))))
        data[shard] += array.tobytes()
    prefix.with_name(prefix.name + ".index").write_bytes(
        sstable(entries, per_block, restart_interval)
    )
    for shard, raw in enumerate(data):
        prefix.with_name(f"{prefix.name}.data-{shard:05d}-of-{shards:05d}").write_bytes(raw)


def sample_tensors() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    return {  # names share long prefixes, as a model's do
        "module/bert/embeddings/LayerNorm/beta": rng.standard_normal(7).astype(np.float32),
        "module/bert/embeddings/LayerNorm/gamma": rng.standard_normal(7).astype(np.float32),
        "module/bert/embeddings/word_embeddings": rng.standard_normal((300, 5)).astype("<f4"),
        "module/bert/encoder/layer_0/attention/self/key/kernel": rng.standard_normal((3, 4)),
        "module/bert/encoder/layer_0/attention/self/key/bias": np.float16([1.5, -2, 0.25]),
        "module/global_step": np.array(123456789012, dtype=np.int64),
        "module/counts": np.arange(-5, 5, dtype=np.int32).reshape(2, 5),
        "module/mask": np.array([True, False, True]),
        "module/bytes": np.arange(2000, dtype=np.int64).astype(np.uint8),
        "module/empty": np.zeros((0, 4), dtype=np.float32),
    }


def assert_same(read: dict[str, np.ndarray], tensors: dict[str, np.ndarray]) -> None:
    assert list(read) == sorted(tensors)  # index order
    for name, array in tensors.items():
        assert read[name].dtype == array.dtype.newbyteorder("<"), name
        assert read[name].shape == array.shape, name
        np.testing.assert_array_equal(read[name], array, err_msg=name)


# --- tests ------------------------------------------------------------------------------------


def reference_crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def test_crc32c_matches_the_standard_check_value_and_a_bitwise_reference() -> None:
    assert crc32c(b"123456789") == 0xE3069283
    assert crc32c(b"") == 0
    data = np.random.default_rng(1).integers(0, 256, 5000, dtype=np.uint8).tobytes()
    for size in (1, 1023, 1024, 1025, 3 * 1024, 5000):  # the tail, whole lanes, both
        assert crc32c(data[:size]) == reference_crc32c(data[:size]), size
    assert crc32c(np.frombuffer(data, dtype="<f4")) == reference_crc32c(data)


def test_block_entries_expand_prefix_compressed_keys() -> None:
    entries = [(b"apple", b"1"), (b"applesauce", b"2"), (b"apply", b"3"), (b"banana", b"")]
    encoded = block(entries, restart_interval=3)
    assert encoded[:3] == bytes([0, 5, 1])  # a restart point stores its whole key
    assert encoded[9:12] == bytes([5, 5, 1])  # then 5 bytes shared, 5 new
    assert list(block_entries(encoded)) == entries


@pytest.mark.parametrize(("shards", "per_block", "restart_interval"), [(1, 3, 2), (2, 100, 16)])
def test_a_bundle_reads_back_exactly(
    tmp_path: Path, shards: int, per_block: int, restart_interval: int
) -> None:
    tensors = sample_tensors()
    write_bundle(tmp_path / "variables", tensors, shards, per_block, restart_interval)
    assert_same(read_checkpoint(tmp_path / "variables"), tensors)


def test_the_index_gives_each_tensor_its_place(tmp_path: Path) -> None:
    tensors = sample_tensors()
    write_bundle(tmp_path / "variables", tensors)
    shards, entries = read_index((tmp_path / "variables.index").read_bytes())
    assert shards == 1
    offset = 0
    for name in sorted(tensors):
        entry = entries[name]
        assert (entry.offset, entry.size) == (offset, tensors[name].nbytes)
        assert entry.shape == tensors[name].shape
        offset += entry.size
    assert offset == (tmp_path / "variables.data-00000-of-00001").stat().st_size


def test_damaged_data_fails_its_crc_unless_unchecked(tmp_path: Path) -> None:
    write_bundle(tmp_path / "variables", sample_tensors())
    data = tmp_path / "variables.data-00000-of-00001"
    raw = bytearray(data.read_bytes())
    raw[-1] ^= 0x01  # the last byte of the last tensor, module/mask
    data.write_bytes(bytes(raw))
    with pytest.raises(CheckpointError, match="module/mask: CRC-32C mismatch"):
        read_checkpoint(tmp_path / "variables")
    assert read_checkpoint(tmp_path / "variables", verify_crc=False)["module/mask"][-1] == 0


def test_a_damaged_index_block_fails_its_checksum(tmp_path: Path) -> None:
    write_bundle(tmp_path / "variables", sample_tensors())
    index = bytearray((tmp_path / "variables.index").read_bytes())
    index[10] ^= 0x40
    with pytest.raises(CheckpointError, match="checksum mismatch"):
        read_index(bytes(index))


def test_not_an_sstable_is_refused() -> None:
    with pytest.raises(CheckpointError, match="magic"):
        read_index(b"\0" * 64)
    with pytest.raises(CheckpointError, match="too short"):
        read_index(b"\0" * 10)


def test_a_size_that_disagrees_with_dtype_and_shape_is_refused(tmp_path: Path) -> None:
    def short(array: np.ndarray, shard: int, offset: int) -> bytes:
        return entry_proto(array, shard, offset) + field(5, array.nbytes - 1)  # last one wins

    write_bundle(tmp_path / "variables", {"a": np.zeros(3, np.float32)}, proto=short)
    with pytest.raises(CheckpointError, match="11 bytes stored, but float32 of shape"):
        read_checkpoint(tmp_path / "variables")


def test_overlapping_or_out_of_file_tensors_are_refused(tmp_path: Path) -> None:
    def at_zero(array: np.ndarray, shard: int, offset: int) -> bytes:
        return entry_proto(array, shard, 0)

    tensors = {"a": np.zeros(3, np.float32), "b": np.ones(3, np.float32)}
    write_bundle(tmp_path / "variables", tensors, proto=at_zero)
    with pytest.raises(CheckpointError, match="b overlaps a"):
        read_checkpoint(tmp_path / "variables")

    write_bundle(tmp_path / "variables", tensors)
    data = tmp_path / "variables.data-00000-of-00001"
    data.write_bytes(data.read_bytes()[:-4])
    with pytest.raises(CheckpointError, match="b ends at byte 24 of shard 0, which has 20"):
        read_checkpoint(tmp_path / "variables")


def test_strings_and_partitioned_variables_are_refused_by_name(tmp_path: Path) -> None:
    def as_string(array: np.ndarray, shard: int, offset: int) -> bytes:
        return entry_proto(array, shard, offset, dtype_code=7)

    write_bundle(tmp_path / "variables", {"names": np.zeros(2, np.uint8)}, proto=as_string)
    with pytest.raises(CheckpointError, match="names: unsupported TensorFlow dtype 7"):
        read_checkpoint(tmp_path / "variables")

    def sliced(array: np.ndarray, shard: int, offset: int) -> bytes:
        return entry_proto(array, shard, offset) + field(7, b"")

    write_bundle(tmp_path / "variables", {"part": np.zeros(2, np.float32)}, proto=sliced)
    with pytest.raises(CheckpointError, match="part: partitioned variables"):
        read_checkpoint(tmp_path / "variables")


def test_a_missing_data_file_is_named(tmp_path: Path) -> None:
    write_bundle(tmp_path / "variables", sample_tensors(), shards=2)
    (tmp_path / "variables.data-00001-of-00002").unlink()
    with pytest.raises(CheckpointError, match=r"variables\.data-00001-of-00002"):
        read_checkpoint(tmp_path / "variables")
