import pytest

from diplograph.graph.errors import CurationError
from diplograph.graph.yamlfile import load_text


def test_lines_of_keys_and_items_are_remembered():
    doc = load_text("source: x\nfacts:\n  - s: a\n    p: b\n  - s: c\n", "f.yaml")
    assert doc.line_of("facts") == 2
    assert doc["facts"].line_of(0) == 3
    assert doc["facts"].line_of(1) == 5
    assert doc["facts"][0].line_of("p") == 4


def test_syntax_error_names_file_and_line():
    with pytest.raises(CurationError) as caught:
        load_text("facts:\n  - s: a\n    p: [b\n", "broken.yaml")
    problem = caught.value.problems[0]
    assert problem.file == "broken.yaml"
    assert problem.line in (3, 4)
    assert "YAML syntax" in problem.message


def test_duplicate_keys_are_an_error_not_a_silent_overwrite():
    with pytest.raises(CurationError) as caught:
        load_text("s: a\ns: b\n", "dup.yaml")
    assert "duplicate key 's'" in str(caught.value)
    assert caught.value.problems[0].line == 2
