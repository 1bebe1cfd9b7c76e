package io.madoguchi.core.feedback;

/** What a survey question measures. */
public enum QuestionKind {
    /** Customer satisfaction, 1 to a configurable maximum (default 5 stars). */
    CSAT,
    /** Net Promoter Score, 0 to 10. */
    NPS,
    /** Customer Effort Score, 1 to 7. */
    CES,
    /** A free-text question without a score. */
    TEXT
}
