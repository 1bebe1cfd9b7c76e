package io.madoguchi.core.faq;

/**
 * Logistic calibration turning match features into a confidence:
 * {@code 1 / (1 + exp(-(intercept + Σ weight·feature)))}. The defaults were fitted once per language
 * (logistic regression, target "the first candidate is relevant") over all development sets of that
 * language pooled, in-scope and out-of-scope queries together, with the default lexical settings.
 * Immutable and thread-safe.
 *
 * <p>Features: {@code coverage}, the idf-weighted share of the query's words found in the top FAQ;
 * {@code gramCoverage}, the share of the query's character n-grams found in it; {@code margin},
 * {@code (s1 - s2) / s1} of the two best ranking scores; {@code logTopScore}, {@code ln(1 + s1 · k)} with
 * {@code k = } {@link #scoreScale(int)}, which puts the scores of catalogs smaller than
 * {@code referenceSize} on the scale of that size (BM25's idf, and so every score, shrinks with the
 * number of FAQs: a word found in one FAQ of 8 weighs 1.8, in one of 1,786 it weighs 7.1);
 * {@code logQueryTerms}, {@code ln(1 + number of query words)}; {@code rerankerTop}, the reranker's raw
 * score of the top FAQ (0 without reranker); {@code questionCoverage}, the idf-weighted share of the query's
 * words found in the top FAQ's question or phrasings, as written or by reading (子ども and 子供 both read
 * こども); {@code keyNoun}, 1 when the query's key noun (its rarest noun; for English its rarest word) is found
 * there, else 0; {@code faqKeyNouns}, the idf-weighted share of the top FAQ's two distinguishing nouns (the nouns
 * of its question and phrasings rarest in the catalog) that the query names, as written or by reading. A query that
 * names neither (its key noun is not in the FAQ's question and it names none of the FAQ's distinguishing nouns, as
 * 「パスポートを更新したい」 against 「マイナンバーカードの更新」) gets at most {@code offTopicCap}.
 *
 * @param intercept     intercept
 * @param coverage      weight of word coverage
 * @param gramCoverage  weight of n-gram coverage
 * @param margin        weight of the relative margin
 * @param logTopScore   weight of the log top score
 * @param logQueryTerms weight of the log query length
 * @param rerankerTop      weight of the reranker's top score
 * @param questionCoverage weight of the question coverage (surface or reading)
 * @param keyNoun          weight of the key-noun match
 * @param referenceSize    catalog size whose score scale the weights were fitted at; smaller catalogs have
 *                         their scores scaled up to it; 0 uses scores as they are
 * @param offTopicCap      the highest confidence of a query that names neither its key noun in the top FAQ's
 *                         question nor one of that FAQ's distinguishing nouns; 1 leaves it uncapped
 */
public record FaqCalibration(double intercept, double coverage, double gramCoverage, double margin,
                             double logTopScore, double logQueryTerms, double rerankerTop, double questionCoverage,
                             double keyNoun, int referenceSize, double offTopicCap) {

    /**
     * Validates the reference size.
     *
     * @param intercept     intercept
     * @param coverage      weight of word coverage
     * @param gramCoverage  weight of n-gram coverage
     * @param margin        weight of the relative margin
     * @param logTopScore   weight of the log top score
     * @param logQueryTerms weight of the log query length
     * @param rerankerTop      weight of the reranker's top score
     * @param questionCoverage weight of the question coverage (surface or reading)
     * @param keyNoun          weight of the key-noun match
     * @param referenceSize    catalog size whose score scale the weights were fitted at; smaller catalogs have
     *     their scores scaled up to it; 0 uses scores as they are
     * @param offTopicCap      the highest confidence of a query that names neither its key noun in the top FAQ's
     *     question nor one of that FAQ's distinguishing nouns; 1 leaves it uncapped
     * @throws io.madoguchi.core.ValidationException naming {@code referenceSize} when it is negative, or
     *     {@code offTopicCap} when it is not in [0,1]
     */
    public FaqCalibration {
        if (referenceSize < 0) {
            throw io.madoguchi.core.ValidationException.of("referenceSize", "must be >= 0, was " + referenceSize);
        }
        if (!(offTopicCap >= 0 && offTopicCap <= 1)) {
            throw io.madoguchi.core.ValidationException.of("offTopicCap", "must be in [0,1], was " + offTopicCap);
        }
    }

    /**
     * A calibration without a cap for off-topic queries.
     *
     * @param intercept     intercept
     * @param coverage      weight of word coverage
     * @param gramCoverage  weight of n-gram coverage
     * @param margin        weight of the relative margin
     * @param logTopScore   weight of the log top score
     * @param logQueryTerms weight of the log query length
     * @param rerankerTop      weight of the reranker's top score
     * @param questionCoverage weight of the question coverage (surface or reading)
     * @param keyNoun          weight of the key-noun match
     * @param referenceSize    catalog size whose score scale the weights were fitted at (0: scores as they are)
     * @throws io.madoguchi.core.ValidationException naming {@code referenceSize} when it is negative
     */
    public FaqCalibration(double intercept, double coverage, double gramCoverage, double margin,
                          double logTopScore, double logQueryTerms, double rerankerTop, double questionCoverage,
                          double keyNoun, int referenceSize) {
        this(intercept, coverage, gramCoverage, margin, logTopScore, logQueryTerms, rerankerTop, questionCoverage,
            keyNoun, referenceSize, 1);
    }

    /**
     * A calibration without the question-coverage and key-noun features (their weights 0).
     *
     * @param intercept     intercept
     * @param coverage      weight of word coverage
     * @param gramCoverage  weight of n-gram coverage
     * @param margin        weight of the relative margin
     * @param logTopScore   weight of the log top score
     * @param logQueryTerms weight of the log query length
     * @param rerankerTop   weight of the reranker's top score
     * @param referenceSize catalog size whose score scale the weights were fitted at (0: scores as they are)
     * @throws io.madoguchi.core.ValidationException naming {@code referenceSize} when it is negative
     */
    public FaqCalibration(double intercept, double coverage, double gramCoverage, double margin,
                          double logTopScore, double logQueryTerms, double rerankerTop, int referenceSize) {
        this(intercept, coverage, gramCoverage, margin, logTopScore, logQueryTerms, rerankerTop, 0, 0, referenceSize,
            1);
    }

    /**
     * A calibration that uses scores as they are, whatever the catalog's size, without the question-coverage
     * and key-noun features.
     *
     * @param intercept     intercept
     * @param coverage      weight of word coverage
     * @param gramCoverage  weight of n-gram coverage
     * @param margin        weight of the relative margin
     * @param logTopScore   weight of the log top score
     * @param logQueryTerms weight of the log query length
     * @param rerankerTop   weight of the reranker's top score
     */
    public FaqCalibration(double intercept, double coverage, double gramCoverage, double margin,
                          double logTopScore, double logQueryTerms, double rerankerTop) {
        this(intercept, coverage, gramCoverage, margin, logTopScore, logQueryTerms, rerankerTop, 0, 0, 0, 1);
    }

    /**
     * The factor by which ranking scores of a catalog of {@code catalogSize} FAQs are multiplied before
     * they become the {@code logTopScore} feature: the ratio of the idf of a word found in exactly one FAQ
     * at {@code referenceSize} to the same idf at {@code catalogSize}; 1 for catalogs of the reference size
     * or larger, or when the reference size is 0.
     *
     * @param catalogSize number of indexed FAQs of the language
     * @return the factor, at least 1
     */
    public double scoreScale(int catalogSize) {
        if (referenceSize == 0 || catalogSize >= referenceSize) {
            return 1;
        }
        return singleFaqIdf(referenceSize) / singleFaqIdf(Math.max(1, catalogSize));
    }

    /** BM25's idf, {@code ln(1 + (n - df + 0.5) / (df + 0.5))}, of a word found in one of {@code n} FAQs. */
    private static double singleFaqIdf(int n) {
        return Math.log(1 + (n - 0.5) / 1.5);
    }

    /**
     * The default calibration of a language (lexical matcher without reranker). Small catalogs are scored
     * on the scale of a reference size, so that they answer confidently too: Japanese catalogs under 300
     * FAQs on the scale of 300, English ones under 28 on the scale of 28.
     *
     * @param language ja or en
     * @return the calibration
     */
    public static FaqCalibration defaults(String language) {
        // Japanese was fitted on one catalog of 1,786 FAQs and used scores as they are, so an exact question
        // in a catalog of eight scored 0.45. On the scale of 300 FAQs, catalogs sampled from 5 to 500 FAQs
        // answer 5-29% of real in-scope queries at 95-99% precision and 1-4% of near-miss out-of-scope ones;
        // on the scale of 1,786 they answered 8-37% but 2-7% of near misses, among them a points question
        // answered with the account-deletion FAQ of an eight-FAQ shop (benchmarks: FaqCalibrationFit).
        // English was fitted on catalogs of 28 to 150 FAQs, so only smaller ones are scaled, to 28: catalogs
        // of 5-20 FAQs answer 24-32% of in-scope queries (unscaled 7.5-19%) at 98.8-99% precision, 2.0-2.4%
        // of near misses; scaled to 150, the 28-FAQ set's answer precision fell to 80%.
        // Japanese queries that name neither their key noun in the top FAQ's question nor one of its distinguishing
        // nouns are capped below the answer threshold: in sampled catalogs of 10-20 FAQs this halved the near misses
        // answered (half B of the queries: 4.7% -> 2.3%, precision 95.0% -> 97.6%, answered 17.6% -> 13.3%; half A:
        // 3.2% -> 1.5%, answered 36.9% -> 29.6%); the cap was not tuned on either half (FaqCalibrationFit).
        return language.equals("ja")
            ? new FaqCalibration(-4.516, 0.538, -0.690, 3.562, 1.817, -1.108, 0, 0, 0, 300, 0.8)
            : new FaqCalibration(-6.615, 1.003, 0.846, 3.030, 2.561, -0.581, 0, 28);
    }

    /**
     * Computes the confidence.
     *
     * @param features {coverage, gramCoverage, margin, logTopScore, logQueryTerms, rerankerTop,
     *                 questionCoverage, keyNoun, faqKeyNouns}; the last three may be left out (the weighted ones
     *                 taken as 0, the cap not applied)
     * @return the confidence in [0,1]
     */
    public double confidence(double[] features) {
        double z = intercept + coverage * features[0] + gramCoverage * features[1] + margin * features[2]
            + logTopScore * features[3] + logQueryTerms * features[4] + rerankerTop * features[5];
        if (features.length > 7) {
            z += questionCoverage * features[6] + keyNoun * features[7];
        }
        double p = 1 / (1 + Math.exp(-z));
        return features.length > 8 && features[7] == 0 && features[8] == 0 ? Math.min(p, offTopicCap) : p;
    }
}
