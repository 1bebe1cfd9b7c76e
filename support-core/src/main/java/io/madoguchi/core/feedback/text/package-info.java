/**
 * Free-text analysis of feedback in Japanese and English: key phrases (Japanese compound nouns via Kuromoji,
 * English noun chunks), sentiment with negation, themes and their trends, and complaint (クレーム) detection.
 * Entry point: {@link io.madoguchi.core.feedback.text.TextAnalyzer}.
 */
@NullMarked
package io.madoguchi.core.feedback.text;

import org.jspecify.annotations.NullMarked;
