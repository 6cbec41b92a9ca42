"""Search that finds topics: a query suite run through Material's own search in the browser.

Each query must bring its page into the first three distinct pages of the results. The suite covers
abbreviations and their expansions, terms in parentheses and after slashes, hyphenated and dotted
names, and topic headings against passing mentions (see the `separator` in mkdocs.yml).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from reader_helpers import wait_until

# (query, page that must be in the top 3)
QUERIES = [
    # Abbreviations and their expansions.
    ("LSTM", "roadmap/recurrent-networks/"),
    ("long short-term memory", "roadmap/recurrent-networks/"),
    ("GRU", "roadmap/recurrent-networks/"),
    ("gated recurrent unit", "roadmap/recurrent-networks/"),
    ("ViT", "roadmap/transformers/"),
    ("IoU", "roadmap/experimentation-and-tuning/"),
    ("BLEU", "roadmap/experimentation-and-tuning/"),
    ("MLP", "roadmap/neural-network-basics/"),
    ("multilayer perceptron", "roadmap/neural-network-basics/"),
    ("VAE", "roadmap/advanced-deep-learning/"),
    ("variational autoencoder", "roadmap/advanced-deep-learning/"),
    ("GAN", "roadmap/advanced-deep-learning/"),
    ("generative adversarial networks", "roadmap/advanced-deep-learning/"),
    # Terms inside parentheses and after slashes or colons.
    ("F1", "roadmap/experimentation-and-tuning/"),
    ("Avg pooling", "roadmap/convolutional-networks/"),
    ("TorchServe", "roadmap/deployment-and-mlops/"),
    ("FastAPI", "roadmap/deployment-and-mlops/"),
    ("CI/CD", "roadmap/deployment-and-mlops/"),
    ("TensorBoard", "roadmap/experimentation-and-tuning/"),
    # Hyphenated and dotted names.
    ("cross-entropy", "roadmap/neural-network-basics/"),
    ("multi-head attention", "roadmap/transformers/"),
    ("encoder-decoder", "roadmap/transformers/"),
    ("self-supervised learning", "roadmap/advanced-deep-learning/"),
    ("few-shot", "roadmap/advanced-deep-learning/"),
    ("fine-tuning", "roadmap/transfer-learning/"),
    ("fast.ai", "roadmap/learning-resources/"),
    ("MIT 6.S191", "roadmap/learning-resources/"),
    ("CS231n", "roadmap/learning-resources/"),
    # Names that appear only after a dot in code: found only because dots separate words.
    ("MultiheadAttention", "roadmap/transformers/"),
    ("cvtColor", "roadmap/core-libraries/"),
    ("log10", "roadmap/experimentation-and-tuning/"),
    # Topic headings rank above passing mentions.
    ("backpropagation", "roadmap/neural-network-basics/"),
    ("optimizers", "roadmap/neural-network-basics/"),
    ("activation functions", "roadmap/neural-network-basics/"),
    ("vanishing gradients", "roadmap/recurrent-networks/"),
    ("positional encoding", "roadmap/transformers/"),
    ("batch normalization", "roadmap/building-neural-networks/"),
    ("weight initialization", "roadmap/building-neural-networks/"),
    ("padding and stride", "roadmap/convolutional-networks/"),
    ("learning rate schedulers", "roadmap/experimentation-and-tuning/"),
    ("hyperparameter tuning", "roadmap/experimentation-and-tuning/"),
    ("Docker", "roadmap/deployment-and-mlops/"),
    ("ONNX", "roadmap/core-libraries/"),
    ("Weights & Biases", "roadmap/core-libraries/"),
    ("perceptron", "roadmap/neural-network-basics/"),
    ("CycleGAN", "roadmap/projects/"),
    ("neural style transfer", "roadmap/projects/"),
    ("meta learning", "roadmap/advanced-deep-learning/"),
]

TOP = 3


def top_pages(page, query: str) -> list[str]:
    """The first TOP distinct pages Material's search lists for `query`, as site-relative paths."""
    box = page.locator(".md-search__input")
    box.fill("")
    box.press("End")  # Material searches on keyup
    wait_until(page, "document.querySelectorAll('.md-search-result__item').length === 0")
    box.fill(query)
    box.press("End")
    wait_until(
        page,
        "document.querySelectorAll('.md-search-result__item').length > 0"
        " || /No matching/.test(document.querySelector('.md-search-result__meta').textContent)",
    )
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(link => link.href)")
    pages: list[str] = []
    for href in hrefs:
        path = urlsplit(href).path.lstrip("/")
        if path not in pages:
            pages.append(path)
    return pages[:TOP]


def test_query_suite_finds_each_topic_in_the_top_three(page, site_url, perf_report):
    assert len(QUERIES) >= 30
    page.goto(site_url, wait_until="networkidle")
    page.keyboard.press("/")
    misses = []
    for query, expected in QUERIES:
        found = top_pages(page, query)
        if expected not in found:
            misses.append(f"{query!r}: expected {expected}, got {found}")
    perf_report(f"search query suite: {len(QUERIES) - len(misses)}/{len(QUERIES)} queries with the page in the top {TOP}")
    assert not misses, "\n".join(misses)
    assert page.watch.foreign_requests == [] and page.watch.console_errors == []
