"""Settings from the config file, the environment and flags (newsdigest/config.py)."""
import pytest

from newsdigest.cli import main
from newsdigest.config import load
from newsdigest.errors import ConfigError
from newsdigest.settings import Settings

ENV = {"HOME": "/nonexistent"}


def write(tmp_path, text):
    path = tmp_path / "newsdigest.toml"
    path.write_text(text)
    return str(path)


def test_the_file_sets_top_level_settings_and_the_llm_table(tmp_path):
    path = write(tmp_path, 'words = 120\nredundancy = 1\n[llm]\nbase_url = "http://127.0.0.1:8080/v1"\n'
                           'model = "qwen"\ntimeout_s = 30\njudge = true\n')
    s = load(path, ENV)
    assert (s.words, s.redundancy) == (120, 1.0) and isinstance(s.redundancy, float)
    assert (s.llm.base_url, s.llm.model, s.llm.timeout_s, s.llm.judge) == ("http://127.0.0.1:8080/v1", "qwen", 30.0, True)
    assert s.llm.max_tokens == Settings().llm.max_tokens


def test_flags_beat_the_environment_which_beats_the_file(tmp_path):
    path = write(tmp_path, '[llm]\nbase_url = "http://file/v1"\nmodel = "file-model"\napi_key = "file-key"\n')
    env = {**ENV, "OPENAI_BASE_URL": "http://env/v1", "OPENAI_API_KEY": "env-key"}
    s = load(path, env, {"model": "flag-model", "timeout_s": None})
    assert (s.llm.base_url, s.llm.model, s.llm.api_key) == ("http://env/v1", "flag-model", "env-key")
    assert "env-key" not in repr(s)  # the key is kept out of logs


def test_the_default_file_and_the_variable(tmp_path):
    (tmp_path / "newsdigest").mkdir()
    (tmp_path / "newsdigest" / "config.toml").write_text('[llm]\nmodel = "default-file"\n')
    assert load(None, {"XDG_CONFIG_HOME": str(tmp_path)}).llm.model == "default-file"
    other = write(tmp_path, '[llm]\nmodel = "from-variable"\n')
    assert load(None, {"XDG_CONFIG_HOME": str(tmp_path), "NEWSDIGEST_CONFIG": other}).llm.model == "from-variable"
    assert load(None, {"XDG_CONFIG_HOME": str(tmp_path / "none")}) == Settings()


@pytest.mark.parametrize("text, message", [
    ("colour = 1\n", "unknown setting 'colour'"),
    ("[llm]\nendpoint = 'x'\n", r"\[llm\]: unknown setting 'endpoint'"),
    ("words = 'many'\n", "words must be int, not str"),
    ("[llm]\njudge = 1\n", "judge must be bool, not int"),
    ("llm = 3\n", "'llm' must be a table"),
    ("words = \n", "not valid TOML"),
])
def test_mistakes_name_the_file_and_the_key(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as info:
        load(path, ENV)
    assert str(info.value).startswith(path)


def test_a_missing_config_file_is_refused_by_the_cli(tmp_path, example, capsys):
    assert main(["summarize", str(example), "--config", str(tmp_path / "nope.toml")]) == 2
    assert capsys.readouterr().err == f"newsdigest: error: {tmp_path / 'nope.toml'}: no such config file\n"


def test_out_of_range_llm_values_are_refused(tmp_path, example, capsys):
    path = write(tmp_path, '[llm]\nbase_url = "http://127.0.0.1:9/v1"\nmodel = "m"\nmin_overlap = 1.5\n')
    assert main(["summarize", str(example), "--method", "llm", "--config", path]) == 2
    assert "min_overlap must be between 0 and 1" in capsys.readouterr().err
    assert main(["summarize", str(example), "--method", "llm", "--llm-base-url", "127.0.0.1:8080",
                 "--llm-model", "m", "--config", path]) == 2
    assert "must start with http://" in capsys.readouterr().err
