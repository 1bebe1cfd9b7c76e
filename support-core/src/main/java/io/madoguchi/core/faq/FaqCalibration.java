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
 * {@code (s1 - s2) / s1} of the two best ranking scores; {@code logTopScore}, {@code ln(1 + s1)};
 * {@code logQueryTerms}, {@code ln(1 + number of query words)}; {@code rerankerTop}, the reranker's raw
 * score of the top FAQ (0 without reranker).
 *
 * @param intercept     intercept
 * @param coverage      weight of word coverage
 * @param gramCoverage  weight of n-gram coverage
 * @param margin        weight of the relative margin
 * @param logTopScore   weight of the log top score
 * @param logQueryTerms weight of the log query length
 * @param rerankerTop   weight of the reranker's top score
 */
public record FaqCalibration(double intercept, double coverage, double gramCoverage, double margin,
                             double logTopScore, double logQueryTerms, double rerankerTop) {

    /**
     * The default calibration of a language (lexical matcher without reranker).
     *
     * @param language ja or en
     * @return the calibration
     */
    public static FaqCalibration defaults(String language) {
        return language.equals("ja")
            ? new FaqCalibration(-4.516, 0.538, -0.690, 3.562, 1.817, -1.108, 0)
            : new FaqCalibration(-6.615, 1.003, 0.846, 3.030, 2.561, -0.581, 0);
    }

    /**
     * Computes the confidence.
     *
     * @param features {coverage, gramCoverage, margin, logTopScore, logQueryTerms, rerankerTop}
     * @return the confidence in [0,1]
     */
    public double confidence(double[] features) {
        double z = intercept + coverage * features[0] + gramCoverage * features[1] + margin * features[2]
            + logTopScore * features[3] + logQueryTerms * features[4] + rerankerTop * features[5];
        return 1 / (1 + Math.exp(-z));
    }
}
