"""Read a TensorFlow 2 checkpoint bundle (a SavedModel's ``variables/``) with numpy alone.

A bundle is ``<prefix>.index`` and ``<prefix>.data-00000-of-0000N``. The index is a
LevelDB-format table (an SSTable) mapping each variable's name to a ``BundleEntryProto``:
its dtype, shape, shard, and the ``offset``/``size`` of its raw little-endian bytes in
that shard, with their CRC-32C. The table's own layout, from the end of the file:

- a 48-byte footer: two block handles (metaindex, index), each two varints (offset,
  size), zero padding, then the magic number ``0xdb4775248b80fb57``;
- the index block: one entry per data block, its value that block's handle;
- data blocks: key/value entries whose keys share a prefix with the previous key
  (``shared``, ``non_shared``, ``value_length`` varints, then the key's new bytes and the
  value); every 16th entry, a *restart point*, stores its key whole, and the block ends
  with the restart offsets (uint32 each) and their count (uint32);
- after every block a 5-byte trailer: the compression type (0, none: TensorFlow's bundle
  writer never compresses) and the masked CRC-32C of the block and that byte.

The bundle's first key is ``""``, whose value is a ``BundleHeaderProto`` (number of
shards, endianness). Protobuf fields are decoded by hand (varint, fixed32, fixed64 and
length-delimited wire types); neither protobuf nor TensorFlow is needed. Every block's
checksum, every tensor's size (dtype item size x element count), its place in the shard
(inside the file, overlapping no other tensor) and its CRC-32C are checked; anything
wrong raises :class:`CheckpointError`. Partitioned variables (tensor slices) and string
tensors are not supported and raise it too.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

TABLE_MAGIC = 0xDB4775248B80FB57
FOOTER_SIZE = 48  # 2 block handles padded to 40 bytes, then the 8-byte magic number
BLOCK_TRAILER_SIZE = 5  # compression type (1 byte) + masked CRC-32C (4 bytes)

#: TensorFlow's ``DataType`` enum values this reader understands, as little-endian dtypes.
DTYPES: dict[int, str] = {
    1: "<f4",  # DT_FLOAT
    2: "<f8",  # DT_DOUBLE
    3: "<i4",  # DT_INT32
    4: "u1",  # DT_UINT8
    5: "<i2",  # DT_INT16
    6: "i1",  # DT_INT8
    9: "<i8",  # DT_INT64
    10: "?",  # DT_BOOL
    17: "<u2",  # DT_UINT16
    19: "<f2",  # DT_HALF
    22: "<u4",  # DT_UINT32
    23: "<u8",  # DT_UINT64
}


class CheckpointError(Exception):
    """A checkpoint bundle that is malformed, damaged or of a kind this reader cannot read."""


@dataclass(frozen=True)
class BundleEntry:
    """Where one tensor lives: its ``BundleEntryProto``."""

    name: str
    dtype: np.dtype
    shape: tuple[int, ...]
    shard_id: int
    offset: int
    size: int
    crc32c: int  # masked, as stored

    @property
    def nbytes(self) -> int:
        """The size its dtype and shape call for."""
        return self.dtype.itemsize * math.prod(self.shape)


# --- CRC-32C (Castagnoli), as LevelDB and TensorFlow compute and mask it -------------------


def _crc_table() -> np.ndarray:
    table = np.zeros(256, dtype=np.uint32)
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
        table[byte] = crc
    return table


_TABLE = _crc_table()
_TABLE_LIST = [int(value) for value in _TABLE]
#: Long data is cut into lanes of this many bytes, all advanced one byte per numpy step.
_LANE = 1024


def _shift_tables(length: int) -> list[list[int]]:
    """Byte tables of the linear map "feed ``length`` zero bytes" on a CRC register."""
    images = []
    for bit in range(32):
        crc = 1 << bit
        for _ in range(length):
            crc = _TABLE_LIST[crc & 0xFF] ^ (crc >> 8)
        images.append(crc)
    tables = []
    for part in range(4):
        table = []
        for byte in range(256):
            value = 0
            for bit in range(8):
                if byte >> bit & 1:
                    value ^= images[8 * part + bit]
            table.append(value)
        tables.append(table)
    return tables


_SHIFT_LANE = _shift_tables(_LANE)


def crc32c(data: bytes | bytearray | memoryview | np.ndarray) -> int:
    """The CRC-32C of ``data``.

    Beyond one lane, the data is cut into whole lanes of :data:`_LANE` bytes whose raw CRCs
    (register starting at 0; the first lane's at the usual ``0xFFFFFFFF``) numpy computes
    side by side; since a CRC is linear, they are chained by shifting the running value
    past each lane (``_SHIFT_LANE``) and xor-ing the next in. The tail is done byte by byte.
    """
    view = np.frombuffer(data, dtype=np.uint8) if not isinstance(data, np.ndarray) else data
    view = view.reshape(-1).view(np.uint8)
    lanes = view.size // _LANE
    crc = 0xFFFFFFFF
    if lanes:
        columns = view[: lanes * _LANE].reshape(lanes, _LANE).T.copy()  # row j: byte j of each
        raw = np.zeros(lanes, dtype=np.uint32)
        raw[0] = 0xFFFFFFFF
        for column in columns:
            raw = _TABLE[(raw ^ column) & 0xFF] ^ (raw >> 8)
        crc = 0
        s0, s1, s2, s3 = _SHIFT_LANE
        for value in raw.tolist():
            crc = s0[crc & 0xFF] ^ s1[crc >> 8 & 0xFF] ^ s2[crc >> 16 & 0xFF] ^ s3[crc >> 24]
            crc ^= value
    for byte in view[lanes * _LANE :].tolist():
        crc = _TABLE_LIST[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def mask_crc(crc: int) -> int:
    """LevelDB's masking of a stored CRC (rotate right by 15 bits, add a constant)."""
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


# --- varints and protobuf fields -----------------------------------------------------------


def read_varint(buffer: bytes, pos: int) -> tuple[int, int]:
    """Decode the base-128 varint at ``pos``: (value, position after it)."""
    value = shift = 0
    while True:
        if pos >= len(buffer) or shift > 63:
            raise CheckpointError("truncated or overlong varint")
        byte = buffer[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def proto_fields(message: bytes) -> Iterator[tuple[int, int | bytes]]:
    """The (field number, value) pairs of a protobuf message, in order: integers for
    varint, fixed32 and fixed64 fields, bytes for length-delimited ones."""
    pos = 0
    while pos < len(message):
        key, pos = read_varint(message, pos)
        number, wire_type = key >> 3, key & 7
        value: int | bytes
        if wire_type == 0:
            value, pos = read_varint(message, pos)
        elif wire_type == 1:
            (value,) = struct.unpack_from("<Q", message, pos)
            pos += 8
        elif wire_type == 2:
            length, pos = read_varint(message, pos)
            value = message[pos : pos + length]
            pos += length
        elif wire_type == 5:
            (value,) = struct.unpack_from("<I", message, pos)
            pos += 4
        else:
            raise CheckpointError(f"unsupported protobuf wire type {wire_type}")
        if pos > len(message):
            raise CheckpointError("truncated protobuf message")
        yield number, value


# --- the SSTable -------------------------------------------------------------------------------


def _block(table: bytes, handle: bytes | tuple[int, int]) -> bytes:
    """The contents of the block at ``handle`` (encoded, or (offset, size)), checked."""
    if isinstance(handle, bytes):
        offset, pos = read_varint(handle, 0)
        size, _ = read_varint(handle, pos)
    else:
        offset, size = handle
    end = offset + size
    if end + BLOCK_TRAILER_SIZE > len(table):
        raise CheckpointError(f"block at {offset} (+{size}) runs past the end of the index")
    contents = table[offset:end]
    compression = table[end]
    (stored,) = struct.unpack_from("<I", table, end + 1)
    if mask_crc(crc32c(table[offset : end + 1])) != stored:
        raise CheckpointError(f"checksum mismatch in the index block at {offset}")
    if compression != 0:
        raise CheckpointError(f"compressed index block (type {compression}) not supported")
    return contents


def block_entries(block: bytes) -> Iterator[tuple[bytes, bytes]]:
    """The (key, value) entries of one block, prefix-compressed keys expanded."""
    if len(block) < 4:
        raise CheckpointError("block too short")
    (restarts,) = struct.unpack_from("<I", block, len(block) - 4)
    limit = len(block) - 4 - 4 * restarts  # where the entries end and the restart array begins
    if restarts == 0 or limit < 0:
        raise CheckpointError("bad restart array")
    restart_points = set(struct.unpack_from(f"<{restarts}I", block, limit))
    key = b""
    pos = 0
    while pos < limit:
        entry_start = pos
        shared, pos = read_varint(block, pos)
        non_shared, pos = read_varint(block, pos)
        value_length, pos = read_varint(block, pos)
        if shared > len(key) or (entry_start in restart_points and shared != 0):
            raise CheckpointError(f"bad key prefix at block offset {entry_start}")
        key = key[:shared] + block[pos : pos + non_shared]
        pos += non_shared
        value = block[pos : pos + value_length]
        pos += value_length
        if pos > limit:
            raise CheckpointError("block entry runs into the restart array")
        yield key, value


def table_entries(table: bytes) -> Iterator[tuple[bytes, bytes]]:
    """Every (key, value) of an SSTable's data blocks, in key order."""
    if len(table) < FOOTER_SIZE:
        raise CheckpointError("index file too short for an SSTable footer")
    footer = table[-FOOTER_SIZE:]
    (magic,) = struct.unpack_from("<Q", footer, FOOTER_SIZE - 8)
    if magic != TABLE_MAGIC:
        raise CheckpointError("not an SSTable (bad magic number)")
    _metaindex_offset, pos = read_varint(footer, 0)
    _metaindex_size, pos = read_varint(footer, pos)
    index_offset, pos = read_varint(footer, pos)
    index_size, _ = read_varint(footer, pos)
    previous: bytes | None = None
    for _separator, handle in block_entries(_block(table, (index_offset, index_size))):
        for key, value in block_entries(_block(table, handle)):
            if previous is not None and key <= previous:
                raise CheckpointError(f"keys out of order at {key!r}")
            previous = key
            yield key, value


# --- the bundle --------------------------------------------------------------------------------


def _shape(message: bytes) -> tuple[int, ...]:
    """A ``TensorShapeProto``: repeated ``dim`` (2) with ``size`` (1); ``unknown_rank`` (3)."""
    dims = []
    for number, value in proto_fields(message):
        if number == 2 and isinstance(value, bytes):
            size = dict(proto_fields(value)).get(1, 0)
            dims.append(int(size))
        elif number == 3 and value:
            raise CheckpointError("a tensor of unknown rank")
    return tuple(dims)


def _entry(name: str, message: bytes) -> BundleEntry:
    fields: dict[int, int | bytes] = {}
    for number, value in proto_fields(message):
        if number == 7:
            raise CheckpointError(f"{name}: partitioned variables (slices) are not supported")
        fields[number] = value
    dtype_code = int(fields.get(1, 0))
    if dtype_code not in DTYPES:
        raise CheckpointError(f"{name}: unsupported TensorFlow dtype {dtype_code}")
    shape = fields.get(2, b"")
    return BundleEntry(
        name=name,
        dtype=np.dtype(DTYPES[dtype_code]),
        shape=_shape(shape) if isinstance(shape, bytes) else (),
        shard_id=int(fields.get(3, 0)),
        offset=int(fields.get(4, 0)),
        size=int(fields.get(5, 0)),
        crc32c=int(fields.get(6, 0)),
    )


def read_index(index: bytes) -> tuple[int, dict[str, BundleEntry]]:
    """Parse a bundle's ``.index`` bytes: (number of shards, name -> entry)."""
    num_shards: int | None = None
    entries: dict[str, BundleEntry] = {}
    for key, value in table_entries(index):
        if key == b"":  # BundleHeaderProto: num_shards (1), endianness (2: 0 little, 1 big)
            header = dict(proto_fields(value))
            if header.get(2, 0) != 0:
                raise CheckpointError("big-endian bundles are not supported")
            num_shards = int(header.get(1, 0))
            continue
        name = key.decode("utf-8")
        entries[name] = _entry(name, value)
    if num_shards is None:
        raise CheckpointError("no bundle header (the empty key) in the index")
    for entry in entries.values():
        if entry.size != entry.nbytes:
            raise CheckpointError(
                f"{entry.name}: {entry.size} bytes stored, but {entry.dtype} of shape "
                f"{entry.shape} needs {entry.nbytes}"
            )
        if not 0 <= entry.shard_id < num_shards:
            raise CheckpointError(f"{entry.name}: shard {entry.shard_id} of {num_shards}")
    return num_shards, entries


def shard_path(prefix: Path, shard: int, num_shards: int) -> Path:
    """``<prefix>.data-00000-of-00001`` and so on."""
    return prefix.with_name(f"{prefix.name}.data-{shard:05d}-of-{num_shards:05d}")


def check_layout(entries: dict[str, BundleEntry], shard_sizes: dict[int, int]) -> None:
    """Every tensor lies inside its shard and no two overlap."""
    for shard, file_size in shard_sizes.items():
        end = 0
        previous = ""
        in_shard = sorted((e for e in entries.values() if e.shard_id == shard), key=_place)
        for entry in in_shard:
            if entry.offset < end:
                raise CheckpointError(f"{entry.name} overlaps {previous} in shard {shard}")
            end = entry.offset + entry.size
            previous = entry.name
            if end > file_size:
                raise CheckpointError(
                    f"{entry.name} ends at byte {end} of shard {shard}, which has {file_size}"
                )


def _place(entry: BundleEntry) -> tuple[int, int]:
    return entry.offset, entry.size


def read_checkpoint(prefix: Path | str, verify_crc: bool = True) -> dict[str, np.ndarray]:
    """Read every tensor of the bundle at ``prefix`` (``.../variables/variables``):
    name -> numpy array (little-endian, as stored), in index order."""
    prefix = Path(prefix)
    index_path = prefix.with_name(prefix.name + ".index")
    try:
        num_shards, entries = read_index(index_path.read_bytes())
    except OSError as error:
        raise CheckpointError(f"cannot read {index_path}: {error}") from error
    paths = {shard: shard_path(prefix, shard, num_shards) for shard in range(num_shards)}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        raise CheckpointError(f"missing data file(s): {', '.join(missing)}")
    check_layout(entries, {shard: path.stat().st_size for shard, path in paths.items()})
    arrays: dict[str, np.ndarray] = {}
    for shard, path in paths.items():
        with path.open("rb") as handle:
            for entry in sorted((e for e in entries.values() if e.shard_id == shard), key=_place):
                array = np.empty(entry.shape, dtype=entry.dtype)
                raw = array.reshape(-1).view(np.uint8)
                handle.seek(entry.offset)
                if handle.readinto(memoryview(raw)) != entry.size:
                    raise CheckpointError(f"{entry.name}: short read from {path}")
                if verify_crc and mask_crc(crc32c(raw)) != entry.crc32c:
                    raise CheckpointError(f"{entry.name}: CRC-32C mismatch (damaged data)")
                arrays[entry.name] = array
    return {name: arrays[name] for name in entries}
