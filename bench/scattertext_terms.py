"""Distinctive terms with scattertext, the peer that `bench/compare.sh` measures Crosstalk against.

Usage: python scattertext_terms.py CSV SPEAKER_A SPEAKER_B [TOP]
Builds a CorpusFromPandas (whitespace_nlp_with_sentences, unigrams) over the rows of the two
speakers and scores every term with LogOddsRatioUninformativeDirichletPrior(alpha_w=0.01).
Prints the top terms of each side as JSON: {"a": [...], "b": [...], "terms": N}.
"""

import json
import sys

import pandas as pd
import scattertext as st


def main() -> None:
    path, speaker_a, speaker_b = sys.argv[1:4]
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    frame = pd.read_csv(path)
    frame = frame[frame["speaker"].isin([speaker_a, speaker_b])]
    corpus = (
        st.CorpusFromPandas(
            frame,
            category_col="speaker",
            text_col="statement",
            nlp=st.whitespace_nlp_with_sentences,
        )
        .build()
        .get_unigram_corpus()
    )
    counts = corpus.get_term_freq_df()
    counts_a = counts[speaker_a + " freq"].to_numpy()
    counts_b = counts[speaker_b + " freq"].to_numpy()
    scorer = st.LogOddsRatioUninformativeDirichletPrior(alpha_w=0.01)
    z = scorer.get_zeta_i_j_given_separate_counts(counts_a, counts_b)
    scored = sorted(zip(counts.index, z), key=lambda pair: pair[1])
    result = {
        "terms": len(scored),
        "a": [term for term, _ in reversed(scored[-top:])],
        "b": [term for term, _ in scored[:top]],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
