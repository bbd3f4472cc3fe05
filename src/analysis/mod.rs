//! Text analysis: tokens, index, queries, themes, statistics (issue 3).
